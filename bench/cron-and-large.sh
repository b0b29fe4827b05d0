#!/usr/bin/env bash
# Two cases of issue 9 beyond steady load, on the embedded store on disk:
#
#   cron   DEALS OFFERED deals (default 100,000) of which DECIDED (default 10,000) are approved in the operator
#          ledger, put in a fresh data directory through the store API (`dealer-load seed-deals`, not timed; it runs
#          on SEED_DIR, a tmpfs by default, where a commit costs no fsync, and the database is then copied to the
#          data directory on disk); then one `dealer cron tick` on disk is timed: wall time of the whole command
#          (process start included), its CPU time (user + system) and its summary.
#   large  `dealer serve` on its defaults; LARGE_COUNT offers of LARGE_PIECES pieces (default 23,400: a 1 MiB
#          request) sent one at a time after LARGE_WARMUP warm-up offers (default 1); end-to-end latency per offer, every receipt
#          verified, and the server's RSS before, right after, and SETTLE seconds after the last request (what the
#          requests leave held). When dotnet-dump is installed (DUMP, default artifacts/tools/dotnet-dump: `dotnet tool
#          install dotnet-dump --tool-path artifacts/tools`), the live managed heap is also measured idle and after the
#          settle: the objects still reachable, from a dump (dotnet-gcdump, GCDUMP, is the fallback).
#
#   bench/cron-and-large.sh            # both
#   bench/cron-and-large.sh cron       # or only one
#   DEALS=20000 DECIDED=2000 bench/cron-and-large.sh cron
#
# Loopback only; every step is bounded by its counts (and the load tool's --duration).
set -euo pipefail
cd "$(dirname "$0")/.."

DEALS=${DEALS:-100000}
DECIDED=${DECIDED:-10000}
LARGE_PIECES=${LARGE_PIECES:-23400}
LARGE_COUNT=${LARGE_COUNT:-10}
LARGE_WARMUP=${LARGE_WARMUP:-1}
SETTLE=${SETTLE:-5}
OUT=${OUT:-$PWD/artifacts/bench/cron-and-large-$(date -u +%Y%m%dT%H%M%SZ)}
cases=${*:-cron large}
# shellcheck source=bench/common.sh
. bench/common.sh

rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
DUMP=${DUMP:-$root/artifacts/tools/dotnet-dump}
GCDUMP=${GCDUMP:-$root/artifacts/tools/dotnet-gcdump}
# Live managed heap of process $1 in MiB, or null without a tool: with dotnet-dump, the objects reachable from a root
# in a dump (`dumpheap -live`), so garbage not yet collected does not count; else with dotnet-gcdump, the heap after
# the full collection a gcdump forces (which on this runtime can still count large objects awaiting collection).
live_heap_mib() {
  if [ -x "$DUMP" ]; then
    "$DUMP" collect -p "$1" -o "$OUT/heap-$2.dump" > /dev/null 2>&1 || { echo null; return; }
    "$DUMP" analyze "$OUT/heap-$2.dump" -c "dumpheap -live -stat" -c exit 2>/dev/null \
      | awk '/^Total [0-9,]+ objects/ { gsub(",", "", $4); printf "%.1f", $4 / 1048576; found = 1; exit } END { if (!found) print "null" }'
    rm -f "$OUT/heap-$2.dump"
    return
  fi
  if [ ! -x "$GCDUMP" ]; then echo null; return; fi
  "$GCDUMP" collect -p "$1" -o "$OUT/heap-$2.gcdump" > /dev/null 2>&1 || { echo null; return; }
  "$GCDUMP" report "$OUT/heap-$2.gcdump" 2>/dev/null | awk '/GC Heap bytes/ { gsub(",", "", $1); printf "%.1f", $1 / 1048576; exit }'
}

for case in $cases; do
  case "$case" in
  cron)
    data="$OUT/cron-data"
    seed=$(mktemp -d "${SEED_DIR:-/dev/shm}/dealer-cron-seed.XXXXXX" 2>/dev/null || mktemp -d "$OUT/seed.XXXXXX")
    echo "==> cron: seeding $DEALS OFFERED deals, $DECIDED decided"
    load seed-deals --data-dir "$seed" --deals "$DEALS" --decided "$DECIDED"
    mkdir -p "$data"
    cp "$seed"/dealer.db* "$data"/
    rm -rf "$seed"
    sync
    echo "==> cron: one dealer cron tick"
    # bash's `time` reports wall, user and system seconds of the command and its children.
    TIMEFORMAT='%R %U %S'
    { time dealer cron tick --data-dir "$data" --key-file "$OUT/dealer.key" > "$OUT/cron-summary.json"; } 2> "$OUT/cron-time.txt"
    summary=$(cat "$OUT/cron-summary.json")
    read -r seconds user system < <(tail -n 1 "$OUT/cron-time.txt")
    cpu=$(echo "$user + $system" | bc)
    echo "cron tick over $DEALS OFFERED deals ($DECIDED decided): ${seconds} s wall, ${cpu} s CPU (process start included): $summary"
    echo "{\"case\":\"cron\",\"deals\":$DEALS,\"decided\":$DECIDED,\"seconds\":$seconds,\"cpuSeconds\":$cpu,\"summary\":$summary}" >> "$OUT/results.jsonl"
    ;;
  large)
    data="$OUT/large-data"
    echo "==> large: $LARGE_COUNT offers of $LARGE_PIECES pieces"
    load generate --key-file "$OUT/dealer.key" --count $((LARGE_COUNT + LARGE_WARMUP)) --pieces "$LARGE_PIECES" --out "$OUT/large.bin"
    start_dealer "$data" large-serve
    url=$(wait_url "$OUT/large-serve.out")
    idle=$(rss_mib "$server_pid")
    idle_heap=$(live_heap_mib "$server_pid" idle)
    load run --url "$url" --bodies "$OUT/large.bin" --concurrency 1 --warmup "$LARGE_WARMUP" --duration 120 --pid "$server_pid" \
      --label "large-$LARGE_PIECES" --json "$OUT/results.jsonl"
    sleep "$SETTLE"
    settled=$(rss_mib "$server_pid")
    settled_heap=$(live_heap_mib "$server_pid" settled)
    collected=$(rss_mib "$server_pid")
    echo "large: server RSS ${idle} MiB idle before the offers, ${settled} MiB ${SETTLE} s after the last one" \
      "(${collected} MiB after the heap measurement); live managed heap ${idle_heap} MiB idle, ${settled_heap} MiB after"
    echo "{\"case\":\"large-memory\",\"idleRssMiB\":$idle,\"settledRssMiB\":$settled,\"rssAfterFullGcMiB\":$collected,\"settleSeconds\":$SETTLE,\"idleLiveHeapMiB\":$idle_heap,\"settledLiveHeapMiB\":$settled_heap}" >> "$OUT/results.jsonl"
    stop_server
    ;;
  *)
    echo "cron-and-large: unknown case '$case' (cron, large)" >&2
    exit 2
    ;;
  esac
done
echo "results: $OUT/results.jsonl"
