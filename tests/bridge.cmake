# SPDX-License-Identifier: Apache-2.0
# The bridge controller's protocol (udc/udc_bridge.h), on the host.
dfu_add_test(test_udc_bridge SOURCES test_udc_bridge.c LIBS udc_bridge)
