# Shared by bench/http-vs-js.sh and bench/cron-and-large.sh (sourced, from the repository root, with OUT set):
# builds what they run (unless SKIP_BUILD=1), and gives them `dealer`, `load`, a fresh dealer key in
# $OUT/dealer.key, and one background server at a time ($server_pid, stopped on exit).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
root=$(pwd)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/Dealer.Service/Dealer.Service.csproj -c Release -nologo -v quiet
  dotnet build bench/Dealer.Load/Dealer.Load.csproj -c Release -nologo -v quiet
fi

dealer_dll="$root/artifacts/bin/Dealer.Service/release/dealer.dll"
dealer() { dotnet "$dealer_dll" "$@"; }
load() { dotnet "$root/artifacts/bin/Dealer.Load/release/dealer-load.dll" "$@"; }

mkdir -p "$OUT"
dealer key gen | sed -E 's/.*"key":"([^"]+)".*/\1/' > "$OUT/dealer.key"
chmod 600 "$OUT/dealer.key"

server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
trap stop_server EXIT

# Starts `dealer serve` in the background on a free loopback port with the key of $OUT/dealer.key, data directory $1,
# output files $2.out/.err and any further arguments; started directly (not through a shell function), so that
# $server_pid is the server process itself.
start_dealer() {
  local data=$1 name=$2
  shift 2
  dotnet "$dealer_dll" serve --data-dir "$data" --key-file "$OUT/dealer.key" --listen http://127.0.0.1:0 "$@" \
    > "$OUT/$name.out" 2> "$OUT/$name.err" &
  server_pid=$!
}

# Waits for a server's one JSON line on stdout ($1) and prints its "url".
wait_url() {
  for _ in $(seq 1 300); do
    if [ -s "$1" ]; then
      sed -nE 's/.*"url":"([^"]+)".*/\1/p' "$1" | head -n 1
      return 0
    fi
    sleep 0.1
  done
  echo "bench: no server line in $1" >&2
  return 1
}
