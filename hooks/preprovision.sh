#!/bin/sh
# azd preprovision hook (azure.yaml): builds and runs `context-admin azd preprovision` from this checkout, which
# refuses azd values the deployment would refuse and the changes Azure cannot make to an existing region
# (src/ContextAdmin/Azd/PreprovisionCheck.cs).
# Only that command line is here, with its exit code passed through: hooks/preprovision.ps1 runs the same one
# (HookShimTests compares them), and the hook's behaviour is tested once, in tests/ContextAdmin.UnitTests/Azd.
set -e
cd "$(dirname "$0")/.."
exec dotnet run --project src/ContextAdmin -c Release -- azd preprovision
