/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The imgtool library (tools/imgtool): number and version parsing, the
 * trailer, key files, byte-for-byte reproduction of imgtool 2.4.0's
 * deterministic images, TLV structure of its randomized ones, and a
 * keygen -> sign -> validate round trip for every key type.
 */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include "boot/image_validate.h"
#include "test.h"
#include "test_image_util.h"
#include "tools/imgtool/c_array.h"
#include "tools/imgtool/image_build.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/numparse.h"
#include "tools/imgtool/tool_error.h"
#include "tools/imgtool/trailer.h"

TEST_MAIN_DEFS;

#define VEC_DIR "vectors/imgtool/"
#define SLOT    0x60000U

static uint8_t *read_vec(const char *name, size_t *len)
{
	char path[256];

	snprintf(path, sizeof(path), VEC_DIR "%s", name);
	return load_file(path, len);
}

static bool error_has(const char *text)
{
	return strstr(tool_error(), text) != NULL;
}

static void test_numbers(void)
{
	uint32_t v = 7;

	CHECK(!parse_based_u32("0x200", UINT32_MAX, &v) && v == 0x200);
	CHECK(!parse_based_u32("0X60000", UINT32_MAX, &v) && v == SLOT);
	CHECK(!parse_based_u32("393216", UINT32_MAX, &v) && v == SLOT);
	CHECK(!parse_based_u32("0o17", UINT32_MAX, &v) && v == 15);
	CHECK(!parse_based_u32("0b101", UINT32_MAX, &v) && v == 5);
	CHECK(!parse_based_u32("0", UINT32_MAX, &v) && v == 0);
	CHECK(!parse_based_u32("000", UINT32_MAX, &v) && v == 0);
	CHECK(!parse_based_u32("4294967295", UINT32_MAX, &v) &&
	      v == UINT32_MAX);
	CHECK(parse_based_u32("4294967296", UINT32_MAX, &v));
	CHECK(parse_based_u32("0x100000000", UINT32_MAX, &v));
	CHECK(parse_based_u32("65536", UINT16_MAX, &v));
	CHECK(parse_based_u32("010", UINT32_MAX, &v));
	CHECK(parse_based_u32("", UINT32_MAX, &v));
	CHECK(parse_based_u32("0x", UINT32_MAX, &v));
	CHECK(parse_based_u32("12a", UINT32_MAX, &v));
	CHECK(parse_based_u32("-1", UINT32_MAX, &v));
	CHECK(parse_based_u32("0b102", UINT32_MAX, &v));
	CHECK(parse_based_u32("0o8", UINT32_MAX, &v));
	CHECK(parse_based_u32(" 1", UINT32_MAX, &v));
	CHECK(parse_based_u32(NULL, UINT32_MAX, &v));
}

static void check_version(const char *s, int ok, unsigned int maj,
			  unsigned int min, unsigned int rev, uint32_t build)
{
	struct boot_image_version v = {9, 9, 9, 9};
	int rc = parse_version(s, &v);

	CHECK_EQ(rc, ok ? 0 : -1);
	if (ok) {
		CHECK_EQ(v.major, maj);
		CHECK_EQ(v.minor, min);
		CHECK_EQ(v.revision, rev);
		CHECK_EQ(v.build, build);
	}
}

static void test_versions(void)
{
	check_version("1.2.3+4", 1, 1, 2, 3, 4);
	check_version("1", 1, 1, 0, 0, 0);
	check_version("1.2", 1, 1, 2, 0, 0);
	check_version("0.0.2+75", 1, 0, 0, 2, 75);
	check_version("0.0.0+0", 1, 0, 0, 0, 0);
	check_version("10.20.300+4000", 1, 10, 20, 300, 4000);
	/* issue 12 defect 7: imgtool's ([1-9]\d*|0) has no leading zeros */
	check_version("01.2.3", 0, 0, 0, 0, 0);
	check_version("1.02.3", 0, 0, 0, 0, 0);
	check_version("1.2.03", 0, 0, 0, 0, 0);
	check_version("1.2.3+04", 0, 0, 0, 0, 0);
	check_version("0.0.0+00", 0, 0, 0, 0, 0);
	check_version("00", 0, 0, 0, 0, 0);
	check_version("255.255.65535+4294967295", 1, 255, 255, 65535,
		      4294967295U);
	check_version("256.0.0", 0, 0, 0, 0, 0);
	check_version("1.256", 0, 0, 0, 0, 0);
	check_version("1.2.65536", 0, 0, 0, 0, 0);
	check_version("1.2.3+4294967296", 0, 0, 0, 0, 0);
	check_version("1.2+3", 0, 0, 0, 0, 0);
	check_version("1..2", 0, 0, 0, 0, 0);
	check_version("1.2.3.4", 0, 0, 0, 0, 0);
	check_version("1.2.3+", 0, 0, 0, 0, 0);
	check_version("1.2.3+4 ", 0, 0, 0, 0, 0);
	check_version("v1.2", 0, 0, 0, 0, 0);
	check_version("", 0, 0, 0, 0, 0);
	check_version(NULL, 0, 0, 0, 0, 0);
}

static void test_trailer(void)
{
	/* Sizes from trailer-notes.txt (imgtool 2.4.0 _trailer_size). */
	struct trailer_layout t4 = {4, 8, 128}, t8 = {8, 8, 128};
	struct trailer_layout m16 = {4, 16, 128}, m32 = {4, 32, 128};

	CHECK_EQ(trailer_size(&t4), 1584);
	CHECK_EQ(trailer_size(&t8), 3120);
	CHECK_EQ(trailer_size(&m16), 1616);
	CHECK_EQ(trailer_size(&m32), 1696);
	CHECK_EQ(imgtool_auto_sec_cnt(&(struct boot_image_version){1, 2, 3, 4}),
		 0x01020003);
}

static void test_c_array(void)
{
	uint8_t *raw, *c_text;
	size_t raw_len, c_len;
	char out[2048];

	raw = read_vec("keys/ed25519.pub.raw", &raw_len);
	c_text = read_vec("keys/ed25519.pub.c", &c_len);
	CHECK_EQ(c_array_format(out, sizeof(out), "ed25519_pub_key", raw,
				raw_len),
		 c_len);
	CHECK(!memcmp(out, c_text, c_len));
	CHECK_EQ(c_array_format(out, c_len, "ed25519_pub_key", raw, raw_len),
		 0);
	free(raw);
	free(c_text);
}

static const struct {
	const char *stem;
	enum imgtool_key_type type;
} vector_keys[] = {
	{"rsa-2048", IMGTOOL_KEY_RSA2048},
	{"ecdsa-p256", IMGTOOL_KEY_ECDSA_P256},
	{"ed25519", IMGTOOL_KEY_ED25519},
};

/* Exports of a loaded key against imgtool's getpub files. */
static void check_exports(const struct imgtool_key *key, const char *stem)
{
	char path[128], pem[IMGTOOL_KEY_PEM_MAX];
	uint8_t der[IMGTOOL_KEY_DER_MAX], *want;
	size_t len, want_len;

	snprintf(path, sizeof(path), "keys/%s.pub.raw", stem);
	want = read_vec(path, &want_len);
	CHECK_EQ(imgtool_key_public_raw(key, der, sizeof(der), &len), 0);
	CHECK(len == want_len && !memcmp(der, want, len));
	free(want);
	snprintf(path, sizeof(path), "keys/%s.pub.pem", stem);
	want = read_vec(path, &want_len);
	CHECK_EQ(imgtool_key_public_pem(key, pem, sizeof(pem), &len), 0);
	CHECK(len == want_len && !memcmp(pem, want, len));
	free(want);
}

static void test_vector_keys(void)
{
	char path[128], pem[IMGTOOL_KEY_PEM_MAX];
	uint8_t digest[32] = {1}, sig[IMGTOOL_SIG_MAX], *file;
	struct imgtool_key key, again;
	size_t i, len, file_len;

	for (i = 0; i < sizeof(vector_keys) / sizeof(vector_keys[0]); i++) {
		imgtool_key_init(&key);
		snprintf(path, sizeof(path), VEC_DIR "keys/%s.pem",
			 vector_keys[i].stem);
		CHECK_EQ(imgtool_key_load_file(&key, path), 0);
		CHECK_EQ(key.type, vector_keys[i].type);
		CHECK(key.has_private);
		check_exports(&key, vector_keys[i].stem);

		/* Our PKCS#8 output loads back to the same key. */
		CHECK_EQ(imgtool_key_private_pem(&key, pem, sizeof(pem), &len),
			 0);
		CHECK(!strncmp(pem, "-----BEGIN PRIVATE KEY-----\n", 28));
		file = load_file(path, &file_len);
		/* RSA and Ed25519 PKCS#8 are canonical: byte-identical. */
		if (key.type != IMGTOOL_KEY_ECDSA_P256)
			CHECK(len == file_len && !memcmp(pem, file, len));
		free(file);
		imgtool_key_init(&again);
		CHECK_EQ(imgtool_key_load_pem(&again, pem, len), 0);
		check_exports(&again, vector_keys[i].stem);
		imgtool_key_free(&again);
		imgtool_key_free(&key);

		/* The public PEM verifies but cannot sign. */
		snprintf(path, sizeof(path), VEC_DIR "keys/%s.pub.pem",
			 vector_keys[i].stem);
		imgtool_key_init(&key);
		CHECK_EQ(imgtool_key_load_file(&key, path), 0);
		CHECK_EQ(key.type, vector_keys[i].type);
		CHECK(!key.has_private);
		check_exports(&key, vector_keys[i].stem);
		CHECK_EQ(imgtool_key_sign(&key, digest, sig, sizeof(sig), &len),
			 -1);
		CHECK(error_has("public key cannot sign"));
		CHECK_EQ(imgtool_key_private_pem(&key, pem, sizeof(pem), &len),
			 -1);
		imgtool_key_free(&key);
	}
}

static int load_text(const char *text)
{
	struct imgtool_key key;
	int rc;

	imgtool_key_init(&key);
	rc = imgtool_key_load_pem(&key, text, strlen(text));
	imgtool_key_free(&key);
	return rc;
}

/* A PEM mbedTLS writes for a key imgtool does not use. */
static int load_foreign(bool rsa, int size_or_curve)
{
	unsigned char pem[4096];
	mbedtls_pk_context pk;
	int rc;

	mbedtls_pk_init(&pk);
	if (rsa)
		rc = mbedtls_pk_setup(
			     &pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) ||
		     mbedtls_rsa_gen_key(mbedtls_pk_rsa(pk), imgtool_rng, NULL,
					 (unsigned int)size_or_curve, 65537);
	else
		rc = mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(
						   MBEDTLS_PK_ECKEY)) ||
		     mbedtls_ecp_gen_key(size_or_curve, mbedtls_pk_ec(pk),
					 imgtool_rng, NULL);
	CHECK_EQ(rc, 0);
	CHECK_EQ(mbedtls_pk_write_key_pem(&pk, pem, sizeof(pem)), 0);
	mbedtls_pk_free(&pk);
	return load_text((const char *)pem);
}

static void test_bad_keys(void)
{
	struct imgtool_key key;

	CHECK_EQ(load_text(""), -1);
	CHECK(error_has("not a supported key"));
	CHECK_EQ(load_text("hello\n"), -1);
	CHECK_EQ(load_text("-----BEGIN CERTIFICATE-----\nAAAA\n"
			   "-----END CERTIFICATE-----\n"),
		 -1);
	CHECK(error_has("not a supported key"));
	CHECK_EQ(load_text("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
			   "-----END ENCRYPTED PRIVATE KEY-----\n"),
		 -1);
	CHECK(error_has("password-protected"));
	CHECK_EQ(load_text("-----BEGIN PRIVATE KEY-----\n!!!!\n"
			   "-----END PRIVATE KEY-----\n"),
		 -1);
	CHECK(error_has("damaged PEM"));
	/* Ed25519 PKCS#8 whose inner key is 31 bytes. */
	CHECK_EQ(
		load_text("-----BEGIN PRIVATE KEY-----\n"
			  "MC0CAQAwBQYDK2VwBCEEHwECAwQFBgcICQoLDA0ODxAREhMUFRYX"
			  "GBkaGxwdHh8=\n-----END PRIVATE KEY-----\n"),
		-1);
	/* X25519 (1.3.101.110) is not a signing key. */
	CHECK_EQ(
		load_text("-----BEGIN PRIVATE KEY-----\n"
			  "MC4CAQAwBQYDK2VuBCIEIAECAwQFBgcICQoLDA0ODxAREhMUFRYX"
			  "GBkaGxwdHh8g\n-----END PRIVATE KEY-----\n"),
		-1);
	CHECK(error_has("not a supported key"));
	CHECK_EQ(load_foreign(true, 1024), -1);
	CHECK(error_has("1024 bits"));
	CHECK_EQ(load_foreign(false, MBEDTLS_ECP_DP_SECP521R1), -1);
	CHECK(error_has("unsupported key algorithm or curve"));
	CHECK_EQ(load_foreign(false, MBEDTLS_ECP_DP_SECP384R1), 0);
	/* An embedded NUL cannot hide a second key. */
	imgtool_key_init(&key);
	CHECK_EQ(imgtool_key_load_pem(&key, "ab\0cd", 5), -1);
	imgtool_key_free(&key);
	imgtool_key_init(&key);
	CHECK_EQ(imgtool_key_load_file(&key, VEC_DIR "keys/missing.pem"), -1);
	CHECK(error_has("No such file"));
	imgtool_key_free(&key);
}

/* The options every MANIFEST sign command shares. */
static struct imgtool_sign_opts manifest_opts(uint32_t align,
					      uint32_t max_align, bool pad,
					      bool confirm, bool sec_cnt)
{
	struct imgtool_sign_opts o = {
		.header_size = 0x200,
		.pad_header = true,
		.slot_size = SLOT,
		.trailer = {align, max_align, 128},
		.version = {1, 2, 3, 4},
		.pad = pad,
		.confirm = confirm,
		.has_sec_cnt = sec_cnt,
		.sec_cnt = 0x01020003,
	};
	return o;
}

static const struct sign_case {
	const char *name;
	const char *key; /* NULL: unsigned */
	uint32_t align, max_align;
	bool pad, confirm, sec_cnt;
	bool deterministic;
} sign_cases[] = {
	{"s3000-nokey.bin", NULL, 4, 8, false, false, false, true},
	{"s3000-nokey-align8.bin", NULL, 8, 8, false, false, false, true},
	{"s3000-nokey-maxalign8.bin", NULL, 4, 8, false, false, false, true},
	{"s3000-nokey-pad.bin", NULL, 4, 8, true, false, false, true},
	{"s3000-nokey-pad-confirm.bin", NULL, 4, 8, true, true, false, true},
	{"s3000-nokey-pad-test.bin", NULL, 4, 8, true, false, false, true},
	{"s3000-nokey-seccnt-auto.bin", NULL, 4, 8, false, false, true, true},
	{"s3000-ed25519.bin", "ed25519", 4, 8, false, false, false, true},
	{"s3000-ed25519-pad.bin", "ed25519", 4, 8, true, false, false, true},
	{"s3000-ed25519-pad-confirm.bin", "ed25519", 4, 8, true, true, false,
	 true},
	{"s3000-ed25519-pad-test.bin", "ed25519", 4, 8, true, false, false,
	 true},
	{"s3000-ed25519-seccnt-auto.bin", "ed25519", 4, 8, false, false, true,
	 true},
	{"s3000-ed25519-seccnt-auto-pad-confirm.bin", "ed25519", 4, 8, true,
	 true, true, true},
	{"s3000-rsa2048.bin", "rsa-2048", 4, 8, false, false, false, false},
	{"s3000-rsa2048-pad.bin", "rsa-2048", 4, 8, true, false, false, false},
	{"s3000-rsa2048-pad-confirm.bin", "rsa-2048", 4, 8, true, true, false,
	 false},
	{"s3000-rsa2048-pad-test.bin", "rsa-2048", 4, 8, true, false, false,
	 false},
	{"s3000-rsa2048-seccnt-auto.bin", "rsa-2048", 4, 8, false, false, true,
	 false},
	{"s3000-ecp256.bin", "ecdsa-p256", 4, 8, false, false, false, false},
	{"s3000-ecp256-pad.bin", "ecdsa-p256", 4, 8, true, false, false, false},
	{"s3000-ecp256-pad-confirm.bin", "ecdsa-p256", 4, 8, true, true, false,
	 false},
	{"s3000-ecp256-pad-test.bin", "ecdsa-p256", 4, 8, true, false, false,
	 false},
	{"s3000-ecp256-seccnt-auto.bin", "ecdsa-p256", 4, 8, false, false, true,
	 false},
	{"s3000-ecp256-align8-pad-confirm.bin", "ecdsa-p256", 8, 8, true, true,
	 false, false},
	{"s3000-ecp256-maxalign8-pad-confirm.bin", "ecdsa-p256", 4, 8, true,
	 true, false, false},
	{"s3000-ecp256-maxalign16-pad-confirm.bin", "ecdsa-p256", 4, 16, true,
	 true, false, false},
	{"s3000-ecp256-maxalign32-pad-confirm.bin", "ecdsa-p256", 4, 32, true,
	 true, false, false},
};

static void parse_mem(const uint8_t *img, size_t len,
		      struct boot_image_info *info)
{
	struct mem_slot m;
	struct boot_image_reader rd = mem_slot_reader(&m, img, (uint32_t)len);

	CHECK_EQ(boot_image_parse(&rd, info), BOOT_IMAGE_OK);
}

/*
 * Randomized signature: everything but the signature bytes (and the
 * lengths that depend on them) must equal imgtool's image.
 */
static void compare_structure(const uint8_t *mine, size_t mine_len,
			      const uint8_t *ref, size_t ref_len)
{
	struct boot_image_info a, b;
	size_t tail;

	parse_mem(mine, mine_len, &a);
	parse_mem(ref, ref_len, &b);
	/* DER ECDSA signatures are 70..72 bytes: unpadded sizes may differ. */
	if (a.sig.type == BOOT_TLV_ECDSA_SIG && ref_len == b.end)
		CHECK_EQ(mine_len, a.end);
	else
		CHECK_EQ(mine_len, ref_len);
	CHECK_EQ(a.hashed_len, b.hashed_len);
	CHECK(!memcmp(mine, ref, a.hashed_len));
	CHECK_EQ(a.hash.off, b.hash.off);
	CHECK(!memcmp(mine + a.hash.off, ref + b.hash.off, 32));
	CHECK_EQ(a.key_id.off, b.key_id.off);
	CHECK(!memcmp(mine + a.key_id.off, ref + b.key_id.off, 32));
	CHECK_EQ(a.sig.type, b.sig.type);
	CHECK_EQ(a.sig.off, b.sig.off);
	if (a.sig.type == BOOT_TLV_ECDSA_SIG)
		CHECK(a.sig.len >= 70 && a.sig.len <= 72);
	else
		CHECK_EQ(a.sig.len, b.sig.len);
	/* Padding and trailer after the TLVs. */
	tail = a.end > b.end ? a.end : b.end;
	if (mine_len == ref_len && tail < mine_len)
		CHECK(!memcmp(mine + tail, ref + tail, mine_len - tail));
}

static void test_sign_cases(void)
{
	uint8_t *payload, *ref, *out;
	size_t payload_len, ref_len, out_len, i;
	struct imgtool_sign_opts o;
	struct imgtool_key key;
	char path[128];

	payload = read_vec("payload-3000.bin", &payload_len);
	for (i = 0; i < sizeof(sign_cases) / sizeof(sign_cases[0]); i++) {
		const struct sign_case *c = &sign_cases[i];

		imgtool_key_init(&key);
		if (c->key) {
			snprintf(path, sizeof(path), VEC_DIR "keys/%s.pem",
				 c->key);
			CHECK_EQ(imgtool_key_load_file(&key, path), 0);
		}
		o = manifest_opts(c->align, c->max_align, c->pad, c->confirm,
				  c->sec_cnt);
		CHECK_EQ(imgtool_image_build(&o, payload, payload_len,
					     c->key ? &key : NULL, &out,
					     &out_len),
			 0);
		ref = read_vec(c->name, &ref_len);
		if (c->deterministic) {
			CHECK(out_len == ref_len && !memcmp(out, ref, ref_len));
			if (out_len != ref_len || memcmp(out, ref, ref_len))
				fprintf(stderr, "%s not reproduced\n", c->name);
		} else {
			compare_structure(out, out_len, ref, ref_len);
		}
		free(ref);
		free(out);
		imgtool_key_free(&key);
	}
	free(payload);
}

static void test_build_errors(void)
{
	uint8_t payload[0x300], *out = NULL;
	struct imgtool_sign_opts o = manifest_opts(4, 8, false, false, false);
	struct boot_image_verifier v = {NULL, 0, true, false};
	struct boot_image_info info;
	struct boot_image_reader rd;
	struct mem_slot m;
	size_t out_len, fit;

	memset(payload, 0xa5, sizeof(payload));
	/* Exactly image + trailer fits; one byte less does not. */
	CHECK_EQ(imgtool_image_build(&o, payload, sizeof(payload), NULL, &out,
				     &out_len),
		 0);
	fit = out_len + trailer_size(&o.trailer);
	free(out);
	o.slot_size = (uint32_t)fit;
	o.pad = true;
	CHECK_EQ(imgtool_image_build(&o, payload, sizeof(payload), NULL, &out,
				     &out_len),
		 0);
	CHECK_EQ(out_len, fit);
	rd = mem_slot_reader(&m, out, (uint32_t)out_len);
	CHECK_EQ(boot_image_validate(&v, &rd, &info, NULL), BOOT_IMAGE_OK);
	free(out);
	o.slot_size = (uint32_t)fit - 1;
	CHECK_EQ(imgtool_image_build(&o, payload, sizeof(payload), NULL, &out,
				     &out_len),
		 -1);
	CHECK(error_has("exceeds slot size"));
	o.slot_size = 0x100;
	CHECK_EQ(imgtool_image_build(&o, payload, sizeof(payload), NULL, &out,
				     &out_len),
		 -1);
	CHECK(error_has("does not fit"));

	/* Without --pad-header the input must start with a zeroed header. */
	o = manifest_opts(4, 8, false, false, false);
	o.pad_header = false;
	CHECK_EQ(imgtool_image_build(&o, payload, sizeof(payload), NULL, &out,
				     &out_len),
		 -1);
	CHECK(error_has("zero bytes"));
	CHECK_EQ(imgtool_image_build(&o, payload, 0x100, NULL, &out, &out_len),
		 -1);
	CHECK(error_has("shorter than --header-size"));
	memset(payload, 0, 0x200);
	CHECK_EQ(imgtool_image_build(&o, payload, sizeof(payload), NULL, &out,
				     &out_len),
		 0);
	rd = mem_slot_reader(&m, out, (uint32_t)out_len);
	CHECK_EQ(boot_image_validate(&v, &rd, &info, NULL), BOOT_IMAGE_OK);
	CHECK_EQ(info.hdr.img_size, sizeof(payload) - 0x200);
	free(out);
}

static int trust(const struct imgtool_key *key, uint8_t *der,
		 struct boot_image_key *out)
{
	size_t len;

	CHECK_EQ(imgtool_key_public_raw(key, der, IMGTOOL_KEY_DER_MAX, &len),
		 0);
	if (key->type == IMGTOOL_KEY_ED25519)
		return boot_image_key_ed25519(out, der, len);
	if (key->type == IMGTOOL_KEY_ECDSA_P256)
		return boot_image_key_ecdsa_p256(out, der, len);
	return boot_image_key_rsa(out, der, len);
}

/* keygen -> PEM -> load -> sign -> bootloader validate, all four types. */
static void test_roundtrip(void)
{
	static const uint16_t sig_len[] = {256, 384, 0, 64};
	static uint8_t der[4][IMGTOOL_KEY_DER_MAX];
	struct boot_image_key trusted[4];
	struct imgtool_key gen, key;
	struct imgtool_sign_opts o = manifest_opts(8, 16, true, true, true);
	struct boot_image_info info;
	char pem[IMGTOOL_KEY_PEM_MAX];
	uint8_t payload[5000], *out;
	size_t len, out_len;
	int t, k, idx;

	for (len = 0; len < sizeof(payload); len++)
		payload[len] = (uint8_t)(len * 13);
	for (t = 0; t < 4; t++) {
		imgtool_key_init(&gen);
		imgtool_key_init(&key);
		CHECK_EQ(imgtool_key_generate(&gen, (enum imgtool_key_type)t),
			 0);
		CHECK_EQ(imgtool_key_private_pem(&gen, pem, sizeof(pem), &len),
			 0);
		CHECK_EQ(imgtool_key_load_pem(&key, pem, len), 0);
		CHECK_EQ(key.type, t);
		CHECK_EQ(trust(&key, der[t], &trusted[t]), 0);
		CHECK_EQ(imgtool_image_build(&o, payload, sizeof(payload), &key,
					     &out, &out_len),
			 0);
		CHECK_EQ(out_len, SLOT);
		for (k = 0; k <= t; k++) {
			struct boot_image_verifier v = {&trusted[k], 1, false,
							false};
			struct mem_slot m;
			struct boot_image_reader rd =
				mem_slot_reader(&m, out, (uint32_t)out_len);

			CHECK_EQ(boot_image_validate(&v, &rd, &info, &idx),
				 k == t ? BOOT_IMAGE_OK
					: BOOT_IMAGE_EKEY_UNKNOWN);
		}
		CHECK_EQ(info.sec_cnt, 0x01020003);
		CHECK_EQ(info.sig.type, imgtool_key_sig_tlv(&key));
		if (sig_len[t])
			CHECK_EQ(info.sig.len, sig_len[t]);
		else
			CHECK(info.sig.len >= 8 && info.sig.len <= 72);
		/* --max-align 16 trailer: magic starts with 0x0010. */
		CHECK_EQ(out[SLOT - 16], 0x10);
		CHECK_EQ(out[SLOT - 32], 0x01);
		free(out);
		imgtool_key_free(&gen);
		imgtool_key_free(&key);
	}
	CHECK_EQ(trusted[IMGTOOL_KEY_RSA3072].sig_type, BOOT_TLV_RSA3072_PSS);
}

int main(void)
{
	test_numbers();
	test_versions();
	test_trailer();
	test_c_array();
	test_vector_keys();
	test_bad_keys();
	test_sign_cases();
	test_build_errors();
	test_roundtrip();
	return test_report("test_image_tool");
}
