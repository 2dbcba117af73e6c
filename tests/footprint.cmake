# SPDX-License-Identifier: Apache-2.0
# Cortex-M4 portability of storage/, udc/ (but the USB/IP driver), usbd/,
# class/dfu/ and boot/: scripts/footprint.sh compiles them with
# arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os -Werror, refuses any call
# outside the project and freestanding helpers (heap, stdio, OS), links a
# DFU device and a bootloader firmware and prints their footprint. Needs
# the Debian packages gcc-arm-none-eabi and libnewlib-arm-none-eabi: without
# them the test fails (it does not skip), so CI cannot lose the check.
set(fp_script ${CMAKE_SOURCE_DIR}/scripts/footprint.sh)

add_test(NAME cortex_m4_build
	COMMAND ${fp_script} -o ${CMAKE_CURRENT_BINARY_DIR}/cortex_m4)
set_tests_properties(cortex_m4_build PROPERTIES
	LABELS portability TIMEOUT 300)

# The check can fail: portable code that allocates, prints or opens a
# socket is refused, each with its own reason.
add_test(NAME cortex_m4_build_rejects_heap
	COMMAND ${fp_script} -q -x bench/probes/uses_heap.c)
add_test(NAME cortex_m4_build_rejects_stdio
	COMMAND ${fp_script} -q -x bench/probes/uses_stdio.c)
add_test(NAME cortex_m4_build_rejects_socket
	COMMAND ${fp_script} -q -x bench/probes/uses_socket.c)
set_tests_properties(cortex_m4_build_rejects_heap PROPERTIES
	LABELS portability TIMEOUT 300 PASS_REGULAR_EXPRESSION
	"not portable: bench/probes/uses_heap.c uses free malloc")
set_tests_properties(cortex_m4_build_rejects_stdio PROPERTIES
	LABELS portability TIMEOUT 300 PASS_REGULAR_EXPRESSION
	"not portable: bench/probes/uses_stdio.c uses printf")
set_tests_properties(cortex_m4_build_rejects_socket PROPERTIES
	LABELS portability TIMEOUT 300 PASS_REGULAR_EXPRESSION
	"1 file\\(s\\) do not compile: bench/probes/uses_socket.c")

# The README's footprint table is what footprint.sh measures today.
add_test(NAME readme_footprint
	COMMAND bash ${CMAKE_SOURCE_DIR}/tests/test_readme_footprint.sh)
set_tests_properties(readme_footprint PROPERTIES LABELS portability)
