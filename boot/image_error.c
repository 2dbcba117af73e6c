/* SPDX-License-Identifier: Apache-2.0 */
/* Short reason strings for enum boot_image_err. */
#include "boot/image.h"

static const char *const reasons[] = {
	[0] = "ok",
	[-BOOT_IMAGE_EINVAL] = "invalid argument",
	[-BOOT_IMAGE_EREAD] = "read failed",
	[-BOOT_IMAGE_ESLOT] = "slot smaller than an image header",
	[-BOOT_IMAGE_EMAGIC] = "bad image magic",
	[-BOOT_IMAGE_EHDR_SIZE] = "header size below 32 bytes",
	[-BOOT_IMAGE_EOVERFLOW] = "image offsets overflow 32 bits",
	[-BOOT_IMAGE_EIMG_SIZE] = "image extends past the end of the slot",
	[-BOOT_IMAGE_EPROT_MAGIC] = "bad protected TLV area magic",
	[-BOOT_IMAGE_EPROT_SIZE] = "protected TLV size mismatch",
	[-BOOT_IMAGE_ETLV_MAGIC] = "bad TLV area magic",
	[-BOOT_IMAGE_ETLV_INFO] = "TLV area length smaller than its info",
	[-BOOT_IMAGE_ETLV_AREA] = "TLV area extends past the end of the slot",
	[-BOOT_IMAGE_ETLV_ENTRY] = "TLV entry extends past its area",
	[-BOOT_IMAGE_ETLV_LEN] = "TLV length wrong for its type",
	[-BOOT_IMAGE_ETLV_PLACE] =
		"TLV in the wrong (protected/unprotected) area",
	[-BOOT_IMAGE_ETLV_DUP] = "duplicate TLV",
	[-BOOT_IMAGE_ENO_HASH] = "no SHA256 TLV",
	[-BOOT_IMAGE_EHASH] = "SHA256 does not match the image",
	[-BOOT_IMAGE_EENCRYPTED] = "encrypted images are not supported",
	[-BOOT_IMAGE_EUNSIGNED] = "image is not signed",
	[-BOOT_IMAGE_ENO_KEYID] = "signature without KEYHASH or PUBKEY TLV",
	[-BOOT_IMAGE_EKEY_UNKNOWN] = "image key is not a trusted key",
	[-BOOT_IMAGE_ESIG_TYPE] = "signature type does not match the key",
	[-BOOT_IMAGE_ESIG] = "signature verification failed",
	[-BOOT_IMAGE_ECRYPTO] = "crypto backend failure or bad key",
	[-BOOT_IMAGE_EFLAGS] = "unknown image header flag",
	[-BOOT_IMAGE_ECOMPRESSED] = "compressed images are not supported",
	[-BOOT_IMAGE_EPUBKEY] =
		"full public key TLV refused (KEYHASH only in this build)",
	[-BOOT_IMAGE_ENON_BOOTABLE] = "image is flagged non-bootable",
	[-BOOT_IMAGE_ELOAD] =
		"RAM-load and ROM-fixed images are not run by this bootloader",
	[-BOOT_IMAGE_EHASH_TYPE] =
		"SHA-384/SHA-512 image hashes are not supported",
	[-BOOT_IMAGE_EENC_FLAGS] = "both AES-128 and AES-256 flags are set",
	[-BOOT_IMAGE_EENC_NO_TLV] = "encrypted image without a key TLV",
	[-BOOT_IMAGE_EENC_KW] = "AES-KW encrypted images are not supported",
	[-BOOT_IMAGE_EENC_NO_KEY] =
		"no decryption key for this image's key exchange",
	[-BOOT_IMAGE_EENC_TLV] = "encryption key TLV malformed",
	[-BOOT_IMAGE_EENC_MAC] =
		"image key TLV does not open (other key or corrupted)",
};

const char *boot_image_strerror(int err)
{
	if (err > 0 || -err >= (int)(sizeof(reasons) / sizeof(reasons[0])))
		return "unknown error";
	return reasons[-err];
}
