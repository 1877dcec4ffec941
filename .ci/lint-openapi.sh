#!/usr/bin/env bash
# Starts the service against the database in $1 (a connection string), fetches its OpenAPI document and lints it with
# Spectral (.ci/openapi/.spectral.yaml). Any warning fails. Also proves the service starts from a built tree.
set -uo pipefail
cd "$(dirname "$0")/.."
connection=$1
port=${OPENAPI_LINT_PORT:-58080}
document=$(mktemp /tmp/newsevents-openapi.XXXXXX.json)

if ! command -v npm >/dev/null; then
  echo "== installing Node.js and npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null || exit 1
fi
npm ci --prefix .ci/openapi --no-audit --no-fund --loglevel=error >/dev/null || exit 1

ConnectionStrings__NewsEvents="$connection" Ingestion__Enabled=false SampleData__Enabled=false \
  dotnet run --project src/NewsEvents.Api --no-build --no-launch-profile --urls "http://127.0.0.1:$port" >"$document.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null; rm -f "$document" "$document.log"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/swagger/v1/swagger.json" -o "$document" && break
  kill -0 $service 2>/dev/null || { echo "the service exited:"; tail -n 20 "$document.log"; exit 1; }
  sleep 1
done
[ -s "$document" ] || { echo "no OpenAPI document after 120 s"; tail -n 20 "$document.log"; exit 1; }
.ci/openapi/node_modules/.bin/spectral lint "$document" --ruleset .ci/openapi/.spectral.yaml --fail-severity=warn
