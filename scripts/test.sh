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
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "==> $name"
  if ! dotnet test "$project" -c "$configuration" --no-build --nologo \
      --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" \
      --results-directory "$results" -- NUnit.Verbosity=0; then
    status=1
  fi
done

if [ -f tests/interop/package.json ]; then
  echo "==> interop (node)"
  if ! (cd tests/interop && npm test); then
    status=1
  fi
fi

echo "==> README walk-through on a fresh clone"
readme_passed=0 readme_failed=0
if scripts/check-readme.sh; then readme_passed=1; else readme_failed=1; status=1; fi

# One closing line for the whole run, summed over the .NET test results and the README check.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$((skipped + ${n:-0}))
done
passed=$((passed + readme_passed)) failed=$((failed + readme_failed))
echo
echo "dotnet: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
exit $status
