#!/usr/bin/env python3
"""Writes an agent store of N plain signal deaths (a `kill -9` of a `sleep`: its signal and exit entries,
in the format the agent writes) spread evenly over the 30 days before now, in time-named segments of at
most 64 MiB, as the agent rotates them. The last `--recent` deaths fall in the last hour, whatever N is,
so a `--since '1h ago'` query has the same answer on a small and a large store. Prints the pid of one
death in the middle of the store, for `explain`.
"""
import argparse
import datetime
import os

SEGMENT_BYTES = 64 << 20
BOOT_ID = open("/proc/sys/kernel/random/boot_id").read().strip()


def entries(i, when, boot_at):
    pid, sender = 100000 + i, 50000 + i % 1000
    mono = int((when - boot_at).total_seconds() * 1e9)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"
    cgroup = "/system.slice/bench.service"
    signal = ('{"v":1,"type":"signal","observed_at":"%s","signal":9,"code":0,"target_pid":%d,"target_comm":"sleep",'
              '"group":true,"result":0,"sender_tid":%d,"sender_tgid":%d,"sender_comm":"bash","monotonic_ns":%d,'
              '"sender":{"pid":%d,"start_time":100,"ppid":1,"comm":"bash","cmdline":"bash -c kill -9 %d","uid":0,'
              '"cgroup":"%s"}}\n' % (stamp, pid, sender, sender, mono - 400000, sender, pid, cgroup))
    exit_ = ('{"v":1,"type":"exit","observed_at":"%s","boot_id":"%s","pid":%d,"wait_status":9,"monotonic_ns":%d,'
             '"parent_pid":%d,"identity":{"pid":%d,"start_time":200,"ppid":%d,"comm":"sleep","cmdline":"sleep 60",'
             '"uid":0,"cgroup":"%s"},"orphans":[]}\n' % (stamp, BOOT_ID, pid, mono, sender, pid, sender, cgroup))
    return signal + exit_


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--deaths", type=int, required=True)
    ap.add_argument("--recent", type=int, default=100, help="deaths in the last hour")
    ap.add_argument("--out", required=True, help="store directory to create")
    a = ap.parse_args()
    now = datetime.datetime.now(datetime.timezone.utc)
    old_span, old = datetime.timedelta(days=30), a.deaths - a.recent
    boot_at = now - old_span - datetime.timedelta(hours=1)  # monotonic time only has to grow with the wall
    os.makedirs(a.out, mode=0o750)
    segment, written = None, SEGMENT_BYTES
    for i in range(a.deaths):
        if i < old:
            when = now - old_span + old_span * i / max(old, 1) - datetime.timedelta(hours=1)
        else:
            when = now - datetime.timedelta(minutes=50) + datetime.timedelta(minutes=40) * (i - old) / a.recent
        text = entries(i, when, boot_at)
        if written + len(text) > SEGMENT_BYTES:
            if segment:
                segment.close()
            name = "events-%s.jsonl" % when.strftime("%Y%m%dT%H%M%SZ")
            segment = open(os.path.join(a.out, name), "w")
            os.chmod(segment.name, 0o640)
            written = 0
        segment.write(text)
        written += len(text)
    segment.close()
    print(100000 + a.deaths // 2)


if __name__ == "__main__":
    main()
