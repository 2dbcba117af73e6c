# SPDX-License-Identifier: Apache-2.0
# Bootloader core: trailer, swap types, swap-using-move, boot_go and the
# application API (confirm / request upgrade). No OS calls, no heap; the
# image validator is wired in through boot_config.validate.
add_library(bootutil STATIC
	${CMAKE_CURRENT_LIST_DIR}/trailer.c
	${CMAKE_CURRENT_LIST_DIR}/swap_move.c
	${CMAKE_CURRENT_LIST_DIR}/bootutil_swap_type.c
	${CMAKE_CURRENT_LIST_DIR}/bootutil_log.c
	${CMAKE_CURRENT_LIST_DIR}/bootutil_loader.c
	${CMAKE_CURRENT_LIST_DIR}/bootutil_public.c
	${CMAKE_CURRENT_LIST_DIR}/boot_deps.c
	${CMAKE_CURRENT_LIST_DIR}/boot_slot.c
)
target_link_libraries(bootutil PUBLIC flash_map)

# The other upgrade strategies (boot/boot_modes.h), one library each: a
# board links the one its build selects next to bootutil.
add_library(bootutil_overwrite STATIC
	${CMAKE_CURRENT_LIST_DIR}/boot_overwrite.c)
target_link_libraries(bootutil_overwrite PUBLIC bootutil)
add_library(bootutil_direct_xip STATIC
	${CMAKE_CURRENT_LIST_DIR}/boot_direct_xip.c)
target_link_libraries(bootutil_direct_xip PUBLIC bootutil)

# The validate hook over the image validator (links the crypto backends).
add_library(bootutil_validate STATIC
	${CMAKE_CURRENT_LIST_DIR}/bootutil_validate.c)
target_link_libraries(bootutil_validate PUBLIC bootutil boot_image)

# Encrypted images: the validate hook and swap operations over a keyring.
# swap_enc.c is the swap's side, linked only through boot_config.enc.
add_library(bootutil_enc STATIC ${CMAKE_CURRENT_LIST_DIR}/bootutil_enc.c
	${CMAKE_CURRENT_LIST_DIR}/swap_enc.c)
target_link_libraries(bootutil_enc PUBLIC bootutil_validate boot_image_enc)
