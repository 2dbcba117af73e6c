/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interop with MCUboot's imgtool.py 2.4.0 over every file of the
 * imgtool-v2 set (tests/vectors/imgtool-v2, MANIFEST.txt), three ways:
 *
 * 1. validate: each image is accepted by the project's validator, or
 *    refused with the reason its MANIFEST line predicts (header flags,
 *    the negative vector's description, the hash TLV kind, PUBKEY);
 *    accepted ones must also give imgtool's "Image digest".
 * 2. data: the --vector-to-sign and --sig-out outputs match the images.
 * 3. verify, dumpinfo: the project's `imgtool verify` run as the
 *    MANIFEST ran imgtool's accepts what the validator accepts (and any
 *    PUBKEY image, as imgtool) with imgtool's "Image digest" line, and
 *    fails on the rest; the project's `imgtool dumpinfo` prints what imgtool's
 *    printed (dumpinfo/<file>.txt) byte for byte, or fails where it did.
 * 4. sign: every "cmd: imgtool sign" line (made and refused ones) is run
 *    through the project's imgtool CLI (argv[1]) with the same options.
 *    Deterministic ones (no key, Ed25519) must come out byte-identical;
 *    ECDSA/RSA ones identical up to the signature; commands imgtool
 *    refused must be refused. Commands using an option this signer does
 *    not implement (unsupported[] below) must be refused too: the row
 *    fails the day the option starts working, so the list stays true.
 *
 * Every file is first rebuilt from its stored form and checked against
 * the MANIFEST sha256. Prints a tried/passed/failed table per check.
 */
#define _DEFAULT_SOURCE /* realpath, mkdtemp, symlink */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot/image_crypto.h"
#include "boot/image_validate.h"
#include "test.h"
#include "test_image_util.h"
#include "tools/imgtool/ihex.h"

TEST_MAIN_DEFS;

#define MAX_ROWS     256
#define LINE_MAX_LEN 2048

struct row {
	char name[96];
	size_t size;
	char sha[65];
	char verify[LINE_MAX_LEN];
	char cmd[LINE_MAX_LEN];
	char verify_cmd[512];
	char dumpinfo[LINE_MAX_LEN];
	char desc[LINE_MAX_LEN];
	char plain_sha[65]; /* "plaintext payload sha256" of encrypted rows */
	bool refused; /* from the "Commands REFUSED" section */
};

static struct row rows[MAX_ROWS];
static size_t row_count;

enum check {
	C_FILE,
	C_VALIDATE,
	C_PUBKEY_BUILD,
	C_DECRYPT,
	C_ENC_REFUSED,
	C_DATA,
	C_VERIFY_CLI,
	C_DUMPINFO,
	C_SIGN_EXACT,
	C_SIGN_RANDOM,
	C_SIGN_ENC,
	C_SIGN_REFUSED,
	C_SIGN_UNSUPPORTED,
	C_COUNT,
};

static const char *const check_name[C_COUNT] = {
	[C_FILE] = "file rebuilt = MANIFEST sha256",
	[C_VALIDATE] = "validator: accept / predicted reason",
	[C_PUBKEY_BUILD] = "validator, BOOT_ALLOW_PUBKEY build",
	[C_DECRYPT] = "decrypted payload = MANIFEST plaintext",
	[C_ENC_REFUSED] = "encrypted: refused without the right key",
	[C_DATA] = "vector-to-sign / sig-out data",
	[C_VERIFY_CLI] = "imgtool verify CLI (digest line)",
	[C_DUMPINFO] = "dumpinfo output = imgtool's",
	[C_SIGN_EXACT] = "signer byte-identical (no key, Ed25519)",
	[C_SIGN_RANDOM] = "signer same but signature (ECDSA, RSA)",
	[C_SIGN_ENC] = "signer -E: same plaintext digest, decrypts",
	[C_SIGN_REFUSED] = "signer refuses what imgtool refused",
	[C_SIGN_UNSUPPORTED] = "signer refuses unsupported options",
};

static unsigned int tried[C_COUNT], passed[C_COUNT];

static void result(enum check c, const char *name, bool ok, const char *why)
{
	tried[c]++;
	test_checks++;
	if (ok) {
		passed[c]++;
		return;
	}
	test_failures++;
	printf("FAIL %-45s %s: %s\n", name, check_name[c], why);
}

/* ---- MANIFEST ------------------------------------------------------ */

static void field(char *dst, size_t cap, const char *line, const char *key)
{
	const char *p = strstr(line, key);

	if (p == line + 4 && !dst[0]) {
		snprintf(dst, cap, "%s", p + strlen(key));
		dst[strcspn(dst, "\n")] = 0;
	}
}

static bool parse_row(const char *line, struct row *r)
{
	char sha[65];
	unsigned long size;
	int n = 0;

	memset(r, 0, sizeof(*r));
	if (sscanf(line, "%95s | %lu | %64[0-9a-f] | verify: %n", r->name,
		   &size, sha, &n) != 3 ||
	    !n)
		return false;
	r->size = size;
	memcpy(r->sha, sha, sizeof(sha));
	snprintf(r->verify, sizeof(r->verify), "%s", line + n);
	r->verify[strcspn(r->verify, "\n")] = 0;
	return true;
}

static void load_manifest(void)
{
	static char line[LINE_MAX_LEN * 2];
	FILE *f = fopen(V2_DIR "MANIFEST.txt", "r");
	struct row *r = NULL;
	bool refused_section = false;

	if (!f) {
		fprintf(stderr, "cannot open " V2_DIR "MANIFEST.txt\n");
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "## Commands REFUSED"))
			refused_section = true;
		if (row_count < MAX_ROWS && parse_row(line, &rows[row_count])) {
			r = &rows[row_count++];
		} else if (refused_section &&
			   strstr(line, " (not produced) ") &&
			   row_count < MAX_ROWS) {
			r = &rows[row_count++];
			memset(r, 0, sizeof(*r));
			sscanf(line, "%95s", r->name);
			r->refused = true;
		} else if (r && !strncmp(line, "    ", 4)) {
			field(r->cmd, sizeof(r->cmd), line, "cmd: ");
			field(r->verify_cmd, sizeof(r->verify_cmd), line,
			      "verify cmd: ");
			field(r->dumpinfo, sizeof(r->dumpinfo), line,
			      "dumpinfo: ");
			field(r->desc, sizeof(r->desc), line, "description: ");
			field(r->plain_sha, sizeof(r->plain_sha), line,
			      "plaintext payload sha256: ");
		} else {
			r = NULL;
		}
	}
	fclose(f);
}

/* ---- files --------------------------------------------------------- */

static void hex_of(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
	out[2 * n] = 0;
}

static bool sha_matches(const uint8_t *d, size_t n, const char *want)
{
	uint8_t h[32];
	char hex[65];

	if (boot_crypto_sha256(d, n, h))
		return false;
	hex_of(h, 32, hex);
	return !strcmp(hex, want);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

/* The image bytes of a .hex file: flat from its first address. */
static uint8_t *decode_hex(const uint8_t *text, size_t len, size_t *out_len)
{
	struct ihex_image h;

	if (ihex_parse((const char *)text, len, 0xff, &h))
		return NULL;
	free(h.present);
	*out_len = h.len;
	return h.data;
}

/* ---- 1. validate ---------------------------------------------------- */

static bool has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static uint32_t raw_flags(const struct row *r)
{
	const char *p = strstr(r->dumpinfo, "raw ih_flags=0x");

	return p ? (uint32_t)strtoul(p + 15, NULL, 16) : 0;
}

/* The reason the MANIFEST line predicts; OK when imgtool's verify holds. */
static bool is_clear(const struct row *r)
{
	return has(r->cmd, " --clear ");
}

/*
 * With the bootloader's decryption key: an encrypted image validates
 * (read as ciphertext, as downloaded); a --clear one is plaintext under
 * the flag, so decrypting it breaks the hash (it validates read as
 * plaintext, as in a primary slot: see validate_row).
 */
static int predicted(const struct row *r)
{
	uint32_t flags = raw_flags(r);

	if (flags & BOOT_IMAGE_F_COMPRESSED)
		return BOOT_IMAGE_ECOMPRESSED;
	if ((flags & BOOT_IMAGE_F_ENCRYPTED) && is_clear(r))
		return BOOT_IMAGE_EHASH;
	if (flags & BOOT_IMAGE_F_COMPRESSED)
		return BOOT_IMAGE_ECOMPRESSED;
	if (flags & ~(BOOT_IMAGE_F_VALIDATE_OK | BOOT_IMAGE_F_ENCRYPTED))
		return BOOT_IMAGE_EFLAGS;
	if (has(r->cmd, " -e big "))
		return BOOT_IMAGE_EMAGIC; /* verify: "Invalid image magic" */
	if (has(r->desc, "XOR"))
		return BOOT_IMAGE_EHASH;
	if (has(r->desc, "cut") && has(r->desc, "short"))
		return BOOT_IMAGE_ETLV_AREA;
	if (has(r->desc, "ih_protect_tlv_size"))
		return BOOT_IMAGE_EPROT_SIZE;
	if (has(r->dumpinfo, "SHA512(0x12)"))
		return BOOT_IMAGE_EHASH_TYPE;
	if (has(r->dumpinfo, "PUBKEY(0x2)"))
		return BOOT_IMAGE_EPUBKEY;
	return BOOT_IMAGE_OK;
}

static const char *key_file(const struct row *r)
{
	static char path[256];
	const char *k = strstr(r->verify_cmd, "-k keys/");
	size_t n;

	if (!k)
		return NULL;
	n = strcspn(k + 3, " ");
	snprintf(path, sizeof(path), V2_DIR "%.*s", (int)n, k + 3);
	return path;
}

/* The private key matching the row's "-E keys/enc-*.pub.pem". */
static const char *enc_key_file(const struct row *r)
{
	static char path[256];
	const char *k = strstr(r->cmd, "-E keys/");
	size_t n;

	if (!k)
		return NULL;
	n = strcspn(k + 3, " ");
	if (n < 8 || strncmp(k + 3 + n - 8, ".pub.pem", 8))
		return NULL;
	snprintf(path, sizeof(path), V2_DIR "%.*s.pem", (int)n - 8, k + 3);
	return path;
}

/* The decryption keys the validator gets (none: encryption refused). */
static const struct boot_enc_keyring *cur_ring;
static bool cur_ciphertext = true;

static int run_validator(const uint8_t *img, size_t len,
			 const struct boot_image_key *key, bool pubkey,
			 struct boot_image_info *info)
{
	struct boot_image_decryptor dec;
	struct boot_image_verifier v = {key, key ? 1 : 0, !key, pubkey};
	struct mem_slot m;
	struct boot_image_reader rd = mem_slot_reader(&m, img, (uint32_t)len);
	int rc;

	if (cur_ring)
		boot_enc_decryptor_init(&dec, cur_ring);
	rc = boot_image_validate_ex(&v, cur_ring ? &dec : NULL, &rd, info,
				    NULL, cur_ciphertext);
	return m.out_of_bounds ? 999 : rc;
}

/* The payload decrypted in place (a copy) hashes to the MANIFEST's. */
static void decrypt_row(const struct row *r, const uint8_t *img, size_t len,
			const struct boot_image_info *info)
{
	struct mem_slot m;
	struct boot_image_reader rd = mem_slot_reader(&m, img, (uint32_t)len);
	uint8_t key[BOOT_ENC_KEY_MAX], h[32], *body;
	size_t key_len = 0, plain_len = strstr(r->name, "e3000") ? 3000 : 100000;
	char hex[65];
	int rc = boot_enc_image_key(cur_ring, &rd, info, key, &key_len);

	if (rc || info->hdr.img_size < plain_len) {
		result(C_DECRYPT, r->name, false, "no key or short body");
		return;
	}
	body = malloc(info->hdr.img_size);
	memcpy(body, img + info->hdr.hdr_size, info->hdr.img_size);
	if (!is_clear(r))
		rc = boot_enc_ctr(key, key_len, 0, body, info->hdr.img_size);
	boot_crypto_sha256(body, plain_len, h);
	hex_of(h, 32, hex);
	result(C_DECRYPT, r->name, !rc && !strcmp(hex, r->plain_sha),
	       "plaintext sha256 differs");
	free(body);
}

/* Keys that must not open it, each with its reason. */
static void enc_refusals(const struct row *r, const uint8_t *img, size_t len,
			 const struct boot_image_key *k)
{
	static uint8_t der[2][4096];
	static const char *const all[] = {
		V2_DIR "keys/enc-x25519.pem",
		V2_DIR "keys/enc-ec256.pem",
		V2_DIR "keys/enc-rsa2048.pem",
	};
	const struct boot_enc_keyring *saved = cur_ring;
	struct boot_enc_key other[2];
	struct boot_enc_keyring ring = {other, 0};
	struct boot_image_info info;
	const char *mine = enc_key_file(r);
	char why[160];
	size_t i;
	int rc;

	/* no decryptor at all: the build without MCUBOOT_ENC_IMAGES */
	cur_ring = NULL;
	rc = run_validator(img, len, k, false, &info);
	snprintf(why, sizeof(why), "no keys: got %d (%s)", rc,
		 boot_image_strerror(rc));
	result(C_ENC_REFUSED, r->name, rc == BOOT_IMAGE_EENCRYPTED, why);
	/* the two other kinds: nothing opens this TLV */
	for (i = 0; i < 3; i++)
		if (strcmp(all[i], mine) &&
		    make_enc_key(all[i], der[ring.count], sizeof(der[0]),
				 &other[ring.count]) == 0)
			ring.count++;
	cur_ring = &ring;
	rc = run_validator(img, len, k, false, &info);
	snprintf(why, sizeof(why), "other kinds: got %d (%s)", rc,
		 boot_image_strerror(rc));
	result(C_ENC_REFUSED, r->name, rc == BOOT_IMAGE_EENC_NO_KEY, why);
	cur_ring = saved;
}

/* Accepted: imgtool's "Image digest" must be our SHA256/SHA384 TLV. */
static bool digest_agrees(const struct row *r, const uint8_t *img,
			  const struct boot_image_info *info)
{
	const char *d = strstr(r->verify, "Image digest: ");
	char hex[2 * BOOT_IMAGE_HASH_MAX + 1];

	if (!d || !info->hash.present || info->hash.len > BOOT_IMAGE_HASH_MAX)
		return false;
	hex_of(img + info->hash.off, info->hash.len, hex);
	return !strncmp(d + 14, hex, strlen(hex)) &&
	       !isxdigit((unsigned char)d[14 + strlen(hex)]) &&
	       info->hdr.version.major == 1 &&
	       info->hdr.version.minor == 2 &&
	       info->hdr.version.revision == 3 && info->hdr.version.build == 4;
}

static void validate_row(const struct row *r, const uint8_t *img, size_t len)
{
	static uint8_t der[4096];
	struct boot_image_key key, *k = NULL;
	struct boot_image_info info;
	const char *kf = key_file(r);
	int want = predicted(r), rc;
	char why[256];

	static uint8_t enc_der[4096];
	struct boot_enc_key ek;
	struct boot_enc_keyring ring = {&ek, 1};
	const char *ef = enc_key_file(r);

	if (kf && make_trusted_key(kf, der, sizeof(der), &key) == 0)
		k = &key;
	cur_ring = ef && make_enc_key(ef, enc_der, sizeof(enc_der), &ek) == 0
			   ? &ring
			   : NULL;
	rc = run_validator(img, len, k, false, &info);
	if (cur_ring && !(raw_flags(r) & BOOT_IMAGE_F_COMPRESSED)) {
		decrypt_row(r, img, len, &info);
		enc_refusals(r, img, len, k);
		if (is_clear(r)) {
			/* plaintext under the flag: as a primary slot reads */
			int prc;

			cur_ciphertext = false;
			prc = run_validator(img, len, k, false, &info);
			cur_ciphertext = true;
			result(C_VALIDATE, r->name,
			       !prc && digest_agrees(r, img, &info),
			       "--clear image read as plaintext refused");
		}
	}
	cur_ring = NULL;
	snprintf(why, sizeof(why), "got %d (%s), predicted %d (%s)", rc,
		 boot_image_strerror(rc), want, boot_image_strerror(want));
	/* imgtool's verify cannot decrypt: no digest line to compare */
	result(C_VALIDATE, r->name,
	       rc == want && (rc || digest_agrees(r, img, &info) ||
			      (raw_flags(r) & BOOT_IMAGE_F_ENCRYPTED)),
	       why);
	if (want != BOOT_IMAGE_EPUBKEY)
		return;
	rc = run_validator(img, len, k, true, &info);
	snprintf(why, sizeof(why), "got %d (%s)", rc, boot_image_strerror(rc));
	result(C_PUBKEY_BUILD, r->name, !rc && digest_agrees(r, img, &info),
	       why);
}

/* ---- 2. data rows --------------------------------------------------- */

static int b64_value(char c)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(set, c) : NULL;

	return p ? (int)(p - set) : -1;
}

static size_t b64_decode(const uint8_t *in, size_t len, uint8_t *out)
{
	uint32_t acc = 0;
	size_t i, n = 0;
	int bits = 0, v;

	for (i = 0; i < len && in[i] != '='; i++) {
		v = b64_value((char)in[i]);
		if (v < 0)
			return 0;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return n;
}

static bool parse_image(const uint8_t *img, size_t len,
			struct boot_image_info *info)
{
	struct mem_slot m;
	struct boot_image_reader rd = mem_slot_reader(&m, img, (uint32_t)len);

	return boot_image_parse(&rd, info) == 0;
}

static void data_row(const struct row *r, const uint8_t *d, size_t len)
{
	struct boot_image_info info;
	char img_name[96];
	uint8_t *img, sig[1024];
	size_t img_len, n;
	bool ok;

	if (ends_with(r->name, ".sig.b64")) {
		snprintf(img_name, sizeof(img_name), "%.*s.bin",
			 (int)(strlen(r->name) - 8), r->name);
	} else {
		snprintf(img_name, sizeof(img_name), "s3000-ed25519.bin");
	}
	img = v2_load(img_name, &img_len);
	ok = parse_image(img, img_len, &info);
	if (ends_with(r->name, ".sig.b64")) {
		n = b64_decode(d, len, sig);
		ok = ok && n == info.sig.len &&
		     !memcmp(sig, img + info.sig.off, n);
	} else if (ends_with(r->name, "-payload.bin")) {
		ok = ok && len == info.hashed_len && !memcmp(d, img, len);
	} else {
		ok = ok && len == info.hash.len &&
		     !memcmp(d, img + info.hash.off, len);
	}
	result(C_DATA, r->name, ok, "does not match its image");
	free(img);
}

/* ---- 3. sign --------------------------------------------------------- */

/* Options (or values) this signer does not implement yet. */
static const char *const unsupported[] = {
	" --compression ",
	" --pure ",
	" --vid ",
	" --cid ",
	" -e big ",
	" --sha 512 ",
};

static const char *unsupported_option(const char *cmd)
{
	size_t i;

	for (i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (has(cmd, unsupported[i]))
			return unsupported[i];
	return NULL;
}

static char *imgtool_path;
static char work_dir[PATH_MAX];

/* Runs "imgtool sign ..." as the MANIFEST has it, in work_dir. */
static int run_sign(const char *cmd)
{
	static char line[LINE_MAX_LEN + 2 * PATH_MAX];
	bool redirected = has(cmd, " > ");

	snprintf(line, sizeof(line), "cd '%s' && '%s' %s %s 2>/dev/null",
		 work_dir, imgtool_path, cmd + strlen("imgtool "),
		 redirected ? "" : ">/dev/null");
	return system(line);
}

static const char *out_name(const char *cmd)
{
	const char *p = strrchr(cmd, ' ');

	return p ? p + 1 : cmd;
}

static uint8_t *read_output(const char *name, size_t *len)
{
	char path[PATH_MAX + 128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", work_dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fclose(f);
	return load_file(path, len);
}

/* ECDSA/RSA: all but the signature (and the TLV lengths it sets). */
static bool same_but_signature(const uint8_t *a, size_t alen, const uint8_t *b,
			       size_t blen)
{
	struct boot_image_info ia, ib;
	size_t end;

	if (!parse_image(a, alen, &ia) || !parse_image(b, blen, &ib) ||
	    ia.hashed_len != ib.hashed_len || memcmp(a, b, ia.hashed_len) ||
	    ia.hash.len != ib.hash.len ||
	    memcmp(a + ia.hash.off, b + ib.hash.off, ia.hash.len) ||
	    ia.key_id.len != ib.key_id.len ||
	    memcmp(a + ia.key_id.off, b + ib.key_id.off, ia.key_id.len) ||
	    ia.sig.type != ib.sig.type)
		return false;
	if (alen == ia.end || blen == ib.end)
		return alen == ia.end && blen == ib.end;
	/* padded: the same slot, fill and trailer after the TLVs */
	end = ia.end > ib.end ? ia.end : ib.end;
	return alen == blen && !memcmp(a + end, b + end, alen - end);
}

/* The file name following an option in a command ("--fix-sig F"). */
static const char *option_file(const char *cmd, const char *opt, char *buf,
			       size_t cap)
{
	const char *p = strstr(cmd, opt);

	if (!p)
		return NULL;
	p += strlen(opt);
	snprintf(buf, cap, "%.*s", (int)strcspn(p, " "), p);
	return buf;
}

/* The reference input of --fix-sig (a --sig-out row may have replaced it). */
static void restore_fix_sig(const char *cmd)
{
	char name[128], path[PATH_MAX + 160];
	uint8_t *d;
	size_t len;
	FILE *f;

	if (!option_file(cmd, " --fix-sig ", name, sizeof(name)))
		return;
	d = v2_load(name, &len);
	snprintf(path, sizeof(path), "%s/%s", work_dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(d, 1, len, f) != len || fclose(f))
		exit(2);
	free(d);
}

/* --sig-out: our base64 file holds our image's signature. */
static bool sig_out_agrees(const char *cmd, const uint8_t *img, size_t len)
{
	struct boot_image_info info;
	char name[128];
	uint8_t *text, sig[1024];
	size_t tlen, n;
	bool ok;

	if (!option_file(cmd, " --sig-out ", name, sizeof(name)))
		return true;
	text = read_output(name, &tlen);
	if (!text)
		return false;
	n = b64_decode(text, tlen, sig);
	ok = parse_image(img, len, &info) && n == info.sig.len &&
	     !memcmp(sig, img + info.sig.off, n);
	free(text);
	return ok;
}

/*
 * -E is randomized (image key, ephemeral key, OAEP): ours must have the
 * same header and plaintext digest (SHA256 TLV) as imgtool's, a key TLV
 * of the same type and length, and validate with the bootloader's
 * decryption key (read as plaintext for --clear).
 */
static void enc_sign_row(const struct row *r, const uint8_t *ours,
			 size_t olen, const uint8_t *theirs, size_t tlen)
{
	static uint8_t der[4096], enc_der[4096];
	struct boot_image_info io, it;
	struct boot_image_key key, *k = NULL;
	struct boot_enc_key ek;
	struct boot_enc_keyring ring = {&ek, 1};
	const char *kf = key_file(r);
	const char *ef = enc_key_file(r);
	bool ok = ours && parse_image(ours, olen, &io) &&
		  parse_image(theirs, tlen, &it) &&
		  !memcmp(ours, theirs, BOOT_IMAGE_HEADER_SIZE) &&
		  !memcmp(ours + io.hash.off, theirs + it.hash.off, 32) &&
		  io.enc.type == it.enc.type && io.enc.len == it.enc.len;
	int rc = -1;

	if (ok && kf && make_trusted_key(kf, der, sizeof(der), &key) == 0)
		k = &key;
	if (ok && ef && make_enc_key(ef, enc_der, sizeof(enc_der), &ek) == 0) {
		cur_ring = &ring;
		cur_ciphertext = !is_clear(r);
		rc = run_validator(ours, olen, k, false, &io);
		cur_ring = NULL;
		cur_ciphertext = true;
	}
	result(C_SIGN_ENC, r->name, ok && rc == 0,
	       ours ? "differs or does not validate" : "refused");
}

static void sign_row(const struct row *r)
{
	const char *opt = unsupported_option(r->cmd);
	const char *name = out_name(r->cmd);
	/* vectors to sign are the same for every key */
	bool random = (has(r->cmd, "-k keys/ecdsa-p") ||
		       has(r->cmd, "-k keys/rsa-")) &&
		      !has(r->cmd, " --vector-to-sign ");
	uint8_t *ours, *theirs;
	size_t olen, tlen;
	int rc;

	unlink(name);
	restore_fix_sig(r->cmd);
	rc = run_sign(r->cmd);
	if (r->refused) {
		result(C_SIGN_REFUSED, r->name, rc != 0, "accepted");
		return;
	}
	if (opt) {
		result(C_SIGN_UNSUPPORTED, r->name, rc != 0,
		       "now accepted: update unsupported[]");
		return;
	}
	ours = rc ? NULL : read_output(name, &olen);
	theirs = v2_load(r->name, &tlen);
	if (has(r->cmd, " -E "))
		enc_sign_row(r, ours, olen, theirs, tlen);
	else if (ours && !sig_out_agrees(r->cmd, ours, olen))
		result(random ? C_SIGN_RANDOM : C_SIGN_EXACT, r->name, false,
		       "--sig-out file is not the image's signature");
	else if (random)
		result(C_SIGN_RANDOM, r->name,
		       ours && same_but_signature(ours, olen, theirs, tlen),
		       rc ? "refused" : "differs beyond the signature");
	else
		result(C_SIGN_EXACT, r->name,
		       ours && olen == tlen && !memcmp(ours, theirs, tlen),
		       rc ? "refused" : "differs");
	free(ours);
	free(theirs);
}

/* imgtool's stdout (after "$ cmd" and "rc=N"), and its exit code. */
static char *reference_dump(const char *name, int *rc, size_t *len)
{
	char path[256];
	uint8_t *t;
	char *p, *q;
	size_t n;

	snprintf(path, sizeof(path), V2_DIR "dumpinfo/%s.txt", name);
	t = load_file(path, &n);
	t[n] = 0;
	p = strchr((char *)t, '\n');
	if (!p || sscanf(p + 1, "rc=%d", rc) != 1 || !(p = strchr(p + 1, '\n')))
		exit(2);
	q = strstr(p + 1, "\nSTDERR:\n");
	*len = (size_t)((q ? q : (char *)t + n) - (p + 1));
	memmove(t, p + 1, *len);
	return (char *)t;
}

static void dumpinfo_row(const struct row *r)
{
	char cmd[LINE_MAX_LEN + PATH_MAX], out[128];
	uint8_t *img, *ours;
	size_t len, olen, want_len;
	int want_rc, rc;
	char *want = reference_dump(r->name, &want_rc, &want_len);
	FILE *f;

	/* under its own name: dumpinfo prints it */
	snprintf(cmd, sizeof(cmd), "%s/%s", work_dir, r->name);
	img = v2_load(r->name, &len);
	f = fopen(cmd, "wb");
	if (!f || fwrite(img, 1, len, f) != len || fclose(f))
		exit(2);
	free(img);
	snprintf(out, sizeof(out), "%.100s.dump", r->name);
	snprintf(cmd, sizeof(cmd), "imgtool dumpinfo %s > %s", r->name, out);
	rc = run_sign(cmd);
	ours = read_output(out, &olen);
	if (want_rc)
		result(C_DUMPINFO, r->name, rc != 0,
		       "imgtool failed, ours not");
	else
		result(C_DUMPINFO, r->name,
		       !rc && ours && olen == want_len &&
			       !memcmp(ours, want, olen),
		       rc ? "failed" : "output differs");
	free(ours);
	free(want);
}

/* Run after dumpinfo_row, which put the image in work_dir. */
static void verify_row(const struct row *r)
{
	char cmd[LINE_MAX_LEN + 160], out[128], line[128];
	const char *d = strstr(r->verify, "Image digest: ");
	int want = predicted(r), rc;
	uint8_t *text;
	size_t len;
	bool ok;

	/* the MANIFEST's verify gives no decryption key */
	if (raw_flags(r) & BOOT_IMAGE_F_ENCRYPTED)
		want = BOOT_IMAGE_EENCRYPTED;
	if (strncmp(r->verify_cmd, "imgtool verify ", 15))
		return;
	snprintf(out, sizeof(out), "%.100s.verify", r->name);
	snprintf(cmd, sizeof(cmd), "%s > %s", r->verify_cmd, out);
	rc = run_sign(cmd);
	if (want && want != BOOT_IMAGE_EPUBKEY) {
		result(C_VERIFY_CLI, r->name, rc != 0, "accepted");
		return;
	}
	text = read_output(out, &len);
	/* "Image digest: " and the hex of a SHA-256 or SHA-384 */
	snprintf(line, sizeof(line), "%.*s\n",
		 d ? 14 + (int)strspn(d + 14, "0123456789abcdef") : 1,
		 d ? d : "?");
	ok = !rc && text && d && len >= strlen(line) &&
	     !memcmp(text + len - strlen(line), line, strlen(line));
	result(C_VERIFY_CLI, r->name, ok, rc ? "refused" : "digest differs");
	free(text);
}

/* Payloads from the formula, keys from the copy, --fix-sig inputs. */
static void setup_work_dir(void)
{
	static const size_t sizes[] = {0, 3000, 4096, 100000};
	char path[PATH_MAX + 128], keys[PATH_MAX];
	uint8_t *p;
	size_t i, len;
	FILE *f;

	snprintf(work_dir, sizeof(work_dir), "/tmp/interop.XXXXXX");
	if (!mkdtemp(work_dir) || !realpath(V2_DIR "keys", keys))
		exit(2);
	snprintf(path, sizeof(path), "%s/keys", work_dir);
	if (symlink(keys, path))
		exit(2);
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/payload-%zu.bin", work_dir,
			 sizes[i]);
		p = v2_payload(sizes[i]);
		f = fopen(path, "wb");
		if (!f || fwrite(p, 1, sizes[i], f) != sizes[i] || fclose(f))
			exit(2);
		free(p);
	}
	for (i = 0; i < row_count; i++) {
		if (!ends_with(rows[i].name, ".sig.b64"))
			continue;
		p = v2_load(rows[i].name, &len);
		snprintf(path, sizeof(path), "%s/%s", work_dir, rows[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(p, 1, len, f) != len || fclose(f))
			exit(2);
		free(p);
	}
}

static void cleanup_work_dir(void)
{
	char line[PATH_MAX + 16];

	snprintf(line, sizeof(line), "rm -rf '%s'", work_dir);
	if (system(line))
		fprintf(stderr, "could not remove %s\n", work_dir);
}

/* ---- driver ---------------------------------------------------------- */

static void check_payloads(void)
{
	static const struct {
		size_t len;
		const char *sha;
	} p[] = {
		{0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
		    "7852b855"},
		{3000, "f541874101876255b4baf3a739778d04cb9cba25ffa38b30bc1fb8"
		       "b0701f2a45"},
		{4096, "7486da8f1e13943fae21a0b043f1e99640d7d8ebafb25266478b5c"
		       "ddae1272b5"},
		{100000, "d96bab6a55ee326ba206dd4a85a6e95e14360d7fabbf448f03e6"
			 "89c24382b7d0"},
	};
	uint8_t *d;
	size_t i;

	for (i = 0; i < 4; i++) {
		d = v2_payload(p[i].len);
		result(C_FILE, "payload", sha_matches(d, p[i].len, p[i].sha),
		       "formula gives another sha256");
		free(d);
	}
}

static void file_row(const struct row *r)
{
	uint8_t *d, *img;
	size_t len, img_len;
	bool ok;

	d = v2_load(r->name, &len);
	ok = len == r->size && sha_matches(d, len, r->sha);
	result(C_FILE, r->name, ok, "stored copy differs from the MANIFEST");
	if (ok && !strncmp(r->verify, "-", 1)) {
		data_row(r, d, len);
	} else if (ok && ends_with(r->name, ".hex")) {
		img = decode_hex(d, len, &img_len);
		if (img)
			validate_row(r, img, img_len);
		else
			result(C_VALIDATE, r->name, false, "bad Intel HEX");
		free(img);
	} else if (ok) {
		validate_row(r, d, len);
	}
	free(d);
}

static void print_table(void)
{
	unsigned int t = 0, p = 0;
	int c;

	printf("\n%-44s %6s %6s %6s\n", "imgtool-v2 interop", "tried", "passed",
	       "failed");
	for (c = 0; c < C_COUNT; c++) {
		printf("%-44s %6u %6u %6u\n", check_name[c], tried[c],
		       passed[c], tried[c] - passed[c]);
		t += tried[c];
		p += passed[c];
	}
	printf("%-44s %6u %6u %6u\n\n", "total", t, p, t - p);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s IMGTOOL\n", argv[0]);
		return 2;
	}
	/* the signer runs in a scratch folder: an absolute path */
	imgtool_path = realpath(argv[1], NULL);
	if (!imgtool_path) {
		fprintf(stderr, "no such file: %s\n", argv[1]);
		return 2;
	}
	load_manifest();
	CHECK(row_count > 170);
	check_payloads();
	for (i = 0; i < row_count; i++)
		if (!rows[i].refused)
			file_row(&rows[i]);
	setup_work_dir();
	for (i = 0; i < row_count; i++)
		if (!strncmp(rows[i].cmd, "imgtool sign ", 13))
			sign_row(&rows[i]);
	for (i = 0; i < row_count; i++)
		if (!rows[i].refused && strncmp(rows[i].verify, "-", 1)) {
			dumpinfo_row(&rows[i]);
			verify_row(&rows[i]);
		}
	cleanup_work_dir();
	free(imgtool_path);
	print_table();
	return test_report("test_image_interop");
}
