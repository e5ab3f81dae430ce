#!/usr/bin/env bash
# `npm run demo`: a first publish/subscribe round trip on a throwaway local server, using only the
# bin of this checkout and no saved context: start `nats server run`, subscribe, publish, show what
# arrived, stop the server. Everything it started is stopped again however it ends — success, a
# failed step, Ctrl-C or SIGTERM — and the exit code says which (0, the step's code, 130, 143).
# DEMO_SUBJECT changes the subject (default demo.greeting). DEMO_PAUSE=1 stops before the publish until
# Enter (the subscriber waits meanwhile: publish to it from another terminal with the line shown).
set -euo pipefail
cd "$(dirname "$0")/.."
subject=${DEMO_SUBJECT:-demo.greeting}
# node itself, not a shell function: `$!` must be the pid of the process to stop, not of a subshell
nats=(node bin/nats.cjs --no-context)
work=$(mktemp -d)
srv=""
nsrv=""
sub=""

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
# waits up to ~5s for a pid to end; true when it did
ended() { for _ in $(seq 50); do alive "$1" || return 0; sleep 0.1; done; ! alive "$1"; }

# the nats-server `server run` started, from its log line "Started nats-server V (pid N) on URL"
server_pid() { sed -n 's/.*Started nats-server.* (pid \([0-9]*\)).*/\1/p' "$work/server.log" 2>/dev/null | head -n 1; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if alive "$sub"; then kill -TERM "$sub" 2>/dev/null || true; fi
  if [ -n "$srv" ]; then
    # `server run` stops its nats-server on SIGTERM and removes the server's data
    [ -n "$nsrv" ] || nsrv=$(server_pid)
    kill -TERM "$srv" 2>/dev/null || true
    if ! ended "$srv"; then kill -KILL "$srv" 2>/dev/null || true; fi
    wait "$srv" 2>/dev/null || true
    if alive "$nsrv" && ! { kill -TERM "$nsrv" 2>/dev/null && ended "$nsrv"; }; then kill -KILL "$nsrv" 2>/dev/null || true; fi
    echo "stopped:    the server and everything else the demo started" >&2
  fi
  if alive "$sub"; then kill -KILL "$sub" 2>/dev/null || true; fi
  [ -n "$sub" ] && { wait "$sub" 2>/dev/null || true; }
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# its own process group (job control on for the start only): a terminal's Ctrl-C reaches the script,
# which stops the server with one SIGTERM; a second signal would make `server run` quit at once
set -m
"${nats[@]}" server run --port 0 >"$work/url" 2>"$work/server.log" &
srv=$!
set +m
for _ in $(seq 100); do
  [ -s "$work/url" ] && nsrv=$(server_pid) && [ -n "$nsrv" ] && break
  alive "$srv" || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/url" ] || { echo "nats server run did not start within 10s" >&2; cat "$work/server.log" >&2; exit 1; }
url=$(head -n 1 "$work/url")
echo "server:     $url (nats server run pid $srv, nats-server pid ${nsrv:-unknown})"
"${nats[@]}" -s "$url" sub "$subject" --count 1 >"$work/sub.out" 2>"$work/sub.err" &
sub=$!
for _ in $(seq 100); do
  grep -q "Subscribing on" "$work/sub.err" && break
  alive "$sub" || break
  sleep 0.05
done
if [ -n "${DEMO_PAUSE:-}" ]; then
  echo "waiting:    the subscriber listens on $subject; press Enter to publish (or, elsewhere: nats -s $url pub $subject hi)"
  read -r _ || true
fi
"${nats[@]}" -s "$url" pub "$subject" "hello from natsx"
wait "$sub"
sub=""
echo "subscriber received:"
cat "$work/sub.out"
