/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MCUboot image header/TLV parser and validator (boot/image*.c) with the
 * imgtool vector keys trusted.
 *
 * Input: one option byte (bit 0: accept unsigned images, bit 1: trust
 * only the Ed25519 key, bits 2..7: slack bytes after the image in the
 * slot), then the slot contents.
 *
 * Oracles: the parser reads only inside the slot; whatever it accepts is
 * consistent (areas inside the slot, in order); an image the validator
 * accepts has a SHA-256 TLV equal to an independent mbedTLS hash of the
 * hashed area, and a signature unless unsigned images are allowed.
 */
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "boot/image.h"
#include "boot/image_validate.h"
#include "fuzz/fuzz.h"
#include "fuzz/fuzz_keys.h"

static struct boot_image_key keys[FUZZ_KEY_COUNT];

struct slot {
	const uint8_t *mem;
	uint32_t size;
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_keys_load(keys);
	return 0;
}

static int slot_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	const struct slot *s = ctx;

	FUZZ_CHECK(off <= s->size && len <= s->size - off);
	memcpy(buf, s->mem + off, len);
	return 0;
}

static void check_info(const struct boot_image_info *info, uint32_t size)
{
	const struct boot_image_header *h = &info->hdr;

	FUZZ_CHECK(h->magic == BOOT_IMAGE_MAGIC);
	FUZZ_CHECK(h->hdr_size >= BOOT_IMAGE_HEADER_SIZE);
	FUZZ_CHECK((uint64_t)h->hdr_size + h->img_size + h->protect_tlv_size ==
		   info->hashed_len);
	FUZZ_CHECK(info->hashed_len <= info->tlv_off);
	FUZZ_CHECK(info->tlv_off < info->end && info->end <= size);
	if (info->hash.present) {
		FUZZ_CHECK((info->hash.type == BOOT_TLV_SHA256 &&
			    info->hash.len == BOOT_IMAGE_HASH_SIZE) ||
			   (info->hash.type == BOOT_TLV_SHA384 &&
			    info->hash.len == BOOT_IMAGE_SHA384_SIZE));
		FUZZ_CHECK(info->hash.off >= info->tlv_off &&
			   info->hash.off + info->hash.len <= info->end);
	}
	if (info->sig.present) {
		FUZZ_CHECK(info->sig.off + info->sig.len <= info->end);
	}
	if (info->key_id.present) {
		FUZZ_CHECK(info->key_id.off + info->key_id.len <= info->end);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_image_verifier v = {keys, FUZZ_KEY_COUNT, false, false};
	struct boot_image_info info;
	struct slot s;
	struct boot_image_reader rd = {slot_read, &s, 0};
	uint8_t digest[64]; /* mbedtls_sha512_ret writes 64 even for SHA-384 */
	uint8_t *mem;
	size_t slack;
	int key_index = -2;
	int rc;

	if (size < 1 || size > (1u << 20)) {
		return 0;
	}
	v.allow_unsigned = data[0] & 1;
	v.key_count = data[0] & 2 ? 1 : FUZZ_KEY_COUNT;
	slack = data[0] >> 2;
	/* an exact-size copy: ASan sees any read past the slot */
	s.size = (uint32_t)(size - 1 + slack);
	mem = malloc(s.size ? s.size : 1);
	memcpy(mem, data + 1, size - 1);
	memset(mem + size - 1, 0xff, slack);
	s.mem = mem;
	rd.slot_size = s.size;

	if (boot_image_parse(&rd, &info) == BOOT_IMAGE_OK) {
		check_info(&info, s.size);
	}
	rc = boot_image_validate(&v, &rd, &info, &key_index);
	FUZZ_LOG("validate %d (%s), key %d\n", rc, boot_image_strerror(rc),
		 key_index);
	if (rc == BOOT_IMAGE_OK) {
		check_info(&info, s.size);
		FUZZ_CHECK(info.hash.present);
		/* the digest recomputed by another library (mbedTLS) */
		if (info.hash.type == BOOT_TLV_SHA256)
			FUZZ_CHECK(mbedtls_sha256_ret(mem, info.hashed_len,
						      digest, 0) == 0);
		else
			FUZZ_CHECK(mbedtls_sha512_ret(mem, info.hashed_len,
						      digest, 1) == 0);
		FUZZ_CHECK(memcmp(digest, mem + info.hash.off,
				  info.hash.len) == 0);
		FUZZ_CHECK(key_index >= -1 && key_index < (int)v.key_count);
		FUZZ_CHECK(key_index >= 0 || v.allow_unsigned);
		FUZZ_CHECK(key_index < 0 || info.sig.present);
	} else {
		FUZZ_CHECK(rc < 0 && boot_image_strerror(rc) != NULL);
	}
	free(mem);
	return 0;
}
