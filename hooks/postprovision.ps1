#!/usr/bin/env pwsh
# azd postprovision hook (azure.yaml), on Windows: builds and runs `context-admin azd postprovision` from this checkout, which
# writes local.settings.json and creates the first account's API key, create-only (src/ContextAdmin/Azd/PostprovisionSteps.cs).
# Only that command line is here, with its exit code passed through: hooks/postprovision.sh runs the same one
# (HookShimTests compares them), and the hook's behaviour is tested once, in tests/ContextAdmin.UnitTests/Azd.
# The arguments are an array so that PowerShell passes '--' on to dotnet as it is; Stop makes a missing dotnet fail
# the hook instead of passing it.
$ErrorActionPreference = 'Stop'
Set-Location (Split-Path -Parent $PSScriptRoot)
$arguments = @('run', '--project', 'src/ContextAdmin', '-c', 'Release', '--', 'azd', 'postprovision')
& dotnet @arguments
exit $LASTEXITCODE
