#!/usr/bin/env bash
# Scale check for the shipped runbook: simulate 10,000 and 100,000 Halo
# clients against as many ImmyBot tenants and print, for each, the elapsed
# time, the peak resident memory, the fixture's size and their ratio. The
# target (issue 5): time grows linearly with the lists, and peak memory stays
# under 10x the fixture file's size. cpu_s (user + system) is the steadier
# figure on a shared machine, where elapsed time includes waiting for a CPU.
#
#   bash docs/bench/scale.sh            # both sizes
#   bash docs/bench/scale.sh 1000 20000 # other sizes
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/halorb" ./cmd/halorb
go build -o "$tmp/mkfixture" ./docs/bench/mkfixture
runbook=out/immy-new-halo-client-alert.runbook.json

verbose=1
/usr/bin/time -v true >/dev/null 2>&1 || verbose=0

printf '%-9s %10s %8s %12s %11s %12s\n' clients elapsed_s cpu_s peak_rss_MB fixture_MB rss/fixture
for n in "${sizes[@]}"; do
  fx="$tmp/scale-$n.json"
  "$tmp/mkfixture" -n "$n" -o "$fx"
  size=$(stat -c %s "$fx")
  if [ "$verbose" = 1 ]; then
    /usr/bin/time -v "$tmp/halorb" simulate --runbook "$runbook" "$fx" >"$tmp/out" 2>"$tmp/time" || { cat "$tmp/out" "$tmp/time"; exit 1; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")
    elapsed=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tmp/time")
  else
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$tmp/halorb" simulate --runbook "$runbook" "$fx" >"$tmp/out" || { cat "$tmp/out"; exit 1; }
    read -r elapsed rss_kb user sys <"$tmp/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  fi
  grep -q '1 passed, 0 failed' "$tmp/out" || { echo "the scale case did not pass:"; cat "$tmp/out"; exit 1; }
  awk -v n="$n" -v e="$elapsed" -v c="$cpu" -v r="$rss_kb" -v s="$size" \
    'BEGIN { printf "%-9d %10.2f %8.2f %12.1f %11.1f %12.2f\n", n, e, c, r / 1024, s / 1048576, r * 1024 / s }'
done
