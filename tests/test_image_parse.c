/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Image parser: every malformed header and TLV area gets its own reason
 * code, nothing is ever read outside the slot (also under random
 * mutation), version ordering and reason strings.
 */
#include <string.h>

#include "boot/image.h"
#include "test.h"
#include "test_image_util.h"

TEST_MAIN_DEFS;

#define BUF_SIZE 4096U

/* A hand-built image: every field under the test's control. */
struct synth {
	uint8_t buf[BUF_SIZE];
	uint32_t len;
};

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

static void s_header(struct synth *s, uint16_t hdr_size, uint32_t img_size,
		     uint16_t prot)
{
	uint32_t i;

	memset(s->buf, 0xff, sizeof(s->buf));
	memset(s->buf, 0, BOOT_IMAGE_HEADER_SIZE);
	put32(s->buf + 0, BOOT_IMAGE_MAGIC);
	put32(s->buf + 4, 0x20001000);
	put16(s->buf + 8, hdr_size);
	put16(s->buf + 10, prot);
	put32(s->buf + 12, img_size);
	put32(s->buf + 16, BOOT_IMAGE_F_PIC);
	s->buf[20] = 1;
	s->buf[21] = 2;
	put16(s->buf + 22, 0x0304);
	put32(s->buf + 24, 0x05060708);
	for (i = 0; i < img_size && hdr_size + i < BUF_SIZE; i++)
		s->buf[hdr_size + i] = (uint8_t)(i * 7 + 3);
	s->len = hdr_size + img_size;
}

static uint32_t s_info(struct synth *s, uint16_t magic)
{
	uint32_t at = s->len;

	put16(s->buf + at, magic);
	put16(s->buf + at + 2, 0);
	s->len += BOOT_TLV_INFO_SIZE;
	return at;
}

static void s_close(struct synth *s, uint32_t info)
{
	put16(s->buf + info + 2, s->len - info);
}

static void s_tlv(struct synth *s, uint16_t type, uint16_t len, uint8_t fill)
{
	put16(s->buf + s->len, type);
	put16(s->buf + s->len + 2, len);
	memset(s->buf + s->len + 4, fill, len);
	s->len += BOOT_TLV_HDR_SIZE + len;
}

/* A well-formed Ed25519-shaped image with a security counter. */
static void s_valid(struct synth *s)
{
	uint32_t info;

	s_header(s, 0x80, 300, 12);
	info = s_info(s, BOOT_TLV_PROT_INFO_MAGIC);
	s_tlv(s, BOOT_TLV_SEC_CNT, 4, 0);
	put32(s->buf + s->len - 4, 0x01020003);
	s_close(s, info);
	info = s_info(s, BOOT_TLV_INFO_MAGIC);
	s_tlv(s, BOOT_TLV_SHA256, 32, 0x11);
	s_tlv(s, BOOT_TLV_KEYHASH, 32, 0x22);
	s_tlv(s, BOOT_TLV_ED25519, 64, 0x33);
	s_close(s, info);
}

/* Parse s->buf as a slot of slot_size; no read may leave the slot. */
static int parse_slot(const struct synth *s, uint32_t slot_size,
		      struct boot_image_info *info)
{
	struct mem_slot m;
	struct boot_image_reader rd = mem_slot_reader(&m, s->buf, slot_size);
	int rc = boot_image_parse(&rd, info);

	CHECK_EQ(m.out_of_bounds, 0);
	return rc;
}

static int parse(const struct synth *s)
{
	struct boot_image_info info;

	return parse_slot(s, BUF_SIZE, &info);
}

static void test_valid_fields(void)
{
	struct boot_image_info info;
	struct synth s;

	s_valid(&s);
	CHECK_EQ(parse_slot(&s, BUF_SIZE, &info), BOOT_IMAGE_OK);
	CHECK_EQ(info.hdr.magic, BOOT_IMAGE_MAGIC);
	CHECK_EQ(info.hdr.load_addr, 0x20001000);
	CHECK_EQ(info.hdr.hdr_size, 0x80);
	CHECK_EQ(info.hdr.protect_tlv_size, 12);
	CHECK_EQ(info.hdr.img_size, 300);
	CHECK_EQ(info.hdr.flags, BOOT_IMAGE_F_PIC);
	CHECK_EQ(info.hdr.version.major, 1);
	CHECK_EQ(info.hdr.version.minor, 2);
	CHECK_EQ(info.hdr.version.revision, 0x0304);
	CHECK_EQ(info.hdr.version.build, 0x05060708);
	CHECK_EQ(info.hashed_len, 0x80 + 300 + 12);
	CHECK_EQ(info.tlv_off, info.hashed_len);
	CHECK_EQ(info.end, s.len);
	CHECK(info.has_sec_cnt);
	CHECK_EQ(info.sec_cnt, 0x01020003);
	CHECK(info.hash.present);
	CHECK_EQ(info.hash.off, info.tlv_off + 8);
	CHECK_EQ(info.hash.len, 32);
	CHECK(info.key_id.present);
	CHECK_EQ(info.key_id.type, BOOT_TLV_KEYHASH);
	CHECK_EQ(info.key_id.off, info.tlv_off + 8 + 36);
	CHECK(info.sig.present);
	CHECK_EQ(info.sig.type, BOOT_TLV_ED25519);
	CHECK_EQ(info.sig.len, 64);
	/* The slot may end exactly at the last TLV byte. */
	CHECK_EQ(parse_slot(&s, s.len, &info), BOOT_IMAGE_OK);
	CHECK_EQ(parse_slot(&s, s.len - 1, &info), BOOT_IMAGE_ETLV_AREA);
}

static void test_header_errors(void)
{
	struct boot_image_info info;
	struct synth s;

	s_valid(&s);
	CHECK_EQ(parse_slot(&s, 31, &info), BOOT_IMAGE_ESLOT);
	CHECK_EQ(parse_slot(&s, 0, &info), BOOT_IMAGE_ESLOT);

	s_valid(&s);
	s.buf[3] ^= 0x01;
	CHECK_EQ(parse(&s), BOOT_IMAGE_EMAGIC);

	s_valid(&s);
	put16(s.buf + 8, 31);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EHDR_SIZE);
	put16(s.buf + 8, 0);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EHDR_SIZE);

	/* Payload past the slot end. */
	s_valid(&s);
	put32(s.buf + 12, BUF_SIZE);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EIMG_SIZE);
	s_valid(&s);
	CHECK_EQ(parse_slot(&s, 0x80 + 299, &info), BOOT_IMAGE_EIMG_SIZE);

	/* hdr_size + img_size wraps 32 bits. */
	s_valid(&s);
	put32(s.buf + 12, 0xffffff90);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EOVERFLOW);
	put32(s.buf + 12, UINT32_MAX);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EOVERFLOW);

	/*
	 * + protect_tlv_size wraps 32 bits; only reachable with a slot of
	 * 4 GiB, and refused before anything past the header is read.
	 */
	s_valid(&s);
	put32(s.buf + 12, UINT32_MAX - 0x80 - 4);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EIMG_SIZE);
	CHECK_EQ(parse_slot(&s, UINT32_MAX, &info), BOOT_IMAGE_EOVERFLOW);

	/* Header + payload fit, the protected area does not. */
	s_valid(&s);
	CHECK_EQ(parse_slot(&s, 0x80 + 300 + 11, &info), BOOT_IMAGE_EIMG_SIZE);
}

static void test_protected_errors(void)
{
	struct synth s;
	uint32_t info;

	s_valid(&s);
	put16(s.buf + 10, 2);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EPROT_SIZE);

	s_valid(&s);
	put16(s.buf + 10, 16); /* header says 16, area info says 12 */
	CHECK_EQ(parse(&s), BOOT_IMAGE_EPROT_SIZE);

	s_valid(&s);
	put16(s.buf + 0x80 + 300 + 2, 8); /* info says 8, header says 12 */
	CHECK_EQ(parse(&s), BOOT_IMAGE_EPROT_SIZE);

	s_valid(&s);
	put16(s.buf + 0x80 + 300, BOOT_TLV_INFO_MAGIC);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EPROT_MAGIC);

	/* A protected area the header does not declare. */
	s_valid(&s);
	put16(s.buf + 10, 0);
	CHECK_EQ(parse(&s), BOOT_IMAGE_EPROT_SIZE);

	/* Protected entry longer than the protected area. */
	s_header(&s, 0x80, 300, 12);
	info = s_info(&s, BOOT_TLV_PROT_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SEC_CNT, 4, 0);
	s_close(&s, info);
	put16(s.buf + info + 6, 8);
	info = s_info(&s, BOOT_TLV_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SHA256, 32, 0x11);
	s_close(&s, info);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_ENTRY);
}

static void test_tlv_area_errors(void)
{
	struct boot_image_info info;
	uint32_t tlv = 0x80 + 300 + 12;
	struct synth s;

	s_valid(&s);
	put16(s.buf + tlv, 0x6906);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_MAGIC);

	/* No room left for the TLV info at all. */
	s_valid(&s);
	CHECK_EQ(parse_slot(&s, tlv + 3, &info), BOOT_IMAGE_ETLV_AREA);
	CHECK_EQ(parse_slot(&s, tlv, &info), BOOT_IMAGE_ETLV_AREA);

	s_valid(&s);
	put16(s.buf + tlv + 2, 3);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_INFO);

	/* Area length past the slot end. */
	s_valid(&s);
	put16(s.buf + tlv + 2, 0xffff);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_AREA);

	/* Area ends in the middle of an entry header. */
	s_valid(&s);
	put16(s.buf + tlv + 2, 4 + 36 + 2);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_ENTRY);

	/* Entry value past the area (area cut inside the signature). */
	s_valid(&s);
	put16(s.buf + tlv + 2, 4 + 36 + 36 + 4 + 63);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_ENTRY);

	/* Entry length field huge. */
	s_valid(&s);
	put16(s.buf + tlv + 4 + 2, 0xfff0);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_ENTRY);

	/* Empty unprotected area: no hash. */
	s_header(&s, 0x40, 10, 0);
	s_close(&s, s_info(&s, BOOT_TLV_INFO_MAGIC));
	CHECK_EQ(parse(&s), BOOT_IMAGE_ENO_HASH);
}

/* One entry of the given type/len after a SHA256 (or instead of it). */
static int parse_single(uint16_t type, uint16_t len)
{
	struct synth s;
	uint32_t info;

	s_header(&s, 0x20, 64, 0);
	info = s_info(&s, BOOT_TLV_INFO_MAGIC);
	if (type != BOOT_TLV_SHA256 && type != BOOT_TLV_SHA384)
		s_tlv(&s, BOOT_TLV_SHA256, 32, 0x11);
	s_tlv(&s, type, len, 0x5a);
	s_close(&s, info);
	return parse(&s);
}

static void test_tlv_lengths(void)
{
	static const struct {
		uint16_t type;
		uint16_t good;
		uint16_t bad[2];
	} cases[] = {
		{BOOT_TLV_SHA256, 32, {31, 33}},
		{BOOT_TLV_SHA384, 48, {32, 64}},
		{BOOT_TLV_KEYHASH, 32, {0, 64}},
		{BOOT_TLV_KEYHASH, 48, {31, 49}},
		{BOOT_TLV_PUBKEY, 91, {0, BOOT_IMAGE_PUBKEY_MAX + 1}},
		{BOOT_TLV_RSA2048_PSS, 256, {255, 384}},
		{BOOT_TLV_RSA3072_PSS, 384, {256, 385}},
		{BOOT_TLV_ECDSA_SIG, 72, {7, 105}},
		{BOOT_TLV_ECDSA_SIG, 104, {7, 105}}, /* P-384, --pad-sig */
		{BOOT_TLV_ECDSA_SIG, 8, {0, 1000}},
		{BOOT_TLV_ED25519, 64, {63, 65}},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_EQ(parse_single(cases[i].type, cases[i].good),
			 BOOT_IMAGE_OK);
		CHECK_EQ(parse_single(cases[i].type, cases[i].bad[0]),
			 BOOT_IMAGE_ETLV_LEN);
		CHECK_EQ(parse_single(cases[i].type, cases[i].bad[1]),
			 BOOT_IMAGE_ETLV_LEN);
	}
}

static void test_sec_cnt_rules(void)
{
	struct synth s;
	uint32_t info;

	/* Security counter outside the hashed area is refused. */
	CHECK_EQ(parse_single(BOOT_TLV_SEC_CNT, 4), BOOT_IMAGE_ETLV_PLACE);

	s_header(&s, 0x20, 64, 4 + 6);
	info = s_info(&s, BOOT_TLV_PROT_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SEC_CNT, 2, 0);
	s_close(&s, info);
	info = s_info(&s, BOOT_TLV_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SHA256, 32, 0x11);
	s_close(&s, info);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_LEN);

	s_header(&s, 0x20, 64, 4 + 16);
	info = s_info(&s, BOOT_TLV_PROT_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SEC_CNT, 4, 1);
	s_tlv(&s, BOOT_TLV_SEC_CNT, 4, 2);
	s_close(&s, info);
	info = s_info(&s, BOOT_TLV_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SHA256, 32, 0x11);
	s_close(&s, info);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_DUP);

	/* The hash cannot cover itself: SHA256 in the protected area. */
	s_header(&s, 0x20, 64, 4 + 36);
	info = s_info(&s, BOOT_TLV_PROT_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SHA256, 32, 1);
	s_close(&s, info);
	info = s_info(&s, BOOT_TLV_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SHA256, 32, 0x11);
	s_close(&s, info);
	CHECK_EQ(parse(&s), BOOT_IMAGE_ETLV_PLACE);
}

/* Two entries: the second must be refused as a duplicate. */
static int parse_pair(uint16_t a, uint16_t alen, uint16_t b, uint16_t blen)
{
	struct synth s;
	uint32_t info;

	s_header(&s, 0x20, 64, 0);
	info = s_info(&s, BOOT_TLV_INFO_MAGIC);
	s_tlv(&s, BOOT_TLV_SHA256, 32, 0x11);
	s_tlv(&s, a, alen, 0x22);
	s_tlv(&s, b, blen, 0x33);
	s_close(&s, info);
	return parse(&s);
}

static void test_duplicates(void)
{
	CHECK_EQ(parse_pair(BOOT_TLV_SHA256, 32, BOOT_TLV_KEYHASH, 32),
		 BOOT_IMAGE_ETLV_DUP);
	CHECK_EQ(parse_pair(BOOT_TLV_KEYHASH, 32, BOOT_TLV_KEYHASH, 32),
		 BOOT_IMAGE_ETLV_DUP);
	CHECK_EQ(parse_pair(BOOT_TLV_KEYHASH, 32, BOOT_TLV_PUBKEY, 44),
		 BOOT_IMAGE_ETLV_DUP);
	CHECK_EQ(parse_pair(BOOT_TLV_ED25519, 64, BOOT_TLV_ECDSA_SIG, 70),
		 BOOT_IMAGE_ETLV_DUP);
	CHECK_EQ(parse_pair(BOOT_TLV_RSA2048_PSS, 256, BOOT_TLV_RSA2048_PSS,
			    256),
		 BOOT_IMAGE_ETLV_DUP);
	/* A key id and one signature is the normal case. */
	CHECK_EQ(parse_pair(BOOT_TLV_PUBKEY, 44, BOOT_TLV_ED25519, 64),
		 BOOT_IMAGE_OK);
}

static void test_unknown_skipped(void)
{
	struct boot_image_info info;
	struct synth s;
	uint32_t at;

	s_header(&s, 0x20, 64, 4 + 16 + 8 + 4);
	at = s_info(&s, BOOT_TLV_PROT_INFO_MAGIC);
	s_tlv(&s, 0x40, 12, 0x44); /* dependency */
	s_tlv(&s, BOOT_TLV_SEC_CNT, 4, 0x07);
	s_tlv(&s, 0xa0, 0, 0); /* custom, empty */
	s_close(&s, at);
	at = s_info(&s, BOOT_TLV_INFO_MAGIC);
	s_tlv(&s, 0x60, 5, 0x66);
	s_tlv(&s, BOOT_TLV_SHA256, 32, 0x11);
	s_tlv(&s, 0x7fff, 3, 0x77);
	s_close(&s, at);
	CHECK_EQ(parse_slot(&s, BUF_SIZE, &info), BOOT_IMAGE_OK);
	CHECK_EQ(info.sec_cnt, 0x07070707);
	CHECK_EQ(info.hash.off, info.tlv_off + 4 + 9 + 4);
	CHECK(!info.key_id.present);
	CHECK(!info.sig.present);
	CHECK_EQ(info.end, s.len);
}

static void test_read_failure(void)
{
	struct boot_image_info info;
	struct mem_slot m;
	struct boot_image_reader rd;
	struct synth s;
	unsigned int n, reads;

	s_valid(&s);
	rd = mem_slot_reader(&m, s.buf, s.len);
	CHECK_EQ(boot_image_parse(&rd, &info), BOOT_IMAGE_OK);
	reads = m.reads;
	CHECK(reads >= 5);
	/* Every read the parser makes can fail and is reported as such. */
	for (n = 1; n <= reads; n++) {
		rd = mem_slot_reader(&m, s.buf, s.len);
		m.fail_at_read = n;
		CHECK_EQ(boot_image_parse(&rd, &info), BOOT_IMAGE_EREAD);
	}
	CHECK_EQ(boot_image_parse(NULL, &info), BOOT_IMAGE_EINVAL);
	rd.read = NULL;
	CHECK_EQ(boot_image_parse(&rd, &info), BOOT_IMAGE_EINVAL);
}

static void test_version_cmp(void)
{
	struct boot_image_version a = {1, 2, 3, 4}, b;

	b = a;
	CHECK_EQ(boot_image_version_cmp(&a, &b), 0);
	b.build = 5;
	CHECK_EQ(boot_image_version_cmp(&a, &b), -1);
	CHECK_EQ(boot_image_version_cmp(&b, &a), 1);
	b = a;
	b.revision = 2;
	b.build = 0xffffffff; /* revision outranks build */
	CHECK_EQ(boot_image_version_cmp(&a, &b), 1);
	b = a;
	b.minor = 3;
	b.revision = 0;
	CHECK_EQ(boot_image_version_cmp(&a, &b), -1);
	b = a;
	b.major = 0;
	b.minor = 255;
	b.revision = 0xffff;
	CHECK_EQ(boot_image_version_cmp(&a, &b), 1);
	b = a;
	b.major = 255;
	CHECK_EQ(boot_image_version_cmp(&b, &a), 1);
}

static void test_strerror(void)
{
	int a, b;

	CHECK(!strcmp(boot_image_strerror(BOOT_IMAGE_OK), "ok"));
	CHECK(!strcmp(boot_image_strerror(1), "unknown error"));
	CHECK(!strcmp(boot_image_strerror(-1000), "unknown error"));
	for (a = BOOT_IMAGE_ECRYPTO; a < 0; a++) {
		CHECK(strcmp(boot_image_strerror(a), "unknown error"));
		for (b = a + 1; b < 0; b++)
			CHECK(strcmp(boot_image_strerror(a),
				     boot_image_strerror(b)));
	}
}

static uint32_t rng_state = 0x2545f491;

static uint32_t next_rand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Random damage to the length/magic fields: defined answers only. */
static void test_mutations(void)
{
	struct boot_image_info info;
	struct synth base, s;
	unsigned int i, j, ok = 0;
	uint32_t slot;
	int rc;

	s_valid(&base);
	for (i = 0; i < 20000; i++) {
		s = base;
		for (j = 0; j < 1 + next_rand() % 4; j++) {
			/* Mostly header and TLV headers, where lengths live. */
			uint32_t at = next_rand() % 3
					      ? next_rand() % 32
					      : 0x80 + 300 + next_rand() % 160;
			s.buf[at] = (uint8_t)next_rand();
		}
		slot = base.len + 16 - next_rand() % (base.len + 17);
		rc = parse_slot(&s, slot, &info);
		CHECK(rc <= 0 && rc >= BOOT_IMAGE_ECRYPTO);
		if (!rc) {
			ok++;
			CHECK(info.end <= slot);
			CHECK(info.hashed_len <= info.tlv_off);
		}
	}
	CHECK(ok > 0);
}

int main(void)
{
	test_valid_fields();
	test_header_errors();
	test_protected_errors();
	test_tlv_area_errors();
	test_tlv_lengths();
	test_sec_cnt_rules();
	test_duplicates();
	test_unknown_skipped();
	test_read_failure();
	test_version_cmp();
	test_strerror();
	test_mutations();
	return test_report("test_image_parse");
}
