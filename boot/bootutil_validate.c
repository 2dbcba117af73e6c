/* SPDX-License-Identifier: Apache-2.0 */
/* boot_config.validate hook on top of boot_image_validate(). */
#include "boot/bootutil_validate.h"

#include "boot/image_validate.h"

static int read_area(void *ctx, uint32_t off, void *buf, size_t len)
{
	return flash_area_read(ctx, off, buf, len);
}

int boot_slot_info_fill(const struct boot_image_info *info,
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
	out->version.major = info->hdr.version.major;
	out->version.minor = info->hdr.version.minor;
	out->version.revision = info->hdr.version.revision;
	out->version.build_num = info->hdr.version.build;
	out->security_counter = info->has_sec_cnt ? info->sec_cnt : 0;
	out->image_size = info->end;
	return 0;
}

int boot_validate_image_hook(const struct flash_area *fa, void *user,
			     struct boot_slot_info *out)
{
	const struct boot_image_verifier *v = user;
	struct boot_image_reader rd = {
		.read = read_area,
		.ctx = (void *)fa,
		.slot_size = fa->size,
	};
	struct boot_image_info info;
	int rc = boot_image_validate(v, &rd, &info, NULL);

	return rc != 0 ? rc : boot_slot_info_fill(&info, out);
}

int boot_peek_image_hook(const struct flash_area *fa, void *user,
			 struct boot_slot_info *out)
{
	struct boot_image_reader rd = {
		.read = read_area,
		.ctx = (void *)fa,
		.slot_size = fa->size,
	};
	struct boot_image_info info;
	int rc = boot_image_parse(&rd, &info);

	return rc != 0 ? rc : boot_slot_info_fill(&info, out);
}
