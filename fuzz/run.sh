#!/usr/bin/env bash
# Fuzzes one target of Dealer.Ucan with afl++ and SharpFuzz for a bounded time, then replays what it found.
#   fuzz/run.sh TARGET [SECONDS]     TARGET: car, dagcbor, ucan, message, dispatch, invocation; SECONDS defaults to 600
# Installs afl++ (Debian package) and the sharpfuzz instrumenter (.NET tool) when missing, publishes the harness,
# instruments Dealer.Ucan.dll, writes seeds cut from the protocol vectors, and runs afl-fuzz -V SECONDS. Everything
# goes under artifacts/fuzz/TARGET/; a second run of the same target resumes its queue. See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

targets="car dagcbor ucan message dispatch invocation"
target=${1:-}
seconds=${2:-600}
if [ -z "$target" ] || ! [[ " $targets " == *" $target "* ]] || ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh TARGET [SECONDS]   (TARGET: ${targets// /, })" >&2
  exit 2
fi

sharpfuzz_version=2.3.0
work="$root/artifacts/fuzz"
bin="$work/bin"
afl_bin="$work/bin-afl"
tools="$work/tools"
out="$work/$target"
# A build tree of its own, so a fuzz run does not race a build of the solution.
export ArtifactsPath="$work/build"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "==> installing afl++"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update
  $sudo apt-get install -y afl++
fi

if [ ! -x "$tools/sharpfuzz" ]; then
  echo "==> installing sharpfuzz $sharpfuzz_version"
  dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$tools"
fi

echo "==> publishing and instrumenting the harness"
# Instrumented code only runs under the fork server, so the seeds and the replay use a plain copy.
rm -rf "$bin" "$afl_bin"
dotnet publish fuzz/Dealer.Fuzz/Dealer.Fuzz.csproj -c Release -o "$bin" -nologo -v quiet
cp -r "$bin" "$afl_bin"
# Dealer.Ucan is the code under test; System.Formats.Cbor (an IL-only package) is instrumented too, so that the
# fuzzer also sees which CBOR reader paths an input takes under the DAG-CBOR layer.
for assembly in Dealer.Ucan System.Formats.Cbor; do
  "$tools/sharpfuzz" "$afl_bin/$assembly.dll"
done

mkdir -p "$out"
if [ -f "$out/findings/default/fuzzer_stats" ]; then
  input=-
  echo "==> resuming $out/findings"
else
  rm -rf "$out/seeds" "$out/findings"
  dotnet "$bin/Dealer.Fuzz.dll" seeds "$target" "$out/seeds"
  input="$out/seeds"
fi

echo "==> afl-fuzz $target for ${seconds}s"
# dotnet is not an afl-instrumented binary: the fork server lives in SharpFuzz, so skip afl's binary checks. A .NET
# process needs more than afl's default memory limit and start-up time; -t is the per-input hang threshold.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_FORKSRV_INIT_TMOUT=60000 \
  afl-fuzz -i "$input" -o "$out/findings" -x fuzz/dealer.dict -V "$seconds" -t 5000 -m none -- dotnet "$afl_bin/Dealer.Fuzz.dll" "$target" \
  >"$out/afl.log" 2>&1 || { tail -n 40 "$out/afl.log" >&2; exit 1; }

stats="$out/findings/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|bitmap_cvg|edges_found|total_edges|saved_crashes|saved_hangs|unique_crashes|unique_hangs) ' "$stats" || cat "$stats"

found=$(find "$out/findings/default/crashes" "$out/findings/default/hangs" -type f -name 'id:*' 2>/dev/null | sort)
if [ -z "$found" ]; then
  echo "==> no crashes or hangs"
  exit 0
fi
echo "==> replaying $(echo "$found" | wc -l) findings"
# shellcheck disable=SC2086
timeout 600 dotnet "$bin/Dealer.Fuzz.dll" replay "$target" $found || true
exit 1
