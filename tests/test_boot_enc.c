/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Encrypted images through boot_go() on the flash simulator, with the
 * images MCUboot's imgtool.py 2.4.0 made (tests/vectors/imgtool-v2) and
 * its test keys (RSA-OAEP, ECIES-P256, ECIES-X25519 incl. SHA-512):
 *
 * 1. every encrypted vector is test-swapped in over a plain image: the
 *    primary's payload hashes to the MANIFEST plaintext sha256, the
 *    header and TLVs are the vector's; the revert brings the plain image
 *    back and leaves the secondary byte-identical to the download
 *    (--pad --confirm vectors ask for a permanent swap: no revert);
 * 2. encrypted over encrypted: the old image leaves the primary
 *    re-encrypted with its own key, byte-identical to its download;
 * 3. what cannot be decrypted is refused with its reason before
 *    anything is copied (the primary untouched, the secondary erased):
 *    --clear, compressed, no decryption key, a garbled or cut key TLV,
 *    a wrong HMAC, both AES flags, AES-256 with an AES-128-only trailer;
 * 4. power cuts at every flash operation of an encrypted swap and of its
 *    revert (BEFORE and TORN), as tests/test_boot_powerfail.c does.
 */
#include <stdlib.h>
#include <string.h>

#include "boot/bootutil_enc.h"
#include "boot/image_crypto.h"
#include "tests/test.h"
#include "tests/test_boot_fixture.h"
#include "tests/test_image_util.h"
#include "tools/imgtool/image_build.h"

TEST_MAIN_DEFS;

#define SLOT_SZ (128u * 1024u) /* the --pad vectors' --slot-size 0x20000 */
#define IMG_MAX SLOT_SZ

static const struct bf_geometry geo = {4096, 32, 32, 4, 0};
static struct boot_fixture fx;
static struct boot_image_key trusted[3];
static struct boot_image_verifier verifier;
static struct boot_enc_key enc_keys[3];
static struct boot_enc_keyring ring = {enc_keys, 3};
static struct boot_enc_boot eb;
static struct boot_enc_key other_x25519;
static uint8_t other_der[48] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e,
	0x04, 0x22, 0x04, 0x20, /* the key: 32 bytes of 0x5a (below) */
};
static uint8_t key_der[6][4096];

static void keys_setup(void)
{
	static const char *const sig[] = {
		V2_DIR "keys/ed25519.pem",
		V2_DIR "keys/ecdsa-p256.pem",
		V2_DIR "keys/rsa-2048.pem",
	};
	static const char *const enc[] = {
		V2_DIR "keys/enc-x25519.pem",
		V2_DIR "keys/enc-ec256.pem",
		V2_DIR "keys/enc-rsa2048.pem",
	};

	for (int i = 0; i < 3; i++) {
		CHECK_EQ(make_trusted_key(sig[i], key_der[i], 4096,
					  &trusted[i]),
			 0);
		CHECK_EQ(make_enc_key(enc[i], key_der[3 + i], 4096,
				      &enc_keys[i]),
			 0);
	}
	verifier = (struct boot_image_verifier){trusted, 3, false, false};
	memset(other_der + 16, 0x5a, 32);
	CHECK_EQ(boot_enc_key_x25519(&other_x25519, other_der,
				     sizeof(other_der)),
		 0);
}

/* A fresh board whose bootloader takes encrypted images. */
static void board(uint8_t key_max)
{
	bf_init(&fx, &geo);
	boot_enc_boot_init(&eb, &verifier, &ring, &fx.sec, key_max);
	fx.cfg.validate = boot_validate_enc_hook;
	fx.cfg.validate_user = &eb;
	fx.cfg.enc = &eb.ops;
}

struct vec {
	const char *name;
	uint8_t *data;
	size_t len;
	uint32_t end; /* header + payload + TLVs */
	uint32_t hdr, body;
	size_t plain; /* plaintext payload bytes (the v2 formula) */
	bool pad_confirm;
};

static void vec_load(struct vec *v, const char *name)
{
	struct boot_image_info info;
	struct mem_slot m;
	struct boot_image_reader rd;

	memset(v, 0, sizeof(*v));
	v->name = name;
	v->data = v2_load(name, &v->len);
	rd = mem_slot_reader(&m, v->data, (uint32_t)v->len);
	CHECK_EQ(boot_image_parse(&rd, &info), 0);
	v->end = info.end;
	v->hdr = info.hdr.hdr_size;
	v->body = info.hdr.img_size;
	v->pad_confirm = strstr(name, "pad-confirm") != NULL;
	v->plain = strncmp(name, "e3000", 5) ? 100000 : 3000;
}

/* The MANIFEST's plaintext: the payload formula, 3000 or 100000 bytes. */
static bool primary_is_plaintext_of(const struct vec *v)
{
	size_t n = v->plain;
	const uint8_t *p = bf_slot_mem(&fx, &fx.pri);
	uint8_t *want = v2_payload(n);
	bool ok = memcmp(p + v->hdr, want, n) == 0 &&
		  memcmp(p, v->data, v->hdr) == 0 &&
		  memcmp(p + v->hdr + v->body, v->data + v->hdr + v->body,
			 v->end - v->hdr - v->body) == 0;

	free(want);
	return ok;
}

static uint8_t img_a[IMG_MAX];
static uint32_t len_a;

/* A plain Ed25519 image of ~4.5 sectors in the primary. */
static void plain_primary(void)
{
	struct bf_image ia = {18000, 5, {1, 0, 0, 0}, 0, BF_KEY_ED25519};

	len_a = bf_build_image(&ia, img_a, sizeof(img_a));
	CHECK_EQ(len_a, 18000);
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
}

static void download(const struct vec *v)
{
	bf_program_slot(&fx, &fx.sec, v->data, (uint32_t)v->len);
	if (!v->pad_confirm)
		CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
}

/*
 * The image keys where MCUboot (MCUBOOT_ENC_IMAGES, MCUBOOT_AES_256,
 * BOOT_MAX_ALIGN 8) keeps them: boot_enc_key_off(slot) = swap_size_off -
 * (slot + 1) * 32, swap_size_off = size - 16 (magic) - 4 * 8. Slot 1 (the
 * secondary's image) holds this vector's key, padded with erased bytes;
 * slot 0 (the plain image that was in the primary) stays erased.
 */
static bool trailer_keys_as_mcuboot(const struct vec *v)
{
	const uint8_t *pri = bf_slot_mem(&fx, &fx.pri);
	uint32_t swap_size_off = fx.pri.size - 16 - 4 * 8;
	const uint8_t *k1 = pri + swap_size_off - 2 * 32;
	const uint8_t *k0 = pri + swap_size_off - 1 * 32;
	uint8_t key[BOOT_ENC_KEY_MAX];
	size_t key_len = 0, i;
	struct boot_image_info info;
	struct mem_slot m;
	struct boot_image_reader rd =
		mem_slot_reader(&m, v->data, (uint32_t)v->len);
	bool ok = boot_image_parse(&rd, &info) == 0 &&
		  boot_enc_image_key(&ring, &rd, &info, key, &key_len) == 0 &&
		  memcmp(k1, key, key_len) == 0;

	for (i = key_len; i < 32; i++)
		ok = ok && k1[i] == 0xff;
	for (i = 0; i < 32; i++)
		ok = ok && k0[i] == 0xff;
	return ok;
}

/* 1. each vector in, then out again */
static void swap_and_revert(const char *name, bool unsigned_ok)
{
	struct boot_rsp rsp;
	struct vec v;

	vec_load(&v, name);
	board(32);
	verifier.allow_unsigned = unsigned_ok;
	plain_primary();
	download(&v);
	CHECK_EQ(bf_boot(&fx, &rsp, 1), 0);
	CHECK_EQ(rsp.swap_type, v.pad_confirm ? BOOT_SWAP_TYPE_PERM
					      : BOOT_SWAP_TYPE_TEST);
	CHECK(primary_is_plaintext_of(&v));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_a, len_a));
	CHECK(trailer_keys_as_mcuboot(&v));
	if (!v.pad_confirm) {
		CHECK_EQ(bf_boot(&fx, &rsp, 1), 0);
		CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_REVERT);
		CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
		/* the secondary: the download, byte for byte */
		CHECK(bf_slot_equals(&fx, &fx.sec, v.data, v.end));
	}
	printf("%-48s %s%s\n", name,
	       test_failures ? "FAILED so far" : "swapped in",
	       v.pad_confirm ? " (permanent)" : ", reverted");
	verifier.allow_unsigned = false;
	free(v.data);
}

/* 2. an encrypted image in the primary leaves re-encrypted */
static void enc_over_enc(const char *first, const char *second)
{
	struct boot_rsp rsp;
	struct vec a, b;

	vec_load(&a, first);
	vec_load(&b, second);
	board(32);
	bf_program_slot(&fx, &fx.sec, a.data, (uint32_t)a.len);
	CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
	fx.cfg.bootstrap = true; /* empty primary: install */
	CHECK_EQ(bf_boot(&fx, &rsp, 1), 0);
	fx.cfg.bootstrap = false;
	CHECK(primary_is_plaintext_of(&a));
	download(&b);
	CHECK_EQ(bf_boot(&fx, &rsp, 1), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_TEST);
	CHECK(primary_is_plaintext_of(&b));
	CHECK(bf_slot_equals(&fx, &fx.sec, a.data, a.end));
	CHECK_EQ(bf_boot(&fx, &rsp, 1), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_REVERT);
	CHECK(primary_is_plaintext_of(&a));
	CHECK(bf_slot_equals(&fx, &fx.sec, b.data, b.end));
	free(a.data);
	free(b.data);
}

/* 3. refused before anything is copied, with the reason */
static void refused(const char *what, const char *name, uint8_t key_max,
		    size_t ring_count, void (*spoil)(struct vec *v),
		    int reason)
{
	struct boot_slot_info si;
	struct boot_rsp rsp;
	struct vec v;
	int rc;

	vec_load(&v, name);
	if (spoil)
		spoil(&v);
	board(key_max);
	/* 2: the other kinds only (P-256 and RSA keys, no X25519);
	 * 1: one X25519 key, not the one the image was made for */
	ring.keys = ring_count == 2 ? enc_keys + 1 : enc_keys;
	if (ring_count == 1)
		ring.keys = &other_x25519;
	ring.count = ring_count;
	plain_primary();
	download(&v);
	/* the reason, from the hook the bootloader runs */
	rc = boot_validate_enc_hook(&fx.sec, &eb, &si);
	if (reason != 0) {
		CHECK_EQ(rc, reason);
	}
	CHECK_EQ(bf_boot(&fx, &rsp, 1), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_NONE);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
	CHECK(bf_state(&fx, &fx.sec).magic != BOOT_MAGIC_GOOD);
	printf("refused %-40s %d (%s)\n", what, rc, boot_image_strerror(rc));
	ring.keys = enc_keys;
	ring.count = 3;
	free(v.data);
}

static uint32_t enc_tlv_off(const struct vec *v)
{
	struct boot_image_info info;
	struct mem_slot m;
	struct boot_image_reader rd =
		mem_slot_reader(&m, v->data, (uint32_t)v->len);

	CHECK_EQ(boot_image_parse(&rd, &info), 0);
	return info.enc.off;
}

static void flip_mac(struct vec *v)
{
	v->data[enc_tlv_off(v) + 32 + 5] ^= 0x10; /* X25519: after the key */
}

/* One bit of the OAEP ciphertext: the padding check fails. */
static void flip_rsa(struct vec *v)
{
	v->data[enc_tlv_off(v) + 100] ^= 0x01;
}

static void flip_ephemeral(struct vec *v)
{
	v->data[enc_tlv_off(v) + 3] ^= 0x01;
}

/*
 * The key TLV (the last one) one byte shorter, the area total too: the
 * image still parses, the key TLV no longer has its kind's length.
 */
static void cut_tlv(struct vec *v)
{
	uint32_t info = v->hdr + v->body;
	uint16_t tot = (uint16_t)(v->data[info + 2] | v->data[info + 3] << 8);

	v->data[enc_tlv_off(v) - 2] -= 1;
	tot -= 1;
	v->data[info + 2] = (uint8_t)tot;
	v->data[info + 3] = (uint8_t)(tot >> 8);
}

/* The key TLV relabelled AES-KW (0x31): imgtool 2.4.0 cannot make one. */
static void as_kw(struct vec *v)
{
	v->data[enc_tlv_off(v) - 4] = BOOT_TLV_ENC_KW;
}

/* No key TLV at all: its type becomes an unknown one, skipped. */
static void no_tlv(struct vec *v)
{
	v->data[enc_tlv_off(v) - 4] = 0xa5;
}

static void both_flags(struct vec *v)
{
	v->data[16] |= 0x0c;
}

/* 4. power cuts */
static uint8_t snap[BF_MEM_MAX];
static bool swap_was_complete;
static uint32_t points_cut;

struct sweep_case {
	struct vec a, b; /* a: installed (plaintext in the primary) */
	uint32_t flash_size;
};

static bool state_b_in(const struct sweep_case *c)
{
	return primary_is_plaintext_of(&c->b) &&
	       bf_slot_equals(&fx, &fx.sec, c->a.data, c->a.end);
}

static bool state_a_in(const struct sweep_case *c)
{
	return primary_is_plaintext_of(&c->a) &&
	       bf_slot_equals(&fx, &fx.sec, c->b.data, c->b.end);
}

/* Nonzero: the recovery boot loses power too, at this many ops in. */
static uint32_t second_cut;

static bool one_cut(const struct sweep_case *c, bool revert, uint32_t k,
		    enum flash_sim_cut mode)
{
	struct boot_rsp rsp;
	int rc;

	memcpy(bf_mem, snap, c->flash_size);
	flash_sim_power_on(&fx.sim);
	flash_sim_cut_power_at(&fx.sim, k, mode);
	rc = boot_go(&fx.cfg, &rsp);
	if (rc == 0 || !flash_sim_power_lost(&fx.sim))
		return false;
	flash_sim_cut_power_at(&fx.sim, 0, mode);
	swap_was_complete = !revert && state_b_in(c);
	if (second_cut) {
		flash_sim_power_on(&fx.sim);
		flash_sim_cut_power_at(&fx.sim, 1 + (k * 7 + second_cut) % 23,
				       mode);
		(void)boot_go(&fx.cfg, &rsp);
		flash_sim_cut_power_at(&fx.sim, 0, mode);
		swap_was_complete = swap_was_complete ||
				    (!revert && state_b_in(c));
	}
	if (bf_boot(&fx, &rsp, 8) != 0)
		return false;
	if (getenv("ENC_PF_TRACE"))
		fprintf(stderr, "k %u: type %u, b_in %d, a_in %d, complete %d\n",
			k, rsp.swap_type, state_b_in(c), state_a_in(c),
			swap_was_complete);
	if (revert)
		return state_a_in(c);
	/*
	 * A swap completed by the cut (never confirmed) is rightly reverted.
	 * A revert whose setup is cut after the fixup's permanent request
	 * reached the secondary finishes as that permanent swap (MCUboot's
	 * fixup_revert): the same bytes, swap type PERM.
	 */
	return state_b_in(c) ||
	       (swap_was_complete && state_a_in(c) &&
		(rsp.swap_type == BOOT_SWAP_TYPE_REVERT ||
		 (second_cut && rsp.swap_type == BOOT_SWAP_TYPE_PERM)));
}

/* Every stride-th cut point (1: all of them). */
static uint32_t stride = 1;

static uint32_t sweep(struct sweep_case *c, bool revert,
		      enum flash_sim_cut mode)
{
	struct boot_rsp rsp;
	uint32_t ops0, n, fails = 0;

	ops0 = flash_sim_ops(&fx.sim);
	memcpy(snap, bf_mem, c->flash_size);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), 0);
	n = flash_sim_ops(&fx.sim) - ops0;
	CHECK(revert ? state_a_in(c) : state_b_in(c));
	for (uint32_t k = 1; k <= n; k += stride) {
		points_cut++;
		if (!one_cut(c, revert, k, mode)) {
			fprintf(stderr, "%s %s: cut at op %u of %u failed\n",
				revert ? "revert" : "swap",
				mode == FLASH_SIM_CUT_TORN ? "torn" : "before",
				k, n);
			fails++;
		}
	}
	CHECK_EQ(fails, 0);
	/* leave the flash as the uncut operation did */
	memcpy(bf_mem, snap, c->flash_size);
	flash_sim_power_on(&fx.sim);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), 0);
	return n;
}

/*
 * An image made by the project's signer (-E): payload bytes from the
 * v2 formula so primary_is_plaintext_of() can check it.
 */
static void own_image(struct vec *v, const char *name, size_t payload,
		      const char *enc_pem, uint32_t keylen)
{
	struct imgtool_sign_opts o;
	struct imgtool_enc_pub enc;
	struct imgtool_key key;
	uint8_t *in = v2_payload(payload), *out = NULL;
	size_t out_len = 0;

	memset(&o, 0, sizeof(o));
	o.header_size = 0x200;
	o.pad_header = true;
	o.slot_size = SLOT_SZ;
	o.trailer.align = 4;
	o.trailer.max_align = 8;
	o.trailer.max_sectors = 128;
	o.version = (struct boot_image_version){1, 2, 3, 4};
	o.enc = &enc;
	o.enc_keylen = keylen;
	imgtool_key_init(&key);
	imgtool_enc_pub_init(&enc);
	CHECK_EQ(imgtool_key_load_file(&key, V2_DIR "keys/ed25519.pem"), 0);
	CHECK_EQ(imgtool_enc_pub_load_file(&enc, enc_pem), 0);
	CHECK_EQ(imgtool_image_build(&o, in, payload, &key, &out, &out_len),
		 0);
	imgtool_key_free(&key);
	imgtool_enc_pub_free(&enc);
	free(in);
	memset(v, 0, sizeof(*v));
	v->name = name;
	v->data = out;
	v->len = out_len;
	{
		struct boot_image_info info;
		struct mem_slot m;
		struct boot_image_reader rd =
			mem_slot_reader(&m, out, (uint32_t)out_len);

		CHECK_EQ(boot_image_parse(&rd, &info), 0);
		v->end = info.end;
		v->hdr = info.hdr.hdr_size;
		v->body = info.hdr.img_size;
	}
	v->plain = payload;
}

static uint32_t powercut_cases(struct sweep_case *pc);

static uint32_t powercut(const char *first, const char *second)
{
	static struct sweep_case c;
	uint32_t total;

	vec_load(&c.a, first);
	vec_load(&c.b, second);
	total = powercut_cases(&c);
	free(c.a.data);
	free(c.b.data);
	return total;
}

static uint32_t powercut_cases(struct sweep_case *pc)
{
	struct sweep_case c = *pc;
	struct boot_rsp rsp;
	uint32_t total = 0;
	const char *first = c.a.name, *second = c.b.name;

	for (int m = 0; m < 2; m++) {
		enum flash_sim_cut mode =
			m ? FLASH_SIM_CUT_TORN : FLASH_SIM_CUT_BEFORE;
		uint32_t ns, nr;

		board(32);
		c.flash_size = fx.sim.dev.params.size;
		bf_program_slot(&fx, &fx.sec, c.a.data, (uint32_t)c.a.len);
		CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
		fx.cfg.bootstrap = true;
		CHECK_EQ(bf_boot(&fx, &rsp, 1), 0);
		fx.cfg.bootstrap = false;
		download(&c.b);
		ns = sweep(&c, false, mode);
		nr = sweep(&c, true, mode);
		printf("power cut %-6s encrypted %s over %s: swap %u ops, "
		       "revert %u ops, every %u-th cut%s\n",
		       m ? "torn" : "before", second, first, ns, nr, stride,
		       second_cut ? ", a second cut in the recovery" : "");
		total += ns + nr;
	}
	return total;
}

/*
 * AES-CTR at any offset: the keystream of a whole buffer equals the one
 * made piece by piece at odd offsets (the swap and the hash cut the
 * payload at sector and chunk bounds that need not be 16-aligned).
 */
static void ctr_pieces(void)
{
	static uint8_t whole[3000], parts[3000];
	uint8_t key[32];
	size_t at = 0, step = 1;
	bool same = true;

	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 13 + 1);
	for (size_t i = 0; i < sizeof(whole); i++)
		whole[i] = parts[i] = (uint8_t)i;
	for (size_t klen = 16; klen <= 32; klen += 16) {
		CHECK_EQ(boot_enc_ctr(key, klen, 5, whole, sizeof(whole)), 0);
		for (at = 0, step = 1; at < sizeof(parts); step = step * 3 % 97 + 1) {
			size_t n = sizeof(parts) - at < step ? sizeof(parts) - at
							     : step;

			CHECK_EQ(boot_enc_ctr(key, klen, (uint32_t)(5 + at),
					      parts + at, n),
				 0);
			at += n;
		}
		CHECK(memcmp(whole, parts, sizeof(whole)) == 0);
		/* and the same call decrypts */
		CHECK_EQ(boot_enc_ctr(key, klen, 5, whole, sizeof(whole)), 0);
		for (size_t i = 0; i < sizeof(whole); i++)
			same = same && whole[i] == (uint8_t)i;
		CHECK(same);
		memcpy(parts, whole, sizeof(parts));
	}
	CHECK(boot_enc_ctr(key, 24, 0, whole, 16) != 0);
}

int main(void)
{
	static const char *const all[] = {
		"e100000-x25519-aes128.bin",
		"e100000-x25519-aes128-pad-confirm.bin",
		"e100000-x25519-aes256.bin",
		"e100000-x25519-aes256-pad-confirm.bin",
		"e100000-ec256-aes128.bin",
		"e100000-ec256-aes128-pad-confirm.bin",
		"e100000-ec256-aes256.bin",
		"e100000-ec256-aes256-pad-confirm.bin",
		"e100000-rsa2048-aes128.bin",
		"e100000-rsa2048-aes128-pad-confirm.bin",
		"e100000-rsa2048-aes256.bin",
		"e100000-rsa2048-aes256-pad-confirm.bin",
		"e100000-x25519-aes128-hmac512.bin",
		"e100000-x25519-aes128-saveenctlv-pad-confirm.bin",
		"e100000-ec256-signed-ed25519.bin",
		"e3000-x25519-aes128.bin",
	};
	uint32_t points = 0;

	keys_setup();
	ctr_pieces();
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		swap_and_revert(all[i], false);
	swap_and_revert("e100000-x25519-aes128-nosignkey.bin", true);

	enc_over_enc("e100000-x25519-aes128.bin", "e100000-rsa2048-aes256.bin");
	enc_over_enc("e100000-ec256-aes256.bin", "e3000-x25519-aes128.bin");

	refused("--clear (plaintext under the flag)",
		"e100000-x25519-aes128-clear.bin", 32, 3, NULL,
		BOOT_IMAGE_EHASH);
	refused("compressed", "e100000-x25519-aes128-lzma2.bin", 32, 3, NULL,
		BOOT_IMAGE_ECOMPRESSED);
	refused("no key of its kind (x25519 image, no x25519 key)",
		"e100000-x25519-aes128.bin", 32, 2, NULL,
		BOOT_IMAGE_EENC_NO_KEY);
	refused("another X25519 key", "e100000-x25519-aes128.bin", 32, 1, NULL,
		BOOT_IMAGE_EENC_MAC);
	refused("wrong HMAC", "e100000-x25519-aes128.bin", 32, 3, flip_mac,
		BOOT_IMAGE_EENC_MAC);
	refused("garbled ephemeral key", "e100000-x25519-aes128.bin", 32, 3,
		flip_ephemeral, BOOT_IMAGE_EENC_MAC);
	refused("truncated key TLV", "e100000-x25519-aes128.bin", 32, 3,
		cut_tlv, BOOT_IMAGE_EENC_TLV);
	refused("AES-KW key TLV", "e100000-x25519-aes128.bin", 32, 3, as_kw,
		BOOT_IMAGE_EENC_KW);
	refused("no key TLV", "e100000-x25519-aes128.bin", 32, 3, no_tlv,
		BOOT_IMAGE_EENC_NO_TLV);
	refused("garbled RSA-OAEP key TLV",
		"e100000-rsa2048-aes128.bin", 32, 3, flip_rsa, BOOT_IMAGE_EENC_MAC);
	refused("both AES flags", "e100000-x25519-aes128.bin", 32, 3,
		both_flags, BOOT_IMAGE_EENC_FLAGS);
	refused("AES-256 with an AES-128-only trailer",
		"e100000-x25519-aes256.bin", 16, 3, NULL, 0);

	/* the project's signer: every cut point, 3.3 and 5.5 sectors */
	{
		static struct sweep_case own;

		own_image(&own.a, "own 13000 B x25519 aes128", 13000,
			  V2_DIR "keys/enc-x25519.pub.pem", 16);
		own_image(&own.b, "own 22000 B ec256 aes256", 22000,
			  V2_DIR "keys/enc-ec256.pub.pem", 32);
		points += powercut_cases(&own);
		/* again, the recovery boot cut as well */
		second_cut = 1;
		points += powercut_cases(&own);
		second_cut = 0;
		free(own.a.data);
		free(own.b.data);
	}
	/* imgtool.py's images are 25 sectors: a sample of the cut points */
	stride = 13;
	points += powercut("e100000-x25519-aes128.bin",
			   "e100000-ec256-aes256.bin");
	points += powercut("e100000-ec256-aes128.bin",
			   "e3000-x25519-aes128.bin");
	printf("encrypted swap/revert power cuts: %u flash ops, %u cut\n",
	       points, points_cut);
	return test_report("test_boot_enc");
}
