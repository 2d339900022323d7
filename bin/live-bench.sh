#!/bin/bash
# Live sensor benchmark: replays FILE with tcpreplay at fixed packet rates into a veth pair between two
# network namespaces, `vigil sensor` capturing on the other end, and reports per rate the packets the
# sensor decoded and the drops (kernel and ring) from its last stats record. Needs root, iproute2, tcpreplay.
#
# Usage: bin/live-bench.sh FILE WORKERS RATE... [-- SENSOR OPTIONS...]
#   e.g. bin/live-bench.sh /work/bench/mixed-300k.pcap 2 50000 100000 150000 topspeed
# LOOPS=N replays the file N times per rate (default 5), so that the figure is the sustained rate, not
# the first seconds of a JVM still compiling.
set -euo pipefail
file=${1:?usage: bin/live-bench.sh FILE WORKERS RATE... [-- SENSOR OPTIONS]}
workers=${2:?workers}
shift 2
rates=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do rates+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
opts=("$@")
here=$(cd "$(dirname "$0")/.." && pwd)
tag=$$
s=vlb-s$tag r=vlb-r$tag si=vlbs$tag ri=vlbr$tag
cleanup() { ip netns del "$s" 2>/dev/null || true; ip netns del "$r" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$s"; ip netns add "$r"
ip link add "$si" type veth peer name "$ri"
ip link set "$si" netns "$s"; ip link set "$ri" netns "$r"
for ns in "$s:$si" "$r:$ri"; do
  ip netns exec "${ns%%:*}" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  ip -n "${ns%%:*}" link set "${ns##*:}" mtu 9000 up
done
packets=$(capinfos -c -M "$file" | awk -F': *' '/Number of packets/ {print $2}')
echo "file: $file ($packets packets), workers: $workers, sensor options: ${opts[*]:-none}"
stats() {  # the last stats record's decoded packets, kernel drops and ring drops
  grep '"event_type":"stats"' "$1" | tail -1 | python3 -c "
import json, sys
s = json.loads(sys.stdin.read())['stats']; c = s['capture']
print(s['decoder']['pkts'], c['kernel_drops'], c['ring_drops'])"
}
for rate in "${rates[@]}"; do
  out=$(mktemp -d)
  ip netns exec "$r" "$here/vigil" sensor -i "$ri" -l "$out" --workers "$workers" --stats-interval 1 "${opts[@]}" > "$out/sensor.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do grep -q "capturing on" "$out/sensor.log" 2>/dev/null && break; sleep 0.1; done
  # warm-up: the file once at a rate any build keeps up with, so that the JIT has compiled the hot paths
  ip netns exec "$s" tcpreplay -i "$si" --pps 30000 "$file" > /dev/null 2>&1
  sleep 2.5
  read -r p0 k0 d0 < <(stats "$out/eve.json")
  if [ "$rate" = topspeed ]; then speed=(--topspeed); else speed=(--pps "$rate"); fi
  replay=$(ip netns exec "$s" tcpreplay -i "$si" "${speed[@]}" --loop "${LOOPS:-5}" "$file" 2>&1)
  sent=$(awk '/Rated:/ {print $(NF-1)}' <<< "$replay")
  ok=$(awk '/Successful packets:/ {print $3}' <<< "$replay")
  sleep 2
  kill -TERM "$pid"; wait "$pid" || true
  read -r p1 k1 d1 < <(stats "$out/eve.json")
  printf "rate %9s (sent %'d at %'.0f pps): decoded %'d, kernel drops %'d, ring drops %'d\n" \
    "$rate" "${ok:-0}" "${sent:-0}" $((p1 - p0)) $((k1 - k0)) $((d1 - d0))
  rm -rf "$out"
done
