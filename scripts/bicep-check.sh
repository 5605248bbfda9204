#!/usr/bin/env bash
# Compiles and lints the infrastructure offline with the Bicep CLI from NuGet
# (tools/bicep/Bicep.Tool.csproj). Fails on any Bicep warning or error: bicep itself exits 0 on
# warnings, so its output is read as well. The compiled ARM JSON goes to out/arm (gitignored).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bicep_version=0.49.2
dotnet restore tools/bicep/Bicep.Tool.csproj --nologo --verbosity quiet >/dev/null

packages=${NUGET_PACKAGES:-}
if [[ -z "$packages" ]]; then
  packages=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
fi
bicep="${packages%/}/azure.bicep.commandline.linux-x64/${bicep_version}/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "bicep-check: Bicep CLI not found at $bicep after restore" >&2
  exit 1
fi
[[ -x "$bicep" ]] || chmod +x "$bicep"

out="$root/out/arm"
mkdir -p "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0

# Runs one bicep command; a non-zero exit or any warning/error line fails the check.
run() {
  if ! "$bicep" "$@" >"$log" 2>&1; then
    failed=1
  fi
  if grep -Eq ': (Warning|Error) ' "$log"; then
    failed=1
  fi
  if [[ -s "$log" ]]; then
    cat "$log"
  fi
}

echo "bicep-check: $("$bicep" --version)"
run build infra/main.bicep --outdir "$out"
while IFS= read -r file; do
  run lint "$file"
done < <(find infra -name '*.bicep' | sort)
while IFS= read -r file; do
  name=$(basename "$file" .bicepparam)
  run build-params "$file" --outfile "$out/$name.parameters.json"
  run lint "$file"
done < <(find infra -name '*.bicepparam' | sort)

if [[ $failed -ne 0 ]]; then
  echo "bicep-check: FAILED (warnings or errors above)" >&2
  exit 1
fi
echo "bicep-check: main.bicep, $(find infra -name '*.bicep' | wc -l) Bicep files and $(find infra -name '*.bicepparam' | wc -l) parameter files are clean; ARM JSON in out/arm"
