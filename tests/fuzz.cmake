# SPDX-License-Identifier: Apache-2.0
# Every build (gcc too): each fuzz target's harness with a plain main()
# (fuzz/fuzz_replay.c) replays its seed corpus and the crash reproducers
# in fuzz/corpus/<target>/ -- the oracles run, libFuzzer is not needed.
include(${CMAKE_SOURCE_DIR}/fuzz/targets.cmake)

foreach(name ${DFU_FUZZ_TARGETS})
	dfu_fuzz_sources(${name} srcs)
	add_executable(fuzz_replay_${name} ${srcs} ${DFU_FUZZ_DIR}/fuzz_replay.c)
	target_compile_definitions(fuzz_replay_${name} PRIVATE
		FUZZ_KEYS_DIR="${DFU_FUZZ_KEYS_DIR}")
	target_link_libraries(fuzz_replay_${name} PRIVATE
		${fuzz_${name}_LIBS})
	add_test(NAME fuzz_replay_${name}
		COMMAND fuzz_replay_${name} ${DFU_FUZZ_DIR}/corpus/${name}
		WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
endforeach()

# Regressions the fuzzers found, as readable tests.
dfu_add_test(test_fuzz_regress_usbip SOURCES test_fuzz_regress_usbip.c
	LIBS test_usbip_fixture)
