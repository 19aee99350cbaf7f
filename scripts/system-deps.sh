#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (PostgreSQL 15 server, Chromium for the
# browser tests, gettext, Redis for the cache outage tests) when they are missing. Needs root
# for apt-get; without root it only reports what is missing.
set -euo pipefail

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
missing=()
[ -x "$PGBIN/initdb" ] || missing+=(postgresql-15 postgresql-contrib)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# The shared cache: `make bench` serves with it, and the outage tests stop one mid-test.
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ "${1:-}" = "bench" ]; then  # `make bench`: the load tool
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
