#!/usr/bin/env bash
# Builds validator-benchmarks and runs every measurement but the end-to-end one (run-e2e.sh):
# JMH hot and cold tokens, herd, own-token renewal, memory. About 4 minutes on 2 cores.
# Results: validator-benchmarks/results/ (summary.md plus each part's file and JMH's JSON).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
results="$here/results"
mkdir -p "$results"

cd "$root"
mvn -B -ntp -q -pl validator-benchmarks -am package -DskipTests

cp="$here/target/classes:$here/target/lib/*"
pkg=io.github.tokenvalidator.benchmarks
: >"$results/load.md"

# part NAME JAVA-ARGS...: runs one measurement, its full output to NAME.log, noting the load around it.
part() {
  local name="$1"
  shift
  local before
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $name (load average $before)"
  java "$@" "$results" >"$results/$name.log" 2>&1 || { tail -30 "$results/$name.log" >&2; exit 1; }
  cat "$results/$name.md"
  echo "| $name | $before | $(cut -d' ' -f1-3 /proc/loadavg) |" >>"$results/load.md"
}

part jmh -Xms1g -Xmx1g -cp "$cp" $pkg.JmhSuite
part herd -Xms1g -Xmx1g -cp "$cp" $pkg.HerdMeasurement
part renewal -Xms1g -Xmx1g -cp "$cp" $pkg.RenewalMeasurement
# Serial GC: used heap after System.gc() is then exact, which the bytes-per-entry figure relies on;
# self-attach lets JOL read record fields for its per-class breakdown.
part memory -XX:+UseSerialGC -Xms2g -Xmx2g -Djdk.attach.allowAttachSelf=true -cp "$cp" $pkg.MemoryMeasurement

{
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)"
  echo "- cores: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "- memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "- JDK: $(java -version 2>&1 | head -1)"
  echo
  echo "| part | load average before (1, 5, 15 min) | after |"
  echo "|---|---|---|"
  cat "$results/load.md"
  echo
  for name in jmh herd renewal memory; do
    cat "$results/$name.md"
    echo
  done
} >"$results/summary.md"
echo "Summary: $results/summary.md"
