#!/usr/bin/env bash
# Speed and memory side by side, printed as ratios against the targets (issue "Speed and
# memory"), in one run:
#
#   Python: the local standard library and a generated monorepo (bench/gen_monorepo.py,
#           1,000,000+ lines; and half of it, to show time grows linearly):
#             ruff check --select TID251 --no-cache   (ruff from PyPI, temp venv)
#             ssot check, cold (empty cache)          target: <= 0.8x ruff's time, <= 1.5x its memory
#             ssot check, warm (nothing changed)      target: <= 0.2x cold
#   Rust:   the crates of this project's Cargo.lock in cargo's registry:
#             parse-only floor, all cores (examples/parse_floor.rs parallel: read + syn)
#             ssot check --no-cache                   target: <= 1.3x the floor
#
# Each time is the median of RUNS runs (runs of the tools compared alternate, so machine
# noise hits both alike); peak memory (max RSS) comes from GNU time, or Python's
# resource module when GNU time is missing.
#
# Usage: bench/compare.sh [runs] [monorepo-lines]     (default 5, 1000000)
set -euo pipefail
runs=${1:-5}
mono_lines=${2:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
cargo build --release --quiet --manifest-path "$here/Cargo.toml" --example parse_floor
target="${CARGO_TARGET_DIR:-$here/target}/release"
ssot="$target/ssot"
floor="$target/examples/parse_floor"

echo "installing ruff into a temp venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check ruff
ruff="$work/venv/bin/ruff"

# stats "cmd..." : median wall ms over $runs runs and max RSS in MB, "ms mb"
# pair "cmd A" "cmd B": the same for two commands run alternately, "msA mbA msB mbB"
# Commands are shell strings run in the current directory; `prep` (optional 3rd/4th
# argument) runs untimed before each timed run (e.g. emptying the cache).
pair() {
  python3 - "$runs" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmds = sys.argv[2:4]; preps = (sys.argv[4:6] + ["", ""])[:2]
def run(c, p):
    if p:
        subprocess.run(p, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter()
    subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000
def peak(c, p):
    # Peak RSS of the command alone: run it from a fresh Python, whose children's max RSS
    # is then the command's.
    if p:
        subprocess.run(p, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run([sys.executable, "-c",
        "import resource, subprocess, sys; subprocess.run(sys.argv[1], shell=True, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)", c],
        capture_output=True, text=True).stdout
    return int(out.strip() or 0) / 1024
for c, p in zip(cmds, preps):
    run(c, p)  # warm the page cache
ts = [[], []]
for _ in range(runs):
    for i, (c, p) in enumerate(zip(cmds, preps)):
        ts[i].append(run(c, p))
mb = [peak(c, p) for c, p in zip(cmds, preps)]
print(" ".join(f"{statistics.median(t):.0f} {m:.0f}" for t, m in zip(ts, mb)))
PY
}
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.2f}' if b else 'n/a')" "$1" "$2"; }
row() { printf "  %-44s %8s ms %7s MB  %s\n" "$@"; }

python_corpus() {  # DIR LABEL
  local dir=$1 label=$2 files lines
  files=$(find "$dir" -name '*.py' | wc -l)
  lines=$(find "$dir" -name '*.py' -print0 | xargs -0 cat | wc -l)
  cd "$dir"
  read -r cold_ms cold_mb ruff_ms ruff_mb < <(pair \
    "'$ssot' check --format concise --cache-dir '$work/cache'" \
    "'$ruff' check --select TID251 --no-cache --quiet ." \
    "rm -rf '$work/cache'" "")
  "$ssot" check --format concise --cache-dir "$work/cache" >/dev/null 2>&1 || true
  read -r warm_ms warm_mb nocache_ms nocache_mb < <(pair \
    "'$ssot' check --format concise --cache-dir '$work/cache'" \
    "'$ssot' check --format concise --no-cache")
  echo
  echo "$label: $files files, $lines lines; $(nproc) cores"
  row "ruff check --select TID251 --no-cache" "$ruff_ms" "$ruff_mb"
  row "ssot check --no-cache" "$nocache_ms" "$nocache_mb"
  row "ssot check, cold (empty cache)" "$cold_ms" "$cold_mb" "$(ratio "$cold_ms" "$ruff_ms")x ruff's time (target <= 0.8), $(ratio "$cold_mb" "$ruff_mb")x its memory (target <= 1.5)"
  row "ssot check, warm (nothing changed)" "$warm_ms" "$warm_mb" "$(ratio "$warm_ms" "$cold_ms")x cold (target <= 0.2)"
  LAST_COLD_MS=$cold_ms
  cd - >/dev/null
}

# ---- Python: the standard library ----
stdlib=$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
python3 - "$stdlib" "$work/stdlib" <<'PY'
import shutil, sys
shutil.copytree(sys.argv[1], sys.argv[2], symlinks=True,
                ignore=lambda d, names: [n for n in names
                                         if n in ("site-packages", "__pycache__")
                                         or (not n.endswith(".py") and "." in n)])
PY
printf '[[symbol]]\nname = "dedent"\ncanonical = "textwrap"\n' > "$work/stdlib/lint.toml"
printf '[lint.flake8-tidy-imports.banned-api]\n"textwrap.dedent".msg = "import dedent from textwrap"\n' > "$work/stdlib/ruff.toml"
python_corpus "$work/stdlib" "Python $(python3 -c 'import sys; print(sys.version.split()[0])') stdlib"

# ---- Python: a generated monorepo, full and half size ----
for n in $((mono_lines / 2)) "$mono_lines"; do
  python3 "$here/bench/gen_monorepo.py" "$work/mono-$n" --lines "$n" >/dev/null
  printf '[lint.flake8-tidy-imports.banned-api]\n"core.util.format_amount".msg = "import it from core.util"\n' > "$work/mono-$n/ruff.toml"
  python_corpus "$work/mono-$n" "generated monorepo (bench/gen_monorepo.py --lines $n)"
  eval "MONO_COLD_$n=\$LAST_COLD_MS"
done
half=$((mono_lines / 2))
eval "a=\$MONO_COLD_$mono_lines; b=\$MONO_COLD_$half"
echo
echo "linearity: twice the lines took $(ratio "$a" "$b")x the cold time (2.0 is linear)"

# ---- Rust: the project's dependencies from cargo's registry ----
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
rcorpus="$work/registry"
python3 "$here/bench/registry_corpus.py" "$here/Cargo.lock" "$registry" "$rcorpus"
rfiles=$(find "$rcorpus" -name '*.rs' | wc -l)
if [ "$rfiles" -eq 0 ]; then
  echo; echo "no crates in $registry (run cargo build first): the Rust part is skipped"
  exit 0
fi
rlines=$(find "$rcorpus" -name '*.rs' -print0 | xargs -0 cat | wc -l)
printf '[[symbol]]\nname = "parse_file"\ncanonical = "syn::parse_quote"\n' > "$rcorpus/lint.toml"
cd "$rcorpus"
read -r check_ms check_mb floor_ms floor_mb < <(pair \
  "'$ssot' check --format concise --no-cache" \
  "'$floor' . parallel")
echo
echo "Rust: $(ls "$rcorpus" | grep -vc lint.toml) registry crates, $rfiles files, $rlines lines; $(nproc) cores"
row "parse-only floor (read + syn, all cores)" "$floor_ms" "$floor_mb"
row "ssot check --no-cache" "$check_ms" "$check_mb" "$(ratio "$check_ms" "$floor_ms")x the floor (target <= 1.3)"
