/* SPDX-License-Identifier: Apache-2.0 */
#include "boot/boot_slot.h"

#include "boot/bootutil_log.h"

int boot_slot_header_erased(const struct flash_area *fa, bool *erased)
{
	uint8_t hdr[32];
	uint8_t ev = flash_area_erased_val(fa);
	int rc = flash_area_read(fa, 0, hdr, sizeof(hdr));

	if (rc != 0) {
		return rc;
	}
	*erased = true;
	for (size_t i = 0; i < sizeof(hdr); i++) {
		if (hdr[i] != ev) {
			*erased = false;
		}
	}
	return 0;
}

static const char *magic_str(uint8_t magic)
{
	if (magic == BOOT_MAGIC_GOOD) {
		return "good";
	}
	return magic == BOOT_MAGIC_UNSET ? "unset" : "bad";
}

void boot_slot_log_state(const struct boot_config *cfg, const char *area,
			 const struct boot_swap_state *st)
{
	struct boot_log_line l;

	if (!boot_log_enabled(BOOT_LOG_LEVEL_INF)) {
		return;
	}
	boot_log_line_init(&l);
	boot_log_add_str(&l, area);
	boot_log_add_str(&l, ": magic=");
	boot_log_add_str(&l, magic_str(st->magic));
	boot_log_add_str(&l, ", swap_type=");
	boot_log_add_hex(&l, st->swap_type);
	boot_log_add_str(&l, ", copy_done=");
	boot_log_add_hex(&l, st->copy_done);
	boot_log_add_str(&l, ", image_ok=");
	boot_log_add_hex(&l, st->image_ok);
	boot_log_emit(cfg, BOOT_LOG_LEVEL_INF, &l);
}

int boot_slot_copy(const struct flash_area *src, const struct flash_area *dst,
		   uint32_t off, uint32_t len)
{
	uint8_t buf[BOOT_SLOT_COPY_BUF_SZ];
	uint32_t wbs = flash_area_align(dst);
	uint32_t end;

	if (wbs == 0 || sizeof(buf) % wbs != 0) {
		return BOOT_ELAYOUT;
	}
	end = off + (len + wbs - 1) / wbs * wbs;
	while (off < end) {
		uint32_t n = end - off < sizeof(buf) ? end - off : sizeof(buf);
		int rc = flash_area_read(src, off, buf, n);

		if (rc == 0) {
			rc = flash_area_write(dst, off, buf, n);
		}
		if (rc != 0) {
			return rc;
		}
		off += n;
	}
	return 0;
}

int boot_slot_erase(const struct flash_area *fa,
		    const struct boot_trailer_layout *lay)
{
	uint32_t page = flash_area_page_size(fa);
	int rc;

	if (page == 0 || fa->size % page != 0) {
		return BOOT_ELAYOUT;
	}
	rc = flash_area_erase(fa, 0, page);
	if (rc == 0 && boot_first_trailer_sector(fa, lay) > 0) {
		rc = boot_erase_trailer_sectors(fa, lay);
	}
	return rc;
}

int boot_slot_info_cmp(const struct boot_slot_info *a,
		       const struct boot_slot_info *b)
{
	return boot_slot_version_cmp(&a->version, &b->version);
}

void boot_slot_log_chainload(const struct boot_config *cfg, uint32_t off)
{
	struct boot_log_line l;

	if (!boot_log_enabled(BOOT_LOG_LEVEL_INF)) {
		return;
	}
	boot_log_line_init(&l);
	boot_log_add_str(&l, "Bootloader chainload address offset: ");
	boot_log_add_hex(&l, off);
	boot_log_emit(cfg, BOOT_LOG_LEVEL_INF, &l);
}

int boot_slot_boot_primary(const struct boot_config *cfg,
			   struct boot_rsp *rsp, uint8_t swap_type)
{
	if (cfg->validate(cfg->primary, cfg->validate_user, &rsp->info) != 0) {
		boot_log(cfg, BOOT_LOG_LEVEL_ERR,
			 "Image in the primary slot is not valid!");
		boot_log(cfg, BOOT_LOG_LEVEL_ERR, "no bootable image");
		return BOOT_ENOBOOT;
	}
	rsp->fa = cfg->primary;
	rsp->image_off = cfg->primary->off;
	rsp->swap_type = swap_type;
	boot_slot_log_chainload(cfg, rsp->image_off);
	boot_log(cfg, BOOT_LOG_LEVEL_INF, "Jumping to the first image slot");
	return 0;
}
