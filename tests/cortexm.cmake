# SPDX-License-Identifier: Apache-2.0
# The mps2-an386 board (Cortex-M4 in QEMU, board/mps2_an386): the real
# bootloader firmware validates and chain-loads hello world, rejects a
# tampered image and one signed by another key, does a test swap and its
# revert (or keeps a confirmed image) across SYSRESETREQ resets and
# survives power cuts (killed QEMU) during both; every algorithm the host
# bootloader accepts. Each QEMU run has a deadline (CORTEXM_TIMEOUT, 30 s).
# Also: the flash driver keeps NOR rules (on the target), and no firmware
# links a heap, file I/O, sodium_init or a random source.
if(NOT DFU_CORTEXM)
	return()
endif()
find_program(QEMU_SYSTEM_ARM qemu-system-arm)
if(NOT QEMU_SYSTEM_ARM)
	# Fail rather than skip: CI must not lose these tests silently.
	set(QEMU_SYSTEM_ARM qemu-system-arm-not-found)
endif()
set(img_dir ${CMAKE_BINARY_DIR}/board/mps2_an386)
set(board_py ${Python3_EXECUTABLE} ${CORTEXM_BOARD_PY})
set(run_args --qemu ${QEMU_SYSTEM_ARM} --fw-dir ${CORTEXM_FW_DIR}
	--img-dir ${img_dir})

foreach(alg ${CORTEXM_ALGS})
	set(scenarios boot tampered wrong-key)
	# The flash work is the same for every algorithm: swap and power cuts
	# run with one algorithm of each library.
	if(alg STREQUAL ed25519 OR alg STREQUAL ecdsa-p256)
		list(APPEND scenarios swap-revert swap-confirm power-cut)
	endif()
	foreach(s ${scenarios})
		add_test(NAME cortexm_${s}_${alg}
			COMMAND ${board_py} test ${s} --alg ${alg} ${run_args})
		set_tests_properties(cortexm_${s}_${alg} PROPERTIES
			LABELS cortexm TIMEOUT 300
			PASS_REGULAR_EXPRESSION "PASS: ${s} ${alg}")
	endforeach()
endforeach()

# The NOR rules of the board's flash driver, checked on the target.
add_test(NAME cortexm_flash_rules
	COMMAND ${QEMU_SYSTEM_ARM} -M mps2-an386 -display none -monitor none
		-serial stdio -semihosting
		-kernel ${CORTEXM_FW_DIR}/flash-test.elf)
set_tests_properties(cortexm_flash_rules PROPERTIES LABELS cortexm
	TIMEOUT 30 PASS_REGULAR_EXPRESSION "flash rules: PASS"
	FAIL_REGULAR_EXPRESSION "FAILED")

set(fw_elfs ${CORTEXM_FW_DIR}/hello.elf ${CORTEXM_FW_DIR}/flash-test.elf
	${CORTEXM_FW_DIR}/dfu.elf ${CORTEXM_FW_DIR}/dfu-1024.elf)
foreach(alg ${CORTEXM_ALGS})
	list(APPEND fw_elfs ${CORTEXM_FW_DIR}/boot-${alg}.elf)
endforeach()
add_test(NAME cortexm_symbols
	COMMAND ${board_py} symcheck ${fw_elfs})
set_tests_properties(cortexm_symbols PROPERTIES LABELS cortexm TIMEOUT 60)
# The check can fail: a firmware that links malloc (bench/probes) is refused.
add_test(NAME cortexm_symbols_reject_heap
	COMMAND ${board_py} symcheck ${CORTEXM_FW_DIR}/probe-heap.elf)
set_tests_properties(cortexm_symbols_reject_heap PROPERTIES
	LABELS cortexm TIMEOUT 60 PASS_REGULAR_EXPRESSION
	"probe-heap.elf: forbidden symbols: .*_sbrk.* malloc")

# The README's bootloader rows are the sizes linked today.
add_test(NAME readme_cortexm_footprint
	COMMAND bash ${CMAKE_SOURCE_DIR}/tests/test_readme_cortexm.sh
		${CORTEXM_FW_DIR})
set_tests_properties(readme_cortexm_footprint PROPERTIES LABELS cortexm)
