#!/usr/bin/env bash
# CPU time the virtual board uses per idle second (issue H, "no busy waiting"), from /proc/PID/stat:
# 20 s in command mode, then 20 s of an AT#OTCP session to an idle socat echo server. Linux only; needs
# socat (tools/test-all.sh installs it) and a Release build of tools/NfAtip.Host.
#   bash tools/NfAtip.Bench/idle-cpu.sh [SECONDS]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dll="$repo/tools/NfAtip.Host/bin/Release/net10.0/nf-atip-board.dll"
secs=${1:-20}
[[ -f $dll ]] || { echo "build it first: dotnet build -c Release tools/NfAtip.Host" >&2; exit 2; }
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
socat TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork EXEC:cat & echo_pid=$!
mkfifo "$dir/in"
exec 3<>"$dir/in"   # held open: the board's --stdio input never ends
dotnet "$dll" --stdio --ip direct --state "$dir/state" <&3 >"$dir/out" 2>"$dir/err" & board=$!
trap 'kill $board $echo_pid 2>/dev/null; rm -rf "$dir"' EXIT
cpu() { awk '{print $14 + $15}' /proc/$board/stat; }   # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)
sleep 4
a=$(cpu); sleep "$secs"; b=$(cpu)
echo "command mode: $(( (b - a) * 1000 / hz / secs )) ms CPU per idle second ($((b - a)) ticks in $secs s)"
printf 'AT#TCPSERV="127.0.0.1"\rAT#TCPPORT=%s\rAT#CONNECTIONSTART\r' "$port" >&3; sleep 3
printf 'AT#OTCP\r' >&3; sleep 3
grep -aq OK_Info_WaitingForData "$dir/out" || { echo "the session did not open:"; cat -v "$dir/out"; exit 1; }
a=$(cpu); sleep "$secs"; b=$(cpu)
echo "idle AT#OTCP session: $(( (b - a) * 1000 / hz / secs )) ms CPU per idle second ($((b - a)) ticks in $secs s)"
