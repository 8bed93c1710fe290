#!/usr/bin/env bash
# The same program (benches/compare/src/bin/migrate.rs) under env_logger and
# under spoolog, for several RUST_LOG values: both outputs, one after the
# other. `cargo test --manifest-path benches/compare/Cargo.toml --test migrate`
# checks that the records agree.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --manifest-path benches/compare/Cargo.toml --bin migrate
bin=benches/compare/target/debug/migrate
for spec in "<unset>" debug "warn,app::db=trace" ap "info/upstream" "foo=bar=baz"; do
  for which in env_logger spoolog; do
    echo "### RUST_LOG=$spec  ($which)"
    if [ "$spec" = "<unset>" ]; then
      env -u RUST_LOG "$bin" "$which" 2>&1 || true
    else
      RUST_LOG="$spec" "$bin" "$which" 2>&1 || true
    fi
    echo
  done
done
