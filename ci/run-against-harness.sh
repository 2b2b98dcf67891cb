#!/usr/bin/env bash
# Runs a partner's client test suite against wfo-harness in one step:
#   ci/run-against-harness.sh [options] -- <the partner's test command...>
# Starts the harness, waits until it is healthy, exports its base URL as WFO_HARNESS_URL, runs the
# command, stops the harness, exports the normalised transcript, verifies it against a snapshot
# (when --snapshot is given), writes a coverage report, and exits non-zero when the tests or the
# verification failed. See ci/README.md.
set -uo pipefail

usage() {
  cat <<'USAGE'
usage: run-against-harness.sh [options] -- COMMAND [ARGS...]
  --binary PATH        the wfo-harness binary (default: $WFO_HARNESS_BIN, else wfo-harness on PATH)
  --scenario FILE      scenario YAML to serve (default: the embedded default)
  --sandbox NAME       run the suite in sandbox NAME (WFO_HARNESS_URL ends in /sandbox/NAME)
  --port N             port to listen on (default: 0, any free port)
  --seed N             seed of generated data and ids
  --vary SEED          vary answers within the documents (serve --vary)
  --snapshot FILE      verify the transcript against this snapshot
  --update             rewrite the snapshot instead of verifying it (refused when CI=true)
  --fail-under PCT     fail when documented-case coverage is under PCT percent
  --out DIR            where transcript.yaml, transcript.har and coverage.md go (default: a temp dir)
USAGE
}

binary="${WFO_HARNESS_BIN:-wfo-harness}"
scenario="" sandbox="" port=0 seed="" vary="" snapshot="" update=0 fail_under="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --scenario) scenario="$2"; shift 2 ;;
    --sandbox) sandbox="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --vary) vary="$2"; shift 2 ;;
    --snapshot) snapshot="$2"; shift 2 ;;
    --update) update=1; shift ;;
    --fail-under) fail_under="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "run-against-harness: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "run-against-harness: no test command after --" >&2; usage >&2; exit 2
fi
if ! command -v "$binary" >/dev/null 2>&1; then
  echo "run-against-harness: cannot run the harness binary '$binary' (use --binary or WFO_HARNESS_BIN)" >&2
  exit 2
fi

work="$(mktemp -d)"
out="${out:-$work/out}"
mkdir -p "$out"
data="$work/data"
log="$work/harness.log"

args=(serve --addr "127.0.0.1:$port" --data "$data")
[ -n "$scenario" ] && args+=(--scenario "$scenario")
[ -n "$seed" ] && args+=(--seed "$seed")
[ -n "$vary" ] && args+=(--vary "$vary")

"$binary" "${args[@]}" >"$log" 2>&1 &
harness_pid=$!
stop_harness() {
  if kill -0 "$harness_pid" 2>/dev/null; then
    kill -TERM "$harness_pid" 2>/dev/null
    wait "$harness_pid" 2>/dev/null
  fi
}
trap stop_harness EXIT

# The harness prints "listening on http://ADDR" once it accepts connections.
url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/.*listening on \(http:\/\/[^ ]*\).*/\1/p' "$log" | head -n 1)"
  [ -n "$url" ] && break
  if ! kill -0 "$harness_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "run-against-harness: the harness did not start:" >&2
  cat "$log" >&2
  rm -rf "$data"
  exit 2
fi
# Then wait for GET /__admin/health to answer 200 (plain bash: no HTTP client is needed).
hostport="${url#http://}"
healthy=0
for _ in $(seq 1 100); do
  # (The braces keep the 2>/dev/null from applying to the rest of the script.)
  if { exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"; } 2>/dev/null; then
    printf 'GET /__admin/health HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3
    IFS= read -r status_line <&3 || status_line=""
    exec 3<&- 3>&-
    case "$status_line" in *" 200"*) healthy=1; break ;; esac
  fi
  sleep 0.1
done
if [ "$healthy" != 1 ]; then
  echo "run-against-harness: the harness at $url is not healthy:" >&2
  cat "$log" >&2
  exit 2
fi
[ -n "$sandbox" ] && url="$url/sandbox/$sandbox"
export WFO_HARNESS_URL="$url"
echo "run-against-harness: harness at $WFO_HARNESS_URL"

"$@"
tests_status=$?

stop_harness
trap - EXIT

export_args=(transcript export --data "$data" --sandbox "${sandbox:-default}")
status=0
if ! "$binary" "${export_args[@]}" --format yaml --normalise >"$out/transcript.yaml"; then
  echo "run-against-harness: the transcript could not be exported" >&2
  exit 2
fi
"$binary" "${export_args[@]}" --format har >"$out/transcript.har" || true
rm -rf "$data" "$log"
echo "run-against-harness: transcript in $out/transcript.yaml"

if [ -n "$snapshot" ]; then
  verify_args=(verify --snapshot "$snapshot" --transcript "$out/transcript.yaml")
  [ "$update" = 1 ] && verify_args+=(--update)
  "$binary" "${verify_args[@]}" || status=1
fi

coverage_args=(coverage --transcript "$out/transcript.yaml" --format markdown)
[ -n "$fail_under" ] && coverage_args+=(--fail-under "$fail_under")
"$binary" "${coverage_args[@]}" >"$out/coverage.md" || status=1
echo "run-against-harness: coverage report in $out/coverage.md"
head -n 3 "$out/coverage.md" | tail -n 1

if [ "$tests_status" -ne 0 ]; then
  echo "run-against-harness: the test command failed (exit $tests_status)" >&2
  exit "$tests_status"
fi
exit "$status"
