/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Application side of the update protocol (MCUboot's boot_set_pending,
 * boot_set_confirmed and friends).
 *
 * boot_request_upgrade writes the same trailer bytes as MCUboot
 * (image_ok when permanent, swap_info, magic) but with the magic LAST: the
 * bootloader only looks at a secondary whose magic is good, so the magic is
 * the commit point and a cut before it leaves no request at all. A trailer
 * left half-written by such a cut (or a torn magic) is erased and written
 * again on the next request; MCUboot erases the whole slot instead, which
 * would throw away a good image. Only the trailer sectors are erased, and
 * those never hold image data of an image the bootloader would swap.
 */
#include <errno.h>

#include "boot/bootutil.h"

static int request_fields_ok(const struct flash_area *fa,
			     const struct boot_trailer_layout *lay,
			     bool permanent, bool *clean)
{
	uint8_t image_ok, copy_done, type, num;
	uint8_t want = permanent ? BOOT_SWAP_TYPE_PERM : BOOT_SWAP_TYPE_TEST;
	uint8_t swap_info_raw;
	int rc = boot_read_image_ok(fa, lay, &image_ok);

	if (rc == 0) {
		rc = boot_read_copy_done(fa, lay, &copy_done);
	}
	if (rc == 0) {
		rc = boot_read_swap_info(fa, lay, &type, &num);
	}
	if (rc == 0) {
		rc = flash_area_read(fa, boot_swap_info_off(lay),
				     &swap_info_raw, 1);
	}
	if (rc != 0) {
		return rc;
	}
	/* every field is erased or already holds what we would write */
	*clean = copy_done == BOOT_FLAG_UNSET &&
		 (image_ok == BOOT_FLAG_UNSET ||
		  (permanent && image_ok == BOOT_FLAG_SET)) &&
		 (swap_info_raw == lay->erased_val ||
		  (type == want && num == 0));
	return 0;
}

static int write_request(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay, bool permanent)
{
	uint8_t image_ok;
	uint8_t swap_info_raw;
	int rc = boot_read_image_ok(fa, lay, &image_ok);

	if (rc == 0 && permanent && image_ok == BOOT_FLAG_UNSET) {
		rc = boot_write_image_ok(fa, lay);
	}
	if (rc == 0) {
		rc = flash_area_read(fa, boot_swap_info_off(lay),
				     &swap_info_raw, 1);
	}
	if (rc == 0 && swap_info_raw == lay->erased_val) {
		rc = boot_write_swap_info(fa, lay,
					  permanent ? BOOT_SWAP_TYPE_PERM
						    : BOOT_SWAP_TYPE_TEST,
					  0);
	}
	if (rc == 0) {
		rc = boot_write_magic(fa, lay);
	}
	return rc;
}

int boot_request_upgrade_ex(const struct flash_area *secondary,
			    bool permanent, uint32_t max_align,
			    uint32_t max_sectors)
{
	struct boot_trailer_layout lay;
	uint8_t magic;
	bool clean = false;
	int rc = boot_trailer_layout_init(&lay, secondary, max_align,
					  max_sectors);

	if (rc == 0) {
		rc = boot_read_magic(secondary, &lay, &magic);
	}
	if (rc != 0) {
		return rc;
	}
	if (magic == BOOT_MAGIC_GOOD) {
		/*
		 * Already requested (by us or by imgtool --pad): left as it
		 * is, as MCUboot's boot_set_pending(1) does. A test request
		 * stays a test swap even when permanent is asked now; the
		 * application confirms the new image after it booted.
		 */
		return 0;
	}
	if (magic == BOOT_MAGIC_UNSET) {
		rc = request_fields_ok(secondary, &lay, permanent, &clean);
		if (rc != 0) {
			return rc;
		}
	}
	if (!clean) {
		rc = boot_erase_trailer_sectors(secondary, &lay);
		if (rc != 0) {
			return rc;
		}
	}
	return write_request(secondary, &lay, permanent);
}

int boot_request_upgrade(const struct flash_area *secondary, bool permanent)
{
	return boot_request_upgrade_ex(secondary, permanent, 0, 0);
}

int boot_confirm_image_ex(const struct flash_area *primary,
			  uint32_t max_align, uint32_t max_sectors)
{
	struct boot_trailer_layout lay;
	struct boot_swap_state st;
	int rc = boot_trailer_layout_init(&lay, primary, max_align,
					  max_sectors);

	if (rc == 0) {
		rc = boot_read_swap_state(primary, &lay, &st);
	}
	if (rc != 0) {
		return rc;
	}
	/* as MCUboot: no magic = nothing can revert it, bad magic = error */
	if (st.magic == BOOT_MAGIC_BAD) {
		return BOOT_EBADIMAGE;
	}
	if (st.magic == BOOT_MAGIC_UNSET || st.image_ok != BOOT_FLAG_UNSET) {
		return 0;
	}
	return boot_write_image_ok(primary, &lay);
}

int boot_confirm_image(const struct flash_area *primary)
{
	return boot_confirm_image_ex(primary, 0, 0);
}

int boot_is_image_confirmed(const struct flash_area *primary, bool *confirmed)
{
	struct boot_trailer_layout lay;
	uint8_t image_ok;
	int rc = boot_trailer_layout_init(&lay, primary, 0, 0);

	if (rc == 0) {
		rc = boot_read_image_ok(primary, &lay, &image_ok);
	}
	if (rc == 0) {
		*confirmed = image_ok == BOOT_FLAG_SET;
	}
	return rc;
}

int boot_pending_swap_type_ex(const struct flash_area *primary,
			      const struct flash_area *secondary,
			      uint32_t max_align, uint32_t max_sectors,
			      uint8_t *swap_type)
{
	struct boot_trailer_layout lay_pri, lay_sec;
	struct boot_swap_state pri, sec;
	int rc = boot_trailer_layout_init(&lay_pri, primary, max_align,
					  max_sectors);

	if (rc == 0) {
		rc = boot_trailer_layout_init(&lay_sec, secondary, max_align,
					      max_sectors);
	}
	if (rc == 0) {
		rc = boot_read_swap_state(primary, &lay_pri, &pri);
	}
	if (rc == 0) {
		rc = boot_read_swap_state(secondary, &lay_sec, &sec);
	}
	if (rc == 0) {
		*swap_type = boot_swap_type_from_states(&pri, &sec);
	}
	return rc;
}

int boot_pending_swap_type(const struct flash_area *primary,
			   const struct flash_area *secondary,
			   uint8_t *swap_type)
{
	return boot_pending_swap_type_ex(primary, secondary, 0, 0, swap_type);
}
