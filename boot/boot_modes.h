/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bootloader's other upgrade strategies, one per build like MCUboot's
 * (a board links the one it uses; boot_go() in boot/bootutil.h is
 * swap-using-move, the default). Same boot_config, same boot_rsp, same
 * trailer format and application API (boot_request_upgrade,
 * boot_confirm_image) as swap-using-move. docs/architecture.md compares
 * them.
 */
#ifndef BOOT_BOOT_MODES_H
#define BOOT_BOOT_MODES_H

#include "boot/bootutil.h"

/*
 * Overwrite-only (MCUboot's MCUBOOT_OVERWRITE_ONLY): a pending image in the
 * secondary slot (test or permanent request alike) that validates, is not
 * a downgrade (cfg->downgrade) and whose dependencies are met is copied
 * over the primary; the primary's trailer then reads confirmed (image_ok
 * and magic written), the secondary's trailer and first page are erased.
 * No revert, no swap status (an image may reach the trailer's swap_size
 * field, imgtool --overwrite-only's size), no spare sector. The request in the
 * secondary is the progress record: it is erased only after the copy is
 * complete, so a power cut anywhere restarts the copy from the intact
 * secondary. An invalid, downgrading or dependency-failing candidate is
 * erased. rsp->fa is the primary; rsp->swap_type says TEST/PERM when a
 * copy was done, NONE otherwise. cfg->bootstrap is not used: as in
 * MCUboot's overwrite-only build, a request over an empty primary is
 * carried out (that is also how an interrupted copy resumes).
 */
int boot_go_overwrite(const struct boot_config *cfg, struct boot_rsp *rsp);

/*
 * Direct-xip with revert (MCUboot's MCUBOOT_DIRECT_XIP +
 * MCUBOOT_DIRECT_XIP_REVERT): nothing is copied. Of the slots that hold an
 * image with a good trailer magic, the one with the highest version
 * (major.minor.revision; the primary on a tie) that validates and whose
 * dependencies are met is booted in place: rsp->fa is that slot
 * (cfg->primary or cfg->secondary). Trailer use, per slot:
 *   magic     written by the application after a download
 *             (boot_request_upgrade on that slot): "this image may run";
 *             no magic, the slot is never picked;
 *   copy_done "tried": written by the bootloader just before the first
 *             boot of an unconfirmed image;
 *   image_ok  "confirmed" (boot_confirm_image on the running slot).
 * An image tried and not confirmed is erased on the next boot and the
 * other slot runs (the revert). An image that does not validate is erased.
 * A torn copy_done counts as tried (MCUboot boots such an image again and
 * again, losing the revert). rsp->swap_type: TEST for a first try, REVERT
 * when an unconfirmed image was dropped this boot, NONE otherwise.
 */
int boot_go_direct_xip(const struct boot_config *cfg, struct boot_rsp *rsp);

#endif /* BOOT_BOOT_MODES_H */
