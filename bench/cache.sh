#!/usr/bin/env bash
# Benchmark: the facts cache (src/cache.rs). Cold vs warm `ssot check` on two large real
# corpora available on any machine (built as bench/run.sh builds them):
#   (a) the local interpreter's Python standard library (only .py files), with a lint.toml
#       naming one [[symbol]];
#   (b) the sources of this project's dependencies in cargo's registry (after `cargo build`).
#
# For each corpus, with /usr/bin/time (wall seconds, peak RSS):
#   --no-cache        no cache at all (the pre-cache baseline)
#   cold              an empty cache: everything parsed, the cache written
#   warm              nothing changed: everything served from the cache, nothing written
#   warm, 1 edited    one file changed: it alone is parsed again, the cache rewritten
# each `runs` times (median), and warm/cold. Target: warm <= 0.2 x cold.
#
# Usage: bench/cache.sh [runs]     (default 3; needs python3 and cargo)
#   SSOT_BIN=/path/to/ssot          instead of building target/release/ssot
#   TIME_BIN=/path/to/gnu/time      default /usr/bin/time
set -euo pipefail
runs=${1:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
time_bin=${TIME_BIN:-/usr/bin/time}

if [ -n "${SSOT_BIN:-}" ]; then
  ssot=$SSOT_BIN
else
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
  ssot="${CARGO_TARGET_DIR:-$here/target}/release/ssot"
fi

# measure DIR ARGS...: median wall seconds and the peak RSS (MiB) of that run, as "S MB".
measure() {
  local dir=$1
  shift
  python3 - "$runs" "$time_bin" "$dir" "$@" <<'PY'
import os, statistics, subprocess, sys, tempfile
runs, time_bin, d, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
res = []
for _ in range(runs):
    prep = os.environ.get("PREP")
    if prep:
        subprocess.run(prep, shell=True, cwd=d, check=True)
    with tempfile.NamedTemporaryFile("r") as t:
        subprocess.run([time_bin, "-f", "%e %M", "-o", t.name] + args, cwd=d,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        s, kb = t.read().strip().splitlines()[-1].split()
        res.append((float(s), int(kb)))
res.sort()
s, kb = res[len(res) // 2]
print(f"{s:.2f} {kb // 1024}")
PY
}

bench() {  # DIR LABEL EDIT_FILE COMMENT_PREFIX
  local dir=$1 label=$2 edit=$3 comment=$4
  cd "$dir"
  read -r none_s none_mb < <(measure "$dir" "$ssot" check --no-cache --format concise)
  read -r cold_s cold_mb < <(PREP="rm -rf .ssot_cache" measure "$dir" "$ssot" check --format concise)
  "$ssot" check --format concise >/dev/null 2>&1 || true
  read -r warm_s warm_mb < <(measure "$dir" "$ssot" check --format concise)
  read -r edit_s edit_mb < <(PREP="echo '$comment edited' >> '$edit'" measure "$dir" "$ssot" check --format concise)
  local size
  size=$(du -sh .ssot_cache | cut -f1)
  echo
  echo "$label"
  printf "  %-22s %6s s %6s MB\n" "--no-cache" "$none_s" "$none_mb" "cold (empty cache)" "$cold_s" "$cold_mb" \
    "warm (nothing changed)" "$warm_s" "$warm_mb" "warm, 1 file edited" "$edit_s" "$edit_mb"
  echo "  warm / cold: $(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$warm_s" "$cold_s");" \
    "cache size: $size"
}

# ---- (a) Python: the standard library ----
stdlib=$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
corpus="$work/stdlib"
python3 - "$stdlib" "$corpus" <<'PY'
import shutil, sys
shutil.copytree(sys.argv[1], sys.argv[2], symlinks=True,
                ignore=lambda d, names: [n for n in names
                                         if n in ("site-packages", "__pycache__")
                                         or (not n.endswith(".py") and "." in n)])
PY
cat > "$corpus/lint.toml" <<'TOML'
[files]
python-roots = ["."]

[[symbol]]
name = "dedent"
canonical = "textwrap"
TOML
files=$(find "$corpus" -name '*.py' | wc -l)
bench "$corpus" "Python $(python3 -c 'import sys; print(sys.version.split()[0])') stdlib: $files files; $(nproc) cores" "$corpus/textwrap.py" "#"

# ---- (b) Rust: the project's dependencies from cargo's registry ----
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
rcorpus="$work/registry"
python3 "$here/bench/registry_corpus.py" "$here/Cargo.lock" "$registry" "$rcorpus"
rfiles=$(find "$rcorpus" -name '*.rs' | wc -l)
if [ "$rfiles" = 0 ]; then
  echo
  echo "no crates in $registry (run cargo build first): the Rust part is skipped"
  exit 0
fi
cat > "$rcorpus/lint.toml" <<'TOML'
[[symbol]]
name = "parse_file"
canonical = "syn::parse_quote"
TOML
edit=$(find "$rcorpus" -path '*/src/lib.rs' | sort | head -n 1)
bench "$rcorpus" "Rust: $(ls "$rcorpus" | grep -vc lint.toml) crates from cargo's registry, $rfiles .rs files" "$edit" "//"
