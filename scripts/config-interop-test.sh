#!/usr/bin/env bash
# Configuration interop with Debian's AWS CLI v2:
#   1. over a matrix of config/credentials files and environments, `ddbkit config` resolves
#      the region exactly as `aws configure list` does (and, where the region comes from a
#      file, as `aws configure get region`); both refuse a missing profile;
#   2. against DynamoDB Local, `ddbkit list-tables` and `aws dynamodb list-tables` with the
#      same profile see the same tables (DynamoDB Local keeps tables per key id and region),
#      also when ddbkit finds the endpoint in the profile's `services` section;
#   3. with keys in the environment and a profile, both sign with the same keys (the
#      environment's under AWS_PROFILE, the profile's under an explicit --profile);
#   4. with nothing configured, a loopback endpoint gets DynamoDB Local's dummy keys and the
#      CLI says so exactly once.
# Usage: config-interop-test.sh PATH_TO_DDBKIT_CLI. Exit 77 (skip) without an endpoint, unless CI.
set -euo pipefail
cli=${1:?usage: config-interop-test.sh PATH_TO_DDBKIT_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/lib/test-env.sh"
require_test_endpoint
aws_cli=/usr/bin/aws  # Debian's AWS CLI v2 (scripts/setup.sh), not whatever `aws` is first on PATH
[ -x "$aws_cli" ] || { echo "AWS CLI not installed at $aws_cli: run scripts/setup.sh" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Nothing of the caller's configuration may count: every case sets what it uses.
for v in $(env | sed -n 's/^\(AWS_[A-Z_]*\|DYNAMODB_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export HOME="$work/home" AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
mkdir -p "$HOME/.aws"

# The region column of `aws configure list`, "<unset>" when it says <not set>, "<error>"
# when it refuses (e.g. a missing profile).
aws_region() {
  local out
  out=$("$aws_cli" configure list "$@" 2>/dev/null) || { echo "<error>"; return; }
  out=$(awk '$1 == "region" { print $2 }' <<<"$out")
  [ "$out" = "<not" ] && out="<unset>"
  echo "$out"
}
# The region row of `ddbkit config`: "<unset>" when it fails for want of a region,
# "<error>" on any other failure.
ddbkit_region() {
  local out
  if out=$("$cli" "$@" config 2>"$work/ddbkit.err"); then
    awk '$1 == "region" { print $2 }' <<<"$out"
  elif grep -q "no region" "$work/ddbkit.err"; then
    echo "<unset>"
  else
    echo "<error>"
  fi
}

failures=0
cases=0
# check NAME CONFIG CREDENTIALS [VAR=VALUE ...] [-- CLI FLAGS]
check() {
  local name=$1 config=$2 credentials=$3
  shift 3
  local -a vars=() flags=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do vars+=("$1"); shift; done
  [ $# -gt 0 ] && { shift; flags=("$@"); }
  printf '%b' "$config" >"$HOME/.aws/config"
  printf '%b' "$credentials" >"$HOME/.aws/credentials"
  local expected actual
  expected=$( ( [ ${#vars[@]} -eq 0 ] || export "${vars[@]}"; aws_region "${flags[@]}" ) )
  actual=$( ( [ ${#vars[@]} -eq 0 ] || export "${vars[@]}"; ddbkit_region "${flags[@]}" ) )
  cases=$((cases + 1))
  if [ "$expected" = "$actual" ]; then
    printf '  %-44s region %-14s (both)\n' "$name" "$expected"
  else
    printf '  %-44s MISMATCH: aws %s, ddbkit %s\n' "$name" "$expected" "$actual"
    failures=$((failures + 1))
  fi
  # `aws configure get region` reads the files only: where no variable or flag sets the
  # region, it must say what ddbkit found there.
  local env_region=no
  for v in "${vars[@]}"; do [[ $v == *_REGION=* ]] && env_region=yes; done
  if [ "$expected" != "<error>" ] && [ $env_region = no ] && [[ " ${flags[*]} " != *" --region "* ]]; then
    local from_file
    from_file=$( ( [ ${#vars[@]} -eq 0 ] || export "${vars[@]}"; "$aws_cli" configure get region "${flags[@]}" 2>/dev/null || true ) )
    [ -z "$from_file" ] && from_file="<unset>"
    if [ "$from_file" != "$actual" ]; then
      printf '  %-44s MISMATCH with aws configure get region: %s\n' "$name" "$from_file"
      failures=$((failures + 1))
    fi
  fi
}

dev='[profile dev]\nregion = eu-central-1\n'
default='[default]\nregion = us-west-2\n'
keys='[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n'
services="[profile svc]\nregion = ap-northeast-1\nservices = local-ddb\n[services local-ddb]\ndynamodb =\n  endpoint_url = $endpoint\n"

echo "1. region resolution, ddbkit vs aws configure list (AWS CLI $("$aws_cli" --version 2>&1 | cut -d' ' -f1))"
check "env only: AWS_REGION" "" "" AWS_REGION=eu-west-1
check "env only: AWS_DEFAULT_REGION" "" "" AWS_DEFAULT_REGION=eu-west-2
check "env: AWS_REGION over AWS_DEFAULT_REGION" "" "" AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-2
check "profile only (AWS_PROFILE)" "$dev$default" "$keys" AWS_PROFILE=dev
check "env overriding profile" "$dev$default" "$keys" AWS_PROFILE=dev AWS_REGION=sa-east-1
check "AWS_DEFAULT_REGION overriding profile" "$dev" "" AWS_PROFILE=dev AWS_DEFAULT_REGION=ca-central-1
check "default profile" "$dev$default" "$keys"
check "[profile default] spelling" '[profile default]\nregion = us-east-2\n' ""
check "AWS_DEFAULT_PROFILE" "$dev$default" "" AWS_DEFAULT_PROFILE=dev
check "AWS_PROFILE over AWS_DEFAULT_PROFILE" "$dev$default" "" AWS_PROFILE=dev AWS_DEFAULT_PROFILE=default
check "region in the credentials file" "" '[dev]\nregion = me-south-1\n' AWS_PROFILE=dev
check "credentials file over config file" "$dev" '[dev]\nregion = me-south-1\n' AWS_PROFILE=dev
check "missing profile" "$dev$default" "$keys" AWS_PROFILE=nope
check "missing profile with AWS_REGION set" "$dev" "" AWS_PROFILE=nope AWS_REGION=eu-west-1
check "profile without a region" '[profile bare]\noutput = json\n' "" AWS_PROFILE=bare
check "no region anywhere" "" ""
check "services endpoint profile" "$services" "" AWS_PROFILE=svc
check "ignore flag with a services endpoint" "$services" "" AWS_PROFILE=svc AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true
check "spacing and indentation" '[profile dev]\n  region=eu-north-1\t\n' "" AWS_PROFILE=dev
check "--profile flag" "$dev$default" "" -- --profile dev
check "--profile flag over AWS_PROFILE" "$dev$default" "" AWS_PROFILE=default -- --profile dev
echo "   $cases cases, $failures mismatches"
# A known difference, checked so that it stays known: botocore keeps an inline comment in a
# value (its region becomes "eu-north-1   # the north", which no endpoint accepts); the
# AWS SDKs' profile-file rules (Java, Go v2, Rust) end the value at " #", and so does ddbkit.
printf '[profile dev]\nregion = eu-north-1   # the north\n' >"$HOME/.aws/config"
: >"$HOME/.aws/credentials"
with_comment=$(AWS_PROFILE=dev "$aws_cli" configure get region)
stripped=$(AWS_PROFILE=dev ddbkit_region)
if [ "$with_comment" = "eu-north-1   # the north" ] && [ "$stripped" = "eu-north-1" ]; then
  echo "   known difference: inline comment: aws '$with_comment', ddbkit '$stripped' (as the SDKs)"
else
  echo "   inline comment: aws '$with_comment', ddbkit '$stripped': not the known difference"; failures=$((failures + 1))
fi

echo "2. the same tables with the same profile against DynamoDB Local"
printf '[profile a]\nregion = eu-west-1\n[profile b]\nregion = eu-west-1\n%b' "$services" >"$HOME/.aws/config"
printf '[a]\naws_access_key_id = AKIDPROFILEA\naws_secret_access_key = a\n[b]\naws_access_key_id = AKIDPROFILEB\naws_secret_access_key = b\n[svc]\naws_access_key_id = AKIDPROFILESVC\naws_secret_access_key = s\n' \
  >"$HOME/.aws/credentials"
table="config-interop-$$-$RANDOM"
"$aws_cli" --profile a --endpoint-url "$endpoint" dynamodb create-table --table-name "$table" \
  --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH \
  --billing-mode PAY_PER_REQUEST >/dev/null
# By keys, not profiles: the files are gone by the end.
drop_table() {  # KEY_ID SECRET REGION TABLE
  AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=$2 AWS_REGION=$3 \
    "$aws_cli" --endpoint-url "$endpoint" dynamodb delete-table --table-name "$4" >/dev/null 2>&1 || true
}
trap 'drop_table AKIDPROFILEA a eu-west-1 "$table"; rm -rf "$work"' EXIT
svc_table="config-interop-svc-$$-$RANDOM"
"$aws_cli" --profile svc --endpoint-url "$endpoint" dynamodb create-table --table-name "$svc_table" \
  --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH \
  --billing-mode PAY_PER_REQUEST >/dev/null
trap 'drop_table AKIDPROFILEA a eu-west-1 "$table"; drop_table AKIDPROFILESVC s ap-northeast-1 "$svc_table"; rm -rf "$work"' EXIT

aws_tables() { "$aws_cli" --endpoint-url "$endpoint" --output text dynamodb list-tables "$@" | awk '{print $2}' | sort; }
for profile in a b svc; do
  by_aws=$(aws_tables --profile "$profile")
  by_ddbkit=$(AWS_PROFILE=$profile "$cli" --endpoint "$endpoint" tables list --output jsonl 2>"$work/stderr" | tr -d '"' | sort)
  by_flag=$("$cli" --profile "$profile" --endpoint "$endpoint" tables list --output jsonl | tr -d '"' | sort)
  if [ "$by_aws" != "$by_ddbkit" ] || [ "$by_aws" != "$by_flag" ] || [ -s "$work/stderr" ]; then
    echo "  profile $profile: MISMATCH"; echo "  aws: $by_aws"; echo "  ddbkit: $by_ddbkit"; echo "  --profile: $by_flag"
    cat "$work/stderr"; failures=$((failures + 1))
  else
    echo "  profile $profile: $(wc -w <<<"$by_aws") table(s), the same for both"
  fi
done
grep -qx "$table" <<<"$(aws_tables --profile a)" || { echo "  table $table missing for profile a"; failures=$((failures + 1)); }
if grep -qx "$table" <<<"$(aws_tables --profile b)"; then echo "  profile b sees profile a's table"; failures=$((failures + 1)); fi
# ddbkit finds DynamoDB Local through the profile's services section, with no --endpoint.
by_services=$("$cli" --profile svc tables list --output jsonl | tr -d '"' | sort)
if [ "$by_services" = "$(aws_tables --profile svc)" ] && grep -qx "$svc_table" <<<"$by_services"; then
  echo "  profile svc without --endpoint: the services section's endpoint, the same tables"
else
  echo "  profile svc without --endpoint: MISMATCH: $by_services"; failures=$((failures + 1))
fi

echo "3. which keys sign: environment keys against a profile (AWS_PROFILE, and --profile)"
# The AWS CLI uses the environment's keys with AWS_PROFILE, and the profile's with an
# explicit --profile (botocore drops its environment provider then); ddbkit does the same.
shown_key() { awk '$1 == "access_key" || ($1 == "access" && $2 == "key") { print $NF == "env" ? $2 : $0 }' | grep -o '\*\+[A-Z0-9]\{4\}' | head -1; }
for how in env flag; do
  if [ $how = env ]; then
    by_aws=$(AWS_ACCESS_KEY_ID=AKIDFROMENV9999 AWS_SECRET_ACCESS_KEY=e AWS_PROFILE=a "$aws_cli" configure list | shown_key)
    by_ddbkit=$(AWS_ACCESS_KEY_ID=AKIDFROMENV9999 AWS_SECRET_ACCESS_KEY=e AWS_PROFILE=a "$cli" config | shown_key)
  else
    by_aws=$(AWS_ACCESS_KEY_ID=AKIDFROMENV9999 AWS_SECRET_ACCESS_KEY=e "$aws_cli" --profile a configure list | shown_key)
    by_ddbkit=$(AWS_ACCESS_KEY_ID=AKIDFROMENV9999 AWS_SECRET_ACCESS_KEY=e "$cli" --profile a config | shown_key)
  fi
  if [ -n "$by_aws" ] && [ "$by_aws" = "$by_ddbkit" ]; then
    echo "  profile by $how: both sign with $by_aws"
  else
    echo "  profile by $how: MISMATCH: aws '$by_aws', ddbkit '$by_ddbkit'"; failures=$((failures + 1))
  fi
done

echo "4. nothing configured: DynamoDB Local's defaults, said once"
rm -f "$HOME/.aws/config" "$HOME/.aws/credentials"
"$cli" --endpoint "$endpoint" tables list --output jsonl >/dev/null 2>"$work/stderr"
notices=$(grep -c "DynamoDB Local's" "$work/stderr" || true)
if [ "$notices" = "1" ]; then
  echo "  $(cat "$work/stderr")"
else
  echo "  expected one notice on standard error, got $notices:"; cat "$work/stderr"; failures=$((failures + 1))
fi
if AWS_ACCESS_KEY_ID=AKIDPROFILEA AWS_SECRET_ACCESS_KEY=a AWS_REGION=eu-west-1 "$cli" --endpoint "$endpoint" tables list --output jsonl 2>"$work/stderr" | tr -d '"' | grep -qx "$table" \
   && [ ! -s "$work/stderr" ]; then
  echo "  configured keys on a loopback endpoint: used, no notice"
else
  echo "  configured keys on a loopback endpoint: not used"; failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || { echo "config interop: $failures failure(s)"; exit 1; }
echo "config interop: ddbkit resolves as the AWS CLI does"
