/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The validator against MCUboot imgtool 2.4.0's own images: each one is
 * accepted with its key and refused with every other key, single-bit
 * flips anywhere in what is hashed or signed are refused, and each
 * validation failure has its reason.
 */
#include <stdlib.h>
#include <string.h>

#include "boot/image_crypto.h"
#include "boot/image_validate.h"
#include "test.h"
#include "test_image_util.h"
#include "tools/imgtool/keys.h"

TEST_MAIN_DEFS;

#define VEC_DIR "vectors/imgtool/"
#define NO_KEY  (-1)

static const struct vector {
	const char *name;
	int key;
	bool sec_cnt;
} vectors[] = {
	{"s3000-nokey.bin", NO_KEY, false},
	{"s3000-nokey-align8.bin", NO_KEY, false},
	{"s3000-nokey-maxalign8.bin", NO_KEY, false},
	{"s3000-nokey-pad.bin", NO_KEY, false},
	{"s3000-nokey-pad-confirm.bin", NO_KEY, false},
	{"s3000-nokey-pad-test.bin", NO_KEY, false},
	{"s3000-nokey-seccnt-auto.bin", NO_KEY, true},
	{"s3000-rsa2048.bin", VKEY_RSA, false},
	{"s3000-rsa2048-pad.bin", VKEY_RSA, false},
	{"s3000-rsa2048-pad-confirm.bin", VKEY_RSA, false},
	{"s3000-rsa2048-pad-test.bin", VKEY_RSA, false},
	{"s3000-rsa2048-seccnt-auto.bin", VKEY_RSA, true},
	{"s3000-ecp256.bin", VKEY_EC, false},
	{"s3000-ecp256-pad.bin", VKEY_EC, false},
	{"s3000-ecp256-pad-confirm.bin", VKEY_EC, false},
	{"s3000-ecp256-pad-test.bin", VKEY_EC, false},
	{"s3000-ecp256-seccnt-auto.bin", VKEY_EC, true},
	{"s3000-ecp256-align8-pad-confirm.bin", VKEY_EC, false},
	{"s3000-ecp256-maxalign8-pad-confirm.bin", VKEY_EC, false},
	{"s3000-ecp256-maxalign16-pad-confirm.bin", VKEY_EC, false},
	{"s3000-ecp256-maxalign32-pad-confirm.bin", VKEY_EC, false},
	{"s3000-ed25519.bin", VKEY_ED, false},
	{"s3000-ed25519-pad.bin", VKEY_ED, false},
	{"s3000-ed25519-pad-confirm.bin", VKEY_ED, false},
	{"s3000-ed25519-pad-test.bin", VKEY_ED, false},
	{"s3000-ed25519-seccnt-auto.bin", VKEY_ED, true},
	{"s3000-ed25519-seccnt-auto-pad-confirm.bin", VKEY_ED, true},
	{"s3000-repo-rsa2048.bin", VKEY_REPO_RSA, false},
	{"s3000-repo-ecp256.bin", VKEY_REPO_EC, false},
	{"s3000-repo-ed25519.bin", VKEY_REPO_ED, false},
};

#define VECTOR_COUNT (sizeof(vectors) / sizeof(vectors[0]))

static uint8_t key_der[VKEY_COUNT][IMGTOOL_KEY_DER_MAX];
static struct boot_image_key keys[VKEY_COUNT];
static uint8_t *payload;
static size_t payload_len;

static uint8_t *load_vector(const char *name, size_t *len)
{
	char path[256];

	snprintf(path, sizeof(path), VEC_DIR "%s", name);
	return load_file(path, len);
}

static int validate(const uint8_t *img, size_t len,
		    const struct boot_image_verifier *v,
		    struct boot_image_info *info, int *key_index)
{
	struct mem_slot m;
	struct boot_image_reader rd = mem_slot_reader(&m, img, (uint32_t)len);
	int rc = boot_image_validate(v, &rd, info, key_index);

	CHECK_EQ(m.out_of_bounds, 0);
	return rc;
}

static int validate_with(const uint8_t *img, size_t len, int key,
			 bool allow_unsigned)
{
	struct boot_image_verifier v = {key < 0 ? NULL : &keys[key],
					key < 0 ? 0 : 1, allow_unsigned, false};
	struct boot_image_info info;

	return validate(img, len, &v, &info, NULL);
}

/* A verifier built with BOOT_ALLOW_PUBKEY (the full key TLV taken). */
static int validate_pubkey(const uint8_t *img, size_t len, int key)
{
	struct boot_image_verifier v = {&keys[key], 1, false, true};
	struct boot_image_info info;

	return validate(img, len, &v, &info, NULL);
}

static void setup_keys(void)
{
	int k;

	for (k = 0; k < VKEY_COUNT; k++)
		CHECK_EQ(make_trusted_key(vector_key_path[k], key_der[k],
					  sizeof(key_der[k]), &keys[k]),
			 0);
	CHECK_EQ(keys[VKEY_RSA].sig_type, BOOT_TLV_RSA2048_PSS);
	CHECK_EQ(keys[VKEY_EC].sig_type, BOOT_TLV_ECDSA_SIG);
	CHECK_EQ(keys[VKEY_ED].sig_type, BOOT_TLV_ED25519);
	payload = load_vector("payload-3000.bin", &payload_len);
	CHECK_EQ(payload_len, 3000);
}

/* Fields every vector shares (MANIFEST: 1.2.3+4, header 0x200). */
static void check_common(const struct vector *vec,
			 const struct boot_image_info *info, const uint8_t *img)
{
	CHECK_EQ(info->hdr.hdr_size, 0x200);
	CHECK_EQ(info->hdr.img_size, 3000);
	CHECK_EQ(info->hdr.load_addr, 0);
	CHECK_EQ(info->hdr.flags, 0);
	CHECK_EQ(info->hdr.version.major, 1);
	CHECK_EQ(info->hdr.version.minor, 2);
	CHECK_EQ(info->hdr.version.revision, 3);
	CHECK_EQ(info->hdr.version.build, 4);
	CHECK_EQ(info->has_sec_cnt, vec->sec_cnt);
	if (vec->sec_cnt)
		CHECK_EQ(info->sec_cnt, 0x01020003); /* "auto" for 1.2.3 */
	CHECK(!memcmp(img + 0x200, payload, payload_len));
}

static void test_accept_with_own_key(void)
{
	struct boot_image_verifier v = {NULL, 0, false, false};
	struct boot_image_info info;
	const struct vector *vec;
	uint8_t *img;
	size_t i, len;
	int idx;

	for (i = 0; i < VECTOR_COUNT; i++) {
		vec = &vectors[i];
		img = load_vector(vec->name, &len);
		if (vec->key == NO_KEY) {
			v = (struct boot_image_verifier){NULL, 0, true, false};
		} else {
			v = (struct boot_image_verifier){&keys[vec->key], 1,
							 false, false};
		}
		idx = 99;
		CHECK_EQ(validate(img, len, &v, &info, &idx), BOOT_IMAGE_OK);
		CHECK_EQ(idx, vec->key == NO_KEY ? -1 : 0);
		check_common(vec, &info, img);
		free(img);
	}
}

static void test_reject_other_keys(void)
{
	const struct vector *vec;
	uint8_t *img;
	size_t i, len;
	int k;

	for (i = 0; i < VECTOR_COUNT; i++) {
		vec = &vectors[i];
		img = load_vector(vec->name, &len);
		for (k = 0; k < VKEY_COUNT; k++) {
			if (k == vec->key)
				continue;
			/* Unsigned images are refused by any keyed verifier. */
			CHECK_EQ(validate_with(img, len, k, false),
				 vec->key == NO_KEY ? BOOT_IMAGE_EUNSIGNED
						    : BOOT_IMAGE_EKEY_UNKNOWN);
			if (vec->key != NO_KEY)
				CHECK_EQ(validate_with(img, len, k, true),
					 BOOT_IMAGE_EKEY_UNKNOWN);
		}
		free(img);
	}
}

/* A bootloader with several trusted keys picks the right one. */
static void test_key_list(void)
{
	struct boot_image_verifier v = {keys, VKEY_COUNT, false, false};
	struct boot_image_verifier hash_only = {NULL, 0, true, false};
	struct boot_image_info info;
	uint8_t *img;
	size_t i, len;
	int idx;

	for (i = 0; i < VECTOR_COUNT; i++) {
		img = load_vector(vectors[i].name, &len);
		idx = 99;
		CHECK_EQ(validate(img, len, &v, &info, &idx),
			 vectors[i].key == NO_KEY ? BOOT_IMAGE_EUNSIGNED
						  : BOOT_IMAGE_OK);
		if (vectors[i].key != NO_KEY)
			CHECK_EQ(idx, vectors[i].key);
		/* Hash-only boot (no keys): hash checked, signature not. */
		CHECK_EQ(validate(img, len, &hash_only, &info, &idx),
			 BOOT_IMAGE_OK);
		CHECK_EQ(idx, -1);
		free(img);
	}
}

/* Offsets of the signed vector's TLVs, from the parser. */
static void layout_of(const uint8_t *img, size_t len,
		      struct boot_image_info *info)
{
	struct mem_slot m;
	struct boot_image_reader rd = mem_slot_reader(&m, img, (uint32_t)len);

	CHECK_EQ(boot_image_parse(&rd, info), BOOT_IMAGE_OK);
}

/* Every header and TLV byte, every 7th payload byte. */
static bool sampled(uint32_t off, const struct boot_image_info *info)
{
	uint32_t payload_end = info->hdr.hdr_size + info->hdr.img_size;

	if (off >= info->hdr.hdr_size && off < payload_end)
		return (off - info->hdr.hdr_size) % 7 == 0;
	return true;
}

/* The reason a flip at off must give, or 1 for "any failure". */
static int expected_flip_reason(uint32_t off,
				const struct boot_image_info *info)
{
	if (off >= BOOT_IMAGE_HEADER_SIZE && off < info->hdr.hdr_size)
		return BOOT_IMAGE_EHASH; /* header padding is hashed */
	if (off >= info->hdr.hdr_size &&
	    off < info->hdr.hdr_size + info->hdr.img_size)
		return BOOT_IMAGE_EHASH;
	if (off >= info->hash.off && off < info->hash.off + info->hash.len)
		return BOOT_IMAGE_EHASH;
	if (info->key_id.present && off >= info->key_id.off &&
	    off < info->key_id.off + info->key_id.len)
		return BOOT_IMAGE_EKEY_UNKNOWN;
	if (info->sig.present && off >= info->sig.off &&
	    off < info->sig.off + info->sig.len)
		return BOOT_IMAGE_ESIG;
	return 1;
}

static void flip_all(const char *name, int key)
{
	struct boot_image_info info;
	uint32_t off, flips = 0;
	uint8_t *img;
	size_t len;
	int want, rc;

	img = load_vector(name, &len);
	layout_of(img, len, &info);
	CHECK_EQ(validate_with(img, len, key, key == NO_KEY), BOOT_IMAGE_OK);
	for (off = 0; off < info.end; off++) {
		if (!sampled(off, &info))
			continue;
		img[off] ^= (uint8_t)(1U << (off % 8));
		rc = validate_with(img, len, key, key == NO_KEY);
		want = expected_flip_reason(off, &info);
		if (want == 1)
			CHECK(rc < 0);
		else
			CHECK_EQ(rc, want);
		if (rc == BOOT_IMAGE_OK)
			fprintf(stderr, "%s: flip at 0x%x accepted\n", name,
				off);
		img[off] ^= (uint8_t)(1U << (off % 8));
		flips++;
	}
	CHECK(flips > 900);
	/* The untouched image still validates (flips were undone). */
	CHECK_EQ(validate_with(img, len, key, key == NO_KEY), BOOT_IMAGE_OK);
	free(img);
}

static void test_bit_flips(void)
{
	flip_all("s3000-nokey-seccnt-auto.bin", NO_KEY);
	flip_all("s3000-rsa2048.bin", VKEY_RSA);
	flip_all("s3000-rsa2048-seccnt-auto.bin", VKEY_RSA);
	flip_all("s3000-ecp256.bin", VKEY_EC);
	flip_all("s3000-ed25519.bin", VKEY_ED);
	flip_all("s3000-ed25519-seccnt-auto.bin", VKEY_ED);
	flip_all("s3000-repo-ecp256.bin", VKEY_REPO_EC);
}

/* Header bytes: all 8 bits of each, not just one. */
static void test_header_all_bits(void)
{
	unsigned int off, bit;
	uint8_t *img;
	size_t len;
	int rc;

	img = load_vector("s3000-ed25519.bin", &len);
	for (off = 0; off < BOOT_IMAGE_HEADER_SIZE; off++) {
		for (bit = 0; bit < 8; bit++) {
			img[off] ^= (uint8_t)(1U << bit);
			rc = validate_with(img, len, VKEY_ED, false);
			CHECK(rc < 0);
			img[off] ^= (uint8_t)(1U << bit);
		}
	}
	/* Encrypted flag: refused before any hashing. */
	img[16] |= BOOT_IMAGE_F_ENCRYPTED_AES128;
	CHECK_EQ(validate_with(img, len, VKEY_ED, false),
		 BOOT_IMAGE_EENCRYPTED);
	img[16] = 0;
	img[16] |= BOOT_IMAGE_F_ENCRYPTED_AES256;
	CHECK_EQ(validate_with(img, len, VKEY_ED, false),
		 BOOT_IMAGE_EENCRYPTED);
	img[16] = 0;
	/* Magic, hdr_size and img_size have their own reasons. */
	img[0] ^= 1;
	CHECK_EQ(validate_with(img, len, VKEY_ED, false), BOOT_IMAGE_EMAGIC);
	img[0] ^= 1;
	img[9] = 0; /* hdr_size 0x200 -> 0 */
	CHECK_EQ(validate_with(img, len, VKEY_ED, false), BOOT_IMAGE_EHDR_SIZE);
	img[9] = 2;
	CHECK_EQ(validate_with(img, len, VKEY_ED, false), BOOT_IMAGE_OK);
	free(img);
}

/* Rebuild the unprotected area of s3000-ed25519.bin with other TLVs. */
static size_t rebuild_tlvs(uint8_t *img, const struct boot_image_info *info,
			   const uint8_t *key_tlv, size_t key_tlv_len)
{
	uint8_t sha[4 + 32], sig[4 + 64];
	uint32_t at = info->tlv_off + 4;
	uint32_t total;

	memcpy(sha, img + info->hash.off - 4, sizeof(sha));
	memcpy(sig, img + info->sig.off - 4, sizeof(sig));
	memcpy(img + at, sha, sizeof(sha));
	at += sizeof(sha);
	memcpy(img + at, key_tlv, key_tlv_len);
	at += (uint32_t)key_tlv_len;
	memcpy(img + at, sig, sizeof(sig));
	at += sizeof(sig);
	total = at - info->tlv_off;
	img[info->tlv_off + 2] = (uint8_t)total;
	img[info->tlv_off + 3] = (uint8_t)(total >> 8);
	return at;
}

static void test_key_id_forms(void)
{
	uint8_t *img, *copy, tlv[4 + 44];
	struct boot_image_info info;
	size_t len, end;

	img = load_vector("s3000-ed25519.bin", &len);
	layout_of(img, len, &info);
	copy = malloc(len + 64);

	/* PUBKEY TLV (full key) instead of KEYHASH. */
	memcpy(copy, img, len);
	tlv[0] = BOOT_TLV_PUBKEY;
	tlv[1] = 0;
	tlv[2] = 44;
	tlv[3] = 0;
	memcpy(tlv + 4, key_der[VKEY_ED], 44);
	end = rebuild_tlvs(copy, &info, tlv, sizeof(tlv));
	/* issue 12 defect 3: refused by default (MCUboot without HW key) */
	CHECK_EQ(validate_with(copy, end, VKEY_ED, false), BOOT_IMAGE_EPUBKEY);
	CHECK_EQ(validate_with(copy, end, VKEY_REPO_ED, false),
		 BOOT_IMAGE_EPUBKEY);
	/* ... and matched by hash where the build allows it */
	CHECK_EQ(validate_pubkey(copy, end, VKEY_ED), BOOT_IMAGE_OK);
	CHECK_EQ(validate_pubkey(copy, end, VKEY_REPO_ED),
		 BOOT_IMAGE_EKEY_UNKNOWN);
	tlv[4 + 20] ^= 0x40; /* someone else's public key */
	memcpy(copy, img, len);
	end = rebuild_tlvs(copy, &info, tlv, sizeof(tlv));
	CHECK_EQ(validate_pubkey(copy, end, VKEY_ED), BOOT_IMAGE_EKEY_UNKNOWN);
	CHECK_EQ(validate_with(copy, end, VKEY_ED, false), BOOT_IMAGE_EPUBKEY);

	/* No key id at all: the signature cannot be attributed. */
	memcpy(copy, img, len);
	end = rebuild_tlvs(copy, &info, tlv, 0);
	CHECK_EQ(validate_with(copy, end, VKEY_ED, false),
		 BOOT_IMAGE_ENO_KEYID);

	/* KEYHASH of the P-256 key over an Ed25519 signature. */
	memcpy(copy, img, len);
	memcpy(copy + info.key_id.off, keys[VKEY_EC].hash, 32);
	CHECK_EQ(validate_with(copy, len, VKEY_EC, false),
		 BOOT_IMAGE_ESIG_TYPE);

	/* Stripped signature: unsigned, refused unless allowed. */
	memcpy(copy, img, len);
	copy[info.tlv_off + 2] = 4 + 36;
	copy[info.tlv_off + 3] = 0;
	CHECK_EQ(validate_with(copy, len, VKEY_ED, false),
		 BOOT_IMAGE_EUNSIGNED);
	CHECK_EQ(validate_with(copy, len, NO_KEY, true), BOOT_IMAGE_OK);
	free(copy);
	free(img);
}

/* The image need not fill the slot; read failures while hashing count. */
static void test_slot_and_reads(void)
{
	struct boot_image_verifier v = {&keys[VKEY_ED], 1, false, false};
	struct boot_image_info info;
	struct boot_image_reader rd;
	struct mem_slot m;
	uint8_t *img, *slot;
	unsigned int n, reads;
	size_t len;

	img = load_vector("s3000-ed25519.bin", &len);
	slot = malloc(0x60000);
	memset(slot, 0xff, 0x60000);
	memcpy(slot, img, len);
	CHECK_EQ(validate(slot, 0x60000, &v, &info, NULL), BOOT_IMAGE_OK);
	CHECK_EQ(info.end, len);
	CHECK_EQ(validate(slot, (uint32_t)len - 1, &v, &info, NULL),
		 BOOT_IMAGE_ETLV_AREA);

	rd = mem_slot_reader(&m, img, (uint32_t)len);
	CHECK_EQ(boot_image_validate(&v, &rd, &info, NULL), BOOT_IMAGE_OK);
	reads = m.reads;
	for (n = 1; n <= reads; n++) {
		rd = mem_slot_reader(&m, img, (uint32_t)len);
		m.fail_at_read = n;
		CHECK_EQ(boot_image_validate(&v, &rd, &info, NULL),
			 BOOT_IMAGE_EREAD);
	}
	CHECK_EQ(boot_image_validate(NULL, &rd, &info, NULL),
		 BOOT_IMAGE_EINVAL);
	v.keys = NULL;
	CHECK_EQ(boot_image_validate(&v, &rd, &info, NULL), BOOT_IMAGE_EINVAL);
	free(slot);
	free(img);
}

static void test_key_constructors(void)
{
	const uint8_t *ed = key_der[VKEY_ED], *ec = key_der[VKEY_EC];
	const uint8_t *rsa = key_der[VKEY_RSA];
	uint8_t bad[300], digest[32] = {0}, sig[384] = {0};
	struct boot_image_key k;

	CHECK_EQ(boot_image_key_ed25519(&k, ed, 43), BOOT_IMAGE_ECRYPTO);
	CHECK_EQ(boot_image_key_ed25519(&k, ec, 91), BOOT_IMAGE_ECRYPTO);
	CHECK_EQ(boot_image_key_ed25519(NULL, ed, 44), BOOT_IMAGE_ECRYPTO);
	CHECK_EQ(boot_image_key_ecdsa_p256(&k, ed, 44), BOOT_IMAGE_ECRYPTO);
	CHECK_EQ(boot_image_key_ecdsa_p256(&k, ec, 90), BOOT_IMAGE_ECRYPTO);
	memcpy(bad, ec, 91);
	bad[60] ^= 1; /* point no longer on the curve */
	CHECK_EQ(boot_image_key_ecdsa_p256(&k, bad, 91), BOOT_IMAGE_ECRYPTO);
	CHECK_EQ(boot_image_key_rsa(&k, ec, 91), BOOT_IMAGE_ECRYPTO);
	CHECK_EQ(boot_image_key_rsa(&k, rsa, 269), BOOT_IMAGE_ECRYPTO);
	memcpy(bad, rsa, 270);
	bad[269] = 0; /* exponent 0x010000: even, not a valid RSA key */
	CHECK_EQ(boot_image_key_rsa(&k, bad, 270), BOOT_IMAGE_ECRYPTO);
	CHECK_EQ(boot_image_key_rsa(&k, rsa, 270), BOOT_IMAGE_OK);
	/* KEYHASH = SHA-256 of the DER (MANIFEST: .pub.raw hashes). */
	CHECK_EQ(k.hash[0], 0x83);
	CHECK_EQ(k.hash[31], 0xaf);
	CHECK_EQ(keys[VKEY_EC].hash[0], 0xd9);
	CHECK_EQ(keys[VKEY_ED].hash[0], 0x96);

	/* Backends refuse wrong signature sizes without crashing. */
	CHECK_EQ(boot_sig_verify_rsa_pss(rsa, 270, digest, 32, sig, 255),
		 BOOT_IMAGE_ESIG);
	CHECK_EQ(boot_sig_verify_rsa_pss(rsa, 270, digest, 32, sig, 256),
		 BOOT_IMAGE_ESIG);
	CHECK_EQ(boot_sig_verify_ed25519(ed, 44, digest, 32, sig, 63),
		 BOOT_IMAGE_ESIG);
	CHECK_EQ(boot_sig_verify_ed25519(ed, 44, digest, 32, sig, 64),
		 BOOT_IMAGE_ESIG);
	CHECK_EQ(boot_sig_verify_ed25519(ed, 40, digest, 32, sig, 64),
		 BOOT_IMAGE_ECRYPTO);
	CHECK_EQ(boot_sig_verify_ecdsa(ec, 91, digest, 32, sig, 8),
		 BOOT_IMAGE_ESIG);
	CHECK_EQ(boot_sig_verify_ecdsa(ed, 44, digest, 32, sig, 8),
		 BOOT_IMAGE_ECRYPTO);
	/* a P-256 key takes a SHA-256 digest only, RSA and Ed25519 too */
	CHECK_EQ(boot_sig_verify_ecdsa(ec, 91, digest, 48, sig, 72),
		 BOOT_IMAGE_ESIG);
	CHECK_EQ(boot_sig_verify_ed25519(ed, 44, digest, 48, sig, 64),
		 BOOT_IMAGE_ESIG);
	CHECK_EQ(boot_sig_verify_rsa_pss(rsa, 270, digest, 48, sig, 256),
		 BOOT_IMAGE_ESIG);
}

/* Sets the header flags of a hash-only image and re-hashes it. */
static void set_flags_rehash(uint8_t *img, const struct boot_image_info *info,
			     uint32_t flags)
{
	img[16] = (uint8_t)flags;
	img[17] = (uint8_t)(flags >> 8);
	img[18] = (uint8_t)(flags >> 16);
	img[19] = (uint8_t)(flags >> 24);
	CHECK_EQ(
		boot_crypto_sha256(img, info->hashed_len, img + info->hash.off),
		0);
}

static int flag_reason(uint32_t bit)
{
	if (bit & BOOT_IMAGE_F_ENCRYPTED)
		return BOOT_IMAGE_EENCRYPTED;
	if (bit & BOOT_IMAGE_F_COMPRESSED)
		return BOOT_IMAGE_ECOMPRESSED;
	if (bit & (BOOT_IMAGE_F_PIC | BOOT_IMAGE_F_NON_BOOTABLE |
		   BOOT_IMAGE_F_RAM_LOAD | BOOT_IMAGE_F_ROM_FIXED))
		return BOOT_IMAGE_OK;
	return BOOT_IMAGE_EFLAGS;
}

/*
 * issue 12 defect 1: every header flag bit this code does not implement
 * is refused with its reason, even in a correctly hashed image; imgtool's
 * lzma2 images (flag 0x400, validly signed) are refused as compressed.
 */
static void test_header_flags(void)
{
	struct boot_image_info info;
	uint8_t *img;
	size_t len;
	uint32_t bit;

	img = load_vector("s3000-nokey.bin", &len);
	layout_of(img, len, &info);
	for (bit = 1; bit; bit <<= 1) {
		set_flags_rehash(img, &info, bit);
		CHECK_EQ(validate_with(img, len, NO_KEY, true),
			 flag_reason(bit));
	}
	set_flags_rehash(img, &info, 0x80000000U | BOOT_IMAGE_F_PIC);
	CHECK_EQ(validate_with(img, len, NO_KEY, true), BOOT_IMAGE_EFLAGS);
	set_flags_rehash(img, &info, 0);
	CHECK_EQ(validate_with(img, len, NO_KEY, true), BOOT_IMAGE_OK);
	free(img);

	img = v2_load("s3000-ed25519-lzma2.bin", &len);
	CHECK_EQ(validate_with(img, len, VKEY_ED, false),
		 BOOT_IMAGE_ECOMPRESSED);
	free(img);
	img = v2_load("s100000-ed25519-lzma2armthumb.bin", &len);
	CHECK_EQ(validate_with(img, len, VKEY_ED, false),
		 BOOT_IMAGE_ECOMPRESSED);
	free(img);
	img = v2_load("s3000-ecp256-lzma2.bin", &len);
	CHECK_EQ(validate_with(img, len, VKEY_EC, false),
		 BOOT_IMAGE_ECOMPRESSED);
	free(img);
	img = v2_load("neg-s3000-ed25519-flag80000000.bin", &len);
	CHECK_EQ(validate_with(img, len, VKEY_ED, false), BOOT_IMAGE_EFLAGS);
	free(img);
}

/*
 * SHA-512: an extra such TLV beside SHA256 is skipped (MCUboot reads
 * only the hash it is built for); an image hashed only that way is
 * refused for its hash kind. SHA-384 is checked (P-384 images).
 */
static void test_other_hash(void)
{
	struct boot_image_info info;
	uint8_t *img, *big;
	size_t len;
	uint32_t total;

	img = load_vector("s3000-nokey.bin", &len);
	layout_of(img, len, &info);
	big = calloc(1, len + 68);
	memcpy(big, img, len);
	big[len] = BOOT_TLV_SHA512;
	big[len + 2] = 64;
	total = (uint32_t)(len + 68 - info.tlv_off);
	big[info.tlv_off + 2] = (uint8_t)total;
	big[info.tlv_off + 3] = (uint8_t)(total >> 8);
	CHECK_EQ(validate_with(big, len + 68, NO_KEY, true), BOOT_IMAGE_OK);
	free(big);
	free(img);
	img = v2_load("s3000-ed25519-sha512.bin", &len);
	CHECK_EQ(validate_with(img, len, VKEY_ED, false),
		 BOOT_IMAGE_EHASH_TYPE);
	free(img);
	img = v2_load("s3000-ecp384-pkfull.bin", &len);
	CHECK_EQ(validate_with(img, len, VKEY_EC, false), BOOT_IMAGE_EPUBKEY);
	free(img);
	/* hash-only SHA-384 image: the SHA384 TLV is checked */
	img = v2_load("s3000-nokey-sha384.bin", &len);
	CHECK_EQ(validate_with(img, len, NO_KEY, true), BOOT_IMAGE_OK);
	img[0x300] ^= 1;
	CHECK_EQ(validate_with(img, len, NO_KEY, true), BOOT_IMAGE_EHASH);
	free(img);
}

/*
 * ECDSA P-384 (imgtool ecdsa-p384, as MCUboot): SHA384 image hash, a
 * 48-byte KEYHASH = SHA-384 of the key's SPKI, DER signature over the
 * SHA-384 digest. Accepted with the P-384 key only.
 */
static void test_p384(void)
{
	static uint8_t der[512];
	struct boot_image_key k384, two[2];
	struct boot_image_verifier v = {&k384, 1, false, false};
	struct boot_image_info info;
	uint8_t *img;
	size_t len;

	CHECK_EQ(make_trusted_key(V2_DIR "keys/ecdsa-p384.pem", der,
				  sizeof(der), &k384),
		 0);
	CHECK_EQ(k384.hash_type, BOOT_TLV_SHA384);
	CHECK_EQ(k384.hash_len, 48);
	img = v2_load("s3000-ecp384.bin", &len);
	CHECK_EQ(validate(img, len, &v, &info, NULL), BOOT_IMAGE_OK);
	CHECK_EQ(info.hash.type, BOOT_TLV_SHA384);
	CHECK_EQ(info.key_id.len, 48);
	/* the P-256 key (same signature TLV type) does not name it */
	CHECK_EQ(validate_with(img, len, VKEY_EC, false),
		 BOOT_IMAGE_EKEY_UNKNOWN);
	/* and a P-384 key is never matched by a SHA-256 image */
	two[0] = keys[VKEY_EC];
	two[1] = k384;
	v.keys = two;
	v.key_count = 2;
	CHECK_EQ(validate(img, len, &v, &info, NULL), BOOT_IMAGE_OK);
	v.keys = &k384;
	v.key_count = 1;
	free(img);
	img = v2_load("s3000-ecp256.bin", &len);
	CHECK_EQ(validate(img, len, &v, &info, NULL), BOOT_IMAGE_EKEY_UNKNOWN);
	free(img);
	/* a flipped signature byte, and --pad-sig's zero padding */
	img = v2_load("s3000-ecp384.bin", &len);
	layout_of(img, len, &info);
	img[info.sig.off + info.sig.len - 1] ^= 1;
	CHECK_EQ(validate(img, len, &v, &info, NULL), BOOT_IMAGE_ESIG);
	free(img);
	img = v2_load("s3000-ecp384-padsig.bin", &len);
	CHECK_EQ(validate(img, len, &v, &info, NULL), BOOT_IMAGE_OK);
	free(img);
	/* the P-384 key refuses SHA-256-sized digests */
	CHECK_EQ(boot_sig_verify_ecdsa(k384.pub, k384.pub_len, der, 32, der,
				       72),
		 BOOT_IMAGE_ESIG);
	/* not a P-384 key, or a point off the curve */
	CHECK_EQ(boot_image_key_ecdsa_p384(&two[0], key_der[VKEY_EC], 91),
		 BOOT_IMAGE_ECRYPTO);
	memcpy(der + 300, k384.pub, k384.pub_len);
	der[300 + k384.pub_len - 1] ^= 1;
	CHECK_EQ(boot_image_key_ecdsa_p384(&two[0], der + 300, k384.pub_len),
		 BOOT_IMAGE_ECRYPTO);
}

/*
 * issue 12 defect 2: `imgtool sign --pad-sig` zero-pads the ECDSA DER
 * signature to 72 bytes; imgtool verify and MCUboot take it.
 */
static void test_pad_sig(void)
{
	struct boot_image_info info;
	uint8_t *img;
	size_t len;

	img = v2_load("s3000-ecp256-padsig.bin", &len);
	layout_of(img, len, &info);
	CHECK_EQ(info.sig.len, 72);
	CHECK_EQ(img[info.sig.off + 71], 0); /* MANIFEST: 71-byte DER + 0 */
	CHECK_EQ(validate_with(img, len, VKEY_EC, false), BOOT_IMAGE_OK);
	/* the padding is zeros, as imgtool writes it, or refused */
	img[info.sig.off + 71] = 1;
	CHECK_EQ(validate_with(img, len, VKEY_EC, false), BOOT_IMAGE_ESIG);
	img[info.sig.off + 71] = 0;
	/* a DER length past the TLV is refused, not read beyond it */
	img[info.sig.off + 1] = 0x46;
	CHECK_EQ(validate_with(img, len, VKEY_EC, false), BOOT_IMAGE_ESIG);
	free(img);
}

int main(void)
{
	setup_keys();
	test_accept_with_own_key();
	test_reject_other_keys();
	test_key_list();
	test_bit_flips();
	test_header_all_bits();
	test_key_id_forms();
	test_slot_and_reads();
	test_key_constructors();
	test_header_flags();
	test_pad_sig();
	test_other_hash();
	test_p384();
	free(payload);
	return test_report("test_image_vectors");
}
