# Sourced by the scripts: starts the project's local Cosmos server unless Cosmos__Endpoint is already set
# (for example to the official emulator), exports Cosmos__Endpoint/Cosmos__Key, and stops it on exit.
# shellcheck shell=bash

COSMOS_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/cosmos-local" && pwd)"
COSMOS_EMULATOR_KEY='C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=='
COSMOS_LOCAL_PID=""

stop_cosmos_local() {
  if [ -n "$COSMOS_LOCAL_PID" ] && kill -0 "$COSMOS_LOCAL_PID" 2>/dev/null; then
    kill -TERM "$COSMOS_LOCAL_PID" 2>/dev/null || true
    wait "$COSMOS_LOCAL_PID" 2>/dev/null || true
    echo "==> stopped the local Cosmos server (pid $COSMOS_LOCAL_PID)"
  fi
  COSMOS_LOCAL_PID=""
}

start_cosmos_local() {
  if [ -n "${Cosmos__Endpoint:-}" ]; then
    export Cosmos__Key="${Cosmos__Key:-$COSMOS_EMULATOR_KEY}"
    echo "==> using the Cosmos DB endpoint from Cosmos__Endpoint: $Cosmos__Endpoint"
    return 0
  fi

  command -v node >/dev/null || { echo "error: Node.js 20+ is needed for the local Cosmos server (or set Cosmos__Endpoint)" >&2; return 1; }
  if [ ! -d "$COSMOS_LOCAL_DIR/node_modules/@vercel/cosmosdb-server" ]; then
    echo "==> installing the local Cosmos server (npm ci in tools/cosmos-local)"
    npm ci --prefix "$COSMOS_LOCAL_DIR" --no-audit --no-fund --loglevel=error
  fi

  local log; log="$(mktemp -t cosmos-local.XXXXXX)"
  node "$COSMOS_LOCAL_DIR/server.js" --port 0 >"$log" 2>&1 &
  COSMOS_LOCAL_PID=$!
  local endpoint=""
  for _ in $(seq 1 150); do
    endpoint="$(sed -n 's/^cosmos-local listening on \(http:[^ ]*\)$/\1/p' "$log" | head -n 1)"
    [ -n "$endpoint" ] && break
    kill -0 "$COSMOS_LOCAL_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$endpoint" ]; then
    echo "error: the local Cosmos server did not start; its output:" >&2
    cat "$log" >&2
    stop_cosmos_local
    return 1
  fi

  export Cosmos__Endpoint="$endpoint"
  export Cosmos__Key="$COSMOS_EMULATOR_KEY"
  echo "==> local Cosmos server listening on $endpoint (pid $COSMOS_LOCAL_PID)"
}
