# SPDX-License-Identifier: Apache-2.0
# Bootloader (boot/bootutil*): trailer, swap types, swap-using-move flows,
# power cuts at every flash operation, flash operation counts.
add_library(boot_test_fixture STATIC test_boot_fixture.c)
target_link_libraries(boot_test_fixture PUBLIC bootutil_validate flash_sim
	flash_map imgtool_lib)

dfu_add_test(test_boot_trailer SOURCES test_boot_trailer.c
	LIBS boot_test_fixture)
dfu_add_test(test_boot_flow SOURCES test_boot_flow.c LIBS boot_test_fixture)
dfu_add_test(test_boot_powerfail SOURCES test_boot_powerfail.c
	LIBS boot_test_fixture)
dfu_add_test(test_boot_bench SOURCES test_boot_bench.c LIBS boot_test_fixture
	bootutil_overwrite bootutil_direct_xip)
# The README's flash-operation rows are what test_boot_bench prints.
add_test(NAME readme_boot_bench
	COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test_readme_boot_bench.sh
		$<TARGET_FILE:test_boot_bench>
	WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
# Overwrite-only and direct-xip (boot/boot_modes.h), dependency TLVs.
dfu_add_test(test_boot_modes SOURCES test_boot_modes.c
	LIBS boot_test_fixture bootutil_overwrite bootutil_direct_xip)
dfu_add_test(test_boot_modes_powerfail SOURCES test_boot_modes_powerfail.c
	LIBS boot_test_fixture bootutil_overwrite bootutil_direct_xip)

# Encrypted images (imgtool-v2 vectors): swap in, revert, refusals, power cuts.
dfu_add_test(test_boot_enc SOURCES test_boot_enc.c
	LIBS boot_test_fixture image_test_util bootutil_enc)

# The core as a lean build compiles it (BOOT_ENC_IMAGES=0, BOOT_LOG_LEVEL=2):
# its own copy of the sources, so no other test links the options.
dfu_add_test(test_boot_options SOURCES test_boot_options.c
	${CMAKE_SOURCE_DIR}/boot/trailer.c ${CMAKE_SOURCE_DIR}/boot/swap_move.c
	${CMAKE_SOURCE_DIR}/boot/bootutil_swap_type.c
	${CMAKE_SOURCE_DIR}/boot/bootutil_log.c
	${CMAKE_SOURCE_DIR}/boot/bootutil_loader.c
	${CMAKE_SOURCE_DIR}/boot/boot_deps.c ${CMAKE_SOURCE_DIR}/boot/boot_slot.c
	LIBS flash_sim flash_map)
target_compile_definitions(test_boot_options PRIVATE BOOT_ENC_IMAGES=0
	BOOT_LOG_LEVEL=2)
