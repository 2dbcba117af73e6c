# SPDX-License-Identifier: Apache-2.0
# The native board used as a hostile user would (issue 13): one board per
# state dir, the real port for --port 0, the image dies with the board,
# SIGHUP powers off, long paths and bad images refused without leftovers,
# --erase remakes a wrong-size flash file. No QEMU needed.
if(TARGET native_board AND TARGET dfu_sample_signed)
	add_test(NAME native_board_hostile
		COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test_native_board_hostile.sh
			$<TARGET_FILE:native_board>)
	set_tests_properties(native_board_hostile PROPERTIES
		LABELS board TIMEOUT 120)
endif()
