#!/usr/bin/env bash
# A real pre-commit run of this repository's hooks (.pre-commit-hooks.yaml) on a small
# Python project, through `pre-commit run` on the staged files (what the git hook runs):
#   (a) staging a non-canonical import fails, and the output carries the finding's help;
#       the ssot-fix hook rewrites the import;
#   (b) once fixed, the same files pass;
#   (c) staging only lint.toml (a new [[symbol]] whose copy already exists in a file the
#       commit does not touch) fails: a config change checks the whole project.
#
# Default: the hooks as users get them: `repo:` this repository as it is now (uncommitted
# changes to tracked files included, like `pre-commit try-repo`), `language: python`, so
# pre-commit pip-installs it and maturin builds ssot in release mode (minutes, cold).
# SSOT_PRECOMMIT_LANGUAGE_SYSTEM=1: the same hook definitions as a `repo: local`,
# `language: system` config, with the debug build of ssot on PATH (seconds).
#
# Needs git, python3 (venv) and network access to PyPI (pre-commit; maturin for the
# default variant). Usage: tests/precommit.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$SECONDS

export GIT_AUTHOR_NAME=ssot-test GIT_AUTHOR_EMAIL=ssot-test@example.com
export GIT_COMMITTER_NAME=ssot-test GIT_COMMITTER_EMAIL=ssot-test@example.com
export PRE_COMMIT_HOME="$work/cache" PRE_COMMIT_COLOR=never NO_COLOR=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
echo "pre-commit $(pre-commit --version | cut -d' ' -f2) installed ($((SECONDS - start))s)"

# The project under test: format_amount and to_cents live in shop.money; shop.report
# re-exports format_amount and keeps its own copy of to_cents (not declared yet).
proj="$work/project"
mkdir -p "$proj/shop"
cd "$proj"
git init -q .
: > shop/__init__.py
cat > lint.toml <<'TOML'
[[symbol]]
name = "format_amount"
canonical = "shop.money"
TOML
cat > shop/money.py <<'PY'
def format_amount(cents):
    return f"{cents / 100:.2f}"


def to_cents(amount):
    return int(round(amount * 100))
PY
cat > shop/report.py <<'PY'
from shop.money import format_amount


def to_cents(amount):
    return int(round(amount * 100))


def line(cents):
    return "total: " + format_amount(cents)
PY
cat > shop/cart.py <<'PY'
from shop.report import format_amount


def show(cents):
    return format_amount(cents)
PY

if [ "${SSOT_PRECOMMIT_LANGUAGE_SYSTEM:-0}" = 1 ]; then
  variant="repo: local, language: system"
  bin="${CARGO_TARGET_DIR:-$root/target}/debug"
  if [ ! -x "$bin/ssot" ]; then
    (cd "$root" && cargo build --locked --quiet --bin ssot)
  fi
  export PATH="$bin:$PATH"
  # This repository's hook definitions, verbatim but for the language.
  python - "$root/.pre-commit-hooks.yaml" > .pre-commit-config.yaml <<'PY'
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
for h in hooks:
    h["language"] = "system"
    if h["id"] == "ssot-fix":
        h["stages"] = ["manual"]
yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sys.stdout, sort_keys=False)
PY
else
  variant="repo: this repository, language: python"
  # The working tree's tracked files as a commit (empty when clean), pushed to a scratch
  # repository so pre-commit can fetch it like any rev.
  rev=$(git -C "$root" stash create)
  rev=${rev:-$(git -C "$root" rev-parse HEAD)}
  untracked=$(git -C "$root" ls-files --others --exclude-standard)
  [ -z "$untracked" ] || printf 'note: untracked files are not part of the repository under test (git add them):\n%s\n' "$untracked"
  git init -q --bare "$work/repo.git"
  git -C "$root" push -q "$work/repo.git" "$rev:refs/heads/under-test"
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $work/repo.git
    rev: $rev
    hooks:
      - id: ssot
      - id: ssot-fix
        stages: [manual]
YAML
fi
echo "== variant: $variant"
git add .pre-commit-config.yaml
git commit -q --no-verify -m "pre-commit config"

t=$SECONDS
pre-commit install-hooks
echo "hook environments ready ($((SECONDS - t))s)"

run() { # run pre-commit on what is staged; sets $out and $rc
  set +e
  out=$(pre-commit run "$@" 2>&1)
  rc=$?
  set -e
  printf '%s\n' "$out" | sed 's/^/    | /'
}
fail() { echo "FAIL: $*"; exit 1; }

echo "== (a) a non-canonical import is refused, with the finding's help"
git add -A
run
[ "$rc" -ne 0 ] || fail "expected pre-commit to fail on shop/cart.py"
grep -q "SSOT003" <<<"$out" || fail "no SSOT003 in the output"
grep -q "shop/cart.py" <<<"$out" || fail "shop/cart.py not named"
grep -q 'help: write `from shop.money import format_amount` instead' <<<"$out" || fail "no help line"

echo "== ssot-fix rewrites the import"
run --hook-stage manual ssot-fix
[ "$rc" -ne 0 ] || fail "expected ssot-fix to report modified files"
grep -qx "from shop.money import format_amount" shop/cart.py || fail "shop/cart.py was not fixed"

echo "== (b) fixed: green"
git add -A
run
[ "$rc" -eq 0 ] || fail "expected pre-commit to pass after the fix"
git commit -q --no-verify -m "shop"

echo "== (c) only lint.toml changes, and a copy elsewhere is now in breach: red"
cat >> lint.toml <<'TOML'

[[symbol]]
name = "to_cents"
canonical = "shop.money"
TOML
git add lint.toml
[ "$(git diff --cached --name-only)" = "lint.toml" ] || fail "expected only lint.toml staged"
run
[ "$rc" -ne 0 ] || fail "expected pre-commit to fail when lint.toml declares to_cents"
grep -q "SSOT001" <<<"$out" || fail "no SSOT001 in the output"
grep -q "shop/report.py" <<<"$out" || fail "shop/report.py (not staged) not reported"

echo "pre-commit test passed ($variant, $((SECONDS - start))s)"
