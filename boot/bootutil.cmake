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
)
target_link_libraries(bootutil PUBLIC flash_map)

# The validate hook over the image validator (links the crypto backends).
add_library(bootutil_validate STATIC
	${CMAKE_CURRENT_LIST_DIR}/bootutil_validate.c)
target_link_libraries(bootutil_validate PUBLIC bootutil boot_image)

# Encrypted images: the validate hook and swap operations over a keyring.
# swap_enc.c is the swap's side, linked only through boot_config.enc.
add_library(bootutil_enc STATIC ${CMAKE_CURRENT_LIST_DIR}/bootutil_enc.c
	${CMAKE_CURRENT_LIST_DIR}/swap_enc.c)
target_link_libraries(bootutil_enc PUBLIC bootutil_validate boot_image_enc)
