# Warnings are a target property: every ddbkit target calls ddbkit_warnings(target).
function(ddbkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
    -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports -Wmaybe-uninitialized false positives for std::variant held in
    # std::expected/std::optional (GCC bugs 105593, 107138) and inside Beast's parser;
    # every one of them is in library code, none in ours.
    # It also flags designated initializers that leave members at their defaults
    # (fixed in GCC 13), which is how ddbkit's request structs are meant to be written;
    # and Asio's coroutine frame allocator trips -Wmismatched-new-delete.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized -Wno-missing-field-initializers
      -Wno-mismatched-new-delete)
  endif()
  if(DEFINED ENV{CI} OR DDBKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
