# Sourced by scripts/test and scripts/bench: start_postgres starts a throwaway PostgreSQL server
# (Debian's packages; as root, the cluster belongs to the postgres user, since PostgreSQL refuses
# to run as root), exports RECORDHUB_TEST_POSTGRES_URL, and stops and removes it when the script exits.
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pg_dir=$(mktemp -d /tmp/recordhub-pg.XXXXXX)
  pg_port=${RECORDHUB_TEST_PG_PORT:-55432}
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
  trap stop_postgres EXIT
  run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U recordhub --auth=trust -E UTF8 >/dev/null
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
  export RECORDHUB_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$pg_port/?user=recordhub"
}

run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_postgres() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
