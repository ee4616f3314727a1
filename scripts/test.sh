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

echo "==> cosmos-local's own tests (node --test in tools/cosmos-local)"
cosmos_local_log="$(mktemp -t cosmos-local-test.XXXXXX)"
set +e
npm test --prefix tools/cosmos-local --silent 2>&1 | tee "$cosmos_local_log"
cosmos_local_status=${PIPESTATUS[0]}
set -e

echo
# Before dotnet test, so that the compiled ARM template (artifacts/bicep/main.json) is there for the repository
# tests in tests/Repository.StaticTests/Deployment (which also compile it themselves when it is missing).
echo "==> infrastructure (bicep build and lint of infra/main.bicep)"
bash scripts/bicep-build.sh
echo

log="$(mktemp -t contextfunctions-test.XXXXXX)"
# ContextFunctions.Local.slnf includes the Azure Functions app: a restore or build failure of it fails this run, and
# tests/ContextFunctions.EndToEndTests starts its build output under the test suite's Functions host emulator.
echo "==> dotnet test (ContextFunctions.Local.slnf: everything, the Azure Functions app included)"
set +e
dotnet test ContextFunctions.Local.slnf --configuration Release --logger "console;verbosity=normal" >"$log" 2>&1
status=$?
set -e
# Every test's own line is in the log; show the rest (build output, failures, per-project totals).
grep -vE '^\s+Passed ' "$log" || true

echo
echo "==> samples (scripts/samples-test.sh: the LivePerson Function sample against ContextServer)"
bash scripts/samples-test.sh

echo
# The code style the build does not check (import order, whitespace): .editorconfig, as `dotnet format` applies it.
echo "==> dotnet format --verify-no-changes (fix with: dotnet format ContextFunctions.sln)"
set +e
dotnet format ContextFunctions.sln --verify-no-changes --no-restore
format_status=$?
set -e

sum() { { grep -Eo "$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
echo
echo "dotnet: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
node_count() { local n; n=$(sed -n "s/^ℹ $1 \([0-9]*\)$/\1/p" "$cosmos_local_log" | head -n 1); echo "${n:-0}"; }
echo "cosmos-local (node --test): $(node_count pass) passed, $(node_count fail) failed"
echo "total: $(( $(sum Passed) + $(node_count pass) )) passed, $(( $(sum Failed) + $(node_count fail) )) failed, $(sum Skipped) skipped"
if [ "$cosmos_local_status" -ne 0 ]; then
  echo "FAILED: the tests of tools/cosmos-local exited with $cosmos_local_status" >&2
fi
if [ "$format_status" -ne 0 ]; then
  echo "FAILED: dotnet format found code not formatted as .editorconfig says (run: dotnet format ContextFunctions.sln)" >&2
fi
if [ "$status" -ne 0 ]; then
  echo "FAILED: dotnet test exited with $status (full log: $log)" >&2
  exit "$status"
fi
[ "$format_status" -eq 0 ] || exit "$format_status"
[ "$cosmos_local_status" -eq 0 ] || exit "$cosmos_local_status"
