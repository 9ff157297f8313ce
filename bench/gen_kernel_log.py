#!/usr/bin/env python3
"""Generates a large, mixed kernel log (syslog kern.log rendering) for the analyze benchmark.

Ordinary kernel chatter (firewall, network, storage, audit) with OOM-killer reports and segfaults
mixed in at a fixed rate. The OOM report is the real 6.18 memcg report from the shared fixtures
with pids, names and sizes varied; the ground truth (how many kills and segfaults were written)
goes to a sidecar .truth file so the benchmark can check the answer, not only the speed.

Deterministic for a given --seed and --size-mib.
"""
import argparse
import random
import sys

NOISE = [
    "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.{a} DST=198.51.100.7 LEN=40 TOS=0x00 PREC=0x00 TTL=244 ID={b} PROTO=TCP SPT={c} DPT=22 WINDOW=1024 RES=0x00 SYN URGP=0",
    "IPv6: ADDRCONF(NETDEV_CHANGE): veth{b:x}: link becomes ready",
    "docker0: port {a}(veth{b:x}) entered blocking state",
    "docker0: port {a}(veth{b:x}) entered forwarding state",
    "device veth{b:x} entered promiscuous mode",
    "EXT4-fs (vda{a}): mounted filesystem with ordered data mode. Quota mode: none.",
    "audit: type=1400 audit(1795367{b}.{c}:{a}): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.lxd.daemon\" name=\"/proc/{c}/mounts\" pid={c} comm=\"lxd\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0",
    "nf_conntrack: nf_conntrack: table full, dropping packet",
    "TCP: request_sock_TCP: Possible SYN flooding on port {c}. Sending cookies.  Check SNMP counters.",
    "usb 1-{a}: new high-speed USB device number {a} using xhci_hcd",
    "perf: interrupt took too long ({c} > {b}), lowering kernel.perf_event_max_sample_rate to {b}",
    "systemd-journald[{c}]: Data hash table of /var/log/journal/system.journal has a fill level at 75.0 ({b} of {c} items), suggesting rotation.",
    "nfs: server storage{a} not responding, still trying",
    "kauditd_printk_skb: {a} callbacks suppressed",
]

OOM_TEMPLATE = open(__file__.replace("gen_kernel_log.py", "oom-report-6.18.txt")).read().splitlines()
NAMES = ["python3", "java", "postgres", "node", "my app", "ruby (worker)", "chrome", "redis-server"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mib", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--oom-every", type=int, default=2000, help="noise lines between OOM reports")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    limit = args.size_mib * 1024 * 1024
    written = 0
    kills = 0
    segfaults = 0
    usec = 1_000_000
    second = 0
    out = open(args.out, "w", encoding="utf-8", newline="\n")
    buf = []

    def emit(msg):
        nonlocal usec, written, second
        usec += rnd.randint(5, 400)
        s = usec // 1_000_000
        line = "Nov 22 %02d:%02d:%02d host kernel: [%5d.%06d] %s\n" % (
            (s // 3600) % 24, (s // 60) % 60, s % 60, s, usec % 1_000_000, msg)
        buf.append(line)
        written += len(line)

    pid = 1000
    while written < limit:
        for _ in range(args.oom_every):
            t = rnd.choice(NOISE)
            emit(t.format(a=rnd.randint(1, 250), b=rnd.randint(1000, 65000), c=rnd.randint(1024, 65535)))
        pid += 7
        victim, trigger = pid, pid + 3
        name = rnd.choice(NAMES)
        for line in OOM_TEMPLATE:
            emit(line.replace("3864", str(victim)).replace("3906", str(trigger)).replace("(python3)", "(%s)" % name))
        kills += 1
        if kills % 4 == 0:
            emit("segv[%d]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4 in segv[1139,562423474000+1000]"
                 " likely on CPU 1 (core 1, socket 0)" % (pid + 5))
            segfaults += 1
        if len(buf) > 20000:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))
    out.close()
    with open(args.out + ".truth", "w") as t:
        t.write("oom_kills=%d\nsegfaults=%d\nbytes=%d\n" % (kills, segfaults, written))


if __name__ == "__main__":
    sys.exit(main())
