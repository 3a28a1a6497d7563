#!/usr/bin/env bash
# The upsert and concurrency integration tests again, through PgBouncer in transaction pooling mode, with the
# settings README.md's "Connection poolers" section documents: prepareThreshold=0 in the JDBC URL, and no
# currentSchema (hibernate.default_schema instead; PgBouncer refuses the search_path startup parameter).
# The tests check exact rows, so a lost or doubled upsert fails the run.
#
# Needs: pgbouncer on the PATH (Debian package `pgbouncer`), a PostgreSQL server at PG_HOST:PG_PORT whose
# database PG_DB has hstore. Starts its own PgBouncer (own config and auth file in a temporary directory, on a
# loopback port) and stops it on exit. Environment (all optional):
#   PG_HOST (127.0.0.1), PG_PORT (5432), PG_DB (test), PGEXTRA_TEST_USER (postgres), PGEXTRA_TEST_PASSWORD (''),
#   PGEXTRA_CI_PGBOUNCER_PORT (6439), PGEXTRA_CI_PGBOUNCER_POOL (2: default_pool_size),
#   PGEXTRA_CI_PGBOUNCER_TESTS (the failsafe -Dit.test list below; tests that wait for another backend to block
#   on a row lock, e.g. PartitionedLeftAloneRowsTest, are left out: with a pool of 2 the waiter can starve),
#   PGEXTRA_CI_PGBOUNCER_JDBC_PARAMS (prepareThreshold=0; set it empty to see what the driver's defaults do).
set -euo pipefail

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_DB="${PG_DB:-test}"
PG_USER="${PGEXTRA_TEST_USER:-postgres}"
PG_PASSWORD="${PGEXTRA_TEST_PASSWORD:-}"
BOUNCER_PORT="${PGEXTRA_CI_PGBOUNCER_PORT:-6439}"
POOL_SIZE="${PGEXTRA_CI_PGBOUNCER_POOL:-2}"
JDBC_PARAMS="${PGEXTRA_CI_PGBOUNCER_JDBC_PARAMS-prepareThreshold=0}"
TESTS="${PGEXTRA_CI_PGBOUNCER_TESTS:-ConcurrencyTest,ConflictTargetsTest,BulkInsertTest,CopyInputTest,CopyThresholdSettingTest,SeedExamplesTest,UpdateRefinementsTest,HarnessTest,io.pgextra.hibernate.test.partition.*Test,!PartitionedLeftAloneRowsTest}"

cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v pgbouncer >/dev/null || { echo "pgbouncer is not installed (apt-get install -y pgbouncer)" >&2; exit 1; }

DIR=$(mktemp -d /tmp/pgextra-pgbouncer.XXXXXX)
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
    # PgBouncer refuses to run as root.
    chown postgres "$DIR"
    RUN_AS=(runuser -u postgres --)
fi

stop_bouncer() {
    if [ -s "$DIR/pgbouncer.pid" ]; then
        local pid
        pid=$(cat "$DIR/pgbouncer.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -rf "$DIR"
}
trap stop_bouncer EXIT

if [ -n "$PG_PASSWORD" ]; then
    # PgBouncer logs in to the server with the password of its auth file, and checks clients against it.
    AUTH_TYPE=scram-sha-256
else
    AUTH_TYPE=trust   # the user must still be listed in auth_file
fi
printf '"%s" "%s"\n' "$PG_USER" "$PG_PASSWORD" > "$DIR/userlist.txt"
cat > "$DIR/pgbouncer.ini" <<EOF
[databases]
${PG_DB} = host=${PG_HOST} port=${PG_PORT} dbname=${PG_DB}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${BOUNCER_PORT}
unix_socket_dir =
auth_type = ${AUTH_TYPE}
auth_file = ${DIR}/userlist.txt
pool_mode = transaction
default_pool_size = ${POOL_SIZE}
max_client_conn = 200
logfile = ${DIR}/pgbouncer.log
pidfile = ${DIR}/pgbouncer.pid
EOF
chmod 600 "$DIR/userlist.txt"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"/*

echo "-- starting PgBouncer $(pgbouncer --version | head -n1) on 127.0.0.1:${BOUNCER_PORT}," \
     "pool_mode=transaction, default_pool_size=${POOL_SIZE}, to ${PG_HOST}:${PG_PORT}/${PG_DB}"
"${RUN_AS[@]}" pgbouncer -d "$DIR/pgbouncer.ini"
for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$BOUNCER_PORT" -d "$PG_DB" -U "$PG_USER" && break
    sleep 0.2
done
if ! pg_isready -q -h 127.0.0.1 -p "$BOUNCER_PORT" -d "$PG_DB" -U "$PG_USER"; then
    echo "PgBouncer did not become ready on port ${BOUNCER_PORT}" >&2
    cat "$DIR/pgbouncer.log" >&2 || true
    exit 1
fi

export PGEXTRA_TEST_JDBC_URL="jdbc:postgresql://127.0.0.1:${BOUNCER_PORT}/${PG_DB}${JDBC_PARAMS:+?${JDBC_PARAMS}}"
export PGEXTRA_TEST_POOLER=transaction PGEXTRA_TEST_USER="$PG_USER" PGEXTRA_TEST_PASSWORD="$PG_PASSWORD"
echo "-- PGEXTRA_TEST_JDBC_URL=${PGEXTRA_TEST_JDBC_URL} PGEXTRA_TEST_POOLER=transaction, tests: ${TESTS}"
mvn -B -pl hibernate-pgextra-test -am verify -Dit.test="${TESTS}" \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false
echo "-- through PgBouncer: passed"
