#!/usr/bin/env bash
# The main job end-to-end on local defaults: the billing year 2024 of the plan against a local Azurite
# (started here, on free loopback ports, stopped at the end): tariffs, master data uploads (a tariff year, Losser's
# uptake of Open Online, a changed e-mail address, a refused upload), Q1-Q3 advances, bank statements (payments
# matched, open items, a statement of account, the ledger export), population
# figures of 1 January 2024 and the Q4 settlement, delivery by e-mail (.eml files, as no SMTP host is
# configured) and the documents as PDF and UBL; finance's notifications, the settlement and year reports (table,
# CSV, xlsx, PDF) and the status screen. The year runs through `dimpact daily`, the timer's job. Everything it
# writes is under out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."

out=out/demo
rm -rf "$out"
mkdir -p "$out"
export Smtp__PickupDirectory="$out/mail"
export Finance__NotifyEmails="financien@dimpact.example"

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

echo "== Master data: the shipped data/ is the seed of an empty account; finance changes it by upload, no deploy"
dimpact master-data upload data/samples/tariff-years/2025/*.csv --by "finance (demo)" > "$out/master-data-tariff-year-2025.txt"
tail -1 "$out/master-data-tariff-year-2025.txt"
dimpact tariff-year diff 2024 2025 > "$out/tariff-year-diff-2024-2025.txt"
dimpact tariff-year diff 2024 2025 --csv > "$out/tariff-year-diff-2024-2025.csv"
echo "-- tariff-year diff 2024 2025 (the sample 2025 changes one tariff):"
tail -n +2 "$out/tariff-year-diff-2024-2025.csv"

echo "== The daily job (the timer's) on the first day of Q1 and Q2: the quarterly advances"
for date in 2024-01-02 2024-04-01; do
  dimpact daily --date "$date" > "$out/daily-$date.txt"
  grep -m1 "^Advances:" "$out/daily-$date.txt"
done

echo "== Payments: finance imports the bank's CAMT.053 statements; payments naming invoice numbers are matched"
dimpact payments import data/samples/bank-statement-ing-2024-02-01.xml > "$out/payments-import-1.txt"
dimpact payments import data/samples/bank-statement-ing-2024-02-02.xml > "$out/payments-import-2.txt"
head -1 "$out/payments-import-1.txt" | cut -c1-140
echo "-- the same statement again changes nothing:"
dimpact payments import data/samples/bank-statement-ing-2024-02-01.xml | head -1 | cut -c1-140
dimpact payments unmatched > "$out/payments-unmatched.txt"
dimpact receivables --as-of 2024-03-15 > "$out/receivables-2024-03-15.txt"
dimpact receivables --as-of 2024-03-15 --csv > "$out/receivables-2024-03-15.csv"
echo "-- open items on 15 March 2024: $(($(wc -l < "$out/receivables-2024-03-15.csv") - 1)) documents; see $out/receivables-2024-03-15.txt"

echo "== Finance records Losser's uptake of Open Online from 1 July 2024 (membership-changes.csv)"
dimpact master-data upload data/samples/membership-changes.csv --by "finance (demo)" > "$out/master-data-membership.txt"
tail -1 "$out/master-data-membership.txt"
echo "-- a tired clerk's upload (an unknown product) is refused and changes nothing:"
mkdir -p "$out/typo"
sed 's/open_online/open_onlien/' data/samples/membership-changes.csv > "$out/typo/membership-changes.csv"
if dimpact master-data upload "$out/typo/membership-changes.csv" > "$out/master-data-rejected.txt" 2>&1; then
  echo "error: the bad upload was accepted" >&2; exit 1
fi
grep -m1 "open_onlien" "$out/master-data-rejected.txt" | cut -c1-140
dimpact members show GM0168 --as-of 2024-07-01 > "$out/member-GM0168.txt"

echo "== The daily job on the first day of Q3: Losser's first Open Online advance with the others"
dimpact daily --date 2024-07-01 > "$out/daily-2024-07-01.txt"
grep -m1 "^Advances:" "$out/daily-2024-07-01.txt"
echo "-- the same day again issues nothing:"
dimpact daily --date 2024-07-01 > "$out/daily-again.txt"
grep -m1 "^Advances:" "$out/daily-again.txt"

echo "== On 1 October the settlement is due, and waits for the population figures"
dimpact daily --date 2024-10-01 > "$out/daily-2024-10-01.txt"
grep -m1 "waiting for figures" "$out/daily-2024-10-01.txt" | cut -c1-110
dimpact status --date 2024-10-01 > "$out/status-waiting.txt" || true

echo "== Finance uploads the figures of 1 January 2024 (Q4 has started: the upload settles the year at once)"
dimpact ingest data/samples/population-2024-01-01.csv > "$out/ingest.txt"
tail -3 "$out/ingest.txt"
echo "-- uploading the same file again adds nothing, and settling again issues nothing:"
dimpact ingest data/samples/population-2024-01-01.csv > "$out/ingest-again.txt"
tail -1 "$out/ingest-again.txt"
dimpact settle --year 2024 --date 2024-10-01 > "$out/settle-again.txt"
tail -1 "$out/settle-again.txt"
dimpact population list --csv > "$out/population-versions.csv"

echo "== Finance uploads a changed member registry: Deventer's invoices go to a new address from the next delivery"
sed 's/facturen@deventer.example/crediteuren@deventer.example/' data/members/registry.csv > "$out/registry.csv"
dimpact master-data upload "$out/registry.csv" --by "finance (demo)" > "$out/master-data-registry.txt"
tail -1 "$out/master-data-registry.txt"
dimpact master-data history --csv > "$out/master-data-history.csv"

echo "== Delivery: one e-mail per document with the PDF (and the UBL e-invoice where the NL rules pass), and finance's notifications"
dimpact deliver > "$out/deliver.txt"
tail -1 "$out/deliver.txt"
dimpact deliveries list --csv > "$out/deliveries-2024.csv"
dimpact deliveries list > "$out/deliveries-2024.txt"
mkdir -p "$out/notifications"
grep -l "^To: financien@dimpact.example" "$out"/mail/*.eml | xargs -r cp -t "$out/notifications"
echo "-- $(ls "$out/mail" | wc -l) e-mails written to $out/mail/, of which $(ls "$out/notifications" | wc -l) to finance (copied to $out/notifications/)"
echo "-- $(grep -l "^To: .*<crediteuren@deventer.example>" "$out"/mail/*.eml | wc -l) of them to Deventer's new address, $(grep -l "^To: .*<facturen@deventer.example>" "$out"/mail/*.eml | wc -l) to its old one"

echo "== Reports finance opens: settlement and year, as table, CSV, Excel and PDF"
mkdir -p "$out/reports"
for report in settlement year; do
  dimpact report "$report" --year 2024 --xlsx "$out/reports/$report-2024.xlsx" --pdf "$out/reports/$report-2024.pdf" > "$out/reports/$report-2024.txt"
  dimpact report "$report" --year 2024 --csv > "$out/reports/$report-2024.csv"
done
ls -1 "$out/reports"
echo "== Status on 2 October 2024"
dimpact status --date 2024-10-02 > "$out/status.txt" || true
tail -1 "$out/status.txt"

echo "== Documents"
dimpact invoices list --year 2024 --csv > "$out/invoices-2024.csv"
dimpact invoices list --year 2024 > "$out/invoices-2024.txt"
dimpact invoices show 2024-000007 --out "$out/documents"   # Deventer's Q1 advance
deventer_q4=$(awk -F, '$3 == "GM0150" && $4 == "2024-Q4" {print $1}' "$out/invoices-2024.csv")
dimpact invoices show "$deventer_q4" --out "$out/documents"  # Deventer's Q4 settlement
for number in $(awk -F, '$3 == "GM0168" {print $1}' "$out/invoices-2024.csv"); do  # Losser: contribution, Q3 and Q4 Open Online
  dimpact invoices show "$number" --out "$out/documents" > "$out/documents/$number.txt"
done
dimpact runs list --csv > "$out/runs.csv"
dimpact receivables statement GM0106 --as-of 2024-12-31 --out "$out/documents" > /dev/null   # Assen's statement of account
dimpact ledger export --from 2024-01-01 --to 2024-12-31 --csv > "$out/ledger-2024.csv"
echo "-- ledger 2024: $(($(wc -l < "$out/ledger-2024.csv") - 1)) journal lines in $out/ledger-2024.csv"
echo "== $(($(wc -l < "$out/invoices-2024.csv") - 1)) documents of 2024; reports in $out/:"
ls -1 "$out" "$out/documents"
