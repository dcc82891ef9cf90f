# Golden test of the command-line tool: run clean-text on one sample and
# compare its output byte for byte with the expected file.
#
#   cmake -DCLEAN_TEXT=<clean-text> -DINPUT=<sample.txt> -DEXPECTED=<golden.txt>
#         -DOUTPUT=<where to write the actual output> -P run_cli.cmake
#
# On a mismatch a unified diff is printed (when `diff` is installed) and the
# script fails. To accept a new output: cp OUTPUT EXPECTED.
cmake_minimum_required(VERSION 3.16)

foreach(var CLEAN_TEXT INPUT EXPECTED OUTPUT)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_cli.cmake: -D${var}=... is required")
  endif()
endforeach()
foreach(file "${CLEAN_TEXT}" "${INPUT}" "${EXPECTED}")
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "run_cli.cmake: ${file} does not exist")
  endif()
endforeach()

get_filename_component(out_dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${out_dir}")
file(REMOVE "${OUTPUT}")

execute_process(
  COMMAND "${CLEAN_TEXT}" "${INPUT}"
  OUTPUT_FILE "${OUTPUT}"
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "clean-text ${INPUT} failed (exit ${rc}):\n${err}")
endif()
if(NOT err STREQUAL "")
  # Not a failure by itself, but worth seeing in --output-on-failure logs.
  message(STATUS "clean-text wrote to stderr:\n${err}")
endif()

# compare_files compares the bytes (no end-of-line folding).
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E compare_files "${EXPECTED}" "${OUTPUT}"
  RESULT_VARIABLE same)
if(same STREQUAL "0")
  message(STATUS "ok: ${INPUT}")
  return()
endif()

find_program(DIFF_PROGRAM diff)
if(DIFF_PROGRAM)
  execute_process(
    COMMAND "${DIFF_PROGRAM}" -u "${EXPECTED}" "${OUTPUT}"
    OUTPUT_VARIABLE diff_text
    ERROR_VARIABLE diff_text)
  message("--- expected +++ actual\n${diff_text}")
else()
  file(SIZE "${EXPECTED}" expected_size)
  file(SIZE "${OUTPUT}" actual_size)
  message("expected ${expected_size} bytes, got ${actual_size} bytes (install diff for details)")
endif()
message(FATAL_ERROR "output of clean-text differs from ${EXPECTED}\n(actual output kept in ${OUTPUT})")
