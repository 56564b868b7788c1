#!/usr/bin/env bash
# The production build, run as an operator would: `npm run build`, the build copied to an empty folder,
# `npm ci --omit=dev` there (no TypeScript loader, no esbuild, no jest), `start:prod` with the secrets given and
# seeding asked for, one query through the gateway, SIGTERM to the start process, and no child process left.
# Run by .ci/run after the tests; `bash scripts/prodSmoke.sh` by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
say() { echo "[prod-smoke $((SECONDS - started)) s] $*"; }

work=$(mktemp -d)
start_pid=""
cleanup() {
  if [ -n "$start_pid" ] && kill -0 "$start_pid" 2>/dev/null; then kill -KILL "$start_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

say "npm run build"
npm run -s build
say "copying the build to $work and installing production dependencies only"
cp -r dist package.json package-lock.json "$work/"
(cd "$work" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error)
if [ -d "$work/node_modules/typescript" ] || [ -d "$work/node_modules/@swc-node" ]; then echo "development dependencies were installed" >&2; exit 1; fi

port=4190
export NODE_ENV=production
export JWT_SECRET="prod-smoke-jwt-secret-$RANDOM$RANDOM"
export INTERNAL_IDENTITY_SECRET="prod-smoke-internal-secret-$RANDOM$RANDOM"
export PORT=$port REGION_PORT_BJ=4191 REGION_PORT_TJ=4192 REGION_PORT_HE=4193 ENGINE_PORT=27190
export METRICS_PORT=9490 REGION_METRICS_PORT_BJ=9491 REGION_METRICS_PORT_TJ=9492 REGION_METRICS_PORT_HE=9493
export DATA_DIR="$work/data" SEED=if-empty LOG_LEVEL=warn

say "start:prod without secrets must refuse to start"
if (cd "$work" && env -u JWT_SECRET -u INTERNAL_IDENTITY_SECRET node dist/scripts/start.js > "$work/nosecret.log" 2>&1); then
  echo "start:prod started without secrets" >&2; exit 1
fi
grep -q "JWT_SECRET must be set in production" "$work/nosecret.log" || { cat "$work/nosecret.log" >&2; exit 1; }

say "start:prod"
(cd "$work" && exec node dist/scripts/start.js > "$work/start.log" 2>&1) &
start_pid=$!
for _ in $(seq 1 240); do
  grep -q "JJJ Hub is running" "$work/start.log" && break
  kill -0 "$start_pid" 2>/dev/null || { cat "$work/start.log" >&2; echo "start:prod exited before it was ready" >&2; exit 1; }
  sleep 0.5
done
grep -q "JJJ Hub is running" "$work/start.log" || { tail -50 "$work/start.log" >&2; echo "start:prod was not ready within 120 s" >&2; exit 1; }
if grep -q "Development tokens" "$work/start.log"; then echo "production printed development tokens" >&2; exit 1; fi

base="http://127.0.0.1:$port"
say "one query through the gateway"
token=$(curl -sf -X POST "$base/public-token" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token))')
# Public tokens run only the published operations in production (trusted documents): the page's recall list.
body=$(node -e 'process.stdout.write(JSON.stringify({query:require("fs").readFileSync(process.argv[1],"utf8"),operationName:"PublicRecallList",variables:{first:3}}))' "$work/dist/clients/operations/public.graphql")
answer=$(curl -sf "$base/graphql" -H "authorization: Bearer $token" -H 'content-type: application/json' -H 'accept-encoding: gzip' --compressed -d "$body")
echo "$answer" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);if(r.errors||!(r.data.recalls.totalCount>0)||r.data.recalls.edges.length!==3){console.error(s);process.exit(1)}console.log(`  ${r.data.recalls.totalCount} recalls, first ${r.data.recalls.edges[0].node.id}`)})'
adhoc=$(curl -s -o /dev/null -w '%{http_code}' "$base/graphql" -H "authorization: Bearer $token" -H 'content-type: application/json' -d '{"query":"{ recalls(first: 3) { totalCount } }"}')
[ "$adhoc" = "403" ] || { echo "an ad-hoc public query got HTTP $adhoc in production (expected 403: trusted documents only)" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/graphiql")" != "200" ] || { echo "GraphiQL is served in production without GRAPHIQL=true" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = "200" ] || { echo "the gateway is not ready" >&2; exit 1; }

descendants() {
  local pid=$1 child
  for child in $(pgrep -P "$pid" 2>/dev/null); do echo "$child"; descendants "$child"; done
}
children=$(descendants "$start_pid" | tr '\n' ' ')
say "SIGTERM to the start process (pid $start_pid; its processes: $children)"
[ "$(echo "$children" | wc -w)" -ge 5 ] || { echo "expected the engine, three regions and the gateway under the start process" >&2; exit 1; }
kill -TERM "$start_pid"
for _ in $(seq 1 60); do kill -0 "$start_pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$start_pid" 2>/dev/null; then echo "the start process did not exit within 30 s of SIGTERM" >&2; exit 1; fi
left=""
for pid in $children; do kill -0 "$pid" 2>/dev/null && left="$left $pid"; done
[ -z "$left" ] || { ps -o pid,args -p ${left// /,} >&2; echo "processes left running after SIGTERM:$left" >&2; exit 1; }
say "passed in $((SECONDS - started)) s"
