#!/usr/bin/env bash
# The benchmark of issue 6 in one run: starts the local Cosmos server (or uses Cosmos__Endpoint/Cosmos__Key
# when set, e.g. the official emulator), hosts ContextServer in-process on loopback, and measures the API
# against the raw Cosmos SDK, Cosmos requests per endpoint, the expired-session sweep (10,000 and 100,000 expired
# sessions) and N3 of a namespace of 100,000 sessions (its answer time and the removal after it). Prints a table and
# writes JSON (default bench/results/bench-results.json). Stops what it started, also on failure.
#   scripts/bench.sh [--concurrency 16] [--duration 10s] [--warmup 2s] [--rounds 5] [--cosmos-latency 1ms] [--out file.json]
#                    [--only throughput,single,cosmos-away,hot-session,costs,sweeper,n3,functions]
# With --only and no "functions" in its list, the Functions app is neither published nor run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cosmos-local.sh
source scripts/cosmos-local.sh
trap stop_cosmos_local EXIT
trap 'exit 130' INT TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The Functions app, published as azd deploys it and with ReadyToRun, for its cold starts and its load under the
# test suite's host emulator (the first build named is the one as shipped).
functions_out="$PWD/artifacts/bench"
functions=true
previous=""
for arg in "$@"; do
  if [ "$previous" = "--only" ] && [[ ",$arg," != *",functions,"* ]]; then
    functions=false
  fi
  previous="$arg"
done

if [ "$functions" = false ]; then
  start_cosmos_local
  echo "==> dotnet run -c Release --project bench/ContextBench -- $*"
  dotnet run -c Release --project bench/ContextBench -- "$@"
  exit 0
fi

echo "==> dotnet publish src/ContextFunctions (without ReadyToRun as before, and with ReadyToRun as shipped)"
dotnet publish src/ContextFunctions -c Release -o "$functions_out/functions-before" -p:PublishReadyToRun=false >/dev/null
dotnet publish src/ContextFunctions -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$functions_out/functions-r2r" >/dev/null

start_cosmos_local

echo "==> dotnet run -c Release --project bench/ContextBench -- $*"
dotnet run -c Release --project bench/ContextBench -- \
  --functions-build "without ReadyToRun (before)=$functions_out/functions-before" \
  --functions-build "ReadyToRun (as shipped)=$functions_out/functions-r2r" "$@"
