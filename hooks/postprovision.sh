#!/bin/sh
# azd postprovision hook (azure.yaml): builds and runs `context-admin azd postprovision` from this checkout, which
# writes local.settings.json and creates the first account's API key, create-only (src/ContextAdmin/Azd/PostprovisionSteps.cs).
# Only that command line is here, with its exit code passed through: hooks/postprovision.ps1 runs the same one
# (HookShimTests compares them), and the hook's behaviour is tested once, in tests/ContextAdmin.UnitTests/Azd.
set -e
cd "$(dirname "$0")/.."
exec dotnet run --project src/ContextAdmin -c Release -- azd postprovision
