#!/usr/bin/env bash
# Every benchmark, one after the other, each printing its figures against a baseline measured in
# the same run: analyze throughput (bench/analyze.sh), cold start-up (bench/startup.sh), explain
# and list on a large store (bench/store.sh), the agent at rest, its detection latency and store
# cost (bench/agent.sh), the agent under a burst of kills (bench/burst.sh; both need root and tracefs).
#
#   bench/run.sh        the documented figures (~15 min: a 1 GiB log, 15 cold starts, a store of
#                       1,000,000 deaths, 60 s at rest and 200 kills, two 10 s bursts)
#   bench/run.sh --ci   the small modes: checks the scripts and the answers, not the timings
#
# Results and the machine they were measured on: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  ""|--ci) ;;
  *) echo "usage: bench/run.sh [--ci]" >&2; exit 2 ;;
esac
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r), $(java -version 2>&1 | head -1)"
for bench in analyze startup store agent burst; do
  echo
  bash "bench/$bench.sh" ${1:-}
done
