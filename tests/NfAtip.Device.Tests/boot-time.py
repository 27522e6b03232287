#!/usr/bin/env python3
"""Boot to the first prompt on the host path: time from starting the virtual board
(tools/NfAtip.Host --stdio, already built) to the first "OK" answering "AT".

Usage: python3 tests/NfAtip.Device.Tests/boot-time.py [runs]   (from the repository root, after
`dotnet build tools/NfAtip.Host -c Release`). Each run uses a fresh --state directory (blank flash,
so the settings store formats it, as a first boot on a board does) and then a warm one (settings present).
"""
import os, subprocess, sys, tempfile, time, statistics

DLL = os.path.join("tools", "NfAtip.Host", "bin", "Release", "net10.0", "nf-atip-board.dll")

def one(state):
    start = time.perf_counter()
    p = subprocess.Popen(["dotnet", DLL, "--stdio", "--state", state],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    # "AT" is sent at once: the board reads it when its host line is up, so the answer marks the first prompt.
    p.stdin.write(b"AT\r"); p.stdin.flush()
    got = b""
    while b"OK" not in got:
        b = p.stdout.read(1)
        if not b: raise RuntimeError("board exited before answering: %r" % got)
        got += b
    elapsed = time.perf_counter() - start
    p.stdin.close(); p.wait(timeout=10)
    return elapsed * 1000.0

def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as d:
            cold.append(one(d))
            warm.append(one(d))
    for name, xs in (("blank flash", cold), ("settings present", warm)):
        print("%-17s n=%d median %.0f ms  min %.0f  max %.0f" % (name, len(xs), statistics.median(xs), min(xs), max(xs)))

if __name__ == "__main__":
    main()
