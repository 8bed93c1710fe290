#!/usr/bin/env bash
# Bounded fuzzing of spoolog: builds the cargo-fuzz crate in fuzz/ and runs
# every target for FUZZ_SECONDS seconds (default 30), FUZZ_JOBS (default:
# the number of cores) side by side.
# Exits non-zero if any target crashes (panic, failed invariant, timeout, OOM).
#
#   FUZZ_SECONDS=60 .ci/fuzz.sh          # longer runs
#   FUZZ_TARGETS="json logfmt" .ci/fuzz.sh
#   FUZZ_SANITIZER=address .ci/fuzz.sh   # default: none (the crate is safe Rust)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-30}"
sanitizer="${FUZZ_SANITIZER:-none}"
toolchain="${FUZZ_TOOLCHAIN:-nightly}"

step() { printf '\n=== %s ===\n' "$*"; }
started=$(date +%s)

step "toolchain"
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
  rustup toolchain install "$toolchain" --profile minimal
fi
rustup run "$toolchain" rustc --version
if ! cargo "+$toolchain" fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi
cargo "+$toolchain" fuzz --version

cd fuzz
targets="${FUZZ_TARGETS:-$(cargo "+$toolchain" fuzz list)}"

step "build (sanitizer: $sanitizer, debug assertions on)"
cargo "+$toolchain" fuzz build -s "$sanitizer" -a

# One target: fuzz it for $seconds, then print its last lines and one
# summary line to its own files (targets run side by side, FUZZ_JOBS at a
# time: libFuzzer uses one core per target).
fuzz_one() {
  local t=$1 work="work/$1" log="work/$1.log" rc execs
  # New inputs go to a scratch corpus; the checked-in seeds are only read.
  mkdir -p "$work" "corpus/$t"
  set +e
  cargo "+$toolchain" fuzz run -s "$sanitizer" -a "$t" "$work" "corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || true)
  {
    printf '\n=== fuzz %s for %ss: exit %s ===\n' "$t" "$seconds" "$rc"
    tail -n 3 "$log"
    if [ "$rc" -ne 0 ]; then
      echo "!!! $t failed (exit $rc); log: fuzz/$log"
      grep -E "panicked|Test unit written|SUMMARY" "$log" | head -20 || true
    fi
  } >"work/$t.report"
  printf '%-12s executions: %-10s exit: %s\n' "$t" "${execs:-?}" "$rc" >"work/$t.summary"
  return "$rc"
}

jobs_max="${FUZZ_JOBS:-$(nproc)}"
mkdir -p work
running=0
for t in $targets; do
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs_max" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

failed=()
summary=()
for t in $targets; do
  cat "work/$t.report"
  summary+=("$(cat "work/$t.summary")")
  grep -q 'exit: 0$' "work/$t.summary" || failed+=("$t")
done

step "summary"
printf '%s\n' "${summary[@]}"
echo "fuzz: done in $(( $(date +%s) - started ))s"
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (reproduce: cd fuzz && cargo +$toolchain fuzz run -s $sanitizer -a <target> artifacts/<target>/<file>)"
  exit 1
fi
