/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The MCUboot-compatible bootloader as Cortex-M4 firmware: boot_go() over
 * the board's flash with full validation (SHA-256 + the signature of the
 * one algorithm this build trusts), then a real chain-load of the primary
 * image: VTOR, MSP and a jump to its reset handler.
 *
 * Built once per algorithm (BOOT_SIG_ED25519, BOOT_SIG_ECDSA_P256,
 * BOOT_SIG_ECDSA_P384, BOOT_SIG_RSA), with the trusted key in
 * board_pubkey (generated).
 */
#include <stdint.h>

#include "board/mps2_an386/board.h"
#include "boot/bootutil.h"
#include "boot/bootutil_validate.h"
#include "boot/image_validate.h"

extern const unsigned char board_pubkey[];
extern const unsigned int board_pubkey_len;

#define SCB_VTOR (*(volatile uint32_t *)0xe000ed08u)

static void log_line(void *user, enum boot_log_level level, const char *line)
{
	static const char prefix[] = {'E', 'W', 'I', 'D'};

	if (level <= BOOT_LOG_LEVEL_INF) {
		board_putc(prefix[level]);
		board_putc(':');
		board_putc(' ');
		board_puts(line);
	}
}

static int load_key(struct boot_image_key *key)
{
#if defined(BOOT_SIG_ED25519)
	return boot_image_key_ed25519(key, board_pubkey, board_pubkey_len);
#elif defined(BOOT_SIG_ECDSA_P256)
	return boot_image_key_ecdsa_p256(key, board_pubkey, board_pubkey_len);
#elif defined(BOOT_SIG_ECDSA_P384)
	return boot_image_key_ecdsa_p384(key, board_pubkey, board_pubkey_len);
#elif defined(BOOT_SIG_RSA)
	return boot_image_key_rsa(key, board_pubkey, board_pubkey_len);
#else
#error "define one of BOOT_SIG_ED25519, BOOT_SIG_ECDSA_P256/P384, BOOT_SIG_RSA"
#endif
}

static int in_ram(uint32_t a)
{
	return a > BOARD_RAM_BASE && a <= BOARD_RAM_BASE + BOARD_RAM_SIZE;
}

/*
 * Hand the CPU to the image whose vector table is at vt: its stack pointer
 * and reset handler come from the table, as after a hardware reset. Nothing
 * of the bootloader is used after the MSP switch.
 */
static void __attribute__((noreturn)) chain_load(uint32_t vt)
{
	const uint32_t *v = (const uint32_t *)vt;
	uint32_t sp = v[0], pc = v[1];

	SCB_VTOR = vt;
	__asm volatile("dsb\n\tisb" ::: "memory");
	__asm volatile("msr msp, %0\n\t"
		       "bx %1"
		       :
		       : "r"(sp), "r"(pc)
		       : "memory");
	__builtin_unreachable();
}

static void __attribute__((noreturn)) fail(const char *why)
{
	board_puts(why);
	/* A real board would stay here; the emulator ends the run. */
	board_exit(1);
}

int main(void)
{
	static struct boot_image_key key;
	static struct boot_image_verifier verifier = {
		.keys = &key,
		.key_count = 1,
		.allow_pubkey = BOOT_ALLOW_PUBKEY,
	};
	struct boot_config cfg = {
		.validate = boot_validate_image_hook,
		.validate_user = &verifier,
		.peek = boot_peek_image_hook,
		.log = log_line,
		.max_align = BOARD_BOOT_MAX_ALIGN,
		.max_sectors = BOARD_BOOT_MAX_SECTORS,
		.downgrade = BOOT_DOWNGRADE_BY_VERSION,
	};
	struct boot_rsp rsp;
	uint8_t hdr[12];
	uint32_t vt;

	board_console_init();
	board_power_on();
	board_puts("*** Booting MCUboot-compatible bootloader on " BOARD_NAME
		   " ***");
	board_puts("I: Starting bootloader");
	cfg.primary = board_area(FLASH_AREA_ID_IMAGE_0);
	cfg.secondary = board_area(FLASH_AREA_ID_IMAGE_1);
	if (!cfg.primary || !cfg.secondary || load_key(&key) != 0) {
		fail("E: bad flash layout or key");
	}
	if (boot_go(&cfg, &rsp) != 0) {
		fail("E: Unable to find bootable image");
	}
	/* hdr_size (offset 8, little endian) puts the vector table. */
	if (flash_area_read(rsp.fa, 0, hdr, sizeof(hdr)) < 0) {
		fail("E: cannot read the image header");
	}
	vt = BOARD_FLASH_BASE + rsp.image_off +
	     (uint32_t)(hdr[8] | hdr[9] << 8);
	if ((vt & 0xffu) || !in_ram(((const uint32_t *)vt)[0]) ||
	    !(((const uint32_t *)vt)[1] & 1u)) {
		fail("E: the image has no Cortex-M vector table after its "
		     "header");
	}
	chain_load(vt);
}
