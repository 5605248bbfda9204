#!/usr/bin/env bash
# The issue benchmark (docs/benchmarks.md): starts the pinned Azurite on free loopback ports with its data in
# memory (on disk it rewrites its whole database every 5 s, slower the more it holds, which no storage account
# does), runs `dimpact bench` in Release against it, and stops Azurite (also when a step fails).
# Arguments go to the bench command, e.g. scripts/bench.sh --members 1000 --csv, or scripts/bench.sh deliver
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/azurite.sh
AZURITE_IN_MEMORY=1 azurite_start >&2
trap azurite_stop EXIT
# A subcommand (deliver) comes first: bench deliver --members 1000 --storage …
dotnet run --project src/Dimpact.Cli -c Release -- bench "$@" --storage "$AZURITE_CONNECTION_STRING"
