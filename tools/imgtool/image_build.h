/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Builds an MCUboot image the way `imgtool sign` does: header, payload,
 * optional protected SEC_CNT TLV, then SHA256 [+ KEYHASH + signature],
 * optionally padded to the slot with the trailer magic.
 */
#ifndef TOOLS_IMGTOOL_IMAGE_BUILD_H
#define TOOLS_IMGTOOL_IMAGE_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/trailer.h"

struct imgtool_sign_opts {
	uint32_t header_size;
	bool pad_header; /* prepend header_size erased (0xff) bytes */
	uint32_t slot_size;
	struct trailer_layout trailer;
	struct boot_image_version version;
	bool pad;     /* pad to slot_size and write the trailer magic */
	bool confirm; /* with pad: image_ok = 0x01 */
	bool has_sec_cnt;
	uint32_t sec_cnt;
};

/* Security counter imgtool derives for "auto": major.minor.revision. */
uint32_t imgtool_auto_sec_cnt(const struct boot_image_version *v);

/*
 * key may be NULL for a hash-only image. On success *out is malloc'd
 * (caller frees). On failure -1 and tool_error() says why.
 */
int imgtool_image_build(const struct imgtool_sign_opts *o,
			const uint8_t *payload, size_t payload_len,
			const struct imgtool_key *key, uint8_t **out,
			size_t *out_len);

#endif /* TOOLS_IMGTOOL_IMAGE_BUILD_H */
