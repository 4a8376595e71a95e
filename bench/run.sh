#!/usr/bin/env bash
# Benchmark: ssot vs ruff on a large real Python corpus available on any machine.
#
# Copies the local interpreter's standard library into a temp dir, writes a lint.toml
# naming one of its functions (textwrap.dedent) as canonical and an equivalent ruff
# banned-api (TID251) config, installs ruff from PyPI into a temp venv, and times
#   ssot check --format concise        (all rules)
#   ruff check --select TID251 --no-cache
# over the same tree, several runs each, reporting the median wall time.
#
# Then the Rust side: the sources of this project's own dependencies in cargo's registry
# folder (present after `cargo build`), copied to a temp dir, with a generated lint.toml;
# reports files, lines and ssot's wall time, next to the parse-only floor (syn parsing the
# same files, one thread) and ssot's front end on one thread (examples/parse_floor.rs).
#
# Usage: bench/run.sh [runs]       (default 5; needs python3 and cargo)
set -euo pipefail
runs=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
cargo build --release --quiet --manifest-path "$here/Cargo.toml" --example parse_floor
floor="$here/target/release/examples/parse_floor"
ssot="$here/target/release/ssot"

stdlib=$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
corpus="$work/stdlib"
echo "copying $stdlib -> $corpus"
python3 - "$stdlib" "$corpus" <<'PY'
import shutil, sys
# Only .py files; no third-party site-packages, no caches.
shutil.copytree(sys.argv[1], sys.argv[2], symlinks=True,
                ignore=lambda d, names: [n for n in names
                                         if n in ("site-packages", "__pycache__")
                                         or (not n.endswith(".py") and "." in n)])
PY
files=$(find "$corpus" -name '*.py' | wc -l)
lines=$(find "$corpus" -name '*.py' -print0 | xargs -0 cat | wc -l)
bytes=$(find "$corpus" -name '*.py' -print0 | xargs -0 cat | wc -c)

cat > "$corpus/lint.toml" <<'TOML'
[files]
python-roots = ["."]

[[symbol]]
name = "dedent"
canonical = "textwrap"

[[table]]
enum = "HTTPStatus"
canonical = "http"
min-entries = 3
TOML
cat > "$corpus/ruff.toml" <<'TOML'
[lint.flake8-tidy-imports.banned-api]
"textwrap.dedent".msg = "import dedent from textwrap"
TOML

echo "installing ruff into a temp venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check ruff
ruff="$work/venv/bin/ruff"
echo "ruff: $("$ruff" --version)"

median() {  # median wall time in ms of running "$@" $runs times (after one warm-up)
  python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ts = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ts.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(ts):.0f}")
PY
}

# Runs alternate between the two tools so that machine noise hits both alike.
pair() {  # median wall ms of "$1" and "$2" (shell command strings), run alternately
  python3 - "$runs" "$1" "$2" <<'PY'
import statistics, subprocess, sys, time
runs, a, b = int(sys.argv[1]), sys.argv[2], sys.argv[3]
for c in (a, b):
    subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ts = {a: [], b: []}
for _ in range(runs):
    for c in (a, b):
        t = time.perf_counter()
        subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ts[c].append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(ts[a]):.0f} {statistics.median(ts[b]):.0f}")
PY
}

cd "$corpus"
read -r ssot_ms ruff_ms < <(pair "'$ssot' check --format concise" "'$ruff' check --select TID251 --no-cache --quiet .")
diags=$("$ssot" check --format concise 2>/dev/null | wc -l || true)

echo
echo "corpus: Python $(python3 -c 'import sys; print(sys.version.split()[0])') stdlib, $files files, $lines lines, $((bytes / 1024 / 1024)) MB; $(nproc) cores"
echo "ssot check (all rules):            ${ssot_ms} ms   ($diags diagnostics)"
echo "ruff check --select TID251:        ${ruff_ms} ms"

echo "floor (one thread):               $("$floor" "$corpus" | grep '^python:' | sed 's/^python: //')"

# ---- Rust: the project's dependencies from cargo's registry ----
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
rcorpus="$work/registry"
mkdir -p "$rcorpus"
python3 - "$here/Cargo.lock" "$registry" "$rcorpus" <<'PY'
import os, re, shutil, sys
lock, registry, out = sys.argv[1:4]
pkgs = set(re.findall(r'name = "([^"]+)"\nversion = "([^"]+)"', open(lock).read()))
for index in os.listdir(registry):
    for name, version in pkgs:
        src = os.path.join(registry, index, f"{name}-{version}")
        if os.path.isdir(src) and not os.path.exists(os.path.join(out, f"{name}-{version}")):
            shutil.copytree(src, os.path.join(out, f"{name}-{version}"), symlinks=True,
                            ignore=shutil.ignore_patterns("target", ".git"))
PY
cat > "$rcorpus/lint.toml" <<'TOML'
[[symbol]]
name = "parse_file"
canonical = "syn::parse_quote"

[[table]]
enum = "Ordering"
canonical = "core::cmp"
TOML
rfiles=$(find "$rcorpus" -name '*.rs' | wc -l)
rlines=$(find "$rcorpus" -name '*.rs' -print0 | xargs -0 cat | wc -l)
cd "$rcorpus"
rssot_ms=$(median "$ssot" check --format concise)
echo
echo "corpus: $(ls "$rcorpus" | grep -vc lint.toml) crates from cargo's registry (this project's dependencies), $rfiles .rs files, $rlines lines"
echo "ssot check (all rules):            ${rssot_ms} ms"
echo "floor (one thread):               $("$floor" "$rcorpus" | grep '^rust:' | sed 's/^rust: //')"
