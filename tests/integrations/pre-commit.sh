#!/usr/bin/env bash
# The real pre-commit, installed from PyPI into a virtualenv, with README's
# .pre-commit-config.yaml snippet for the `language: rust` hooks (`pre-commit-rust`; the
# recommended wheel-based hooks are pre-commit-wheel.sh's) pointing at this checkout as the hook
# repository:
# the default hook (`mlready-changed`) must pass a README edit of a repository missing
# ingredients (fixtures/bare-research), and fail a staged change that makes one worse.
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

fixture_repo() { # FIXTURE
  local dir="$work/$1"
  rm -rf "$dir"
  cp -R "$project/fixtures/$1" "$dir"
  printf '%s\n' "$config" > "$dir/.pre-commit-config.yaml"
  git -C "$dir" init -q
  git -C "$dir" add -A
  git -C "$dir" -c user.name=ci -c user.email=ci@example.com commit -qm "fixture $1"
}
# `pre-commit run` as `git commit` runs it: on what is staged.
hook() { (cd "$work/$1" && "$work/venv/bin/pre-commit" run --color never); }

# The default hook judges what the commit makes worse: an edit of the README of a repository
# that misses most ingredients passes; an empty Metrics heading fails.
fixture_repo bare-research
echo "Questions go to the issue tracker." >> "$work/bare-research/README.md"
git -C "$work/bare-research" add README.md
if ! output="$(hook bare-research 2>&1)"; then
  echo "$output"
  echo "FAIL: the hook failed a README edit of fixtures/bare-research on findings that were there before it"
  exit 1
fi
echo "ok: a README edit of fixtures/bare-research passes"
printf '\n## Metrics\n\n' >> "$work/bare-research/README.md"
git -C "$work/bare-research" add README.md
if output="$(hook bare-research 2>&1)" || ! grep -q "MET003 empty-metrics-section" <<<"$output"; then
  echo "$output"
  echo "FAIL: the hook did not fail an empty Metrics heading with MET003"
  exit 1
fi
# The sentence wraps at the width: read the output as one line.
tr '\n' ' ' <<<"$output" | grep -q "findings outside the changes not shown (\`mlready lint\` without \`--changed-since\` shows them)" \
  || { echo "$output"; echo "FAIL: the hook does not say how to see the findings it left out"; exit 1; }
echo "ok: an empty Metrics heading fails the hook (MET003), which says how to see the rest"

fixture_repo churn-service
git -C "$work/churn-service" rm -q data/train.parquet.dvc data/holdout.parquet.dvc
if output="$(hook churn-service 2>&1)" || ! grep -q "DATA001 unversioned-training-data" <<<"$output"; then
  echo "$output"
  echo "FAIL: the hook did not fail the deletion of fixtures/churn-service's DVC files with DATA001"
  exit 1
fi
echo "ok: deleting fixtures/churn-service's DVC pointers fails the hook (DATA001)"
