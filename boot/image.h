/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MCUboot image format: header, protected and unprotected TLV areas.
 *
 * Layout of an image in a slot (all fields little-endian):
 *   [0, hdr_size)                  header (32 bytes) + padding
 *   [hdr_size, hdr_size+img_size)  payload
 *   protected TLV area             protect_tlv_size bytes (may be 0)
 *   unprotected TLV area           info + TLVs, size in its info
 * The hash TLV (SHA256, or SHA384 for P-384 keys) covers everything
 * before the unprotected area.
 *
 * The parser reads the slot through a callback and never reads outside
 * [0, slot_size); every malformed image gets a reason code (negative
 * enum boot_image_err) and boot_image_strerror() turns it into a short
 * string. No heap, no OS calls.
 */
#ifndef BOOT_IMAGE_H
#define BOOT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOOT_IMAGE_MAGIC         0x96f3b83dU
#define BOOT_IMAGE_HEADER_SIZE   32U
#define BOOT_TLV_INFO_MAGIC      0x6907U
#define BOOT_TLV_PROT_INFO_MAGIC 0x6908U
#define BOOT_TLV_INFO_SIZE       4U
#define BOOT_TLV_HDR_SIZE        4U
#define BOOT_IMAGE_HASH_SIZE     32U /* SHA-256 */
#define BOOT_IMAGE_SHA384_SIZE   48U
#define BOOT_IMAGE_HASH_MAX      BOOT_IMAGE_SHA384_SIZE

/* Header flags imgtool 2.4.0 can set (imgtool/image.py IMAGE_F). */
#define BOOT_IMAGE_F_PIC              0x00000001U
#define BOOT_IMAGE_F_ENCRYPTED_AES128 0x00000004U
#define BOOT_IMAGE_F_ENCRYPTED_AES256 0x00000008U
#define BOOT_IMAGE_F_NON_BOOTABLE     0x00000010U
#define BOOT_IMAGE_F_RAM_LOAD         0x00000020U
#define BOOT_IMAGE_F_ROM_FIXED        0x00000100U
#define BOOT_IMAGE_F_COMPRESSED_LZMA1 0x00000200U
#define BOOT_IMAGE_F_COMPRESSED_LZMA2 0x00000400U
#define BOOT_IMAGE_F_COMPRESSED_ARM   0x00000800U

#define BOOT_IMAGE_F_ENCRYPTED                                                 \
	(BOOT_IMAGE_F_ENCRYPTED_AES128 | BOOT_IMAGE_F_ENCRYPTED_AES256)
#define BOOT_IMAGE_F_COMPRESSED                                                \
	(BOOT_IMAGE_F_COMPRESSED_LZMA1 | BOOT_IMAGE_F_COMPRESSED_LZMA2 |       \
	 BOOT_IMAGE_F_COMPRESSED_ARM)
/*
 * Flags the validator accepts: they do not change what the hashed bytes
 * mean. Whether the bootloader can run such an image (non-bootable,
 * RAM-load, ROM-fixed) is decided by boot/bootutil_validate.c. Every
 * other bit, known or not, is refused: an image must never be run with
 * a meaning this code does not implement (compressed bytes executed).
 */
#define BOOT_IMAGE_F_VALIDATE_OK                                               \
	(BOOT_IMAGE_F_PIC | BOOT_IMAGE_F_NON_BOOTABLE |                        \
	 BOOT_IMAGE_F_RAM_LOAD | BOOT_IMAGE_F_ROM_FIXED)

enum boot_tlv_type {
	BOOT_TLV_KEYHASH = 0x01,
	BOOT_TLV_PUBKEY = 0x02,
	BOOT_TLV_SHA256 = 0x10,
	BOOT_TLV_SHA384 = 0x11,
	BOOT_TLV_SHA512 = 0x12,
	BOOT_TLV_RSA2048_PSS = 0x20,
	BOOT_TLV_ECDSA_SIG = 0x22,
	BOOT_TLV_RSA3072_PSS = 0x23,
	BOOT_TLV_ED25519 = 0x24,
	BOOT_TLV_ENC_RSA2048 = 0x30,
	BOOT_TLV_ENC_KW = 0x31,
	BOOT_TLV_ENC_EC256 = 0x32,
	BOOT_TLV_ENC_X25519 = 0x33,
	BOOT_TLV_ENC_X25519_SHA512 = 0x34,
	BOOT_TLV_SEC_CNT = 0x50,
};

/* Largest TLV values the validator ever copies into a stack buffer. */
#define BOOT_IMAGE_SIG_MAX       384U /* RSA-3072 */
#define BOOT_IMAGE_PUBKEY_MAX    512U /* RSA-3072 PKCS#1 is 398 */
#define BOOT_IMAGE_ECDSA_SIG_MIN 8U
#define BOOT_IMAGE_ECDSA_SIG_MAX 104U /* P-384 DER, imgtool --pad-sig */

/* Reason codes. 0 is success; every failure is negative. */
enum boot_image_err {
	BOOT_IMAGE_OK = 0,
	BOOT_IMAGE_EINVAL = -1,         /* bad argument from the caller */
	BOOT_IMAGE_EREAD = -2,          /* read callback failed */
	BOOT_IMAGE_ESLOT = -3,          /* slot smaller than a header */
	BOOT_IMAGE_EMAGIC = -4,         /* header magic wrong */
	BOOT_IMAGE_EHDR_SIZE = -5,      /* hdr_size < 32 */
	BOOT_IMAGE_EOVERFLOW = -6,      /* offset arithmetic wraps 32 bits */
	BOOT_IMAGE_EIMG_SIZE = -7,      /* header+payload past slot end */
	BOOT_IMAGE_EPROT_MAGIC = -8,    /* protected TLV info magic wrong */
	BOOT_IMAGE_EPROT_SIZE = -9,     /* protected size disagrees with info */
	BOOT_IMAGE_ETLV_MAGIC = -10,    /* TLV info magic wrong */
	BOOT_IMAGE_ETLV_INFO = -11,     /* TLV info total smaller than info */
	BOOT_IMAGE_ETLV_AREA = -12,     /* TLV area past slot end */
	BOOT_IMAGE_ETLV_ENTRY = -13,    /* TLV entry past its area */
	BOOT_IMAGE_ETLV_LEN = -14,      /* TLV length wrong for its type */
	BOOT_IMAGE_ETLV_PLACE = -15,    /* TLV in the wrong area */
	BOOT_IMAGE_ETLV_DUP = -16,      /* TLV type present twice */
	BOOT_IMAGE_ENO_HASH = -17,      /* no SHA256/SHA384 TLV */
	BOOT_IMAGE_EHASH = -18,         /* hash TLV differs from the image */
	BOOT_IMAGE_EENCRYPTED = -19,    /* encrypted images not supported */
	BOOT_IMAGE_EUNSIGNED = -20,     /* no signature and unsigned refused */
	BOOT_IMAGE_ENO_KEYID = -21,     /* signature without KEYHASH/PUBKEY */
	BOOT_IMAGE_EKEY_UNKNOWN = -22,  /* key hash matches no trusted key */
	BOOT_IMAGE_ESIG_TYPE = -23,     /* signature type differs from key's */
	BOOT_IMAGE_ESIG = -24,          /* signature does not verify */
	BOOT_IMAGE_ECRYPTO = -25,       /* crypto backend failure or bad key */
	BOOT_IMAGE_EFLAGS = -26,        /* header flag unknown */
	BOOT_IMAGE_ECOMPRESSED = -27,   /* compressed images not supported */
	BOOT_IMAGE_EPUBKEY = -28,       /* PUBKEY TLV and pubkey not allowed */
	BOOT_IMAGE_ENON_BOOTABLE = -29, /* flagged non-bootable */
	BOOT_IMAGE_ELOAD = -30,      /* RAM-load/ROM-fixed: not run in place */
	BOOT_IMAGE_EHASH_TYPE = -31, /* SHA512 (or SHA384 not built in) */
	BOOT_IMAGE_EENC_FLAGS = -32, /* both AES-128 and AES-256 flags */
	BOOT_IMAGE_EENC_NO_TLV = -33, /* encrypted but no ENC TLV */
	BOOT_IMAGE_EENC_KW = -34,     /* AES-KW key TLV: not supported */
	BOOT_IMAGE_EENC_NO_KEY = -35, /* no private key for this ENC TLV */
	BOOT_IMAGE_EENC_TLV = -36,    /* ENC TLV length or content wrong */
	BOOT_IMAGE_EENC_MAC = -37,    /* ENC TLV HMAC wrong (other key?) */
};

struct boot_image_version {
	uint8_t major;
	uint8_t minor;
	uint16_t revision;
	uint32_t build;
};

struct boot_image_header {
	uint32_t magic;
	uint32_t load_addr;
	uint16_t hdr_size;
	uint16_t protect_tlv_size;
	uint32_t img_size;
	uint32_t flags;
	struct boot_image_version version;
};

/*
 * Reads len bytes at slot offset off into buf; 0 on success, any other
 * value is a failure. The parser only calls it inside [0, slot_size).
 */
typedef int (*boot_image_read_fn)(void *ctx, uint32_t off, void *buf,
				  size_t len);

struct boot_image_reader {
	boot_image_read_fn read;
	void *ctx;
	uint32_t slot_size;
};

/* A TLV found by the parser: where its value sits in the slot. */
struct boot_image_tlv {
	bool present;
	uint16_t type;
	uint16_t len;
	uint32_t off;
};

struct boot_image_info {
	struct boot_image_header hdr;
	uint32_t hashed_len; /* header + payload + protected TLV area */
	uint32_t tlv_off;    /* unprotected TLV info */
	uint32_t end;        /* one past the last TLV byte */
	struct boot_image_tlv hash;   /* SHA256 or SHA384 (hash.type) */
	struct boot_image_tlv key_id; /* KEYHASH or PUBKEY */
	struct boot_image_tlv sig;
	bool has_sec_cnt;
	uint32_t sec_cnt;
	bool other_hash; /* a SHA512 TLV was seen (not checked) */
	struct boot_image_tlv enc; /* ENC_* key TLV (0x30-0x34), if any */
};

/*
 * Parse and bounds-check the header and both TLV areas. Does not hash
 * or verify anything (see boot/image_validate.h).
 */
int boot_image_parse(const struct boot_image_reader *rd,
		     struct boot_image_info *info);

/*
 * Walks the entries of one TLV area: pos is the first entry (after the
 * area's info), end one past the area's last byte, both inside the slot.
 */
struct boot_image_tlv_iter {
	uint32_t pos;
	uint32_t end;
};

/*
 * The next entry of the area into *tlv (present set): 1 when one was
 * read, 0 at the end of the area, BOOT_IMAGE_ETLV_ENTRY when an
 * entry (its 4-byte header or its value) runs past the area's end, or
 * BOOT_IMAGE_EREAD.
 */
int boot_image_tlv_next(const struct boot_image_reader *rd,
			struct boot_image_tlv_iter *it,
			struct boot_image_tlv *tlv);

/* Bounds-checked read through the reader (BOOT_IMAGE_EREAD on failure). */
int boot_image_read(const struct boot_image_reader *rd, uint32_t off, void *buf,
		    size_t len);

/* Read size per step of boot_image_read_chunks(): a bootloader's stack. */
#define BOOT_IMAGE_CHUNK 256U

/* Gets the bytes read at slot offset off; 0 or a negative error. */
typedef int (*boot_image_chunk_fn)(void *user, uint32_t off, uint8_t *buf,
				   size_t n);

/*
 * Slot bytes [off, off + len) handed to fn in order, BOOT_IMAGE_CHUNK at
 * a time (the hashes feed on it, no image buffer): BOOT_IMAGE_OK, or
 * BOOT_IMAGE_EREAD (out of the slot, read failed) or fn's error, at the
 * first one.
 */
int boot_image_read_chunks(const struct boot_image_reader *rd, uint32_t off,
			   uint32_t len, boot_image_chunk_fn fn, void *user);

/* <0, 0, >0 like memcmp: major, minor, revision, then build. */
int boot_image_version_cmp(const struct boot_image_version *a,
			   const struct boot_image_version *b);

const char *boot_image_strerror(int err);

#endif /* BOOT_IMAGE_H */
