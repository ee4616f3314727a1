#!/usr/bin/env bash
# Measures `ContextAdmin copy` between two local ContextServers (separate containers of the local Cosmos server):
# seeds the source with SESSIONS sessions of about 4 KB and LARGE sessions of about 700 KB, copies them with
# --verify, and prints the tool's own summary (sessions/s, MB/s) and its peak memory (maximum resident set size).
#   scripts/bench-copy.sh            (SESSIONS=2000 LARGE=10 PAGE_SIZE=100 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cosmos-local.sh
source scripts/cosmos-local.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
SESSIONS="${SESSIONS:-2000}"
LARGE="${LARGE:-10}"
PAGE_SIZE="${PAGE_SIZE:-100}"
ACCOUNT=le12345678
KEY=bench-key-0123456789
WORK="$(mktemp -d -t bench-copy.XXXXXX)"
PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  stop_cosmos_local
  rm -rf "$WORK"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

start_cosmos_local
echo "==> building ContextServer and ContextAdmin (Release)"
dotnet build src/ContextServer/ContextServer.csproj -c Release --nologo --verbosity quiet >/dev/null
dotnet build src/ContextAdmin/ContextAdmin.csproj -c Release --nologo --verbosity quiet >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
start_server() { # container port
  env Cosmos__Container="$1" Cosmos__CreateIfNotExists=true Cosmos__AcceptEmulatorCertificate=true "ApiKeys__$ACCOUNT=$KEY" \
    Sweeper__Enabled=false Logging__LogLevel__Default=Warning Logging__LogLevel__ContextServer.RequestLogging=Warning \
    dotnet src/ContextServer/bin/Release/net10.0/ContextServer.dll --contentRoot "$PWD/src/ContextServer" --urls "http://127.0.0.1:$2" >"$WORK/server-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -fs -o /dev/null -H "maven-api-key: $KEY" "http://127.0.0.1:$2/v1/account/$ACCOUNT" && return 0; sleep 0.2; done
  echo "error: the server on port $2 did not start" >&2; cat "$WORK/server-$1.log" >&2; return 1
}
SOURCE_PORT="$(free_port)"; start_server "bench-source-$$" "$SOURCE_PORT"
TARGET_PORT="$(free_port)"; start_server "bench-target-$$" "$TARGET_PORT"
SOURCE="http://127.0.0.1:$SOURCE_PORT"; TARGET="http://127.0.0.1:$TARGET_PORT"

echo "==> seeding the source: $SESSIONS sessions of ~4 KB and $LARGE of ~700 KB"
python3 - "$WORK" "$LARGE" <<'PY'
import json, sys
work, large = sys.argv[1], int(sys.argv[2])
small = {"intent": "billing", "total": 12345678901234567890, "price": 1.50, "customer": "Zoë 東京 🚀",
         "turns": [{"t": i, "text": "x" * 40} for i in range(60)]}
open(f"{work}/small.json", "w").write(json.dumps(small, ensure_ascii=False))
open(f"{work}/large.json", "w").write(json.dumps({"transcript": "y" * 700_000}))
PY
curl -fs -X POST "$SOURCE/v1/account/$ACCOUNT?ttlSecond=86400" -H "maven-api-key: $KEY" -H 'Content-Type: application/json' -d '{"name":"bench"}'
seq 1 "$SESSIONS" | xargs -P 8 -I{} curl -fs -X PATCH "$SOURCE/v1/account/$ACCOUNT/bench/conv-{}/properties" \
  -H "maven-api-key: $KEY" -H 'Content-Type: application/json' --data-binary "@$WORK/small.json"
seq 1 "$LARGE" | xargs -P 2 -I{} curl -fs -X PATCH "$SOURCE/v1/account/$ACCOUNT/bench/large-{}/properties" \
  -H "maven-api-key: $KEY" -H 'Content-Type: application/json' --data-binary "@$WORK/large.json"

echo "==> ContextAdmin copy --from $SOURCE --to $TARGET --account $ACCOUNT --rate 0 --page-size $PAGE_SIZE --verify"
/usr/bin/time -v dotnet src/ContextAdmin/bin/Release/net10.0/ContextAdmin.dll copy --from "$SOURCE" --from-key "$KEY" --to "$TARGET" --to-key "$KEY" \
  --account "$ACCOUNT" --rate 0 --page-size "$PAGE_SIZE" --verify 2>"$WORK/copy.log" || { cat "$WORK/copy.log" >&2; exit 1; }
grep -E '^(copied|verify: 0|verify: [0-9]+ differences)' "$WORK/copy.log"
echo "peak memory of the tool (maximum resident set size): $(awk -F': ' '/Maximum resident set size/ {printf "%.1f MB", $2/1024}' "$WORK/copy.log")"
