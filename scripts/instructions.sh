#!/usr/bin/env bash
# Instructions per W2 call under callgrind, for spoolog (JSON lines, and
# OTLP records: the otlp feature's encoder) and for tracing-subscriber
# (json). Each program runs N1 and N2 calls; the
# difference in total instructions over N2 - N1 cancels start-up and set-up.
#
#   scripts/instructions.sh            # N1=100000 N2=200000
#   N1=50000 N2=150000 scripts/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N1=${N1:-100000}
N2=${N2:-200000}
out=target/spoolog-bench/callgrind
mkdir -p "$out"

cargo build --quiet --release --example callgrind_w2
cargo build --quiet --release --features otlp --example callgrind_otlp
cargo build --quiet --release --manifest-path benches/compare/Cargo.toml --example callgrind_tracing_w2

# Total instructions (Ir) of one run: $1 name, $2 binary, $3 N.
total() {
  local file="$out/$1.$3.out"
  valgrind --tool=callgrind --callgrind-out-file="$file" "$2" "$3" >/dev/null 2>"$out/$1.$3.log"
  awk '/^(summary|totals):/ { print $2; exit }' "$file"
}

rm -f "$out/instructions.jsonl.tmp"
printf '%-22s %14s %14s %12s\n' implementation "Ir(N=$N1)" "Ir(N=$N2)" "Ir/call"
for pair in "spoolog:target/release/examples/callgrind_w2" \
            "spoolog-otlp-records:target/release/examples/callgrind_otlp" \
            "tracing-json:benches/compare/target/release/examples/callgrind_tracing_w2"; do
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
