#!/usr/bin/env bash
# The whole test suite on a fresh clone: installs what it needs, starts the local Cosmos server
# (or uses Cosmos__Endpoint/Cosmos__Key when set, e.g. the official emulator), builds and tests
# everything that can be built here, and stops what it started, also when tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cosmos-local.sh
source scripts/cosmos-local.sh
trap stop_cosmos_local EXIT
trap 'exit 130' INT TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

start_cosmos_local

# First, so that the compiled ARM template (artifacts/bicep/main.json) is there for the repository
# tests in tests/ContextServer.Tests/Deployment (which also compile it themselves when it is missing).
echo "==> infrastructure (bicep build and lint of infra/main.bicep)"
bash scripts/bicep-build.sh
echo

log="$(mktemp -t contextfunctions-test.XXXXXX)"
echo "==> dotnet test (ContextFunctions.Local.slnf: everything but the Azure Functions app)"
set +e
dotnet test ContextFunctions.Local.slnf --configuration Release --logger "console;verbosity=normal" >"$log" 2>&1
status=$?
set -e
# Every test's own line is in the log; show the rest (build output, failures, per-project totals).
grep -vE '^\s+Passed ' "$log" || true

echo
echo "==> Azure Functions app (ContextFunctions.Azure.slnf)"
functions_log="$(mktemp -t contextfunctions-functions.XXXXXX)"
if dotnet restore ContextFunctions.Azure.slnf >"$functions_log" 2>&1; then
  if ! dotnet build ContextFunctions.Azure.slnf --configuration Release --no-restore >>"$functions_log" 2>&1; then
    cat "$functions_log" >&2
    echo "FAILED: the Azure Functions app does not build" >&2
    exit 1
  fi
  echo "built: ContextFunctions"
elif grep -q 'Microsoft\.Azure\.Functions\.Worker' "$functions_log"; then
  echo "SKIPPED: ContextFunctions — Microsoft.Azure.Functions.Worker packages are not available from the configured NuGet source"
  grep -m 3 -E 'error NU1(101|102)' "$functions_log" | sed 's/^ */    /' || true
else
  cat "$functions_log" >&2
  echo "FAILED: restoring the Azure Functions app failed for another reason than missing Functions packages" >&2
  exit 1
fi


echo
echo "==> samples (scripts/samples-test.sh: the LivePerson Function sample against ContextServer)"
bash scripts/samples-test.sh

sum() { { grep -Eo "$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
echo
echo "dotnet: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
if [ "$status" -ne 0 ]; then
  echo "FAILED: dotnet test exited with $status (full log: $log)" >&2
  exit "$status"
fi
