#!/usr/bin/env bash
# Compiles and lints infra/main.bicep (and every module it uses) with the Bicep CLI, obtained from
# NuGet (package Azure.Bicep.CommandLine.<rid>, restored through tools/bicep/bicep.proj) since
# there may be no `az` and no internet but a package registry. Fails on any error or warning.
# Prints "SKIPPED: bicep — <reason>" and exits 0 only when the compiler cannot be obtained.
# Leaves the compiled ARM template in artifacts/bicep/main.json (git-ignored), which the repository
# test tests/Repository.StaticTests/Deployment/CompiledTemplateTests.cs reads; scripts/test.sh runs this
# script before `dotnet test`, and that test runs it itself when the template is missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

skip() { echo "SKIPPED: bicep — $1"; exit 0; }

proj=tools/bicep/bicep.proj
version="$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' "$proj")"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)
    if [ -e /etc/alpine-release ]; then rid=linux-musl-x64; else rid=linux-x64; fi ;;
  Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *) skip "no Bicep CLI package for $(uname -s) $(uname -m)" ;;
esac

command -v dotnet >/dev/null 2>&1 || skip "dotnet is not installed, so the NuGet package Azure.Bicep.CommandLine.$rid cannot be restored"

work="$(mktemp -d -t bicep-build.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "==> Bicep CLI $version (NuGet Azure.Bicep.CommandLine.$rid)"
if ! dotnet restore "$proj" -p:BicepRid="$rid" >"$work/restore.log" 2>&1; then
  if grep -qE 'NU1101|NU1102|NU1103|NU1301|NU1801' "$work/restore.log"; then
    grep -m 3 -E 'NU1101|NU1102|NU1103|NU1301|NU1801' "$work/restore.log" | sed 's/^ */    /' || true
    skip "NuGet package Azure.Bicep.CommandLine.$rid $version cannot be obtained from the configured NuGet sources"
  fi
  cat "$work/restore.log" >&2
  echo "FAILED: restoring $proj failed for another reason than an unavailable package" >&2
  exit 1
fi

packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
bicep="${packages%/}/azure.bicep.commandline.$rid/$version/tools/bicep"
if [ ! -f "$bicep" ]; then
  echo "FAILED: restore succeeded but $bicep is missing" >&2
  exit 1
fi
if [ ! -x "$bicep" ]; then
  # Some NuGet extractions drop the executable bit: run a private copy.
  cp "$bicep" "$work/bicep"
  chmod +x "$work/bicep"
  bicep="$work/bicep"
fi
"$bicep" --version

status=0
run() {
  # Runs a bicep command; any diagnostic (error or warning) it prints fails the check.
  local out
  echo "==> bicep $*"
  if ! out="$("$bicep" "$@" 2>&1)"; then
    printf '%s\n' "$out" >&2
    status=1
  elif [ -n "$out" ]; then
    printf '%s\n' "$out" >&2
    echo "FAILED: bicep $1 reported warnings" >&2
    status=1
  fi
}
mkdir -p artifacts/bicep
rm -f artifacts/bicep/main.json
run build infra/main.bicep --outfile "$work/main.json"
run lint infra/main.bicep

if [ "$status" -ne 0 ]; then
  echo "FAILED: bicep" >&2
  exit "$status"
fi
mv "$work/main.json" artifacts/bicep/main.json
echo "built: infra/main.bicep (ARM template artifacts/bicep/main.json, $(wc -c <artifacts/bicep/main.json) bytes, no warnings)"
