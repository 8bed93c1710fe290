#!/usr/bin/env bash
# Run the concurrency/atomics code under miri (UB + data-race detection):
#   * lib unit tests of `pool` (thread-local slots, spill list, TLS teardown)
#     and `time` (the per-second cache is a seqlock made of atomics);
#   * tests/time_race.rs: the seqlock raced through the public API;
#   * tests/stress.rs: loggers hammered by several threads through every sink
#     (miri-sized counts via cfg(miri)).
#
# bytes:: covers the unsafe block of bytes::put_small
# at every length, start and spare capacity.
# time::cache::tests::concurrent_reads_are_never_torn runs 300 iterations per
# thread under miri (200k natively). Two tests are sampled more sparsely
# under miri, where they took 535 s of the lib half in full on 2026-12-02
# and take 43 s sampled: time::tests::cached_renderings_of_every_length_are_whole
# (every tenth day) and time::render::tests::civil_matches_chrono_across_eras
# (a twentieth of its dates). Tests needing the real clock/zoneinfo
# run because isolation is disabled.
#
# Usage: .ci/miri.sh            (from the crate root; about 6 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup +nightly component list --installed 2>/dev/null | grep -q '^miri'; then
    rustup +nightly component add miri rust-src
fi
cargo +nightly miri setup

# Isolation off: the stress test writes a temp file, the time tests read the
# system clock and local offset. Many seeds are not worth the time here.
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-disable-isolation}"

start=$(date +%s)
# Build every test binary first (one cargo at a time), then run the lib
# tests (the longest, ~6 min) on one core while time_race and stress run
# on the other: miri interprets one thread at a time, so the two halves
# overlap instead of adding up. Each half's output goes to its own log,
# printed when it ends; either failing fails the script.
cargo +nightly miri test --no-run --lib --test time_race --test stress
log_dir=$(mktemp -d)
cargo +nightly miri test --lib -- pool:: time:: bytes:: \
    > "$log_dir/lib.log" 2>&1 &
lib=$!
rest=0
{ cargo +nightly miri test --test time_race && cargo +nightly miri test --test stress; } \
    > "$log_dir/rest.log" 2>&1 || rest=$?
lib_rc=0
wait "$lib" || lib_rc=$?
cat "$log_dir/lib.log" "$log_dir/rest.log"
rm -rf "$log_dir"
if [ "$lib_rc" -ne 0 ] || [ "$rest" -ne 0 ]; then
    echo "miri: FAILED (lib tests rc=$lib_rc, time_race/stress rc=$rest)"
    exit 1
fi
echo "miri: all passed in $(( $(date +%s) - start )) s"
