#!/usr/bin/env bash
# Lint speed and memory against the goals of issue 17, in one run:
#   1. one small file (the shipped runbook) end to end: median of 31 runs of
#      the whole process, goal at most 12 ms;
#   2. 10,000 files in one folder (copies of the shipped runbook): peak
#      resident memory, goal at most 80 MB;
#   3. 1,000 files: lint time over a bare encoding/json decode of the same
#      bytes, both measured now by BenchmarkLintVsDecode, goal at most 1.5x.
# Each line prints the measure, its goal and PASS or FAIL; the exit code is
# the number of FAILs. A shared machine makes timings noisy: run it twice.
#
#   bash docs/bench/lint.sh
#   HALORB=/tmp/old-halorb bash docs/bench/lint.sh   # steps 1 and 2 for another build
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
halorb=${HALORB:-$tmp/halorb} # HALORB=/path/to/halorb measures another build
[ -n "${HALORB:-}" ] || go build -o "$halorb" ./cmd/halorb
rb=out/immy-new-halo-client-alert.runbook.json
fails=0
verdict() { # name value goal unit
  if awk -v v="$2" -v g="$3" 'BEGIN { exit !(v <= g) }'; then r=PASS; else r=FAIL; fails=$((fails + 1)); fi
  printf '%-34s %10.2f %-6s goal <= %-6s %s\n' "$1" "$2" "$4" "$3" "$r"
}

# 1. One file, whole process: the median wall time, and the median CPU time
# (user + system), which a busy machine disturbs less.
go build -o "$tmp/pagetouch" ./docs/bench/pagetouch
python3 - "$halorb" "$rb" "$tmp/pagetouch" >"$tmp/one" <<'PY'
import resource, subprocess, sys, time
def median(cmd):
    walls, cpus = [], []
    for _ in range(31):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    walls.sort(); cpus.sort()
    return walls[15] * 1000, cpus[15] * 1000
print("%.2f %.2f %.2f %.2f %.2f %.2f" % (median([sys.argv[1], "lint", sys.argv[2]]) + median([sys.argv[1], "version"]) + median([sys.argv[3], "0"])))
PY
read -r wall cpu vwall _ bwall _ <"$tmp/one"
# Not goals: what starting halorb costs (halorb version), and what starting
# any Go process costs here, timed the same way (pagetouch 0): a new virtual
# machine pays for every page a process first touches (README.md).
printf 'start-up, median of 31: halorb version %.2f ms, a bare Go process %.2f ms\n' "$vwall" "$bwall"
verdict "lint 1 file: wall (median of 31)" "$wall" 12 ms
verdict "lint 1 file: cpu (median of 31)" "$cpu" 12 ms

# 2. 10,000 files, peak memory.
mkdir "$tmp/many"
for i in $(seq 10000); do cp "$rb" "$tmp/many/r$i.json"; done
/usr/bin/time -f '%M' -o "$tmp/rss" "$halorb" lint "$tmp/many" >/dev/null 2>&1
verdict "lint 10,000 files: peak RSS" "$(awk '{ printf "%.1f", $1 / 1024 }' "$tmp/rss")" 80 MB
rm -rf "$tmp/many"

# 3. 1,000 files against a bare decode.
go test ./runbook/lint -run '^$' -bench 'LintVsDecode$' -benchtime 5x >"$tmp/bench"
verdict "lint 1,000 files / bare decode" "$(awk '{ for (i = 2; i <= NF; i++) if ($i == "x-decode") print $(i - 1) }' "$tmp/bench")" 1.5 x
exit "$fails"
