#!/usr/bin/env bash
# Checks the README walk-through as a newcomer runs it: a fresh clone of this checkout's HEAD, the README's first command
# (`dotnet run --project src/Dealer.Service -- serve`) in the background, then the walk-through's shell block pasted
# into bash. Passes when every command of the block exits 0 and the deal/add receipt verifies.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# What is committed is what is checked (in CI the checkout is clean, so that is everything).
git clone --quiet "$root" "$work/dealer"
cd "$work/dealer"

port=${README_CHECK_PORT:-8080}
if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "check-readme: port $port is in use; the walk-through needs it (set README_CHECK_PORT only for a copy of the README)" >&2
  exit 1
fi

# The README's first command.
first=$(grep -m1 -E '^dotnet run --project src/Dealer.Service -- serve' README.md | sed 's/ *#.*//')
bash -c "$first" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 720); do  # a cold build from a fresh clone can take minutes on a busy machine
  grep -q '"url"' "$work/serve.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; echo "check-readme: the dealer did not start" >&2; exit 1; }
  sleep 0.5
done
grep -q '"url":"http://127.0.0.1:8080"' "$work/serve.out" || { echo "check-readme: no start line" >&2; cat "$work/serve.err" >&2; exit 1; }

# The walk-through: the shell block under "## Walk-through".
awk '/^## Walk-through/{on=1} on&&/^```sh/{code=1;next} code&&/^```/{exit} code{print}' README.md >"$work/walk.sh"
[ -s "$work/walk.sh" ] || { echo "check-readme: no walk-through block in README.md" >&2; exit 1; }
bash -euo pipefail "$work/walk.sh" >"$work/walk.out" 2>"$work/walk.err" || {
  echo "check-readme: the walk-through failed" >&2; cat "$work/walk.out" "$work/walk.err" >&2; exit 1; }

grep -q '"dataSource":{"dealID":1234}' "$work/walk.out" && grep -q '"verified":true' "$work/walk.out" || {
  echo "check-readme: the walk-through did not end with a verified deal/add receipt" >&2; cat "$work/walk.out" >&2; exit 1; }
echo "check-readme: the README walk-through works on a fresh clone"
