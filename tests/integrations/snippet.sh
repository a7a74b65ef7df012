#!/usr/bin/env bash
# Print the code block between <!-- snippet: NAME --> and <!-- /snippet --> in README.md or docs/*.md,
# without its fences: the integration scripts exercise exactly what users copy. Each name must mark
# exactly one block across those files.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
awk -v name="$1" '
  $0 == "<!-- snippet: " name " -->" { on = 1; found++; where = where " " FILENAME; next }
  $0 == "<!-- /snippet -->" { on = 0 }
  on && !/^```/ { out = out $0 "\n" }
  END {
    if (found == 0) { print "no snippet " name " in README.md or docs/*.md" > "/dev/stderr"; exit 1 }
    if (found > 1) { print "snippet " name " is marked " found " times:" where > "/dev/stderr"; exit 1 }
    printf "%s", out
  }
' "$project/README.md" "$project"/docs/*.md
