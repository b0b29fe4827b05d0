#!/usr/bin/env bash
# Local AWS servers for the AWS adapter tests (tests/Dealer.Store.Tests/Aws):
#   fauxqs (npm, in memory)         S3 + SQS
#   DynamoDB Local (Amazon's jar)   DynamoDB, shipped in the npm package amplify-dynamodb-simulator
# Both listen on 127.0.0.1 only. Versions are pinned by tests/aws-emulators/package-lock.json.
#
# Usage:
#   scripts/aws-emulators.sh start    install (npm ci) if needed, start both, wait until they answer
#   scripts/aws-emulators.sh stop     stop the servers this script started (by pid)
#   scripts/aws-emulators.sh status   print whether each server runs and answers; non-zero when not
#   scripts/aws-emulators.sh env      print the endpoint variables (for eval)
#
# After `start`, load the endpoints into your shell and run the tests:
#   . artifacts/aws-emulators/env
#   dotnet test tests/Dealer.Store.Tests --filter "FullyQualifiedName~Aws"
#
# Settings (environment):
#   DEALER_EMULATOR_S3_SQS_PORT    port for fauxqs (default: a free port)
#   DEALER_EMULATOR_DYNAMODB_PORT  port for DynamoDB Local (default: a free port)
#   DEALER_EMULATOR_TIMEOUT        seconds to wait for each server (default: 60)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
emulators_rel="tests/aws-emulators"
emulators="$repo_root/$emulators_rel"
# Runtime state (pids, ports, logs, the env file, the compiled launcher) stays under the ignored artifacts/.
run_rel="artifacts/aws-emulators"
run_dir="$repo_root/$run_rel"
build_dir="$run_dir/launcher"
ddb_dir="$emulators/node_modules/amplify-dynamodb-simulator/emulator"
timeout_s="${DEALER_EMULATOR_TIMEOUT:-60}"

log() { printf 'aws-emulators: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
read_pid() { [[ -f "$run_dir/$1.pid" ]] && cat "$run_dir/$1.pid" || true; }
read_port() { [[ -f "$run_dir/$1.port" ]] && cat "$run_dir/$1.port" || true; }

# Any HTTP answer counts: fauxqs answers /health with 200, DynamoDB Local answers GET / with 400.
answers() {
    node -e '
        const ctl = AbortSignal.timeout(2000);
        fetch(process.argv[1], { signal: ctl }).then(() => process.exit(0), () => process.exit(1));
    ' "$1" 2>/dev/null
}

free_port() {
    node -e '
        const s = require("net").createServer();
        s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => console.log(p)); });
    '
}

require_node() {
    command -v node >/dev/null || die "node (>= 20) is required to run fauxqs"
    command -v npm >/dev/null || die "npm is required to install the emulators"
}

apt_install() {
    command -v apt-get >/dev/null || return 1
    local sudo=""
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || return 1
        sudo="sudo"
    fi
    log "installing $* with apt-get"
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

require_java() {
    if ! command -v java >/dev/null; then
        apt_install openjdk-17-jre-headless || die "java (17+) is missing and could not be installed; install openjdk-17-jre-headless"
    fi
}

install_packages() {
    local stamp="$emulators/node_modules/.package-lock.json"
    if [[ ! -f "$stamp" || "$emulators/package-lock.json" -nt "$stamp" || ! -f "$ddb_dir/DynamoDBLocal.jar" ]]; then
        log "npm ci in $emulators_rel"
        (cd "$emulators" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    fi
    [[ -f "$ddb_dir/DynamoDBLocal.jar" ]] || die "DynamoDBLocal.jar not found under $emulators_rel/node_modules/amplify-dynamodb-simulator/emulator"
}

# Compiles the loopback launcher; prints nothing and returns non-zero when no compiler can be had,
# in which case DynamoDB Local runs from its jar and listens on every interface.
build_launcher() {
    local class="$build_dir/LoopbackDynamoDbLocal.class"
    local source="$emulators/LoopbackDynamoDbLocal.java"
    if [[ -f "$class" && "$class" -nt "$source" ]]; then return 0; fi
    if ! command -v javac >/dev/null; then
        apt_install openjdk-17-jdk-headless || return 1
    fi
    mkdir -p "$build_dir"
    javac -nowarn -cp "$ddb_dir/DynamoDBLocal.jar:$ddb_dir/DynamoDBLocal_lib/*" -d "$build_dir" "$source" >&2
}

wait_until_answers() {
    local name="$1" url="$2" pid="$3" deadline=$((SECONDS + timeout_s))
    while ! answers "$url"; do
        if ! pid_alive "$pid"; then
            log "$name exited during startup; its log:"
            tail -n 30 "$run_dir/$name.log" >&2 || true
            return 1
        fi
        if ((SECONDS >= deadline)); then
            log "$name did not answer $url within ${timeout_s}s; its log:"
            tail -n 30 "$run_dir/$name.log" >&2 || true
            kill "$pid" 2>/dev/null || true
            return 1
        fi
        sleep 0.25
    done
}

start_fauxqs() {
    local pid port
    pid="$(read_pid fauxqs)"
    port="$(read_port fauxqs)"
    if pid_alive "$pid" && answers "http://127.0.0.1:$port/health"; then
        log "fauxqs already running (pid $pid, port $port)"
        return 0
    fi
    port="${DEALER_EMULATOR_S3_SQS_PORT:-$(free_port)}"
    (cd "$emulators" && exec node start-fauxqs.mjs "$port") >"$run_dir/fauxqs.log" 2>&1 &
    pid=$!
    echo "$pid" >"$run_dir/fauxqs.pid"
    echo "$port" >"$run_dir/fauxqs.port"
    wait_until_answers fauxqs "http://127.0.0.1:$port/health" "$pid" || die "fauxqs failed to start"
    log "fauxqs started (pid $pid, http://127.0.0.1:$port)"
}

start_dynamodb() {
    local pid port
    pid="$(read_pid dynamodb)"
    port="$(read_port dynamodb)"
    if pid_alive "$pid" && answers "http://127.0.0.1:$port/"; then
        log "DynamoDB Local already running (pid $pid, port $port)"
        return 0
    fi
    port="${DEALER_EMULATOR_DYNAMODB_PORT:-$(free_port)}"
    local jvm=(java -XX:TieredStopAtLevel=1 -Xmx256m "-Djava.library.path=$ddb_dir/DynamoDBLocal_lib")
    local args=(-inMemory -sharedDb -port "$port" -disableTelemetry)
    # DynamoDB Local writes dynamodb-local-metadata.json into its working directory: keep it in run/.
    if build_launcher; then
        (cd "$run_dir" && exec "${jvm[@]}" -cp "$build_dir:$ddb_dir/DynamoDBLocal.jar:$ddb_dir/DynamoDBLocal_lib/*" \
            LoopbackDynamoDbLocal "${args[@]}") >"$run_dir/dynamodb.log" 2>&1 &
    else
        log "warning: no Java compiler; DynamoDB Local runs from its jar and listens on all interfaces"
        (cd "$run_dir" && exec "${jvm[@]}" -jar "$ddb_dir/DynamoDBLocal.jar" "${args[@]}") >"$run_dir/dynamodb.log" 2>&1 &
    fi
    pid=$!
    echo "$pid" >"$run_dir/dynamodb.pid"
    echo "$port" >"$run_dir/dynamodb.port"
    wait_until_answers dynamodb "http://127.0.0.1:$port/" "$pid" || die "DynamoDB Local failed to start"
    log "DynamoDB Local started (pid $pid, http://127.0.0.1:$port)"
}

print_env() {
    local s3sqs ddb
    s3sqs="$(read_port fauxqs)"
    ddb="$(read_port dynamodb)"
    [[ -n "$s3sqs" && -n "$ddb" ]] || die "the emulators are not started; run: scripts/aws-emulators.sh start"
    cat <<EOF
export DEALER_AWS_ENDPOINT_S3=http://127.0.0.1:$s3sqs
export DEALER_AWS_ENDPOINT_SQS=http://127.0.0.1:$s3sqs
export DEALER_AWS_ENDPOINT_DYNAMODB=http://127.0.0.1:$ddb
export DEALER_AWS_REGION=us-east-1
EOF
}

cmd_start() {
    require_node
    require_java
    mkdir -p "$run_dir"
    install_packages
    start_fauxqs
    start_dynamodb
    print_env >"$run_dir/env"
    log "endpoints written to $run_rel/env; load them with: . $run_rel/env"
    cat "$run_dir/env"
}

stop_one() {
    local name="$1" pid
    pid="$(read_pid "$name")"
    if pid_alive "$pid"; then
        kill "$pid"
        for _ in $(seq 1 40); do pid_alive "$pid" || break; sleep 0.25; done
        if pid_alive "$pid"; then
            log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
            kill -9 "$pid" 2>/dev/null || true
        fi
        log "$name stopped (pid $pid)"
    else
        log "$name not running"
    fi
    rm -f "$run_dir/$name.pid" "$run_dir/$name.port"
}

cmd_stop() {
    stop_one fauxqs
    stop_one dynamodb
    rm -f "$run_dir/env"
}

cmd_status() {
    local rc=0 pid port
    pid="$(read_pid fauxqs)"; port="$(read_port fauxqs)"
    if pid_alive "$pid" && answers "http://127.0.0.1:$port/health"; then
        echo "fauxqs: running (pid $pid, http://127.0.0.1:$port)"
    else
        echo "fauxqs: not running"; rc=1
    fi
    pid="$(read_pid dynamodb)"; port="$(read_port dynamodb)"
    if pid_alive "$pid" && answers "http://127.0.0.1:$port/"; then
        echo "dynamodb: running (pid $pid, http://127.0.0.1:$port)"
    else
        echo "dynamodb: not running"; rc=1
    fi
    return "$rc"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) print_env ;;
    *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
