# SPDX-License-Identifier: Apache-2.0
# The fuzz targets and what each links; shared by fuzz/CMakeLists.txt
# (libFuzzer builds) and tests/fuzz.cmake (corpus replay in every build).
set(DFU_FUZZ_TARGETS usbip_proto usbip_server usbip_dfu dfu_control image boot)
set(DFU_FUZZ_DIR ${CMAKE_SOURCE_DIR}/fuzz)

set(fuzz_usbip_proto_SOURCES fuzz_usbip_proto.c)
set(fuzz_usbip_proto_LIBS usbip_proto)
set(fuzz_usbip_server_SOURCES fuzz_usbip_server.c usbip_client.c)
set(fuzz_usbip_server_LIBS test_usbip_fixture)
set(fuzz_usbip_dfu_SOURCES fuzz_usbip_dfu.c usbip_client.c)
set(fuzz_usbip_dfu_LIBS udc_usbip dfu_class dfu_disk_image ramdisk)
set(fuzz_dfu_control_SOURCES fuzz_dfu_control.c)
set(fuzz_dfu_control_LIBS dfu_test_fixture)
set(fuzz_image_SOURCES fuzz_image.c fuzz_keys.c)
# mbedTLS: an independent SHA-256 for the oracle (the glue uses BearSSL)
set(fuzz_image_LIBS boot_image ${MBEDCRYPTO_LIBRARY})
set(fuzz_boot_SOURCES fuzz_boot.c fuzz_keys.c)
set(fuzz_boot_LIBS bootutil_validate flash_sim)

# Libraries whose code the targets exercise (instrumented in fuzz builds).
set(DFU_FUZZ_LIBS usbip_proto udc udc_virtual udc_usbip usbd dfu_class
	dfu_disk_image ramdisk boot_image bootutil bootutil_validate flash_sim
	flash_map dfu_test_fixture test_usbip_fixture)

# dfu_fuzz_sources(<target> <out-var>): absolute source paths.
function(dfu_fuzz_sources name out)
	set(list)
	foreach(src ${fuzz_${name}_SOURCES})
		list(APPEND list ${DFU_FUZZ_DIR}/${src})
	endforeach()
	set(${out} ${list} PARENT_SCOPE)
endfunction()

set(DFU_FUZZ_KEYS_DIR ${CMAKE_SOURCE_DIR}/tests/vectors/imgtool/keys)
