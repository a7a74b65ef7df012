#!/usr/bin/env bash
# The GitHub Action's install step (action.yml, "Install mlready"): puts `mlready` on PATH for
# the steps after it.
#
#   * A release, named by the input `version` or else by the action's own ref
#     (`uses: mlready/mlready@v0.1.0`): the prebuilt binary for the runner's OS and architecture.
#     It comes from the runner's tool cache when an earlier run on this runner put it there;
#     otherwise it is downloaded from the GitHub Release, checked against the SHA-256 file
#     published beside it (a mismatch fails the step and installs nothing), and put into the tool
#     cache. No Rust toolchain is needed.
#   * Any other ref (a branch, a commit: nothing was released for it), a platform without a
#     prebuilt binary, or a release ref whose binary cannot be downloaded: `cargo install --locked`
#     from the action's own source, with a notice saying so.
#
# Everything comes from the environment, so that tests/integrations/action.sh can run this
# script as the runner would, against a release served from 127.0.0.1:
#   MLREADY_VERSION       the input `version`; empty: the release the action's ref names
#   ACTION_REF            github.action_ref, passed through the step's env (composite actions see
#                         it there, not in GITHUB_ACTION_REF); falls back to GITHUB_ACTION_REF
#   ACTION_REPOSITORY     github.action_repository, likewise; falls back to GITHUB_ACTION_REPOSITORY
#   ACTION_PATH           github.action_path: the action's files, the source for the fallback
#   MLREADY_RELEASES_URL  where releases are downloaded from (a mirror, GitHub Enterprise, a test
#                         server); default https://github.com/<action repository>/releases/download
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, RUNNER_TOOL_CACHE, GITHUB_PATH, GITHUB_OUTPUT (the runner's)
set -euo pipefail

# A workflow command (error, warning, notice), its message escaped as GitHub documents, so that
# no input can end the line and start another command.
annotate() { # LEVEL MESSAGE
  local message="$2"
  message="${message//%/%25}"
  message="${message//$'\r'/%0D}"
  message="${message//$'\n'/%0A}"
  echo "::$1 title=mlready install::$message"
}

fail() {
  annotate error "$*"
  exit 1
}

: "${RUNNER_TEMP:?RUNNER_TEMP is not set: run this script as a step of the action}"
: "${GITHUB_PATH:?GITHUB_PATH is not set: run this script as a step of the action}"

semver='^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
requested="${MLREADY_VERSION:-}"
ref="${ACTION_REF:-${GITHUB_ACTION_REF:-}}"
repository="${ACTION_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-}}"
repository="${repository:-mlready/mlready}"
action_path="${ACTION_PATH:-${GITHUB_ACTION_PATH:-}}"
bin_dir=""
installed_from=""

if [ -n "$requested" ]; then
  version="${requested#v}"
  [[ "$version" =~ $semver ]] || fail "input version: '$requested' is not a release version (for example 0.1.0)"
  named_by="the input version"
elif [[ "${ref#v}" =~ $semver ]]; then
  version="${ref#v}"
  named_by="the action's ref ($ref)"
else
  version=""
fi

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac
exe=mlready
archive_ext=tar.gz
if [ "${RUNNER_OS:-}" = Windows ]; then
  exe=mlready.exe
  archive_ext=zip
fi

download() { # URL FILE
  if command -v curl > /dev/null 2>&1; then
    curl --fail --silent --show-error --location --retry 3 --retry-delay 2 --connect-timeout 30 \
      --max-time 300 --output "$2" "$1"
  elif command -v wget > /dev/null 2>&1; then
    wget --quiet --tries=3 --timeout=60 --output-document="$2" "$1"
  elif command -v python3 > /dev/null 2>&1; then
    python3 -c 'import shutil, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=60) as r, open(sys.argv[2], "wb") as f:
    shutil.copyfileobj(r, f)' "$1" "$2"
  else
    fail "downloading mlready needs curl, wget or python3, and this runner has none of them"
  fi
}

sha256_of() { # FILE
  if command -v sha256sum > /dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum > /dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  elif command -v openssl > /dev/null 2>&1; then
    openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
  elif command -v python3 > /dev/null 2>&1; then
    python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
  else
    echo "checking the download's SHA-256 needs sha256sum, shasum, openssl or python3, and this runner has none of them" >&2
    return 1
  fi
}

unpack() { # ARCHIVE DIR
  case "$1" in
    *.tar.gz) tar -xzf "$1" -C "$2" ;;
    *.zip)
      if command -v unzip > /dev/null 2>&1; then
        unzip -q -o "$1" -d "$2"
      elif command -v python3 > /dev/null 2>&1; then
        python3 -m zipfile -e "$1" "$2"
      else
        powershell -NoProfile -Command "Expand-Archive -Force -LiteralPath '$1' -DestinationPath '$2'"
      fi
      ;;
  esac
}

build_from_source() { # WHAT WHY [HINT]: WHAT is `path` (the action's own source) or `crate` (crates.io)
  local what="$1" why="$2" hint="${3:-}" source
  if [ "$what" = crate ]; then
    source="mlready $version from crates.io"
  else
    source="the action's source"
  fi
  annotate notice "$why: building $source with cargo install --locked (a minute or two).${hint:+ $hint}"
  command -v cargo > /dev/null 2>&1 \
    || fail "$why, so mlready must be built from source, and this runner has no cargo. Use a released version (uses: $repository@v<version>, or the input version), or install a Rust toolchain before this step."
  if [ "$what" = crate ]; then
    cargo install --locked --quiet --root "$RUNNER_TEMP/mlready" mlready --version "=$version"
  else
    [ -f "$action_path/Cargo.toml" ] || fail "$why, and the action's source is not at '$action_path' (ACTION_PATH)"
    cargo install --locked --quiet --root "$RUNNER_TEMP/mlready" --path "$action_path"
  fi
  bin_dir="$RUNNER_TEMP/mlready/bin"
  installed_from=source
}

# The prebuilt binary of release $version for $target, from the tool cache or the release.
# Leaves installed_from empty (after a warning) when it cannot be downloaded.
install_release() {
  local arch cache_dir archive base url work expected actual
  arch="$(tr '[:upper:]' '[:lower:]' <<< "$RUNNER_ARCH")"
  cache_dir="${RUNNER_TOOL_CACHE:-$RUNNER_TEMP/tool-cache}/mlready/$version/$arch"
  if [ -f "$cache_dir.complete" ] && [ -f "$cache_dir/$exe" ]; then
    echo "mlready $version: from the runner's tool cache ($cache_dir)"
    bin_dir="$cache_dir"
    installed_from=tool-cache
    return 0
  fi

  archive="mlready-$target.$archive_ext"
  base="${MLREADY_RELEASES_URL:-https://github.com/$repository/releases/download}"
  url="${base%/}/v$version/$archive"
  work="$(mktemp -d "$RUNNER_TEMP/mlready-download.XXXXXX")"
  echo "mlready $version: downloading $url"
  if ! download "$url" "$work/$archive" || ! download "$url.sha256" "$work/$archive.sha256"; then
    annotate warning "could not download $url or its .sha256 (is $version released, with a binary for $RUNNER_OS $RUNNER_ARCH?)"
    rm -rf "$work"
    return 0
  fi

  expected="$(tr -d '\r' < "$work/$archive.sha256" | awk 'NR == 1 { print tolower($1) }')"
  [[ "$expected" =~ ^[0-9a-f]{64}$ ]] \
    || fail "$url.sha256 does not hold a SHA-256 (it starts with '${expected:0:80}'); mlready was not installed"
  actual="$(sha256_of "$work/$archive")" || fail "could not compute the SHA-256 of $archive; mlready was not installed"
  if [ "$actual" != "$expected" ]; then
    fail "SHA-256 mismatch for $archive: the release's $archive.sha256 says $expected, the downloaded file is $actual. mlready was not installed (from $url)."
  fi
  echo "mlready $version: SHA-256 $actual verified against $archive.sha256"

  mkdir -p "$work/unpacked"
  unpack "$work/$archive" "$work/unpacked"
  [ -f "$work/unpacked/$exe" ] || fail "$archive holds no $exe at its top level; mlready was not installed"
  rm -rf "$cache_dir" "$cache_dir.complete"
  mkdir -p "$cache_dir"
  cp "$work/unpacked/$exe" "$cache_dir/$exe"
  chmod +x "$cache_dir/$exe"
  touch "$cache_dir.complete"
  rm -rf "$work"
  bin_dir="$cache_dir"
  installed_from=release
}

# The action's own source is the release its ref names, but not necessarily the one the input
# names: that one is built from crates.io.
if [ -z "$version" ]; then
  build_from_source path "the action's ref '${ref:-(none: a local action)}' is not a release" \
    "For a prebuilt binary, use a release: uses: $repository@v<version>, or the input version."
elif [ -z "$target" ]; then
  if [ "$named_by" = "the input version" ]; then
    build_from_source crate "mlready has no prebuilt binary for ${RUNNER_OS:-?} ${RUNNER_ARCH:-?}"
  else
    build_from_source path "mlready has no prebuilt binary for ${RUNNER_OS:-?} ${RUNNER_ARCH:-?}"
  fi
else
  install_release
  if [ -z "$installed_from" ]; then
    [ "$named_by" = "the input version" ] \
      && fail "mlready $version could not be downloaded; check the input version against the releases of $repository"
    build_from_source path "the binary of release $version could not be downloaded"
  fi
fi

reported="$("$bin_dir/$exe" --version)" || fail "the installed $bin_dir/$exe does not run on this runner"
if [ -n "$version" ] && [ "$reported" != "mlready $version" ]; then
  fail "asked for mlready $version ($named_by), but the installed binary says '$reported'"
fi
echo "$reported ($installed_from): $bin_dir/$exe"

path_entry="$bin_dir"
if command -v cygpath > /dev/null 2>&1; then
  path_entry="$(cygpath -w "$bin_dir")"
fi
echo "$path_entry" >> "$GITHUB_PATH"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "version=${reported#mlready }"
    echo "installed-from=$installed_from"
  } >> "$GITHUB_OUTPUT"
fi
