# Warnings and sanitizers are target properties, never global flags: every ddbkit target
# calls ddbkit_build_settings(target), so a project that adds ddbkit as a subdirectory
# keeps its own settings.
if(DDBKIT_BUILD_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "DDBKIT_BUILD_FUZZ needs Clang (libFuzzer): configure with CXX=clang++-16, as scripts/fuzz.sh does")
endif()

if(DDBKIT_SANITIZE AND DDBKIT_TSAN)
  # ThreadSanitizer cannot be combined with AddressSanitizer: each owns the shadow memory.
  message(FATAL_ERROR "DDBKIT_SANITIZE (ASan+UBSan) and DDBKIT_TSAN (ThreadSanitizer) cannot "
    "be on in the same build tree: configure a separate one for each (scripts/tsan.sh uses build-tsan/)")
endif()

if(NOT DDBKIT_PROFILE MATCHES "^(|generate|use)$")
  message(FATAL_ERROR "DDBKIT_PROFILE is '${DDBKIT_PROFILE}': it takes 'generate', 'use' or nothing")
endif()
if(DDBKIT_PROFILE AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "DDBKIT_PROFILE is written for GCC's -fprofile-generate/-fprofile-use (the compiler is ${CMAKE_CXX_COMPILER_ID})")
endif()
if(DDBKIT_LTO)
  include(CheckIPOSupported)
  check_ipo_supported(RESULT ddbkit_ipo_supported OUTPUT ddbkit_ipo_output LANGUAGES CXX)
  if(NOT ddbkit_ipo_supported)
    message(FATAL_ERROR "DDBKIT_LTO: this compiler cannot do link-time optimization: ${ddbkit_ipo_output}")
  endif()
endif()

function(ddbkit_build_settings target)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 17)
    # Clang 16 implements what libstdc++ 12's <expected> needs (P0848, conditionally trivial
    # special members) but still reports __cpp_concepts 201907, so the header hides
    # std::expected; announcing the level it does implement makes it visible.
    target_compile_options(${target} PRIVATE -Wno-builtin-macro-redefined -U__cpp_concepts -D__cpp_concepts=202002L)
  endif()
  if(DDBKIT_BUILD_FUZZ)
    # Coverage feedback for libFuzzer in every ddbkit target; fuzz/ links the driver.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
  if(DDBKIT_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
      -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(DDBKIT_TSAN)
    target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=thread)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC warns that TSan ignores std::atomic_thread_fence; every fence in the build is
      # Boost.Asio's (std_fenced_block around handlers, ref_count_down of any_executor).
      # Asio synchronizes through its own mutexes and atomics as well; a race the fences
      # alone would order shows up as a report, which scripts/tsan.sh fails on.
      target_compile_options(${target} PRIVATE -Wno-tsan)
    endif()
  endif()
  if(DDBKIT_COVERAGE)
    # Line and branch counters (gcov), read by gcovr in scripts/coverage.sh, which builds
    # Debug so that lines are not merged or dropped. Atomic updates: the client's threads
    # share counters, and lost increments made gcov derive negative branch counts and
    # lines run millions of times reported as never run. Linked PUBLIC: whatever links an
    # instrumented static layer (the installed package's consumer too) needs libgcov.
    target_compile_options(${target} PRIVATE --coverage -fprofile-update=atomic)
    target_link_options(${target} PUBLIC --coverage)
  endif()
  if(DDBKIT_LTO)
    set_target_properties(${target} PROPERTIES INTERPROCEDURAL_OPTIMIZATION ON)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "STATIC_LIBRARY" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # Machine code beside the intermediate code: an installed library then links into a
      # build without LTO (or with another compiler) too. Comes after CMake's own
      # -fno-fat-lto-objects, so it wins.
      target_compile_options(${target} PRIVATE -ffat-lto-objects)
    endif()
  endif()
  if(DDBKIT_PROFILE STREQUAL "generate")
    # Atomic counters: the client's I/O threads share them. The profile's file names are
    # the objects' paths, so generate and use in the same build tree.
    target_compile_options(${target} PRIVATE -fprofile-generate=${DDBKIT_PROFILE_DIR} -fprofile-update=atomic)
    target_link_options(${target} PUBLIC -fprofile-generate=${DDBKIT_PROFILE_DIR})
  elseif(DDBKIT_PROFILE STREQUAL "use")
    # Code the workload did not run is optimized as without a profile (partial training),
    # not for size: a profile of one workload must not slow down the rest.
    target_compile_options(${target} PRIVATE -fprofile-use=${DDBKIT_PROFILE_DIR} -fprofile-partial-training
      -Wno-missing-profile)
  endif()
  if((DDBKIT_LTO OR DDBKIT_PROFILE STREQUAL "use") AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU"
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # Inlined deeper by the profile and across files, GCC 12 reports impossible sizes in
    # libstdc++'s vector comparison and Asio's resolver (a memcmp bound above 2^63, a
    # memcpy of up to 4 GB into a sockaddr); none is in ddbkit's code. At the LTO link too.
    target_compile_options(${target} PRIVATE -Wno-stringop-overread -Wno-stringop-overflow)
    target_link_options(${target} PRIVATE -Wno-stringop-overread -Wno-stringop-overflow)
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
    -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wshadow=local)
  endif()
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
