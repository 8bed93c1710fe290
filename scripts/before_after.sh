#!/usr/bin/env bash
# Time per call of every workload of examples/callgrind.rs, for two commits
# in one run: each commit's example is built in its own worktree, then the
# two binaries run alternately, ROUNDS times per workload, each with N1 and
# N2 calls; ns per call = (t(N2) - t(N1)) / (N2 - N1), which cancels
# start-up. Prints the median over the rounds for each commit and the
# ratio after / before. Native runs (no valgrind): the times move with the
# machine's load, the ratio of two adjacent runs much less.
#
#   scripts/before_after.sh BEFORE_COMMIT [AFTER_COMMIT]   # AFTER: HEAD
#   ROUNDS=7 N1=1000000 N2=3000000 WORKLOADS="w2 w5" scripts/before_after.sh b9d815d
set -euo pipefail
cd "$(dirname "$0")/.."

before=${1:?usage: scripts/before_after.sh BEFORE_COMMIT [AFTER_COMMIT]}
after=${2:-HEAD}
# Resolved here, in this checkout: inside a worktree, a name such as HEAD
# means the worktree's own HEAD, so an existing worktree would stay on the
# commit of an earlier run.
before=$(git rev-parse --verify "$before^{commit}")
after=$(git rev-parse --verify "$after^{commit}")
ROUNDS=${ROUNDS:-7}
N1=${N1:-1000000}
N2=${N2:-3000000}
work=target/before-after
mkdir -p "$work"

build() { # $1 commit, $2 name -> path of the binary
  local dir="$work/$2"
  if [ ! -d "$dir/src" ]; then
    git worktree add --force --detach "$dir" "$1" >/dev/null 2>&1
  else
    git -C "$dir" checkout --quiet --detach "$1"
  fi
  cargo build --quiet --release --example callgrind \
    --manifest-path "$dir/Cargo.toml" --target-dir "$work/target-$2" >&2
  echo "$work/target-$2/release/examples/callgrind"
}

b=$(build "$before" before)
a=$(build "$after" after)

ns() { # $1 binary, $2 workload, $3 n -> nanoseconds of the run
  local t0 t1
  t0=$(date +%s%N)
  "$1" "$2" "$3" >/dev/null
  t1=$(date +%s%N)
  echo $((t1 - t0))
}

per_call() { # $1 binary, $2 workload
  local s l
  s=$(ns "$1" "$2" "$N1")
  l=$(ns "$1" "$2" "$N2")
  awk -v s="$s" -v l="$l" -v n1="$N1" -v n2="$N2" 'BEGIN { printf "%.2f", (l - s) / (n2 - n1) }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "before: $(git rev-parse --short "$before")  after: $(git rev-parse --short "$after")  rounds: $ROUNDS  N: $N1 / $N2  load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-10s | %14s | %14s | %11s |\n' workload "before ns/call" "after ns/call" "after/before"
printf '|---|---:|---:|---:|\n'
for w in ${WORKLOADS:-w1 w2 w2-log w3 w5}; do
  bs=() as=()
  for _ in $(seq "$ROUNDS"); do
    bs+=("$(per_call "$b" "$w")")
    as+=("$(per_call "$a" "$w")")
  done
  bm=$(printf '%s\n' "${bs[@]}" | median)
  am=$(printf '%s\n' "${as[@]}" | median)
  printf '| %-10s | %14.1f | %14.1f | %11.2f |\n' "$w" "$bm" "$am" "$(awk -v a="$am" -v b="$bm" 'BEGIN { print a / b }')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
