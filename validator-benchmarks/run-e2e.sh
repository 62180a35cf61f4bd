#!/usr/bin/env bash
# End to end: the same tiny answer on Jetty 12 with and without the validator, loaded with wrk on loopback
# by one hot 1 KB token, in two pairs:
#   servlet: a servlet behind BearerTokenFilter against the bare servlet;
#   jaxrs:   a Jersey resource with TokenValidationFeature (@OAuthSecurity) against bare Jersey (Jersey as
#            a servlet in the same Jetty).
# Each round loads every side once for E2E_DURATION, the sides interleaved and their order reversed every
# other round (ABBA), so slow drifts of the machine's load hit both sides alike. The report lists every
# round, each side's mean and spread, and the per-round ratio's mean and spread, so one can tell whether
# the spread between rounds is smaller than the gap. About 8 minutes with the defaults.
#
# Usage: run-e2e.sh [--jdk DIR] [--results DIR] [--profile SIDE]
#   --jdk DIR       run the servers on the JDK in DIR (default: $JAVA_HOME if set, else java on the PATH)
#   --results DIR   where the results go (default: validator-benchmarks/results)
#   --profile SIDE  after the rounds, load SIDE alone for E2E_PROFILE_DURATION under a JFR recording
#                   (settings=profile, a sample every 1 ms) and print its hottest frames: the top frames
#                   (self), the validator's and the containers' methods on the stack (total), and, inside
#                   the validator, its innermost method with what that was running. SIDE is one of
#                   servlet-filtered, servlet-plain, jaxrs-filtered, jaxrs-plain. The recording stays in
#                   the results folder for `jfr print`, `jfr summary` or JDK Mission Control.
# Settings (environment): E2E_ROUNDS (10), E2E_DURATION (10s per side per round), E2E_WARMUP (5s per side),
#   E2E_THREADS (2), E2E_CONNECTIONS (32), E2E_PAIRS ("servlet jaxrs"), E2E_PROFILE_DURATION (20s).
#   A smoke run, worth no figures: E2E_ROUNDS=1 E2E_DURATION=2s E2E_WARMUP=1s.
# Needs wrk (Debian package `wrk`): installed with apt-get when missing and running as root, otherwise
# the script says so and stops.
# Results: e2e.md, the raw wrk outputs (e2e-PAIR-SIDE-ROUND.txt) and, when profiling, e2e-profile-SIDE.jfr
# and e2e-profile.md.
set -euo pipefail

rounds="${E2E_ROUNDS:-10}"
duration="${E2E_DURATION:-10s}"
warmup="${E2E_WARMUP:-5s}"
threads="${E2E_THREADS:-2}"
connections="${E2E_CONNECTIONS:-32}"
pairs="${E2E_PAIRS:-servlet jaxrs}"
profile_duration="${E2E_PROFILE_DURATION:-20s}"

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
results="$here/results"
jdk="${JAVA_HOME:-}"
profile=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jdk) jdk="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    *) echo "unknown argument: $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
case "$profile" in
  ""|servlet-filtered|servlet-plain|jaxrs-filtered|jaxrs-plain) ;;
  *) echo "--profile wants servlet-filtered, servlet-plain, jaxrs-filtered or jaxrs-plain, not $profile" >&2; exit 2 ;;
esac
for pair in $pairs; do
  case "$pair" in servlet|jaxrs) ;; *) echo "E2E_PAIRS: unknown pair $pair (servlet, jaxrs)" >&2; exit 2 ;; esac
done
if [ -n "$jdk" ]; then
  bin="$jdk/bin"
  [ -x "$bin/java" ] || { echo "no $bin/java: --jdk wants a JDK's folder" >&2; exit 2; }
else
  bin="$(dirname "$(readlink -f "$(command -v java)")")"
fi
mkdir -p "$results"
results="$(cd "$results" && pwd)"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "wrk is not installed; run: sudo apt-get install -y wrk" >&2
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

# The servers stop when their standard input closes (or after 2 hours, whatever happens here).
mkfifo "$work/stdin"
"$bin/java" -Xms1g -Xmx1g -cp "$here/target/classes:$here/target/lib/*" \
  io.github.tokenvalidator.benchmarks.EndToEndServers "$work/ports" 7200 <"$work/stdin" >"$results/e2e-servers.log" 2>&1 &
server_pid=$!
exec 3>"$work/stdin"
for _ in $(seq 1 600); do
  [ -f "$work/ports" ] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the servers did not start; see $results/e2e-servers.log" >&2; exit 1; }
  sleep 0.1
done
[ -f "$work/ports" ] || { echo "the servers did not start within 60 s" >&2; exit 1; }
token="$(sed -n 's/^token=//p' "$work/ports")"
port() { # pair side -> port
  case "$1-$2" in
    servlet-plain) sed -n 's/^plain=//p' "$work/ports" ;;
    servlet-filtered) sed -n 's/^filtered=//p' "$work/ports" ;;
    jaxrs-plain) sed -n 's/^jersey-plain=//p' "$work/ports" ;;
    jaxrs-filtered) sed -n 's/^jersey-filtered=//p' "$work/ports" ;;
  esac
}
url() { echo "http://127.0.0.1:$(port "$1" "$2")/hello"; }
label() { # pair side -> what the side is
  case "$1-$2" in
    servlet-plain) echo "servlet, no filter" ;;
    servlet-filtered) echo "servlet + BearerTokenFilter" ;;
    jaxrs-plain) echo "Jersey, no feature" ;;
    jaxrs-filtered) echo "Jersey + TokenValidationFeature" ;;
  esac
}

for pair in $pairs; do
  without="$(curl -s -o /dev/null -w '%{http_code}' "$(url "$pair" filtered)")"
  with="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$(url "$pair" filtered)")"
  plain="$(curl -s -o /dev/null -w '%{http_code}' "$(url "$pair" plain)")"
  if [ "$without" != 401 ] || [ "$with" != 200 ] || [ "$plain" != 200 ]; then
    echo "$pair: the protected side answered $without without a token and $with with one, the bare side" \
      "$plain (want 401, 200, 200)" >&2
    exit 1
  fi
done

load() { # pair side seconds output
  wrk -t"$threads" -c"$connections" -d"$3" --latency -H "Authorization: Bearer $token" "$(url "$1" "$2")" >"$4"
}

for pair in $pairs; do
  for side in plain filtered; do
    load "$pair" "$side" "$warmup" "$work/warm-$pair-$side.txt"
  done
done
rm -f "$results"/e2e-*-plain-*.txt "$results"/e2e-*-filtered-*.txt
for round in $(seq 1 "$rounds"); do
  order="plain filtered"
  [ $((round % 2)) -eq 0 ] && order="filtered plain"
  echo "round $round of $rounds (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  for pair in $pairs; do
    for side in $order; do
      load "$pair" "$side" "$duration" "$results/e2e-$pair-$side-$round.txt"
    done
  done
done

field() { # file -> "requests/s p50 p99 non2xx socket-errors requests"
  awk '
    /^Requests\/sec:/ { rps = $2 }
    /requests in/ { total = $1 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d %d %s\n", rps, p50, p99, non2xx, errors, total }
  ' "$1"
}

# stats: reads numbers, one a line -> "mean sd min max" (sd: sample standard deviation; 0 for one value)
stats() {
  awk '{ x[NR] = $1; s += $1 } END {
    m = s / NR; for (i = 1; i <= NR; i++) { d += (x[i] - m) ^ 2 }
    sd = NR > 1 ? sqrt(d / (NR - 1)) : 0
    min = x[1]; max = x[1]; for (i = 2; i <= NR; i++) { if (x[i] < min) min = x[i]; if (x[i] > max) max = x[i] }
    printf "%.6f %.6f %.6f %.6f\n", m, sd, min, max
  }'
}

{
  echo "### End to end: hot 1 KB token, wrk -t$threads -c$connections -d$duration per side per round on loopback"
  echo
  echo "- rounds: $rounds, each side once per round, order reversed every other round; warm-up $warmup per side"
  echo "- JDK: $("$bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p') (\`$bin/java\`)"
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git -C "$root" rev-parse --short HEAD); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  for pair in $pairs; do
    plain_label="$(label "$pair" plain)"
    filtered_label="$(label "$pair" filtered)"
    echo
    echo "#### $filtered_label against $plain_label"
    echo
    echo "| round | $plain_label: req/s | p50 | p99 | $filtered_label: req/s | p50 | p99 | non-2xx | socket errors | with / without |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    : >"$work/$pair-plain.rps"
    : >"$work/$pair-filtered.rps"
    : >"$work/$pair-ratio"
    problems=0
    for round in $(seq 1 "$rounds"); do
      read -r prps pp50 pp99 pnon perr _ < <(field "$results/e2e-$pair-plain-$round.txt")
      read -r frps fp50 fp99 fnon ferr _ < <(field "$results/e2e-$pair-filtered-$round.txt")
      ratio="$(awk -v f="$frps" -v p="$prps" 'BEGIN { printf "%.4f", f / p }')"
      echo "$prps" >>"$work/$pair-plain.rps"
      echo "$frps" >>"$work/$pair-filtered.rps"
      echo "$ratio" >>"$work/$pair-ratio"
      problems=$((problems + pnon + perr + fnon + ferr))
      echo "| $round | $prps | $pp50 | $pp99 | $frps | $fp50 | $fp99 | $pnon, $fnon | $perr, $ferr | $(awk -v r="$ratio" 'BEGIN { printf "%.1f%%", 100 * r }') |"
    done
    read -r pm psd pmin pmax < <(stats <"$work/$pair-plain.rps")
    read -r fm fsd fmin fmax < <(stats <"$work/$pair-filtered.rps")
    read -r rm rsd rmin rmax < <(stats <"$work/$pair-ratio")
    echo
    awk -v pm="$pm" -v psd="$psd" -v pmin="$pmin" -v pmax="$pmax" -v fm="$fm" -v fsd="$fsd" -v fmin="$fmin" \
      -v fmax="$fmax" -v rm="$rm" -v rsd="$rsd" -v rmin="$rmin" -v rmax="$rmax" -v n="$rounds" \
      -v pl="$plain_label" -v fl="$filtered_label" -v problems="$problems" 'BEGIN {
      printf "| | mean | standard deviation between rounds | lowest | highest |\n|---|---|---|---|---|\n"
      printf "| %s, req/s | %.0f | %.0f (%.1f%%) | %.0f | %.0f |\n", pl, pm, psd, 100 * psd / pm, pmin, pmax
      printf "| %s, req/s | %.0f | %.0f (%.1f%%) | %.0f | %.0f |\n", fl, fm, fsd, 100 * fsd / fm, fmin, fmax
      printf "| with / without, per round | %.1f%% | %.1f points | %.1f%% | %.1f%% |\n", 100 * rm, 100 * rsd, 100 * rmin, 100 * rmax
      gap = 100 * (1 - rm); sd = 100 * rsd; se = n > 1 ? sd / sqrt(n) : 0
      printf "\nWith the validator: %.1f%% of the throughput without it (mean of the per-round ratios; ratio of the means %.1f%%). ", 100 * rm, 100 * fm / pm
      printf "Gap %.1f points; spread between rounds (standard deviation of the ratio) %.1f points, standard error of the mean %.1f points: ", gap, sd, se
      if (n < 2) { printf "one round gives no spread.\n" }
      else if (sd < (gap < 0 ? -gap : gap)) { printf "the spread is smaller than the gap.\n" }
      else { printf "**the spread is not smaller than the gap**: more rounds or a quieter machine.\n" }
      if (problems > 0) { printf "\n**%d non-2xx answers or socket errors**: see the raw wrk outputs.\n", problems }
    }'
  done
} | tee "$results/e2e.md"

if [ -n "$profile" ]; then
  pair="${profile%%-*}"
  side="${profile#*-}"
  recording="$results/e2e-profile-$profile.jfr"
  rm -f "$recording"
  echo "profiling $profile for $profile_duration" >&2
  # profile settings, but a sample each millisecond instead of each 10 ms: more samples per second of load
  "$bin/jcmd" "$server_pid" JFR.start name=e2e settings=profile 'jdk.ExecutionSample#period=1ms' >/dev/null
  load "$pair" "$side" "$profile_duration" "$results/e2e-profile-$profile.txt"
  "$bin/jcmd" "$server_pid" JFR.stop name=e2e filename="$recording" >/dev/null
  "$bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$recording" >"$work/samples.txt"
  {
    echo "### Profile: $(label "$pair" "$side") under wrk -t$threads -c$connections -d$profile_duration (JFR, settings=profile, execution samples every 1 ms)"
    echo
    echo "Recording: \`$recording\` (\`$bin/jfr summary\` or \`$bin/jfr print --events jdk.ExecutionSample\` it, or open it in JDK Mission Control)."
    echo
    # Each sample's stack lists its top frame first. Self: samples whose top frame is the method. Total:
    # samples with the method anywhere on the stack, counted once per sample.
    awk '
      function method(line) { sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*$/, "", line); sub(/\(.*$/, "", line); return line }
      /jdk.ExecutionSample/ { samples++ }
      /stackTrace = \[/ { depth = 0; delete seen; inner = ""; callee = "(its own code)"; next }
      /^[ \t]+\]/ { depth = -1; if (inner != "") { within[inner " → " callee]++ }; next }
      depth >= 0 && /line:/ {
        m = method($0)
        if (depth == 0) { self[m]++ }
        if (!(m in seen)) { seen[m] = 1; total[m]++ }
        if (inner == "") { if (m ~ /^io\.github\.tokenvalidator\./ && m !~ /\.benchmarks\./) { inner = m } else { callee = m } }
        depth++
      }
      END {
        printf "%d samples.\n\n#### Top frames (self)\n\n| samples | share | method |\n|---|---|---|\n", samples
        n = 0; for (m in self) { keys[++n] = m }
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (self[keys[j]] > self[keys[i]]) { t = keys[i]; keys[i] = keys[j]; keys[j] = t }
        for (i = 1; i <= n && i <= 30; i++) printf "| %d | %.1f%% | `%s` |\n", self[keys[i]], 100 * self[keys[i]] / samples, keys[i]
        printf "\n#### The validator'"'"'s methods and the servlet/JAX-RS entry points (total: on the stack)\n\n| samples | share | method |\n|---|---|---|\n"
        n = 0; for (m in total) if (m ~ /^io\.github\.tokenvalidator\./ || m ~ /(doFilter|service|handle)$/ && m ~ /^(org\.eclipse\.jetty|org\.glassfish\.jersey)/) { tkeys[++n] = m }
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (total[tkeys[j]] > total[tkeys[i]]) { t = tkeys[i]; tkeys[i] = tkeys[j]; tkeys[j] = t }
        for (i = 1; i <= n && i <= 40; i++) printf "| %d | %.1f%% | `%s` |\n", total[tkeys[i]], 100 * total[tkeys[i]] / samples, tkeys[i]
        printf "\n#### Inside the validator: its innermost method on the stack and what that was running\n\n| samples | share | method → running |\n|---|---|---|\n"
        n = 0; for (m in within) { wkeys[++n] = m }
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (within[wkeys[j]] > within[wkeys[i]]) { t = wkeys[i]; wkeys[i] = wkeys[j]; wkeys[j] = t }
        for (i = 1; i <= n && i <= 40; i++) printf "| %d | %.1f%% | `%s` |\n", within[wkeys[i]], 100 * within[wkeys[i]] / samples, wkeys[i]
      }
    ' "$work/samples.txt"
  } | tee "$results/e2e-profile.md"
fi
