#!/usr/bin/env python3
"""Runs a command several times and reports wall time and peak RSS (median, min, max) as JSON.

Peak RSS comes from wait4()'s rusage of the child (ru_maxrss, KiB), so it covers the whole JVM,
not just its heap. Output of the command goes to /dev/null unless --stdout is given.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd, stdout_path):
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    if stdout_path:
        out.close()
    code = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, code


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--stdout")
    ap.add_argument("--ok-codes", default="0,1")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    ok = {int(c) for c in a.ok_codes.split(",")}
    times, rss = [], []
    for _ in range(a.runs):
        t, r, code = run_once(cmd, a.stdout)
        if code not in ok:
            print(json.dumps({"error": "exit %d" % code, "cmd": cmd}))
            return 1
        times.append(t)
        rss.append(r)
    print(json.dumps({"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
                      "rss_kib_max": max(rss)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
