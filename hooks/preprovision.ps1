#!/usr/bin/env pwsh
# azd preprovision hook (azure.yaml), on Windows: builds and runs `context-admin azd preprovision` from this checkout, which
# refuses azd values the deployment would refuse and the changes Azure cannot make to an existing region
# (src/ContextAdmin/Azd/PreprovisionCheck.cs).
# Only that command line is here, with its exit code passed through: hooks/preprovision.sh runs the same one
# (HookShimTests compares them), and the hook's behaviour is tested once, in tests/ContextAdmin.UnitTests/Azd.
# The arguments are an array so that PowerShell passes '--' on to dotnet as it is; Stop makes a missing dotnet fail
# the hook instead of passing it.
$ErrorActionPreference = 'Stop'
Set-Location (Split-Path -Parent $PSScriptRoot)
$arguments = @('run', '--project', 'src/ContextAdmin', '-c', 'Release', '--', 'azd', 'preprovision')
& dotnet @arguments
exit $LASTEXITCODE
