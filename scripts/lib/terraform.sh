# Terraform for the project's checks (scripts/iac-check, scripts/deploy-check). Source it after common.sh.
# shellcheck shell=bash
#
# terraform_setup finds the AWS provider the way a Terraform user does: the registry when it answers, else a
# filesystem mirror (TF_PLUGIN_MIRROR, else one found on this machine). It writes the CLI configuration for that
# choice into the project's state folder, never into the home folder, and exports TF_CLI_CONFIG_FILE. Afterwards:
#   TF                 the terraform binary
#   PROVIDER_SOURCE    registry | mirror | none
#   PROVIDER_DETAIL    the registry's URL, the mirror's path, or why there is neither
# tf_data_dir NAME     exports TF_DATA_DIR for one working directory, so that .terraform/ stays out of the tree.

TERRAFORM_DIR="$ROOT/deploy/terraform"
TF_STATE_DIR="$STATE_DIR/terraform"
TERRAFORM_MIN_VERSION="1.10.0" # the S3 backend's use_lockfile
REGISTRY_PROBE="https://registry.terraform.io/.well-known/terraform.json"
AWS_PROVIDER="registry.terraform.io/hashicorp/aws"

terraform_setup() {
  export CHECKPOINT_DISABLE=1
  mkdir -p "$TF_STATE_DIR"
  TF=$(command -v terraform) || die "Terraform $TERRAFORM_MIN_VERSION or newer is needed (terraform not found on PATH)"
  local version
  version=$("$TF" version -json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["terraform_version"])')
  python3 - "$version" "$TERRAFORM_MIN_VERSION" <<'PY' || die "Terraform $TERRAFORM_MIN_VERSION or newer is needed (found $version)"
import sys
have, need = ([int(part) for part in v.split("-")[0].split(".")] for v in sys.argv[1:3])
sys.exit(0 if have >= need else 1)
PY
  local config="$TF_STATE_DIR/cli.tfrc" mirror
  if _registry_answers; then
    PROVIDER_SOURCE=registry
    PROVIDER_DETAIL="${REGISTRY_PROBE%%/.well-known*}"
    mkdir -p "$TF_STATE_DIR/plugin-cache"
    printf 'plugin_cache_dir = "%s"\n' "$TF_STATE_DIR/plugin-cache" >"$config"
  elif mirror=$(_find_mirror); then
    PROVIDER_SOURCE=mirror
    PROVIDER_DETAIL="$mirror"
    cat >"$config" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["$AWS_PROVIDER"]
  }
  direct {
    exclude = ["$AWS_PROVIDER"]
  }
}
EOF
  else
    PROVIDER_SOURCE=none
    PROVIDER_DETAIL="the registry ($REGISTRY_PROBE) does not answer and no filesystem mirror holds $AWS_PROVIDER (set TF_PLUGIN_MIRROR to one)"
    : >"$config"
  fi
  export TF_CLI_CONFIG_FILE="$config"
}

tf_data_dir() {
  export TF_DATA_DIR="$TF_STATE_DIR/data/$1"
  mkdir -p "$TF_DATA_DIR"
}

_registry_answers() {
  python3 - "$REGISTRY_PROBE" <<'PY' >/dev/null 2>&1
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=5).read()
PY
}

# A mirror is a directory holding registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/.
_find_mirror() {
  local platform candidate
  platform="$(uname -s | tr '[:upper:]' '[:lower:]')_$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')"
  if [ -n "${TF_PLUGIN_MIRROR:-}" ]; then
    _holds_provider "$TF_PLUGIN_MIRROR" "$platform" || die "TF_PLUGIN_MIRROR=$TF_PLUGIN_MIRROR holds no $AWS_PROVIDER for $platform"
    echo "$TF_PLUGIN_MIRROR"
    return 0
  fi
  # Terraform's own implied mirror folders first, then any registry.terraform.io folder near the root.
  for candidate in "$HOME/.terraform.d/plugins" /usr/local/share/terraform/plugins /usr/share/terraform/plugins \
      $(find / -maxdepth 3 -type d -name registry.terraform.io -not -path '/proc/*' 2>/dev/null | xargs -r -n1 dirname); do
    if _holds_provider "$candidate" "$platform"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

_holds_provider() {
  compgen -G "$1/$AWS_PROVIDER/*/$2" >/dev/null
}
