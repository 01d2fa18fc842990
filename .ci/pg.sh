#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on 127.0.0.1 as the postgres user (pg_ctl refuses root).
# Usage: .ci/pg.sh start DIR PORT   |   .ci/pg.sh stop DIR
set -euo pipefail
cmd=$1; dir=$2; port=${3:-55432}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    fi
    as_pg "$PGBIN/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 60 -o \"-h 127.0.0.1 -p $port -k '$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
    as_pg "$PGBIN/psql -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='workshop_test'\"" | grep -q 1 \
      || as_pg "$PGBIN/createdb -h 127.0.0.1 -p $port -U postgres workshop_test"
    for extra in workshop_test_clock1 workshop_test_clock2; do  # the moved-clock runs, side by side
      as_pg "$PGBIN/psql -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='$extra'\"" | grep -q 1 \
        || as_pg "$PGBIN/createdb -h 127.0.0.1 -p $port -U postgres $extra"
    done
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/workshop_test"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
    ;;
esac
