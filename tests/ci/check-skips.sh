#!/bin/sh
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# scripts/check-skips on made-up ctest records: where every test is meant to run, a QTest
# function that skipped and a test ctest did not run each fail the check, a case that runs
# again as nobody does not, and records that are missing fail it too.
# Usage: check-skips.sh PATH_OF_CHECK_SKIPS
set -u
check=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/Testing/Temporary" "$dir/tests/unit"
fail() {
    echo "FAIL: $1"
    cat "$dir/out"
    exit 1
}
# LastTest.log with one test, tst_a, whose output is $1.
log() {
    printf '1/2 Testing: tst_a\n1/2 Test: tst_a\nOutput:\n----\n%s\n<end of output>\nTest Passed.\n' \
        "$1" >"$dir/Testing/Temporary/LastTest.log"
}
# The JUnit file: tst_a ran, deb_like has status $1.
junit() {
    printf '<testsuite>\n<testcase name="tst_a" classname="tst_a" time="0" status="run">\n</testcase>\n<testcase name="deb_like" classname="deb_like" time="0" status="%s">\n</testcase>\n</testsuite>\n' \
        "$1" >"$dir/junit.xml"
}
strict() { EVENTS_REQUIRE_ALL_TESTS=1 sh "$check" "$dir" "$dir/junit.xml" >"$dir/out" 2>&1; }

echo 'tst_a:unreadable' >"$dir/tests/unit/rerun-as-nobody.txt"
log 'PASS   : TestA::one()'
junit run
strict || fail "nothing skipped, yet the check failed"
log 'SKIP   : TestA::two() needs root'
strict && fail "a skipped QTest function passed the check"
grep -q 'tst_a:two' "$dir/out" || fail "the skipped function is not named"
log 'SKIP   : TestA::unreadable() root reads files whatever their mode'
strict || fail "a case that runs again as nobody failed the check"
log 'PASS   : TestA::one()'
junit notrun
strict && fail "a test ctest did not run passed the check"
grep -q 'deb_like' "$dir/out" || fail "the test ctest did not run is not named"
rm "$dir/junit.xml"
strict && fail "missing records passed the check"
echo "check-skips: every case as expected"
