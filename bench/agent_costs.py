#!/usr/bin/env python3
"""The real agent's cost at rest, its detection latency and store cost, on kills this script makes itself.

Starts `whokilled agent` (with the JVM flags of its systemd unit) on a temporary store with a tracefs
instance of its own; lets it sit idle for a while and reads its CPU time and RSS from /proc, against the
RSS of `java -version` measured in the same run; then N times:
starts `sleep 60`, SIGKILLs it, and times how long until the agent has stored its exit (the store's
segments are read as they grow; the CLI's start-up is not part of the figure). Prints p50/p99/max
latency, how many deaths were stored, the store bytes per death (its exit and signal entries) and
the agent's peak RSS. Only the pids it started are killed; the agent, store and config are removed
at the end, whatever happens.
"""
import argparse
import contextlib
import glob
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time


@contextlib.contextmanager
def agent_on_own_store(name, settings=""):
    """An agent from ./whokilled on a store of its own, with the unit's JVM flags, once it has started: yields
    (process, store). On the way out it is stopped and the store removed."""
    work = tempfile.mkdtemp(prefix="whokilled-%s-" % name)
    store, config = os.path.join(work, "store"), os.path.join(work, "agent.conf")
    os.chmod(work, 0o750)
    with open(config, "w") as f:
        f.write("signals.traceInstance=whokilled-%s-%d\n%s" % (name, os.getpid(), settings))
    agent = subprocess.Popen(["./whokilled", "agent", "--store", store, "--config", config],
                             env=dict(os.environ, WHOKILLED_JAVA_OPTS=unit_java_opts()),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_started(agent)
        yield agent, store
    finally:
        stop(agent)
        shutil.rmtree(work, ignore_errors=True)


def stop(agent, timeout_s=20):
    """SIGTERM (the agent flushes and removes its trace instance on the way out), then SIGKILL if it hangs."""
    if agent.poll() is not None:
        return
    agent.send_signal(signal.SIGTERM)
    try:
        agent.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        agent.kill()
        agent.wait()


def wait_started(agent, deadline_s=60):
    """The agent's first log line names its sources; every source is needed for a meaningful figure."""
    end = time.monotonic() + deadline_s
    for raw in agent.stderr:
        line = raw.decode("utf-8", "replace")
        if "whokilled agent started" in line:
            if "exits (proc connector)" not in line or "signal senders (tracefs)" not in line:
                sys.exit("bench/agent.sh: the agent started without all its sources: " + line.strip())
            # Keep reading its log, or a full pipe would stall the agent and the figure with it.
            threading.Thread(target=lambda: agent.stderr.read(), daemon=True).start()
            return
        if time.monotonic() > end:
            break
    sys.exit("bench/agent.sh: the agent did not start (needs root and a mounted tracefs)")


class StoreTail:
    """Reads the lines appended to the store's segments since the last call."""

    def __init__(self, store):
        self.store, self.offsets, self.partial = store, {}, {}

    def new_lines(self):
        for path in sorted(glob.glob(os.path.join(self.store, "events-*.jsonl"))):
            with open(path, "rb") as f:
                f.seek(self.offsets.get(path, 0))
                data = self.partial.get(path, b"") + f.read()
                self.offsets[path] = f.tell()
            *complete, self.partial[path] = data.split(b"\n")
            yield from complete


def unit_java_opts():
    """The agent's JVM flags as its systemd unit sets them, so the figures are the service's.

    WHOKILLED_BENCH_JAVA_OPTS replaces them, to compare other flags (e.g. C2: -XX:TieredStopAtLevel=4).
    """
    if "WHOKILLED_BENCH_JAVA_OPTS" in os.environ:
        return os.environ["WHOKILLED_BENCH_JAVA_OPTS"]
    with open("packaging/whokilled-agent.service") as f:
        for line in f:
            if line.startswith('Environment="WHOKILLED_JAVA_OPTS='):
                return line.strip()[len('Environment="WHOKILLED_JAVA_OPTS='):-1]
    sys.exit("bench/agent.sh: no WHOKILLED_JAVA_OPTS in packaging/whokilled-agent.service")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def thread_cpu_seconds(pid):
    """CPU seconds by thread name (the agent names its threads after their source)."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def machine_forks():
    """Processes and threads created on the machine since boot (/proc/stat): every one is a proc connector event."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("processes "):
                return int(line.split()[1])
    return 0


def status_mib(pid, field):
    """A memory figure of /proc/PID/status: VmRSS (now) or VmHWM (peak)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def java_floor_rss_mib():
    proc = subprocess.Popen(["java", "-version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def measure_idle(pid, seconds):
    time.sleep(2)  # past start-up: the initial process-table snapshot and class loading
    cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
    threads_before, forks_before = thread_cpu_seconds(pid), machine_forks()
    time.sleep(seconds)
    cpu = cpu_seconds(pid) - cpu_before
    wall = time.monotonic() - wall_before
    threads = thread_cpu_seconds(pid)
    # The exits thread reads the proc connector: its CPU is the machine's own process churn, not the agent's timers.
    exits = threads.get("whokilled-exits", 0) - threads_before.get("whokilled-exits", 0)
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    return {"idle_s": seconds, "idle_cpu_pct": 100 * cpu / wall, "idle_exits_thread_cpu_pct": 100 * exits / wall,
            "machine_forks_per_s": (machine_forks() - forks_before) / wall, "load1": load,
            "idle_rss_mib": status_mib(pid, "VmRSS"), "java_floor_rss_mib": java_floor_rss_mib()}


def measure(store, kills, timeout_s):
    tail = StoreTail(store)
    latencies, bytes_per_death, missed = [], [], 0
    for _ in range(kills):
        victim = subprocess.Popen(["sleep", "60"])
        time.sleep(0.02)  # let the exec land, as a real victim would have run a while
        os.kill(victim.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        victim.wait()
        exit_key, signal_key = b'"pid":%d,' % victim.pid, b'"target_pid":%d,' % victim.pid
        size, found = 0, False
        while time.monotonic() - killed_at < timeout_s:
            for line in tail.new_lines():
                if exit_key in line and b'"type":"exit"' in line:
                    found = True
                    size += len(line) + 1
                elif signal_key in line:
                    size += len(line) + 1
            if found:
                latencies.append(time.monotonic() - killed_at)
                bytes_per_death.append(size)
                break
            time.sleep(0.002)
        else:
            missed += 1
    return latencies, bytes_per_death, missed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for one death to be stored")
    ap.add_argument("--idle", type=float, default=60.0, help="seconds the agent sits idle before the kills")
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench/agent.sh: needs root (the agent reads /dev/kmsg, netlink and tracefs)")

    with agent_on_own_store("bench") as (agent, store):
        idle = measure_idle(agent.pid, a.idle)
        latencies, sizes, missed = measure(store, a.kills, a.timeout)
        rss = status_mib(agent.pid, "VmHWM")

    if not latencies:
        sys.exit("bench/agent.sh: none of %d deaths was stored" % a.kills)
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    print(json.dumps({**idle, "kills": a.kills, "stored": len(latencies), "missed": missed,
                      "p50_ms": statistics.median(ms), "p99_ms": p99, "max_ms": ms[-1],
                      "bytes_per_death": statistics.median(sizes), "agent_peak_rss_mib": rss}))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
