# Warnings are a target property: every ddbkit target calls ddbkit_warnings(target).
function(ddbkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
    -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports -Wmaybe-uninitialized false positives for std::variant held in
    # std::expected/std::optional (GCC bugs 105593, 107138) and inside Beast's parser;
    # every one of them is in library code, none in ours.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(DEFINED ENV{CI} OR DDBKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
