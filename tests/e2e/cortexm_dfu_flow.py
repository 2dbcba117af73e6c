#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The DFU sample as Cortex-M4 firmware, updated by the real dfu-util.

qemu-system-arm runs the bootloader and the DFU sample firmware
(mps2-an386, USB over UART1); udc_bridge_host exports it over USB/IP; the
QEMU x86 guest (vhci-hcd, usbip-autoattach, dfu-util) runs
guest/cortexm_dfu_flow.sh: list, detach, alt 0 round trip, alt 1 download
of the signed hello world. Then the board is reset from its console: the
bootloader does the test swap and hello world 2.0.0 runs; reset again: the
swap is reverted and the DFU sample is back.

Usage: cortexm_dfu_flow.py --qemu QEMU_ARM --fw-dir D --img-dir D
                           --bridge udc_bridge_host
Prints "STEP <name>: PASS|FAIL" per step and PASS or FAIL at the end.
Every QEMU and the bridge have deadlines (E2E_TIMEOUT, default 300 s).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "board", "mps2_an386"))
import qemu_board as qb  # noqa: E402

TIMEOUT = float(os.environ.get("E2E_TIMEOUT", "300"))
FORBID = r"^E: |fault"


class Step:
    def __init__(self):
        self.fails = 0

    def done(self, name, ok, why=""):
        print("STEP %s: %s%s" % (name, "PASS" if ok else "FAIL",
                                 " (%s)" % why if why else ""), flush=True)
        if not ok:
            self.fails += 1
        return ok


def start_bridge(bridge, sock, log_path):
    log = open(log_path, "w")
    proc = subprocess.Popen([bridge, "--socket", sock, "--port", "0"],
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open(log_path) as f:
            m = re.search(r"USB/IP on 127\.0\.0\.1:(\d+)", f.read())
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    raise qb.Fail("the bridge did not start: %s" % open(log_path).read())


def run_guest(a, port, work):
    console = os.path.join(work, "guest-console.log")
    hello = os.path.join(work, "hello.bin")
    with open(hello, "wb") as f:
        f.write(qb.read(os.path.join(a.img_dir, "hello-ed25519-v2.bin")))
    cmd = [os.path.join(HERE, "run-guest.sh"), "-t", str(int(TIMEOUT)),
           "-f", os.path.join(HERE, "guest", "lib.sh"),
           "-f", os.path.join(REPO, "tools", "usbip-autoattach.sh"),
           "-f", hello, "-e", "E2E_PORT=%d" % port, "-l", console]
    if a.big:
        big = os.path.join(work, "big.bin")
        with open(big, "wb") as f:
            f.write(qb.read(a.big))
        cmd += ["-f", big]
    cmd.append(os.path.join(HERE, "guest", "cortexm_dfu_flow.sh"))
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                        stderr=subprocess.STDOUT,
                        timeout=TIMEOUT + 30).returncode
    with open(console, errors="replace") as f:
        lines = f.read().splitlines()
    return rc, lines


def report_guest(lines, st):
    """The guest's steps and transfer rates, as the lead reads them."""
    for ln in lines:
        if ln.startswith(("STEP ", "ABORT", "  ", "flow:")):
            print("  guest| " + ln)
        m = re.match(r"^RATE (\S+) (\d+) (\d+)$", ln)
        if m:
            n, cs = int(m.group(2)), max(int(m.group(3)), 1)
            print("RATE %s: %d bytes in %.2f s = %.1f KiB/s (whole dfu-util"
                  " run)" % (m.group(1), n, cs / 100, n / 1024 / (cs / 100)))
    names = [ln for ln in lines if ln.startswith("STEP ")]
    want = ["attach", "list", "lsusb-runtime", "detach", "lsusb-dfu",
            "alt0-download", "alt0-upload", "alt1-download", "alt1-upload"]
    for w in want:
        ok = "STEP %s: PASS" % w in " ".join(names)
        st.done("guest-" + w, ok)


def swap_and_revert(q, st):
    q.expect(r"^Secondary image pending: test swap on next reset$", FORBID)
    q.send("r")
    q.expect(r"^resetting$", FORBID)
    q.expect(r"^I: Image index: 0, Swap type: test$", FORBID)
    q.expect(r"^I: Starting swap using move algorithm\.$", FORBID)
    q.expect(r"^I: Jumping to the first image slot$", FORBID)
    q.expect(r"^Hello World! mps2_an386$", FORBID)
    q.expect(r"^version 2\.0\.0\+0$", FORBID)
    st.done("test-swap-runs-hello", True)
    q.send("r")
    q.expect(r"^I: Image index: 0, Swap type: revert$", FORBID)
    q.expect(r"^I: Jumping to the first image slot$", FORBID)
    q.expect(r"^USB DFU sample is initialized$", FORBID + r"|Hello")
    st.done("revert-dfu-sample-back", True)
    q.send("r")
    q.expect(r"^I: Image index: 0, Swap type: none$", FORBID)
    q.expect(r"^USB DFU sample is initialized$", FORBID + r"|Hello")
    st.done("reset-keeps-dfu-sample", True)


def flow(a, work, st):
    sock = os.path.join(work, "usb.sock")
    flash = qb.flash_with(qb.read(os.path.join(a.img_dir,
                                               "dfu-ed25519-v1.bin")))
    extra = ["-chardev", "socket,id=usb,path=%s,server=on,wait=off" % sock,
             "-serial", "chardev:usb"]
    q = qb.Qemu(a.qemu, os.path.join(a.fw_dir, "boot-ed25519.elf"), flash,
                work, extra=extra, timeout=2 * TIMEOUT + 60)
    bridge = None
    try:
        q.expect(r"^USB DFU sample is initialized$", FORBID)
        st.done("boot-dfu-sample", True)
        bridge, port = start_bridge(a.bridge, sock,
                                    os.path.join(work, "bridge.log"))
        rc, lines = run_guest(a, port, work)
        if rc == 77:
            return 77  # run-guest.sh: QEMU x86 unavailable
        report_guest(lines, st)
        if rc != 0:
            st.done("guest", False, "exit %d" % rc)
            print("\n".join(lines[-60:]))
            return
        swap_and_revert(q, st)
        q.send("q")
        q.wait_exit()
    except qb.Fail as e:
        st.done("board", False, str(e))
    finally:
        q.kill()
        if bridge:
            bridge.terminate()
            try:
                bridge.wait(10)
            except subprocess.TimeoutExpired:
                bridge.kill()
        blog = os.path.join(work, "bridge.log")
        if st.fails and os.path.exists(blog):
            print("---- bridge log ----")
            print(open(blog).read())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--fw-dir", required=True)
    ap.add_argument("--img-dir", required=True)
    ap.add_argument("--bridge", required=True)
    ap.add_argument("--big", help="also move this signed image through"
                    " alt 1 and back (throughput; not in CI)")
    a = ap.parse_args()
    st = Step()
    with tempfile.TemporaryDirectory() as work:
        if flow(a, work, st) == 77:
            print("SKIPPED: qemu-system-x86_64 is not available")
            return 77
    print("PASS" if st.fails == 0 else "FAIL: %d steps" % st.fails)
    return 0 if st.fails == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
