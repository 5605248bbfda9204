#!/usr/bin/env bash
# The main job end-to-end on local defaults: the billing year 2024 of the plan against a local Azurite
# (started here, on free loopback ports, stopped at the end): tariffs, Q1-Q3 advances, population
# figures of 1 January 2024 and the Q4 settlement, delivery by e-mail (.eml files, as no SMTP host is
# configured) and the documents as PDF and UBL. Everything it writes is under out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."

out=out/demo
rm -rf "$out"
mkdir -p "$out"
export Smtp__PickupDirectory="$out/mail"

echo "== Build"
source scripts/azurite.sh
azurite_install
# Published ReadyToRun for this machine's runtime (see src/Dimpact.Cli/Dimpact.Cli.csproj): each command below
# starts in about 0.6 x the time of the plain build's output. Incremental: a second run recompiles nothing.
dotnet publish src/Dimpact.Cli -c Release --use-current-runtime --self-contained false -o out/cli --nologo -v quiet
cli="$PWD/out/cli/dimpact.dll"
dimpact() { dotnet "$cli" "$@"; }

azurite_start
trap azurite_stop EXIT
export DIMPACT_STORAGE="$AZURITE_CONNECTION_STRING"

echo "== Tariffs 2024 (the plan's Tabel 19)"
dimpact tariffs --year 2024 > "$out/tariffs-2024.txt"
head -12 "$out/tariffs-2024.txt"
dimpact tariffs --year 2024 --csv > "$out/tariffs-2024.csv"

echo "== Settlement preview on the sample figures of 1 January 2024"
dimpact settle-preview --year 2024 --population data/samples/population-2024-01-01.csv > "$out/settle-preview-2024.txt"
dimpact settle-preview --year 2024 --population data/samples/population-2024-01-01.csv --csv > "$out/settle-preview-2024.csv"
tail -1 "$out/settle-preview-2024.txt"

echo "== Quarterly advances: Q1, Q2, Q3 (the daily timer's job, run for the first day of each quarter)"
for date in 2024-01-02 2024-04-01 2024-07-01; do
  dimpact issue --date "$date" > "$out/issue-$date.txt"
  tail -2 "$out/issue-$date.txt" | head -1
done
echo "-- the same date again issues nothing:"
dimpact issue --date 2024-07-01 > "$out/issue-again.txt"
tail -2 "$out/issue-again.txt" | head -1

echo "== Before Q4 the settlement is not due"
dimpact settle --year 2024 --date 2024-09-30 > "$out/settle-before-q4.txt"
tail -1 "$out/settle-before-q4.txt"

echo "== Finance uploads the figures of 1 January 2024 (Q4 has started: the upload settles the year at once)"
dimpact ingest data/samples/population-2024-01-01.csv --year 2024 > "$out/ingest.txt"
tail -3 "$out/ingest.txt"
echo "-- uploading the same file again adds nothing, and settling again issues nothing:"
dimpact ingest data/samples/population-2024-01-01.csv --year 2024 > "$out/ingest-again.txt"
tail -1 "$out/ingest-again.txt"
dimpact settle --year 2024 --date 2024-10-01 > "$out/settle-again.txt"
tail -1 "$out/settle-again.txt"
dimpact population list --csv > "$out/population-versions.csv"

echo "== Delivery: one e-mail per document with the PDF (and the UBL e-invoice where the NL rules pass)"
dimpact deliver > "$out/deliver.txt"
tail -1 "$out/deliver.txt"
dimpact deliveries list --year 2024 --csv > "$out/deliveries-2024.csv"
echo "-- $(ls "$out/mail" | wc -l) e-mails written to $out/mail/"

echo "== Documents"
dimpact invoices list --year 2024 --csv > "$out/invoices-2024.csv"
dimpact invoices list --year 2024 > "$out/invoices-2024.txt"
dimpact invoices show 2024-000007 --out "$out/documents"   # Deventer's Q1 advance
deventer_q4=$(awk -F, '$3 == "GM0150" && $4 == "2024-Q4" {print $1}' "$out/invoices-2024.csv")
dimpact invoices show "$deventer_q4" --out "$out/documents"  # Deventer's Q4 settlement
dimpact runs list --csv > "$out/runs.csv"
echo "== $(($(wc -l < "$out/invoices-2024.csv") - 1)) documents of 2024; reports in $out/:"
ls -1 "$out" "$out/documents"
