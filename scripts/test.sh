#!/usr/bin/env bash
# Runs every test of the repository: builds the solution, installs and starts what the tests need
# (local AWS emulators on loopback, the npm packages of the interop tests), runs each test project,
# and stops what it started. This is the README's test command; CI calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

configuration=${CONFIGURATION:-Release}
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2
  exit 1
fi

started_emulators=0
cleanup() {
  if [ "$started_emulators" = 1 ]; then
    scripts/aws-emulators.sh stop || true
  fi
}
trap cleanup EXIT

echo "==> build ($configuration)"
dotnet build Dealer.sln -c "$configuration" -warnaserror -nologo -v quiet

echo "==> formatting"
dotnet format whitespace Dealer.sln --verify-no-changes

# Published once here rather than inside the test run: the release-binary tests run this file
# (tests/Dealer.Service.Tests/Deploy/PublishedBinaryTests.cs; alone, they publish into a temporary directory).
echo "==> publish the release binary"
DEALER_PUBLISHED_BINARY="$root/$(scripts/publish.sh)"
export DEALER_PUBLISHED_BINARY

if [ -x scripts/aws-emulators.sh ]; then
  echo "==> start the local AWS emulators"
  scripts/aws-emulators.sh start
  started_emulators=1
  # shellcheck disable=SC1091
  . artifacts/aws-emulators/env
fi

if [ -f tests/interop/package.json ]; then
  echo "==> install the interop test packages"
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

status=0
dotnet_failed_runs=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "==> $name"
  if ! dotnet test "$project" -c "$configuration" --no-build --nologo \
      --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" \
      --results-directory "$results" -- NUnit.Verbosity=0; then
    status=1
    dotnet_failed_runs=$((dotnet_failed_runs + 1))
  fi
done

node_failed_run=0
if [ -f tests/interop/package.json ]; then
  echo "==> interop (node)"
  # The spec reporter on the console as before, and TAP into a file for the closing line's counts.
  if ! (cd tests/interop && npm test -- --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$results/interop.tap"); then
    status=1
    node_failed_run=1
  fi
fi

echo "==> README walk-through on a fresh clone"
readme_passed=0 readme_failed=0
if scripts/check-readme.sh; then readme_passed=1; else readme_failed=1; status=1; fi

# One closing line for the whole run: the .NET tests (every test result of the trx files), the node interop tests
# (the summary of node's TAP output) and the README check. A test run that failed without a failed test in its
# results (a crash, a missing results file) counts as one failure.
dotnet_passed=0 dotnet_failed=0 dotnet_skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  while read -r count outcome; do
    case "$outcome" in
      Passed) dotnet_passed=$((dotnet_passed + count)) ;;
      Failed | Error | Timeout | Aborted) dotnet_failed=$((dotnet_failed + count)) ;;
      *) dotnet_skipped=$((dotnet_skipped + count)) ;;  # NotExecuted (ignored, skipped), Inconclusive, …
    esac
  done < <(grep -o '<UnitTestResult [^>]*' "$trx" | grep -o ' outcome="[A-Za-z]*"' | cut -d'"' -f2 | sort | uniq -c)
done
if [ "$dotnet_failed_runs" -gt 0 ] && [ "$dotnet_failed" -eq 0 ]; then dotnet_failed=$dotnet_failed_runs; fi

node_passed=0 node_failed=0 node_skipped=0
tap="$results/interop.tap"
tap_count() { { grep -E "^# $1 [0-9]+$" "$tap" 2>/dev/null || true; } | tail -n 1 | awk '{print $3 + 0}'; }
if [ -f "$tap" ]; then
  node_passed=$(tap_count pass)
  node_failed=$(( $(tap_count fail) + $(tap_count cancelled) ))
  node_skipped=$(( $(tap_count skipped) + $(tap_count todo) ))
fi
node_passed=${node_passed:-0}
if [ "$node_failed_run" = 1 ] && [ "$node_failed" -eq 0 ]; then node_failed=1; fi

passed=$((dotnet_passed + node_passed + readme_passed))
failed=$((dotnet_failed + node_failed + readme_failed))
skipped=$((dotnet_skipped + node_skipped))
echo
echo "tests: $dotnet_passed dotnet + $node_passed node + $readme_passed README passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
if [ "$failed" -ne 0 ]; then
  status=1
fi
exit $status
