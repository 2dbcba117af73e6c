# SPDX-License-Identifier: Apache-2.0
#
# End-to-end MCUboot walkthrough (tests/e2e/mcuboot_flow.sh): the real
# dfu-util in the QEMU guest downloads signed images into the native
# board's secondary slot; test swap and revert, a confirmed image that
# stays, and refused images (other key, corrupted, older version); the
# same test swap and revert with the encrypted hello world. Uses the
# e2e_guest fixture of tests/e2e.cmake.

if(DFU_E2E AND TARGET native_board AND TARGET dfu_sample_signed AND
   TARGET hello_world_signed)
	set(DFU_E2E_BUILD_DIR ${CMAKE_SOURCE_DIR}/build-e2e CACHE PATH
		"Cache and work directory of the e2e rig (guest image, logs)")
	# Sign the test images the way apps/CMakeLists.txt signs the build's.
	get_directory_property(app_sign_args DIRECTORY ${CMAKE_SOURCE_DIR}/apps
		DEFINITION APP_SIGN_ARGS)
	string(JOIN " " e2e_sign_args ${app_sign_args})
	add_test(NAME e2e_mcuboot_flow
		COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/mcuboot_flow.sh
			$<TARGET_FILE:native_board>
			$<TARGET_FILE_DIR:dfu_sample>/dfu_sample.signed.bin
			$<TARGET_FILE_DIR:hello_world>/hello_world.signed.bin
			$<TARGET_FILE:imgtool> ${BOARD_KEY}
			$<TARGET_FILE_DIR:hello_world>/hello_world.enc.signed.bin)
	set_tests_properties(e2e_mcuboot_flow PROPERTIES
		FIXTURES_REQUIRED e2e_guest LABELS e2e TIMEOUT 900
		SKIP_RETURN_CODE 77 RESOURCE_LOCK e2e_qemu
		ENVIRONMENT
		"E2E_BUILD_DIR=${DFU_E2E_BUILD_DIR};E2E_SIGN_ARGS=${e2e_sign_args}")
	# The same walkthrough on the other bootloader strategies
	# (boot/boot_modes.h), E2E_MODE picking their steps: direct-xip (no
	# copy, revert by dropping the unconfirmed slot, alt 1 = the slot not
	# running) and overwrite-only (copy, no revert, the secondary emptied).
	foreach(mode xip overwrite)
		if(mode STREQUAL xip)
			set(short xip)
		else()
			set(short ow)
		endif()
		add_test(NAME e2e_mcuboot_${mode}_flow
			COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/mcuboot_flow.sh
				$<TARGET_FILE:native_board_${mode}>
				$<TARGET_FILE_DIR:dfu_sample>/dfu_sample.signed.bin
				$<TARGET_FILE_DIR:hello_world>/hello_world.signed.bin
				$<TARGET_FILE:imgtool> ${BOARD_KEY})
		set_tests_properties(e2e_mcuboot_${mode}_flow PROPERTIES
			FIXTURES_REQUIRED e2e_guest LABELS e2e TIMEOUT 900
			SKIP_RETURN_CODE 77 RESOURCE_LOCK e2e_qemu
			ENVIRONMENT
			"E2E_MODE=${short};E2E_BUILD_DIR=${DFU_E2E_BUILD_DIR};E2E_SIGN_ARGS=${e2e_sign_args}")
	endforeach()
endif()
