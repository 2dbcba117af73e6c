/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Builds an MCUboot image the way `imgtool sign` does: header, payload,
 * optional protected SEC_CNT TLV, then SHA256 [+ KEYHASH + signature],
 * optionally padded to the slot with the trailer magic.
 */
#ifndef TOOLS_IMGTOOL_IMAGE_BUILD_H
#define TOOLS_IMGTOOL_IMAGE_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"
#include "tools/imgtool/enc.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/trailer.h"

#define IMGTOOL_MAX_CUSTOM_TLVS 16U
#define IMGTOOL_MAX_DEPS        8U
#define IMGTOOL_SW_TYPE_MAX     12U /* imgtool's MAX_SW_TYPE_LENGTH */

struct imgtool_custom_tlv {
	uint16_t tag; /* 0xa0..0xfffe, none of imgtool's own types */
	uint16_t len;
	const uint8_t *value; /* must outlive the build */
};

struct imgtool_dep {
	uint8_t image_id;
	struct boot_image_version version;
};

/*
 * Zero-initialised means imgtool's defaults for everything optional (so
 * the fields are phrased that way: erased_zero, not erased_val).
 */
struct imgtool_sign_opts {
	uint32_t header_size;
	bool pad_header; /* prepend header_size erased bytes */
	uint32_t slot_size;
	struct trailer_layout trailer;
	struct boot_image_version version;
	bool pad;     /* pad to slot_size and write the trailer magic */
	bool confirm; /* with pad: image_ok = 0x01 */
	bool has_sec_cnt;
	uint32_t sec_cnt;
	bool erased_zero;    /* -R 0: erased flash reads 0x00, not 0xff */
	bool overwrite_only; /* smaller trailer for the fit check, no ok */
	uint32_t load_addr;  /* -L: header load_addr + RAM_LOAD flag */
	uint32_t rom_fixed;  /* -F: header load_addr + ROM_FIXED flag */
	bool non_bootable;
	bool pubkey_full;        /* PUBKEY TLV (full key) instead of KEYHASH */
	bool pad_sig;            /* ECDSA: zero-pad the DER signature to 72 */
	bool sha384; /* image hash SHA-384 (--sha 384, or a P-384 key) */
	const char *boot_record; /* sw type of a BOOT_RECORD TLV, or NULL */
	size_t custom_count;
	struct imgtool_custom_tlv custom[IMGTOOL_MAX_CUSTOM_TLVS];
	size_t dep_count;
	struct imgtool_dep deps[IMGTOOL_MAX_DEPS];
	/*
	 * --fix-sig: this signature (made elsewhere, e.g. by an HSM over
	 * the --vector-to-sign output) instead of signing; key is then the
	 * public key (--fix-sig-pubkey). Checked before it is used.
	 */
	const uint8_t *fixed_sig;
	size_t fixed_sig_len;
	/* --vector-to-sign: the key names the signer but signs nothing */
	bool vector_only;
	/*
	 * -E: a random AES key encrypts the payload (zero-padded to 16
	 * bytes), carried in a key TLV for this public key. NULL: clear.
	 */
	const struct imgtool_enc_pub *enc;
	uint32_t enc_keylen; /* 16 (default) or 32 */
	bool enc_clear;      /* --clear: flag and TLV, payload not encrypted */
	bool enc_sha512;     /* --hmac-sha 512 (X25519) */
	bool save_enctlv;    /* fit check: the trailer keeps the TLV */
};

/* What the build signed, for --vector-to-sign and --sig-out. */
struct imgtool_sign_result {
	size_t hashed_len; /* header + payload + protected TLVs */
	uint16_t hash_tlv; /* SHA256, or SHA384 for a P-384 key */
	size_t digest_len;
	uint8_t digest[BOOT_IMAGE_HASH_MAX];
	uint8_t sig[IMGTOOL_SIG_MAX];
	size_t sig_len; /* 0 for a hash-only image */
	/* -E: the image key (wiped after use) and its TLV */
	uint8_t enc_key[32];
	uint16_t enc_type;
	uint8_t enc_tlv[IMGTOOL_ENC_TLV_MAX];
	size_t enc_tlv_len;
};

/* Trailer bytes the fit check reserves (imgtool's _trailer_size). */
uint64_t imgtool_trailer_size(const struct imgtool_sign_opts *o);

/* The erased value of the target flash (0xff or, with -R 0, 0x00). */
uint8_t imgtool_erased(const struct imgtool_sign_opts *o);

/*
 * The trailer bytes imgtool writes in a padded slot: image_ok's field
 * (with --confirm, not --overwrite-only) and the magic. Calls put for
 * each run, offsets from the slot start.
 */
void imgtool_trailer_fields(const struct imgtool_sign_opts *o,
			    void (*put)(void *ctx, size_t off,
					const uint8_t *src, size_t n),
			    void *ctx);

/* Security counter imgtool derives for "auto": major.minor.revision. */
uint32_t imgtool_auto_sec_cnt(const struct boot_image_version *v);

/*
 * key may be NULL for a hash-only image. On success *out is malloc'd
 * (caller frees). On failure -1 and tool_error() says why.
 */
int imgtool_image_build(const struct imgtool_sign_opts *o,
			const uint8_t *payload, size_t payload_len,
			const struct imgtool_key *key, uint8_t **out,
			size_t *out_len);

/* Same, and fills *res (may be NULL). */
int imgtool_image_build_ex(const struct imgtool_sign_opts *o,
			   const uint8_t *payload, size_t payload_len,
			   const struct imgtool_key *key,
			   struct imgtool_sign_result *res, uint8_t **out,
			   size_t *out_len);

#endif /* TOOLS_IMGTOOL_IMAGE_BUILD_H */
