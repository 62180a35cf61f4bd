#!/usr/bin/env bash
# End to end: the same small servlet on Jetty 12 with BearerTokenFilter in front and without it, loaded
# with wrk on loopback by one hot 1 KB token. Installs wrk (Debian package) if it is missing.
# Results: validator-benchmarks/results/e2e.md and the raw wrk outputs beside it. About 1.5 minutes.
# Settings (environment): E2E_DURATION (10s), E2E_WARMUP (5s), E2E_THREADS (2), E2E_CONNECTIONS (32),
# E2E_ROUNDS (3; the variants alternate so both meet the same noise).
set -euo pipefail

duration="${E2E_DURATION:-10s}"
warmup="${E2E_WARMUP:-5s}"
threads="${E2E_THREADS:-2}"
connections="${E2E_CONNECTIONS:-32}"
rounds="${E2E_ROUNDS:-3}"

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
results="$here/results"
mkdir -p "$results"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "wrk is not installed; run: sudo apt-get install wrk" >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
fi

cd "$root"
mvn -B -ntp -q -pl validator-benchmarks -am package -DskipTests

work="$(mktemp -d)"
server_pid=""
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The servers stop when their standard input closes (or after 10 minutes, whatever happens here).
mkfifo "$work/stdin"
java -Xms1g -Xmx1g -cp "$here/target/classes:$here/target/lib/*" \
  io.github.tokenvalidator.benchmarks.EndToEndServers "$work/ports" 600 <"$work/stdin" >"$results/e2e-servers.log" 2>&1 &
server_pid=$!
exec 3>"$work/stdin"
for _ in $(seq 1 300); do
  [ -f "$work/ports" ] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the servers did not start; see $results/e2e-servers.log" >&2; exit 1; }
  sleep 0.1
done
[ -f "$work/ports" ] || { echo "the servers did not start within 30 s" >&2; exit 1; }
plain_port="$(sed -n 's/^plain=//p' "$work/ports")"
filtered_port="$(sed -n 's/^filtered=//p' "$work/ports")"
token="$(sed -n 's/^token=//p' "$work/ports")"
url() { echo "http://127.0.0.1:$1/hello"; }

if command -v curl >/dev/null 2>&1; then
  without="$(curl -s -o /dev/null -w '%{http_code}' "$(url "$filtered_port")")"
  with="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$(url "$filtered_port")")"
  if [ "$without" != 401 ] || [ "$with" != 200 ]; then
    echo "the filtered server answered $without without a token and $with with one (want 401, 200)" >&2
    exit 1
  fi
fi

load() { # variant port seconds output
  wrk -t"$threads" -c"$connections" -d"$3" --latency -H "Authorization: Bearer $token" "$(url "$2")" >"$4"
}

load plain "$plain_port" "$warmup" "$work/warm-plain.txt"
load filtered "$filtered_port" "$warmup" "$work/warm-filtered.txt"
for round in $(seq 1 "$rounds"); do
  load plain "$plain_port" "$duration" "$results/e2e-plain-$round.txt"
  load filtered "$filtered_port" "$duration" "$results/e2e-filtered-$round.txt"
done

field() { # file -> "requests/s p50 p75 p90 p99 non2xx socket-errors requests"
  awk '
    /^Requests\/sec:/ { rps = $2 }
    /requests in/ { total = $1 }
    /^ +50%/ { p50 = $2 } /^ +75%/ { p75 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %s %s %d %d %s\n", rps, p50, p75, p90, p99, non2xx, errors, total }
  ' "$1"
}

{
  echo "### End to end: Jetty 12 (ee10), hot 1 KB token, wrk -t$threads -c$connections -d$duration on loopback"
  echo
  echo "| round | server | requests/s | p50 | p75 | p90 | p99 | non-2xx | socket errors | requests |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  plain_sum=0
  filtered_sum=0
  non2xx_sum=0
  for round in $(seq 1 "$rounds"); do
    for variant in plain filtered; do
      read -r rps p50 p75 p90 p99 non2xx errors total < <(field "$results/e2e-$variant-$round.txt")
      label="without filter"
      [ "$variant" = filtered ] && label="with BearerTokenFilter"
      echo "| $round | $label | $rps | $p50 | $p75 | $p90 | $p99 | $non2xx | $errors | $total |"
      if [ "$variant" = plain ]; then
        plain_sum="$(awk -v a="$plain_sum" -v b="$rps" 'BEGIN { print a + b }')"
      else
        filtered_sum="$(awk -v a="$filtered_sum" -v b="$rps" 'BEGIN { print a + b }')"
        non2xx_sum=$((non2xx_sum + non2xx))
      fi
    done
  done
  echo
  awk -v f="$filtered_sum" -v p="$plain_sum" -v n="$non2xx_sum" 'BEGIN {
    printf "Throughput with the filter: %.1f%% of the same Jetty without it (all rounds); non-2xx with the filter: %d.\n", 100 * f / p, n
  }'
} | tee "$results/e2e.md"
