#!/usr/bin/env bash
# The samples' tests: starts the local Cosmos server (or uses Cosmos__Endpoint/Cosmos__Key when set),
# builds and starts ContextServer on a free loopback port with a throw-away API key, runs the
# LivePerson Function sample's Node tests against it, and stops both on exit, also when tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cosmos-local.sh
source scripts/cosmos-local.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SERVER_PID=""
SERVER_LOG="$(mktemp -t contextserver-samples.XXXXXX)"
stop_all() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    echo "==> stopped ContextServer (pid $SERVER_PID)"
  fi
  SERVER_PID=""
  stop_cosmos_local
}
trap stop_all EXIT
trap 'exit 130' INT TERM

command -v node >/dev/null || { echo "error: Node.js 20+ is needed for the samples' tests" >&2; exit 1; }

start_cosmos_local

echo "==> building ContextServer"
dotnet build src/ContextServer/ContextServer.csproj --configuration Release --nologo --verbosity quiet

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')"
account="le-samples-$$"
key="samples-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
base_url="http://127.0.0.1:$port"

echo "==> starting ContextServer on $base_url (account $account)"
env "ApiKeys__$account=$key" \
  Cosmos__CreateIfNotExists=true \
  Cosmos__AcceptEmulatorCertificate="${Cosmos__AcceptEmulatorCertificate:-true}" \
  Cosmos__Container="samples-$$-$(date +%s)" \
  Sweeper__Enabled=false \
  ASPNETCORE_ENVIRONMENT=Development \
  dotnet src/ContextServer/bin/Release/net10.0/ContextServer.dll \
    --contentRoot "$PWD/src/ContextServer" --urls "$base_url" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

# Ready when the API answers: 403 for a request without a key means routing, the key store and the app are up;
# the OpenAPI document needs no Cosmos, so ask for the namespaces with the key (which reads Cosmos) too.
ready=""
for _ in $(seq 1 300); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    break
  fi
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "maven-api-key: $key" "$base_url/v1/account/$account" || true)"
  if [ "$status" = "200" ]; then
    ready=yes
    break
  fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "error: ContextServer did not become ready on $base_url; its output:" >&2
  cat "$SERVER_LOG" >&2
  exit 1
fi
echo "==> ContextServer ready (pid $SERVER_PID)"

echo "==> node --test samples/liveperson-function/test/"
set +e
CONTEXT_BASE_URL="$base_url" CONTEXT_ACCOUNT_ID="$account" CONTEXT_API_KEY="$key" \
  node --test --test-reporter=spec samples/liveperson-function/test/
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "FAILED: the samples' Node tests (ContextServer log: $SERVER_LOG)" >&2
  exit "$status"
fi
