# SPDX-License-Identifier: Apache-2.0
# arm-none-eabi-gcc (Debian gcc-arm-none-eabi) for the Cortex-M4 firmware.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# The flags of scripts/footprint.sh, so the figures compare.
set(CMAKE_C_FLAGS_INIT
	"-mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections")
# (The board's firmwares add -nostartfiles: startup.c is their crt0.)
set(CMAKE_EXE_LINKER_FLAGS_INIT
	"-mcpu=cortex-m4 -mthumb -specs=nano.specs -Wl,--gc-sections")
