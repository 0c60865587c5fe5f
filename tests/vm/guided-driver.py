#!/usr/bin/env python3
"""tests/vm/guided-driver.py — the person in front of the VM for reco diag's
guided tests (scenarios 22 and 23).

    guided-driver.py PLAN QMP-SOCKET CONSOLE-LOG OUT-DIR

Follows the tests' markers on the guest's serial console (with
--progress=json each screen that waits for the person prints
{"event":"guided","test":...,"step":...}) and answers through QEMU's
monitor: keys on the USB keyboard and pointer events on the USB tablet
(input-send-event, bound to the display "video0"), screendumps of that
display compared with the colour the test claims to show, USB sticks
plugged into given ports (device_add / device_del).  What it saw goes to
OUT-DIR (driver.log, screens.txt, ports.txt); it exits 1 when a step did
not come or a picture was not the one claimed.

PLAN: "input" (keyboard, screen, pointer) or "media" (camera, speakers,
microphone, USB ports).
"""
import json
import os
import socket
import sys
import time

PLAN, SOCK, CONSOLE, OUT = sys.argv[1:5]
LOG = open(os.path.join(OUT, "driver.log"), "w")
FAILS = []


def log(*a):
    print(*a, file=LOG, flush=True)


def fail(msg):
    FAILS.append(msg)
    log("FAIL", msg)


# ---- QMP -------------------------------------------------------------------------
for _ in range(600):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(SOCK)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("no QMP socket")
f = s.makefile("rw")
json.loads(f.readline())


def qmp(cmd, **args):
    f.write(json.dumps({"execute": cmd, "arguments": args} if args else {"execute": cmd}) + "\n")
    f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            if "error" in r:
                log(cmd, args, r)
            return r


qmp("qmp_capabilities")


def events(evs):
    return qmp("input-send-event", device="video0", events=evs)


def key(qcode, down):
    events([{"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": qcode}}}])


def press(qcode, hold=0.05):
    key(qcode, True)
    time.sleep(hold)
    key(qcode, False)
    time.sleep(0.05)


def pointer(x, y):
    events([{"type": "abs", "data": {"axis": "x", "value": int(x * 0x7fff)}},
            {"type": "abs", "data": {"axis": "y", "value": int(y * 0x7fff)}}])
    time.sleep(0.1)


def button(b):
    for down in (True, False):
        events([{"type": "btn", "data": {"down": down, "button": b}}])
        time.sleep(0.1)


# ---- the markers on the console ---------------------------------------------------
pos = 0
pending = []


def next_marker(timeout=60):
    global pos
    end = time.time() + timeout
    while time.time() < end:
        if pending:
            return pending.pop(0)
        try:
            with open(CONSOLE, "rb") as c:
                c.seek(pos)
                data = c.read()
        except OSError:
            data = b""
        nl = data.rfind(b"\n")
        if nl >= 0:
            pos += nl + 1
            for line in data[:nl].decode("utf-8", "replace").splitlines():
                i = line.find('{"event":"guided"')
                if i >= 0:
                    try:
                        m = json.loads(line[i:].strip())
                    except ValueError:
                        continue
                    log("marker", m)
                    pending.append(m)
        if not pending:
            time.sleep(0.1)
    return None


def wait(test, step, timeout=60):
    while True:
        m = next_marker(timeout)
        if m is None:
            fail("no marker %s/%s" % (test, step))
            try:
                screendump("stuck")  # what the person would have seen
            except Exception:
                pass
            raise SystemExit(finish())
        if m.get("test") == test and m.get("step") == step:
            return m


def finish():
    log("fails", len(FAILS))
    return 1 if FAILS else 0


# ---- the screen -------------------------------------------------------------------
def screendump(name):
    path = os.path.join(OUT, "screen-%s.ppm" % name)
    qmp("screendump", filename=path, device="video0")
    data = open(path, "rb").read()
    head = data.split(b"\n", 3)
    w, h = map(int, head[1].split())
    px = head[3]
    return w, h, lambda x, y: "%02x%02x%02x" % tuple(px[(y * w + x) * 3:(y * w + x) * 3 + 3])


def close(a, b, tol=8):
    return all(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) <= tol for i in (0, 2, 4))


# evdev key codes (linux/input-event-codes.h) -> QEMU qcodes
QCODE = {1: "esc", 12: "minus", 13: "equal", 14: "backspace", 15: "tab", 26: "bracket_left",
         27: "bracket_right", 28: "ret", 29: "ctrl", 39: "semicolon", 40: "apostrophe", 41: "grave_accent",
         42: "shift", 43: "backslash", 51: "comma", 52: "dot", 53: "slash", 54: "shift_r", 55: "kp_multiply",
         56: "alt", 57: "spc", 58: "caps_lock", 69: "num_lock", 70: "scroll_lock", 71: "kp_7", 72: "kp_8",
         73: "kp_9", 74: "kp_subtract", 75: "kp_4", 76: "kp_5", 77: "kp_6", 78: "kp_add", 79: "kp_1", 80: "kp_2",
         81: "kp_3", 82: "kp_0", 83: "kp_decimal", 86: "less", 87: "f11", 88: "f12", 96: "kp_enter",
         97: "ctrl_r", 98: "kp_divide", 99: "print", 100: "alt_r", 102: "home", 103: "up", 104: "pgup",
         105: "left", 106: "right", 107: "end", 108: "down", 109: "pgdn", 110: "insert", 111: "delete",
         119: "pause", 125: "meta_l", 126: "meta_r", 127: "compose"}
for i, k in enumerate("1234567890"):
    QCODE[2 + i] = k
for i, k in enumerate("qwertyuiop"):
    QCODE[16 + i] = k
for i, k in enumerate("asdfghjkl"):
    QCODE[30 + i] = k
for i, k in enumerate("zxcvbnm"):
    QCODE[44 + i] = k
for i in range(10):
    QCODE[59 + i] = "f%d" % (i + 1)


def keyboard(withhold=None):
    wait("keyboard", "intro")
    press("ret")
    m = wait("keyboard", "ready")
    keys = m.get("keys", [])
    log("layout", m.get("keymap"), len(keys), "keys")
    for code in keys:
        if code == withhold:
            continue
        q = QCODE.get(code)
        if not q:
            fail("no qcode for key %d" % code)
            continue
        press(q)
    if withhold is None:
        wait("keyboard", "done")
        return
    time.sleep(0.5)
    key("esc", True)          # held two seconds: the end of the test
    time.sleep(2.6)
    key("esc", False)
    m = wait("keyboard", "missing")
    log("missing", m.get("keys"))
    with open(os.path.join(OUT, "missing.txt"), "w") as o:
        o.write(" ".join(str(k) for k in m.get("keys", [])) + "\n")
    press("b")                # all broken
    press("ret")
    wait("keyboard", "done")


def display():
    wait("display", "intro")
    press("ret")
    with open(os.path.join(OUT, "screens.txt"), "w") as o:
        for name in ("black", "white", "red", "green", "blue", "grey", "gradient"):
            m = wait("display", name)
            time.sleep(0.3)
            w, h, at = screendump(name)
            if name == "gradient":
                # four bands, dark on the left to full on the right
                want = [(0, h // 8, "000000"), (w - 1, h // 8, "ffffff"), (w - 1, 3 * h // 8, "ff0000"),
                        (w - 1, 5 * h // 8, "00ff00"), (w - 1, 7 * h // 8, "0000ff"), (0, 7 * h // 8, "000000")]
                got = [(x, y, at(x, y)) for x, y, _ in want]
                good = all(close(g[2], v[2]) for g, v in zip(got, want))
            else:
                rgb = m.get("rgb")
                pts = [(x, y) for x in (2, w // 2, w - 3) for y in (2, h // 2, h - 3)]
                got = [(x, y, at(x, y)) for x, y in pts]
                good = all(g[2] == rgb for g in got)
            o.write("%s %s %dx%d %s\n" % (name, "ok" if good else "bad", w, h,
                                          " ".join("%d,%d=%s" % g for g in got)))
            o.flush()
            if not good:
                fail("the screen is not %s: %s" % (name, got))
            if name == "red":
                press("n")    # a defect on the red picture: lines
                wait("display", "defect?")
                press("2")
            else:
                press("o")
    wait("display", "done")


def touchpad():
    wait("touchpad", "intro")
    press("ret")
    wait("touchpad", "ready")
    for x, y in ((0.05, 0.05), (0.95, 0.05), (0.05, 0.95), (0.95, 0.95), (0.5, 0.5)):
        pointer(x, y)
    button("left")
    button("right")
    button("wheel-up")
    wait("touchpad", "smooth?")
    press("o")
    wait("touchpad", "done")


def webcam():
    wait("webcam", "intro")
    press("ret")
    with open(os.path.join(OUT, "screens.txt"), "w") as o:
        for dev, want in (("video0", "bars"), ("video1", "black")):
            wait("webcam", "preview")
            time.sleep(1.0)
            w, h, at = screendump(dev)
            row = [at(x, h // 2) for x in range(w // 16, w, w // 8)]
            if want == "bars":
                # vivid's colour bars: several colours, light on the left, dark on the right
                light = int(row[0][0:2], 16) > 150 and close(row[0], row[0][0:2] * 3, 24)
                good = len(set(row)) >= 6 and light and int(row[-1][2:4], 16) < 80
            else:
                good = all(int(c[i:i + 2], 16) < 40 for c in row for i in (0, 2, 4))
            o.write("%s %s %s\n" % (dev, "ok" if good else "bad", " ".join(row)))
            o.flush()
            if not good:
                fail("%s: not its picture on the screen: %s" % (dev, row))
            if want == "bars":
                press("o")
            else:
                press("n")
                wait("webcam", "fault?")
                press("1")
    wait("webcam", "done")


def speakers():
    wait("speakers", "intro")
    press("ret")
    for side in ("left", "right"):
        wait("speakers", side)
        time.sleep(1.5)          # a few beeps into the wav file
        press("1")
    wait("speakers", "done")


def microphone():
    wait("microphone", "intro")
    press("ret")
    wait("microphone", "listening")
    time.sleep(2.0)
    press("o")
    wait("microphone", "done")


def usbports():
    wait("usbports", "intro")
    press("ret")
    wait("usbports", "ready")
    with open(os.path.join(OUT, "ports.txt"), "w") as o:
        for n, port in ((1, 2), (2, 3)):
            r = qmp("device_add", driver="usb-storage", bus="ux.0", port=str(port), drive="stick%d" % n,
                    id="st%d" % n)
            if "error" in r:
                fail("device_add: %s" % r)
            m = wait("usbports", "lit")
            o.write("%s %s\n" % (m.get("port"), m.get("speed")))
            o.flush()
            qmp("device_del", id="st%d" % n)
            time.sleep(1.0)
    press("ret")
    wait("usbports", "all?")
    press("o")
    wait("usbports", "done")


if PLAN == "media":
    webcam()
    speakers()
    microphone()   # silent
    microphone()   # hearing the sine
    usbports()
if PLAN == "input":
    keyboard()
    keyboard(withhold=16)     # KEY_Q: the A of an AZERTY keyboard
    display()
    touchpad()
sys.exit(finish())
