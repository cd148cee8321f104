#!/usr/bin/env bash
# Installs DynamoDB Local (Amazon's jar, shipped inside the npm package
# amplify-dynamodb-simulator) into .cache/dynamodb-local. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${DDBKIT_SIMULATOR_VERSION:-2.9.30}
cache="$here/.cache/dynamodb-local"
if [ -f "$cache/DynamoDBLocal.jar" ] && [ -f "$cache/.version" ] && [ "$(cat "$cache/.version")" = "$version" ]; then
  echo "setup: DynamoDB Local $version already in $cache"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "amplify-dynamodb-simulator@$version" >/dev/null && tar xzf amplify-dynamodb-simulator-*.tgz )
rm -rf "$cache"; mkdir -p "$cache"
cp -r "$tmp/package/emulator/." "$cache/"
echo "$version" > "$cache/.version"
echo "setup: DynamoDB Local $version installed in $cache"
