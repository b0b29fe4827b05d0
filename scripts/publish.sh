#!/usr/bin/env bash
# Publishes the dealer as one self-contained executable: no .NET installation needed where it runs.
#
#   scripts/publish.sh [-r RID] [-o DIR]
#
#   -r RID   the .NET runtime identifier to build for (default linux-x64). Others work the same way, e.g.
#            linux-arm64 (Graviton), linux-musl-x64 (Alpine), osx-arm64, win-x64 (the file is then dealer.exe).
#   -o DIR   where to put the executable (default artifacts/publish/<RID>); prints its path when done.
#
# The result is a single file, `dealer` (the .NET runtime and the SQLite native library bundled inside). Extra
# `dotnet publish` properties can be passed in PUBLISH_PROPERTIES, e.g. PUBLISH_PROPERTIES=-p:PublishReadyToRun=true
# for precompiled code (a faster start, a larger file, and a much longer publish). At its first start
# the bundled native library is extracted to $DOTNET_BUNDLE_EXTRACT_BASE_DIR (default ~/.net), which must be writable;
# deploy/dealer.service and deploy/Dockerfile set it.
set -euo pipefail
cd "$(dirname "$0")/.."

rid=linux-x64
out=
while getopts "r:o:h" flag; do
  case "$flag" in
    r) rid=$OPTARG ;;
    o) out=$OPTARG ;;
    h) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: scripts/publish.sh [-r RID] [-o DIR]" >&2; exit 2 ;;
  esac
done
out=${out:-artifacts/publish/$rid}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet publish src/Dealer.Service/Dealer.Service.csproj -c Release -r "$rid" --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:DebugType=none -p:GenerateDocumentationFile=false -p:StaticWebAssetsEnabled=false ${PUBLISH_PROPERTIES:-} \
  -o "$out" -nologo -v quiet >&2

binary="$out/dealer"
case "$rid" in win-*) binary="$out/dealer.exe" ;; esac
[ -f "$binary" ] || { echo "publish.sh: $binary was not produced" >&2; exit 1; }
echo "$binary"
