# Sourced by scripts/test.sh, scripts/demo.sh and scripts/bench.sh: install, start and stop the pinned Azurite.
# azurite_install: npm ci, only when node_modules is missing or the lockfile (or Node) changed since the last
# install. azurite_start: free loopback ports (or AZURITE_*_PORT), a temporary location (with
# AZURITE_IN_MEMORY=1 the data is kept in memory instead); exports AZURITE_CONNECTION_STRING; no telemetry is
# sent. azurite_stop: stops it at once and removes the location.

_free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# What the installed node_modules was installed from: the lockfile's hash and the Node version, stored in
# node_modules after a successful npm ci (a fresh clone has neither, so it installs).
_azurite_lock_id() { echo "$(sha256sum tools/azurite/package-lock.json | cut -d' ' -f1) node $(node --version)"; }

azurite_install() {
  local stamp="tools/azurite/node_modules/.dimpact-installed-from"
  if [ -x tools/azurite/node_modules/.bin/azurite ] && [ "$(cat "$stamp" 2>/dev/null)" = "$(_azurite_lock_id)" ]; then
    echo "Azurite is installed (tools/azurite/package-lock.json unchanged)"
    return 0
  fi
  rm -f "$stamp"
  npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error
  _azurite_lock_id > "$stamp"
}

azurite_start() {
  local bin="tools/azurite/node_modules/.bin/azurite"
  azurite_install
  AZURITE_LOCATION=$(mktemp -d -t azurite-XXXXXX)
  local blob=${AZURITE_BLOB_PORT:-$(_free_port)} queue=${AZURITE_QUEUE_PORT:-$(_free_port)} table=${AZURITE_TABLE_PORT:-$(_free_port)}
  # On disk, Azurite writes its whole table database again every 5 s, which slows every request more the more
  # data it holds; the benchmark (scripts/bench.sh) therefore keeps the data in memory (docs/benchmarks.md).
  local persistence=(--location "$AZURITE_LOCATION")
  [ "${AZURITE_IN_MEMORY:-}" = 1 ] && persistence=(--inMemoryPersistence)
  mkdir -p out
  (cd "$AZURITE_LOCATION" && exec "$OLDPWD/$bin" --silent --skipApiVersionCheck --disableTelemetry "${persistence[@]}" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table") >"out/azurite.log" 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null \
       && (exec 3<>"/dev/tcp/127.0.0.1/$queue") 2>/dev/null; then break; fi
    kill -0 "$AZURITE_PID" 2>/dev/null || { cat out/azurite.log; echo "Azurite did not start" >&2; return 1; }
    sleep 0.2
  done
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;"
  echo "Azurite on 127.0.0.1 (blob ${blob}, queue ${queue}, table ${table}), data in ${persistence[1]:-memory}"
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ]; then
    # Its location is temporary and removed below, so nothing needs a clean shutdown: Azurite takes 100+ s to
    # exit on SIGTERM, so it gets 2 s and is then killed.
    kill "$AZURITE_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 "$AZURITE_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  [ -n "${AZURITE_LOCATION:-}" ] && rm -rf "$AZURITE_LOCATION"
  AZURITE_PID=
}
