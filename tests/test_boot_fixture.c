/* SPDX-License-Identifier: Apache-2.0 */
/* Bootloader test fixture (see test_boot_fixture.h). */
#include "tests/test_boot_fixture.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "boot/bootutil_validate.h"

uint8_t bf_mem[BF_MEM_MAX];

/* Two Ed25519 keys from fixed seeds: 0 is trusted, 1 is not. */
static uint8_t key_pk[2][crypto_sign_PUBLICKEYBYTES];
static uint8_t key_sk[2][crypto_sign_SECRETKEYBYTES];
static uint8_t key_spki[2][44];
static bool keys_ready;

static const uint8_t spki_prefix[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
};

static void keys_init(void)
{
	uint8_t seed[crypto_sign_SEEDBYTES];

	if (keys_ready) {
		return;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		exit(1);
	}
	for (int k = 0; k < 2; k++) {
		memset(seed, 0x40 + k, sizeof(seed));
		crypto_sign_seed_keypair(key_pk[k], key_sk[k], seed);
		memcpy(key_spki[k], spki_prefix, sizeof(spki_prefix));
		memcpy(key_spki[k] + 12, key_pk[k], 32);
	}
	keys_ready = true;
}

static void log_hook(void *user, enum boot_log_level level, const char *line)
{
	struct boot_fixture *f = user;

	if (f->log_print) {
		printf("  [boot] %s\n", line);
	}
	if (f->log_n < BF_LOG_LINES) {
		snprintf(f->log[f->log_n++], BF_LOG_LEN, "%s", line);
	}
}

void bf_add_key(struct boot_fixture *f, const uint8_t *spki, size_t len)
{
	if (f->verifier.key_count >= 2 ||
	    boot_image_key_ed25519(&f->keys[f->verifier.key_count], spki,
				   len) != 0) {
		fprintf(stderr, "cannot add key\n");
		exit(1);
	}
	f->verifier.key_count++;
}

void bf_log_clear(struct boot_fixture *f)
{
	f->log_n = 0;
}

bool bf_log_has(const struct boot_fixture *f, const char *line)
{
	for (int i = 0; i < f->log_n; i++) {
		if (strcmp(f->log[i], line) == 0) {
			return true;
		}
	}
	return false;
}

void bf_init(struct boot_fixture *f, const struct bf_geometry *geo)
{
	struct flash_params p = {
		.page_size = geo->sector,
		.write_block_size = geo->wbs,
		.erased_value = 0xff,
	};
	uint32_t pri_sz = geo->sector * geo->pri_sectors;
	uint32_t sec_sz = geo->sector * geo->sec_sectors;

	keys_init();
	memset(f, 0, sizeof(*f));
	f->geo = *geo;
	/* boot partition (one sector) + primary + secondary */
	p.size = geo->sector + pri_sz + sec_sz;
	if (p.size > BF_MEM_MAX || flash_sim_init(&f->sim, bf_mem, &p) != 0) {
		fprintf(stderr, "bad fixture geometry\n");
		exit(1);
	}
	memset(bf_mem, 0xff, p.size);
	f->pri = (struct flash_area){ FLASH_AREA_ID_IMAGE_0, "image-0",
				      &f->sim.dev, geo->sector, pri_sz };
	f->sec = (struct flash_area){ FLASH_AREA_ID_IMAGE_1, "image-1",
				      &f->sim.dev, geo->sector + pri_sz,
				      sec_sz };
	if (boot_image_key_ed25519(&f->keys[0], key_spki[0], 44) != 0) {
		fprintf(stderr, "key setup failed\n");
		exit(1);
	}
	f->verifier.keys = f->keys;
	f->verifier.key_count = 1;
	f->verifier.allow_unsigned = false;
	f->cfg.primary = &f->pri;
	f->cfg.secondary = &f->sec;
	f->cfg.validate = boot_validate_image_hook;
	f->cfg.validate_user = &f->verifier;
	f->cfg.log = log_hook;
	f->cfg.log_user = f;
	f->cfg.max_align = geo->max_align;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static uint32_t put_tlv(uint8_t *p, uint16_t type, const void *val,
			uint16_t len)
{
	put16(p, type);
	put16(p + 2, len);
	memcpy(p + 4, val, len);
	return 4u + len;
}

#define HDR_SIZE 0x200u

uint32_t bf_build_image(const struct bf_image *img, uint8_t *out,
			uint32_t cap)
{
	uint32_t prot = img->sec_cnt ? 12u : 0u;
	uint32_t unprot = 4u + 36u + (img->key >= 0 ? 36u + 68u : 0u);
	uint32_t payload, off;
	uint8_t digest[32], keyhash[32], sig[64], cnt[4];

	keys_init();
	if (img->size > cap || img->size < HDR_SIZE + prot + unprot + 1) {
		return 0;
	}
	payload = img->size - HDR_SIZE - prot - unprot;
	memset(out, 0, HDR_SIZE);
	put32(out, 0x96f3b83du);
	put16(out + 8, HDR_SIZE);
	put16(out + 10, prot);
	put32(out + 12, payload);
	out[20] = img->ver.major;
	out[21] = img->ver.minor;
	put16(out + 22, img->ver.revision);
	put32(out + 24, img->ver.build_num);
	for (uint32_t i = 0; i < payload; i++) {
		out[HDR_SIZE + i] = (uint8_t)(i * 7u + img->seed * 31u + 3u);
	}
	off = HDR_SIZE + payload;
	if (prot) {
		put16(out + off, 0x6908);
		put16(out + off + 2, prot);
		put32(cnt, img->sec_cnt);
		off += 4 + put_tlv(out + off + 4, 0x50, cnt, 4);
	}
	crypto_hash_sha256(digest, out, off);
	put16(out + off, 0x6907);
	put16(out + off + 2, unprot);
	off += 4;
	off += put_tlv(out + off, 0x10, digest, 32);
	if (img->key >= 0) {
		crypto_hash_sha256(keyhash, key_spki[img->key], 44);
		crypto_sign_detached(sig, NULL, digest, 32, key_sk[img->key]);
		off += put_tlv(out + off, 0x01, keyhash, 32);
		off += put_tlv(out + off, 0x24, sig, 64);
	}
	return off == img->size ? off : 0;
}

uint8_t *bf_slot_mem(const struct boot_fixture *f, const struct flash_area *fa)
{
	return f->sim.mem + fa->off;
}

void bf_program_slot(struct boot_fixture *f, const struct flash_area *fa,
		     const uint8_t *data, uint32_t len)
{
	uint32_t wlen = (len + f->geo.wbs - 1) / f->geo.wbs * f->geo.wbs;
	static uint8_t buf[BF_MEM_MAX];

	memset(buf, 0xff, wlen);
	memcpy(buf, data, len);
	if (flash_area_erase(fa, 0, fa->size) != 0 ||
	    flash_area_write(fa, 0, buf, wlen) != 0) {
		fprintf(stderr, "programming the slot failed\n");
		exit(1);
	}
}

bool bf_slot_equals(const struct boot_fixture *f, const struct flash_area *fa,
		    const uint8_t *data, uint32_t len)
{
	return memcmp(bf_slot_mem(f, fa), data, len) == 0;
}

int bf_boot(struct boot_fixture *f, struct boot_rsp *rsp, int tries)
{
	int rc = -1;

	for (int i = 0; i < tries && rc != 0; i++) {
		flash_sim_power_on(&f->sim);
		rc = boot_go(&f->cfg, rsp);
	}
	return rc;
}

struct boot_swap_state bf_state(const struct boot_fixture *f,
				const struct flash_area *fa)
{
	struct boot_trailer_layout lay;
	struct boot_swap_state st;

	memset(&st, 0, sizeof(st));
	if (boot_trailer_layout_init(&lay, fa, f->cfg.max_align,
				     f->cfg.max_sectors) != 0 ||
	    boot_read_swap_state(fa, &lay, &st) != 0) {
		st.magic = 0;
	}
	return st;
}
