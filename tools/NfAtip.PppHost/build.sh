#!/usr/bin/env bash
# nf-atip on the PC: builds nfatip-ppp-peer (the board's PPP session core over lwIP) and compiles the
# core with the board images' lwIP option sets. lwIP is Debian's `lwip` source package (2.1.3, with
# Debian's CVE-2020-8597 fix and unix port), fetched with apt's source client from the archive this
# machine already uses; nothing of lwIP is in the repository. The project's build (NfAtip.PppHost.csproj,
# so also the virtual board's) and tools/test-all.sh run this.
#
#   bash tools/NfAtip.PppHost/build.sh          # output in tools/NfAtip.PppHost/build/
#
# As root it installs the Debian packages below when some are missing, and without a deb-src entry it
# adds one for the same archive and suite as the machine's first Debian `deb` entry
# (/etc/apt/sources.list.d/nf-atip-deb-src.sources) and runs apt-get update.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/build"
src="$out/lwip"
want_version="2.1.3"

# What this build needs from Debian: a C toolchain and apt's source client, and libslirp (the simulated
# ISP's route to the PC's network: nfatip-ppp-isp).
PACKAGES=(cmake gcc libc6-dev dpkg-dev libslirp-dev libglib2.0-dev pkgconf)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        echo "nfatip-ppp build: missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
    echo "nfatip-ppp build: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

have_source() { [[ -f $src/src/Filelists.cmake ]]; }

add_deb_src() {
    local uri suite keyring
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
        suite=$(awk '/^Suites:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
        keyring=$(awk '/^Signed-By:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    elif [[ -f /etc/apt/sources.list ]]; then
        read -r _ uri suite _ < <(grep -E '^deb[[:space:]]' /etc/apt/sources.list | head -1)
    fi
    if [[ -z ${uri:-} || -z ${suite:-} ]]; then
        echo "nfatip-ppp build: no Debian 'deb' entry found to derive a deb-src entry from" >&2
        return 1
    fi
    {
        echo "Types: deb-src"
        echo "URIs: $uri"
        echo "Suites: $suite"
        echo "Components: main"
        [[ -n ${keyring:-} ]] && echo "Signed-By: $keyring"
    } > /etc/apt/sources.list.d/nf-atip-deb-src.sources
    apt-get update -q
}

if ! have_source; then
    mkdir -p "$out/download"
    cd "$out/download"
    if ! apt-get source --download-only -q lwip >/dev/null 2>&1; then
        if [[ $(id -u) -ne 0 ]]; then
            echo "nfatip-ppp build: 'apt-get source lwip' failed and this is not root: add a deb-src entry, or run as root" >&2
            exit 1
        fi
        add_deb_src
        apt-get source --download-only -q lwip
    fi
    rm -rf "$out/extract"
    dpkg-source -x --no-check "$(ls lwip_*.dsc | head -1)" "$out/extract" >/dev/null
    rm -rf "$src"
    mv "$out/extract" "$src"
fi
version=$(tr -d '\r' < "$src/src/include/lwip/init.h" | awk '/#define LWIP_VERSION_(MAJOR|MINOR|REVISION)[[:space:]]/ {printf "%s%s", sep, $3; sep="."}')
if [[ $version != "$want_version" ]]; then
    echo "nfatip-ppp build: Debian's lwip source is $version, this build is written for $want_version" >&2
    exit 1
fi

cmake -S "$here/native" -B "$out/cmake" -DLWIP_DIR="$src" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$out/cmake" -j 2
echo "nfatip-ppp build: lwIP $version from Debian's source package; $out/cmake/nfatip-ppp-peer"
