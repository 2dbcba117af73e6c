/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The wolfCrypt SHA-256 backend (boot/image_crypto_sha256_wc.c, the RSA
 * and Ed25519 bootloaders' image hash) against FIPS 180-4's examples and
 * against BearSSL's br_sha256 (the other backend's library) over buffers
 * and slot reads of every length around the 64-byte block and the
 * 256-byte read chunk; slot bounds and read failures.
 */
#include <string.h>

#include <bearssl_hash.h>

#include "boot/image.h"
#include "boot/image_crypto.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

static uint8_t slot[4096];
static bool fail_reads;

static int read_slot(void *ctx, uint32_t off, void *buf, size_t len)
{
	if (fail_reads)
		return -5;
	memcpy(buf, slot + off, len);
	return 0;
}

static const struct boot_image_reader rd = {
	.read = read_slot, .ctx = NULL, .slot_size = sizeof(slot),
};

static void reference(const void *p, size_t len, uint8_t out[32])
{
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, p, len);
	br_sha256_out(&c, out);
}

/* FIPS 180-4 examples: "abc" and the two-block 448-bit message. */
static void test_fips_examples(void)
{
	static const uint8_t abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	static const uint8_t two_block[32] = {
		0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26,
		0x93, 0x0c, 0x3e, 0x60, 0x39, 0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff,
		0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
	};
	const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t d[32];

	CHECK_EQ(boot_crypto_sha256("abc", 3, d), BOOT_IMAGE_OK);
	CHECK(!memcmp(d, abc, 32));
	CHECK_EQ(boot_crypto_sha256(msg, strlen(msg), d), BOOT_IMAGE_OK);
	CHECK(!memcmp(d, two_block, 32));
}

static void test_against_bearssl(void)
{
	static const uint32_t lens[] = { 0, 1, 55, 56, 63, 64, 65, 127, 255,
					 256, 257, 511, 512, 1000, 4093 };
	uint8_t want[32], got[32];

	for (size_t i = 0; i < sizeof(slot); i++)
		slot[i] = (uint8_t)(i * 7 + (i >> 8));
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint32_t off = lens[i] % 3;

		reference(slot + off, lens[i], want);
		CHECK_EQ(boot_crypto_sha256(slot + off, lens[i], got),
			 BOOT_IMAGE_OK);
		CHECK(!memcmp(got, want, 32));
		memset(got, 0, sizeof(got));
		CHECK_EQ(boot_crypto_sha256_slot(&rd, off, lens[i], got),
			 BOOT_IMAGE_OK);
		CHECK(!memcmp(got, want, 32));
	}
}

static void test_bad_reads(void)
{
	uint8_t d[32];

	CHECK_EQ(boot_crypto_sha256_slot(&rd, 1, sizeof(slot), d),
		 BOOT_IMAGE_EREAD);
	CHECK_EQ(boot_crypto_sha256_slot(&rd, sizeof(slot) + 1, 0, d),
		 BOOT_IMAGE_EREAD);
	CHECK_EQ(boot_crypto_sha256_slot(&rd, 0, sizeof(slot), d),
		 BOOT_IMAGE_OK);
	fail_reads = true;
	CHECK_EQ(boot_crypto_sha256_slot(&rd, 0, 300, d), BOOT_IMAGE_EREAD);
	fail_reads = false;
}

int main(void)
{
	test_fips_examples();
	test_against_bearssl();
	test_bad_reads();
	return test_report("test_crypto_sha256_wc");
}
