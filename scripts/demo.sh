#!/usr/bin/env bash
# The main job end-to-end on local defaults: a billing year of the 2024 plan against a local Azurite
# (started here, on free loopback ports, stopped at the end). Reports go to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."

out=out/demo
rm -rf "$out"
mkdir -p "$out"

echo "== Build"
npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error
dotnet build src/Dimpact.Cli -c Release --nologo -v quiet
dimpact() { dotnet src/Dimpact.Cli/bin/Release/net10.0/dimpact.dll "$@"; }

source scripts/azurite.sh
azurite_start
trap azurite_stop EXIT
export DIMPACT_STORAGE="$AZURITE_CONNECTION_STRING"

echo "== Tariffs 2024 (the plan's Tabel 19)"
dimpact tariffs --year 2024 | tee "$out/tariffs-2024.txt" | head -12
dimpact tariffs --year 2024 --csv > "$out/tariffs-2024.csv"

echo "== Settlement preview on the sample figures of 1 January 2024"
dimpact settle-preview --year 2024 --population data/samples/population-2024-01-01.csv > "$out/settle-preview-2024.txt"
dimpact settle-preview --year 2024 --population data/samples/population-2024-01-01.csv --csv > "$out/settle-preview-2024.csv"
tail -1 "$out/settle-preview-2024.txt"

echo "== Quarterly advances: Q1, Q2, Q3 (the daily timer's job, run for the first day of each quarter)"
for date in 2024-01-02 2024-04-01 2024-07-01; do
  dimpact issue --date "$date" > "$out/issue-$date.txt"
  tail -1 "$out/issue-$date.txt"
done
echo "-- the same date again issues nothing:"
dimpact issue --date 2024-07-01 | tail -1

dimpact invoices list --year 2024 --csv > "$out/invoices-2024.csv"
dimpact invoices list --year 2024 > "$out/invoices-2024.txt"
echo "== $(($(wc -l < "$out/invoices-2024.csv") - 1)) documents of 2024; reports in $out/:"
ls -1 "$out"
