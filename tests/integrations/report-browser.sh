#!/usr/bin/env bash
# `mlready report --format html` in a real browser: headless Chromium (Debian's `chromium`, installed
# with apt when missing) opens the page built from the JSON reports of every fixture, with
# `#sort=metrics` in its address so that the page's own script sorts it. The test reads the table's
# cells from the DOM as the browser built it, and takes a screenshot.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v chromium > /dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  $sudo apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium > /dev/null
fi
chromium --version

cargo build --locked -q --manifest-path "$project/Cargo.toml"
mlready="${CARGO_TARGET_DIR:-$project/target}/debug/mlready"
mkdir -p "$work/reports"
for fixture in "$project"/fixtures/*/; do
  name="$(basename "$fixture")"
  cp -R "$fixture" "$work/$name"
  git -C "$work/$name" init -q
  git -C "$work/$name" add -A
  git -C "$work/$name" -c user.name=ci -c user.email=ci@example.com commit -qm "fixture $name"
  "$mlready" lint "$work/$name" --format json --fail-on never -o "$work/reports/$name.json"
done
"$mlready" report --format html -o "$work/readiness.html" "$work"/reports/*.json

browse() { timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "$@" 2> /dev/null; }
browse --dump-dom "file://$work/readiness.html#sort=metrics" > "$work/dom.html"
browse --screenshot="$work/readiness.png" --window-size=1400,700 "file://$work/readiness.html"

python3 - "$work/dom.html" "$work/readiness.png" <<'PY'
import html.parser, struct, sys

class Table(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.sorted = [], None, None, None
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "th" and attrs.get("aria-sort"):
            self.sorted = (attrs.get("id"), attrs["aria-sort"])
        if tag == "tr" and attrs.get("class") in ("repository", "project"):
            self.row = {"class": attrs["class"], "cells": []}
        if tag == "td" and self.row is not None:
            self.cell = {"class": attrs.get("class"), "text": ""}
    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
    def handle_endtag(self, tag):
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row["cells"].append(self.cell)
            self.cell = None
        if tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

table = Table()
table.feed(open(sys.argv[1], encoding="utf-8").read())
names = [r["cells"][0]["text"] for r in table.rows]
assert table.sorted == ("col-metrics", "ascending"), f"the page's script did not sort by metrics: {table.sorted}"
repositories = [r for r in table.rows if r["class"] == "repository"]
assert len(repositories) == 7 and len(table.rows) == 11, names
# Column 4 is metrics: missing first, then partial, then present; projects stay under their repository.
metrics = [r["cells"][4]["class"] for r in repositories]
order = {"missing": 0, "partial": 1, "present": 2, "not-applicable": 3, "not-checked": 4}
assert [order[m] for m in metrics] == sorted(order[m] for m in metrics), metrics
assert names[:2] == ["bare-research", "near-miss"], names
monorepo = names.index("platform-monorepo")
assert names[monorepo + 1:monorepo + 5] == [f"platform-monorepo/{p}" for p in
    ["courses/module-3", "pipelines/forecast", "research/sentiment", "services/churn"]], names
churn = next(r for r in table.rows if r["cells"][0]["text"] == "churn-service")
assert [c["class"] for c in churn["cells"][1:10]] == ["present"] * 9, churn
assert [c["text"] for c in churn["cells"][1:10]] == ["✓"] * 9, churn
sentiment = next(r for r in table.rows if r["cells"][0]["text"].endswith("research/sentiment"))
assert [c["class"] for c in sentiment["cells"][1:10]] == ["present", "not-applicable"] + ["missing"] * 7, sentiment
png = open(sys.argv[2], "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n", "no screenshot"
width, height = struct.unpack(">II", png[16:24])
assert (width, height) == (1400, 700) and len(png) > 10000, (width, height, len(png))
print(f"ok: Chromium sorted the page by metrics; {len(table.rows)} rows checked cell by cell; screenshot {width}x{height}")
PY
