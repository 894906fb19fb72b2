#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The host side of the e2e rig's hot-plug round.

Follows the guest's console log and, for each request line the guest
prints, acts on the VM through QMP (a unix socket):

  E2E-HOST: unplug   device_del the current stick, wait for DEVICE_DELETED
                     (a stick of two parts is detached from its port first)
  E2E-HOST: plug     device_add a fresh stick on the next spare drive

usage: e2e-host.py LOG QMP_SOCKET STICK_ID PLUG_TEMPLATE SPARES HOST_LOG

PLUG_TEMPLATE is the device_add argument string without drive and id,
e.g. "driver=usb-storage,bus=xhci.0"; the sticks it adds are stick1..N on
drives spare1..N. A stick made of a USB device and a disk below it has two
parts separated by "|", e.g. "driver=usb-uas,bus=xhci.0|driver=scsi-hd":
the first part gets the id and serial, the second the drive, the id
stickN-disk and, unless given, bus=stickN.0; the first is attached (QOM
property "attached") once both exist; device_del of stickN removes both. Exits when the guest prints "e2e: exit status", when the
log stops growing because QEMU is gone, or on a QMP error (non-zero).
"""

import json
import os
import socket
import sys
import time


class Qmp:
    def __init__(self, path, timeout=60):
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        self.file = self.sock.makefile("rw")
        self.events = []
        self.read()  # the greeting
        self.execute("qmp_capabilities")

    def read(self):
        line = self.file.readline()
        if not line:
            raise RuntimeError("QMP: the connection closed")
        return json.loads(line)

    def execute(self, cmd, **args):
        msg = {"execute": cmd}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg) + "\n")
        self.file.flush()
        while True:
            reply = self.read()
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise RuntimeError("QMP %s: %s" % (cmd, reply["error"].get("desc")))
            return reply.get("return")

    def wait_event(self, name, device, timeout):
        self.sock.settimeout(timeout)
        try:
            while True:
                for ev in self.events:
                    if ev["event"] == name and ev.get("data", {}).get("device") == device:
                        self.events.remove(ev)
                        return True
                self.events.append(self.read())
        except (socket.timeout, TimeoutError):
            return False
        finally:
            self.sock.settimeout(None)


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    log, sock, stick, template, spares, hostlog = sys.argv[1:]
    spares = int(spares)
    out = open(hostlog, "w", buffering=1)

    def say(msg):
        out.write("%s %s\n" % (time.strftime("%H:%M:%S"), msg))

    qmp = None
    plugged = 0
    pos = 0
    idle = 0.0
    partial = ""
    parent = os.getppid()
    while True:
        # The harness that started us is gone (Ctrl-C, kill): so are we.
        if os.getppid() != parent:
            say("the harness exited; stopping")
            return 1
        try:
            with open(log, "rb") as f:
                f.seek(pos)
                data = f.read()
        except FileNotFoundError:
            data = b""
        pos += len(data)
        if not data:
            idle += 0.2
            # QEMU gone (the caller kills us) or silent for 30 minutes.
            if idle > 1800:
                say("the guest log stopped growing")
                return 1
            time.sleep(0.2)
            continue
        idle = 0.0
        text = partial + data.decode("utf-8", "replace").replace("\r", "")
        lines = text.split("\n")
        partial = lines.pop()
        for line in lines:
            if line.startswith("e2e: exit status"):
                say("the guest finished: %s" % line)
                return 0
            if not line.startswith("E2E-HOST: "):
                continue
            req = line[len("E2E-HOST: "):].strip()
            if qmp is None:
                qmp = Qmp(sock)
            t0 = time.time()
            if req == "unplug":
                if "|" in template:
                    # Pull the stick out of its port first, as a user
                    # does: the guest sees the disconnect, the xHCI
                    # cancels the packets in flight while usb-uas still
                    # has their requests. device_del alone unrealizes the
                    # disk first, and QEMU 7.2's usb-uas then aborts on a
                    # packet it no longer knows
                    # (docs/evidence/qemu-uas-cancel-io-assert.txt).
                    say("qom-set %s attached false" % stick)
                    qmp.execute("qom-set", path="/machine/peripheral/%s" % stick,
                                property="attached", value=False)
                say("device_del %s" % stick)
                qmp.execute("device_del", id=stick)
                if not qmp.wait_event("DEVICE_DELETED", stick, 30):
                    say("FAIL: no DEVICE_DELETED for %s in 30 s" % stick)
                    return 1
                say("%s deleted in %.1f s" % (stick, time.time() - t0))
            elif req == "plug":
                if plugged >= spares:
                    say("FAIL: the guest asked for a stick beyond the %d spares" % spares)
                    return 1
                plugged += 1
                stick = "stick%d" % plugged
                parts = [dict(kv.split("=", 1) for kv in part.split(","))
                         for part in template.split("|")]
                parts[0].update(id=stick, serial="E2ESTICK%02d" % (plugged + 1))
                parts[-1].update(drive="spare%d" % plugged)
                if len(parts) > 1:
                    parts[-1].update(id="%s-disk" % stick)
                    parts[-1].setdefault("bus", "%s.0" % stick)
                for args in parts:
                    say("device_add %s" % ",".join("%s=%s" % kv for kv in args.items()))
                    qmp.execute("device_add", **args)
                if len(parts) > 1:
                    # A hot-plugged usb-uas (like usb-bot) starts detached,
                    # so that its disks can be added first: attach it now.
                    say("qom-set %s attached true" % stick)
                    qmp.execute("qom-set", path="/machine/peripheral/%s" % stick,
                                property="attached", value=True)
                say("%s added in %.1f s" % (stick, time.time() - t0))
            else:
                say("FAIL: unknown request %r" % req)
                return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, RuntimeError, ValueError) as e:
        print("e2e-host: %s" % e, file=sys.stderr)
        sys.exit(1)
