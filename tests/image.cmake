# SPDX-License-Identifier: Apache-2.0
# MCUboot image format (boot/image*) and the imgtool signer (tools/imgtool).
add_library(image_test_util STATIC test_image_util.c)
target_link_libraries(image_test_util PUBLIC imgtool_lib boot_image_enc)

dfu_add_test(test_image_parse SOURCES test_image_parse.c
	LIBS image_test_util)
dfu_add_test(test_image_vectors SOURCES test_image_vectors.c
	LIBS image_test_util)
dfu_add_test(test_image_tool SOURCES test_image_tool.c
	LIBS image_test_util)

# The imgtool CLI end to end (vectors, OpenSSL cross-checks, error lines).
add_test(NAME test_imgtool
	COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_imgtool.sh
		$<TARGET_FILE:imgtool>
	WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})

# imgtool.py 2.4.0 interop over tests/vectors/imgtool-v2: the validator on
# every image, the CLI signer on every sign command (tried/passed table).
add_executable(test_image_interop test_image_interop.c)
target_link_libraries(test_image_interop PRIVATE image_test_util)
add_test(NAME test_image_interop
	COMMAND test_image_interop $<TARGET_FILE:imgtool>
	WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})

# The wolfCrypt SHA-256 backend (the Cortex-M RSA and Ed25519 bootloaders'
# image hash) on the host's libwolfssl, checked against BearSSL.
dfu_add_test(test_crypto_sha256_wc SOURCES test_crypto_sha256_wc.c
	${CMAKE_SOURCE_DIR}/boot/image_crypto_sha256_wc.c
	${CMAKE_SOURCE_DIR}/boot/image.c ${CMAKE_SOURCE_DIR}/boot/image_deps.c
	LIBS PkgConfig::WOLFSSL ${BEARSSL_LIBRARY})
target_include_directories(test_crypto_sha256_wc SYSTEM PRIVATE
	${BEARSSL_INCLUDE_DIR})
