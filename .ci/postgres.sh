#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the tests: Debian's postgresql package (installed when
# missing), run as a non-root user, in a temp dir, on loopback, on a free port. Source it:
#   . .ci/postgres.sh   -> exports SCORING_PG_URL and registers a trap that stops and removes the cluster.
set -euo pipefail

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}

if ! PG_BIN=$(pg_bin); then
  echo "== installing PostgreSQL (Debian package)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y postgresql
  PG_BIN=$(pg_bin)
fi

# PostgreSQL refuses to run as root: use an unprivileged user (created if missing)
if [ "$(id -u)" = 0 ]; then
  PG_USER=scoringpg
  id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  as_pg() { runuser -u "$PG_USER" -- "$@"; }
else
  PG_USER=$(id -un)
  as_pg() { "$@"; }
fi

PG_DIR=$(mktemp -d /tmp/scoring-pg.XXXXXX)
chown "$PG_USER" "$PG_DIR"
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U scoring --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log"; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200 -c fsync=on" start >/dev/null

stop_postgres() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT

export SCORING_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=scoring"
echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR), SCORING_PG_URL=$SCORING_PG_URL"
