#!/usr/bin/env bash
# Benchmark: `ssot discover` (copy-pasted functions) next to two other duplicate finders,
# on large real corpora available on any machine:
#
#   (a) the local interpreter's Python standard library (only .py files, as bench/run.sh),
#   (b) a Rust corpus: the sources of this project's dependencies in cargo's registry
#       (present after `cargo build`), as bench/run.sh.
#
# Tools, each run once on the same copy, timed with /usr/bin/time (wall time, peak RSS):
#   ssot discover DIR --format json          groups of copied functions (and their pairs)
#   jscpd@5.3.3 (npm, into a temp prefix)    token-based clones, two settings:
#       exact:   default (min 50 tokens, 5 lines)
#       renamed: --ignore-identifiers --ignore-literals (type-2, closer to ssot's "renamed")
#   pylint --disable=all --enable=duplicate-code  (pip, temp venv; Python only, one process).
#       pylint is slow (about 5 minutes and 1.3 GB on the whole stdlib, one core), so it runs
#       once; PYLINT_SUBSET="email json ..." limits it to some stdlib packages, and the
#       pylint/ssot ratio then scales ssot's time to pylint's share of the files.
#
# Counts: ssot = groups (and member pairs, n*(n-1)/2 per group); jscpd = clones (each a
# pair of fragments) from its JSON report; pylint = "Similar lines in N files" messages
# (each a group of N fragments). The tools do not find the same things: ssot compares
# whole function bodies, jscpd and pylint any run of lines or tokens.
#
# A tool that cannot be installed (no npm, no network, no venv) is skipped with a note.
#
# Usage: bench/discover.sh            (needs python3 and cargo; npm for jscpd)
#   PYLINT_SUBSET="email json logging"  stdlib packages pylint runs on (default: all)
#   SKIP_PYLINT=1 / SKIP_JSCPD=1        skip a tool
#   KEEP=1                              keep the temp dir (reports, outputs) and print it
#   TIME_BIN=/path/to/gnu/time          default /usr/bin/time
#   SSOT_BIN=/path/to/ssot              instead of building target/release/ssot
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then
  trap 'echo "kept $work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
pylint_subset=${PYLINT_SUBSET:-all}

time_bin=${TIME_BIN:-/usr/bin/time}  # GNU time; without it, a Python fallback measures the same

note() { echo "  note: $*"; }

# measure NAME CMD...: runs CMD (stdout to $work/NAME.out, stderr to $work/NAME.err) and sets
# SECS (wall seconds), MB (peak RSS in MiB) and RC (exit status).
measure() {
  local name=$1
  shift
  if [ -x "$time_bin" ]; then
    "$time_bin" -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
    RC=$?
    # GNU time prefixes "Command exited with non-zero status N" on failure: take the last line.
    read -r SECS kb < <(tail -n 1 "$work/$name.time")
  else  # no GNU time: the same two figures from Python (children's peak RSS, in KiB on Linux)
    read -r RC SECS kb < <(python3 - "$work/$name" "$@" <<'PY'
import resource, subprocess, sys, time
base, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
with open(base + ".out", "wb") as o, open(base + ".err", "wb") as e:
    rc = subprocess.run(cmd, stdout=o, stderr=e).returncode
print(rc, f"{time.perf_counter() - t:.2f}", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
    )
  fi
  MB=$((kb / 1024))
}

ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.2f}' if b else 'n/a')" "$1" "$2"; }

# ---- tools ----
if [ -n "${SSOT_BIN:-}" ]; then
  ssot=$SSOT_BIN
else
  echo "building ssot (release)"
  cargo build --release --quiet --manifest-path "$here/Cargo.toml" || { echo "cannot build ssot"; exit 2; }
  ssot="${CARGO_TARGET_DIR:-$here/target}/release/ssot"
fi
have_discover=0
if "$ssot" discover --help >/dev/null 2>&1; then
  have_discover=1
else
  note "this ssot has no \`discover\` subcommand yet: its rows are skipped (the other tools still run)"
fi

jscpd="" jscpd_why="not installed"
if [ "${SKIP_JSCPD:-0}" = 1 ]; then
  jscpd_why="SKIP_JSCPD=1"
else
  if command -v npm >/dev/null 2>&1; then
    echo "installing jscpd@5.3.3 into a temp prefix"
    if npm install --loglevel=error --no-audit --no-fund --prefix "$work/npm" jscpd@5.3.3 >/dev/null 2>"$work/npm.err" \
      && "$work/npm/node_modules/.bin/jscpd" --version >/dev/null 2>&1; then
      jscpd="$work/npm/node_modules/.bin/jscpd"
      echo "jscpd: $("$jscpd" --version 2>&1 | head -n 1)"
    else
      note "jscpd could not be installed (skipped): $(tail -n 1 "$work/npm.err")"
    fi
  else
    note "no npm: jscpd skipped"
  fi
fi

pylint="" pylint_why="not installed"
if [ "${SKIP_PYLINT:-0}" = 1 ]; then
  pylint_why="SKIP_PYLINT=1"
else
  echo "installing pylint into a temp venv"
  if python3 -m venv "$work/venv" >/dev/null 2>&1 \
    && "$work/venv/bin/pip" install --quiet --disable-pip-version-check pylint >/dev/null 2>"$work/pip.err"; then
    pylint="$work/venv/bin/pylint"
    echo "pylint: $("$pylint" --version 2>&1 | head -n 1)"
  else
    note "pylint could not be installed (skipped): $(tail -n 1 "$work/pip.err" 2>/dev/null)"
  fi
fi

# ---- runners: each prints one row and sets <TOOL>_S / <TOOL>_MB for the ratios ----
row() { printf "  %-34s %8s s %7s MB   %s\n" "$1" "$2" "$3" "$4"; }

run_ssot() {  # DIR
  SSOT_S=""
  [ "$have_discover" = 1 ] || { row "ssot discover" "-" "-" "skipped: no discover subcommand"; return; }
  measure ssot "$ssot" discover "$1" --format json
  local counts
  counts=$(python3 - "$work/ssot.out" <<'PY' 2>/dev/null
import json, sys
d = json.load(open(sys.argv[1]))
g = d.get("groups", [])
n = [len(x.get("members", [])) for x in g]
kinds = {}
for x in g:
    kinds[x.get("copies", "?")] = kinds.get(x.get("copies", "?"), 0) + 1
k = ", ".join(f"{v} {c}" for c, v in sorted(kinds.items()))
print(f"{len(g)} groups ({k}), {sum(n)} functions, {sum(m * (m - 1) // 2 for m in n)} pairs; {len(d.get('tables', []))} tables")
PY
  ) || counts="unreadable output (exit $RC): $(head -c 200 "$work/ssot.err")"
  row "ssot discover" "$SECS" "$MB" "$counts"
  SSOT_S=$SECS SSOT_MB=$MB
}

run_jscpd() {  # DIR FORMAT LABEL ARGS...
  local dir=$1 format=$2 label=$3
  shift 3
  JSCPD_S=""
  [ -n "$jscpd" ] || { row "jscpd $label" "-" "-" "skipped: $jscpd_why"; return; }
  rm -rf "$work/jscpd-report"
  measure jscpd "$jscpd" "$dir" --format "$format" --reporters json,silent --output "$work/jscpd-report" \
    --silent --no-tips "$@"
  local counts
  counts=$(python3 - "$work/jscpd-report/jscpd-report.json" <<'PY' 2>/dev/null
import json, sys
d = json.load(open(sys.argv[1]))
t = d["statistics"]["total"]
print(f"{len(d['duplicates'])} clones (pairs), {t['duplicatedLines']} duplicated lines "
      f"({t['percentage']:.1f}%) in {t['sources']} files")
PY
  ) || counts="no report (exit $RC): $(tail -n 1 "$work/jscpd.err")"
  row "jscpd $label" "$SECS" "$MB" "$counts"
  JSCPD_S=$SECS JSCPD_MB=$MB
}

run_pylint() {  # DIR (the corpus root); runs on $pylint_subset inside it
  PYLINT_S=""
  [ -n "$pylint" ] || { row "pylint duplicate-code" "-" "-" "skipped: $pylint_why"; return; }
  local targets=() label
  if [ "$pylint_subset" = all ]; then
    targets=(.)
    label="whole stdlib"
  else
    for p in $pylint_subset; do [ -e "$1/$p" ] && targets+=("$p"); done
    label="subset: ${targets[*]}"
  fi
  # pylint's similarity checker is one process (-j 1) over all files, so that files of
  # different packages are compared with each other.
  (cd "$1" && measure pylint "$pylint" --disable=all --enable=duplicate-code --score=n \
    --recursive=y "${targets[@]}"
   echo "$SECS $MB $RC" >"$work/pylint.res")
  read -r SECS MB RC <"$work/pylint.res"
  local msgs files
  msgs=$(grep -c "Similar lines in" "$work/pylint.out")
  files=$(grep -o "Similar lines in [0-9]* files" "$work/pylint.out" | awk '{s += $4} END {print s + 0}')
  local nfiles
  nfiles=$(cd "$1" && find "${targets[@]}" -name '*.py' | wc -l)
  row "pylint duplicate-code" "$SECS" "$MB" "$msgs messages \"Similar lines\" ($files fragments); $nfiles files, $label"
  PYLINT_S=$SECS
  PYLINT_FILES=$nfiles
}

ratios() {  # LANG FILES
  [ -n "$SSOT_S" ] || { echo "  ratios: n/a (no ssot discover run)"; return; }
  if [ -n "${JSCPD_EXACT_S:-}" ]; then
    echo "  ssot / jscpd (exact):   time $(ratio "$SSOT_S" "$JSCPD_EXACT_S"), memory $(ratio "$SSOT_MB" "$JSCPD_EXACT_MB")"
  fi
  if [ -n "${PYLINT_S:-}" ] && [ "$1" = python ]; then
    # pylint ran on PYLINT_FILES files, ssot on all: scale ssot's time to the same file count.
    local per
    per=$(python3 -c "import sys; s, n, m = map(float, sys.argv[1:]); print(f'{s * m / n:.3f}')" "$SSOT_S" "$2" "$PYLINT_FILES")
    echo "  pylint / ssot:          time $(ratio "$PYLINT_S" "$per") (ssot's time scaled to pylint's $PYLINT_FILES of $2 files)"
  fi
}

# ---- (a) Python: the standard library ----
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
echo
echo "corpus: Python $(python3 -c 'import sys; print(sys.version.split()[0])') stdlib, $files files, $lines lines; $(nproc) cores"
run_ssot "$corpus"
run_jscpd "$corpus" python "(exact)"
JSCPD_EXACT_S=$JSCPD_S JSCPD_EXACT_MB=${JSCPD_MB:-}
run_jscpd "$corpus" python "(renamed)" --ignore-identifiers --ignore-literals
run_pylint "$corpus"
ratios python "$files"

# ---- (b) Rust: the project's dependencies from cargo's registry ----
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
rcorpus="$work/registry"
mkdir -p "$rcorpus"
python3 - "$here/Cargo.lock" "$registry" "$rcorpus" <<'PY'
import os, re, shutil, sys
lock, registry, out = sys.argv[1:4]
pkgs = set(re.findall(r'name = "([^"]+)"\nversion = "([^"]+)"', open(lock).read()))
for index in (os.listdir(registry) if os.path.isdir(registry) else []):
    for name, version in pkgs:
        src = os.path.join(registry, index, f"{name}-{version}")
        if os.path.isdir(src) and not os.path.exists(os.path.join(out, f"{name}-{version}")):
            shutil.copytree(src, os.path.join(out, f"{name}-{version}"), symlinks=True,
                            ignore=shutil.ignore_patterns("target", ".git"))
PY
rfiles=$(find "$rcorpus" -name '*.rs' | wc -l)
if [ "$rfiles" = 0 ]; then
  echo
  echo "no crates in $registry (run cargo build first): the Rust part is skipped"
  exit 0
fi
rlines=$(find "$rcorpus" -name '*.rs' -print0 | xargs -0 cat | wc -l)
echo
echo "corpus: $(ls "$rcorpus" | wc -l) crates from cargo's registry (this project's dependencies), $rfiles .rs files, $rlines lines"
PYLINT_S=""
run_ssot "$rcorpus"
run_jscpd "$rcorpus" rust "(exact)"
JSCPD_EXACT_S=$JSCPD_S JSCPD_EXACT_MB=${JSCPD_MB:-}
run_jscpd "$rcorpus" rust "(renamed)" --ignore-identifiers --ignore-literals
ratios rust "$rfiles"
