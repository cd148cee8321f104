#!/usr/bin/env bash
# Starts or stops DynamoDB Local (installed by scripts/setup.sh) on a free loopback port.
#   scripts/dynamodb-local.sh start   -> prints the endpoint (http://127.0.0.1:PORT); the pid
#                                        is recorded in .cache/dynamodb-local/run/PORT.pid
#   scripts/dynamodb-local.sh stop [PORT|all]
#                                     -> stops exactly the process(es) this script started
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
home="$here/.cache/dynamodb-local"
run="$home/run"
mkdir -p "$run"

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

answers() {
  # Any HTTP answer (DynamoDB Local answers 400 to an empty POST) means it is up.
  local code
  code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' -X POST "http://127.0.0.1:$1/" || true)
  [ -n "$code" ] && [ "$code" != "000" ]
}

start() {
  [ -f "$home/DynamoDBLocal.jar" ] || { echo "DynamoDB Local is not installed: run scripts/setup.sh" >&2; exit 1; }
  command -v java >/dev/null || { echo "java not found: run scripts/setup.sh" >&2; exit 1; }
  local port=${DDBKIT_LOCAL_PORT:-}
  if [ -z "$port" ]; then
    for _ in $(seq 1 50); do
      port=$(( 20000 + RANDOM % 20000 ))
      port_is_free "$port" && break
    done
  fi
  port_is_free "$port" || { echo "port $port is busy" >&2; exit 1; }
  local log="$run/$port.log"
  ( cd "$home" && exec java -Xms64m -Xmx1g -Djava.library.path="$home/DynamoDBLocal_lib" \
      -jar "$home/DynamoDBLocal.jar" -inMemory -disableTelemetry -port "$port" ) >"$log" 2>&1 &
  local pid=$!
  echo "$pid" > "$run/$port.pid"
  for _ in $(seq 1 120); do
    if answers "$port"; then
      echo "http://127.0.0.1:$port"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "DynamoDB Local exited; its log:" >&2; cat "$log" >&2; rm -f "$run/$port.pid"; exit 1
    fi
    sleep 0.5
  done
  echo "DynamoDB Local did not answer on port $port within 60 s" >&2
  stop_port "$port"
  exit 1
}

stop_port() {
  local pidfile="$run/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop)
    target=${2:-all}
    if [ "$target" = all ]; then
      for f in "$run"/*.pid; do [ -e "$f" ] && stop_port "$(basename "$f" .pid)"; done
    else
      stop_port "$target"
    fi ;;
  *) echo "usage: $0 start | stop [PORT|all]" >&2; exit 2 ;;
esac
