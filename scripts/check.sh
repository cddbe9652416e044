#!/usr/bin/env bash
# check.sh — everything a change must pass (`make check`). Ends with "N passed, N failed".
#
#   1. source checks: banned C functions, an opening essay in every source file
#   2. the build (warnings are errors under CI), the fuzz corpora replayed and the unit tests,
#      both under ASan+UBSan
#   3. the HTTP tests against a real server on SQLite, then on PostgreSQL (a throwaway
#      PostgreSQL cluster in a temporary folder on a free loopback port, stopped at the end)
#   4. the browser tests in headless Chromium against the SQLite server
#
# Counting: each cmocka test case counts one; each browser test counts one; each source check
# counts one. A test binary that dies before its summary counts as one failure.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/madrasa-check.XXXXXX)
chmod 755 "$TMP"
PASSED=0
FAILED=0
FAILS=()
SERVER_PID=
PGBIN=
PGDATA=

cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    if [ -n "$PGDATA" ] && [ -d "$PGDATA" ]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); FAILS+=("$1"); echo "FAIL: $1"; }
section() { printf '\n== %s\n' "$1"; }

# run_cmocka NAME BINARY [ENV…]: run one cmocka binary, add its counts
run_cmocka() {
    local name=$1 bin=$2; shift 2
    local out="$TMP/$name.out"
    timeout 300 env "$@" "$bin" >"$out" 2>&1   # a hung test fails, it does not stall CI
    local rc=$?
    [ "$rc" -eq 124 ] && echo "(timed out after 300 s)" >>"$out"
    local p f
    p=$(grep -aoE '\[  PASSED  \] [0-9]+ test' "$out" | grep -oE '[0-9]+' | tail -1)
    f=$(grep -aoE '\[  FAILED  \] [0-9]+ test' "$out" | grep -oE '[0-9]+' | tail -1)
    p=${p:-0}; f=${f:-0}
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
    if [ "$f" -gt 0 ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
        [ "$f" -eq 0 ] && FAILED=$((FAILED + 1))
        FAILS+=("$name")
        echo "FAIL: $name (exit $rc)"; grep -aE 'FAILED|ERROR|error|Sanitizer|runtime error|Failure' "$out" | head -20
    else
        echo "ok   $name ($p)"
    fi
}

section "source checks"
if git grep -nE '\b(sprintf|strcpy|strcat|gets|atoi|strtok)\s*\(' -- 'src/*.c' 'src/*.h' 'tests/*.c' >"$TMP/banned"; then
    fail "banned C functions:"; cat "$TMP/banned"
else pass; echo "ok   no banned functions"; fi
missing=$(for f in $(git ls-files 'src/*.c' 'src/*.h'); do head -c 2 "$f" | grep -q '/\*' || echo "$f"; done)
if [ -n "$missing" ]; then fail "files without an opening comment: $missing"; else pass; echo "ok   every source file opens with its essay"; fi

section "build"
export CI=${CI:-}
if ! make -j2 all unit http-tests >"$TMP/build.log" 2>&1; then
    tail -30 "$TMP/build.log"; fail "build"
    echo; echo "$PASSED passed, $FAILED failed"; exit 1
fi
echo "ok   build"

section "fuzz corpora replayed under the sanitizers"
if make -s -j2 fuzz-replay >"$TMP/fuzz.log" 2>&1; then
    n=$(grep -c '^replay ' "$TMP/fuzz.log"); PASSED=$((PASSED + n)); grep '^replay ' "$TMP/fuzz.log" | sed 's/^/ok   /'
else
    fail "fuzz replay"; tail -30 "$TMP/fuzz.log"
fi

section "unit tests"
for t in build/tests/test_*; do
    case "$t" in *test_http_*) continue ;; esac
    [ -x "$t" ] && run_cmocka "$(basename "$t")" "$t" ASAN_OPTIONS=detect_leaks=1
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server DBURL: migrate, load demo data, serve; sets URL
start_server() {
    local db=$1
    ./build/madrasa migrate --db "$db" >"$TMP/migrate.log" 2>&1 || { cat "$TMP/migrate.log"; return 1; }
    ./build/madrasa demo --db "$db" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log"; return 1; }
    local port; port=$(free_port)
    URL="http://127.0.0.1:$port"
    ./build/madrasa serve --db "$db" --listen "127.0.0.1:$port" --login-rate 600 >"$TMP/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        curl -fsS "$URL/api/health" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    tail -20 "$TMP/server.log"; return 1
}

stop_server() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
}

run_http_tests() { # BACKEND DBURL
    if ! start_server "$2"; then fail "server on $1 did not start"; return; fi
    ls build/tests/test_http_* >/dev/null 2>&1 || fail "no HTTP test was built"
    for t in build/tests/test_http_*; do
        [ -x "$t" ] && run_cmocka "$(basename "$t")[$1]" "$t" MADRASA_URL="$URL" MADRASA_DB="$2" ASAN_OPTIONS=detect_leaks=0
    done
}

section "HTTP tests on SQLite"
run_http_tests sqlite "sqlite:$TMP/http.db"

section "browser tests (SQLite server)"
if [ -f tests/browser/package.json ]; then
    if [ ! -d tests/browser/node_modules ]; then
        (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >"$TMP/npm.log" 2>&1) || { cat "$TMP/npm.log"; fail "npm ci in tests/browser"; }
    fi
    if [ -d tests/browser/node_modules ]; then
        MADRASA_URL="$URL" MADRASA_DB="sqlite:$TMP/http.db" node tests/browser/run.mjs >"$TMP/browser.out" 2>&1
        brc=$?
        cat "$TMP/browser.out"
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$TMP/browser.out" | tail -1)
        bp=$(echo "$line" | awk '{print $1}'); bf=$(echo "$line" | awk '{print $3}')
        PASSED=$((PASSED + ${bp:-0})); FAILED=$((FAILED + ${bf:-0}))
        if [ -z "$line" ] || { [ "$brc" -ne 0 ] && [ "${bf:-0}" -eq 0 ]; }; then fail "browser tests (exit $brc)"; fi
        [ "${bf:-0}" -gt 0 ] && FAILS+=("browser tests")
    fi
fi
stop_server

section "HTTP tests on PostgreSQL"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then
    fail "PostgreSQL is not installed (scripts/install-deps.sh installs it)"
else
    PGDATA=$TMP/pg
    PGPORT=$(free_port)
    mkdir -p "$PGDATA" "$TMP/pgsock" && chown postgres "$PGDATA" "$TMP/pgsock"
    if runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >"$TMP/initdb.log" 2>&1 &&
       runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$TMP/pgsock/pg.log" -w \
           -o "-p $PGPORT -k $TMP/pgsock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1; then
        # on PostgreSQL the council's signing key would go to ~/.madrasa: keep it in the run's folder
        export MADRASA_AUDIT_KEY="$TMP/pg-audit.key"
        run_http_tests postgres "postgres://postgres@127.0.0.1:$PGPORT/postgres"
        unset MADRASA_AUDIT_KEY
        stop_server
    else
        cat "$TMP/initdb.log" "$TMP/pgsock/pg.log" 2>/dev/null | tail -20
        fail "could not start a PostgreSQL cluster"
    fi
fi

echo
if [ ${#FAILS[@]} -gt 0 ]; then echo "failures: ${FAILS[*]}"; fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
