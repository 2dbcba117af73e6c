/* SPDX-License-Identifier: Apache-2.0 */
/*
 * boot_go_direct_xip(): MCUboot's direct-xip with revert for one image (see
 * boot/boot_modes.h). Each boot writes at most one flag (copy_done, before
 * the first run of an unconfirmed image) or erases one slot (an image that
 * was tried and not confirmed, or that does not validate). Either way the
 * other slot's image is left as it was, so a power cut at any flash
 * operation leaves at least the image that ran before.
 */
#include <string.h>

#include "boot/boot_modes.h"
#include "boot/boot_slot.h"
#include "boot/bootutil_log.h"

#define XIP_SLOTS 2

struct xip_slot {
	const struct flash_area *fa;
	struct boot_trailer_layout lay;
	struct boot_slot_info info; /* from the header and TLVs (peek) */
	bool available;
};

static const char *const slot_names[XIP_SLOTS] = { "primary", "secondary" };

static void log_slot(const struct boot_config *cfg, enum boot_log_level lvl,
		     int idx, const char *what)
{
	struct boot_log_line l;

	if (!boot_log_enabled(lvl)) {
		return;
	}
	boot_log_line_init(&l);
	boot_log_add_str(&l, "Image in the ");
	boot_log_add_str(&l, slot_names[idx]);
	boot_log_add_str(&l, " slot");
	boot_log_add_str(&l, what);
	boot_log_emit(cfg, lvl, &l);
}

static int slot_init(const struct boot_config *cfg, struct xip_slot *s,
		     const struct flash_area *fa)
{
	boot_validate_fn peek = cfg->peek != NULL ? cfg->peek : cfg->validate;
	bool erased;
	int rc;

	memset(s, 0, sizeof(*s));
	s->fa = fa;
	if (fa == NULL || boot_trailer_layout_init(&s->lay, fa, cfg->max_align,
						   cfg->max_sectors) != 0) {
		return BOOT_ELAYOUT;
	}
	rc = boot_slot_header_erased(fa, &erased);
	if (rc != 0) {
		return rc;
	}
	s->available = !erased && peek(fa, cfg->validate_user, &s->info) == 0;
	return 0;
}

/* Highest version first, the primary on a tie; -1 when none is left. */
static int pick(const struct xip_slot *slots)
{
	int best = -1;

	for (int i = 0; i < XIP_SLOTS; i++) {
		if (slots[i].available &&
		    (best < 0 ||
		     boot_slot_info_cmp(&slots[i].info, &slots[best].info) >
			     0)) {
			best = i;
		}
	}
	return best;
}

/*
 * May slot idx run? Drops (and erases where MCUboot does) what may not.
 * *first_try: the image is unconfirmed and untried.
 */
static int check_slot(const struct boot_config *cfg, struct xip_slot *s,
		      int idx, bool *ok, bool *first_try, bool *reverted)
{
	struct boot_swap_state st;
	int rc = boot_read_swap_state(s->fa, &s->lay, &st);

	*ok = false;
	if (rc != 0) {
		return rc;
	}
	boot_slot_log_state(cfg, idx == 0 ? "Primary image" : "Secondary image",
			    &st);
	if (st.magic != BOOT_MAGIC_GOOD) {
		log_slot(cfg, BOOT_LOG_LEVEL_INF, idx,
			 " is not marked for boot (no trailer magic)");
		return 0;
	}
	/* copy_done set, or torn while being set: it ran, or started to */
	if (st.image_ok != BOOT_FLAG_SET && st.copy_done != BOOT_FLAG_UNSET) {
		log_slot(cfg, BOOT_LOG_LEVEL_WRN, idx,
			 " was tried and not confirmed: erasing it (revert)");
		*reverted = true;
		return boot_slot_erase(s->fa, &s->lay);
	}
	if (cfg->validate(s->fa, cfg->validate_user, &s->info) != 0) {
		log_slot(cfg, BOOT_LOG_LEVEL_ERR, idx,
			 " is not valid: erasing it");
		return boot_slot_erase(s->fa, &s->lay);
	}
	if (!boot_deps_met(cfg, &s->info)) {
		log_slot(cfg, BOOT_LOG_LEVEL_ERR, idx, " is not booted");
		return 0;
	}
	*first_try = st.image_ok != BOOT_FLAG_SET;
	*ok = true;
	/* after the checks: a cut during them must not count as a try */
	return *first_try ? boot_write_copy_done(s->fa, &s->lay) : 0;
}

int boot_go_direct_xip(const struct boot_config *cfg, struct boot_rsp *rsp)
{
	struct xip_slot slots[XIP_SLOTS];
	bool reverted = false;
	int rc;

	memset(rsp, 0, sizeof(*rsp));
	rc = cfg->validate == NULL ? BOOT_ELAYOUT
				   : slot_init(cfg, &slots[0], cfg->primary);
	if (rc == 0) {
		rc = slot_init(cfg, &slots[1], cfg->secondary);
	}
	if (rc != 0) {
		if (rc == BOOT_ELAYOUT) {
			boot_log(cfg, BOOT_LOG_LEVEL_ERR,
				 "Cannot boot: slots not usable");
		}
		return rc;
	}
	for (;;) {
		int idx = pick(slots);
		bool ok, first_try = false;

		if (idx < 0) {
			boot_log(cfg, BOOT_LOG_LEVEL_ERR, "no bootable image");
			return BOOT_ENOBOOT;
		}
		rc = check_slot(cfg, &slots[idx], idx, &ok, &first_try,
				&reverted);
		if (rc != 0) {
			return rc;
		}
		if (!ok) {
			slots[idx].available = false;
			continue;
		}
		rsp->fa = slots[idx].fa;
		rsp->image_off = rsp->fa->off;
		rsp->info = slots[idx].info;
		rsp->swap_type = first_try  ? BOOT_SWAP_TYPE_TEST
				 : reverted ? BOOT_SWAP_TYPE_REVERT
					    : BOOT_SWAP_TYPE_NONE;
		break;
	}
	boot_slot_log_chainload(cfg, rsp->image_off);
	log_slot(cfg, BOOT_LOG_LEVEL_INF, rsp->fa == cfg->primary ? 0 : 1,
		 " is executed in place");
	return 0;
}
