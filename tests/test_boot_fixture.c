/* SPDX-License-Identifier: Apache-2.0 */
/* Bootloader test fixture (see test_boot_fixture.h). */
#include "tests/test_boot_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/bootutil_validate.h"
#include "tools/imgtool/image_build.h"
#include "tools/imgtool/tool_error.h"

uint8_t bf_mem[BF_MEM_MAX];

/*
 * Signing keys: the Ed25519 key of the imgtool vectors (trusted), a fresh
 * Ed25519 key nobody trusts, and fresh ECDSA P-256 and RSA-2048 keys that
 * are trusted. Index = enum bf_key.
 */
static struct imgtool_key keys[BF_KEY_COUNT];
static uint8_t key_pub[BF_KEY_COUNT][IMGTOOL_KEY_DER_MAX];
static size_t key_pub_len[BF_KEY_COUNT];
static bool keys_ready;

static void die(const char *what)
{
	fprintf(stderr, "test fixture: %s: %s\n", what, tool_error());
	exit(1);
}

static void keys_init(void)
{
	static const enum imgtool_key_type types[BF_KEY_COUNT] = {
		IMGTOOL_KEY_ED25519, IMGTOOL_KEY_ED25519,
		IMGTOOL_KEY_ECDSA_P256, IMGTOOL_KEY_RSA2048,
	};

	if (keys_ready) {
		return;
	}
	for (int k = 0; k < BF_KEY_COUNT; k++) {
		imgtool_key_init(&keys[k]);
		if (k == BF_KEY_ED25519) {
			if (imgtool_key_load_file(&keys[k],
						  "vectors/boot/ed25519.pem")) {
				die("vectors/boot/ed25519.pem");
			}
		} else if (imgtool_key_generate(&keys[k], types[k])) {
			die("keygen");
		}
		if (imgtool_key_public_raw(&keys[k], key_pub[k],
					   sizeof(key_pub[k]),
					   &key_pub_len[k])) {
			die("public key");
		}
	}
	keys_ready = true;
}

static void trust(struct boot_fixture *f, int k)
{
	struct boot_image_key *key = &f->keys[f->verifier.key_count];
	int rc;

	if (keys[k].type == IMGTOOL_KEY_ED25519) {
		rc = boot_image_key_ed25519(key, key_pub[k], key_pub_len[k]);
	} else if (keys[k].type == IMGTOOL_KEY_ECDSA_P256) {
		rc = boot_image_key_ecdsa_p256(key, key_pub[k], key_pub_len[k]);
	} else {
		rc = boot_image_key_rsa(key, key_pub[k], key_pub_len[k]);
	}
	if (rc != 0) {
		fprintf(stderr, "test fixture: verifier key %d refused\n", k);
		exit(1);
	}
	f->verifier.key_count++;
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

int bf_load(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	n = fread(buf, 1, cap, f);
	fclose(f);
	return (int)n;
}

int bf_cut_and_boot(struct boot_fixture *f, const struct bf_cut *c,
		    uint32_t k, enum flash_sim_cut mode, uint32_t second_cut,
		    struct boot_rsp *rsp, uint32_t *boots)
{
	const char *trace = getenv("BOOT_PF_TRACE");
	int rc;

	f->log_print = trace != NULL && (uint32_t)atoi(trace) == k;
	*boots = 0;
	flash_sim_cut_power_at(&f->sim, k, mode);
	rc = c->op(c->user);
	if (rc == 0 || !flash_sim_power_lost(&f->sim)) {
		fprintf(stderr, "cut %u did not fire (rc %d)\n", k, rc);
		return -1;
	}
	flash_sim_power_on(&f->sim);
	if (c->cut_seen) {
		c->cut_seen(c->user);
	}
	rc = -1;
	if (second_cut != 0) {
		/* the recovery boot loses power too */
		flash_sim_cut_power_at(&f->sim, second_cut, mode);
		rc = c->boot(c->user, rsp);
		(*boots)++;
		flash_sim_cut_power_at(&f->sim, 0, mode);
		flash_sim_power_on(&f->sim);
		if (rc != 0 && c->cut_seen) {
			c->cut_seen(c->user);
		}
	}
	while (rc != 0 && *boots < 8) {
		rc = c->boot(c->user, rsp);
		(*boots)++;
	}
	if (rc != 0) {
		fprintf(stderr, "no boot after cut %u: rc %d\n", k, rc);
	}
	return rc;
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
	f->verifier.keys = f->keys;
	f->verifier.key_count = 0;
	f->verifier.allow_unsigned = false;
	trust(f, BF_KEY_ED25519);
	trust(f, BF_KEY_ECDSA);
	trust(f, BF_KEY_RSA);
	f->cfg.primary = &f->pri;
	f->cfg.secondary = &f->sec;
	f->cfg.validate = boot_validate_image_hook;
	f->cfg.validate_user = &f->verifier;
	f->cfg.peek = boot_peek_image_hook;
	f->cfg.log = log_hook;
	f->cfg.log_user = f;
	f->cfg.max_align = geo->max_align;
}

#define HDR_SIZE 0x200u

/* imgtool sign --header-size 0x200 --pad-header --align <wbs>. */
static const struct boot_slot_dep *sign_deps;
static uint32_t sign_dep_count;

static int sign(const struct bf_image *img, uint32_t payload_len,
		uint8_t tweak, uint8_t **out, size_t *out_len)
{
	static uint8_t payload[BF_MEM_MAX];
	struct imgtool_sign_opts o;

	memset(&o, 0, sizeof(o));
	o.header_size = HDR_SIZE;
	o.pad_header = true;
	o.slot_size = BF_MEM_MAX;
	o.trailer.align = 8;
	o.trailer.max_align = 8;
	o.trailer.max_sectors = 128;
	o.version.major = img->ver.major;
	o.version.minor = img->ver.minor;
	o.version.revision = img->ver.revision;
	o.version.build = img->ver.build_num;
	o.has_sec_cnt = img->sec_cnt != 0;
	o.sec_cnt = img->sec_cnt;
	o.dep_count = sign_dep_count;
	for (uint32_t i = 0; i < sign_dep_count; i++) {
		const struct boot_slot_version *v = &sign_deps[i].min_version;

		o.deps[i].image_id = sign_deps[i].image_id;
		o.deps[i].version.major = v->major;
		o.deps[i].version.minor = v->minor;
		o.deps[i].version.revision = v->revision;
		o.deps[i].version.build = v->build_num;
	}
	for (uint32_t i = 0; i < payload_len; i++) {
		payload[i] = (uint8_t)(i * 7u + img->seed * 31u + 3u);
	}
	payload[0] ^= tweak;
	return imgtool_image_build(&o, payload, payload_len,
				   img->key < 0 ? NULL : &keys[img->key], out,
				   out_len);
}

uint32_t bf_build_image(const struct bf_image *img, uint8_t *out,
			uint32_t cap)
{
	uint8_t *built = NULL;
	size_t len = 0;
	uint32_t payload;

	keys_init();
	if (img->size > cap || img->size < HDR_SIZE + 1024) {
		return 0;
	}
	/* sign once to learn the TLV overhead, then for the exact size */
	payload = img->size - HDR_SIZE;
	/*
	 * ECDSA signatures (deterministic, RFC 6979) vary by a byte or two
	 * with the content: retry with the first payload byte changed.
	 */
	for (int pass = 0; pass < 200; pass++) {
		if (sign(img, payload, (uint8_t)pass, &built, &len) != 0) {
			die("sign");
		}
		if (len == img->size) {
			break;
		}
		payload = (uint32_t)(payload + img->size - len);
		free(built);
		built = NULL;
	}
	if (built == NULL || len != img->size) {
		free(built);
		return 0;
	}
	memcpy(out, built, len);
	free(built);
	return (uint32_t)len;
}

uint32_t bf_build_image_deps(const struct bf_image *img,
			     const struct boot_slot_dep *deps, uint32_t n,
			     uint8_t *out, uint32_t cap)
{
	uint32_t len;

	if (n > IMGTOOL_MAX_DEPS) {
		return 0;
	}
	sign_deps = deps;
	sign_dep_count = n;
	len = bf_build_image(img, out, cap);
	sign_deps = NULL;
	sign_dep_count = 0;
	return len;
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
