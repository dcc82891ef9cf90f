# ctest "consumer": install the built libclean into a staging prefix, then
# build and run tests/consumer against it twice, as a user would:
#   1. CMake: find_package(libclean CONFIG REQUIRED), clean::clean (and
#      clean::clean_static);
#   2. plain cc $(pkg-config --cflags --libs libclean).
#
#   cmake -DBUILD_DIR=<libclean build> -DSOURCE_DIR=<tests/consumer>
#         -DWORK_DIR=<scratch dir> -DC_COMPILER=<cc> [-DCONFIG=<cfg>]
#         [-DGENERATOR=<gen>] [-DLIBDIR=lib] -P run.cmake
cmake_minimum_required(VERSION 3.16)

foreach(var BUILD_DIR SOURCE_DIR WORK_DIR C_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT LIBDIR)
  set(LIBDIR lib)
endif()

set(stage "${WORK_DIR}/stage")
set(stage_lib "${stage}/${LIBDIR}")
set(ld_path "${stage_lib}")
if(DEFINED ENV{LD_LIBRARY_PATH} AND NOT "$ENV{LD_LIBRARY_PATH}" STREQUAL "")
  string(APPEND ld_path ":$ENV{LD_LIBRARY_PATH}")
endif()

# Run a command; stop with its output when it fails.
function(run what)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc STREQUAL "0")
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "${what} failed (exit ${rc}):\n$ ${cmd}\n${out}")
  endif()
  message(STATUS "${what}: ok")
  if(NOT out STREQUAL "")
    string(STRIP "${out}" out)
    message("${out}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# ---- Staging install ----
set(config_args "")
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
run("install to ${stage}"
  "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${stage}" ${config_args})
foreach(f
    "include/clean.h"
    "${LIBDIR}/pkgconfig/libclean.pc"
    "${LIBDIR}/cmake/libclean/libcleanConfig.cmake"
    "${LIBDIR}/cmake/libclean/libcleanConfigVersion.cmake"
    "${LIBDIR}/libclean.a"
    "bin/clean-text")
  if(NOT EXISTS "${stage}/${f}")
    message(FATAL_ERROR "the install did not create ${stage}/${f}")
  endif()
endforeach()
file(GLOB man_pages "${stage}/share/man/man1/clean-text.1*")
if(NOT man_pages)
  message(FATAL_ERROR "the install did not create the clean-text man page")
endif()

# ---- 1. CMake package ----
set(cmake_build "${WORK_DIR}/cmake-build")
set(gen_args "")
if(GENERATOR)
  set(gen_args -G "${GENERATOR}")
endif()
run("configure consumer with find_package(libclean)"
  "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${cmake_build}" ${gen_args}
  "-DCMAKE_PREFIX_PATH=${stage}" "-DCMAKE_C_COMPILER=${C_COMPILER}"
  -DCMAKE_BUILD_TYPE=Release)
file(STRINGS "${cmake_build}/CMakeCache.txt" found_dir REGEX "^libclean_DIR:")
if(NOT found_dir MATCHES "^libclean_DIR:PATH=${stage}/")
  message(FATAL_ERROR "find_package found libclean outside the staging prefix: ${found_dir}")
endif()
run("build consumer (CMake)" "${CMAKE_COMMAND}" --build "${cmake_build}")
run("run consumer (clean::clean)"
  "${CMAKE_COMMAND}" -E env "LD_LIBRARY_PATH=${ld_path}" "${cmake_build}/consumer")
run("run consumer_static (clean::clean_static)"
  "${CMAKE_COMMAND}" -E env "LD_LIBRARY_PATH=${ld_path}" "${cmake_build}/consumer_static")

# ---- 2. pkg-config ----
find_program(PKG_CONFIG_EXECUTABLE NAMES pkg-config pkgconf)
if(NOT PKG_CONFIG_EXECUTABLE)
  message(FATAL_ERROR "pkg-config is not installed")
endif()
set(pc_env "PKG_CONFIG_PATH=${stage_lib}/pkgconfig")
run("pkg-config --modversion libclean"
  "${CMAKE_COMMAND}" -E env "${pc_env}" "${PKG_CONFIG_EXECUTABLE}" --modversion libclean)
set(pc_out "${WORK_DIR}/consumer-pkgconfig")
run("build consumer (cc + pkg-config)"
  "${CMAKE_COMMAND}" -E env "${pc_env}" "PKG_CONFIG=${PKG_CONFIG_EXECUTABLE}"
  "CC=${C_COMPILER}" "SRC=${SOURCE_DIR}/consumer.c" "OUT=${pc_out}"
  sh -c "\"$CC\" -o \"$OUT\" \"$SRC\" $(\"$PKG_CONFIG\" --cflags --libs libclean)")
run("run consumer (pkg-config)"
  "${CMAKE_COMMAND}" -E env "LD_LIBRARY_PATH=${ld_path}" "${pc_out}")
