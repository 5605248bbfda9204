# Sourced by scripts/test.sh and scripts/demo.sh: start and stop the pinned Azurite.
# azurite_start: free loopback ports (or AZURITE_*_PORT), a temporary location; exports
# AZURITE_CONNECTION_STRING. azurite_stop: stops it and removes the location.

_free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

azurite_start() {
  local bin="tools/azurite/node_modules/.bin/azurite"
  [ -x "$bin" ] || npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error
  AZURITE_LOCATION=$(mktemp -d -t azurite-XXXXXX)
  local blob=${AZURITE_BLOB_PORT:-$(_free_port)} queue=${AZURITE_QUEUE_PORT:-$(_free_port)} table=${AZURITE_TABLE_PORT:-$(_free_port)}
  mkdir -p out
  "$bin" --silent --skipApiVersionCheck --location "$AZURITE_LOCATION" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"out/azurite.log" 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null \
       && (exec 3<>"/dev/tcp/127.0.0.1/$queue") 2>/dev/null; then break; fi
    kill -0 "$AZURITE_PID" 2>/dev/null || { cat out/azurite.log; echo "Azurite did not start" >&2; return 1; }
    sleep 0.2
  done
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;"
  echo "Azurite on 127.0.0.1 (blob ${blob}, queue ${queue}, table ${table}), data in ${AZURITE_LOCATION}"
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ]; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  [ -n "${AZURITE_LOCATION:-}" ] && rm -rf "$AZURITE_LOCATION"
  AZURITE_PID=
}
