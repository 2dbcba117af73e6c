/* SPDX-License-Identifier: Apache-2.0 */
/* boot_config.validate hook on top of boot_image_validate(). */
#include "boot/bootutil_validate.h"

#include "boot/image_deps.h"
#include "boot/image_validate.h"

static int read_area(void *ctx, uint32_t off, void *buf, size_t len)
{
	return flash_area_read(ctx, off, buf, len);
}

static void put_version(struct boot_slot_version *out,
			const struct boot_image_version *v)
{
	out->major = v->major;
	out->minor = v->minor;
	out->revision = v->revision;
	out->build_num = v->build;
}

/* Dependency TLVs, for boot_deps_met(); a malformed one refuses the image. */
static int fill_deps(const struct boot_image_reader *rd,
		     const struct boot_image_info *info,
		     struct boot_slot_info *out)
{
	struct boot_image_dep deps[BOOT_MAX_DEPS];
	size_t n;
	int rc = boot_image_read_deps(rd, info, deps, BOOT_MAX_DEPS, &n);

	if (rc != 0) {
		return rc;
	}
	out->dep_overflow = n > BOOT_MAX_DEPS;
	out->dep_count = (uint8_t)(n > BOOT_MAX_DEPS ? BOOT_MAX_DEPS : n);
	for (uint8_t i = 0; i < out->dep_count; i++) {
		out->deps[i].image_id = deps[i].image_id;
		put_version(&out->deps[i].min_version, &deps[i].min_version);
	}
	return 0;
}

int boot_slot_info_fill(const struct boot_image_reader *rd,
			const struct boot_image_info *info,
			struct boot_slot_info *out)
{
	/*
	 * The validator took these flags (they do not change the hashed
	 * bytes), but this bootloader runs the primary in place: a
	 * non-bootable image is not to be run, a RAM-load image expects to
	 * be copied to load_addr first, a ROM-fixed one to sit at load_addr.
	 */
	if (info->hdr.flags & BOOT_IMAGE_F_NON_BOOTABLE) {
		return BOOT_IMAGE_ENON_BOOTABLE;
	}
	if (info->hdr.flags &
	    (BOOT_IMAGE_F_RAM_LOAD | BOOT_IMAGE_F_ROM_FIXED)) {
		return BOOT_IMAGE_ELOAD;
	}
	put_version(&out->version, &info->hdr.version);
	out->security_counter = info->has_sec_cnt ? info->sec_cnt : 0;
	out->image_size = info->end;
	return fill_deps(rd, info, out);
}

/* Both hooks: the image in fa validated (v) or only parsed (v NULL). */
static int check_area(const struct flash_area *fa,
		      const struct boot_image_verifier *v,
		      struct boot_slot_info *out)
{
	struct boot_image_reader rd = {
		.read = read_area,
		.ctx = (void *)fa,
		.slot_size = fa->size,
	};
	struct boot_image_info info;
	int rc = v ? boot_image_validate(v, &rd, &info, NULL)
		   : boot_image_parse(&rd, &info);

	return rc != 0 ? rc : boot_slot_info_fill(&rd, &info, out);
}

int boot_validate_image_hook(const struct flash_area *fa, void *user,
			     struct boot_slot_info *out)
{
	/* no verifier is a caller's mistake, not a reason to skip checks */
	if (user == NULL) {
		return BOOT_IMAGE_EINVAL;
	}
	return check_area(fa, user, out);
}

int boot_peek_image_hook(const struct flash_area *fa, void *user,
			 struct boot_slot_info *out)
{
	return check_area(fa, NULL, out);
}
