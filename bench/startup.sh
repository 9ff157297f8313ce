#!/usr/bin/env bash
# Benchmark: cold-JVM wall time of `whokilled decode 137` (launcher, class-data archive, picocli,
# the answer) against `java -version` measured in the same run: the JVM's own floor.
#
#   bench/startup.sh            15 runs each (the documented figure)
#   bench/startup.sh --runs N   another count
#   bench/startup.sh --ci       3 runs: checks the script and the answer, not the timings
#
# Target (issue 5): decode 137 <= 3x java -version.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=15 ci=0
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) ci=1 runs=3 ;;
    --runs) runs=$2; shift ;;
    *) echo "usage: bench/startup.sh [--ci] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done

[ -f cli/target/whokilled.jar ] || mvn -q -B -DskipTests package
mkdir -p bench/out
./whokilled --version > /dev/null   # the first launch builds the class-data archive: not part of the figure

java_json=$(python3 bench/measure.py --runs "$runs" -- java -version)
wk_json=$(python3 bench/measure.py --runs "$runs" --stdout bench/out/decode.txt -- ./whokilled decode 137)

python3 - "$java_json" "$wk_json" "$ci" <<'PY'
import json, sys
j, w, ci = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
for r in (j, w):
    if "error" in r:
        sys.exit("bench/startup.sh: %s failed: %s" % (" ".join(r["cmd"]), r["error"]))
print("startup benchmark: cold JVM each run")
print("%-34s %10s %10s %10s %10s" % ("figure", "median", "min", "max", "peak RSS"))
for name, r in (("java -version", j), ("whokilled decode 137", w)):
    print("%-34s %8.0f ms %7.0f ms %7.0f ms %6.0f MiB" % (name, r["median_s"] * 1000, r["min_s"] * 1000,
                                                      r["max_s"] * 1000, r["rss_kib_max"] / 1024))
ratio = w["median_s"] / j["median_s"]
print("%-34s %9.2fx   target <= 3.00x  %s" % ("decode 137 / java -version", ratio, "MET" if ratio <= 3 else "MISSED"))
answer = open("bench/out/decode.txt").read()
ok = answer.startswith("137") and "SIGKILL" in answer
print("%-34s %s" % ("answer", "OK" if ok else "WRONG: " + answer[:200]))
if not ok:
    sys.exit(1)
if ci:
    print("(--ci: timings are not judged in CI; run bench/startup.sh for the real figure)")
PY
