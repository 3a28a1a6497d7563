#!/usr/bin/env bash
# The compatibility matrix: hibernate-pgextra-test's integration tests, once per cell, each on the embedded
# PostgreSQL (zonky) the tests start by themselves.
#   - every supported Hibernate ORM line (newest patch on Maven Central), on the default embedded PostgreSQL;
#   - PostgreSQL 14, 16 and 18 (zonky binaries), on the default Hibernate.
# The library is always compiled against the parent pom's hibernate.version; hibernate.test.version only changes the
# Hibernate the tests run on (and hypersistence.test.artifact the Hypersistence Utils build that matches it).
# Every cell runs, even after a failure; the script ends with a table (cell, tests run, failed) and exits non-zero
# if any cell failed. A cell fails if Maven fails, if no test ran, or if its log does not show the PostgreSQL major it
# asked for (the Hibernate version is checked by compat.HibernateLinesTest, from hibernate.test.version).
#
#   .ci/matrix.sh                 all cells
#   .ci/matrix.sh hibernate-7.2   only the cells whose name contains the argument
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# name | Maven properties | PostgreSQL major the log must show ("" = the default binaries')
# Hypersistence Utils: -71 is built for 7.1/7.2 (against 7.2), -73 for 7.3/7.4 (against 7.4).
CELLS=(
    "hibernate-7.1.35|-Dhibernate.test.version=7.1.35.Final -Dhypersistence.test.artifact=hypersistence-utils-hibernate-71|"
    "hibernate-7.2.25|-Dhibernate.test.version=7.2.25.Final -Dhypersistence.test.artifact=hypersistence-utils-hibernate-71|"
    "hibernate-7.3.13|-Dhibernate.test.version=7.3.13.Final -Dhypersistence.test.artifact=hypersistence-utils-hibernate-73|"
    "hibernate-7.4.15|-Dhibernate.test.version=7.4.15.Final -Dhypersistence.test.artifact=hypersistence-utils-hibernate-73|"
    # Hibernate 7.0 is refused at boot: this cell runs only compat.BootVersionCheckTest, which asserts the one-sentence
    # failure (Hypersistence's newest -70 build is 3.15.2)
    "hibernate-7.0.10-refused|-Dhibernate.test.version=7.0.10.Final -Dhypersistence.test.artifact=hypersistence-utils-hibernate-70 -Dhypersistence.test.version=3.15.2 -Dit.test=BootVersionCheckTest -Dfailsafe.failIfNoSpecifiedTests=false|"
    "postgresql-14|-Dembedded-postgres-binaries.version=14.20.0|14"
    "postgresql-16|-Dembedded-postgres-binaries.version=16.15.0|16"
    "postgresql-18|-Dembedded-postgres-binaries.version=18.6.0|18"
)
IT_CMD="mvn -B -pl hibernate-pgextra-test -am verify"
LOG_DIR=target/ci-matrix
FILTER="${1:-}"

# The embedded PostgreSQL, whatever the environment says: the harness starts zonky when no URL is given and
# Docker is not used.
unset PGEXTRA_TEST_JDBC_URL PGEXTRA_TEST_USER PGEXTRA_TEST_PASSWORD
export PGEXTRA_TEST_DOCKER=false

mkdir -p "$LOG_DIR"
START=$SECONDS
RESULTS=()
FAILED_CELLS=0

for cell in "${CELLS[@]}"; do
    IFS='|' read -r name props pg_major <<<"$cell"
    if [ -n "$FILTER" ] && [[ "$name" != *"$FILTER"* ]]; then
        continue
    fi
    log="$LOG_DIR/$name.log"
    printf '\n== matrix cell %s: %s %s\n' "$name" "$IT_CMD" "$props"
    cell_start=$SECONDS
    # shellcheck disable=SC2086 # props is a list of -D arguments
    $IT_CMD $props >"$log" 2>&1
    rc=$?
    seconds=$((SECONDS - cell_start))
    # failsafe's summary of the module: "Tests run: N, Failures: F, Errors: E, Skipped: S" (the last one)
    summary=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" | tail -n1)
    run=$(sed -E 's/.*Tests run: ([0-9]+).*/\1/' <<<"$summary")
    failures=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<<"$summary")
    errors=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$summary")
    run=${run:-0}
    failed=$(( ${failures:-0} + ${errors:-0} ))
    server=$(grep -o 'pgextra tests use PostgreSQL [^ ]*[^,]*, embedded (zonky)' "$log" | head -n1)
    status=ok
    note=""
    if [ "$rc" -ne 0 ]; then
        status=FAILED; note="maven exit $rc"
    elif [ "$run" -eq 0 ]; then
        status=FAILED; note="no test ran"
    elif [ -z "$server" ]; then
        status=FAILED; note="not on the embedded PostgreSQL"
    elif [ -n "$pg_major" ] && ! grep -q "PostgreSQL ${pg_major}\." <<<"$server"; then
        status=FAILED; note="expected PostgreSQL ${pg_major}: ${server}"
    fi
    if [ "$status" = FAILED ]; then
        FAILED_CELLS=$((FAILED_CELLS + 1))
        echo "-- $name FAILED ($note); last lines of $log:"
        grep -E '^\[ERROR\]' "$log" | head -n 30
    fi
    pg_version=$(sed -E 's/pgextra tests use PostgreSQL ([^ ,]*).*/\1/' <<<"$server")
    RESULTS+=("$(printf '%-26s %-11s %9s %7s %7s  %-6s %s' "$name" "${pg_version:-?}" "$run" "$failed" "${seconds}s" "$status" "$note")")
    echo "-- $name: $status, tests run $run, failed $failed, ${seconds}s (log: $log)"
done

printf '\n== compatibility matrix (%s s in all)\n' "$((SECONDS - START))"
printf '%-26s %-11s %9s %7s %7s  %s\n' "cell" "postgresql" "tests run" "failed" "time" "status"
for row in "${RESULTS[@]}"; do
    echo "$row"
done
if [ "${#RESULTS[@]}" -eq 0 ]; then
    echo "no cell matches '${FILTER}'" >&2
    exit 2
fi
if [ "$FAILED_CELLS" -ne 0 ]; then
    echo "$FAILED_CELLS cell(s) failed" >&2
    exit 1
fi
