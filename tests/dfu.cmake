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
