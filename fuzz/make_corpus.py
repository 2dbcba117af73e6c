#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpora in fuzz/corpus/<target>/ (run from the repo root).

Seeds are small valid (or nearly valid) inputs in each target's input format
(see the comment at the top of fuzz/fuzz_<target>.c) so the fuzzers start
deep in the protocols. Images and trailers come from tests/vectors.
"""
import os
import struct

V = "tests/vectors"


def out(target, name, data):
    d = os.path.join("fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def vec(path):
    with open(os.path.join(V, path), "rb") as f:
        return f.read()


# ---- USB/IP -----------------------------------------------------------------
def op(code):
    return struct.pack(">HHI", 0x0111, code, 0)


def busid(s):
    return s.encode().ljust(32, b"\0")


def submit(seq, direction, ep, tbl, setup, npk=0, devid=0x10002):
    return struct.pack(">IIIIIIIIII", 1, seq, devid, direction, ep, 0, tbl,
                       0, npk, 0) + setup


def setup(bm, req, value, index, length):
    return struct.pack("<BBHHH", bm, req, value, index, length)


def unlink(seq, victim):
    return struct.pack(">IIIIII", 2, seq, 0x10002, 0, 0, victim) + bytes(24)


DEV_DESC = bytes([18, 1, 0, 2, 0xef, 2, 1, 64, 9, 0x12, 1, 0, 1, 1, 1, 2, 0, 1])
CFG_DESC = bytes([9, 2, 36, 0, 2, 1, 0, 0x80, 50,
                  9, 4, 0, 0, 0, 0xfe, 1, 2, 0,
                  9, 4, 0, 1, 0, 0xfe, 1, 2, 0,
                  9, 4, 1, 0, 0, 0xff, 0, 0, 0])

out("usbip_proto", "devlist", b"\0" + op(0x8005))
out("usbip_proto", "import", b"\0" + op(0x8003) + busid("1-1"))
out("usbip_proto", "submit-in", b"\1" + submit(1, 1, 0, 18,
                                                setup(0x80, 6, 0x100, 0, 18)))
out("usbip_proto", "submit-iso", b"\1" + submit(2, 0, 1, 64, bytes(8), 4))
out("usbip_proto", "unlink", b"\1" + unlink(3, 1))
out("usbip_proto", "descriptors", bytes([2, 18, 255]) + DEV_DESC + CFG_DESC)
out("usbip_proto", "pack", b"\3" + bytes(range(10)))

session = (op(0x8003) + busid("1-1")
           + submit(1, 1, 0, 18, setup(0x80, 6, 0x100, 0, 18))
           + submit(2, 1, 0, 255, setup(0x80, 6, 0x200, 0, 255))
           + submit(3, 0, 0, 0, setup(0x00, 9, 1, 0, 0))
           + submit(4, 0, 0, 5, setup(0x40, 2, 0, 0, 5)) + b"hello"
           + submit(5, 1, 0, 64, setup(0xc0, 3, 0, 0, 64))
           + submit(6, 1, 0, 64, setup(0xc0, 1, 100, 0, 64))
           + submit(7, 1, 1, 64, bytes(8))
           + submit(8, 0, 0, 0, setup(0x40, 0x12, 0, 0, 0))
           + unlink(9, 8)
           + submit(10, 0, 0, 0, setup(0x40, 0x11, 0, 0, 0))
           + submit(11, 0, 0, 0, setup(0x40, 0x10, 0, 0, 0)))
out("usbip_server", "devlist", b"\0" + op(0x8005))
out("usbip_server", "session", b"\0" + session)
out("usbip_server", "session-split", b"\x07" + session)
out("usbip_server", "import-bad-busid", b"\0" + op(0x8003) + busid("9-9"))
out("usbip_server", "import-twice", b"\0" + op(0x8003) + busid("1-1")
    + op(0x8003) + busid("1-1"))
# Issue 10 defect 7: 100 control-IN URBs of 4 KiB in one write.
out("usbip_server", "pipelined-in", b"\0" + op(0x8003) + busid("1-1")
    + b"".join(submit(i, 1, 0, 4096, setup(0xc0, 1, 4096, 0, 4096))
               for i in range(1, 101)))
# Defect 8: each OUT unlinked right behind it.
out("usbip_server", "out-unlink", b"\0" + op(0x8003) + busid("1-1")
    + b"".join(submit(2 * i, 0, 0, 256, setup(0x40, 2, 0, 0, 256))
               + bytes([i]) * 256 + unlink(2 * i + 1, 2 * i)
               for i in range(1, 21)))
# Item 5: the resets USB/IP hides (re-enumeration, port reset).
out("usbip_server", "resets", b"\0" + op(0x8003) + busid("1-1")
    + submit(1, 0, 0, 0, setup(0x00, 9, 1, 0, 0))
    + submit(2, 0, 0, 0, setup(0x00, 9, 1, 0, 0))
    + submit(3, 0, 0, 0, setup(0x23, 3, 4, 1, 0))
    + submit(4, 0, 0, 0, setup(0x00, 9, 0, 0, 0)))
# Defect 9: a command for another device ends the session.
out("usbip_server", "devid", b"\0" + op(0x8003) + busid("1-1")
    + submit(1, 1, 0, 18, setup(0x80, 6, 0x100, 0, 18))
    + submit(2, 1, 0, 18, setup(0x80, 6, 0x100, 0, 18), devid=0x10003)
    + submit(3, 1, 0, 18, setup(0x80, 6, 0x100, 0, 18)))

dfu = (op(0x8003) + busid("1-1")
       + submit(1, 1, 0, 64, setup(0x80, 6, 0x100, 0, 64))
       + submit(2, 1, 0, 255, setup(0x80, 6, 0x200, 0, 255))
       + submit(3, 0, 0, 0, setup(0x00, 9, 1, 0, 0))
       + submit(4, 0, 0, 0, setup(0x01, 11, 0, 0, 0))
       + submit(5, 1, 0, 6, setup(0xa1, 3, 0, 0, 6))
       + submit(6, 0, 0, 100, setup(0x21, 1, 0, 0, 100)) + bytes(range(100))
       + submit(7, 1, 0, 6, setup(0xa1, 3, 0, 0, 6))
       + submit(8, 0, 0, 0, setup(0x21, 1, 1, 0, 0))
       + submit(9, 1, 0, 6, setup(0xa1, 3, 0, 0, 6))
       + submit(10, 1, 0, 1024, setup(0xa1, 2, 0, 0, 1024))
       + submit(11, 1, 0, 1, setup(0xa1, 5, 0, 0, 1)))
out("usbip_dfu", "download-upload", b"\0" + dfu)
out("usbip_dfu", "download-upload-split", b"\x0d" + dfu)
out("usbip_dfu", "pipelined-getstatus", b"\0" + dfu[:40 + 4 * 48]
    + b"".join(submit(i, 1, 0, 6, setup(0xa1, 3, 0, 0, 6))
               for i in range(5, 105)))
out("usbip_dfu", "abort-mid-download", b"\0" + dfu[:40 + 5 * 48 + 100 + 48]
    + submit(12, 0, 0, 0, setup(0x21, 6, 0, 0, 0))
    + submit(13, 1, 0, 1024, setup(0xa1, 2, 0, 0, 1024)))

# ---- DFU control path --------------------------------------------------------
# header: attributes, transfer size index, disk sectors - 1, busy steps
OP_RAW, OP_DNLOAD, OP_GETSTATUS, OP_SIMPLE, OP_UPLOAD, OP_ALT = range(6)
OP_RESET, OP_REPLUG, OP_ENUM, OP_MODE, OP_POLL, OP_DOWNLOAD, OP_CHECK = \
    range(6, 13)


def raw(bm, req, value, index, length):
    return bytes([OP_RAW, bm, req]) + struct.pack("<HHH", value, index,
                                                  length)


out("dfu_control", "download-alt0",
    bytes([0, 0, 7, 0, OP_MODE, 1, OP_DOWNLOAD, 3, 9, OP_CHECK]))
out("dfu_control", "download-alt1-busy",
    bytes([0, 2, 3, 2, OP_MODE, 1, OP_ALT, 1, OP_DOWNLOAD, 4, 1, OP_CHECK]))
out("dfu_control", "download-abort",
    bytes([0, 0, 1, 0, OP_MODE, 1, OP_DOWNLOAD, 2, 5,
           OP_DNLOAD, 0]) + struct.pack("<H", 64)
    + bytes([OP_SIMPLE, 6, 0, 0, OP_CHECK]))
out("dfu_control", "manifest-not-tolerant",
    bytes([0x0b, 1, 2, 1, OP_MODE, 1, OP_DOWNLOAD, 2, 3, OP_GETSTATUS,
           OP_RESET, OP_ENUM, OP_CHECK]))
out("dfu_control", "runtime-detach",
    bytes([0, 0, 0, 0, OP_ENUM]) + raw(0xa1, 3, 0, 0, 6)
    + raw(0x21, 0, 1000, 0, 0) + bytes([OP_MODE, 1, OP_ENUM])
    + raw(0x80, 6, 0x0200, 0, 255) + raw(0xa1, 2, 0, 0, 64)
    + bytes([OP_MODE, 0, OP_CHECK]))
out("dfu_control", "upload-partial",
    bytes([0, 0, 4, 0, OP_MODE, 1, OP_UPLOAD, 0, 0, 64, 0,
           OP_DOWNLOAD, 1, 1, OP_UPLOAD, 0, 0, 0, 16, OP_CHECK]))

# ---- MCUboot images and the bootloader --------------------------------------
IMAGES = ["s3000-ed25519.bin", "s3000-ecp256.bin", "s3000-rsa2048.bin",
          "s3000-nokey.bin", "s3000-ed25519-seccnt-auto.bin",
          "s3000-ecp256-seccnt-auto.bin"]
for name in IMAGES:
    out("image", name, b"\0" + vec("imgtool/" + name))
out("image", "nokey-allowed", b"\1" + vec("imgtool/s3000-nokey.bin"))
out("image", "rsa-other-key", b"\2" + vec("imgtool/s3000-rsa2048.bin"))


def sect(b):
    return struct.pack("<H", len(b)) + b


ED = vec("imgtool/s3000-ed25519.bin")
EC = vec("imgtool/s3000-ecp256.bin")
TEST = vec("boot/s3000-ed25519-pad-test.tail256.bin")
CONFIRM = vec("boot/s3000-ed25519-pad-confirm.tail256.bin")
out("boot", "test-swap", bytes([1, 0]) + sect(EC) + sect(ED) + sect(b"")
    + sect(TEST))
out("boot", "perm-swap-512", bytes([0x04, 0]) + sect(EC) + sect(ED)
    + sect(b"") + sect(CONFIRM))
out("boot", "test-swap-cut", bytes([0x11, 9]) + sect(EC) + sect(ED)
    + sect(b"") + sect(TEST))
out("boot", "test-swap-torn", bytes([0x08, 22]) + sect(EC) + sect(ED)
    + sect(b"") + sect(TEST))
out("boot", "confirmed-primary", bytes([2, 0]) + sect(ED) + sect(b"")
    + sect(CONFIRM) + sect(b""))
out("boot", "bootstrap", bytes([0x80, 0]) + sect(b"") + sect(ED)
    + sect(b"") + sect(b""))
