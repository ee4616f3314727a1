#!/usr/bin/env bash
# Runs the Context API locally on http://localhost:7071 (the port `func start` uses) until Ctrl-C:
# starts the local Cosmos server (or uses Cosmos__Endpoint/Cosmos__Key when set), makes sure a
# development API key exists, serves ContextServer, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cosmos-local.sh
source scripts/cosmos-local.sh
trap stop_cosmos_local EXIT
trap 'exit 130' INT TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
PORT="${PORT:-7071}"
ACCOUNT="${CONTEXT_DEMO_ACCOUNT:-le12345678}"
KEY_FILE=".local/dev-api-key-$ACCOUNT"

if ! env | grep -q '^ApiKeys__'; then
  if [ ! -s "$KEY_FILE" ]; then
    mkdir -p .local
    # 32 random bytes, base64url: the same shape as the keys ContextAdmin issues.
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$KEY_FILE"
    chmod 600 "$KEY_FILE"
    echo "==> created a development API key for account $ACCOUNT in $KEY_FILE"
  fi
  export "ApiKeys__$ACCOUNT=$(cat "$KEY_FILE")"
  DEMO_KEY="$(cat "$KEY_FILE")"
else
  DEMO_KEY="$(env | sed -n "s/^ApiKeys__$ACCOUNT=//p")"
fi

start_cosmos_local
export Cosmos__CreateIfNotExists="${Cosmos__CreateIfNotExists:-true}"
export Cosmos__AcceptEmulatorCertificate="${Cosmos__AcceptEmulatorCertificate:-true}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

echo "==> building ContextServer"
dotnet build src/ContextServer/ContextServer.csproj --configuration Release --nologo --verbosity quiet

cat <<INFO

  Context API:  http://localhost:$PORT/v1/account/$ACCOUNT
  Account:      $ACCOUNT
  API key:      ${DEMO_KEY:-(set ApiKeys__$ACCOUNT)}

  Try it:
    curl -i -X PATCH http://localhost:$PORT/v1/account/$ACCOUNT/bots/conv-1/properties \\
         -H 'maven-api-key: ${DEMO_KEY:-<key>}' -H 'Content-Type: application/json' -d '{"intent":"billing"}'
    curl -s http://localhost:$PORT/v1/account/$ACCOUNT/bots/conv-1/properties -H 'maven-api-key: ${DEMO_KEY:-<key>}'

  Data lives in the local Cosmos server's memory and is gone when this stops. Ctrl-C to stop.

INFO

# In the background and waited for, so that Ctrl-C or a TERM stops the server before the Cosmos server.
dotnet src/ContextServer/bin/Release/net10.0/ContextServer.dll --contentRoot "$PWD/src/ContextServer" --urls "http://localhost:$PORT" &
SERVER_PID=$!
stop_all() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  stop_cosmos_local
}
trap stop_all EXIT
trap 'exit 130' INT TERM
wait "$SERVER_PID"
