#!/bin/sh
# Initialises $PGDATA on first start (superuser $POSTGRES_USER with
# $POSTGRES_PASSWORD, database $POSTGRES_DB), then runs the server listening
# on every interface, with password authentication for TCP clients.
set -eu
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
serve=0
if [ "${1:-}" = postgres ]; then
    serve=1
    for arg in "$@"; do
        case "$arg" in -V|--version|-'?'|--help|--describe-config|-C) serve=0 ;; esac
    done
fi
if [ "$serve" = 1 ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        # Single-user mode: no server listens while the database is being made.
        printf 'CREATE DATABASE "%s";\n' "$POSTGRES_DB" | postgres --single -D "$PGDATA" -j postgres >/dev/null
    fi
    echo "postgres-entrypoint: initialised $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
fi
if [ "$serve" = 1 ]; then
    shift
    exec postgres -c listen_addresses='*' "$@"
fi
exec "$@"
