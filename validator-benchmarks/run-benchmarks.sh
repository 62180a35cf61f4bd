#!/usr/bin/env bash
# Builds validator-benchmarks and runs every measurement but the end-to-end one (run-e2e.sh):
# JMH hot and cold tokens, herd, own-token renewal, memory, and the JWT ones (JMH first sight and hot
# against Spring's NimbusJwtDecoder, unknown-kid storm), and a hot DPoP-bound token against Spring's
# DPoPAuthenticationProvider, and the fleet sharing one cache on Redis. About 12 minutes on 2 cores.
#
# Usage: run-benchmarks.sh [--jdk DIR] [--results DIR] [--parts "jmh herd renewal memory jwt kid-storm fleet"] [-- JMH options]
#   --jdk DIR      run the measurements on the JDK in DIR (default: $JAVA_HOME if set, else the java on the
#                  PATH), e.g. /usr/lib/jvm/temurin-25-jdk-amd64. Maven builds with its own JDK either way,
#                  so the classes stay Java 17 bytecode; summary.md and jmh.md name the JDK that ran.
#   --results DIR  where the results go (default: validator-benchmarks/results)
#   --parts LIST   which measurements to run, in order (default: all eight; fleet: the shared cache on Redis)
#   -- ...         JMH options for the suites (jmh, jwt), overriding the benchmarks' own; a smoke run,
#                  worth no figures: -- -f 0 -wi 0 -i 1 -r 1s -w 1s -p pool=2000 (pool: the JWT first-sight
#                  benchmark's tokens, signed beforehand; its iterations stay 200 ms)
# Results: summary.md plus each part's file and JMH's JSON.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
results="$here/results"
jdk="${JAVA_HOME:-}"
parts="jmh herd renewal memory jwt kid-storm dpop fleet"
jmh_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jdk) jdk="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --parts) parts="$2"; shift 2 ;;
    --) shift; jmh_args=("$@"); break ;;
    *) echo "unknown argument: $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
java="java"
if [ -n "$jdk" ]; then
  java="$jdk/bin/java"
  [ -x "$java" ] || { echo "no $java: --jdk wants a JDK's folder" >&2; exit 2; }
fi
mkdir -p "$results"
results="$(cd "$results" && pwd)"

cd "$root"
mvn -B -ntp -q -pl validator-benchmarks -am package -DskipTests

cp="$here/target/classes:$here/target/lib/*"
pkg=io.github.tokenvalidator.benchmarks
: >"$results/load.md"

# part NAME JAVA-ARGS... [-- PROGRAM-ARGS...]: runs one measurement on the chosen JDK, its full output to
# NAME.log, noting the load around it. The results folder is the program's first argument.
part() {
  local name="$1"
  shift
  local jvm_args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do jvm_args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local before
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $name (load average $before)"
  "$java" "${jvm_args[@]}" "$results" "$@" >"$results/$name.log" 2>&1 || { tail -30 "$results/$name.log" >&2; exit 1; }
  cat "$results/$name.md"
  echo "| $name | $before | $(cut -d' ' -f1-3 /proc/loadavg) |" >>"$results/load.md"
}

for name in $parts; do
  case "$name" in
    jmh) part jmh -Xms1g -Xmx1g -cp "$cp" $pkg.JmhSuite -- ${jmh_args[@]+"${jmh_args[@]}"} ;;
    herd) part herd -Xms1g -Xmx1g -cp "$cp" $pkg.HerdMeasurement ;;
    renewal) part renewal -Xms1g -Xmx1g -cp "$cp" $pkg.RenewalMeasurement ;;
    # Serial GC: used heap after System.gc() is then exact, which the bytes-per-entry figure relies on;
    # self-attach lets JOL read record fields for its per-class breakdown.
    memory) part memory -XX:+UseSerialGC -Xms2g -Xmx2g -Djdk.attach.allowAttachSelf=true -cp "$cp" $pkg.MemoryMeasurement ;;
    jwt) part jwt -Xms1g -Xmx1g -cp "$cp" $pkg.JwtSuite -- ${jmh_args[@]+"${jmh_args[@]}"} ;;
    kid-storm) part kid-storm -Xms1g -Xmx1g -cp "$cp" $pkg.KidStormMeasurement ;;
    dpop) part dpop -Xms1g -Xmx1g -cp "$cp" $pkg.DpopSuite -- ${jmh_args[@]+"${jmh_args[@]}"} ;;
    fleet) part fleet -Xms1g -Xmx1g -Dtest.redis-server="$here/target/redis/redis-server-6.2.6-v5-linux-amd64" \
      -cp "$cp" $pkg.FleetMeasurement ;;
    *) echo "unknown part: $name (jmh, herd, renewal, memory, jwt, kid-storm, dpop, fleet)" >&2; exit 2 ;;
  esac
done

{
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo ' (with uncommitted changes)')"
  echo "- cores: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "- memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "- JDK: $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p') ($("$java" -version 2>&1 | head -1); \`$(command -v "$java")\`)"
  if [ ${#jmh_args[@]} -gt 0 ]; then echo "- JMH options: ${jmh_args[*]} (shortened settings: not for figures)"; fi
  echo
  echo "| part | load average before (1, 5, 15 min) | after |"
  echo "|---|---|---|"
  cat "$results/load.md"
  echo
  for name in $parts; do
    cat "$results/$name.md"
    echo
  done
} >"$results/summary.md"
echo "Summary: $results/summary.md"
