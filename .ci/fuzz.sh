#!/usr/bin/env bash
# Bounded fuzzing of spoolog: builds the cargo-fuzz crate in fuzz/ and runs
# every target for FUZZ_SECONDS seconds (default 30), one after another.
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

failed=()
summary=()
for t in $targets; do
  step "fuzz $t for ${seconds}s"
  # New inputs go to a scratch corpus; the checked-in seeds are only read.
  work="work/$t"
  mkdir -p "$work" "corpus/$t"
  log="work/$t.log"
  set +e
  cargo "+$toolchain" fuzz run -s "$sanitizer" -a "$t" "$work" "corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || true)
  tail -n 3 "$log"
  if [ "$rc" -ne 0 ]; then
    echo "!!! $t failed (exit $rc); log: fuzz/$log"
    grep -E "panicked|Test unit written|SUMMARY" "$log" | head -20 || true
    failed+=("$t")
  fi
  summary+=("$(printf '%-12s executions: %-10s exit: %s' "$t" "${execs:-?}" "$rc")")
done

step "summary"
printf '%s\n' "${summary[@]}"
echo "fuzz: done in $(( $(date +%s) - started ))s"
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (reproduce: cd fuzz && cargo +$toolchain fuzz run -s $sanitizer -a <target> artifacts/<target>/<file>)"
  exit 1
fi
