# shellcheck shell=bash
# Sourced by the test scripts that run against DynamoDB Local: what each of them needs
# before its first case, and the checks they share. Not a script of its own.

# Sets $endpoint to $DDBKIT_TEST_ENDPOINT. Without one: a skip (exit 77), or under CI,
# where scripts/test.sh always starts the server, a failure.
require_test_endpoint() {
  endpoint=${DDBKIT_TEST_ENDPOINT:-}
  [ -n "$endpoint" ] && return 0
  [ "${CI:-}" = "true" ] && { echo "DDBKIT_TEST_ENDPOINT is not set" >&2; exit 1; }
  echo "skipped: DDBKIT_TEST_ENDPOINT is not set (run scripts/test.sh)"
  exit 77
}

# use_test_keys NAME: the dummy keys NAME/NAME in us-east-1 (DynamoDB Local keeps tables per
# key id and region, so each script sees only its own), no instance metadata service, and
# none of the caller's endpoint overrides or profile.
use_test_keys() {
  export AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=$1 AWS_REGION=us-east-1
  isolate_from_caller
}

# No instance metadata service, none of the caller's endpoint overrides or profile.
isolate_from_caller() {
  export AWS_EC2_METADATA_DISABLED=true
  unset DYNAMODB_ENDPOINT AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB DYNAMODB_LOCAL DYNAMODB_LOCAL_PORT AWS_PROFILE
}

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_exit CODE COMMAND...: runs it (stdout to $work/out, stderr to $work/err: $work is
# the calling script's scratch folder).
expect_exit() {
  local want=$1 status=0
  shift
  "$@" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = "$want" ] || { cat "$work/out" "$work/err" >&2; fail "exit $status, expected $want: $*"; }
}
expect_in() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "'$2' not in $1"; }; }
