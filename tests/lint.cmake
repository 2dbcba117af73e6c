# SPDX-License-Identifier: Apache-2.0
# ctest `lint`: scripts/lint.sh (cppcheck + clang-tidy) on this build's
# compile_commands.json. Registered only when both tools are installed
# (Debian: cppcheck, clang-tidy); DFU_LINT=OFF leaves it out.
option(DFU_LINT "Register the lint test (cppcheck + clang-tidy)" ON)
find_program(DFU_CPPCHECK cppcheck)
find_program(DFU_CLANG_TIDY clang-tidy)
if(DFU_LINT AND DFU_CPPCHECK AND DFU_CLANG_TIDY)
	add_test(NAME lint
		COMMAND ${CMAKE_SOURCE_DIR}/scripts/lint.sh ${CMAKE_BINARY_DIR})
	set_tests_properties(lint PROPERTIES LABELS lint TIMEOUT 900)
endif()
