/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bootloader test fixture: two slots on a flash_sim in RAM, the real image
 * validator behind boot_config.validate, MCUboot images signed by the
 * project's imgtool library (Ed25519, ECDSA P-256, RSA-2048), and a log
 * capture.
 */
#ifndef TESTS_TEST_BOOT_FIXTURE_H
#define TESTS_TEST_BOOT_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/bootutil.h"
#include "boot/image_validate.h"
#include "storage/flash_sim.h"

#define BF_MEM_MAX (1024u * 1024u)
#define BF_LOG_LINES 64
#define BF_LOG_LEN 128

struct bf_geometry {
	uint32_t sector;      /* page size */
	uint32_t pri_sectors; /* primary slot */
	uint32_t sec_sectors; /* secondary slot */
	uint32_t wbs;         /* write block size */
	uint32_t max_align;   /* 0 = default */
};

struct boot_fixture {
	struct bf_geometry geo;
	struct flash_sim sim;
	struct flash_area pri, sec;
	struct boot_config cfg;
	struct boot_image_key keys[4];
	struct boot_image_verifier verifier;
	char log[BF_LOG_LINES][BF_LOG_LEN];
	int log_n;
	bool log_print;
};

/* Signing keys; all but BF_KEY_OTHER are trusted by the fixture. */
enum bf_key {
	BF_KEY_UNSIGNED = -1, /* hash only */
	BF_KEY_ED25519,       /* the imgtool vectors' key */
	BF_KEY_OTHER,         /* Ed25519, not trusted */
	BF_KEY_ECDSA,         /* P-256 */
	BF_KEY_RSA,           /* RSA-2048 */
	BF_KEY_COUNT,
};

/* Image to build with the project's imgtool library. */
struct bf_image {
	uint32_t size; /* total bytes: header + payload + TLVs */
	uint8_t seed;  /* payload pattern */
	struct boot_slot_version ver;
	uint32_t sec_cnt; /* 0 = no SEC_CNT TLV */
	int key;
};

extern uint8_t bf_mem[BF_MEM_MAX];

void bf_init(struct boot_fixture *f, const struct bf_geometry *geo);
/* Clears the captured log. */
void bf_log_clear(struct boot_fixture *f);
bool bf_log_has(const struct boot_fixture *f, const char *line);

/*
 * Signs an image of exactly img->size bytes (header + payload + TLVs) into
 * out through tools/imgtool (imgtool_image_build); returns size or 0.
 */
uint32_t bf_build_image(const struct bf_image *img, uint8_t *out,
			uint32_t cap);
/* Same, with n dependency TLVs (imgtool -d "(id,version)"), n <= 8. */
uint32_t bf_build_image_deps(const struct bf_image *img,
			     const struct boot_slot_dep *deps, uint32_t n,
			     uint8_t *out, uint32_t cap);
/*
 * Up to cap bytes of a file (a test vector, path relative to tests/):
 * the count read, or -1 (and a line on stderr) when it cannot be opened.
 */
int bf_load(const char *path, uint8_t *buf, size_t cap);
/* Erases the slot and programs data at its start. */
void bf_program_slot(struct boot_fixture *f, const struct flash_area *fa,
		     const uint8_t *data, uint32_t len);
bool bf_slot_equals(const struct boot_fixture *f, const struct flash_area *fa,
		    const uint8_t *data, uint32_t len);
/* Raw pointer to the slot in the simulated flash. */
uint8_t *bf_slot_mem(const struct boot_fixture *f, const struct flash_area *fa);

/* Like a board: power on and boot until boot_go succeeds (max tries). */
int bf_boot(struct boot_fixture *f, struct boot_rsp *rsp, int tries);

/*
 * One power cut as a board lives it (the power-cut sweeps): a cut armed
 * at flash operation k (mode) interrupts op, which must lose power; then
 * the board boots: a first boot with a second cut armed at its operation
 * second_cut (0: none), then until one succeeds, at most 8 boots in all.
 * cut_seen (optional) runs after each cut that fired, before the next
 * boot. BOOT_PF_TRACE=k prints the boot log of cut k. Returns -1 when
 * the first cut did not fire, else the last boot's rc (0: *rsp is the
 * boot); *boots counts the boots.
 */
struct bf_cut {
	int (*op)(void *user);
	int (*boot)(void *user, struct boot_rsp *rsp);
	void (*cut_seen)(void *user);
	void *user;
};

int bf_cut_and_boot(struct boot_fixture *f, const struct bf_cut *c,
		    uint32_t k, enum flash_sim_cut mode, uint32_t second_cut,
		    struct boot_rsp *rsp, uint32_t *boots);

/* Decoded trailer of a slot. */
struct boot_swap_state bf_state(const struct boot_fixture *f,
				const struct flash_area *fa);

#endif /* TESTS_TEST_BOOT_FIXTURE_H */
