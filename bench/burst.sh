#!/usr/bin/env bash
# Benchmark: the agent under a burst of SIGKILLed processes at this machine's maximum spawn rate.
# The spawn rate alone is measured first (the baseline), then the same burst with the agent on (its
# systemd unit's JVM flags). Needs root and a mounted tracefs.
#
#   bench/burst.sh              10 s bursts (the documented figures)
#   bench/burst.sh --seconds N  another length
#   bench/burst.sh --ci         2 s bursts: checks the script and that every death is stored
#
# Targets (issues 4 and 5): 100% stored, or every loss recorded with its count; agent RSS <= 128 MiB
# throughout; agent CPU per 1,000 exits/s reported.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10 ci=0
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) ci=1 seconds=2 ;;
    --seconds) seconds=$2; shift ;;
    *) echo "usage: bench/burst.sh [--ci] [--seconds N]" >&2; exit 2 ;;
  esac
  shift
done

[ -f cli/target/whokilled.jar ] || mvn -q -B -DskipTests package
./whokilled --version > /dev/null   # the first launch builds the class-data archive

result=$(PYTHONPATH=bench python3 bench/burst.py --seconds "$seconds")
python3 - "$result" "$ci" <<'PY'
import json, sys
r, ci = json.loads(sys.argv[1]), int(sys.argv[2])
print("burst benchmark: %.0f s of fork + SIGKILL + reap, %d spawners" % (r["seconds"], r["workers"]))
print("%-40s %12s   %s" % ("figure", "value", "target"))
print("%-40s %8.0f /s   (baseline)" % ("spawn rate, no agent", r["baseline_rate"]))
print("%-40s %8.0f /s   ratio %.2f of the baseline" % ("spawn rate, agent on", r["rate"], r["rate"] / r["baseline_rate"]))
lost = sum(r["lost_recorded"].values())
missing = r["killed"] - r["stored"]
accounted = missing <= lost
print("%-40s %6d/%-6d   100%%, or every loss counted  %s" % ("deaths stored", r["stored"], r["killed"],
      "MET" if missing == 0 else ("MET (%d lost, %d recorded as lost)" % (missing, lost) if accounted else "MISSED (silent loss)")))
print("%-40s %12s" % ("losses recorded (gaps)", json.dumps(r["lost_recorded"]) if r["lost_recorded"] else "none"))
cpu_pct = 100 * r["cpu_burst_s"] / r["seconds"]
print("%-40s %9.1f %%   of one core, during the burst" % ("agent CPU", cpu_pct))
print("%-40s %9.1f %%   of one core" % ("agent CPU per 1,000 exits/s", cpu_pct / (r["rate"] / 1000)))
print("%-40s %9.1f s" % ("time to drain after the burst", r["drain_s"]))
print("%-40s %8.0f MiB   <= 128 MiB  %s" % ("agent peak RSS", r["peak_rss_mib"], "MET" if r["peak_rss_mib"] <= 128 else "MISSED"))
if ci:
    print("(--ci: timings are not judged in CI; run bench/burst.sh for the real figure)")
sys.exit(0 if accounted else 1)
PY
