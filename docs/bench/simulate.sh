#!/usr/bin/env bash
# simulate of the shipped runbook at scale, against its goals (issue 17),
# with every floor measured in the same run:
#   - 100,000 Halo clients against 50,000 ImmyBot tenants: at most 2x the
#     floor (docs/bench/floor: encoding/json decodes the same fixture and a
#     map does the set difference), peak memory at most 6x the fixture;
#   - linear growth 10k -> 100k -> 300k clients (tenants half as many): the
#     time per client at each size at most 1.25x the one before it;
#   - 10,000 clients: at least 10x faster, as a whole process, than the
#     Rewst workflow's Jinja render (docs/bench/jinja_render.py, python3 with
#     jinja2) as a whole process.
# Times are the fastest of RUNS runs (default 3), wall clock; CPU seconds
# are printed beside them. Each goal prints PASS or FAIL; the exit code is
# the number of FAILs. BASELINE=/path/to/an/older/halorb also runs that
# build on every fixture and checks the two reports are byte-identical.
#
#   bash docs/bench/simulate.sh
#   RUNS=5 BASELINE=/tmp/halorb-before bash docs/bench/simulate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/halorb" ./cmd/halorb
go build -o "$tmp/mkfixture" ./docs/bench/mkfixture
go build -o "$tmp/floor" ./docs/bench/floor
go build -o "$tmp/pagetouch" ./docs/bench/pagetouch
rb=out/immy-new-halo-client-alert.runbook.json
timeit() { python3 docs/bench/timeit.py "$runs" "$@"; }
fails=0
verdict() { # name value op goal
  if awk -v v="$2" -v g="$4" -v op="$3" 'BEGIN { exit !(op == "<=" ? v <= g : v >= g) }'; then r=PASS; else r=FAIL; fails=$((fails + 1)); fi
  printf '%-46s %9.2f   goal %s %-5s %s\n' "$1" "$2" "$3" "$4" "$r"
}

printf '%-8s %-8s %8s %8s %8s %8s %8s %9s %9s\n' clients tenants fixt_MB wall_s cpu_s floor_s floor_cpu rss_MB x_floor
declare -A wall cpu
for n in 10000 100000 300000; do
  fx="$tmp/fx-$n.json"
  "$tmp/mkfixture" -n "$n" -tenants $((n / 2)) -o "$fx"
  size=$(stat -c %s "$fx")
  read -r fw fc _ < <(timeit "$tmp/floor.out" -- "$tmp/floor" "$fx")
  read -r w c rss < <(timeit "$tmp/sim.out" -- "$tmp/halorb" simulate --format json --runbook "$rb" "$fx")
  grep -q '"pass": true' "$tmp/sim.out" || { echo "the $n-client case did not pass:"; head -c 2000 "$tmp/sim.out"; exit 1; }
  if [ -n "${BASELINE:-}" ]; then
    "$BASELINE" simulate --format json --runbook "$rb" "$fx" >"$tmp/base.out" || true
    cmp -s "$tmp/sim.out" "$tmp/base.out" || { echo "FAIL: the report at $n clients differs from BASELINE's"; fails=$((fails + 1)); }
  fi
  wall[$n]=$w cpu[$n]=$c
  awk -v n="$n" -v s="$size" -v w="$w" -v c="$c" -v fw="$fw" -v fc="$fc" -v r="$rss" \
    'BEGIN { printf "%-8d %-8d %8.1f %8.3f %8.3f %8.3f %8.3f %9.1f %9.2f\n", n, n / 2, s / 1048576, w, c, fw, fc, r / 1024, w / fw }'
  if [ "$n" = 100000 ]; then
    ratio=$(awk -v w="$w" -v fw="$fw" 'BEGIN { print w / fw }')
    mem=$(awk -v r="$rss" -v s="$size" 'BEGIN { print r * 1024 / s }')
  fi
  if [ "$n" = 10000 ]; then
    read -r jw jc _ < <(timeit "$tmp/jinja.out" -- python3 docs/bench/jinja_render.py "$fx")
    jinja=$(awk -v j="$jw" -v w="$w" 'BEGIN { print j / w }')
    printf 'jinja render at 10,000: %.3f s wall, %.3f s cpu; %.2fx the floor (the most any simulate could be faster than Jinja here)\n' "$jw" "$jc" "$(awk -v j="$jw" -v f="$fw" 'BEGIN { print j / f }')"
    [ "$(cat "$tmp/jinja.out")" = "$(awk '{ print $2 }' "$tmp/floor.out")" ] || { echo "FAIL: the Jinja render and the floor disagree"; fails=$((fails + 1)); }
  fi
done
# Not a goal: what a fresh page costs here, for reading the whole-process
# ratios against other machines (docs/bench/README.md, "Machines differ").
read -r t0 _ < <(timeit "$tmp/touch.out" -- "$tmp/pagetouch" 0)
read -r t64 _ < <(timeit "$tmp/touch.out" -- "$tmp/pagetouch" 64)
awk -v a="$t0" -v b="$t64" 'BEGIN { printf "this machine: fresh memory costs %.2f ms per MiB (pagetouch 64 MiB %.3f s, 0 MiB %.3f s)\n", (b - a) * 1000 / 64, b, a }'
verdict "100k/50k: simulate / floor (wall)" "$ratio" "<=" 2
verdict "100k/50k: peak RSS / fixture size" "$mem" "<=" 6
verdict "per-client time, 100k / 10k" "$(awk -v a="${wall[100000]}" -v b="${wall[10000]}" 'BEGIN { print (a / 100000) / (b / 10000) }')" "<=" 1.25
verdict "per-client time, 300k / 100k" "$(awk -v a="${wall[300000]}" -v b="${wall[100000]}" 'BEGIN { print (a / 300000) / (b / 100000) }')" "<=" 1.25
verdict "10k: Jinja render / simulate (whole processes)" "$jinja" ">=" 10
exit "$fails"
