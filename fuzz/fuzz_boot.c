/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bootloader: trailer readers, swap types and boot_go() (boot/bootutil*)
 * on a flash_sim whose two slots are seeded from the input, with the
 * imgtool vector keys trusted and optionally a power cut at the n-th
 * flash operation followed by further boots (as a board would).
 *
 * Input: geometry byte (bits 0-1 sector 512..4096, bits 2-3 write block
 * 1/4/8/8 with max_align 16 for the last, bit 4 primary one sector
 * larger, bits 5-6 downgrade prevention, bit 7 bootstrap), power-cut
 * byte (0 none; bit 0 torn write), then four sections, each a
 * little-endian u16 length and bytes: primary head, secondary head
 * (written at the slot start), primary tail, secondary tail (written so
 * they end at the slot end, where the trailer lives). The rest of the
 * flash is erased.
 *
 * Oracles: boot_go() returns 0 or an error, never crashes; when it says
 * boot, the primary holds an image that an independent validation (from
 * a copy of the slot in memory) accepts, of the size boot_go reported;
 * the trailer readers agree with boot_pending_swap_type() in range.
 */
#include "boot/bootutil.h"
#include "boot/bootutil_validate.h"
#include "boot/image_validate.h"
#include "fuzz/fuzz.h"
#include "fuzz/fuzz_keys.h"
#include "storage/flash_sim.h"

#define SLOT_BYTES (16u * 1024u)
#define MEM_BYTES  (4096u + 2u * (SLOT_BYTES + 4096u))
#define MAX_BOOTS  6

static struct boot_image_key keys[FUZZ_KEY_COUNT];
static struct boot_image_verifier verifier = {keys, FUZZ_KEY_COUNT, false,
					      false};
static uint8_t mem[MEM_BYTES];
static uint8_t copy[SLOT_BYTES + 4096u];

struct mem_slot {
	const uint8_t *p;
	uint32_t size;
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_keys_load(keys);
	return 0;
}

static void log_line(void *user, enum boot_log_level level, const char *line)
{
	FUZZ_CHECK(line != NULL && strchr(line, '\n') == NULL);
}

static int mem_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	const struct mem_slot *s = ctx;

	memcpy(buf, s->p + off, len);
	return 0;
}

/* Write one section of the input at the start or the end of a slot. */
static void place(struct fuzz_in *in, const struct flash_area *fa,
		  bool at_end)
{
	size_t len;
	const uint8_t *p = fuzz_bytes(in, fuzz_u16(in), &len);

	if (len > fa->size) {
		len = fa->size;
	}
	memcpy(mem + fa->off + (at_end ? fa->size - len : 0), p, len);
}

static void check_booted(const struct boot_rsp *rsp,
			 const struct flash_area *pri)
{
	struct mem_slot s = {copy, pri->size};
	struct boot_image_reader rd = {mem_read, &s, pri->size};
	struct boot_image_info info;

	FUZZ_CHECK(rsp->fa == pri);
	FUZZ_CHECK(flash_area_read(pri, 0, copy, pri->size) == 0);
	FUZZ_CHECK(boot_image_validate(&verifier, &rd, &info, NULL) == 0);
	FUZZ_CHECK(!(info.hdr.flags & BOOT_IMAGE_F_NON_BOOTABLE));
	FUZZ_CHECK(rsp->info.image_size == info.end);
}

static void check_trailers(const struct flash_area *pri,
			   const struct flash_area *sec,
			   const struct boot_config *cfg)
{
	uint8_t swap_type = 0;
	int rc = boot_pending_swap_type_ex(pri, sec, cfg->max_align,
					   cfg->max_sectors, &swap_type);

	if (rc == 0) {
		FUZZ_CHECK((swap_type >= BOOT_SWAP_TYPE_NONE &&
			    swap_type <= BOOT_SWAP_TYPE_FAIL) ||
			   swap_type == BOOT_SWAP_TYPE_PANIC);
		FUZZ_CHECK(boot_swap_type_str(swap_type) != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t sectors[] = {512, 1024, 2048, 4096};
	static const uint32_t wbs[] = {1, 4, 8, 8};
	struct fuzz_in in = {data, size};
	uint8_t geo = fuzz_u8(&in);
	uint8_t cut = fuzz_u8(&in);
	uint32_t sector = sectors[geo & 3];
	uint32_t pri_size = SLOT_BYTES + (geo & 0x10 ? sector : 0);
	struct flash_params p = {
		.size = sector + pri_size + SLOT_BYTES,
		.page_size = sector,
		.write_block_size = wbs[(geo >> 2) & 3],
		.erased_value = 0xff,
	};
	struct flash_sim sim;
	struct flash_area pri, sec;
	struct boot_config cfg = {0};
	struct boot_rsp rsp;
	int rc = -1;

	memset(mem, 0xff, p.size);
	FUZZ_CHECK(flash_sim_init(&sim, mem, &p) == 0);
	pri = (struct flash_area){FLASH_AREA_ID_IMAGE_0, "image-0", &sim.dev,
				  sector, pri_size};
	sec = (struct flash_area){FLASH_AREA_ID_IMAGE_1, "image-1", &sim.dev,
				  sector + pri_size, SLOT_BYTES};
	place(&in, &pri, false);
	place(&in, &sec, false);
	place(&in, &pri, true);
	place(&in, &sec, true);

	cfg.primary = &pri;
	cfg.secondary = &sec;
	cfg.validate = boot_validate_image_hook;
	cfg.validate_user = &verifier;
	cfg.peek = boot_peek_image_hook;
	cfg.log = log_line;
	cfg.downgrade = (enum boot_downgrade_prevention)(((geo >> 5) & 3) % 3);
	cfg.max_align = ((geo >> 2) & 3) == 3 ? 16 : 0;
	cfg.bootstrap = geo & 0x80;

	check_trailers(&pri, &sec, &cfg);
	if (cut) {
		flash_sim_cut_power_at(&sim, cut >> 1,
				       cut & 1 ? FLASH_SIM_CUT_TORN
					       : FLASH_SIM_CUT_BEFORE);
	}
	for (int boot = 0; boot < MAX_BOOTS; boot++) {
		memset(&rsp, 0, sizeof(rsp));
		rc = boot_go(&cfg, &rsp);
		if (!flash_sim_power_lost(&sim)) {
			break;
		}
		flash_sim_power_on(&sim);
	}
	FUZZ_LOG("boot_go %d, swap type %u, image size %u\n", rc,
		 (unsigned int)rsp.swap_type, rsp.info.image_size);
	if (rc == 0) {
		check_booted(&rsp, &pri);
	}
	check_trailers(&pri, &sec, &cfg);
	return 0;
}
