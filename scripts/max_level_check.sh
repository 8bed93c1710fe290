#!/usr/bin/env bash
# Compile-time level caps (max_level_* / release_max_level_* features), from
# outside: builds tests/max_level_features with several feature sets, in
# debug and in release, and for each build checks
#   (a) at run time: STATIC_MAX_LEVEL is the expected cap and exactly the
#       calls at or below it write a line (the binary checks itself);
#   (b) in release builds: the code of a call above the cap is gone, i.e. its
#       unique message string is nowhere in the binary, while every call at
#       or below the cap left its string there.
# Exits non-zero on the first failure.
#
#   scripts/max_level_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

manifest=tests/max_level_features/Cargo.toml
target_dir=target/max_level_features
levels=(error warn info debug trace)

rank() {
  case "$1" in
    off) echo 0 ;; error) echo 1 ;; warn) echo 2 ;; info) echo 3 ;;
    debug) echo 4 ;; trace) echo 5 ;;
    *) echo "unknown level $1" >&2; exit 2 ;;
  esac
}

checks=0
# $1 profile (debug|release), $2 extra features ("" for none), $3 expected cap
check() {
  local profile=$1 features=$2 cap=$3
  local flags=(--quiet --manifest-path "$manifest" --target-dir "$target_dir")
  [ "$profile" = release ] && flags+=(--release)
  [ -n "$features" ] && flags+=(--features "$features")
  echo "--- $profile, features: release_max_level_info${features:+ $features}, expect $cap"
  cargo build "${flags[@]}"
  local bin="$target_dir/$profile/max_level_features"
  "$bin" "$cap"
  if [ "$profile" = release ]; then
    local l want
    for l in "${levels[@]}"; do
      want=$(( $(rank "$l") <= $(rank "$cap") ))
      local upper
      upper=$(printf '%s' "$l" | tr '[:lower:]' '[:upper:]')
      if grep -q -a -F "spoolog-cap-marker-5e1f-$upper" "$bin"; then
        if [ "$want" -eq 0 ]; then
          echo "FAIL: $l call above the cap $cap still has code in $bin" >&2
          exit 1
        fi
      elif [ "$want" -eq 1 ]; then
        echo "FAIL: $l call at or below the cap $cap left no code in $bin (the check proves nothing)" >&2
        exit 1
      fi
    done
    echo "    binary: markers above $cap absent, at or below present"
  fi
  checks=$((checks + 1))
}

# The test crate always turns on release_max_level_info.
check debug "" trace
check release "" info
# max_level_* caps every build; in release, release_max_level_* replaces it,
# even when less strict (as in the `log` crate).
check debug max_level_warn warn
check release max_level_warn info
check debug max_level_debug debug
check release max_level_debug info
# The most restrictive of one family wins.
check debug release_max_level_off trace
check release release_max_level_off off

echo "max_level_check: $checks builds checked, all passed"
