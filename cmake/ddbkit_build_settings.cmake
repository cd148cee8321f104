# Warnings and sanitizers are target properties, never global flags: every ddbkit target
# calls ddbkit_build_settings(target), so a project that adds ddbkit as a subdirectory
# keeps its own settings.
function(ddbkit_build_settings target)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  if(DDBKIT_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
      -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(DDBKIT_COVERAGE)
    # Line and branch counters (gcov), read by gcovr in scripts/coverage.sh, which builds
    # Debug so that lines are not merged or dropped. Linked PUBLIC: whatever links an
    # instrumented static layer (the installed package's consumer too) needs libgcov.
    target_compile_options(${target} PRIVATE --coverage)
    target_link_options(${target} PUBLIC --coverage)
  endif()
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
