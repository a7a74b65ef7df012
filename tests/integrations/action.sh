#!/usr/bin/env bash
# The GitHub Action's scripts, run as the runner runs them: the variables it sets (RUNNER_OS,
# RUNNER_ARCH, RUNNER_TEMP, RUNNER_TOOL_CACHE, GITHUB_PATH, GITHUB_OUTPUT) and the step's env
# from action.yml (ACTION_REF, ACTION_REPOSITORY, ACTION_PATH, MLREADY_VERSION), with a PATH that
# holds no Rust unless a case puts a recording `cargo` on it.
#   action/install.sh against a fake release served from 127.0.0.1 (MLREADY_RELEASES_URL): the
#     binary of the runner's platform, SHA-256 checked, from the tool cache the second time; a
#     wrong or malformed checksum fails with a clear message and installs nothing; a branch ref,
#     or a release whose binary is missing, builds from source with cargo and says so.
#   action/lint.sh with a recording `mlready`: `--fail-on` only when the input is set; and, when
#     MLREADY_WHEEL_DIR holds the wheel, with the real mlready: the config's fail-on decides
#     unless the input is set.
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

fail() {
  echo "FAIL: $*"
  exit 1
}

# --- A fake release. Each binary is a script that prints the version it stands for.
fake_binary() { # FILE VERSION
  printf '#!/bin/sh\necho "mlready %s"\n' "$2" > "$1"
  chmod +x "$1"
}
release() { # VERSION TARGET [SAYS]: a release VERSION whose binary says it is SAYS
  local target="$2" says="${3:-$1}" dir="$work/releases/v$1" stage="$work/stage"
  local exe=mlready archive
  [[ "$target" == *windows* ]] && exe=mlready.exe
  rm -rf "$stage"
  mkdir -p "$dir" "$stage"
  fake_binary "$stage/$exe" "$says"
  if [[ "$target" == *windows* ]]; then
    archive="mlready-$target.zip"
    (cd "$stage" && python3 -m zipfile -c "$dir/$archive" "$exe")
  else
    archive="mlready-$target.tar.gz"
    tar -czf "$dir/$archive" -C "$stage" "$exe"
  fi
  (cd "$dir" && sha256sum "$archive" > "$archive.sha256")
}
for target in x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin \
  aarch64-apple-darwin x86_64-pc-windows-msvc; do
  release 9.9.9 "$target"
done
release 6.6.6 x86_64-unknown-linux-musl # its checksum is made wrong below
printf '%064d  mlready-x86_64-unknown-linux-musl.tar.gz\n' 0 \
  > "$work/releases/v6.6.6/mlready-x86_64-unknown-linux-musl.tar.gz.sha256"
release 7.7.7 x86_64-unknown-linux-musl # its checksum file is an error page
echo '<html>Not Found</html>' > "$work/releases/v7.7.7/mlready-x86_64-unknown-linux-musl.tar.gz.sha256"
release 8.8.8 x86_64-unknown-linux-musl 9.9.9 # the archive holds another version

start_server "$work/releases" "$work/server.log"
requests() { wc -l < "$work/server.log" | tr -d ' '; }

# --- A recording cargo, for the cases that build from source: logs its arguments and "installs"
# a binary that says FAKE_CARGO_VERSION.
mkdir -p "$work/fake-cargo"
cat > "$work/fake-cargo/cargo" <<'SH'
#!/bin/sh
echo "$*" >> "$FAKE_CARGO_LOG"
root=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--root" ]; then root="$2"; fi
  shift
done
mkdir -p "$root/bin"
printf '#!/bin/sh\necho "mlready %s"\n' "${FAKE_CARGO_VERSION:-0.0.0-dev}" > "$root/bin/mlready"
chmod +x "$root/bin/mlready"
SH
chmod +x "$work/fake-cargo/cargo"
no_rust_path="$(path_without_rust "$work/path")"

# install CASE [VAR=VALUE...]: runs action/install.sh as the runner would, with a fresh
# RUNNER_TEMP, GITHUB_PATH and GITHUB_OUTPUT per case and one tool cache for all; its output goes
# to $work/CASE/log, its exit code to $status.
install() {
  local dir="$work/cases/$1"
  shift
  mkdir -p "$dir/temp"
  : > "$dir/path"
  : > "$dir/output"
  : > "$dir/cargo.log"
  set +e
  env -i HOME="$HOME" PATH="$no_rust_path" \
    RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$dir/temp" RUNNER_TOOL_CACHE="$work/tool-cache" \
    GITHUB_PATH="$dir/path" GITHUB_OUTPUT="$dir/output" \
    ACTION_REF="" ACTION_REPOSITORY=mlready/mlready ACTION_PATH="$project" MLREADY_VERSION="" \
    MLREADY_RELEASES_URL="$server_url" FAKE_CARGO_LOG="$dir/cargo.log" \
    "$@" bash "$project/action/install.sh" > "$dir/log" 2>&1
  status=$?
  set -e
  log="$(cat "$dir/log")"
  path_added="$(cat "$dir/path")"
  outputs="$(cat "$dir/output")"
  cargo_calls="$(cat "$dir/cargo.log")"
}
show() { echo "--- $1:"; echo "$log"; }
expect_ok() { [ "$status" -eq 0 ] || { show "$1"; fail "$1: install.sh exited $status"; }; }
expect_fail() { # CASE MESSAGE
  [ "$status" -ne 0 ] || { show "$1"; fail "$1: install.sh succeeded"; }
  grep -qF "$2" <<< "$log" || { show "$1"; fail "$1: the log does not say '$2'"; }
  [ -z "$path_added" ] || fail "$1: failed, yet added '$path_added' to GITHUB_PATH"
  grep -q "::error title=mlready install::" <<< "$log" || fail "$1: no ::error annotation"
}
expect_installed() { # CASE DIR VERSION FROM [EXE]
  expect_ok "$1"
  [ "$path_added" = "$2" ] || { show "$1"; fail "$1: GITHUB_PATH got '$path_added', not '$2'"; }
  [ "$("$2/${5:-mlready}" --version)" = "mlready $3" ] || fail "$1: $2/${5:-mlready} is not mlready $3"
  grep -qx "version=$3" <<< "$outputs" || fail "$1: output version is not $3: $outputs"
  grep -qx "installed-from=$4" <<< "$outputs" || { show "$1"; fail "$1: not installed from $4: $outputs"; }
}

cache="$work/tool-cache/mlready"

install release-from-ref ACTION_REF=v9.9.9
expect_installed release-from-ref "$cache/9.9.9/x64" 9.9.9 release
grep -q "SHA-256 [0-9a-f]\{64\} verified" <<< "$log" || fail "release-from-ref: the checksum was not verified"
grep -qx "/v9.9.9/mlready-x86_64-unknown-linux-musl.tar.gz 200" "$work/server.log" || fail "no download"
grep -qx "/v9.9.9/mlready-x86_64-unknown-linux-musl.tar.gz.sha256 200" "$work/server.log" || fail "no checksum"
[ -f "$cache/9.9.9/x64.complete" ] || fail "release-from-ref: the tool cache entry is not marked complete"
echo "ok: ref v9.9.9 on Linux X64: mlready-x86_64-unknown-linux-musl.tar.gz downloaded, SHA-256 verified, on PATH, in the tool cache"

before="$(requests)"
install from-tool-cache ACTION_REF=v9.9.9
expect_installed from-tool-cache "$cache/9.9.9/x64" 9.9.9 tool-cache
[ "$(requests)" = "$before" ] || fail "from-tool-cache: downloaded again"
echo "ok: the same release again: from the tool cache, nothing downloaded"

install input-version ACTION_REF=main MLREADY_VERSION=v9.9.9 RUNNER_ARCH=ARM64
expect_installed input-version "$cache/9.9.9/arm64" 9.9.9 release
grep -qx "/v9.9.9/mlready-aarch64-unknown-linux-musl.tar.gz 200" "$work/server.log" || fail "input-version: wrong archive"
echo "ok: input version v9.9.9 with a branch ref on Linux ARM64: the aarch64 musl binary, no cargo"

install macos ACTION_REF=9.9.9 RUNNER_OS=macOS RUNNER_ARCH=ARM64 RUNNER_TOOL_CACHE="$work/tool-cache-macos"
expect_installed macos "$work/tool-cache-macos/mlready/9.9.9/arm64" 9.9.9 release
grep -qx "/v9.9.9/mlready-aarch64-apple-darwin.tar.gz 200" "$work/server.log" || fail "macos: wrong archive"
echo "ok: macOS ARM64: mlready-aarch64-apple-darwin.tar.gz"

install windows ACTION_REF=v9.9.9 RUNNER_OS=Windows RUNNER_TOOL_CACHE="$work/tool-cache-windows"
expect_installed windows "$work/tool-cache-windows/mlready/9.9.9/x64" 9.9.9 release mlready.exe
grep -qx "/v9.9.9/mlready-x86_64-pc-windows-msvc.zip 200" "$work/server.log" || fail "windows: wrong archive"
echo "ok: Windows X64: mlready.exe from mlready-x86_64-pc-windows-msvc.zip"

install wrong-checksum ACTION_REF=v6.6.6 PATH="$work/fake-cargo:$no_rust_path"
expect_fail wrong-checksum "SHA-256 mismatch for mlready-x86_64-unknown-linux-musl.tar.gz"
[ ! -e "$cache/6.6.6" ] || fail "wrong-checksum: something was put in the tool cache"
[ -z "$cargo_calls" ] || fail "wrong-checksum: fell back to cargo ($cargo_calls)"
echo "ok: a wrong checksum fails the step: $(grep -o 'SHA-256 mismatch.*' <<< "$log" | cut -c 1-110)..."

install malformed-checksum ACTION_REF=v7.7.7
expect_fail malformed-checksum "does not hold a SHA-256"
echo "ok: a checksum file that is not one fails the step"

install wrong-binary ACTION_REF=v8.8.8
expect_fail wrong-binary "asked for mlready 8.8.8 (the action's ref (v8.8.8)), but the installed binary says 'mlready 9.9.9'"
echo "ok: a release whose binary reports another version fails the step"

install branch ACTION_REF=main PATH="$work/fake-cargo:$no_rust_path"
expect_installed branch "$work/cases/branch/temp/mlready/bin" 0.0.0-dev source
grep -q "::notice title=mlready install::the action's ref 'main' is not a release: building the action's source with cargo install --locked" <<< "$log" \
  || { show branch; fail "branch: no notice saying it builds from source"; }
[ "$cargo_calls" = "install --locked --quiet --root $work/cases/branch/temp/mlready --path $project" ] \
  || fail "branch: cargo was called as: $cargo_calls"
echo "ok: a branch ref builds the action's source with cargo install --locked, and says so"

install local-action PATH="$work/fake-cargo:$no_rust_path"
expect_installed local-action "$work/cases/local-action/temp/mlready/bin" 0.0.0-dev source
grep -q "ref '(none: a local action)' is not a release" <<< "$log" || fail "local-action: no notice"
echo "ok: a local action (uses: ./, no ref) builds from source"

install branch-without-cargo ACTION_REF=main
expect_fail branch-without-cargo "this runner has no cargo"
echo "ok: a branch ref without cargo fails with: $(grep -o 'so mlready must be built.*cargo\.' <<< "$log")"

install unreleased-ref ACTION_REF=v5.5.5 PATH="$work/fake-cargo:$no_rust_path" FAKE_CARGO_VERSION=5.5.5
expect_installed unreleased-ref "$work/cases/unreleased-ref/temp/mlready/bin" 5.5.5 source
grep -q "::warning title=mlready install::could not download" <<< "$log" || fail "unreleased-ref: no warning"
[ "$cargo_calls" = "install --locked --quiet --root $work/cases/unreleased-ref/temp/mlready --path $project" ] \
  || fail "unreleased-ref: cargo was called as: $cargo_calls"
echo "ok: a version tag without a release binary warns and builds the action's own source"

install unreleased-input MLREADY_VERSION=5.5.5 PATH="$work/fake-cargo:$no_rust_path"
expect_fail unreleased-input "mlready 5.5.5 could not be downloaded"
[ -z "$cargo_calls" ] || fail "unreleased-input: built from source ($cargo_calls)"
echo "ok: an input version that was not released fails (the action's source is another version)"

install other-platform MLREADY_VERSION=9.9.9 RUNNER_ARCH=ARM PATH="$work/fake-cargo:$no_rust_path" FAKE_CARGO_VERSION=9.9.9
expect_installed other-platform "$work/cases/other-platform/temp/mlready/bin" 9.9.9 source
[ "$cargo_calls" = "install --locked --quiet --root $work/cases/other-platform/temp/mlready mlready --version =9.9.9" ] \
  || fail "other-platform: cargo was called as: $cargo_calls"
echo "ok: a platform without a binary builds the input version from crates.io with cargo install --locked"

install bad-input MLREADY_VERSION='latest; touch pwned'
expect_fail bad-input "is not a release version"
[ ! -e "$work/cases/bad-input/pwned" ] && [ ! -e "$project/pwned" ] || fail "bad-input: the input ran"
echo "ok: an input version that is not a version fails before anything is downloaded"

install newline-input MLREADY_VERSION=$'1.0\n::warning::injected'
expect_fail newline-input "is not a release version"
[ "$(grep -c '^::' <<< "$log")" -eq 1 ] && grep -qF "1.0%0A::warning::injected" <<< "$log" \
  || { show newline-input; fail "newline-input: the input started a workflow command of its own"; }
echo "ok: an input with a line break stays inside the error message (escaped %0A), no command of its own"

echo "ok: $(requests) requests to the test server, all on 127.0.0.1"

# --- action/lint.sh with a recording mlready that exits with FAKE_EXIT (0 with --fail-on never).
mkdir -p "$work/fake-mlready"
cat > "$work/fake-mlready/mlready" <<'SH'
#!/bin/sh
printf '%s|' "$@" >> "$FAKE_MLREADY_LOG"
echo >> "$FAKE_MLREADY_LOG"
case " $* " in *" --fail-on never "*) exit 0 ;; esac
exit "${FAKE_EXIT:-0}"
SH
chmod +x "$work/fake-mlready/mlready"
lint() { # CASE [VAR=VALUE...]
  local dir="$work/lint/$1"
  shift
  mkdir -p "$dir"
  : > "$dir/output"
  : > "$dir/calls"
  set +e
  (cd "$dir" && env -i HOME="$HOME" PATH="$LINT_PATH:$no_rust_path" GITHUB_OUTPUT="$dir/output" \
    INPUT_PATH=. INPUT_FAIL_ON="" INPUT_ARGS="" INPUT_SARIF_FILE="" FAKE_MLREADY_LOG="$dir/calls" \
    MLREADY_CACHE_DIR="$work/lint-cache" "$@" bash "$project/action/lint.sh" > "$dir/log" 2>&1)
  status=$?
  set -e
  calls="$(cat "$dir/calls")"
  outputs="$(cat "$dir/output")"
}
LINT_PATH="$work/fake-mlready"

lint defaults
[ "$status" -eq 0 ] && [ "$calls" = "lint|.|--format|github|" ] || fail "defaults: exit $status, calls: $calls"
grep -qx "exit-code=0" <<< "$outputs" || fail "defaults: outputs $outputs"
echo "ok: lint.sh without the input fail-on passes no --fail-on: mlready $(tr '|' ' ' <<< "$calls")"

lint all-inputs INPUT_FAIL_ON=warning INPUT_ARGS="--changed-since origin/main" INPUT_SARIF_FILE=out.sarif FAKE_EXIT=1
expected="lint|.|--format|sarif|--fail-on|never|--changed-since|origin/main|
lint|.|--format|github|--fail-on|warning|--changed-since|origin/main|"
[ "$status" -eq 1 ] && [ "$calls" = "$expected" ] || fail "all-inputs: exit $status, calls: $calls"
grep -qx "exit-code=1" <<< "$outputs" || fail "all-inputs: outputs $outputs"
[ -f "$work/lint/all-inputs/out.sarif" ] || fail "all-inputs: no SARIF file"
echo "ok: lint.sh with fail-on, args and sarif-file: SARIF with --fail-on never, then --fail-on warning; exit 1 passed on"

lint injection INPUT_ARGS='$(touch pwned) `touch pwned2`' INPUT_FAIL_ON='error;touch pwned3'
[ ! -e "$work/lint/injection/pwned" ] && [ ! -e "$work/lint/injection/pwned2" ] \
  && [ ! -e "$work/lint/injection/pwned3" ] || fail "injection: an input ran as shell code"
[ "$calls" = 'lint|.|--format|github|--fail-on|error;touch pwned3|$(touch|pwned)|`touch|pwned2`|' ] \
  || fail "injection: calls: $calls"
echo "ok: inputs reach mlready as plain arguments, never as shell code"

# --- The real mlready (the wheel built by wheel.sh): the config's fail-on is honoured unless the
# input is set. fixtures/hf-model has one warning and no error.
if [ -n "${MLREADY_WHEEL_DIR:-}" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$(the_wheel "$MLREADY_WHEEL_DIR")"
  LINT_PATH="$work/venv/bin"
  lint hf-model-no-config INPUT_PATH="$project/fixtures/hf-model"
  [ "$status" -eq 0 ] || fail "real mlready, no config: exit $status, not 0 (a warning does not fail by default)"
  cp -R "$project/fixtures/hf-model" "$work/hf-model"
  printf 'fail-on = "warning"\n' > "$work/hf-model/.mlready.toml"
  lint hf-model-config INPUT_PATH="$work/hf-model"
  [ "$status" -eq 1 ] || fail "real mlready, config fail-on = warning, no input: exit $status, not 1"
  grep -qx "exit-code=1" <<< "$outputs" || fail "real mlready: outputs $outputs"
  lint hf-model-input INPUT_PATH="$work/hf-model" INPUT_FAIL_ON=error
  [ "$status" -eq 0 ] || fail "real mlready, config fail-on = warning, input error: exit $status, not 0"
  echo "ok: the real mlready: config fail-on = \"warning\" fails the step when the input is unset, input fail-on: error wins"
else
  echo "note: MLREADY_WHEEL_DIR is unset: lint.sh was not run with the real mlready"
fi
