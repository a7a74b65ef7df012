#!/usr/bin/env bash
# The real pre-commit, installed from PyPI into a virtualenv, with README's
# .pre-commit-config.yaml snippet for the `language: rust` hooks (`pre-commit-rust`; the
# recommended wheel-based hooks are pre-commit-wheel.sh's) pointing at this checkout as the hook
# repository:
# `pre-commit run --all-files` must fail on a repository missing ingredients
# (fixtures/bare-research) and pass on a ready one (fixtures/churn-service).
#
# The hook repository is this checkout at HEAD: pre-commit clones it, so commit
# changes to .pre-commit-hooks.yaml before running this.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit>=3.2,<5"
"$work/venv/bin/pre-commit" --version

export PRE_COMMIT_HOME="$work/pre-commit-home"
# `language: rust` builds mlready with `cargo install`; keep its build between runs.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$project/target/pre-commit}"
rev="$(git -C "$project" rev-parse HEAD)"
config="$("$project/tests/integrations/snippet.sh" pre-commit-rust \
  | sed -e "s|repo: https://github.com/mlready/mlready\$|repo: $project|" -e "s|rev: v0.1.0\$|rev: $rev|")"
grep -q "repo: $project" <<<"$config" || { echo "the README snippet changed shape: $config"; exit 1; }

run_on() {
  local fixture="$1" dir="$work/$1"
  cp -R "$project/fixtures/$fixture" "$dir"
  printf '%s\n' "$config" > "$dir/.pre-commit-config.yaml"
  git -C "$dir" init -q
  git -C "$dir" add -A
  git -C "$dir" -c user.name=ci -c user.email=ci@example.com commit -qm "fixture $fixture"
  (cd "$dir" && "$work/venv/bin/pre-commit" run --all-files --color never)
}

if output="$(run_on bare-research 2>&1)"; then
  echo "$output"
  echo "FAIL: pre-commit passed on fixtures/bare-research, which misses ingredients"
  exit 1
fi
if ! grep -q "OWN001 missing-owners" <<<"$output"; then
  echo "$output"
  echo "FAIL: the hook failed on fixtures/bare-research, but not with mlready's findings"
  exit 1
fi
echo "ok: pre-commit run --all-files fails on fixtures/bare-research"

if ! output="$(run_on churn-service 2>&1)"; then
  echo "$output"
  echo "FAIL: pre-commit failed on fixtures/churn-service, which is ready"
  exit 1
fi
echo "ok: pre-commit run --all-files passes on fixtures/churn-service"
