#!/usr/bin/env bash
# The whole dealer over HTTP against the JavaScript reference, side by side on the same machine and the same bytes.
#
# Builds N distinct, signed deal/offer requests (real FRC-0058 aggregates of 8 pieces) for one dealer key, then for
# each round runs, one after the other on those same bodies:
#   js      @ucanto/server 11 with the reference deal/offer handler (tests/interop/bench/http-server.mjs: in-memory
#           queue, no durable store, no aggregate verification), signing with the dealer's key;
#   dealer  `dealer serve` on its defaults (embedded store on disk in a fresh data directory, aggregate verification
#           on, consumer and cron on), with the same key;
# each under the same keep-alive load (bench/Dealer.Load), every receipt decoded and its signature, `ran` and `ok`
# checked. Prints each run, the dealer/js ratios of each round (req/s, server CPU per request) and their medians, and
# writes every run as a JSON line to $OUT/results.jsonl.
#
#   bench/http-vs-js.sh                      # defaults below
#   ROUNDS=5 DURATION=30 CONCURRENCY=32 COUNT=30000 bench/http-vs-js.sh
#   BACKEND=aws bench/http-vs-js.sh          # the dealer on the AWS backend against the local emulators
#   DEALER_ARGS="--store aws --aws-endpoint http://127.0.0.1:4566 …" bench/http-vs-js.sh   # another backend
#
# DEALER_ARGS are added to `dealer serve` and `dealer deals list`. BACKEND=aws starts the local S3/SQS and DynamoDB
# servers (scripts/aws-emulators.sh; stopped again at the end if this script started them), creates fresh resources
# for each round (`dealer aws init` under a prefix of its own) and runs `dealer serve --store aws` on them; after each
# round it prints the AWS calls per accepted offer by service and operation, read from the dealer's /metrics, and the
# emulators' CPU per accepted offer, read from /proc.
#
# Everything listens on 127.0.0.1 only; every run is bounded by DURATION seconds and COUNT requests.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
CONCURRENCY=${CONCURRENCY:-32}
COUNT=${COUNT:-20000}
WARMUP=${WARMUP:-500}
PIECES=${PIECES:-8}
OUT=${OUT:-$PWD/artifacts/bench/http-vs-js-$(date -u +%Y%m%dT%H%M%SZ)}
# shellcheck source=bench/common.sh
. bench/common.sh
if [ ! -d tests/interop/node_modules ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

key=$(cat "$OUT/dealer.key")

BACKEND=${BACKEND:-embedded}
emulators_started=0
if [ "$BACKEND" = aws ]; then
  if ! scripts/aws-emulators.sh status > /dev/null 2>&1; then
    scripts/aws-emulators.sh start > /dev/null
    emulators_started=1
  fi
  # shellcheck source=/dev/null
  . artifacts/aws-emulators/env
  emulator_pids="$(cat artifacts/aws-emulators/fauxqs.pid) $(cat artifacts/aws-emulators/dynamodb.pid)"
elif [ "$BACKEND" != embedded ]; then
  echo "http-vs-js: BACKEND is embedded or aws, got '$BACKEND'" >&2
  exit 2
fi
stop_all() {
  stop_server
  if [ "$emulators_started" = 1 ]; then scripts/aws-emulators.sh stop > /dev/null 2>&1 || true; fi
}
trap stop_all EXIT

# Prints user + system CPU ticks of each pid in $@ (from /proc/<pid>/stat), space-separated.
cpu_ticks() {
  for pid in "$@"; do awk '{ print $14 + $15 }' "/proc/$pid/stat"; done | paste -sd' '
}

echo "==> $COUNT requests of $PIECES pieces"
load generate --key-file "$OUT/dealer.key" --count "$COUNT" --pieces "$PIECES" --out "$OUT/bodies.bin"

run_load() { # label pid url
  load run --url "$3" --bodies "$OUT/bodies.bin" --concurrency "$CONCURRENCY" --duration "$DURATION" \
    --warmup "$WARMUP" --pid "$2" --label "$1" --json "$OUT/results.jsonl" || echo "http-vs-js: $1 had errors" >&2
}

for round in $(seq 1 "$ROUNDS"); do
  echo "==> round $round/$ROUNDS"

  node tests/interop/bench/http-server.mjs --key "$key" > "$OUT/js-$round.out" 2> "$OUT/js-$round.err" &
  server_pid=$!
  url=$(wait_url "$OUT/js-$round.out")
  run_load "js-$round" "$server_pid" "$url"
  stop_server

  data="$OUT/data-$round"
  args=${DEALER_ARGS:-}
  if [ "$BACKEND" = aws ]; then
    # Fresh resources per round; bucket names allow lowercase letters, digits and '-'.
    prefix="b$(date -u +%s)r$round-"
    dealer aws init --aws-prefix "$prefix" > "$OUT/aws-init-$round.json"
    args="--store aws --aws-prefix $prefix $args"
    # shellcheck disable=SC2086 # pids are words
    emulator_cpu_before=$(cpu_ticks $emulator_pids)
  fi
  # shellcheck disable=SC2086 # the arguments are words
  start_dealer "$data" "dealer-$round" $args
  url=$(wait_url "$OUT/dealer-$round.out")
  run_load "dealer-$round" "$server_pid" "$url"
  # The consumer keeps up: every accepted offer is OFFERED in the deal-store within 2 s of the end of the load.
  sleep 2
  accepted=$(tail -n 1 "$OUT/results.jsonl" | node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(r.verified + r.warmupVerified)')
  if [ "$BACKEND" = aws ]; then
    # shellcheck disable=SC2086 # pids are words
    emulator_cpu_after=$(cpu_ticks $emulator_pids)
    node -e 'fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t))' "$url/metrics" > "$OUT/metrics-$round.txt"
    node bench/aws-calls.mjs --metrics "$OUT/metrics-$round.txt" --accepted "$accepted" --label "dealer-$round" \
      --emulator-ticks "$emulator_cpu_before" "$emulator_cpu_after" --clock-ticks "$(getconf CLK_TCK)" \
      --json "$OUT/results.jsonl"
  fi
  stop_server
  # shellcheck disable=SC2086 # the arguments are words
  offered=$(dealer deals list --data-dir "$data" $args --status offered | wc -l)
  echo "dealer-$round: $offered of $accepted accepted offers are OFFERED in the deal-store 2 s after the load"
  echo "{\"label\":\"dealer-$round-consumer\",\"accepted\":$accepted,\"offered\":$offered}" >> "$OUT/results.jsonl"
done
# The offer files go only now: ext4 skips inodes freed in the last minutes when it allocates one, so deleting a
# round's thousands of files would make every file the next round creates cost a scan over them.
for round in $(seq 1 "$ROUNDS"); do rm -rf "$OUT/data-$round/offers"; done

node - "$OUT/results.jsonl" <<'JS'
const fs = require('node:fs')
const runs = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l))
const byLabel = Object.fromEntries(runs.map((r) => [r.label, r]))
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
const rounds = []
for (let i = 1; byLabel[`js-${i}`] && byLabel[`dealer-${i}`]; i++) {
  const js = byLabel[`js-${i}`], dealer = byLabel[`dealer-${i}`]
  const r = {
    round: i,
    reqPerSecRatio: dealer.requestsPerSecond / js.requestsPerSecond,
    cpuPerRequestRatio: js.serverCpuMsPerRequest / dealer.serverCpuMsPerRequest,
    jsReqPerSec: js.requestsPerSecond, dealerReqPerSec: dealer.requestsPerSecond,
    jsCpuMs: js.serverCpuMsPerRequest, dealerCpuMs: dealer.serverCpuMsPerRequest,
    jsP99: js.latencyP99Ms, dealerP99: dealer.latencyP99Ms,
    errors: js.errors + dealer.errors,
    offeredAfter2s: byLabel[`dealer-${i}-consumer`]?.offered, accepted: byLabel[`dealer-${i}-consumer`]?.accepted,
  }
  rounds.push(r)
  console.log(`round ${i}: dealer/js req/s ${r.reqPerSecRatio.toFixed(2)}x (${r.dealerReqPerSec} vs ${r.jsReqPerSec}), ` +
    `js/dealer CPU per request ${r.cpuPerRequestRatio.toFixed(2)}x (${r.dealerCpuMs} vs ${r.jsCpuMs} ms), ` +
    `p99 ${r.dealerP99} vs ${r.jsP99} ms, errors ${r.errors}, OFFERED after 2 s ${r.offeredAfter2s}/${r.accepted}`)
}
const m = (k) => median(rounds.map((r) => r[k]))
const summary = {
  rounds: rounds.length,
  medianReqPerSecRatio: +m('reqPerSecRatio').toFixed(3),
  medianCpuPerRequestRatio: +m('cpuPerRequestRatio').toFixed(3),
  medianDealerReqPerSec: m('dealerReqPerSec'), medianJsReqPerSec: m('jsReqPerSec'),
  medianDealerCpuMsPerRequest: m('dealerCpuMs'), medianJsCpuMsPerRequest: m('jsCpuMs'),
  medianDealerP99Ms: m('dealerP99'), medianJsP99Ms: m('jsP99'),
  errors: rounds.reduce((a, r) => a + r.errors, 0),
}
console.log(`median over ${rounds.length} rounds: dealer is ${summary.medianReqPerSecRatio}x the reference's req/s and uses ` +
  `1/${summary.medianCpuPerRequestRatio} of its CPU per request (${summary.medianDealerCpuMsPerRequest} vs ${summary.medianJsCpuMsPerRequest} ms)`)
console.log(JSON.stringify(summary))
JS
echo "results: $OUT/results.jsonl"
