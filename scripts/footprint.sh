#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Cortex-M4 build of the portable layers and their flash/RAM footprint.
#
# Usage: scripts/footprint.sh [-o OUTDIR] [-q] [-m] [-x FILE]...
#   -o OUTDIR  keep objects, archives, firmware and map files there
#              (default: a temporary directory, removed at the end)
#   -q         compile, check and link only, no table
#   -m         the table as the README's Markdown rows (tests/
#              test_readme_footprint.sh checks the README against them)
#   -x FILE    also check FILE (repo-relative) as if it were portable code
#              (the tests use it to show that the check catches bad code)
#
# 1. Compiles every C file of storage/, udc/, usbd/, class/dfu/ and boot/
#    (except the host-only USB/IP driver: udc/udc_usbip.c,
#    udc/usbip_conn.c, udc/usbip_server.c, udc/udc_gadgetfs.c) with
#    arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os and the project's
#    warnings as errors. The crypto glue (boot/image_crypto_*.c,
#    boot/image_sig_*.c) is compiled against Debian's BearSSL and wolfSSL
#    headers; it is not linked (no Cortex-M build of those
#    libraries here; board/mps2_an386 builds them from source).
#    Then every symbol the objects leave undefined must be defined by
#    another portable object or be one of the freestanding helpers below
#    (mem*, str*, compiler runtime; BearSSL/wolfSSL for the crypto glue):
#    a call to malloc, printf, open, socket, time ... fails the check.
# 2. Packs one archive per component and links the firmwares with newlib
#    nano and --gc-sections: the DFU device (bench/footprint_main.c) at
#    wTransferSize 4096 and 1024, the same with TinyUSB's feature set
#    (-DFP_TINYUSB_FEATURES, the stack compiled again with
#    -DUSBD_CFG_MSOS20=0) and the bootloader (bench/footprint_boot.c).
#    The mains are measuring harnesses with drivers that do nothing.
# 3. Prints text/data/bss per component, read from the linker map (each
#    kept input section counted for the archive it came from), next to the
#    arm-none-eabi-size total of each firmware.
# Exit status: 0 when everything compiled and linked, 1 otherwise (the
# ctest test cortex_m4_build runs this script).
#
# Needs Debian packages gcc-arm-none-eabi and libnewlib-arm-none-eabi
# (and, for the crypto glue check, libbearssl-dev and libwolfssl-dev).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=
quiet=0
markdown=0
extra=()
while getopts "o:qmx:" opt; do
	case $opt in
	o) out=$OPTARG ;;
	q) quiet=1 ;;
	m) markdown=1 ;;
	x) extra+=("$OPTARG") ;;
	*) sed -n '6,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done

CC=${ARM_CC:-arm-none-eabi-gcc}
AR=${CC%gcc}ar
SIZE=${CC%gcc}size
READELF=${CC%gcc}readelf
for tool in "$CC" "$AR" "$SIZE" "$READELF"; do
	if ! command -v "$tool" >/dev/null; then
		echo "footprint: $tool not found" \
			"(apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)" >&2
		exit 1
	fi
done

if [ -z "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/footprint.XXXXXX")
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out/obj" "$out/inc"
out=$(cd "$out" && pwd)

# Target and warnings: the task's flags plus the top CMakeLists.txt's.
# The bootloader core as a clear-image bootloader builds it (BOOT_ENC_IMAGES=0,
# MCUboot without MCUBOOT_ENC_IMAGES, as MCUboot's figures in DESIGN.md).
CFLAGS=(-mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections
	-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wno-unused-parameter -DBOOT_ENC_IMAGES=0
	-I"$repo")
# shellcheck disable=SC2054 # -Wl,x,y is one argument
LDFLAGS=(-mcpu=cortex-m4 -mthumb -specs=nano.specs -specs=nosys.specs
	-Wl,--gc-sections)

# Crypto headers: only the library folders, never the host's libc headers.
crypto_ok=1
for h in wolfssl mbedtls sodium sodium.h; do
	if [ -e "/usr/include/$h" ]; then
		ln -sfn "/usr/include/$h" "$out/inc/$h"
	else
		crypto_ok=0
	fi
done
# BearSSL: Debian has its headers in include/bearssl/, included flat.
if [ -e /usr/include/bearssl/bearssl_hash.h ]; then
	for h in /usr/include/bearssl/bearssl*.h; do
		ln -sfn "$h" "$out/inc/${h##*/}"
	done
else
	crypto_ok=0
fi
# wolfSSL: the host's options.h is for Linux (pthreads, dirent); the
# bare-metal settings are the Cortex-M board's.
# mbedTLS and libsodium (the encrypted-image key exchanges): Debian's
# mbedTLS config has pthreads, bench/mbedtls_target_config.h takes them out.
CRYPTO_FLAGS=(-isystem "$out/inc"
	-DWOLFSSL_USER_SETTINGS -I"$repo/board/mps2_an386/wolfssl"
	'-DMBEDTLS_USER_CONFIG_FILE="bench/mbedtls_target_config.h"')

failed=()
sources=()
skipped=()

# obj_of SRC: object path for a repo-relative source path
obj_of() {
	local rel=${1%.c}
	echo "$out/obj/${rel//\//_}.o"
}

compile() {
	local src=$1
	shift
	if "$CC" "${CFLAGS[@]}" "$@" -c "$repo/$src" -o "$(obj_of "$src")" \
		2>"$out/obj/last.err"; then
		sources+=("$src")
	else
		sed "s|^|  |" "$out/obj/last.err" >&2
		failed+=("$src")
	fi
}

cd "$repo"
for src in storage/*.c udc/*.c usbd/*.c class/dfu/*.c boot/*.c; do
	case $src in
	udc/udc_usbip.c | udc/usbip_conn.c | udc/usbip_server.c | \
	udc/udc_gadgetfs.c)
		;; # host-only by design: sockets and poll()
	boot/image_crypto_*.c | boot/image_sig_*.c | boot/image_enc*.c)
		if [ $crypto_ok = 1 ]; then
			compile "$src" "${CRYPTO_FLAGS[@]}"
		else
			skipped+=("$src")
		fi
		;;
	*)
		compile "$src"
		;;
	esac
done
for src in "${extra[@]}"; do
	compile "$src"
done
portable_srcs=("${sources[@]}")
portable_objs=()
for src in "${portable_srcs[@]}"; do
	portable_objs+=("$(obj_of "$src")")
done
compile bench/footprint_main.c
compile bench/footprint_boot.c
# The same device at wTransferSize 1024 (its own object name).
cp bench/footprint_main.c "$out/obj/footprint_main_1024.c"
if "$CC" "${CFLAGS[@]}" -DFP_XFER=1024 -I"$repo/bench" \
	-c "$out/obj/footprint_main_1024.c" -o "$out/obj/fp1024.o" \
	2>"$out/obj/last.err"; then :; else
	sed "s|^|  |" "$out/obj/last.err" >&2
	failed+=(bench/footprint_main.c)
fi

# The bootloader harness once per other upgrade strategy.
for mode in 1 2; do
	if "$CC" "${CFLAGS[@]}" -DFP_BOOT_MODE=$mode -c \
		"$repo/bench/footprint_boot.c" -o "$out/obj/fpboot$mode.o" \
		2>"$out/obj/last.err"; then :; else
		sed "s|^|  |" "$out/obj/last.err" >&2
		failed+=(bench/footprint_boot.c)
	fi
done

# The same device with TinyUSB's feature set (bench/footprint_main.c):
# the stack without MS OS 2.0 (USBD_CFG_MSOS20=0), a do-nothing image.
tiny_objs=()
for src in udc/udc.c usbd/*.c; do
	o="$out/obj/tiny_$(basename "$(obj_of "$src")")"
	if "$CC" "${CFLAGS[@]}" -DUSBD_CFG_MSOS20=0 -c "$repo/$src" -o "$o" \
		2>"$out/obj/last.err"; then
		tiny_objs+=("$o")
	else
		sed "s|^|  |" "$out/obj/last.err" >&2
		failed+=("$src (USBD_CFG_MSOS20=0)")
	fi
done
cp bench/footprint_main.c "$out/obj/footprint_main_tiny.c"
if "$CC" "${CFLAGS[@]}" -DFP_TINYUSB_FEATURES -DUSBD_CFG_MSOS20=0 \
	-I"$repo/bench" -c "$out/obj/footprint_main_tiny.c" \
	-o "$out/obj/fptiny.o" 2>"$out/obj/last.err"; then :; else
	sed "s|^|  |" "$out/obj/last.err" >&2
	failed+=("bench/footprint_main.c (FP_TINYUSB_FEATURES)")
fi

if [ ${#failed[@]} -ne 0 ]; then
	echo "cortex-m4: ${#failed[@]} file(s) do not compile: ${failed[*]}" >&2
	exit 1
fi

# Undefined symbols: only the project's own and freestanding helpers.
NM=${CC%gcc}nm
"$NM" --defined-only -g "${portable_objs[@]}" 2>/dev/null |
	awk 'NF == 3 { print $3 }' | sort -u >"$out/defined.txt"
bad=0
for src in "${portable_srcs[@]}"; do
	obj=$(obj_of "$src")
	case $src in
	boot/image_crypto_* | boot/image_sig_*) libs='br_|wc_' ;;
	boot/image_enc*) libs='mbedtls_|crypto_|sodium_' ;;
	*) libs='' ;;
	esac
	uses=$("$NM" -u "$obj" | awk '{ print $2 }' | sort -u |
		comm -23 - "$out/defined.txt" |
		grep -Ev "^(mem(cpy|move|set|cmp|chr)|str(len|nlen|cmp|ncmp|chr|rchr)|__aeabi_[a-z0-9]+${libs:+|($libs).*})\$" ||
		true)
	if [ -n "$uses" ]; then
		echo "cortex-m4: not portable: $src uses ${uses//$'\n'/ }" \
			"(no OS calls, no heap, no stdio in these layers)" >&2
		bad=1
	fi
done
[ $bad = 0 ] || exit 1

# Components: one archive each (rows of the table).
declare -A parts=(
	[usb_stack]="udc/udc.c usbd/*.c"
	[dfu_class]="class/dfu/dfu_desc.c class/dfu/dfu_runtime.c class/dfu/dfu_mode.c"
	[ramdisk]="storage/ramdisk.c class/dfu/dfu_disk_image.c"
	[flash_backend]="storage/flash_map.c storage/stream_flash.c class/dfu/dfu_flash_image.c"
	[flash_map]="storage/flash_map.c"
	[bootutil]="boot/trailer.c boot/swap_move.c boot/bootutil_swap_type.c boot/bootutil_log.c boot/bootutil_loader.c boot/bootutil_public.c boot/boot_deps.c boot/boot_slot.c"
	[image_parser]="boot/image.c boot/image_error.c boot/image_version.c boot/image_deps.c"
	[boot_modes]="boot/boot_overwrite.c boot/boot_direct_xip.c"
)
for part in "${!parts[@]}"; do
	objs=()
	for src in ${parts[$part]}; do
		objs+=("$(obj_of "$src")")
	done
	rm -f "$out/lib$part.a"
	"$AR" rcs "$out/lib$part.a" "${objs[@]}"
done
rm -f "$out/libusb_stack_tiny.a"
"$AR" rcs "$out/libusb_stack_tiny.a" "${tiny_objs[@]}"

link() {
	local elf=$1 main=$2
	shift 2
	if ! "$CC" "${LDFLAGS[@]}" -Wl,-Map="$out/$elf.map" -o "$out/$elf.elf" \
		"$(obj_of "$main")" "$@" 2>"$out/$elf.link.err"; then
		sed "s|^|  |" "$out/$elf.link.err" >&2
		echo "cortex-m4: link of $elf failed" >&2
		exit 1
	fi
}

L=("-L$out")
link dfu_device bench/footprint_main.c "${L[@]}" -ldfu_class -lramdisk \
	-lflash_backend -lusb_stack
"$CC" "${LDFLAGS[@]}" -Wl,-Map="$out/dfu_device_1024.map" \
	-o "$out/dfu_device_1024.elf" "$out/obj/fp1024.o" "${L[@]}" \
	-ldfu_class -lramdisk -lflash_backend -lusb_stack ||
	{ echo "cortex-m4: link of dfu_device_1024 failed" >&2; exit 1; }
"$CC" "${LDFLAGS[@]}" -Wl,-Map="$out/dfu_device_tiny.map" \
	-o "$out/dfu_device_tiny.elf" "$out/obj/fptiny.o" "${L[@]}" \
	-ldfu_class -lusb_stack_tiny ||
	{ echo "cortex-m4: link of dfu_device_tiny failed" >&2; exit 1; }
link bootloader bench/footprint_boot.c "${L[@]}" -lbootutil -limage_parser \
	-lflash_map
for mode in 1 2; do
	"$CC" "${LDFLAGS[@]}" -Wl,-Map="$out/bootloader$mode.map" \
		-o "$out/bootloader$mode.elf" "$out/obj/fpboot$mode.o" "${L[@]}" \
		-lboot_modes -lbootutil -limage_parser -lflash_map ||
		{ echo "cortex-m4: link of bootloader$mode failed" >&2; exit 1; }
done

echo "cortex-m4: ${#portable_srcs[@]} portable files compiled and checked" \
	"($CC -mcpu=cortex-m4 -mthumb -Os -Werror), 6 firmwares linked"
if [ ${#skipped[@]} -ne 0 ]; then
	echo "cortex-m4: crypto glue not checked (no BearSSL/wolfSSL" \
		"headers): ${skipped[*]}"
fi
[ $quiet = 1 ] && exit 0

# section_classes ELF: "name text|data|bss" for each allocated section,
# classified as berkeley size(1) does.
section_classes() {
	"$READELF" -S -W "$1" | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk '{ flags = ""; for (i = 7; i <= NF; i++)
			if ($i ~ /^[WAXMSILGTEOxopy]+$/ && $i ~ /A/) flags = $i
		if (flags == "") next
		if ($2 == "NOBITS") c = "bss"
		else if (flags ~ /W/) c = "data"
		else c = "text"
		print $1, c }'
}

# attribute ELF: "component text data bss" summed over the map's kept
# input sections (the part after "Linker script and memory map").
attribute() {
	local elf=$1
	awk -v classes="$(section_classes "$out/$elf.elf")" '
	BEGIN {
		n = split(classes, l, "\n")
		for (i = 1; i <= n; i++) { split(l[i], f, " "); cls[f[1]] = f[2] }
	}
	/^Linker script and memory map/ { on = 1; next }
	!on { next }
	/^[^ ]/ { split($0, f, " "); osec = f[1]; pend = ""; next }
	function hex(s,    i, v) { # mawk has no strtonum
		v = 0; s = tolower(substr(s, 3))
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	# An input section listed at the same address as the one before
	# replaces it: ld prints merged string sections (.str1.1) that way,
	# the first with the whole merged size, so only the last one counts.
	function add(sec, file, size, addr,    c, comp) {
		c = cls[osec]
		if (c == "" || size == 0) return
		if (addr == last_addr && last_comp != "") {
			sum[last_comp, last_c] -= last_size
		}
		comp = file
		if (sec ~ /^\.bss\.fp_state\./) { # a component'"'"'s state struct
			comp = substr(sec, 15); sub(/\..*/, "", comp)
			sum[comp, c] += size; seen[comp] = 1
			last_addr = addr; last_comp = comp; last_c = c
			last_size = size
			return
		}
		if (file ~ /\(/) {
			sub(/\(.*/, "", comp)
		}
		sub(/.*\//, "", comp)
		if (comp ~ /^bench_footprint_(main|boot)\.o$/) comp = "harness"
		else if (comp ~ /^lib(c|g|m)_nano\.a$|^libgcc\.a$|^libnosys\.a$|^crt.*\.o$/) comp = "libc"
		else if (comp ~ /^lib.*\.a$/) { sub(/^lib/, "", comp); sub(/\.a$/, "", comp) }
		else if (file == "*fill*") comp = "fill"
		else comp = "other"
		sum[comp, c] += size; seen[comp] = 1
		last_addr = addr; last_comp = comp; last_c = c; last_size = size
	}
	{
		# " *fill*  ADDR SIZE" | " .sec ADDR SIZE FILE" | "  ADDR SIZE FILE"
		if ($1 == "*fill*" && $2 ~ /^0x/ && $3 ~ /^0x/) {
			add("", "*fill*", hex($3), $2); next
		}
		if (NF == 1 && $1 ~ /^[.*]/) { pend = $1; next }
		if ($1 ~ /^[.*A-Z]/ && $2 ~ /^0x/ && $3 ~ /^0x/ && NF >= 4) {
			file = $0; sub(/^ *[^ ]+ +0x[0-9a-f]+ +0x[0-9a-f]+ +/, "", file)
			add($1, file, hex($3), $2); pend = ""; next
		}
		if (pend != "" && $1 ~ /^0x/ && $2 ~ /^0x/ && NF >= 3) {
			file = $0; sub(/^ *0x[0-9a-f]+ +0x[0-9a-f]+ +/, "", file)
			add(pend, file, hex($2), $1)
		}
		pend = ""
	}
	END {
		for (comp in seen)
			printf "%s %d %d %d\n", comp, sum[comp, "text"],
				sum[comp, "data"], sum[comp, "bss"]
	}' "$out/$elf.map"
}

row() { # label text data bss flash
	if [ $markdown = 1 ]; then
		printf "| %s | %s | %s | %s |\n" "$1" "$2" "$3" "$4"
	else
		printf "  %-60s %7s %6s %6s %7s\n" "$1" "$2" "$3" "$4" "$5"
	fi
}

print_firmware() { # elf title, then pairs: component label
	local elf=$1 title=$2
	shift 2
	local attr t d b total_t=0 total_d=0 total_b=0
	attr=$(attribute "$elf")
	echo "$title"
	while [ $# -gt 0 ]; do
		read -r t d b < <(awk -v c="$1" '$1 == c { print $2, $3, $4 }
			END { }' <<<"$attr") || true
		t=${t:-0} d=${d:-0} b=${b:-0}
		row "$2" "$t" "$d" "$b" "$((t + d))"
		total_t=$((total_t + t)) total_d=$((total_d + d))
		total_b=$((total_b + b))
		shift 2
	done
	read -r t d b _ < <("$SIZE" -B "$out/$elf.elf" | tail -n 1)
	row "$TOTAL_LABEL" "$t" "$d" "$b" "$((t + d))"
	if [ "$t $d $b" != "$total_t $total_d $total_b" ]; then
		echo "  (rows sum to $total_t/$total_d/$total_b: the map" \
			"attribution missed something)"
	fi
}

TOTAL_LABEL="total ($SIZE)"
if [ $markdown = 1 ]; then
	TOTAL_LABEL="whole DFU firmware, wTransferSize 4096"
	echo() { :; } # only the rows
else
	echo
fi
echo "Footprint, Cortex-M4 Thumb-2, gcc $("$CC" -dumpversion) -Os," \
	"newlib nano, --gc-sections (bytes)"
[ $markdown = 1 ] || row "component" "text" "data" "bss" "flash"
print_firmware dfu_device "DFU device (bench/footprint_main.c):" \
	usb_stack "USB stack (udc + usbd)" \
	dfu_class "DFU class (runtime + DFU mode + descriptors)" \
	ramdisk "+ RAM disk (ramdisk + dfu_disk_image)" \
	flash_backend "+ flash backend (flash_map, stream_flash, dfu_flash_image)" \
	harness "harness (main, no-op udc/flash drivers, buffers)" \
	libc "newlib nano + libgcc + startup" \
	fill "alignment fill"
read -r t d b _ < <("$SIZE" -B "$out/dfu_device_1024.elf" | tail -n 1)
if [ $markdown = 1 ]; then
	row "whole DFU firmware, wTransferSize 1024" "$t" "$d" "$b"
else
	row "total at wTransferSize 1024" "$t" "$d" "$b" "$((t + d))"
fi
# TinyUSB's whole DFU firmware, same flags (DESIGN.md): 7112 / 136 / 8816.
read -r t d b _ < <("$SIZE" -B "$out/dfu_device_tiny.elf" | tail -n 1)
if [ $markdown = 1 ]; then
	row "whole DFU firmware with TinyUSB's features (no RAM disk, no flash backend, no MS OS 2.0), wTransferSize 4096" "$t" "$d" "$b"
else
	row "total with TinyUSB's features (no RAM disk/flash/MS OS 2.0)" "$t" "$d" "$b" "$((t + d))"
fi
[ $markdown = 1 ] && TOTAL_LABEL="whole bootloader, no crypto"
print_firmware bootloader "Bootloader, no crypto (bench/footprint_boot.c):" \
	bootutil "bootloader core (trailer, swap-using-move, boot_go, API)" \
	image_parser "image parser (header, TLVs, versions)" \
	flash_map "flash_map" \
	harness "harness (main, parse-only validate, no-op flash)" \
	libc "newlib nano + libgcc + startup" \
	fill "alignment fill"
# The same harness on the other upgrade strategies (boot/boot_modes.h):
# its own code, then the whole firmware (swap_move.c is not linked).
for mode in 1 2; do
	name=direct-xip
	[ $mode = 1 ] && name=overwrite-only
	read -r t d b < <(attribute "bootloader$mode" |
		awk '$1 == "boot_modes" { print $2, $3, $4 }') || true
	row "$name strategy (its boot_modes.h loader)" \
		"${t:-0}" "${d:-0}" "${b:-0}" "$((${t:-0} + ${d:-0}))"
	read -r t d b _ < <("$SIZE" -B "$out/bootloader$mode.elf" | tail -n 1)
	row "whole bootloader, no crypto, $name" "$t" "$d" "$b" "$((t + d))"
done
