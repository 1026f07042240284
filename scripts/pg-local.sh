#!/usr/bin/env bash
# A project-local PostgreSQL cluster: data directory inside the checkout (.pgdata/, git-ignored),
# Unix socket only (.pgsock/), no TCP. PostgreSQL refuses to run as root, so when we are root the
# server runs as the `postgres` system user.
#
#   scripts/pg-local.sh start       initialise if needed, start, create the database
#   scripts/pg-local.sh stop
#   scripts/pg-local.sh conninfo    print the libpq connection string
#   scripts/pg-local.sh status
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
port=${BASKET360_PGPORT:-54360}
dbname=${BASKET360_PGDATABASE:-basket360}
datadir=$root/.pgdata
sockdir=$root/.pgsock
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || bindir=$(pg_config --bindir)

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The server user must be able to reach the checkout; when it cannot (a checkout under a
# private home directory), keep the cluster in a per-checkout directory under /tmp instead.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$root"; then
  key=$(printf '%s' "$root" | md5sum | cut -c1-12)
  datadir=/tmp/basket360-pg-$key/data
  sockdir=/tmp/basket360-pg-$key/sock
fi
# Unix socket paths are limited to 107 bytes.
if [ ${#sockdir} -gt 90 ]; then
  sockdir=/tmp/basket360-sock-$(printf '%s' "$root" | md5sum | cut -c1-12)
fi

conninfo="host=$sockdir port=$port user=postgres dbname=$dbname"

case "${1:-}" in
  start)
    mkdir -p "$sockdir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$sockdir"
    if [ ! -f "$datadir/PG_VERSION" ]; then
      mkdir -p "$datadir"
      [ "$(id -u)" -eq 0 ] && chown postgres "$datadir"
      chmod 700 "$datadir"
      as_server_user "$bindir/initdb" -D "$datadir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
      cat >>"$datadir/postgresql.conf" <<CONF
# Basket360 local cluster: socket only, tuned for bulk loads on a small machine.
listen_addresses = ''
max_connections = 60
shared_buffers = 256MB
work_mem = 64MB
maintenance_work_mem = 256MB
max_wal_size = 2GB
checkpoint_timeout = 15min
wal_level = minimal
max_wal_senders = 0
synchronous_commit = off
CONF
    fi
    if ! as_server_user "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
      as_server_user "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" \
        -o "-k $sockdir -p $port" -w -t 60 start >/dev/null
    fi
    if ! psql "$conninfo" -Atqc 'select 1' >/dev/null 2>&1; then
      psql "host=$sockdir port=$port user=postgres dbname=postgres" -qc "create database $dbname" >/dev/null
    fi
    echo "PostgreSQL running: $conninfo" >&2
    ;;
  stop)
    if [ -f "$datadir/PG_VERSION" ]; then
      as_server_user "$bindir/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  status)
    as_server_user "$bindir/pg_ctl" -D "$datadir" status ;;
  conninfo)
    echo "$conninfo" ;;
  *)
    echo "usage: $0 start|stop|status|conninfo" >&2; exit 64 ;;
esac
