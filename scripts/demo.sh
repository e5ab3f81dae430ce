#!/usr/bin/env bash
# `npm run demo`: a first publish/subscribe round trip on a throwaway local server, using only the
# bin of this checkout and no saved context: start `nats server run`, subscribe, publish, show what
# arrived, stop the server (SIGTERM: background jobs of a script ignore SIGINT).
set -euo pipefail
cd "$(dirname "$0")/.."
nats() { node bin/nats.cjs --no-context "$@"; }
work=$(mktemp -d)
srv=""
sub=""
cleanup() {
  [ -n "$sub" ] && kill "$sub" 2>/dev/null || true
  [ -n "$srv" ] && kill -TERM "$srv" 2>/dev/null && wait "$srv" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
nats server run --port 0 >"$work/url" 2>"$work/server.log" &
srv=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; kill -0 "$srv" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }; sleep 0.1; done
url=$(head -n 1 "$work/url")
echo "server:     $url"
nats -s "$url" sub demo.greeting --count 1 >"$work/sub.out" 2>"$work/sub.err" &
sub=$!
for _ in $(seq 100); do grep -q "Subscribing on" "$work/sub.err" && break; sleep 0.05; done
nats -s "$url" pub demo.greeting "hello from natsx"
wait "$sub"
sub=""
echo "subscriber received:"
cat "$work/sub.out"
