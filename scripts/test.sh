#!/usr/bin/env bash
# Runs every test on a fresh machine: installs the pinned Azurite (npm ci, skipped when it was installed from
# the same lockfile), restores and builds, checks the Bicep templates, starts Azurite on free loopback ports
# with a temporary location, runs all tests, and stops what it started (also when a step fails).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/azurite.sh
echo "== Azurite (npm ci when the lockfile tools/azurite/package-lock.json changed or nothing is installed)"
azurite_install

echo "== dotnet restore and build"
dotnet restore Dimpact.Functions.sln
dotnet build Dimpact.Functions.sln --no-restore -c Release

if [ -f scripts/bicep-check.sh ]; then
  echo "== Bicep build and lint"
  bash scripts/bicep-check.sh
fi

echo "== Azurite"
azurite_start
trap azurite_stop EXIT
export DIMPACT_TEST_STORAGE="$AZURITE_CONNECTION_STRING"

echo "== Tests"
set +e
dotnet test Dimpact.Functions.sln --no-build -c Release "$@" 2>&1 | tee out/test-output.txt
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run, e.g. "tests: 120 passed, 0 failed".
passed=$(grep -Eo 'Passed: +[0-9]+' out/test-output.txt | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' out/test-output.txt | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
