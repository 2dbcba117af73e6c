/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MCUboot-compatible bootloader core (swap-using-move) and the application
 * side of the update protocol (request an upgrade, confirm the running
 * image). No OS calls, no heap, no printf: logging goes through a hook.
 *
 * Slot geometry: both slots have uniform sectors of the same size; the
 * primary has as many sectors as the secondary or one more. An image must
 * leave its last sector below the sectors that hold the primary trailer.
 */
#ifndef BOOT_BOOTUTIL_H
#define BOOT_BOOTUTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/trailer.h"
#include "storage/flash_map.h"

/* Errors beyond negative errno values from the flash. */
#define BOOT_ENOBOOT (-2000) /* no bootable image */
#define BOOT_ELAYOUT (-2001) /* slots not usable for swap-using-move */
#define BOOT_EBADIMAGE (-2002)

struct boot_slot_version {
	uint8_t major;
	uint8_t minor;
	uint16_t revision;
	uint32_t build_num;
};

/* Dependency TLVs (0x40) kept per image; more make the image unusable. */
#ifndef BOOT_MAX_DEPS
#define BOOT_MAX_DEPS 4
#endif

/* One dependency TLV: image image_id must be at least min_version. */
struct boot_slot_dep {
	uint8_t image_id;
	struct boot_slot_version min_version;
};

/* What the validator reports about a valid image. */
struct boot_slot_info {
	struct boot_slot_version version;
	uint32_t security_counter; /* 0 when the image has none */
	uint32_t image_size;       /* header + body + all TLVs, bytes */
	uint8_t dep_count;         /* entries of deps[] in use */
	bool dep_overflow;         /* more than BOOT_MAX_DEPS dependencies */
	struct boot_slot_dep deps[BOOT_MAX_DEPS];
};

/*
 * Validator hook: 0 when the image in fa is valid (hash, signature, key),
 * filling *out; any other value means invalid.
 */
typedef int (*boot_validate_fn)(const struct flash_area *fa, void *user,
				struct boot_slot_info *out);

enum boot_log_level {
	BOOT_LOG_LEVEL_ERR,
	BOOT_LOG_LEVEL_WRN,
	BOOT_LOG_LEVEL_INF,
	BOOT_LOG_LEVEL_DBG,
};

/* One finished line, without newline. */
typedef void (*boot_log_fn)(void *user, enum boot_log_level level,
			    const char *line);

enum boot_downgrade_prevention {
	BOOT_DOWNGRADE_ALLOW,
	BOOT_DOWNGRADE_BY_VERSION,    /* major.minor.revision, as MCUboot */
	BOOT_DOWNGRADE_BY_SEC_COUNTER,
};

/*
 * Encrypted images (MCUboot's MCUBOOT_ENC_IMAGES), the crypto kept out of
 * the core: boot/bootutil_enc.h fills this from a keyring.
 */
struct boot_swap_ctx;
struct boot_status;

/*
 * The swap's side of encrypted images (boot/swap_enc.c), reached through
 * this table so a bootloader without encryption links none of it.
 */
struct boot_enc_swap_fns {
	int (*load)(const struct boot_swap_ctx *ctx,
		    const struct boot_status *bs, uint32_t last_idx);
	int (*write_keys)(const struct boot_swap_ctx *ctx);
	int (*xform)(const struct boot_swap_ctx *ctx, int slot,
		     uint32_t img_off, uint8_t *buf, uint32_t len);
	int (*check)(const struct boot_swap_ctx *ctx, uint32_t size);
};

/* boot/swap_enc.c's implementation. */
extern const struct boot_enc_swap_fns boot_swap_enc_fns;

struct boot_enc_ops {
	/*
	 * Image key of the image at the start of fa: 0 with key[*len]
	 * (16 or 32 bytes), or a negative reason (the key TLV cannot be
	 * opened). Only called for images whose header says encrypted.
	 */
	int (*load_key)(void *user, const struct flash_area *fa,
			uint8_t key[32], uint8_t *len);
	/* XOR the AES-CTR keystream at payload offset poff over buf. */
	int (*ctr)(void *user, const uint8_t *key, uint8_t len, uint32_t poff,
		   uint8_t *buf, uint32_t n);
	void *user;
	/* 16 or 32: sizes the trailer's two key fields (see trailer.h) */
	uint8_t key_max;
	const struct boot_enc_swap_fns *swap; /* &boot_swap_enc_fns */
};

struct boot_config {
	const struct flash_area *primary;
	const struct flash_area *secondary;
	boot_validate_fn validate;
	void *validate_user;
	/*
	 * Optional: the same facts from the header and TLV area alone, no
	 * hash or signature (MCUboot reads the primary's size and version
	 * that way). Used for the primary's size and version before a swap;
	 * NULL = use validate. Gets validate_user.
	 */
	boot_validate_fn peek;
	boot_log_fn log; /* may be NULL */
	void *log_user;
	enum boot_downgrade_prevention downgrade;
	uint32_t max_align;   /* 0 = BOOT_MAX_ALIGN */
	uint32_t max_sectors; /* 0 = BOOT_MAX_IMG_SECTORS */
	/*
	 * MCUBOOT_BOOTSTRAP: when the primary holds no valid image and the
	 * secondary a valid one, install it without a request; and a
	 * request over an empty primary (erased header) is carried out.
	 * false (MCUboot's default): such a request is left alone and,
	 * with nothing in the primary, boot_go() returns BOOT_ENOBOOT.
	 */
	bool bootstrap;
	/*
	 * Encrypted images: NULL (the default) = none, and no key area in
	 * the trailer. Set: the secondary holds ciphertext; a swap decrypts
	 * into the primary and re-encrypts what leaves it; the image keys
	 * are kept in the primary trailer for a resume, as MCUboot does.
	 */
	const struct boot_enc_ops *enc;
};

struct boot_rsp {
	const struct flash_area *fa; /* area to boot (the primary) */
	uint32_t image_off;          /* offset of the area on its device */
	uint32_t swap_type;          /* what this boot did: BOOT_SWAP_TYPE_* */
	struct boot_slot_info info;
};

/*
 * Runs one boot: finishes an interrupted swap, performs a requested
 * test/permanent swap or a revert, validates the primary and fills rsp.
 * Returns 0 (boot rsp->fa) or BOOT_ENOBOOT / BOOT_ELAYOUT / -errno.
 * Safe to call again after a power cut at any flash operation.
 */
int boot_go(const struct boot_config *cfg, struct boot_rsp *rsp);

/*
 * Dependencies of an image about to be installed or booted, for this
 * single-image bootloader (boot/boot_deps.c): a dependency on image 0 is
 * on the image itself (met when its own version is at least the minimum,
 * what MCUboot's multi-image rule gives for image 0 after the update); a
 * dependency on any other index names an image this bootloader does not
 * have, and is never met (MCUboot's multi-image builds refuse an index
 * past their image count the same way). Logs the reason when not met.
 */
bool boot_deps_met(const struct boot_config *cfg,
		   const struct boot_slot_info *info);

/*
 * Application side (MCUboot's boot_set_pending / boot_set_confirmed), with
 * the default trailer geometry (BOOT_MAX_ALIGN, BOOT_MAX_IMG_SECTORS).
 *
 * boot_request_upgrade: marks the image in the secondary slot for a test
 * swap on the next boot, or a permanent one. Returns 0 when the request is
 * in place or when one already was (a good trailer magic, from an earlier
 * request or an imgtool --pad image): that request is kept unchanged, as
 * MCUboot's boot_set_pending() does, so permanent after test stays test.
 * -errno on flash errors.
 */
int boot_request_upgrade(const struct flash_area *secondary, bool permanent);

/* Sets image_ok in the primary trailer (no-op when already set). */
int boot_confirm_image(const struct flash_area *primary);

/* The running image is confirmed (it will not be reverted). */
int boot_is_image_confirmed(const struct flash_area *primary, bool *confirmed);

/* The swap the next boot will do, from the trailers (no validation). */
int boot_pending_swap_type(const struct flash_area *primary,
			   const struct flash_area *secondary,
			   uint8_t *swap_type);

/* Same three with an explicit geometry (max_align, max_sectors; 0 = default). */
int boot_request_upgrade_ex(const struct flash_area *secondary,
			    bool permanent, uint32_t max_align,
			    uint32_t max_sectors);
int boot_confirm_image_ex(const struct flash_area *primary,
			  uint32_t max_align, uint32_t max_sectors);
int boot_pending_swap_type_ex(const struct flash_area *primary,
			      const struct flash_area *secondary,
			      uint32_t max_align, uint32_t max_sectors,
			      uint8_t *swap_type);

/* MCUboot's boot_swap_type() table applied to two decoded trailers. */
uint8_t boot_swap_type_from_states(const struct boot_swap_state *primary,
				   const struct boot_swap_state *secondary);

/* "none", "test", "perm", "revert", "fail" or "panic". */
const char *boot_swap_type_str(uint8_t swap_type);

/* <0, 0, >0 as a is older, equal, newer (build number ignored). */
int boot_slot_version_cmp(const struct boot_slot_version *a,
			  const struct boot_slot_version *b);

#endif /* BOOT_BOOTUTIL_H */
