#!/bin/sh
# azd preprovision hook (POSIX). Before `azd provision` / `azd up` changes anything, compares the region's
# existing resources (resource group rg-<environment>) with the azd values, and refuses, with what to do instead,
# the changes Azure cannot make in place and would refuse only halfway through a deployment:
#  - COSMOS_THROUGHPUT_MODE against the Cosmos DB account's capacity mode. Serverless -> provisioned is a one-way
#    migration that Azure runs outside a deployment; provisioned -> serverless does not exist.
#  - COSMOS_THROUGHPUT_MODE=autoscale against a container left with manual throughput (as that migration leaves it).
#  - CONTEXT_ZONE_REDUNDANT against the Cosmos DB account's zone redundancy (set only when an account is created)
#    and the storage account's redundancy (LRS <-> ZRS is a conversion Azure runs outside a deployment).
# It also refuses a CONTEXT_ALERT_EMAIL that is not a list of e-mail addresses and a CONTEXT_LOG_DAILY_CAP_GB that is not
# a whole number from 0 to 1000, whatever the region, and says when no alert address is set.
# A new region (no resource group yet) passes. Without the Azure CLI, or signed out of it, the hook says that it
# could not check and passes: Azure then refuses such a change itself, during the deployment.
set -eu

env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
azd env get-values > "$env_file"

env_value() {
    # Prints the value of azd environment key $1, or nothing.
    sed -n "s/^$1=\(.*\)\$/\1/p" "$env_file" | tail -n 1 | sed 's/^"\(.*\)"$/\1/; s/\\"/"/g; s/\\\\/\\/g'
}

environment_name=$(env_value AZURE_ENV_NAME)
subscription=$(env_value AZURE_SUBSCRIPTION_ID)
mode=$(env_value COSMOS_THROUGHPUT_MODE)
: "${mode:=serverless}"
zone_redundant=$(env_value CONTEXT_ZONE_REDUNDANT | tr 'A-Z' 'a-z')
: "${zone_redundant:=false}"
max_ru=$(env_value COSMOS_AUTOSCALE_MAX_RU)
: "${max_ru:=1000}"
resource_group="rg-$environment_name"
database=context
container=sessions

# --- values checked first, with or without the Azure CLI ------------------------------------------------------------
# The template refuses them too (fail(), @minValue/@maxValue), but only once azd has resolved the parameters: here
# the message names the azd value and says what it accepts.
value_refusals=0
refuse_value() {
    echo "preprovision: REFUSED: $1" >&2
    value_refusals=$((value_refusals + 1))
}
alert_email=$(env_value CONTEXT_ALERT_EMAIL)
log_cap=$(env_value CONTEXT_LOG_DAILY_CAP_GB)
if [ -n "$alert_email" ]; then
    old_ifs=$IFS
    IFS=,
    set -f
    for address in $alert_email; do
        address=$(printf '%s' "$address" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
        [ -z "$address" ] && continue
        if ! printf '%s\n' "$address" | grep -Eq '^[^@[:space:]]+@[^@[:space:].][^@[:space:]]*\.[^@[:space:]]*[^@[:space:].]$'; then
            refuse_value "CONTEXT_ALERT_EMAIL: \"$address\" is not an e-mail address such as ops@example.com (separate several with commas)."
        fi
    done
    set +f
    IFS=$old_ifs
else
    echo "preprovision: CONTEXT_ALERT_EMAIL is not set: the alerts fire in Azure Monitor but notify nobody (azd env set CONTEXT_ALERT_EMAIL ops@example.com)."
fi
if [ -n "$log_cap" ]; then
    case "$log_cap" in
        *[!0-9]*) cap_ok=false ;;
        *)
            # Without leading zeros, and at most 4 digits before comparing: test(1) fails on numbers it cannot hold.
            cap_digits=$(printf '%s' "$log_cap" | sed 's/^0*//')
            if [ "${#cap_digits}" -le 4 ] && [ "${cap_digits:-0}" -le 1000 ]; then cap_ok=true; else cap_ok=false; fi ;;
    esac
    if [ "$cap_ok" != true ]; then
        refuse_value "CONTEXT_LOG_DAILY_CAP_GB is \"$log_cap\": a whole number of GB from 0 (no cap) to 1000."
    fi
fi
if [ "$value_refusals" -gt 0 ]; then
    echo "preprovision: $value_refusals azd value(s) the deployment would refuse; nothing was changed." >&2
    exit 1
fi

skip() {
    echo "preprovision: $1; the capacity mode and zone redundancy of existing resources are not checked (Azure refuses a change it cannot make during the deployment)."
    exit 0
}

if [ -z "$environment_name" ]; then
    skip "the azd environment has no AZURE_ENV_NAME"
fi
if ! command -v az >/dev/null 2>&1; then
    skip "the Azure CLI (az) is not installed"
fi
if [ -n "$subscription" ]; then
    set -- --subscription "$subscription"
else
    set --
fi
if ! az account show "$@" --output none >/dev/null 2>&1; then
    skip "the Azure CLI is not signed in (az login)"
fi

# The CLI prints JSON booleans as True/False in tsv output: compare them in lower case.
exists=$(az group exists --name "$resource_group" "$@" --output tsv | tr 'A-Z' 'a-z')
if [ "$exists" != "true" ]; then
    echo "preprovision: $resource_group does not exist yet: a new region, nothing to compare."
    exit 0
fi

refusals=0
refuse() {
    echo "preprovision: REFUSED: $1" >&2
    refusals=$((refusals + 1))
}

# --- Cosmos DB: capacity mode and zone redundancy -----------------------------------------------
account=$(az cosmosdb list --resource-group "$resource_group" "$@" --query "[0].name" --output tsv)
if [ -n "$account" ]; then
    capabilities=$(az cosmosdb show --resource-group "$resource_group" --name "$account" "$@" \
        --query "capabilities[].name" --output tsv)
    if printf '%s\n' "$capabilities" | grep -qx 'EnableServerless'; then
        current_mode=serverless
    else
        current_mode=provisioned
    fi

    if [ "$current_mode" = serverless ] && [ "$mode" = autoscale ]; then
        refuse "Cosmos DB account $account is serverless and COSMOS_THROUGHPUT_MODE is autoscale.
  A deployment cannot change the capacity mode. Azure migrates a serverless account to provisioned throughput,
  one way (it cannot go back to serverless), in place and without downtime:
    1. az cosmosdb update --resource-group $resource_group --name $account --capacity-mode Provisioned
       (or the account's Overview in the portal: Change capacity mode). The container becomes manual throughput
       of (number of physical partitions x 5,000) RU/s, billed by the hour from then on.
    2. az cosmosdb sql container throughput migrate --resource-group $resource_group --account-name $account \\
         --database-name $database --name $container --throughput-type autoscale
    3. az cosmosdb sql container throughput update --resource-group $resource_group --account-name $account \\
         --database-name $database --name $container --max-throughput $max_ru
    4. azd provision (this check then passes).
  Or keep the account serverless: azd env set COSMOS_THROUGHPUT_MODE serverless"
    elif [ "$current_mode" = provisioned ] && [ "$mode" = serverless ]; then
        refuse "Cosmos DB account $account has provisioned throughput and COSMOS_THROUGHPUT_MODE is serverless.
  A provisioned account cannot become serverless. Keep it provisioned: azd env set COSMOS_THROUGHPUT_MODE autoscale"
    elif [ "$current_mode" = provisioned ] && [ "$mode" = autoscale ]; then
        autoscale_max=$(az cosmosdb sql container throughput show --resource-group "$resource_group" \
            --account-name "$account" --database-name "$database" --name "$container" "$@" \
            --query "resource.autoscaleSettings.maxThroughput" --output tsv 2>/dev/null || true)
        if [ -z "$autoscale_max" ]; then
            refuse "the container $database/$container of Cosmos DB account $account has manual throughput (as a migration from serverless leaves it) and COSMOS_THROUGHPUT_MODE is autoscale.
  A deployment cannot switch it. Switch it, then set its maximum:
    az cosmosdb sql container throughput migrate --resource-group $resource_group --account-name $account \\
      --database-name $database --name $container --throughput-type autoscale
    az cosmosdb sql container throughput update --resource-group $resource_group --account-name $account \\
      --database-name $database --name $container --max-throughput $max_ru"
        fi
    fi

    current_zone=$(az cosmosdb show --resource-group "$resource_group" --name "$account" "$@" \
        --query "locations[0].isZoneRedundant" --output tsv | tr 'A-Z' 'a-z')
    if [ "$current_zone" != "$zone_redundant" ]; then
        refuse "Cosmos DB account $account has zone redundancy $current_zone and CONTEXT_ZONE_REDUNDANT is $zone_redundant.
  Cosmos DB sets zone redundancy only when an account is created. Keep azd env set CONTEXT_ZONE_REDUNDANT $current_zone
  for this region, or build a new region (a new azd environment) with the value you want and move the data with
  ContextAdmin copy (README, \"Moving from LivePerson\")."
    fi
fi

# --- storage account: LRS or ZRS ------------------------------------------------------------------
if [ "$zone_redundant" = true ]; then wanted_sku=Standard_ZRS; else wanted_sku=Standard_LRS; fi
storage=$(az storage account list --resource-group "$resource_group" "$@" --query "[0].name" --output tsv)
if [ -n "$storage" ]; then
    current_sku=$(az storage account show --resource-group "$resource_group" --name "$storage" "$@" \
        --query "sku.name" --output tsv)
    if [ "$current_sku" != "$wanted_sku" ]; then
        refuse "storage account $storage is $current_sku and CONTEXT_ZONE_REDUNDANT=$zone_redundant asks for $wanted_sku.
  A deployment cannot convert it. Request the conversion (portal: the account's Redundancy setting, or
  az storage account migration start --resource-group $resource_group --account-name $storage --sku $wanted_sku --no-wait),
  wait until the account reports $wanted_sku, then run azd provision."
    fi
fi

if [ "$refusals" -gt 0 ]; then
    echo "preprovision: $refusals change(s) that a deployment cannot make; nothing was changed." >&2
    exit 1
fi
echo "preprovision: $resource_group matches COSMOS_THROUGHPUT_MODE=$mode and CONTEXT_ZONE_REDUNDANT=$zone_redundant."
