# SPDX-License-Identifier: Apache-2.0
# Device stack + DFU class + RAM disk through the in-process virtual host.
add_library(dfu_test_fixture STATIC dfu_host.c dfu_fixture.c)
target_link_libraries(dfu_test_fixture PUBLIC dfu_class dfu_disk_image
	ramdisk udc_virtual)

dfu_add_test(test_dfu_states SOURCES test_dfu_states.c LIBS dfu_test_fixture)
dfu_add_test(test_dfu_transfer SOURCES test_dfu_transfer.c
	LIBS dfu_test_fixture)
dfu_add_test(test_usbd_ch9 SOURCES test_usbd_ch9.c LIBS dfu_test_fixture)
dfu_add_test(test_dfu_flash_image SOURCES test_dfu_flash_image.c
	LIBS dfu_test_fixture dfu_flash_image flash_sim)

# The stack with Microsoft OS 2.0 compiled out (USBD_CFG_MSOS20=0), as a
# firmware that never meets Windows builds it (scripts/footprint.sh's
# TinyUSB-feature row).
add_library(usbd_no_msos20 STATIC ${CMAKE_SOURCE_DIR}/usbd/usbd_core.c
	${CMAKE_SOURCE_DIR}/usbd/usbd_desc.c ${CMAKE_SOURCE_DIR}/usbd/usbd_ch9.c
	${CMAKE_SOURCE_DIR}/usbd/usbd_msos20.c)
target_compile_definitions(usbd_no_msos20 PUBLIC USBD_CFG_MSOS20=0)
target_link_libraries(usbd_no_msos20 PUBLIC udc)
dfu_add_test(test_usbd_no_msos20 SOURCES test_usbd_no_msos20.c
	LIBS usbd_no_msos20 udc_virtual)
