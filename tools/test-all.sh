#!/usr/bin/env bash
# nf-atip: the one test command (README "Running all tests"; .ci/run and the GitHub workflow call it).
#
# On a fresh Debian/Ubuntu machine with only the .NET SDK it does all the set-up and runs every test:
#   1. Debian packages the tests need (APT_PACKAGES below): installed with apt-get when running as
#      root and some are missing; otherwise the missing ones are listed and the run goes on.
#   2. dotnet build nf-atip.sln -c Release
#   3. the nanoFramework guard (tools/NfGuard) over the repository
#   4. PPP on the PC (tools/NfAtip.PppHost/build.sh): lwIP from Debian's source package, the board's PPP
#      session core over it, and the core compiled with the board images' option sets
#   5. dotnet test for every test project of nf-atip.sln; the counts are read from each run's TRX file
#   6. every benchmark of tools/NfAtip.Bench once in a smoke mode (tiny sizes, no timing checked), so a
#      benchmark that no longer runs fails the run instead of rotting
# The last line printed is always "tests: N passed, M failed[, K skipped]" (CI counts tests from it).
# Exit status: 0 only when the build, the guard and every test passed.
set -euo pipefail

# Debian packages the test suites need. Adding one is a one-line change, e.g.:
#   python3-aiosmtpd dovecot-pop3d vsftpd dnsmasq socat picocom tmux
APT_PACKAGES=(
  dovecot-core dovecot-pop3d   # POP3 tests: Dovecot run in the foreground with its own config (tests/NfAtip.Services.Tests/Pop3)
  python3-pyftpdlib python3-openssl   # FTP service tests (pyftpdlib, FTPS via pyOpenSSL)
  socat          # TCP socket tests: echo server, sender and client peers (tests/NfAtip.Services.Tests/Tcp); the relay benchmark's baseline
  curl           # the relay benchmark's FTP baseline (tools/NfAtip.Bench/RelayBenchmark.cs)
  dnsmasq-base   # DNS resolver tests: the binary only, no system daemon on port 53 (tests/NfAtip.Services.Tests/Dns)
  python3-aiosmtpd  # SMTP tests: real server with AUTH, STARTTLS/SMTPS, rejections (tests/NfAtip.Services.Tests/Smtp)
  python3-cryptography  # rig TLS scenarios: a throw-away CA and server certificate per run (tools/NfAtip.Rig/servers/tls-certs.py)
  picocom tmux   # terminal-guide test: picocom in tmux on the virtual board's --pty (tests/NfAtip.Rig.Tests)
  # PPP on the PC's packages (cmake, gcc, libslirp-dev, ...) are installed by tools/NfAtip.PppHost/build.sh itself
)

start_s=$SECONDS
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDTERMINALLOGGER=off
exec </dev/null   # CI has no stdin; nothing here may wait for a key

passed=0 failed=0 skipped=0
build_status="not run" guard_status="not run" native_status="not run" bench_status="not run"
problems=()
per_project=()   # "name: N passed, M failed, K skipped" per test project
log_dir="$(mktemp -d "${TMPDIR:-/tmp}/nf-atip-tests.XXXXXX")"

finish() {
    local rc=$?
    local elapsed=$((SECONDS - start_s))
    echo
    echo "== summary"
    echo "build: $build_status"
    echo "guard: $guard_status"
    echo "native: $native_status"
    echo "benchmarks: $bench_status"
    if ((${#per_project[@]})); then printf '%s\n' "${per_project[@]}"; fi
    if ((${#problems[@]})); then printf 'problem: %s\n' "${problems[@]}"; fi
    printf 'elapsed: %dm%02ds (%d s)\n' $((elapsed / 60)) $((elapsed % 60)) "$elapsed"
    rm -rf "$log_dir"
    local line="tests: $passed passed, $failed failed"
    ((skipped > 0)) && line+=", $skipped skipped"
    echo "$line"
    if ((rc == 0)) && { ((failed > 0)) || ((${#problems[@]} > 0)); }; then rc=1; fi
    exit "$rc"
}
trap finish EXIT

# ---------------------------------------------------------------- 1. Debian packages
echo "== packages"
missing=()
for p in ${APT_PACKAGES[@]+"${APT_PACKAGES[@]}"}; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if ((${#missing[@]} == 0)); then
    echo "all ${#APT_PACKAGES[@]} needed Debian packages present"
elif [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    echo "WARNING: missing Debian packages (not root or no apt-get, not installed): ${missing[*]}" >&2
    echo "         install them with: sudo apt-get install ${missing[*]}  (tests needing them may fail)" >&2
fi

# ---------------------------------------------------------------- 2. build
echo "== build"
build_status="FAILED"
dotnet build nf-atip.sln -c Release -nologo
build_status="ok"

# Projects of the solution (paths relative to the repo, '/' separators).
mapfile -t projects < <(dotnet sln nf-atip.sln list | tr '\\' '/' | grep -E '\.(cs|fs|vb)proj$' || true)

# ---------------------------------------------------------------- 3. nanoFramework guard
echo "== guard"
if [[ -d tools/NfGuard ]]; then
    guard_in_sln=0
    for p in ${projects[@]+"${projects[@]}"}; do [[ $p == tools/NfGuard/* ]] && guard_in_sln=1; done
    if ((guard_in_sln == 0)); then
        dotnet build tools/NfGuard -c Release -nologo
    fi
    if dotnet run --project tools/NfGuard -c Release --no-build -- "$repo"; then
        guard_status="ok"
    else
        guard_status="FAILED"
        problems+=("the nanoFramework guard failed")
    fi
else
    guard_status="skipped (tools/NfGuard not present)"
fi

# ---------------------------------------------------------------- 4. PPP on the PC
echo "== native"
if bash tools/NfAtip.PppHost/build.sh; then
    native_status="ok"
else
    native_status="FAILED"
    problems+=("the PC PPP build (tools/NfAtip.PppHost/build.sh) failed")
fi

# ---------------------------------------------------------------- 5. tests
echo "== tests"
test_projects=()
for p in ${projects[@]+"${projects[@]}"}; do
    if grep -qE 'Microsoft\.NET\.Test\.Sdk|<IsTestProject>\s*true|MSTest\.Sdk|xunit\.v3' "$p"; then
        test_projects+=("$p")
    fi
done
echo "${#test_projects[@]} test project(s): ${test_projects[*]}"

# One count of a TRX <Counters> element: count NAME (reads $counters).
count() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }

for p in ${test_projects[@]+"${test_projects[@]}"}; do
    name="$(basename "$p")"; name="${name%.*}"
    log="$log_dir/$name.log"
    echo "-- $name"
    set +e
    trx="$log_dir/$name.trx"
    rm -f "$trx"
    dotnet test "$p" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$log_dir" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    # The counts come from the TRX file the run wrote (its <Counters> element), not from console text.
    counters="$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null || true)"
    if [[ -z $counters ]]; then
        problems+=("$name: no TRX results (exit $rc): the test host crashed or found no tests")
        per_project+=("  $name: NO RESULT (counted as 1 failed)")
        failed=$((failed + 1))
        continue
    fi
    pp=$(count passed)
    pf=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
    psk=$(count notExecuted)
    passed=$((passed + pp)) failed=$((failed + pf)) skipped=$((skipped + psk))
    per_project+=("  $name: $pp passed, $pf failed, $psk skipped")
    if ((rc != 0)) && ((pf == 0)); then
        problems+=("$name: dotnet test exited $rc")
    fi
done

# ---------------------------------------------------------------- 6. benchmarks, smoke-run
# The commands of docs/performance.md with tiny sizes; the figures are not looked at, only that each runs.
echo "== benchmarks (smoke)"
bench_status="ok"
for run in "smoke" "pump 1" "ftpget 1 1" "relay 1 1" "ppp 16 4" "il" "idle 1"; do
    echo "-- nf-atip-bench $run"
    # shellcheck disable=SC2086 # the mode and its sizes are separate arguments
    if ! dotnet run -c Release --no-build --project tools/NfAtip.Bench -- $run; then
        bench_status="FAILED"
        problems+=("benchmark '$run' (tools/NfAtip.Bench) failed")
    fi
done
