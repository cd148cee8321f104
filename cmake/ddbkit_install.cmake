include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(ddbkit_install_targets ddbkit)
foreach(layer value expr model auth http credentials retry client table testkit prometheus)
  if(TARGET ddbkit_${layer})
    list(APPEND ddbkit_install_targets ddbkit_${layer})
  endif()
endforeach()
install(TARGETS ${ddbkit_install_targets}
  EXPORT ddbkitTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/ddbkit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT ddbkitTargets NAMESPACE ddbkit:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ddbkit)
# The package config looks for prometheus-cpp only when ddbkit::prometheus was built.
if(TARGET ddbkit_prometheus)
  set(DDBKIT_HAS_PROMETHEUS ON)
else()
  set(DDBKIT_HAS_PROMETHEUS OFF)
endif()
configure_package_config_file(cmake/ddbkitConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/ddbkitConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ddbkit)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/ddbkitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/ddbkitConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/ddbkitConfigVersion.cmake
  cmake/FindLibdeflate.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ddbkit)
