#!/usr/bin/env python3
"""Write the seed corpora, fuzz/seeds/<target>/, from the fixtures and by hand.

    python3 fuzz/make_seeds.py [--mlready PATH]

Seeds are small (a few KB at most): the fixtures' files of each target's kind,
hand-made inputs (deep nesting, long lines, escapes, non-ASCII, CRLF, NUL), git
index files made by git in a temporary repository (versions 2, 3 and 4, a split
index with its shared index), and a cache file written by `mlready lint
--cache-dir` on a fixture copied into a temporary repository (skipped, with a
warning, when no release binary is found; `--mlready` names one).

Targets that choose a path take it, and which part of the matchers runs, from
the input's first byte (see `mlready::fuzzing::choose`): their seeds start with
that byte.
"""

import argparse
import base64
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
SEEDS = FUZZ / "seeds"

# Mirrors `mlready::fuzzing::paths`: the first byte of a seed chooses one.
PATHS = {
    "pyproject": ["pyproject.toml"],
    "json": ["notebooks/eda.ipynb", "config.json", "results/metrics.json", "grafana/dashboard.json"],
    "yaml": [
        ".github/workflows/ci.yml",
        "environment.yml",
        "conda.yaml",
        ".gitlab-ci.yml",
        "dvc.yaml",
        "params.yaml",
        "k8s/inference.yaml",
        "data/train.csv.dvc",
        "OWNERS",
    ],
    "requirements": ["requirements.txt", "requirements/prod.txt", "poetry.lock", "uv.lock", "Pipfile.lock", "dvc.lock"],
    "markdown": ["README.md", "docs/MODEL_CARD.md"],
    "lexer": ["train.py", "setup.py", "Dockerfile", "Makefile"],
    # CODEOWNERS: bit 0 of the first byte prepends a GitLab section header, the rest chooses the path.
    "codeowners": [".github/CODEOWNERS", "CODEOWNERS"],
}

MAX_SEED = 16 * 1024
# Mirrors `mlready::fuzzing::PARTS`.
PARTS = 4


class Seeds:
    def __init__(self, target):
        self.dir = SEEDS / target
        self.target = target
        self.count = 0

    def raw(self, name, data):
        if isinstance(data, str):
            data = data.encode()
        if len(data) > MAX_SEED:
            data = data[:MAX_SEED]
        (self.dir / name).write_bytes(data)
        self.count += 1

    def text(self, name, text, path=None, selector=None):
        """A text seed; for a path-choosing target, prefixed with the byte that chooses `path`."""
        data = text.encode() if isinstance(text, str) else text
        if self.target in PATHS:
            if selector is None:
                # The rest of the byte chooses which part of the matchers runs (fuzzing::PARTS of them).
                paths = PATHS[self.target]
                selector = (paths.index(path) if path in paths else 0) + len(paths) * (self.count % PARTS)
            data = bytes([selector]) + data
        self.raw(name, data)


def fixture_files(*patterns):
    out = []
    for pattern in patterns:
        out += glob.glob(str(ROOT / "fixtures" / pattern), recursive=True)
    return sorted(set(Path(p) for p in out if Path(p).is_file()))


def seed_name(path):
    return str(path.relative_to(ROOT / "fixtures")).replace("/", "__")


# Hand-made texts every text target gets, besides its own.
def general():
    return {
        "empty": "",
        "nul": "a\0b\0\n\0",
        "crlf": "a = 1\r\nb = \"x\"\r\n\r\n# c\r\n",
        "non_ascii": "é = 'ß'\n# ünïcödé 日本語 🚀\n\u200b\ufeff\n",
        "long_line": "x" * 4000 + "\n",
        "escapes": '"\\\\\\"\\u00e9\\\xe9\\n\\t\\\\"\n\\\\\n',
        "lone_cr": "a\rb\rc",
        "bom": "\ufeffkey: value\n",
    }


def make(mlready):
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    made = {}

    def target(name):
        s = Seeds(name)
        s.dir.mkdir(parents=True, exist_ok=True)
        made[name] = s
        return s

    # --- config: .mlready.toml / [tool.mlready], with rule packs.
    s = target("config")
    readme = (ROOT / "README.md").read_text()
    blocks = readme.split("```toml\n")[1:]
    for i, block in enumerate(blocks[:8]):
        s.text(f"readme_{i}.toml", block.split("```")[0])
    for pack in ["ci.toml", "reproducibility.toml", "model-card.toml"]:
        s.text(f"pack_{pack}", (ROOT / "rules" / pack).read_text())
    for f in fixture_files("**/pyproject.toml"):
        s.text(seed_name(f), f.read_text())
    s.text("tool_mlready", '[tool.mlready]\nselect = ["ALL"]\nignore = ["CARD002"]\n[tool.mlready.severity]\nDEP = "error"\n')
    s.text("deep_arrays", "select = " + "[" * 200 + "]" * 200 + "\n")
    s.text("deep_tables", "a = " + "{b = " * 100 + "1" + "}" * 100 + "\n")
    s.text("dotted", "a" + ".a" * 300 + " = 1\n")
    s.text("regex", '[[rule]]\ncode = "ACME001"\nname = "x-y"\ningredient = "validation"\nseverity = "error"\n'
           'check = "forbid"\nfiles = ["**/*.py"]\nscope = "code"\npattern = \'(?P<a>(a+)+)+\\\\é{1000}\'\n'
           'summary = "s"\nmessage = "{a} {b} {{"\nrationale = "r"\nfix = "f"\n')
    s.text("strings", 'a = """\\u00e9\\U0001F600\\\\\n"""\nb = \'\'\'lit\'\'\'\nc = "\\xff"\n')
    for k, v in general().items():
        s.text(k, v)

    # --- pyproject: lint_file("pyproject.toml") and TOML documents.
    s = target("pyproject")
    for f in fixture_files("**/pyproject.toml"):
        s.text(seed_name(f), f.read_text(), "pyproject.toml")
    s.text("root_pyproject", (ROOT / "pyproject.toml").read_text(), "pyproject.toml")
    s.text("deps", '[project]\nname = "x"\ndependencies = ["torch>=2", "numpy==1.*", "pkg @ git+https://x/y"]\n'
           '[project.optional-dependencies]\ndev = ["pytest"]\n[tool.poetry.dependencies]\npython = "^3.10"\n', "pyproject.toml")
    s.text("deep_arrays", "a = " + "[" * 300 + "]" * 300 + "\n", "pyproject.toml")
    s.text("inline_deep", "a = " + "{b = " * 100 + "1" + "}" * 100 + "\n", "pyproject.toml")
    for k, v in general().items():
        s.text(k, v, "pyproject.toml")

    # --- codeowners: GitHub and GitLab dialects.
    s = target("codeowners")
    for f in fixture_files("**/CODEOWNERS"):
        s.text(seed_name(f), f.read_text(), selector=0)
        s.text(seed_name(f) + "_gitlab", f.read_text(), selector=1)
        s.text(seed_name(f) + "_root", f.read_text(), selector=2)
    s.text("gitlab_sections", "* @all\n[Models] @ml\n/training/\n^[Docs][2] @docs\n*.md\n[Broken\n[Section] @a\nfoo\\é @b\n")
    s.text("escapes", "with\\ space @a\n\\#hash @b\nfoo\\ @c\n\\\\ @d\n", selector=1)
    s.text("non_ascii", "/données/ @équipe\n日本/ @a\n", selector=0)
    s.text("emails", "*.py a@b.c @@role @org/team @/bad bad/ @x/\n", selector=1)
    s.text("globs", "**/a/**/b/*.{py,md} @a\n[ab].csv @b\n!neg @c\n/ @d\n* @e\n", selector=0)
    s.text("crlf", "* @a\r\n[S] @b\r\n/x/ @c\r\n", selector=0)
    s.text("long_line", "a/" * 1000 + " @a\n", selector=0)
    s.text("many_brackets", "[" * 500 + "x" + "]" * 500 + " @a\n", selector=0)

    # --- gitattributes.
    s = target("gitattributes")
    for f in fixture_files("**/.gitattributes"):
        s.text(seed_name(f), f.read_text())
    s.text("mixed", "* text=auto\n*.csv filter=lfs diff=lfs merge=lfs -text\n!*.md -filter\n"
           "secrets/** filter=git-crypt\n*.c ident\nlegacy/*.txt working-tree-encoding=UTF-16LE\n"
           "[attr]binary -diff -merge -text\n\"quoted path\" filter=lfs\n\"\\303\\251\\n\" ident\n")
    s.text("macro", "[attr]lfs filter=lfs\n*.bin lfs\n/a/b/ -ident\n**/c/** working-tree-encoding\n")
    for k, v in general().items():
        s.text(k, v)

    # --- gitignore.
    s = target("gitignore")
    for f in fixture_files("**/.gitignore", "**/.dvcignore"):
        s.text(seed_name(f), f.read_text())
    s.text("patterns", "*.log\n!keep.log\n/build/\n**/tmp/**\na/**/b\n\\#not-comment\n\\!bang\ntrailing\\ \n[a-z]*.py\n[!x]\n")
    s.text("brackets", "[" * 200 + "\n" + "[]]\n[\\]\n{a,b}\n")
    s.text("stars", "*" * 300 + "\n" + "**/" * 100 + "x\n")
    for k, v in general().items():
        s.text(k, v)

    # --- json: notebooks and JSON documents.
    s = target("json")
    for f in fixture_files("**/*.ipynb"):
        s.text(seed_name(f), f.read_text(), "notebooks/eda.ipynb")
    for f in fixture_files("**/*.json"):
        s.text(seed_name(f), f.read_text(), "config.json" if "config" in f.name else "results/metrics.json")
    nb = '{"cells":[{"cell_type":"code","source":["x = \\\xc3\xa9"]}],"nbformat":4}'
    s.raw("nb_backslash_nonascii", b"\x00" + nb.encode("latin-1"))
    s.text("nb_escapes", '{"cells":[{"cell_type":"code","source":"import torch\\nx = \\"\\u00e9\\ud83d\\ude80\\ud800\\\\\\/\\b\\f\\r\\t\\u12"},'
           '{"cell_type":"markdown","source":["# T\\r\\n","\\u0000"]}],"metadata":{},"nbformat":4}', "notebooks/eda.ipynb")
    s.text("deep", "[" * 300 + "]" * 300, "config.json")
    s.text("deep_objects", '{"a":' * 300 + "1" + "}" * 300, "results/metrics.json")
    s.text("numbers", '{"acc": -1.5e+10, "f1": 0.0, "x": [1,2,3,-0], "t": true, "n": null}', "results/metrics.json")
    s.text("dashboard", '{"panels":[{"title":"latency","targets":[{"expr":"rate(x[5m])"}]}]}', "grafana/dashboard.json")
    for k, v in general().items():
        s.text(k, v, "notebooks/eda.ipynb")

    # --- yaml: workflows, environments, pipelines.
    s = target("yaml")
    yaml_paths = PATHS["yaml"]
    for f in fixture_files("**/*.yml", "**/*.yaml", "**/*.dvc", "**/dvc.lock"):
        rel = str(f.relative_to(ROOT / "fixtures"))
        if "workflows" in rel:
            path = ".github/workflows/ci.yml"
        elif f.name in ("environment.yml",):
            path = "environment.yml"
        elif f.name == ".gitlab-ci.yml":
            path = ".gitlab-ci.yml"
        elif f.name == "dvc.yaml":
            path = "dvc.yaml"
        elif f.name.endswith(".dvc"):
            path = "data/train.csv.dvc"
        elif f.name == "dvc.lock":
            continue
        else:
            path = "params.yaml"
        s.text(seed_name(f), f.read_text(), path)
    s.text("deep_dashes", "dependencies:\n  " + "- " * 300 + "x\n", "environment.yml")
    s.text("deep_flow", "a: " + "[" * 200 + "]" * 200 + "\n", "k8s/inference.yaml")
    s.text("deep_flow_maps", "a: " + "{b: " * 150 + "1" + "}" * 150 + "\n", "params.yaml")
    s.text("anchors", "a: &x [1, 2]\nb: *x\nc: &y {k: *x}\nd: [*y, *y, *y]\n<<: *y\n", "params.yaml")
    s.text("multi_doc", "---\na: 1\n...\n---\nb: !!binary aGk=\n--- |\n  block\n  text\n", "k8s/inference.yaml")
    s.text("conda", "name: e\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - pip:\n    - torch==2.*\n"
           "    - \"é\\u00e9\\x41\"\n", "conda.yaml")
    s.text("owners", "approvers:\n  - a\nreviewers: [b, c]\noptions: {no_parent_owners: true}\n", "OWNERS")
    s.text("workflow", "on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
           "      - uses: actions/checkout@v4\n      - run: |\n          pytest -q\n          echo \"${{ github.event.pull_request.title }}\"\n",
           ".github/workflows/ci.yml")
    s.text("tabs_and_quotes", "a:\t'it''s'\nb: \"\\t\\é\\x\\u00\"\n? complex\n: value\n", "params.yaml")
    for k, v in general().items():
        s.text(k, v, ".github/workflows/ci.yml")
    # Found by fuzzing (third campaign): a quoted scalar whose escapes make its value shorter than its
    # source, so the value's length ended inside a character (`src/scan/formats/yaml.rs`, `scalar_end`).
    s.raw("fuzz_quoted_scalar_span", base64.b64decode(
        "LmNodXJuLXJ1bGVzOiAmY2h1cm4KICAtIGNoYW5nZXM6IF9zZXJ2aWNl8y9jaHVybi8KICAtIHB5dG9yY2gKICAtIG52aWRpYQogIC0gY29uZGEtZm9yZ2UK"
        "ZGVwZW5kZW5jaWVzOgogIC0gcHl0aG9uPTMuMTAKICAtIHBpcAogIC0gIHB5dG9yY2g9Mi4yCiAgLSBweXRvcmNoLWN1ZGF0YS9wcmVwYXJlZGF0ZS5weQog"
        "ICAgICAtIG1vZGVscy9tb2RlbC50zkW09/ApAABwaXBlbGluZXMvZm9yZWMqXQp3b3JrZmxvdzoKIHZlcgo="))
    s.text("escaped_pin", "name: churn\ndependencies:\n  - \"\\x61=1=\u20ac\"\n  - 'it''s=1=\u20ac'\n", "environment.yml")

    # --- requirements and lock files.
    s = target("requirements")
    for f in fixture_files("**/requirements*.txt", "**/requirements.in"):
        s.text(seed_name(f), f.read_text(), "requirements.txt")
    for f in fixture_files("**/poetry.lock"):
        s.text(seed_name(f), f.read_text(), "poetry.lock")
    for f in fixture_files("**/dvc.lock"):
        s.text(seed_name(f), f.read_text(), "dvc.lock")
    s.text("reqs", "-r base.txt\n-c constraints.txt\n--index-url https://x/simple\ntorch>=2.0,<3 ; python_version >= \"3.10\"\n"
           "numpy==1.26.*  # pinned\npkg[extra1,extra2]~=1.0\ngit+https://github.com/a/b@v1#egg=b\n./local\n-e .\n"
           "a \\\n  >=1\nhash==1 --hash=sha256:abc\n", "requirements/prod.txt")
    s.text("uv_lock", 'version = 1\n[[package]]\nname = "torch"\nversion = "2.1.0"\nsource = { registry = "https://pypi.org/simple" }\n'
           'dependencies = [{ name = "numpy" }]\n', "uv.lock")
    s.text("pipfile_lock", '{"_meta": {"hash": {"sha256": "x"}}, "default": {"torch": {"version": "==2.1.0", "hashes": []}},'
           ' "develop": {}}', "Pipfile.lock")
    s.text("long_line", "x" * 3000 + "==1\n", "requirements.txt")
    s.text("escape_bytes", "torch>=2  # \x1b]0;title\x07\x1b[2J\n", "requirements.txt")
    for k, v in general().items():
        s.text(k, v, "requirements.txt")

    # --- markdown with front matter.
    s = target("markdown")
    for f in fixture_files("**/*.md"):
        s.text(seed_name(f), f.read_text(), "docs/MODEL_CARD.md" if "CARD" in f.name else "README.md")
    s.text("front_matter", "---\nlicense: mit\nmodel-index:\n  - name: x\n    results:\n      - metrics:\n"
           "          - type: acc\n            value: 0.9\n---\n# Card\n## Metrics\n| a | b |\n|---|---|\n| 1 | 2 |\n",
           "docs/MODEL_CARD.md")
    s.text("front_matter_deep", "---\n" + "- " * 300 + "x\n---\n# T\n", "docs/MODEL_CARD.md")
    s.text("fences", "```\n# no\n````\n~~~python\nimport x\n~~~\n<!-- a\n# hidden\n-->\nTitle\n=====\n  ## x ##\n#\n", "README.md")
    s.text("unclosed", "---\na: b\n# never closed\n```\nfence\n<!--\n", "README.md")
    s.text("crlf_front_matter", "---\r\nlicense: mit\r\n---\r\n# T\r\ntext\r\n", "docs/MODEL_CARD.md")
    s.text("many_headings", "".join(f"{'#' * (i % 7 + 1)} h{i}\n" for i in range(300)), "README.md")
    for k, v in general().items():
        s.text(k, v, "README.md")
    # Block quotes, HTML headings and HTML tables (after the others, whose selectors stay as they were).
    s.text("quotes_and_html", "> ## Metrics\n> acc 0.9\n>\n> > ### Slices\n> ```\n> # no\n> ```\n\n"
           "<div align=\"center\"><h2 id=\"m\"><a></a>Results</h2>\n<h3>\nMulti\n</h3></div>\n\n"
           "<table>\n<thead><tr><th>model<th>Top-1 Acc</tr></thead>\n<tr><td><b>ViT</b></td><td>81.2</td></tr>\n\n"
           "  <tr><td>x<td><table><tr><td>nested</table>\n<!-- <h2>hidden</h2> -->\n\n    <h2>code</h2>\n"
           "<h2>unclosed\n\n<table><tr><td>open at the end\n", "docs/MODEL_CARD.md")

    # --- lexer: Python and `#`-commented sources.
    s = target("lexer")
    for f in fixture_files("**/*.py"):
        s.text(seed_name(f), f.read_text(), "train.py")
    for f in fixture_files("**/Dockerfile"):
        s.text(seed_name(f), f.read_text(), "Dockerfile")
    s.text("strings", "x = f'{a!r:>{w}}' + rb'\\'' + F\"\"\"{'{'}\n{d[\"k\"]}\"\"\" + '''\n'''\n# c\nu'é'\nb\"\\\n\"\n", "train.py")
    s.text("unterminated", "x = f'{\ny = \"\"\"\nimport torch\n", "train.py")
    s.text("nested_fstring", "f'" + "{f'" * 50 + "x" + "'}" * 50 + "'\n", "train.py")
    s.text("braces", "f\"" + "{" * 500 + "}" * 500 + "\"\n", "train.py")
    s.text("setup", "from setuptools import setup\nsetup(install_requires=['torch>=2', \"numpy\"])\n", "setup.py")
    s.text("dockerfile", "FROM python:3.11\nRUN pip install torch==2.1 # pin\nCMD [\"python\", \"serve.py\"]\n", "Dockerfile")
    s.text("makefile", "train:\n\tpython train.py --seed 42 # x\n", "Makefile")
    for k, v in general().items():
        s.text(k, v, "train.py")

    # --- git index and cache: made by git and mlready.
    git_seeds(target("git_index"))
    cache_seeds(target("cache"), mlready)

    for name, s in sorted(made.items()):
        print(f"{name}: {s.count} seeds")


def git(cwd, *args, env=None):
    full_env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
                    GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@b.c", GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@b.c")
    full_env.update(env or {})
    subprocess.run(["git", *args], cwd=cwd, check=True, env=full_env, stdout=subprocess.DEVNULL)


def git_seeds(s):
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        git(repo, "init", "-q")
        files = {"train.py": "import torch\n", "data/a.csv": "x\n", "é/ü.txt": "y\n", "deep/" * 20 + "f": "z\n",
                 "requirements.txt": "torch\n", "link": None}
        for path, text in files.items():
            if text is None:
                os.symlink("train.py", repo / path)
                continue
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            (repo / path).write_text(text)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "x")
        index = repo / ".git" / "index"
        s.raw("v2", index.read_bytes())
        (repo / "new.py").write_text("x\n")
        git(repo, "add", "-N", "new.py")  # intent-to-add: extended flags, version 3
        s.raw("v3_intent_to_add", index.read_bytes())
        git(repo, "update-index", "--index-version", "4")
        s.raw("v4", index.read_bytes())
        git(repo, "update-index", "--index-version", "2")
        git(repo, "update-index", "--split-index")
        (repo / "train.py").write_text("import torch\nimport numpy\n")
        (repo / "added.py").write_text("x\n")
        git(repo, "add", "train.py", "added.py")
        git(repo, "rm", "-q", "--cached", "requirements.txt")
        split = index.read_bytes()
        shared = sorted((repo / ".git").glob("sharedindex.*"))
        s.raw("split_alone", split)
        for i, f in enumerate(shared):
            # The split index, then its shared index file: the target reads them as a pair.
            s.raw(f"split_with_shared_{i}", split + f.read_bytes())
        # A conflict: stages 1 to 3.
        git(repo, "update-index", "--no-split-index")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "split")
        git(repo, "checkout", "-qb", "b")
        (repo / "c.txt").write_text("b\n")
        git(repo, "add", "c.txt")
        git(repo, "commit", "-qm", "b")
        git(repo, "checkout", "-q", "-")
        (repo / "c.txt").write_text("main\n")
        git(repo, "add", "c.txt")
        git(repo, "commit", "-qm", "m")
        subprocess.run(["git", "merge", "-q", "b"], cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@b.c",
                                GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@b.c"))
        s.raw("conflict", index.read_bytes())
        git(repo, "update-index", "--untracked-cache")
        git(repo, "status", "-s")
        s.raw("with_extensions", index.read_bytes())
    s.raw("header_only", b"DIRC\0\0\0\x02\0\0\0\0" + b"\0" * 20)
    s.raw("not_an_index", b"DIRX")


def cache_seeds(s, mlready):
    s.raw("magic_only", b"MLRC\x03\0\0\0" + b"\0" * 20 + b"\0" * 12)
    if not mlready or not Path(mlready).exists():
        print(f"warning: no mlready binary ({mlready}); no cache file seed", file=sys.stderr)
        return
    for fixture in ["near-miss", "notebook-first"]:
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp) / "repo"
            cache = Path(tmp) / "cache"
            shutil.copytree(ROOT / "fixtures" / fixture, repo)
            git(repo, "init", "-q")
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", "x")
            subprocess.run([mlready, "lint", "--cache-dir", str(cache), str(repo)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            for i, f in enumerate(sorted(cache.rglob("*.bin"))):
                s.raw(f"{fixture}_{i}.bin", f.read_bytes())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlready", default=str(ROOT / "target" / "release" / "mlready"))
    make(parser.parse_args().mlready)
