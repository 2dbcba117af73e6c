# SPDX-License-Identifier: Apache-2.0
# USB/IP: the wire format alone, then the server over loopback TCP.
dfu_add_test(test_usbip_proto SOURCES test_usbip_proto.c LIBS usbip_proto)
dfu_add_test(test_usbip SOURCES test_usbip.c LIBS udc_usbip)
