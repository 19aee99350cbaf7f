#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 server, then stops the server.
#
# With DATABASE_URL already set, the command simply runs against that server. Otherwise a
# cluster is initialised in a temporary folder, listens on 127.0.0.1 on a free port, and is
# stopped and removed when the command ends, fails or is interrupted. PostgreSQL refuses to
# run as root, so under root the server runs as the `postgres` user.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$PGBIN/initdb" ]; then
  "$(dirname "$0")/system-deps.sh"
fi

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

workdir="$(mktemp -d /tmp/galeri-pg.XXXXXX)"
chmod 755 "$workdir"
[ "$(id -u)" -eq 0 ] && chown postgres: "$workdir"
datadir="$workdir/data"
port="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

cleanup() {
  status=$?
  trap - EXIT INT TERM
  if [ -f "$datadir/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$datadir" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$PGBIN/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# In the cluster's own config, so a restart (the fault tests do one) keeps them. Durability is
# pointless for a throwaway server; speed is not.
cat >> "$datadir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$workdir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
as_pg "$PGBIN/pg_ctl" -D "$datadir" -l "$workdir/server.log" -w -t 60 start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres galeri

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/galeri"
# Fault tests stop and restart this server to show the site recovers.
export GALERI_PG_CTL="$PGBIN/pg_ctl" GALERI_PG_DATA="$datadir" GALERI_PG_LOG="$workdir/server.log"
echo "Throwaway PostgreSQL on 127.0.0.1:$port"
"$@"
