#!/usr/bin/env bash
# pre-commit without Rust: the real pre-commit (from PyPI) with README's recommended
# .pre-commit-config.yaml, whose hook repository is pre-commit-mirror/ (committed and tagged in a
# temporary git repository, as github.com/mlready/mlready-pre-commit is). pre-commit installs the
# hooks' placeholder package, whose dependency is the exact mlready-lint wheel; pip may only take
# packages from a local folder (PIP_NO_INDEX, PIP_FIND_LINKS) holding the wheel built from this
# checkout, and there is no cargo, rustc or rustup on PATH.
#   * the snippet's `mlready-changed` passes a README edit of fixtures/bare-research and fails an
#     empty Metrics heading (MET003); with args, it passes a clean commit of fixtures/churn-service
#     and fails once a staged change adds a warning;
#   * `mlready` fails on fixtures/bare-research (OWN001) and passes on fixtures/churn-service;
#   * the hook's environment holds the wheel's mlready, at Cargo.toml's version;
#   * mirror.py pins Cargo.toml's version, and `mirror.py update` tags exactly the new final
#     releases a (local) package index lists.
#
# MLREADY_WHEEL_DIR: use the wheel already built there (tests/integrations/wheel.sh), instead of
# building one.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
source "$project/tests/integrations/common.sh"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

version="$(cargo_version)"
python3 "$project/pre-commit-mirror/mirror.py" check "$version"

if [ -n "${MLREADY_WHEEL_DIR:-}" ]; then
  wheel="$(the_wheel "$MLREADY_WHEEL_DIR")"
else
  wheel="$(build_wheel "$work/built")"
fi
echo "wheel: $wheel"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit>=3.2,<5"
"$work/venv/bin/pre-commit" --version

# The only packages pip may install in the hook's environment: the wheel, and the build backend
# of the mirror's placeholder package (fetched now, while an index may still be used).
mkdir "$work/wheelhouse"
cp "$wheel" "$work/wheelhouse/"
mapfile -t backend < <(python3 -c 'import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["build-system"]["requires"]))' \
  "$project/pre-commit-mirror/pyproject.toml")
"$work/venv/bin/pip" download --quiet --disable-pip-version-check --only-binary :all: \
  --dest "$work/wheelhouse" "${backend[@]}"

git_commit() { # DIR MESSAGE
  git -C "$1" -c user.name=ci -c user.email=ci@example.com -c commit.gpgsign=false commit -qm "$2"
}

# The hook repository, as github.com/mlready/mlready-pre-commit holds it at tag v$version.
cp -R "$project/pre-commit-mirror" "$work/mirror"
git -C "$work/mirror" init -q
git -C "$work/mirror" add -A
git_commit "$work/mirror" "mirror"
git -C "$work/mirror" tag "v$version"

config="$("$project/tests/integrations/snippet.sh" pre-commit \
  | sed -e "s|repo: https://github.com/mlready/mlready-pre-commit\$|repo: $work/mirror|" \
    -e "s|rev: v[0-9][0-9.]*\$|rev: v$version|")"
grep -q "repo: $work/mirror\$" <<< "$config" || { echo "the README snippet changed shape: $config"; exit 1; }

clean_path="$work/venv/bin:$(path_without_rust "$work/path")"
pre_commit() {
  env PATH="$clean_path" PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/wheelhouse" \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PRE_COMMIT_HOME="$work/pre-commit-home" \
    MLREADY_CACHE_DIR="$work/cache" pre-commit "$@"
}

fixture_repo() { # FIXTURE CONFIG
  local dir="$work/$1"
  rm -rf "$dir"
  cp -R "$project/fixtures/$1" "$dir"
  printf '%s\n' "$2" > "$dir/.pre-commit-config.yaml"
  git -C "$dir" init -q
  git -C "$dir" add -A
  git_commit "$dir" "fixture $1"
}

# The snippet's hook (`mlready-changed`) judges what the commit makes worse: an edit of the README
# of a repository that misses most ingredients passes; an empty Metrics heading fails.
fixture_repo bare-research "$config"
echo "Questions go to the issue tracker." >> "$work/bare-research/README.md"
git -C "$work/bare-research" add README.md
if ! output="$(cd "$work/bare-research" && pre_commit run --color never 2>&1)"; then
  echo "$output"
  echo "FAIL: the wheel's hook failed a README edit of fixtures/bare-research on findings that were there before it"
  exit 1
fi
echo "ok: a README edit of fixtures/bare-research passes (the wheel's hook, no Rust on PATH)"
printf '\n## Metrics\n\n' >> "$work/bare-research/README.md"
git -C "$work/bare-research" add README.md
if output="$(cd "$work/bare-research" && pre_commit run --color never 2>&1)" \
  || ! grep -q "MET003 empty-metrics-section" <<< "$output"; then
  echo "$output"
  echo "FAIL: the wheel's hook did not fail an empty Metrics heading with MET003"
  exit 1
fi
echo "ok: an empty Metrics heading fails the wheel's hook (MET003)"

# The hook's environment: the wheel's mlready, Cargo.toml's version.
mapfile -t hook_bins < <(find "$work/pre-commit-home" -path '*/py_env-*/bin/mlready' -type f)
[ "${#hook_bins[@]}" -eq 1 ] || { echo "FAIL: expected one mlready in pre-commit's environments: ${hook_bins[*]}"; exit 1; }
[ "$("${hook_bins[0]}" --version)" = "mlready $version" ] \
  || { echo "FAIL: the hook's mlready is not $version: $("${hook_bins[0]}" --version)"; exit 1; }
ls -d "${hook_bins[0]%/bin/mlready}"/lib/python3*/site-packages/mlready_lint-"$version".dist-info > /dev/null
echo "ok: the hook runs ${hook_bins[0]#"$work"/}, mlready $version from the mlready-lint wheel"

# The other hook, `mlready`, judges the whole repository: it fails on fixtures/bare-research and
# passes on fixtures/churn-service.
full_config="$(sed 's|^\( *\)- id: mlready-changed$|\1- id: mlready|' <<< "$config")"
grep -q -- "- id: mlready$" <<< "$full_config" || { echo "could not configure mlready: $full_config"; exit 1; }
fixture_repo bare-research "$full_config"
if output="$(cd "$work/bare-research" && pre_commit run --all-files --color never 2>&1)" \
  || ! grep -q "OWN001 missing-owners" <<< "$output"; then
  echo "$output"
  echo "FAIL: the mlready hook did not fail fixtures/bare-research with mlready's findings"
  exit 1
fi
fixture_repo churn-service "$full_config"
if ! output="$(cd "$work/churn-service" && pre_commit run --all-files --color never 2>&1)"; then
  echo "$output"
  echo "FAIL: the mlready hook failed on fixtures/churn-service, which is ready"
  exit 1
fi
echo "ok: the mlready hook fails on fixtures/bare-research and passes on fixtures/churn-service"

# The snippet's hook with `args` (README's example), on the ready fixture: a clean commit passes; a
# staged unpinned requirement (DEP002, a warning) fails it.
changed_config="$(sed 's|^\( *\)- id: mlready-changed$|\1- id: mlready-changed\n\1  args: [--fail-on, warning]|' <<< "$config")"
grep -q "args: \[--fail-on, warning\]" <<< "$changed_config" || { echo "could not configure mlready-changed: $changed_config"; exit 1; }
fixture_repo churn-service "$changed_config"
(cd "$work/churn-service" && pre_commit run mlready-changed --color never > /dev/null 2>&1) \
  || { echo "FAIL: mlready-changed failed on a clean commit of fixtures/churn-service"; exit 1; }
echo "pandas" >> "$work/churn-service/requirements.txt"
git -C "$work/churn-service" add requirements.txt
if output="$(cd "$work/churn-service" && pre_commit run mlready-changed --color never 2>&1)" \
  || ! grep -q "DEP002" <<< "$output"; then
  echo "$output"
  echo "FAIL: mlready-changed did not fail on a staged unpinned requirement (DEP002)"
  exit 1
fi
echo "ok: mlready-changed (args: [--fail-on, warning]) passes on a clean commit, fails on a staged unpinned requirement"

# mirror.py update, against a package index served from 127.0.0.1: from a pin of 0.0.1, only
# final releases with files that are not all yanked get a commit and a tag.
cp -R "$project/pre-commit-mirror" "$work/update"
python3 "$work/update/mirror.py" set 0.0.1
git -C "$work/update" init -q
git -C "$work/update" add -A
git_commit "$work/update" "mirror at 0.0.1"
mkdir -p "$work/index/mlready-lint"
cat > "$work/index/mlready-lint/json" <<JSON
{"releases": {
  "0.0.1": [{"yanked": false}],
  "$version": [{"yanked": false}, {"yanked": false}],
  "$version.post1": [{"yanked": false}],
  "99.0.0rc1": [{"yanked": false}],
  "98.0.0": [{"yanked": true}],
  "97.0.0": []
}}
JSON
start_server "$work/index" "$work/index.log"
(cd "$work/update" && git config user.name ci && git config user.email ci@example.com \
  && MIRROR_INDEX_URL="$server_url" python3 mirror.py update)
tags="$(git -C "$work/update" tag --list)"
[ "$tags" = "v$version" ] || { echo "FAIL: mirror.py update tagged '$tags', not exactly v$version"; exit 1; }
python3 "$work/update/mirror.py" check "$version" > /dev/null
grep -q "^/mlready-lint/json 200$" "$work/index.log" || { echo "FAIL: mirror.py did not ask the local index"; exit 1; }
echo "ok: mirror.py update pins and tags v$version, skipping pre-releases, yanked and empty releases"
