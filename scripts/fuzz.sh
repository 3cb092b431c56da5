#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS from the seed corpus in tests/fuzz/corpus
# (new inputs go to a working copy in the build folder, never into the repository).
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS. A crash leaves its input in BUILD_DIR/fuzz-findings.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
findings="$build/fuzz-findings"
mkdir -p "$findings"
for target in validate merge; do
  work="$build/fuzz-corpus/$target"
  mkdir -p "$work"
  cp -n "$root/tests/fuzz/corpus/$target/"* "$work/" 2>/dev/null || true
  echo "fuzz: $target for ${seconds}s"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/bin/fuzz_$target" "$work" -max_total_time="$seconds" -max_len=200000 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="$findings/$target-" -print_final_stats=1 2>"$build/fuzz-$target.log" \
    || { tail -60 "$build/fuzz-$target.log"; echo "fuzz: $target found a crash (input in $findings)"; exit 1; }
  grep -E "stat::number_of_executed_units|cov:" "$build/fuzz-$target.log" | tail -2
done
