# SPDX-License-Identifier: Apache-2.0
# Flash storage: NOR simulator, flash map, stream writer.
dfu_add_test(test_flash_sim SOURCES test_flash_sim.c LIBS flash_sim)
dfu_add_test(test_flash_map SOURCES test_flash_map.c LIBS flash_map flash_sim)
dfu_add_test(test_flash_stream SOURCES test_flash_stream.c
	LIBS stream_flash flash_sim)
