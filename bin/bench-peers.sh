#!/bin/bash
# Measures Vigil against its peers on one capture, in one run, so the figures share the machine's
# state (page cache, load from other processes):
#
#   cat FILE > /dev/null                 memory floor (file already in the page cache)
#   tcpdump -r FILE -w /dev/null         libpcap read + write, no decoding
#   vigil bench FILE --workers 1         decode + flow + flow records, steady state (after warm-up)
#   vigil bench FILE --workers 2
#   vigil analyze FILE --workers 1       one cold pass (JVM start, JIT warm-up, eve.json written)
#   snort / suricata                     only when installed
#
# Each row is run RUNS times (default 3); the table shows the median. MB = 10^6 bytes. For tools the
# time is the process wall time; for `vigil bench` it is the median steady-state pass of each run
# (JVM start and warm-up passes excluded), its CPU column the process CPU time of that pass, and its
# max RSS the whole JVM's (which counts the memory-mapped capture). Max RSS comes from /usr/bin/time -v.
#
# Usage: bin/bench-peers.sh FILE [RUNS]
#   env: PASSES (vigil bench timed passes, default 5), SKIP_ANALYZE=1 (drop the cold analyze row),
#        VIGIL (launcher, default: the one next to this script)
set -euo pipefail

file=${1:?usage: bin/bench-peers.sh FILE [RUNS]}
runs=${2:-3}
passes=${PASSES:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
vigil=${VIGIL:-$here/vigil}
[ -r "$file" ] || { echo "bench-peers: cannot read $file" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-peers: /usr/bin/time (package 'time') is required for max RSS" >&2; exit 1; }

bytes=$(stat -c %s "$file")
packets=""
if command -v capinfos >/dev/null 2>&1; then
  packets=$(capinfos -Mc "$file" 2>/dev/null | awk -F: '/Number of packets/ {gsub(/[ ,]/, "", $2); print $2}')
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# time_v LOGFILE CMD... : runs CMD under /usr/bin/time -v; prints "wall_s rss_kb cpu_s"
# (wall from the shell's nanosecond clock: /usr/bin/time only resolves 10 ms)
time_v() {
  local log=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$log.time" "$@" > "$log.out" 2> "$log.err" || { echo "bench-peers: failed: $*" >&2; cat "$log.err" >&2; return 1; }
  t1=$(date +%s%N)
  awk -F': ' -v ns=$((t1 - t0)) '
    /Maximum resident set size/ { rss=$2 }
    /User time/ { u=$2 } /System time/ { s=$2 }
    END { printf "%.4f %s %.2f\n", ns / 1e9, rss, u + s }' "$log.time"
}

declare -a ROW_NAME ROW_CMD ROW_RUNS ROW_MED ROW_RSS ROW_CPU ROW_NOTE
add_row() { ROW_NAME+=("$1"); ROW_CMD+=("$2"); ROW_RUNS+=("$3"); ROW_MED+=("$4"); ROW_RSS+=("$5"); ROW_CPU+=("$6"); ROW_NOTE+=("$7"); }

# measure NAME DISPLAY_CMD CMD... : external tool, wall time per run
measure() {
  local name=$1 shown=$2; shift 2
  local walls=() rss=() cpu=() i r
  for i in $(seq 1 "$runs"); do
    r=$(time_v "$work/$name.$i" "$@")
    walls+=("$(echo "$r" | awk '{printf "%.3f", $1}')")
    rss+=("$(echo "$r" | awk '{print $2}')")
    cpu+=("$(echo "$r" | awk '{print $3}')")
  done
  add_row "$name" "$shown" "${walls[*]}" "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" \
    "$(printf '%s\n' "${cpu[@]}" | median)" ""
}

# measure_bench NAME WORKERS : vigil bench; per run, its median steady-state pass (wall and process CPU)
measure_bench() {
  local name=$1 w=$2 walls=() rss=() heaps=() cpus=() i r heap
  for i in $(seq 1 "$runs"); do
    r=$(time_v "$work/$name.$i" "$vigil" bench "$file" --workers "$w" --passes "$passes")
    # "median pass: 0.262 s, 1734.2 MB/s, 5,796,977 packets/s, cpu 0.270 s (...)"
    walls+=("$(awk '/^median pass:/ {print $3}' "$work/$name.$i.out")")
    cpus+=("$(awk '/^median pass:/ {for (k = 1; k <= NF; k++) if ($k == "cpu") print $(k + 1)}' "$work/$name.$i.out")")
    heap=$(awk '/^peak heap:/ {print $3}' "$work/$name.$i.out")
    rss+=("$(echo "$r" | awk '{print $2}')")
    heaps+=("$heap")
  done
  add_row "$name" "vigil bench F --workers $w --passes $passes" "${walls[*]}" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" \
    "$(printf '%s\n' "${cpus[@]}" | median)" \
    "steady state (median pass of $passes after 2 warm-up passes); peak heap $(printf '%s\n' "${heaps[@]}" | median) MiB; JVM max RSS includes the mapped file"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "# bench-peers: $file ($bytes bytes${packets:+, $packets packets}), $runs runs each, median"
echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)   load before: $(load)"

cat "$file" > /dev/null   # into the page cache; every row below reads it from memory
"$vigil" --version > /dev/null 2>&1 || true   # builds target/vigil.jar when it is stale, outside the timings

measure cat "cat F > /dev/null" cat "$file"
measure tcpdump "tcpdump -r F -w /dev/null" tcpdump -r "$file" -w /dev/null
measure_bench vigil-w1 1
measure_bench vigil-w2 2
if [ -z "${SKIP_ANALYZE:-}" ]; then
  measure vigil-analyze-w1 "vigil analyze F --workers 1 -o DIR (cold, 1 pass)" "$vigil" analyze "$file" --workers 1 -o "$work/eve"
fi
if command -v suricata >/dev/null 2>&1; then
  mkdir -p "$work/suri"
  measure suricata "suricata -r F -l DIR -k none --runmode single" suricata -r "$file" -l "$work/suri" -k none --runmode single
fi
if command -v snort >/dev/null 2>&1; then
  measure snort "snort -r F -q" snort -r "$file" -q
fi

echo "# load after: $(load)"
tcp_med=""
for i in "${!ROW_NAME[@]}"; do [ "${ROW_NAME[$i]}" = tcpdump ] && tcp_med=${ROW_MED[$i]}; done
printf '\n| %-18s | %-52s | %-24s | %9s | %9s | %12s | %10s | %10s | %10s |\n' tool command "runs (s)" "median s" "MB/s" "packets/s" "vs tcpdump" "max RSS MB" "CPU s"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..20})" "$(printf -- '-%.0s' {1..54})" "$(printf -- '-%.0s' {1..26})" \
  "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..14})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..12})"
for i in "${!ROW_NAME[@]}"; do
  awk -v n="${ROW_NAME[$i]}" -v c="${ROW_CMD[$i]}" -v r="${ROW_RUNS[$i]}" -v m="${ROW_MED[$i]}" -v rss="${ROW_RSS[$i]}" -v cpu="${ROW_CPU[$i]}" \
      -v b="$bytes" -v p="${packets:-0}" -v t="$tcp_med" 'BEGIN {
    mbs = (m > 0) ? b / m / 1e6 : 0
    pps = (m > 0 && p > 0) ? sprintf("%.2f M", p / m / 1e6) : "-"
    ratio = (t > 0 && m > 0) ? sprintf("%.2fx", t / m) : "-"
    printf "| %-18s | %-52s | %-24s | %9.3f | %9.0f | %12s | %10s | %10.0f | %10s |\n", n, c, r, m, mbs, pps, ratio, rss / 1024, cpu
  }'
done
for i in "${!ROW_NAME[@]}"; do
  [ -n "${ROW_NOTE[$i]}" ] && echo "  ${ROW_NAME[$i]}: ${ROW_NOTE[$i]}"
done
echo
echo "ratio = tool MB/s / tcpdump MB/s (above 1 = faster than tcpdump). CPU s = user+sys of the process"
echo "(vigil bench: process CPU time of the median pass only). A single-threaded tool whose wall time is"
echo "well above its CPU time was kept waiting for a core by other processes."
