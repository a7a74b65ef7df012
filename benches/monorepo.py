#!/usr/bin/env python3
"""Benchmark mlready on a realistic ML monorepo, against ripgrep.

    python3 benches/monorepo.py generate [--files 100000] [--data-mb 2500] [--out DIR]
    python3 benches/monorepo.py run [--repo DIR] [--runs 10]
    python3 benches/monorepo.py smoke        # small and quick: what .ci/run may run, never failing
    python3 benches/monorepo.py versus OLD_MLREADY [--runs 30] [--monorepo-runs 8] [--repo DIR]

`generate` writes a git repository of many ML projects (Python packages, tests,
notebooks with outputs, Hydra-style configs, Markdown with metrics, DVC files,
requirements, data files adding up to a few GB) plus ignored `.venv` and
`node_modules` trees with thousands of files, and commits it. It is deterministic.

`run` times, warm page cache, with the median of --runs runs each (the commands take turns):
  * `mlready lint REPO --format json --no-cache` (the release binary, built first): every
    file read, as a CI job on a fresh machine runs it,
  * `mlready lint REPO --format json` with its result cache filled by an earlier run (in a
    temporary directory): what a second run on a laptop costs,
  * `mlready lint REPO --format json --staged`, cache filled: what the pre-commit hooks run,
  * `rg -l` with every `pattern` the built-in rules search (read from rules/*.toml),
  * `rg --files` (ripgrep's bare walk),
  * `mlready lint` on each fixture, end to end, as a pre-commit hook runs it,
and reports ratios and mlready's peak RSS.

`versus` compares this checkout's release build with another mlready binary (an earlier
release, built from its tag), the two taking turns run after run, `--no-cache`: each
fixture, an empty folder, and the generated monorepo. It prints each median and the
ratio new / old: how a change's speed is judged ("no run more than 10% slower").
"""

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = Path(os.environ.get("TMPDIR", "/tmp")) / "mlready-bench" / "monorepo"

TEAMS = ["fraud", "churn", "search", "ranking", "vision", "speech", "pricing", "ads", "risk", "nlp"]
KINDS = ["model", "features", "pipeline", "service", "eval", "data", "embeddings", "forecast"]
LIBS = [("torch", "import torch"), ("sklearn", "from sklearn.ensemble import GradientBoostingClassifier"),
        ("xgboost", "import xgboost as xgb"), ("transformers", "from transformers import AutoModel"),
        ("pandas", "import pandas as pd"), ("numpy", "import numpy as np")]


def python_module(rng, name, role):
    lines = [f'"""{name}: {role} code. Monitoring with evidently is a TODO for next quarter."""', ""]
    lines += [stmt for _, stmt in rng.sample(LIBS, 3)]
    lines += ["import logging", "from pathlib import Path", "", "log = logging.getLogger(__name__)", ""]
    for i in range(rng.randint(6, 16)):
        lines += [f"def step_{i}(frame, config):",
                  f'    """Transform step {i}: normalises columns and logs shapes."""',
                  "    # prometheus metrics would go here (not yet)",
                  "    columns = [c for c in frame.columns if not c.startswith('_')]",
                  "    frame = frame[columns].copy()",
                  f"    frame['feature_{i}'] = frame[columns[0]] * {rng.random():.4f}",
                  "    log.info('step %s: %s rows', " + str(i) + ", len(frame))",
                  "    return frame", ""]
    if role == "train":
        lines += ["def train(config):",
                  "    df = pd.read_parquet(config['data'])",
                  "    model = GradientBoostingClassifier(random_state=config['seed'])",
                  "    model.fit(df.drop(columns='label'), df.label)",
                  "    return model", ""]
    if role == "serve":
        lines += ["from fastapi import FastAPI", "app = FastAPI()", "",
                  "@app.post('/predict')", "def predict(payload: dict):", "    return {'score': 0.5}", ""]
    if role == "eval":
        lines += ["from sklearn.metrics import roc_auc_score", "def evaluate(y, p):",
                  "    auc = roc_auc_score(y, p)", "    assert auc >= 0.8, 'below the release threshold'", "    return auc", ""]
    return "\n".join(lines) + "\n"


def notebook(rng, with_image):
    cells = []
    for i in range(rng.randint(8, 20)):
        source = [f"# Step {i}\n", "import pandas as pd\n", f"df = pd.read_parquet('data/part-{i}.parquet')\n",
                  "df.describe()\n"]
        outputs = [{"output_type": "stream", "name": "stdout", "text": ["rows: 1000\n"] * 20}]
        if with_image and i % 5 == 0:
            outputs.append({"output_type": "display_data", "metadata": {},
                            "data": {"image/png": "iVBORw0KGgo" + "A" * 60000, "text/plain": ["<Figure>"]}})
        cells.append({"cell_type": "code", "execution_count": i, "metadata": {}, "outputs": outputs, "source": source})
        cells.append({"cell_type": "markdown", "metadata": {}, "source": [f"## Notes {i}\n", "We plan to monitor drift.\n"]})
    import json
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4,
                       "nbformat_minor": 5}, indent=1) + "\n"


def readme(name, rng):
    return (f"# {name}\n\nOwned by the {name.split('-')[0]} team.\n\n## Usage\n\n```\npython -m {name} train\n```\n\n"
            f"## Metrics\n\n| Metric | Value | Threshold |\n|---|---|---|\n| ROC AUC | {0.8 + rng.random() / 10:.3f} | >= 0.80 |\n")


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def write_bytes(path, size, rng):
    path.parent.mkdir(parents=True, exist_ok=True)
    block = rng.randbytes(1 << 16)
    with open(path, "wb") as f:
        left = size
        while left > 0:
            f.write(block[: min(left, len(block))])
            left -= len(block)


def generate(out, files, data_mb):
    rng = random.Random(20261128)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    per_project = 500
    projects = max(1, files // per_project)
    data_per_project = (data_mb << 20) // projects
    count = 0
    for p in range(projects):
        name = f"{TEAMS[p % len(TEAMS)]}-{KINDS[(p // len(TEAMS)) % len(KINDS)]}-{p}"
        root = out / "projects" / name
        write(root / "README.md", readme(name, rng))
        write(root / "requirements.txt", "".join(f"{lib}=={rng.randint(1, 3)}.{rng.randint(0, 9)}.0\n" for lib, _ in LIBS))
        write(root / "pyproject.toml", f'[project]\nname = "{name}"\nversion = "0.1.0"\ndependencies = ["pandas>=2"]\n')
        write(root / "dvc.yaml", "stages:\n  train:\n    cmd: python -m src.train\n    deps: [data/train.parquet]\n    metrics:\n      - metrics.json:\n          cache: false\n")
        write(root / "params.yaml", f"seed: {p}\nlr: 0.01\n")
        write(root / "data" / "train.parquet.dvc", f"outs:\n- md5: {rng.getrandbits(128):032x}\n  size: 1024\n  path: train.parquet\n")
        count += 6
        budget = per_project - 6
        kinds = (["src"] * 280) + (["tests"] * 50) + (["notebooks"] * 12) + (["configs"] * 80) + (["docs"] * 30) + (["data"] * 22)
        for i, kind in enumerate(kinds[:budget]):
            if kind == "src":
                role = ["train", "serve", "eval", "features", "utils"][i % 5] if i < 5 else "features"
                write(root / "src" / f"pkg{i % 7}" / f"module_{i}.py", python_module(rng, name, role))
            elif kind == "tests":
                write(root / "tests" / f"test_module_{i}.py", f"from src.pkg0.module_{i} import step_0\n\ndef test_step():\n    assert step_0 is not None\n")
            elif kind == "notebooks":
                write(root / "notebooks" / f"{i:02d}-explore.ipynb", notebook(rng, with_image=(i % 3 == 0)))
            elif kind == "configs":
                write(root / "configs" / f"exp_{i}.yaml", f"defaults:\n  - model: gbm\nseed: {i}\nmodel:\n  depth: {rng.randint(3, 9)}\n  lr: {rng.random():.3f}\n")
            elif kind == "docs":
                write(root / "docs" / f"page_{i}.md", f"# Page {i}\n\nSee the runbook. We use DVC for data.\n")
            else:
                size = data_per_project // 22
                write_bytes(root / "data" / f"part-{i}.parquet", max(size, 1024), rng)
            count += 1
    # Ignored trees: a virtualenv and node_modules with thousands of files.
    for i in range(20000):
        write(out / ".venv" / "lib" / "python3.11" / "site-packages" / f"pkg{i % 400}" / f"mod_{i}.py", "import torch\nx = 1\n")
    for i in range(8000):
        write(out / "web" / "node_modules" / f"dep{i % 300}" / f"index_{i}.js", "module.exports = {};\n")
    write(out / ".gitignore", ".venv/\nnode_modules/\n__pycache__/\n")
    write(out / ".github" / "CODEOWNERS", "* @acme/ml-platform\n")
    write(out / "README.md", "# ML monorepo\n")
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
    subprocess.run(["git", "-C", str(out), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(out), "commit", "-qm", "monorepo"], check=True, env=env)
    tracked = int(subprocess.run(["git", "-C", str(out), "ls-files"], capture_output=True, text=True, check=True).stdout.count("\n"))
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file() and ".git/" not in str(f))
    print(f"generated {out}: {tracked} tracked files, {size / 1e9:.2f} GB on disk (with ignored trees)")


def rule_patterns(rg):
    """Every `pattern` of the built-in rules, as ripgrep takes them.

    Named groups become plain groups (ripgrep refuses one name used twice across
    its -e patterns). Patterns ripgrep refuses without `-U` (those that span
    lines) are left out: `-U` searches far slower, and leaving them out only
    makes ripgrep's job easier."""
    patterns, refused = [], 0
    for pack in sorted((PROJECT / "rules").glob("*.toml")):
        data = tomllib.loads(pack.read_text())
        for table in data.get("signal", []) + data.get("rule", []):
            if "pattern" not in table:
                continue
            pattern = re.sub(r"\(\?P<\w+>", "(?:", table["pattern"])
            probe = subprocess.run([rg, "-q", "-e", pattern, os.devnull], capture_output=True)
            if probe.returncode > 1:
                refused += 1
            else:
                patterns.append(pattern)
    return patterns, refused


GNU_TIME = "/usr/bin/time"


def timed(cmd, runs, cwd=None):
    """Median wall time (seconds) over `runs`, after one warm-up run; and the peak RSS (KiB)."""
    return interleaved({"only": cmd}, runs, cwd)["only"]


def interleaved(commands, runs, cwd=None):
    """Per named command: median wall time (seconds) over `runs`, after one warm-up run each,
    and the peak RSS (KiB). The commands take turns, run after run, so that a machine that
    slows down for a while (a shared one does) slows them all alike and the ratios hold.
    Peak RSS comes from GNU time when it is installed (`None` otherwise): the kernel's own
    count for a child (wait4's ru_maxrss) starts from this script's memory at fork."""
    def once(cmd):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
        return time.perf_counter() - start

    for cmd in commands.values():
        once(cmd)
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(once(cmd))
    results = {}
    for name, cmd in commands.items():
        peak = None
        if os.access(GNU_TIME, os.X_OK):
            out = subprocess.run([GNU_TIME, "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 text=True, cwd=cwd).stderr.strip().splitlines()
            peak = int(out[-1]) if out and out[-1].isdigit() else None
        results[name] = (statistics.median(times[name]), peak)
    return results


def rss(kib):
    return f"peak RSS {kib / 1024:.1f} MiB" if kib else "peak RSS n/a (install GNU time)"


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=PROJECT, check=True)
    return str(PROJECT / "target" / "release" / "mlready")


def run(repo, runs):
    mlready = build()
    rg = shutil.which("rg")
    # The result cache goes to a temporary directory, not the user's.
    with tempfile.TemporaryDirectory(prefix="mlready-bench-cache-") as cache:
        os.environ["MLREADY_CACHE_DIR"] = cache
        os.environ.pop("MLREADY_NO_CACHE", None)
        compare(mlready, rg, repo, runs)


def compare(mlready, rg, repo, runs):
    print(f"machine: {os.cpu_count()} cores; {runs} runs each, taking turns; median wall time, warm page cache")
    lint = [mlready, "lint", str(repo), "--format", "json", "--fail-on", "never"]
    commands = {
        "every": lint + ["--no-cache"],
        "cache": lint,
        "staged": lint + ["--staged"],
    }
    if rg:
        patterns, refused = rule_patterns(rg)
        args = [rg, "-l"] + [a for p in patterns for a in ("-e", p)] + [str(repo)]
        check = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if check.returncode > 1:
            sys.exit(f"rg refused the patterns: {check.stderr}")
        commands["rg_l"] = args
        commands["rg_files"] = [rg, "--files", str(repo)]
    # Fills the result cache before the timed runs (the warm-up runs would too).
    subprocess.run(lint, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = interleaved(commands, runs)
    (every, every_peak), (ours, ours_peak), (staged, staged_peak) = (results[k] for k in ("every", "cache", "staged"))
    print(f"mlready lint --no-cache          {every * 1000:8.1f} ms   {rss(every_peak)}   (every file read)")
    print(f"mlready lint, cache filled       {ours * 1000:8.1f} ms   {rss(ours_peak)}   (unchanged files not read)")
    print(f"mlready lint --staged, cached    {staged * 1000:8.1f} ms   {rss(staged_peak)}   (the pre-commit hooks' run)")
    if rg:
        rg_l, rg_files = results["rg_l"][0], results["rg_files"][0]
        print(f"rg -l ({len(patterns)} rule patterns; {refused} multi-line left out)"
              f" {rg_l * 1000:8.1f} ms   mlready / rg -l      = {every / rg_l:.2f} (no cache), {ours / rg_l:.2f} (cache),"
              f" {staged / rg_l:.2f} (--staged)")
        print(f"rg --files                       {rg_files * 1000:8.1f} ms   mlready / rg --files = "
              f"{every / rg_files:.2f} (no cache), {ours / rg_files:.2f} (cache), {staged / rg_files:.2f} (--staged)")
    else:
        print("rg not found: install ripgrep to compare (e.g. `apt-get install ripgrep`)")
    for fixture in sorted((PROJECT / "fixtures").iterdir()):
        t, peak = timed([mlready, "lint", str(fixture), "--fail-on", "never"], runs)
        print(f"mlready lint fixtures/{fixture.name:<16} {t * 1000:6.1f} ms   {rss(peak)}")


def versus(old, repo, runs, monorepo_runs):
    new = build()
    print(f"machine: {os.cpu_count()} cores; the two binaries take turns; median wall time, --no-cache")
    with tempfile.TemporaryDirectory(prefix="mlready-bench-empty-") as empty:
        targets = [(f"fixtures/{f.name}", f, runs) for f in sorted((PROJECT / "fixtures").iterdir())]
        targets.append(("an empty folder", Path(empty), runs))
        if (repo / ".git").exists():
            targets.append(("the monorepo", repo, monorepo_runs))
        else:
            print(f"{repo} is not a generated monorepo: run `python3 benches/monorepo.py generate` to compare on it")
        for name, target, n in targets:
            lint = ["lint", str(target), "--no-cache", "--fail-on", "never"]
            results = interleaved({"old": [old] + lint, "new": [new] + lint}, n)
            (t_old, _), (t_new, _) = results["old"], results["new"]
            print(f"{name:<28} {t_old * 1000:8.1f} ms -> {t_new * 1000:8.1f} ms   {t_new / t_old:.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--files", type=int, default=100_000)
    g.add_argument("--data-mb", type=int, default=2500)
    g.add_argument("--out", type=Path, default=DEFAULT_OUT)
    r = sub.add_parser("run")
    r.add_argument("--repo", type=Path, default=DEFAULT_OUT)
    r.add_argument("--runs", type=int, default=10)
    sub.add_parser("smoke")
    v = sub.add_parser("versus")
    v.add_argument("old", help="the mlready binary to compare with")
    v.add_argument("--repo", type=Path, default=DEFAULT_OUT)
    v.add_argument("--runs", type=int, default=30)
    v.add_argument("--monorepo-runs", type=int, default=8)
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.out, args.files, args.data_mb)
    elif args.command == "run":
        if not (args.repo / ".git").exists():
            sys.exit(f"{args.repo} is not a generated monorepo: run `python3 benches/monorepo.py generate` first")
        run(args.repo, args.runs)
    elif args.command == "versus":
        versus(args.old, args.repo, args.runs, args.monorepo_runs)
    else:
        out = DEFAULT_OUT.parent / "smoke"
        try:
            generate(out, 2000, 20)
            run(out, 3)
        except Exception as e:  # the smoke run informs; it never fails CI
            print(f"benchmark smoke run did not complete: {e}")


if __name__ == "__main__":
    main()
