/* SPDX-License-Identifier: Apache-2.0 */
/* Image version ordering, as MCUboot compares upgrade candidates. */
#include "boot/image.h"

static int cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

int boot_image_version_cmp(const struct boot_image_version *a,
			   const struct boot_image_version *b)
{
	int rc;

	rc = cmp_u32(a->major, b->major);
	if (!rc)
		rc = cmp_u32(a->minor, b->minor);
	if (!rc)
		rc = cmp_u32(a->revision, b->revision);
	if (!rc)
		rc = cmp_u32(a->build, b->build);
	return rc;
}
