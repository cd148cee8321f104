# Warnings are a target property: every ddbkit target calls ddbkit_warnings(target).
function(ddbkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
    -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  if(DEFINED ENV{CI} OR DDBKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
