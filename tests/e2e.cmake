# SPDX-License-Identifier: Apache-2.0
#
# End-to-end tests: the real Linux USB stack (vhci-hcd), usbip and dfu-util
# in a QEMU (TCG) guest talk to the native board over USB/IP. See
# tests/e2e/README.md. `ctest -L e2e` runs them; the guest is built (and
# cached) by the e2e_guest_build fixture. They report "skipped" only when
# QEMU cannot be installed or started.

# Host-side USB/IP client for the pipelining check (no guest needed).
add_executable(usbip_pipeline_client usbip_pipeline_client.c)

if(DFU_E2E)
	set(DFU_E2E_BUILD_DIR ${CMAKE_SOURCE_DIR}/build-e2e CACHE PATH
		"Cache and work directory of the e2e rig (guest image, logs)")
	set(e2e_dir ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
	set(e2e_env E2E_BUILD_DIR=${DFU_E2E_BUILD_DIR})

	add_test(NAME e2e_guest_build
		COMMAND ${e2e_dir}/build-guest.sh ${DFU_E2E_BUILD_DIR}/guest)
	set_tests_properties(e2e_guest_build PROPERTIES
		FIXTURES_SETUP e2e_guest LABELS e2e TIMEOUT 900
		ENVIRONMENT "${e2e_env}")

	add_test(NAME e2e_guest_smoke COMMAND ${e2e_dir}/guest_smoke.sh)
	set_tests_properties(e2e_guest_smoke PROPERTIES
		FIXTURES_REQUIRED e2e_guest LABELS e2e TIMEOUT 900
		SKIP_RETURN_CODE 77 RESOURCE_LOCK e2e_qemu
		ENVIRONMENT "${e2e_env}")

	if(TARGET native_board)
		add_test(NAME e2e_dfu_sample_flow
			COMMAND ${e2e_dir}/dfu_sample_flow.sh
				$<TARGET_FILE:native_board>)
		set_tests_properties(e2e_dfu_sample_flow PROPERTIES
			FIXTURES_REQUIRED e2e_guest LABELS e2e TIMEOUT 900
			SKIP_RETURN_CODE 77 RESOURCE_LOCK e2e_qemu
			ENVIRONMENT "${e2e_env}")

		# Issue 13: two boards, told apart by serial number only.
		add_test(NAME e2e_two_boards
			COMMAND ${e2e_dir}/two_boards_flow.sh
				$<TARGET_FILE:native_board>)
		set_tests_properties(e2e_two_boards PROPERTIES
			FIXTURES_REQUIRED e2e_guest LABELS e2e TIMEOUT 900
			SKIP_RETURN_CODE 77 RESOURCE_LOCK e2e_qemu
			ENVIRONMENT "${e2e_env}")

		# Issue 10 defect 7 through the real board: 100 control URBs in
		# one write get 100 answers. No QEMU, so no guest fixture.
		add_test(NAME e2e_usbip_pipeline
			COMMAND ${e2e_dir}/usbip_pipeline.sh
				$<TARGET_FILE:native_board>
				$<TARGET_FILE:usbip_pipeline_client> 100)
		set_tests_properties(e2e_usbip_pipeline PROPERTIES
			LABELS e2e TIMEOUT 300 ENVIRONMENT "${e2e_env}")

		# The seed's flows on the gadgetfs controller: the board and
		# dfu-util both inside the guest, through dummy_hcd.
		if(TARGET dfu_sample_signed AND TARGET hello_world_signed)
			add_test(NAME e2e_gadget_flow
				COMMAND ${e2e_dir}/gadget_flow.sh
					$<TARGET_FILE:native_board>
					$<TARGET_FILE:dfu_sample>
					$<TARGET_FILE:hello_world>)
			set_tests_properties(e2e_gadget_flow PROPERTIES
				FIXTURES_REQUIRED e2e_guest LABELS e2e
				TIMEOUT 1200 SKIP_RETURN_CODE 77
				RESOURCE_LOCK e2e_qemu ENVIRONMENT "${e2e_env}")
		endif()

		# Issue 10: the board with real-time flash (--flash-timing
		# nrf52840), a 64 KiB signed image to alt 1 and back.
		add_test(NAME e2e_flash_timing
			COMMAND ${e2e_dir}/flash_timing_flow.sh
				$<TARGET_FILE:native_board>
				$<TARGET_FILE:imgtool> ${BOARD_KEY})
		set_tests_properties(e2e_flash_timing PROPERTIES
			FIXTURES_REQUIRED e2e_guest LABELS e2e TIMEOUT 300
			SKIP_RETURN_CODE 77 RESOURCE_LOCK e2e_qemu
			ENVIRONMENT "${e2e_env}")

		# Benchmarks, not tests: `make e2e_bench`, `make e2e_bench_flash`
		# (flash-timed downloads to alt 1, one run each: about 22 minutes;
		# bench.sh part 6 runs 1 MiB three times).
		add_custom_target(e2e_bench_flash
			COMMAND ${CMAKE_COMMAND} -E env ${e2e_env}
				${e2e_dir}/bench_flash.sh
				$<TARGET_FILE:native_board>
				$<TARGET_FILE:imgtool> ${BOARD_KEY}
			DEPENDS native_board imgtool USES_TERMINAL)
		add_custom_target(e2e_bench
			COMMAND ${CMAKE_COMMAND} -E env ${e2e_env}
				${e2e_dir}/bench_throughput.sh
				$<TARGET_FILE:native_board> 0 1048576
			DEPENDS native_board USES_TERMINAL)
	endif()

	# The DFU sample as Cortex-M4 firmware (qemu-system-arm, mps2-an386)
	# updated by the guest's dfu-util through the UART bridge
	# (udc_bridge_host), then the test swap and its revert on the board.
	if(DFU_CORTEXM AND TARGET udc_bridge_host)
		find_program(QEMU_SYSTEM_ARM qemu-system-arm)
		if(NOT QEMU_SYSTEM_ARM)
			set(QEMU_SYSTEM_ARM qemu-system-arm-not-found)
		endif()
		set(img ${CMAKE_BINARY_DIR}/board/mps2_an386)
		add_test(NAME e2e_cortexm_dfu_flow
			COMMAND ${Python3_EXECUTABLE} ${e2e_dir}/cortexm_dfu_flow.py
				--qemu ${QEMU_SYSTEM_ARM} --fw-dir ${CORTEXM_FW_DIR}
				--img-dir ${img}
				--bridge $<TARGET_FILE:udc_bridge_host>)
		set_tests_properties(e2e_cortexm_dfu_flow PROPERTIES
			FIXTURES_REQUIRED e2e_guest LABELS "e2e;cortexm"
			TIMEOUT 900 SKIP_RETURN_CODE 77 RESOURCE_LOCK e2e_qemu
			ENVIRONMENT "${e2e_env};E2E_TIMEOUT=300")
	endif()
endif()
