#!/bin/sh
# make fuzz: builds the libFuzzer targets (ASan on) and runs each for FUZZ_SECONDS (default 300), seeded
# from ../shared/corpus and samples/. Crashes land in .build/fuzz-artifacts/<target>/, logs in
# .build/fuzz-logs/<target>.log; the last status line of each run is printed (executions, coverage).
set -eu
SECONDS_EACH=${FUZZ_SECONDS:-300}
TARGETS=${FUZZ_TARGETS:-"zip worksheet sharedstrings styles csv values"}
swift build --product goalsheet-fuzz --build-path .build/fuzz --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library 2>&1 | grep -E "error|Build" || true
BIN=.build/fuzz/debug/goalsheet-fuzz
python3 Fuzz/seed.py .build/fuzz-corpus
status=0
for t in $TARGETS; do
    mkdir -p .build/fuzz-artifacts/$t .build/fuzz-logs .build/fuzz-corpus/$t
    case $t in zip) len=262144 ;; values) len=4096 ;; *) len=65536 ;; esac
    if ! GOALSHEET_FUZZ_TARGET=$t $BIN .build/fuzz-corpus/$t -max_total_time=$SECONDS_EACH -max_len=$len -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=.build/fuzz-artifacts/$t/ > .build/fuzz-logs/$t.log 2>&1; then
        status=1
        echo "$t: CRASH (see .build/fuzz-logs/$t.log and .build/fuzz-artifacts/$t/)"
    fi
    echo "$t: $(grep -E '^#[0-9]+' .build/fuzz-logs/$t.log | tail -1)"
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' .build/fuzz-logs/$t.log | tr '\n' ' '; echo
done
exit $status
