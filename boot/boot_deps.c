/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dependency check of a single-image bootloader (see boot_deps_met() in
 * boot/bootutil.h for what each image index means here). MCUboot reads
 * dependency TLVs only when built for several images; this bootloader
 * always does, so an image made for a multi-image product (a dependency
 * on a second image) is not installed on a board that has only one.
 */
#include "boot/bootutil.h"
#include "boot/bootutil_log.h"

static void add_version(struct boot_log_line *l,
			const struct boot_slot_version *v)
{
	boot_log_add_version(l, v->major, v->minor, v->revision);
}

static void log_unmet(const struct boot_config *cfg,
		      const struct boot_slot_dep *dep,
		      const struct boot_slot_info *info)
{
	struct boot_log_line l;

	if (!boot_log_enabled(BOOT_LOG_LEVEL_ERR)) {
		return;
	}
	boot_log_line_init(&l);
	boot_log_add_str(&l, "Image 0 depends on image ");
	boot_log_add_dec(&l, dep->image_id);
	boot_log_add_str(&l, " >= ");
	add_version(&l, &dep->min_version);
	if (dep->image_id != 0) {
		/* a single-image bootloader: there is no other image */
		boot_log_add_str(&l, ": no such image");
	} else {
		boot_log_add_str(&l, ": image 0 would be ");
		add_version(&l, &info->version);
	}
	boot_log_emit(cfg, BOOT_LOG_LEVEL_ERR, &l);
}

bool boot_deps_met(const struct boot_config *cfg,
		   const struct boot_slot_info *info)
{
	if (info->dep_overflow) {
		/* more than BOOT_MAX_DEPS: the ones not kept are unchecked */
		boot_log(cfg, BOOT_LOG_LEVEL_ERR,
			 "Image 0: too many dependencies");
		return false;
	}
	for (uint8_t i = 0; i < info->dep_count; i++) {
		const struct boot_slot_dep *dep = &info->deps[i];

		if (dep->image_id != 0 ||
		    boot_slot_version_cmp(&info->version,
					  &dep->min_version) < 0) {
			log_unmet(cfg, dep, info);
			boot_log(cfg, BOOT_LOG_LEVEL_ERR,
				 "Cannot upgrade: dependencies are not "
				 "satisfied");
			return false;
		}
	}
	return true;
}
