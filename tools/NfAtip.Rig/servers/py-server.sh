#!/bin/sh
# Runs one of the Python servers of the service tests (tests/NfAtip.Services.Tests/) with Debian's
# /usr/bin/python3 (where python3-aiosmtpd and python3-pyftpdlib live), so the rig shares them with the
# tests instead of keeping copies. The repository is found upwards from this script (it holds nf-atip.sln).
#   py-server.sh Smtp/smtp_server.py ARGS...     py-server.sh Ftp/ftp_server.py ARGS...
set -eu
script=$1; shift
d=$(cd "$(dirname "$0")" && pwd)
while [ "$d" != / ] && [ ! -f "$d/nf-atip.sln" ]; do d=$(dirname "$d"); done
[ -f "$d/nf-atip.sln" ] || { echo "py-server.sh: repository (nf-atip.sln) not found above $0" >&2; exit 1; }
exec /usr/bin/python3 "$d/tests/NfAtip.Services.Tests/$script" "$@"
