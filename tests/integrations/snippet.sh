#!/usr/bin/env bash
# Print the code block of README.md between <!-- snippet: NAME --> and <!-- /snippet -->,
# without its fences: the integration scripts exercise exactly what users copy.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
awk -v name="$1" '
  $0 == "<!-- snippet: " name " -->" { on = 1; found = 1; next }
  $0 == "<!-- /snippet -->" { on = 0 }
  on && !/^```/ { print }
  END { if (!found) { print "no snippet " name " in README.md" > "/dev/stderr"; exit 1 } }
' "$project/README.md"
