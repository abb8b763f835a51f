#!/usr/bin/env bash
# Installs the Debian packages the portal needs, only those missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
source "$(dirname "$0")/env.sh"

missing=()
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || missing+=("$1"); }

command -v pg_ctlcluster >/dev/null || need postgresql
command -v redis-server >/dev/null || need redis-server
command -v pg_config >/dev/null || need libpq-dev
command -v gcc >/dev/null || need build-essential
python3 -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' || need python3-dev
# The browser tests drive Debian's chromium through Playwright (no `playwright install`).
command -v chromium >/dev/null || need chromium
python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || need python3-venv
for pkg in "$@"; do command -v "$pkg" >/dev/null || need "$pkg"; done

[ ${#missing[@]} -eq 0 ] && exit 0
if is_root && command -v apt-get >/dev/null; then
    say "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    die "missing system packages; run as root: apt-get install -y ${missing[*]}"
fi
