#!/usr/bin/env bash
# make test: every test suite on each CKAN version given (default 2.11 and
# 2.12), each in its own virtualenv, database, Redis db and Solr stand-in, and
# ruff and mypy. Each version starts once its set-up is done, so the versions
# and the lint run side by side. Prints one summary line per version; exits
# non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
versions=${*:-2.11 2.12}
# Line coverage is measured on half of the test files under each version
# (SATUDATA_TEST_HALF, see tests/conftest.py) and the two halves combined:
# measuring makes a run about half again as slow, and both versions run the
# same code of the extension, so neither version carries all of the cost.
failed=0

count() {  # count WORD LOGFILE: the number before WORD on pytest's last line
    tail -n 1 "$2" | grep -oE "[0-9]+ $1" | grep -oE "[0-9]+" || echo 0
}

# run_suite NAME LOG CMD...: one pytest invocation; adds its counts to the
# version's tally. pytest exits 5 when it collected nothing: a failure here too.
run_suite() {
    local name=$1 log=$2
    shift 2
    echo "--- $name"
    "$@" >"$log" 2>&1
    local rc=$?
    tail -n 30 "$log"
    local p f e
    p=$(count passed "$log"); f=$(count failed "$log"); e=$(count error "$log")
    passed=$((passed + p))
    failures=$((failures + f + e))
    suite_text+=" $name: $p passed, $((f + e)) failed;"
    [ "$rc" -eq 0 ] || suite_ok=false
}

# test_version VERSION: every suite of one CKAN version; writes its summary
# line and counts to $logs/summary.
test_version() {
    export CKAN_VERSION=$1
    # shellcheck source=scripts/env.sh
    source scripts/env.sh
    local logs=$DEV_DIR/test-logs/$CKAN_VERSION
    # The browser tests' screenshots go to $logs/screenshots, one folder a version.
    export SATUDATA_TEST_OUTPUT=$logs
    suite_ok=true suite_text="" passed=0 failures=0
    echo "=== CKAN $CKAN_VERSION ($CKAN_PIN)"

    local solr_pid
    if ! solr_pid=$(scripts/solr.sh "$SOLR_TEST_PORT"); then
        echo "CKAN $CKAN_VERSION: FAIL (Solr stand-in) 0 1" >"$logs/summary"
        return
    fi
    export CKAN_SQLALCHEMY_URL=postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST/$TEST_DB
    export CKAN_SOLR_URL=http://127.0.0.1:$SOLR_TEST_PORT/solr/ckan
    export CKAN_DATASTORE_WRITE_URL=postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST/$DS_TEST_DB
    export CKAN_DATASTORE_READ_URL=postgresql://$DS_READ_USER:$DS_READ_PASSWORD@$PG_HOST/$DS_TEST_DB
    export CKAN_REDIS_URL=redis://127.0.0.1:6379/$REDIS_TEST_DB
    export CKAN_STORAGE_PATH=$DEV_DIR/test-storage-$SUFFIX
    mkdir -p "$CKAN_STORAGE_PATH"

    # Each half of the test files runs once. The first version measures
    # half 1, the others half 2; a single version measures both.
    local measured="1 2"
    if [ "$versions" != "$CKAN_VERSION" ]; then
        measured=1
        [ "$CKAN_VERSION" = "${versions%% *}" ] || measured=2
    fi
    local half
    for half in 1 2; do
        local coverage=()
        [[ " $measured " == *" $half "* ]] && coverage=(--cov --cov-append --cov-report= --cov-fail-under=0)
        COVERAGE_FILE=$logs/coverage SATUDATA_TEST_HALF=$half run_suite \
            "ckanext-satudata, half $half${coverage:+ (line coverage)}" \
            "$logs/satudata-$half.log" \
            "$VENV/bin/pytest" -q --durations=15 ckanext/satudata/tests "${coverage[@]}"
    done
    # The publishing-invariant attack's totals (tests/attack.py) go in the
    # summary: the coverage table can push them out of the log's tail.
    local attack
    attack=$(cat "$logs"/satudata-*.log | grep -oE "^publishing invariant attack: [^;]*" | tail -n 1)
    [ -n "$attack" ] && suite_text+=" $attack;"
    run_suite "solr stand-in" "$logs/solr_standin.log" \
        env PYTHONPATH=tools "$VENV/bin/pytest" -q tools/solr_standin/tests

    # CKAN's tests expect core CKAN: the plugins of test.ini would stay
    # registered as the dataset form (scheming) even after the session unloads
    # them, and CKAN's test-core.ini allows unowned datasets. TestSearchIndex
    # assumes an initialised database (it does not use clean_db). The two
    # deselected tests read schema files that the ckan wheel does not ship
    # (ckan/tests/lib/search/data/) and never talk to Solr.
    local core_ini=$DEV_DIR/test-core-$SUFFIX.ini
    cp test.ini "$core_ini"
    "$VENV/bin/ckan" config-tool "$core_ini" "ckan.plugins = " \
        "ckan.auth.create_unowned_dataset = true" \
        "ckan.auth.create_dataset_if_not_in_organization = true" \
        "ckan.auth.user_create_organizations = true" >/dev/null
    "$VENV/bin/ckan" -c "$core_ini" db init >"$logs/core-db-init.log" 2>&1
    echo "(deselected: test_check_invalid_schema, test_check_schema_with_wrong_version:" \
        "their data files are not in the ckan wheel)"
    # tools/ckan_core_seed.py makes their random factory data repeatable.
    run_suite "ckan.tests.lib.search" "$logs/ckan_search.log" \
        env PYTHONPATH=tools "$VENV/bin/pytest" -q -p ckan_core_seed \
        --ckan-ini="$core_ini" --pyargs ckan.tests.lib.search \
        -k "not test_check_invalid_schema and not test_check_schema_with_wrong_version"
    kill "$solr_pid" 2>/dev/null
    unset CKAN_SQLALCHEMY_URL CKAN_SOLR_URL CKAN_REDIS_URL CKAN_STORAGE_PATH \
        CKAN_DATASTORE_WRITE_URL CKAN_DATASTORE_READ_URL

    run_suite "make run" "$logs/make_run.log" "$VENV/bin/pytest" -q tools/tests

    local verdict=PASS
    $suite_ok || verdict=FAIL
    echo "CKAN $CKAN_VERSION: $verdict ($suite_text ) $passed $failures" >"$logs/summary"
}

# lint: ruff, and mypy, which checks against CKAN 2.11's packages (see
# [tool.mypy] in pyproject.toml), so it runs when 2.11 is among the versions
# tested. Its verdicts go to .dev/test-logs/lint.
lint() {
    local out=.dev/test-logs/lint
    echo "--- ruff"
    if ".venv/$first/bin/ruff" check ckanext tools benchmarks scripts; then
        echo "ruff: PASS" >>"$out"
    else
        echo "ruff: FAIL" >>"$out"
    fi
    echo "--- mypy"
    if [[ " $versions " != *" 2.11 "* ]]; then
        echo "mypy: skipped (it reads the CKAN 2.11 virtualenv)" >>"$out"
    elif .venv/2.11/bin/mypy; then
        echo "mypy: PASS" >>"$out"
    else
        echo "mypy: FAIL" >>"$out"
    fi
}

# Set-up one version at a time: apt and pip must not run twice at once. Each
# version's tests start as soon as its set-up is done, and the lint as soon as
# the virtualenvs it reads are there, so the machine's cores work while the
# next virtualenv is made.
first=${versions%% *}
lint_after=$first
[[ " $versions " == *" 2.11 "* ]] && lint_after=2.11
mkdir -p .dev/test-logs
rm -f .dev/test-logs/lint .dev/test-logs/lint.log
scripts/system.sh || exit 1
pids=()
for v in $versions; do
    if ! CKAN_VERSION=$v scripts/venv.sh || ! CKAN_VERSION=$v scripts/services.sh; then
        echo "CKAN $v: FAIL (set-up)"
        kill "${pids[@]}" 2>/dev/null
        exit 1
    fi
    logs=.dev/test-logs/$v
    rm -rf "$logs"
    mkdir -p "$logs"
    (test_version "$v") >"$logs/output.log" 2>&1 &
    pids+=($!)
    # The lint needs the first version's ruff and 2.11's packages.
    if [ "$v" = "$lint_after" ] && [ -x ".venv/$first/bin/ruff" ]; then
        lint >.dev/test-logs/lint.log 2>&1 &
        pids+=($!)
    fi
done
wait "${pids[@]}"

cat .dev/test-logs/lint.log 2>/dev/null
ruff_line=$(grep "^ruff:" .dev/test-logs/lint 2>/dev/null || echo "ruff: FAIL (not run)")
mypy_line=$(grep "^mypy:" .dev/test-logs/lint 2>/dev/null || echo "mypy: FAIL (not run)")
[[ $ruff_line == "ruff: PASS" ]] || failed=1
[[ $mypy_line == "mypy: PASS" || $mypy_line == "mypy: skipped"* ]] || failed=1

for v in $versions; do
    cat ".dev/test-logs/$v/output.log"
done

# The two halves' line coverage together; pyproject.toml's
# [tool.coverage.report] fail_under is the floor.
echo "--- line coverage of ckanext/satudata (both halves)"
coverage_files=()
for v in $versions; do
    [ -f ".dev/test-logs/$v/coverage" ] && coverage_files+=(".dev/test-logs/$v/coverage")
done
if [ ${#coverage_files[@]} -eq 0 ]; then
    coverage_line="line coverage: FAIL (not measured)"
    failed=1
else
    first_venv=.venv/${versions%% *}
    "$first_venv/bin/coverage" combine --keep --data-file=.dev/test-logs/coverage \
        "${coverage_files[@]}" >/dev/null
    "$first_venv/bin/coverage" report --data-file=.dev/test-logs/coverage \
        >.dev/test-logs/coverage.txt
    coverage_rc=$?
    tail -n 40 .dev/test-logs/coverage.txt
    total=$(grep -E "^TOTAL" .dev/test-logs/coverage.txt | grep -oE "[0-9.]+%" | tail -n 1)
    if [ "$coverage_rc" -eq 0 ]; then
        coverage_line="line coverage: PASS (${total:-?})"
    else
        coverage_line="line coverage: FAIL (${total:-?}, under the floor)"
        failed=1
    fi
fi

total_passed=0
total_failed=0
summary=("$ruff_line" "$mypy_line" "$coverage_line")
for v in $versions; do
    logs=.dev/test-logs/$v
    read -r -a fields <<<"$(tail -n 1 "$logs/summary" 2>/dev/null || echo "CKAN $v: FAIL (no summary) 0 1")"
    line="${fields[*]:0:${#fields[@]}-2}"
    total_passed=$((total_passed + fields[-2]))
    total_failed=$((total_failed + fields[-1]))
    summary+=("$line")
    [[ $line == *": PASS"* ]] || failed=1
done

echo
echo "=== Summary"
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
exit $failed
