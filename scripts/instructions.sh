#!/usr/bin/env bash
# Instructions per call under callgrind: every standard workload through
# spoolog (examples/callgrind.rs: W0 by level and by target, W1 through the
# Logger, W2 by the macros and by log::info!, W3, W5's logging thread; W2 as OTLP records with the
# otlp feature's encoder), W2
# for tracing-subscriber (json); `tracing::info!` W2 and W6 through
# spoolog's tracing layer, and W6 through tracing-subscriber's json with the
# span list. Each program runs N1 and N2 calls; the difference in total
# instructions over N2 - N1 cancels start-up and set-up. W0 rows include the
# loop (the `loop` row is the loop alone).
#
#   scripts/instructions.sh            # N1=100000 N2=200000
#   N1=50000 N2=150000 scripts/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N1=${N1:-100000}
N2=${N2:-200000}
out=target/spoolog-bench/callgrind
mkdir -p "$out"

cargo build --quiet --release --example callgrind
cargo build --quiet --release --features otlp --example callgrind_otlp
cargo build --quiet --release --manifest-path benches/compare/Cargo.toml --example callgrind_tracing_w2
cargo build --quiet --release --manifest-path benches/compare/Cargo.toml --example callgrind_layer

# Total instructions (Ir) of one run: $1 name, $2 binary (with its first
# arguments, space-separated), $3 N.
total() {
  local file="$out/$1.$3.out"
  if [ "$1" = "spoolog-w5" ]; then
    # The logging thread only: callgrind's file for thread 1.
    # shellcheck disable=SC2086 # $2 is a command with arguments
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$file" $2 "$3" >/dev/null 2>"$out/$1.$3.log"
    file="$file-01"
  else
    # shellcheck disable=SC2086 # $2 is a command with arguments
    valgrind --tool=callgrind --callgrind-out-file="$file" $2 "$3" >/dev/null 2>"$out/$1.$3.log"
  fi
  awk '/^(summary|totals):/ { print $2; exit }' "$file"
}

rm -f "$out/instructions.jsonl.tmp"
printf '%-22s %14s %14s %12s\n' implementation "Ir(N=$N1)" "Ir(N=$N2)" "Ir/call"
layer=benches/compare/target/release/examples/callgrind_layer
cg=target/release/examples/callgrind
for pair in "loop:$cg loop" "spoolog-w0:$cg w0" "spoolog-w0-target:$cg w0-target" \
            "spoolog-w1:$cg w1" "spoolog:$cg w2" "spoolog-log-w2:$cg w2-log" \
            "spoolog-w3:$cg w3" "spoolog-w5:$cg w5" \
            "spoolog-otlp-records:target/release/examples/callgrind_otlp" \
            "tracing-json:benches/compare/target/release/examples/callgrind_tracing_w2" \
            "spoolog-tracing-w2:$layer spoolog-w2" \
            "spoolog-tracing-w6:$layer spoolog-w6" \
            "tracing-json-w6:$layer fmt-w6"; do
  name=${pair%%:*}
  bin=${pair#*:}
  i1=$(total "$name" "$bin" "$N1")
  i2=$(total "$name" "$bin" "$N2")
  per=$(awk -v a="$i1" -v b="$i2" -v n1="$N1" -v n2="$N2" 'BEGIN { printf "%.1f", (b - a) / (n2 - n1) }')
  printf '%-22s %14s %14s %12s\n' "$name" "$i1" "$i2" "$per"
  printf '{"implementation":"%s","n1":%s,"n2":%s,"ir1":%s,"ir2":%s,"ir_per_call":%s}\n' \
    "$name" "$N1" "$N2" "$i1" "$i2" "$per" >>"$out/instructions.jsonl.tmp"
done
mv "$out/instructions.jsonl.tmp" "$out/instructions.jsonl"
echo "wrote $out/instructions.jsonl"
