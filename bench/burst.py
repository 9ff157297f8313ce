#!/usr/bin/env python3
"""The agent under a burst: as many processes killed by SIGKILL as this machine can spawn, for a while.

First the spawn rate alone (the baseline, no agent), then the same burst with the agent running (its
systemd unit's JVM flags, a temporary store, a tracefs instance of its own). One spawner per core:
each forks a child that waits, SIGKILLs it and reaps it, in a loop. After the burst the agent drains
and stops; then the store is read: how many of the killed pids have their death stored, and what the
stored gaps say was lost (a queue, netlink or trace buffer overflow must be a counted gap, never
silent). Also the agent's CPU time over the burst and its peak RSS (sampled every 100 ms, and the
kernel's high-water mark). Only pids this script forked are killed; everything is removed at the end.
"""
import argparse
import glob
import json
import os
import signal
import sys
import threading
import time
from multiprocessing import Pool

import agent_costs


def spawn_and_kill(seconds):
    """One spawner: fork, SIGKILL, reap, for `seconds`; returns the pids it killed."""
    pids, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        pid = os.fork()
        if pid == 0:
            signal.pause()  # the parent's SIGKILL ends it (os._exit only if it ever returns)
            os._exit(0)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pids.append(pid)
    return pids


def burst(seconds, workers):
    with Pool(workers) as pool:
        started = time.monotonic()
        lists = pool.map(spawn_and_kill, [seconds] * workers)
        elapsed = time.monotonic() - started
    pids = [p for l in lists for p in l]
    return pids, len(pids) / elapsed


def stored(store):
    """Pids with a stored death by SIGKILL, and the gaps' lost counts by source."""
    deaths, lost = {}, {}
    for path in sorted(glob.glob(os.path.join(store, "events-*.jsonl"))):
        with open(path, "rb") as f:
            for line in f:
                e = json.loads(line)
                if e["type"] == "exit" and e["wait_status"] & 0x7f == 9:
                    deaths[e["pid"]] = deaths.get(e["pid"], 0) + 1
                elif e["type"] == "gap" and e.get("lost"):
                    lost[e["source"]] = lost.get(e["source"], 0) + e["lost"]
    return deaths, lost


class PeakRss(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self):
        while self.running:
            try:
                self.peak = max(self.peak, agent_costs.status_mib(self.pid, "VmRSS"))
            except OSError:
                return
            time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench/burst.sh: needs root (the agent reads /dev/kmsg, netlink and tracefs)")

    _, baseline_rate = burst(a.seconds, a.workers)

    with agent_costs.agent_on_own_store("burst", "export.journal=false\n") as (agent, store):
        time.sleep(2)  # past start-up
        rss = PeakRss(agent.pid)
        rss.start()
        cpu_before = agent_costs.cpu_seconds(agent.pid)
        killed, rate = burst(a.seconds, a.workers)
        cpu_burst = agent_costs.cpu_seconds(agent.pid) - cpu_before
        drain_started = time.monotonic()
        while time.monotonic() - drain_started < 60:  # until every death is stored, or a minute
            time.sleep(0.5)
            if len(stored(store)[0]) >= len(killed):
                break
        drain_s = time.monotonic() - drain_started
        cpu_total = agent_costs.cpu_seconds(agent.pid) - cpu_before
        rss.running = False
        hwm = agent_costs.status_mib(agent.pid, "VmHWM")
        agent_costs.stop(agent)  # what it still held is flushed at the stop
        deaths, lost = stored(store)
    killed_set = set(killed)
    found = sum(1 for p in killed_set if p in deaths)
    # A pid reused within the burst dies twice: count deaths, not pids, for those.
    reused = len(killed) - len(killed_set)
    print(json.dumps({"seconds": a.seconds, "workers": a.workers, "baseline_rate": baseline_rate, "rate": rate,
                      "killed": len(killed), "pids_reused": reused, "stored": found,
                      "stored_deaths": sum(deaths[p] for p in killed_set if p in deaths),
                      "lost_recorded": lost, "drain_s": drain_s, "cpu_burst_s": cpu_burst, "cpu_total_s": cpu_total,
                      "peak_rss_mib": max(rss.peak, hwm)}))


if __name__ == "__main__":
    sys.exit(main())
