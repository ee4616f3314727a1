#!/bin/sh
# azd postprovision hook (POSIX). After `azd provision` / `azd up`:
#  1. writes local.settings.json (repository root, where the Functions project reads it) so that a
#     local run (`func start`) uses the provisioned Cosmos DB account and Key Vault with your own
#     Microsoft Entra ID sign-in
#     (infra grants the deploying user Cosmos DB Data Contributor and Key Vault Secrets Officer);
#  2. when the azd environment value CONTEXT_FIRST_ACCOUNT is set, makes sure that LivePerson
#     account has an API key in the vault: `ContextAdmin --if-absent` creates one only when the
#     account's secret has no enabled version, so no `azd up`, from any machine, ever rotates a key.
# Creating the key never fails the deployment: a refusal (the deploying user's new Key Vault role can
# take minutes to apply) is retried for up to 10 minutes with a countdown; after that, the hook
# prints the command to run later and exits 0, so `azd up` goes on to deploy the app.
# Test knobs: CONTEXT_KEY_RETRY_SECONDS (retry budget, default 600), CONTEXT_KEY_RETRY_INTERVAL_SECONDS
# (pause between attempts, default 30).
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
            # The sweep schedule: the value already there stays, also one under the old name CleanupSchedule,
            # which the app no longer reads (no apostrophes here: this filter is a single-quoted shell word).
            | .Sweeper__Schedule //= (.CleanupSchedule // $schedule)
            | del(.CleanupSchedule))' > "$env_file.json"
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
    "Sweeper__Schedule": "$(json_string "$CLEANUP_SCHEDULE")"
  }
}
JSON
fi
echo "postprovision: wrote $settings (Cosmos DB $COSMOS_ENDPOINT, Key Vault $KEY_VAULT_URI)"

# --- 2. first API key (create-only) ------------------------------------------------------------
if [ -z "$CONTEXT_FIRST_ACCOUNT" ]; then
    exit 0
fi

# Two settings under which this machine cannot write to the vault, so the hook does not try (and wait 10 minutes):
# the private network (the vault refuses public traffic) and no data access for the deploying principal.
private_network=$(env_value CONTEXT_PRIVATE_NETWORK | tr 'A-Z' 'a-z')
deployer_data_access=$(env_value CONTEXT_DEPLOYER_DATA_ACCESS | tr 'A-Z' 'a-z')
if [ "$private_network" = true ] || [ "$deployer_data_access" = false ]; then
    if [ "$private_network" = true ]; then
        why="CONTEXT_PRIVATE_NETWORK is true: the vault accepts only traffic from its private endpoint"
    else
        why="CONTEXT_DEPLOYER_DATA_ACCESS is false: the deploying principal holds no Key Vault role"
    fi
    echo "postprovision: the API key of account $CONTEXT_FIRST_ACCOUNT is not created from this machine: $why." >&2
    echo "  Create it from a machine that may write secrets to the vault (see infra/README.md, \"Private network\"):" >&2
    echo "    dotnet run --project src/ContextAdmin -- --vault $KEY_VAULT_URI --account $CONTEXT_FIRST_ACCOUNT --if-absent" >&2
    exit 0
fi

whole_seconds() {
    # Prints $1 when it is a whole number of seconds, else $2.
    case "$1" in
        '' | *[!0-9]*) echo "$2" ;;
        *) echo "$1" ;;
    esac
}
retry_budget=$(whole_seconds "${CONTEXT_KEY_RETRY_SECONDS:-}" 600)
retry_interval=$(whole_seconds "${CONTEXT_KEY_RETRY_INTERVAL_SECONDS:-}" 30)
[ "$retry_interval" -gt 0 ] || retry_interval=1

later_command="dotnet run --project src/ContextAdmin -- --vault $KEY_VAULT_URI --account $CONTEXT_FIRST_ACCOUNT --if-absent"
give_up() {
    # Never fails the deployment: says what happened and what to run later, then lets azd deploy.
    echo "postprovision: WARNING: the API key of account $CONTEXT_FIRST_ACCOUNT was not created: $1" >&2
    echo "  The resources are provisioned and azd goes on to deploy the app. Create the key later with:" >&2
    echo "    $later_command" >&2
    echo "  (or: azd hooks run postprovision). Either leaves an existing key alone." >&2
    exit 0
}
minutes_seconds() { echo "$(($1 / 60)) min $(($1 % 60)) s"; }

if ! dotnet build src/ContextAdmin --nologo --verbosity quiet; then
    give_up "src/ContextAdmin does not build here"
fi

started=$(date +%s)
attempt=1
while :; do
    status=0
    dotnet run --no-build --project src/ContextAdmin -- --vault "$KEY_VAULT_URI" --account "$CONTEXT_FIRST_ACCOUNT" --if-absent || status=$?
    if [ "$status" -eq 0 ]; then
        exit 0
    fi
    # Exit code 2: bad arguments (e.g. an invalid account id), which no retry mends.
    if [ "$status" -eq 2 ]; then
        give_up "ContextAdmin refused the arguments (is CONTEXT_FIRST_ACCOUNT a valid account id?)"
    fi
    left=$((retry_budget - ($(date +%s) - started)))
    if [ "$left" -le 0 ]; then
        give_up "Key Vault still refused after $attempt attempts over $(minutes_seconds "$retry_budget")"
    fi
    pause=$retry_interval
    if [ "$pause" -gt "$left" ]; then pause=$left; fi
    echo "postprovision: attempt $attempt failed (a new Key Vault role can take minutes to apply);" \
        "retrying in $pause s, giving up in $(minutes_seconds "$left")"
    sleep "$pause"
    attempt=$((attempt + 1))
done
