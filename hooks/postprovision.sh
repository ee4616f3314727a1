#!/bin/sh
# azd postprovision hook (POSIX). After `azd provision` / `azd up`:
#  1. writes local.settings.json (repository root, where the Functions project reads it) so that a
#     local run (`func start`) uses the provisioned Cosmos DB account and Key Vault with your own
#     Microsoft Entra ID sign-in
#     (infra grants the deploying user Cosmos DB Data Contributor and Key Vault Secrets Officer);
#  2. when the azd environment value CONTEXT_FIRST_ACCOUNT is set, creates the first API key of
#     that LivePerson account in the vault, once per account and vault.
set -eu

repo_root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$repo_root"

# --- read the azd environment (KEY="value" lines); no eval of its content --------------------
env_file=$(mktemp)
trap 'rm -f "$env_file" "$env_file.json"' EXIT
azd env get-values > "$env_file"

env_value() {
    # Prints the value of azd environment key $1, or nothing.
    sed -n "s/^$1=\(.*\)\$/\1/p" "$env_file" | tail -n 1 | sed 's/^"\(.*\)"$/\1/; s/\\"/"/g; s/\\\\/\\/g'
}

COSMOS_ENDPOINT=$(env_value COSMOS_ENDPOINT)
COSMOS_DATABASE=$(env_value COSMOS_DATABASE)
COSMOS_CONTAINER=$(env_value COSMOS_CONTAINER)
KEY_VAULT_URI=$(env_value KEY_VAULT_URI)
CONTEXT_FIRST_ACCOUNT=$(env_value CONTEXT_FIRST_ACCOUNT)
CONTEXT_FIRST_KEY_CREATED=$(env_value CONTEXT_FIRST_KEY_CREATED)
CLEANUP_SCHEDULE=$(env_value CONTEXT_CLEANUP_SCHEDULE)
: "${CLEANUP_SCHEDULE:=0 */5 * * * *}"

for name in COSMOS_ENDPOINT COSMOS_DATABASE COSMOS_CONTAINER KEY_VAULT_URI; do
    eval "value=\${$name}"
    if [ -z "$value" ]; then
        echo "postprovision: azd environment has no $name; was infra/main.bicep provisioned?" >&2
        exit 1
    fi
done

# --- 1. local.settings.json -----------------------------------------------------------------
settings=local.settings.json

if command -v jq >/dev/null 2>&1; then
    # Merge into what is there (or the sample), keeping the developer's other values.
    if [ -f "$settings" ]; then base=$settings
    elif [ -f local.settings.sample.json ]; then base=local.settings.sample.json
    else base=; fi
    { if [ -n "$base" ]; then cat "$base"; else echo '{}'; fi; } |
    jq --arg endpoint "$COSMOS_ENDPOINT" --arg database "$COSMOS_DATABASE" \
       --arg container "$COSMOS_CONTAINER" --arg vault "$KEY_VAULT_URI" --arg schedule "$CLEANUP_SCHEDULE" '
        .IsEncrypted = false
        | .Values = ((.Values // {})
            # Emulator-only settings: Azure accepts Entra ID only, and infra creates the container.
            | del(.Cosmos__Key, .Cosmos__CreateIfNotExists, .Cosmos__AcceptEmulatorCertificate,
                  .Cosmos__ManagedIdentityClientId, .KeyVault__ManagedIdentityClientId)
            | .AzureWebJobsStorage //= "UseDevelopmentStorage=true"
            | .FUNCTIONS_WORKER_RUNTIME = "dotnet-isolated"
            | .Cosmos__Endpoint = $endpoint
            | .Cosmos__Database = $database
            | .Cosmos__Container = $container
            | .KeyVault__Uri = $vault
            | .CleanupSchedule //= $schedule)' > "$env_file.json"
    mv "$env_file.json" "$settings"
else
    # No jq: write the file whole, keeping the previous one beside it.
    json_string() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
    if [ -f "$settings" ]; then
        mkdir -p .azure   # git-ignored, unlike a .bak beside the settings
        cp "$settings" .azure/local.settings.json.bak
        echo "postprovision: jq not found; previous $settings saved as .azure/local.settings.json.bak"
    fi
    cat > "$settings" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "AzureWebJobsStorage": "UseDevelopmentStorage=true",
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "Cosmos__Endpoint": "$(json_string "$COSMOS_ENDPOINT")",
    "Cosmos__Database": "$(json_string "$COSMOS_DATABASE")",
    "Cosmos__Container": "$(json_string "$COSMOS_CONTAINER")",
    "KeyVault__Uri": "$(json_string "$KEY_VAULT_URI")",
    "CleanupSchedule": "$(json_string "$CLEANUP_SCHEDULE")"
  }
}
JSON
fi
echo "postprovision: wrote $settings (Cosmos DB $COSMOS_ENDPOINT, Key Vault $KEY_VAULT_URI)"

# --- 2. first API key -------------------------------------------------------------------------
if [ -z "$CONTEXT_FIRST_ACCOUNT" ]; then
    exit 0
fi
marker="$CONTEXT_FIRST_ACCOUNT@$KEY_VAULT_URI"
if [ "$CONTEXT_FIRST_KEY_CREATED" = "$marker" ]; then
    echo "postprovision: the API key of account $CONTEXT_FIRST_ACCOUNT already exists in $KEY_VAULT_URI; not regenerating it."
    exit 0
fi

# The Key Vault Secrets Officer role of the deploying user was just assigned and can take a few
# minutes to take effect, so a refusal is retried.
attempt=1
while :; do
    status=0
    dotnet run --project src/ContextKeys -- --vault "$KEY_VAULT_URI" --account "$CONTEXT_FIRST_ACCOUNT" || status=$?
    if [ "$status" -eq 0 ]; then
        azd env set CONTEXT_FIRST_KEY_CREATED "$marker"
        exit 0
    fi
    # Exit code 2: bad arguments (e.g. an invalid account id), which no retry mends.
    if [ "$status" -eq 2 ] || [ "$attempt" -ge 5 ]; then
        echo "postprovision: could not create the API key of account $CONTEXT_FIRST_ACCOUNT." >&2
        echo "  The resources are provisioned. Retry with: azd hooks run postprovision" >&2
        echo "  or: dotnet run --project src/ContextKeys -- --vault $KEY_VAULT_URI --account $CONTEXT_FIRST_ACCOUNT" >&2
        exit 1
    fi
    echo "postprovision: attempt $attempt failed (role assignments can take minutes to apply); retrying in 30 s"
    attempt=$((attempt + 1))
    sleep 30
done
