#!/usr/bin/env bash
# Rewrites Dealer.Ucan's public API baseline, src/Dealer.Ucan/PublicAPI.Unshipped.txt, from the code: every public
# signature that PublicAPI.Shipped.txt does not already list. The build fails (RS0016 unlisted, RS0017 gone) while
# the code and the two files disagree; after changing the public API on purpose, run this, read the diff of the file
# (it is the API change under review) and commit it with the code.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  -h|--help)
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  "") ;;
  *) echo "public-api.sh: no arguments expected (-h for help)" >&2; exit 2 ;;
esac

project=src/Dealer.Ucan/Dealer.Ucan.csproj
unshipped=src/Dealer.Ucan/PublicAPI.Unshipped.txt

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Start from an empty list so that removed and changed signatures leave it too, then let the analyzer's own code fix
# (RS0016, "add to public API") write every public signature back, sorted.
printf '#nullable enable\n' > "$unshipped"
dotnet format analyzers "$project" --diagnostics RS0016 --severity warn

echo "public-api.sh: $(($(wc -l < "$unshipped") - 1)) signatures in $unshipped"
