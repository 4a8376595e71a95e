#!/usr/bin/env bash
# Seed the fuzz corpora from the fixtures: fixtures/**/*.py -> corpus/python,
# fixtures/**/*.rs -> corpus/rust, fixtures/**/lint.toml -> corpus/config.
# File names are flattened paths, so re-running is idempotent.
set -euo pipefail
cd "$(dirname "$0")"
seed() { # target, find-args...
  local target=$1; shift
  mkdir -p "corpus/$target"
  (cd ../fixtures && find . -type f "$@" -print0) | while IFS= read -r -d '' f; do
    cp "../fixtures/$f" "corpus/$target/$(echo "${f#./}" | tr '/' '_')"
  done
  echo "corpus/$target: $(find "corpus/$target" -type f | wc -l) files"
}
seed python -name '*.py'
seed rust -name '*.rs'
seed config -name lint.toml
