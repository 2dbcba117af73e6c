#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Host side of the mps2-an386 board: runs the firmware in QEMU and drives it.

The board's flash is the first 1 MiB of SSRAM1. It survives SYSRESETREQ
inside one QEMU run; a killed QEMU is a power cut. A run starts from a
flash dump (`-device loader` at BOARD_STAGING_BASE, copied into the flash by
the board's power-on) and a dump of the flash at any moment comes from the
QEMU monitor (pmemsave). Every QEMU is killed after its deadline.

  qemu_board.py pad IN OUT SIZE          IN padded with 0xff to SIZE bytes
  qemu_board.py symcheck ELF...          forbidden symbols in firmware
  qemu_board.py test SCENARIO [options]  one test (see SCENARIOS)
  qemu_board.py bench [options]          boot time per algorithm
  qemu_board.py footprint --fw-dir D ALG...  bootloader size per component
"""
import argparse
import os
import queue
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

# board/mps2_an386/layout.h
FLASH_SIZE = 0x100000
SLOT0_OFF = 0x10000
SLOT0_SIZE = 0x63000
SLOT1_OFF = 0x73000
HEADER_SIZE = 0x200
STAGING_BASE = 0x200000
NOINIT_BASE = 0x3FF000
CUT_AT = NOINIT_BASE + 4
CUT_MODE = NOINIT_BASE + 8
CUT_OPS = NOINIT_BASE + 12
STAGING_MAGIC_ADDR = NOINIT_BASE + 16
STAGING_MAGIC = 0x464C5348
CUT_BEFORE, CUT_TORN = 1, 2

TIMEOUT = float(os.environ.get("CORTEXM_TIMEOUT", "30"))


class Fail(Exception):
    pass


class Qemu:
    """One power-on of the board: QEMU with console and monitor."""

    def __init__(self, qemu, elf, flash, work, cut=None, icount=False,
                 echo=True, extra=(), timeout=None):
        self.log = []
        self.echo = echo
        self.work = work
        self.mon_path = os.path.join(work, "mon.sock")
        if os.path.exists(self.mon_path):
            os.unlink(self.mon_path)
        args = [qemu, "-M", "mps2-an386", "-display", "none",
                "-serial", "stdio", "-monitor", "none", "-semihosting",
                "-chardev", "socket,id=mon,path=%s,server=on,wait=off"
                % self.mon_path, "-mon", "chardev=mon,mode=readline",
                "-kernel", elf]
        if icount:
            args += ["-icount", "shift=0"]
        args += list(extra)
        if flash is not None:
            path = os.path.join(work, "flash-in.bin")
            with open(path, "wb") as f:
                f.write(flash)
            args += ["-device", "loader,file=%s,addr=0x%x,force-raw=on"
                     % (path, STAGING_BASE),
                     "-device", "loader,addr=0x%x,data=0x%x,data-len=4"
                     % (STAGING_MAGIC_ADDR, STAGING_MAGIC)]
        if cut:
            at, mode = cut
            args += ["-device", "loader,addr=0x%x,data=%d,data-len=4"
                     % (CUT_AT, at),
                     "-device", "loader,addr=0x%x,data=%d,data-len=4"
                     % (CUT_MODE, mode)]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.deadline = time.monotonic() + (timeout or TIMEOUT)
        self.lines = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.mon = None

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            self.lines.put(line)
        self.lines.put(None)

    def expect(self, pattern, forbid=None):
        """Console lines up to one matching pattern (regex); Fail on EOF,
        on the deadline or on a line matching forbid."""
        while True:
            left = self.deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                raise Fail("timeout waiting for %r" % pattern)
            if line is None:
                raise Fail("QEMU ended (status %s) waiting for %r"
                           % (self.proc.wait(), pattern))
            self.log.append(line)
            if self.echo:
                print("  | " + line)
            if forbid and re.search(forbid, line):
                raise Fail("unexpected line %r" % line)
            m = re.search(pattern, line)
            if m:
                return m

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def wait_exit(self):
        while True:
            left = self.deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                raise Fail("timeout waiting for QEMU to end")
            if line is None:
                return self.proc.wait()
            self.log.append(line)
            if self.echo:
                print("  | " + line)

    def monitor(self, cmd):
        if self.mon is None:
            self.mon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.mon.settimeout(TIMEOUT)
            self.mon.connect(self.mon_path)
            self._mon_read()
        self.mon.sendall((cmd + "\n").encode())
        return self._mon_read()

    def _mon_read(self):
        buf = b""
        while not buf.endswith(b"(qemu) "):
            chunk = self.mon.recv(4096)
            if not chunk:
                break
            buf += chunk
        return buf.decode("utf-8", "replace")

    def read_word(self, addr):
        out = self.monitor("xp /1wx 0x%x" % addr)
        m = re.search(r"%x: (0x[0-9a-f]+)" % addr, out)
        if not m:
            raise Fail("monitor: no word at 0x%x in %r" % (addr, out))
        return int(m.group(1), 16)

    def dump_flash(self):
        """Stops the CPU and returns the flash as it is now."""
        path = os.path.join(self.work, "flash-out.bin")
        self.monitor("stop")
        self.monitor('pmemsave 0 %d "%s"' % (FLASH_SIZE, path))
        with open(path, "rb") as f:
            data = f.read()
        if len(data) != FLASH_SIZE:
            raise Fail("flash dump has %d bytes" % len(data))
        return data

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self.mon:
            self.mon.close()


def flash_with(slot0=None, slot1=None):
    flash = bytearray(b"\xff" * FLASH_SIZE)
    if slot0:
        flash[SLOT0_OFF:SLOT0_OFF + len(slot0)] = slot0
    if slot1:
        flash[SLOT1_OFF:SLOT1_OFF + len(slot1)] = slot1
    return flash


def read(path):
    with open(path, "rb") as f:
        return f.read()


BOOT_LINES = [
    r"^\*\*\* Booting MCUboot-compatible bootloader on mps2_an386 \*\*\*$",
    r"^I: Starting bootloader$",
]


def expect_hello(q, version, swap=None, forbid=r"^E: "):
    for p in BOOT_LINES:
        q.expect(p, forbid)
    if swap:
        q.expect(r"^I: Image index: 0, Swap type: %s$" % swap, forbid)
        if swap != "none":
            q.expect(r"^I: Starting swap using move algorithm\.$", forbid)
    q.expect(r"^I: Bootloader chainload address offset: 0x10000$", forbid)
    q.expect(r"^I: Jumping to the first image slot$", forbid)
    q.expect(r"^Hello World! mps2_an386$", forbid)
    q.expect(r"^version %s\+0$" % re.escape(version), forbid)


def hello_version(q):
    """Boots through whatever the bootloader does; the version it runs."""
    for p in BOOT_LINES:
        q.expect(p, r"^E: ")
    q.expect(r"^Hello World! mps2_an386$", r"^E: |flash: power cut")
    return q.expect(r"^version (\S+)\+0$").group(1)


def power_off(q):
    q.send("q")
    rc = q.wait_exit()
    if rc != 0:
        raise Fail("power off: QEMU status %d" % rc)


def scenario_boot(a, work):
    q = Qemu(a.qemu, a.boot, flash_with(read(a.image("v1"))), work)
    try:
        expect_hello(q, "1.0.0", swap="none")
        power_off(q)
    finally:
        q.kill()


def expect_rejected(a, work, image):
    q = Qemu(a.qemu, a.boot, flash_with(image), work)
    try:
        for p in BOOT_LINES:
            q.expect(p)
        q.expect(r"^E: Image in the primary slot is not valid!$", r"Hello")
        q.expect(r"^E: Unable to find bootable image$", r"Hello")
        rc = q.wait_exit()
        if any("Hello" in line for line in q.log):
            raise Fail("an invalid image ran")
        if rc == 0:
            raise Fail("bootloader ended with status 0 after a rejection")
    finally:
        q.kill()


def scenario_tampered(a, work):
    img = bytearray(read(a.image("v1")))
    img[HEADER_SIZE + 0x100] ^= 0x01  # one bit of the payload
    expect_rejected(a, work, img)


def scenario_wrong_key(a, work):
    expect_rejected(a, work, read(a.image("other")))


def scenario_swap_revert(a, work):
    q = Qemu(a.qemu, a.boot, flash_with(read(a.image("v1")),
                                        read(a.image("v2-test"))), work)
    try:
        expect_hello(q, "2.0.0", swap="test")
        q.send("r")
        q.expect(r"^resetting$")
        expect_hello(q, "1.0.0", swap="revert")
        q.send("r")
        q.expect(r"^resetting$")
        expect_hello(q, "1.0.0", swap="none")
        power_off(q)
    finally:
        q.kill()


def scenario_swap_confirm(a, work):
    q = Qemu(a.qemu, a.boot, flash_with(read(a.image("v1")),
                                        read(a.image("v2-test"))), work)
    try:
        expect_hello(q, "2.0.0", swap="test")
        q.send("c")
        q.expect(r"^image confirmed$")
        q.send("r")
        expect_hello(q, "2.0.0", swap="none")
        power_off(q)
    finally:
        q.kill()


def scenario_power_cut(a, work):
    """Cuts power at flash operations spread over a test swap and its
    revert of a 64 KiB image (16 pages); after each cut the board restarts from the flash as it was
    and must finish the interrupted operation: v2 when the cut hit the
    swap, v1 when it hit the revert, and v1 after the next reset."""
    start = flash_with(read(a.image("64k-v1")),
                       read(a.image("64k-v2-test")))
    q = Qemu(a.qemu, a.boot, start, work)
    try:
        expect_hello(q, "2.0.0", swap="test")
        swap_ops = q.read_word(CUT_OPS)
        q.send("r")
        expect_hello(q, "1.0.0", swap="revert")
        total = q.read_word(CUT_OPS)
    finally:
        q.kill()
    if swap_ops < 10 or total <= swap_ops:
        raise Fail("flash operation counts make no sense: %d, %d"
                   % (swap_ops, total))
    print("swap: %d flash operations, revert: %d" % (swap_ops,
                                                      total - swap_ops))
    points = a.cuts or 12
    cuts = sorted({1, swap_ops, swap_ops + 1, total} |
                  {1 + i * (total - 1) // (points - 1)
                   for i in range(points)})
    for i, at in enumerate(cuts):
        mode = CUT_TORN if i % 2 else CUT_BEFORE
        print("cut at flash operation %d (%s)"
              % (at, "torn" if mode == CUT_TORN else "before"))
        q = Qemu(a.qemu, a.boot, start, work, cut=(at, mode))
        try:
            if at > swap_ops:
                q.expect(r"^version 2\.0\.0\+0$", r"^E: ")
                q.send("r")
            q.expect(r"^flash: power cut$", r"^E: |Hello")
            flash = q.dump_flash()
        finally:
            q.kill()
        want = "2.0.0" if at <= swap_ops else "1.0.0"
        q = Qemu(a.qemu, a.boot, flash, work)
        try:
            got = hello_version(q)
            if got != want:
                raise Fail("after a cut at %d: runs %s, want %s"
                           % (at, got, want))
            q.send("r")
            got = hello_version(q)
            if got != "1.0.0":
                raise Fail("after a cut at %d and a reset: runs %s"
                           % (at, got))
            power_off(q)
        finally:
            q.kill()


SCENARIOS = {
    "boot": scenario_boot,
    "tampered": scenario_tampered,
    "wrong-key": scenario_wrong_key,
    "swap-revert": scenario_swap_revert,
    "swap-confirm": scenario_swap_confirm,
    "power-cut": scenario_power_cut,
}

FORBIDDEN = re.compile(
    r"^(_?(malloc|free|calloc|realloc)(_r)?|_sbrk(_r)?|_?(open|read|fopen|"
    r"fread|close)(_r)?|sodium_init|randombytes.*|getrandom|getentropy|"
    r"wc_GenerateSeed|wc_InitRng.*|br_prng_seeder_system)$")


def symcheck(nm, elfs):
    bad = 0
    for elf in elfs:
        out = subprocess.run([nm, elf], check=True, capture_output=True,
                             text=True).stdout
        syms = sorted({ln.split()[-1] for ln in out.splitlines()
                       if ln.strip() and FORBIDDEN.match(ln.split()[-1])})
        if syms:
            print("%s: forbidden symbols: %s" % (elf, " ".join(syms)))
            bad = 1
        else:
            print("%s: clean" % elf)
    return bad


def bench(a):
    hdr = read(a.image_for(a.algs[0], "384k"))[:16]
    print("Boot time on mps2-an386 (QEMU -icount shift=0), reset to hello"
          " world's first line after SYSRESETREQ, %d-byte image (payload),"
          " no swap:"
          % int.from_bytes(hdr[12:16], "little"))
    print("  (fewest of %d runs: the console's busy-wait on QEMU's"
          " UART varies by a few %%)" % a.runs)
    for alg in a.algs:
        boot = os.path.join(a.fw_dir, "boot-%s.elf" % alg)
        img = read(a.image_for(alg, "384k"))
        best = None
        for _ in range(a.runs):
            with tempfile.TemporaryDirectory() as work:
                q = Qemu(a.qemu, boot, flash_with(img), work, icount=True,
                         echo=False)
                try:
                    # The cold start copies the flash dump in (emulation
                    # only): time the boot after a SYSRESETREQ instead.
                    q.expect(r"^Hello World! mps2_an386$", r"^E: ")
                    cold = int(q.expect(r"^ticks since reset: (\d+)$")
                               .group(1))
                    q.send("r")
                    q.expect(r"^Hello World! mps2_an386$", r"^E: ")
                    ticks = int(q.expect(r"^ticks since reset: (\d+)$")
                                .group(1))
                    if a.verbose:
                        print("  %s: cold start %d ticks, reset %d ticks"
                              % (alg, cold, ticks))
                    q.send("t")
                    m = q.expect(r"^calibration: (\d+) instructions, "
                                 r"(\d+) ticks$")
                    power_off(q)
                finally:
                    q.kill()
            if best is None or ticks < best[0]:
                best = (ticks, m)
        ticks, m = best
        insns = ticks * int(m.group(1)) / int(m.group(2))
        print("  %-12s %6.2f M instructions (%d counter ticks; %s"
              " instructions took %s ticks)"
              % (alg, insns / 1e6, ticks, m.group(1), m.group(2)))
    return 0


COMPONENTS = [
    ("core", "bootloader core, image parser, flash map (boot/, storage/)"),
    ("glue", "crypto glue (boot/image_crypto_*, image_sig_*)"),
    ("bearssl", "BearSSL 0.6 SHA-256/384, ECDSA i31 (Debian source)"),
    ("wolfssl", "wolfSSL 5.5 SHA-256, Ed25519 / RSA-PSS verify + glue"
     " (Debian source)"),
    ("board", "board: startup, UART, NOR flash driver"),
    ("main", "bootloader main + key"),
    ("harness", "measuring harness: main, no-op flash driver"),
    ("libc", "newlib nano + libgcc (+ crt0 in the harness)"),
    ("fill", "alignment fill"),
]


DFU_COMPONENTS = [
    ("usb_stack", "USB device stack + controller API (usbd/, udc/udc.c)"),
    ("dfu_class", "DFU class: run-time + DFU mode (class/dfu/)"),
    ("ramdisk", "RAM disk + its DFU backend"),
    ("flash_backend", "flash DFU backend + stream writer"),
    ("bridge", "bridge controller driver + UART1 (udc/udc_bridge.c)"),
    ("image", "image parse/validate, trailer, flash map (boot/, storage/)"),
    ("crypto", "signature check: glue + wolfSSL SHA-256 and Ed25519"),
    ("board", "board: startup, UART, NOR flash driver"),
    ("main", "sample (apps/dfu: mps2_an386.c, dfu_sample.c) + key + buffers"),
    ("libc", "newlib nano + libgcc"),
    ("fill", "alignment fill"),
]


def dfu_component(origin):
    for lib, comp in (("libusb_stack_cm.a", "usb_stack"),
                      ("libdfu_class_cm.a", "dfu_class"),
                      ("libramdisk_cm.a", "ramdisk"),
                      ("libflash_backend_cm.a", "flash_backend"),
                      ("libudc_bridge_cm.a", "bridge"),
                      ("libportable_cm.a", "image"),
                      ("libvalidate_cm.a", "image"),
                      ("libbearssl_cm.a", "crypto"),
                      ("libsig_ed25519_cm.a", "crypto"),
                      ("libboard_cm.a", "board")):
        if lib in origin:
            return comp
    if "mps2_an386.c" in origin or "dfu_sample.c" in origin or \
            ".pub.c" in origin:
        return "main"
    if origin == "*fill*":
        return "fill"
    return "libc"


def dfu_footprint(a):
    """The DFU sample firmware, linked as it runs, at two wTransferSizes."""
    print("DFU sample firmware on mps2-an386 (apps/dfu/mps2_an386.c; same"
          " flags), bytes text/data/bss; RAM disk 32 KiB, flash write"
          " buffer 512:")
    for xfer, name in ((4096, "dfu"), (1024, "dfu-1024")):
        elf = os.path.join(a.fw_dir, "%s.elf" % name)
        size = subprocess.run([a.size, "-B", elf], check=True,
                              capture_output=True, text=True).stdout
        t, d, b = (int(x) for x in size.splitlines()[-1].split()[:3])
        print("  wTransferSize %d (%s.elf): %d / %d / %d (flash %d, RAM %d)"
              % (xfer, name, t, d, b, t + d, d + b))
        sums = map_sizes(os.path.join(a.fw_dir, "%s.map" % name),
                         dfu_component)
        for comp, label in DFU_COMPONENTS:
            if comp in sums:
                print("    %-62s %6d %4d %5d" % ((label,) +
                                                  tuple(sums[comp])))
        if [sum(v[i] for v in sums.values()) for i in range(3)] != \
                [t, d, b]:
            print("    (the map's rows do not add up to size(1)'s total)")
        ram_disk = 32 * 1024
        print("    minus the signature-check row and the RAM disk's 32 KiB:"
              " %d / %d / %d" % (t - sums.get("crypto", [0] * 3)[0], d,
                                 b - ram_disk))
    return 0


def component(origin):
    for lib, comp in (("libportable_cm.a", "core"),
                      ("libhash_br_cm.a", "glue"),
                      ("libsig_ecdsa_cm.a", "glue"),
                      ("libvalidate_cm.a", "core"),
                      ("libvalidate384_cm.a", "core"),
                      ("libbearssl_cm.a", "bearssl"),
                      ("libsig_ed25519_cm.a", "wolfssl"),
                      ("libsig_rsa_cm.a", "wolfssl"),
                      ("libboard_cm.a", "board")):
        if lib in origin:
            return comp
    if "bootloader.c" in origin or ".pub.c" in origin:
        return "main"
    if "footprint_boot.c" in origin:
        return "harness"
    # the harness firmwares compile the project's sources in
    if "/boot/image_crypto_" in origin or "/boot/image_sig_" in origin:
        return "glue"
    if "/boot/" in origin or "/storage/" in origin:
        return "core"
    if origin == "*fill*":
        return "fill"
    return "libc"


def map_sizes(path, classify=None):
    """{component: [text, data, bss]} from a GNU ld map: each input
    section kept in an output section, counted as size(1) counts it."""
    # the board's linker scripts, then what the default script (the
    # measuring harness) adds: classes as size(1) -B puts them
    kinds = {".text": 0, ".ARM.exidx": 0, ".data": 1, ".bss": 2,
             ".rodata": 0, ".init": 0, ".fini": 0, ".eh_frame": 0,
             ".ARM.extab": 0, ".preinit_array": 1, ".init_array": 1,
             ".fini_array": 1}
    sums = {}
    out = None
    pending = None
    started = False
    last = None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("Linker script and memory map"):
                started = True
                continue
            if not started or not line:
                continue
            if not line.startswith(" "):
                out = line.split()[0]
                pending = None
                continue
            if out not in kinds:
                continue
            fields = line.split()
            if fields[0] == "*fill*" and len(fields) >= 3:
                origin, addr = "*fill*", fields[1]
                size = int(fields[2], 16)
            elif (len(fields) >= 4 and fields[1].startswith("0x") and
                  fields[2].startswith("0x") and not
                  fields[0].startswith("0x")):
                origin, addr = " ".join(fields[3:]), fields[1]
                size = int(fields[2], 16)
            elif len(fields) == 1 and fields[0].startswith("."):
                pending = fields[0]
                continue
            elif (pending and len(fields) >= 3 and
                  fields[0].startswith("0x") and fields[1].startswith("0x")):
                origin, addr = " ".join(fields[2:]), fields[0]
                size = int(fields[1], 16)
            else:
                pending = None
                continue
            pending = None
            if not size:
                continue
            # ld lists merged string sections (.str1.1) at one address,
            # the first with the whole merged size: the last one counts
            if last and last[0] == int(addr, 16):
                last[1][last[2]] -= last[3]
            c = sums.setdefault((classify or component)(origin), [0, 0, 0])
            c[kinds[out]] += size
            last = (int(addr, 16), c, kinds[out], size)
    return sums


def beside_crypto(path):
    """Text of a BearSSL firmware outside BearSSL and the memmove only
    BearSSL calls: what compares with MCUboot's code beside tinycrypt."""
    sums = map_sizes(path, lambda o: "crypto" if "libbearssl_cm.a" in o
                     or "lib_a-memmove.o" in o else "rest")
    return sums.get("rest", [0, 0, 0])[0]


HARNESS_ELFS = [
    ("fp-boot-ecdsa-p256", "ECDSA P-256 in bench/footprint_boot.c's"
     " harness (MCUboot's figure was taken that way), every log line"),
    ("fp-boot-ecdsa-p256-nolog", "the same, BOOT_LOG_LEVEL=0 (no logging,"
     " as MCUboot's figure)"),
]


def footprint(a):
    print("Bootloader firmware on mps2-an386 (arm-none-eabi-gcc -mcpu="
          "cortex-m4 -mthumb -Os, function/data sections, nano.specs,"
          " --gc-sections), bytes text/data/bss:")
    names = ["boot-%s" % alg for alg in a.algs] + \
        [name for name, _ in HARNESS_ELFS]
    for name in names:
        elf = os.path.join(a.fw_dir, "%s.elf" % name)
        size = subprocess.run([a.size, "-B", elf], check=True,
                              capture_output=True, text=True).stdout
        t, d, b = (int(x) for x in size.splitlines()[-1].split()[:3])
        print("  %s: %d / %d / %d (flash %d, RAM %d)"
              % (name, t, d, b, t + d, d + b))
        for fp_name, what in HARNESS_ELFS:
            if fp_name == name:
                print("    (%s)" % what)
        sums = map_sizes(os.path.join(a.fw_dir, "%s.map" % name))
        for comp, label in COMPONENTS:
            if comp in sums:
                print("    %-62s %6d %4d %5d" % ((label,) +
                                                  tuple(sums[comp])))
        if [sum(v[i] for v in sums.values()) for i in range(3)] != \
                [t, d, b]:
            print("    (the map's rows do not add up to size(1)'s total)")
        if name.startswith("fp-"):
            print("    outside BearSSL and its memmove: %d" % beside_crypto(
                os.path.join(a.fw_dir, "%s.map" % name)))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pad")
    p.add_argument("inp")
    p.add_argument("out")
    p.add_argument("size", type=int)
    p = sub.add_parser("footprint")
    p.add_argument("--size", default="arm-none-eabi-size")
    p.add_argument("--fw-dir", required=True)
    p.add_argument("algs", nargs="+")
    p = sub.add_parser("dfu-footprint")
    p.add_argument("--size", default="arm-none-eabi-size")
    p.add_argument("--fw-dir", required=True)
    p = sub.add_parser("beside-crypto")
    p.add_argument("--fw-dir", required=True)
    p.add_argument("name")
    p = sub.add_parser("symcheck")
    p.add_argument("--nm", default="arm-none-eabi-nm")
    p.add_argument("elfs", nargs="+")
    for name in ("test", "bench"):
        p = sub.add_parser(name)
        if name == "test":
            p.add_argument("scenario", choices=sorted(SCENARIOS))
            p.add_argument("--alg", required=True)
            p.add_argument("--cuts", type=int, default=0)
        else:
            p.add_argument("--algs", nargs="+", required=True)
            p.add_argument("--runs", type=int, default=3)
            p.add_argument("--verbose", action="store_true")
        p.add_argument("--qemu", default="qemu-system-arm")
        p.add_argument("--fw-dir", required=True)
        p.add_argument("--img-dir", required=True)
    a = ap.parse_args()
    if a.cmd == "pad":
        data = read(a.inp)
        if len(data) > a.size:
            sys.exit("%s is larger than %d bytes" % (a.inp, a.size))
        with open(a.out, "wb") as f:
            f.write(data + b"\xff" * (a.size - len(data)))
        return 0
    if a.cmd == "footprint":
        return footprint(a)
    if a.cmd == "dfu-footprint":
        return dfu_footprint(a)
    if a.cmd == "beside-crypto":
        print(beside_crypto(os.path.join(a.fw_dir, "%s.map" % a.name)))
        return 0
    if a.cmd == "symcheck":
        return symcheck(a.nm, a.elfs)
    a.image_for = lambda alg, kind: os.path.join(
        a.img_dir, "hello-%s-%s.bin" % (alg, kind))
    if a.cmd == "bench":
        return bench(a)
    a.boot = os.path.join(a.fw_dir, "boot-%s.elf" % a.alg)
    a.image = lambda kind: a.image_for(a.alg, kind)
    with tempfile.TemporaryDirectory() as work:
        try:
            SCENARIOS[a.scenario](a, work)
        except Fail as e:
            print("FAIL: %s %s: %s" % (a.scenario, a.alg, e))
            return 1
    print("PASS: %s %s" % (a.scenario, a.alg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
