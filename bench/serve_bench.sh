#!/usr/bin/env bash
# Benchmark: `accord serve` under load with wrk on loopback.
#
#   bench/serve_bench.sh [BUILD_DIR] [N]        (defaults: build 2000)
#
# 1. generates a submission with N recommendations (bench/generate_submission.cpp)
#    and makes a workspace of it with its organisations and a drafter;
# 2. starts `accord serve` on a free loopback port and signs in;
# 3. with wrk (2 threads, 64 connections, DURATION s): the whole document, its
#    XML file as stored (the same server sending bytes of that size with no model
#    or JSON work: the ceiling), one recommendation, and GET /api/v1/session (no
#    workspace work: the server's own floor);
# 4. with wrk (1 thread, 1 connection): edits one after another, what one costs;
#    then (16 threads, one connection each, DURATION s): edits, each thread
#    changing its own recommendation and naming the commit its last edit made
#    (If-Match), so edits of different recommendations meet and merge;
# 5. prints a Markdown table (requests/s, p50, p99, errors) and the machine, and
#    writes it to BUILD_DIR/bench/serve-N/report.md.
#
# Environment: ACCORD (default BUILD_DIR/bin/accord), SEED (1), DURATION (10).
# Installs nothing; says which package is missing.

set -u -o pipefail
export LC_ALL=C.UTF-8

case "${1:-}" in -h|--help) sed -n '2,20p' "$0"; exit 0 ;; esac
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-build}
N=${2:-2000}
SEED=${SEED:-1}
DURATION=${DURATION:-10}
die() { echo "serve_bench: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: sudo apt-get install wrk"
command -v curl >/dev/null || die "curl is missing: sudo apt-get install curl"
mkdir -p "$BUILD_DIR/bench" && BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
ACCORD=${ACCORD:-$BUILD_DIR/bin/accord}
# shellcheck source=bench/lib.sh
. "$REPO/bench/lib.sh"
bench_workspace "serve-$N" "$N"
"$ACCORD" -C "$WS" user add bench --name "Bench" --email bench@example.org --org org01 --role drafter,admin >/dev/null \
    || die "user add failed"
"$ACCORD" -C "$WS" commit -m "The bench submission" >/dev/null || die "the generated submission does not commit"
"$ACCORD" -C "$WS" draft new org01-bench >/dev/null || die "draft new failed"
printf '%s\n' "bench password 1234" | "$ACCORD" -C "$WS" serve passwd bench >/dev/null || die "serve passwd failed"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$ACCORD" -C "$WS" serve --listen "127.0.0.1:$PORT" --threads 16 >"$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -fs "$BASE/api/v1/session" >/dev/null 2>&1 && break; sleep 0.1; done
LOGIN=$(curl -s -D "$OUT/headers.txt" -H 'Content-Type: application/json' \
    -d '{"user":"bench","password":"bench password 1234"}' "$BASE/api/v1/session")
COOKIE=$(grep -i '^Set-Cookie: accord_session=' "$OUT/headers.txt" | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
CSRF=$(printf '%s' "$LOGIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
[ -n "$COOKIE" ] || die "could not sign in: $LOGIN"
REC=$(grep -o 'recommendation id="[^"]*"' "$WS/documents/bench.xml" | sed -n '1p' | cut -d'"' -f2)
DOC_BYTES=$(curl -s -H "Cookie: $COOKIE" "$BASE/api/v1/documents/bench" | wc -c)
SOURCE_BYTES=$(curl -s -H "Cookie: $COOKIE" "$BASE/api/v1/documents/bench/source" | wc -c)

# requests/s, p50 ms, p99 ms, errors of one wrk run
measure() {
    local out="$OUT/wrk-$1.txt"; shift
    wrk --latency "$@" >"$out" 2>&1
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    errors=$(awk '/Non-2xx or 3xx responses/ { n += $NF } /Socket errors/ { for (i = 4; i <= NF; i += 2) n += $i } END { print n + 0 }' "$out")
    echo "$rps $p50 $p99 $errors"
}
row() { # label, name, wrk args…
    local label=$1 name=$2; shift 2
    read -r rps p50 p99 errors < <(measure "$name" "$@")
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99" "$errors"
}

cat >"$OUT/edit.lua" <<EOF
-- Each thread edits its own recommendation, naming the commit its last edit made.
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  rec = "rec-" .. string.format("%05d", id)
  etag = nil
  n = 0
end
function request()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json", ["Cookie"] = "$COOKIE", ["X-CSRF-Token"] = "$CSRF" }
  if etag == nil then
    return wrk.format("GET", "/api/v1/documents/bench/recommendations/" .. rec .. "?rev=org01-bench", headers)
  end
  headers["If-Match"] = etag
  local body = '{"id":"' .. rec .. '","priority":"' .. ((n % 2 == 0) and "high" or "low") .. '","titles":[{"lang":"en","text":"Edit ' .. n .. '"}],"texts":[{"lang":"en","paragraphs":[["Edited by thread ' .. id .. ', edit ' .. n .. '."]]}],"endorsements":["org01"]}'
  return wrk.format("PUT", "/api/v1/drafts/org01-bench/documents/bench/recommendations/" .. rec, headers, body)
end
function response(status, headers, body)
  if headers["ETag"] then etag = headers["ETag"] end
  if status >= 300 then
    io.stderr:write("refused: " .. status .. " " .. string.sub(body, 1, 300) .. "\n")
    etag = nil  -- as a person would: read the recommendation again
  end
end
EOF
# The generator numbers its recommendations rec-00001…; make sure the 16 exist.
for i in $(seq 1 16); do
    grep -q "recommendation id=\"rec-$(printf '%05d' "$i")\"" "$WS/documents/bench.xml" \
        || die "the generated submission has no rec-$(printf '%05d' "$i")"
done

{
    echo "### accord serve with wrk: $N recommendations (document $SOURCE_BYTES bytes as XML, $DOC_BYTES bytes as JSON)"
    echo
    echo "| request | requests/s | p50 | p99 | errors |"
    echo "|---|---:|---:|---:|---:|"
    row "GET /api/v1/session (the server's floor), 64 connections" floor -t2 -c64 -d"${DURATION}s" -H "Cookie: $COOKIE" "$BASE/api/v1/session"
    row "GET the whole document, 64 connections" document -t2 -c64 -d"${DURATION}s" -H "Cookie: $COOKIE" "$BASE/api/v1/documents/bench"
    row "GET the document's XML as stored (no model, no JSON: the ceiling for a read this size), 64 connections" source -t2 -c64 -d"${DURATION}s" -H "Cookie: $COOKIE" "$BASE/api/v1/documents/bench/source"
    row "GET one recommendation, 64 connections" recommendation -t2 -c64 -d"${DURATION}s" -H "Cookie: $COOKIE" \
        "$BASE/api/v1/documents/bench/recommendations/$REC"
    row "PUT edits, 1 client (the time one edit takes)" edit1 -t1 -c1 -d"${DURATION}s" --timeout 30s -s "$OUT/edit.lua" "$BASE"
    sleep 2  # the one client's last edit, still queued when wrk stopped, lands before the next run reads
    row "PUT edits of 16 different recommendations, 16 clients" edits -t16 -c16 -d"${DURATION}s" --timeout 30s -s "$OUT/edit.lua" "$BASE"
    echo
    echo "Machine: $(nproc) cores, $(awk '/model name/ { $1=$2=$3=""; print; exit }' /proc/cpuinfo | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(uname -sr); wrk and the server on the same machine."
} | tee "$OUT/report.md"
kill -TERM "$SERVER" && wait "$SERVER"
trap - EXIT
COMMITS=$(git -C "$WS" rev-list --count draft/org01-bench)
echo
echo "Edits recorded on the draft: $((COMMITS - 1)) commits; git fsck: $(git -C "$WS" fsck --no-progress >/dev/null 2>&1 && echo clean || echo BROKEN)"
