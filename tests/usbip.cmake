# SPDX-License-Identifier: Apache-2.0
# USB/IP: the wire format alone, then the server over loopback TCP.
dfu_add_test(test_usbip_proto SOURCES test_usbip_proto.c LIBS usbip_proto)
add_library(test_usbip_fixture STATIC test_usbip_fixture.c)
target_link_libraries(test_usbip_fixture PUBLIC udc_usbip)
dfu_add_test(test_usbip SOURCES test_usbip.c LIBS test_usbip_fixture)
# Prints transfer rates; checks only that every transfer was right.
dfu_add_test(test_usbip_bench SOURCES test_usbip_bench.c
	LIBS test_usbip_fixture)
