//! A pull request is untrusted input. Each test here is one way a hostile
//! tree (or a hostile file a CI script points mlready at) once made mlready
//! crash, read outside the root, print the runner's secrets, exhaust memory,
//! block forever, or inject workflow commands and Markdown into its output.
//! Every test runs the real binary, with a time limit, and most with a limit
//! on its address space, so that a regression fails instead of hanging or
//! eating the machine.

mod common;
#[path = "common/work_tree.rs"]
mod work_tree;
use common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use work_tree::*;

/// Address space a run may use (the binary, its threads' stacks and the heap).
const MEMORY_LIMIT_KB: u64 = 1_500_000;

/// Run `command` to completion within 60 s, or fail the test (it blocked).
fn finish(mut command: Command) -> Output {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    // Drain the pipes while waiting: a big report must not block the child on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut bytes).unwrap();
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut bytes).unwrap();
        bytes
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("mlready blocked for a minute");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output { status, stdout: reader.join().unwrap(), stderr: err_reader.join().unwrap() }
}

/// `mlready args...` in `dir`, with the memory limit (through `sh -c ulimit -v`).
fn hostile_run(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_mlready"))
        .args(args)
        .current_dir(dir)
        .env("MLREADY_NO_CACHE", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    finish(command)
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or_else(|| panic!("killed by a signal: {:?}\n{}", output.status, stderr(output)))
}

/// Exit 0 or 1: the run finished and judged the tree (no usage error, no crash).
fn judged(output: &Output) {
    assert!(matches!(code(output), 0 | 1), "exit {}: {}", code(output), stderr(output));
}

fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// Bug 1: A `.gitignore` that is a symlink is not followed: not to `/dev/zero`
/// (which grew mlready to gigabytes), not to a file outside the root.
#[test]
fn a_symlinked_gitignore_is_not_followed() {
    let outside = temp_repo(&[("ignore-rules", "secret_*.py\n")]);
    let repo = Repo::new(&[("train.py", "import torch\n")]);
    symlink("/dev/zero", repo.root().join(".gitignore"));
    repo.commit();
    let out = hostile_run(repo.root(), &["lint", ".", "--format", "json", "--verbose"]);
    judged(&out);
    assert!(stderr(&out).contains(".gitignore not applied: a symlink"), "{}", stderr(&out));

    std::fs::remove_file(repo.root().join(".gitignore")).unwrap();
    symlink(outside.path().join("ignore-rules"), repo.root().join(".gitignore"));
    std::fs::write(
        repo.root().join("secret_split.py"),
        "from sklearn.model_selection import train_test_split\ntrain_test_split(x)\n",
    )
    .unwrap();
    let out = hostile_run(repo.root(), &["lint", ".", "--format", "json", "--select", "REP002"]);
    judged(&out);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The outside file's rule would have hidden this untracked file.
    assert_eq!(findings(&report), expected(&[("REP002", "secret_split.py", 2)]));
}

/// Bug 2: A config that is a link out of the root is not read, let alone printed:
/// `.mlready.toml -> /proc/self/environ` once showed the environment in its error.
#[test]
fn a_config_linked_out_of_the_root_is_refused_without_printing_it() {
    for name in [".mlready.toml", "mlready.toml", "pyproject.toml"] {
        let repo = temp_repo(&[("train.py", "import torch\n")]);
        symlink("/proc/self/environ", repo.path().join(name));
        let mut command = Command::new(env!("CARGO_BIN_EXE_mlready"));
        command
            .args(["lint", "."])
            .current_dir(repo.path())
            .env("MLREADY_NO_CACHE", "1")
            .env("LEAKED_SECRET", "hunter2");
        let out = finish(command);
        assert_eq!(code(&out), 2, "{name}: {}", stderr(&out));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains("hunter2") && !all.contains("LEAKED_SECRET"), "{name} leaked the environment: {all}");
        assert!(stderr(&out).contains("symlink that points outside the linted root"), "{}", stderr(&out));
    }
    // A link that stays inside the root is a config like any other; a FIFO is refused, not waited on.
    let repo = temp_repo(&[("train.py", "import torch\n"), ("configs/lint.toml", "select = [\"DEP\"]\n")]);
    symlink("configs/lint.toml", repo.path().join("mlready.toml"));
    let out = hostile_run(repo.path(), &["lint", ".", "--verbose"]);
    judged(&out);
    assert!(stderr(&out).contains("config: ") && stderr(&out).contains("mlready.toml"), "{}", stderr(&out));
    std::fs::remove_file(repo.path().join("mlready.toml")).unwrap();
    mkfifo(&repo.path().join(".mlready.toml"));
    let out = hostile_run(repo.path(), &["lint", "."]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not a regular file (FIFO)"), "{}", stderr(&out));
}

/// Bug 3: A JSON string with a backslash before a non-ASCII character panicked.
#[test]
fn a_backslash_before_a_non_ascii_character_in_json_is_read() {
    let repo = temp_repo(&[]);
    std::fs::write(
        repo.path().join("nb.ipynb"),
        b"{\"cells\":[{\"cell_type\":\"code\",\"source\":[\"import torch\\n\", \"x = \\\xc3\xa9\"]}],\"nbformat\":4}",
    )
    .unwrap();
    std::fs::write(repo.path().join("data.json"), b"{\"k\\\xc3\xa9\": \"\\\xe6\x97\xa5\"}").unwrap();
    let out = hostile_run(repo.path(), &["lint", ".", "--format", "json"]);
    judged(&out);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The notebook was read as a notebook: its import makes it ML code.
    assert!(report["facts"].as_array().unwrap().iter().all(|f| f["id"] != "training-code"));
    assert_eq!(verdict(&report, "validation")["status"], "missing", "the notebook is ML code");
}

/// Bug 4: A GitLab-style CODEOWNERS with `\` before a non-ASCII character panicked.
#[test]
fn a_gitlab_codeowners_escape_before_a_non_ascii_character_is_read() {
    let repo = temp_repo(&[("train.py", "import torch\n")]);
    std::fs::write(repo.path().join("CODEOWNERS"), b"[Section] @a\nfoo\\\xc3\xa9 @b\n* @org/ml\n").unwrap();
    std::fs::create_dir(repo.path().join(".github")).unwrap();
    std::fs::write(repo.path().join(".github/CODEOWNERS"), b"[x] @a\nsrc/\\\xe2\x82\xac\\ x @b\n").unwrap();
    let out = hostile_run(repo.path(), &["lint", ".", "--format", "json"]);
    judged(&out);
}

/// Found by fuzzing: a quoted YAML scalar whose escapes make its value shorter
/// than its source (`"\x61=1=€"`, a pin any conda environment may hold) had
/// its span computed from the value's length, which ended inside `€`: exit 101.
#[test]
fn a_quoted_yaml_scalar_with_escapes_is_read() {
    let env = "name: churn\ndependencies:\n  - \"\\x61=1=\u{20ac}\"\n  - 'it''s=1=\u{20ac}'\n";
    let repo = temp_repo(&[("train.py", "import torch\n"), ("environment.yml", env)]);
    let out = hostile_run(repo.path(), &["lint", ".", "--format", "concise"]);
    judged(&out);
    assert!(!stdout(&out).contains("DEP001"), "the escaped pin is a pin: {}", stdout(&out));
}

/// Found by the fuzzer after issue 10's bugs: a blank line of blanks above a
/// line of dashes read as a table header, and cutting its cells panicked, in
/// a README and in a notebook's Markdown cell alike.
#[test]
fn a_blank_line_above_a_dash_line_is_not_a_table() {
    let repo =
        temp_repo(&[("train.py", "import torch\n"), ("README.md", "# Model\n\t\t\n-\n   \n---\n| a |\n|---|\n  \n")]);
    std::fs::write(
        repo.path().join("eda.ipynb"),
        r##"{"cells":[{"cell_type":"markdown","source":["\t \n","-\n","# T"]}],"nbformat":4}"##,
    )
    .unwrap();
    let out = hostile_run(repo.path(), &["lint", ".", "--format", "json"]);
    judged(&out);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict(&report, "validation")["status"], "missing", "the run judged the tree");
}

/// Bug 5: Deeply nested YAML overflowed the stack (yaml-rust2 recurses per level).
#[test]
fn deeply_nested_yaml_is_an_error_not_an_abort() {
    let deep = format!("dependencies:\n  {}x\n", "- ".repeat(10_000));
    let flow = format!("on: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
    let repo = temp_repo(&[
        ("train.py", "import torch\n"),
        ("environment.yml", &deep),
        (".github/workflows/ci.yml", &flow),
        ("OWNERS", &format!("approvers:\n  {}x\n", "- ".repeat(10_000))),
        ("dvc.yaml", &format!("stages: {}\n", "{a: ".repeat(10_000))),
    ]);
    for format in ["json", "human"] {
        let out = hostile_run(repo.path(), &["lint", ".", "--format", format]);
        judged(&out);
    }
}

/// Bug 6: Memory grew with findings times line length: 16,000 findings on one line
/// took 10 GB; a suppression comment naming 16,000 codes took 3.5 GB.
#[test]
fn memory_grows_with_findings_not_with_findings_times_line_length() {
    let line = "train_test_split(X);".repeat(16_000);
    let codes: Vec<String> = (0..16_000).map(|i| format!("DEP{:03}", i % 1000)).collect();
    let repo = temp_repo(&[
        ("train.py", &format!("from sklearn.model_selection import train_test_split\n{line}\n")),
        ("other.py", &format!("x = 1  # mlready: ignore[{}]\n", codes.join(","))),
    ]);
    for format in ["json", "human", "sarif", "concise"] {
        let out = hostile_run(repo.path(), &["lint", ".", "--format", format]);
        judged(&out);
        if format == "json" {
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let found = findings(&report);
            assert_eq!(found.iter().filter(|f| f.0 == "REP002" && f.1 == "train.py" && f.2 == 2).count(), 16_000);
            assert_eq!(found.iter().filter(|f| f.0 == "MLR001" && f.1 == "other.py").count(), 16_000);
            let last = report["findings"].as_array().unwrap().iter().rfind(|f| f["code"] == "REP002").unwrap();
            assert_eq!(last["column"], 1 + 20 * 15_999, "columns stay exact on a long line");
        }
    }
}

/// Bug 7: File names and contents reached the terminal and CI logs as they were:
/// a name with a line break could start a workflow command in `--format
/// concise`, and escape sequences from a file reached the terminal.
#[test]
fn workflow_commands_and_terminal_escapes_never_reach_the_output() {
    let repo = temp_repo(&[
        (
            "x\n::error title=Build failed::injected.py",
            "from sklearn.model_selection import train_test_split\ntrain_test_split(X)\n",
        ),
        ("::warning::x.py", "from sklearn.model_selection import train_test_split\ntrain_test_split(X)\n"),
        ("requirements.txt", "torch>=2  # \x1b]0;title\x07\x1b[2J\u{202e}\n"),
    ]);
    for format in ["human", "concise", "markdown", "github"] {
        let out = hostile_run(repo.path(), &["lint", ".", "--format", format, "--color", "never"]);
        judged(&out);
        let text = stdout(&out);
        assert!(!text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{202e}'), "{format}: {text}");
        for line in text.lines() {
            let trimmed = line.trim_start();
            let command = trimmed.starts_with("::") || trimmed.starts_with("##[");
            // The github format's own annotations are the only commands, each escaped in full.
            let ours = format == "github"
                && ["::error ", "::warning ", "::notice "].iter().any(|c| line.starts_with(c))
                && !line.contains("%0A::");
            assert!(!command || ours, "{format} printed a workflow command: {line}");
        }
    }
    let concise = stdout(&hostile_run(repo.path(), &["lint", ".", "--format", "concise"]));
    assert!(concise.contains("x\\n::error title=Build failed::injected.py:2:1: REP002"), "{concise}");
    assert!(concise.contains("\\::warning::x.py:2:1: REP002"), "{concise}");
    // Verbose notes and skipped paths on stderr are escaped too.
    let out = hostile_run(repo.path(), &["lint", ".", "--verbose", "--format", "json"]);
    assert!(!stderr(&out).lines().any(|l| l.trim_start().starts_with("::")), "{}", stderr(&out));
}

/// Bug 8: A backtick in CODEOWNERS closed the code span of the Markdown report
/// (and of the step summary), so an image could be injected.
#[test]
fn markdown_reports_cannot_be_injected() {
    let repo = Repo::new(&[
        ("train.py", "import torch\n"),
        (".github/CODEOWNERS", "* @org/ml`![x](https://evil.example/p.png)`<img src=x> @alice #123\n"),
    ]);
    let summary = tempfile::NamedTempFile::new().unwrap();
    for format in ["markdown", "github"] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mlready"));
        command
            .args(["lint", ".", "--format", format])
            .current_dir(repo.root())
            .env("MLREADY_NO_CACHE", "1")
            .env("GITHUB_STEP_SUMMARY", summary.path());
        judged(&finish(command));
    }
    let markdown = stdout(&hostile_run(repo.root(), &["lint", ".", "--format", "markdown"]));
    let step_summary = std::fs::read_to_string(summary.path()).unwrap();
    for text in [&markdown, &step_summary] {
        assert!(text.contains("CODEOWNERS assigns"), "{text}");
        assert!(!text.contains("![x](") && !text.contains("<img") && !text.contains(" @alice"), "{text}");
    }
}

/// Bug 9: A `pyproject.toml` that does not parse, with a `[tool.mlready]` table,
/// was ignored (built-in defaults, exit 1), where a broken `.mlready.toml` exits 2.
#[test]
fn a_broken_pyproject_with_a_tool_table_fails_like_a_broken_config() {
    let repo = temp_repo(&[
        ("train.py", "import torch\n"),
        ("pyproject.toml", "[project]\nname = \"churn\"\n\n[tool.mlready]\nselect = [\"DEP\"\n"),
    ]);
    let out = hostile_run(repo.path(), &["lint", "."]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(stderr(&out).contains("pyproject.toml:5"), "points at the file and line: {}", stderr(&out));
    // A broken pyproject.toml that does not configure mlready is not mlready's to judge.
    std::fs::write(repo.path().join("pyproject.toml"), "[project]\nname = \"churn\"\ndeps = [\n").unwrap();
    judged(&hostile_run(repo.path(), &["lint", "."]));
}

/// Bug 10: A root mlready may not list failed open: "No findings.", exit 0.
#[test]
fn an_unreadable_root_fails_closed() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let root = parent.path().join("repo");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("train.py"), "import torch\n").unwrap();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root, permissions do not stop reads: run as an unprivileged user.
    let is_root = unsafe { libc::geteuid() } == 0;
    let mut command = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_mlready")]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_mlready"))
    };
    command.args(["lint", root.to_str().unwrap(), "--no-cache"]).current_dir(parent.path());
    let out = finish(command);
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&out), 2, "stdout: {} stderr: {}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("cannot lint"), "{}", stderr(&out));
}

/// Bug 11: `mlready init --codeowners` wrote through a symlinked `.github`.
#[test]
fn init_never_writes_through_a_symlinked_folder() {
    let outside = tempfile::tempdir().unwrap();
    let repo = temp_repo(&[("train.py", "import torch\n")]);
    symlink(outside.path(), repo.path().join(".github"));
    let out = hostile_run(repo.path(), &["init", ".", "--codeowners"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("is not a folder"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing written outside");
    assert!(!repo.path().join("mlready.toml").exists(), "nothing written at all");
    // A symlinked pyproject.toml is not appended to either.
    let target = outside.path().join("pyproject.toml");
    std::fs::write(&target, "[project]\nname = \"x\"\n").unwrap();
    std::fs::remove_file(repo.path().join(".github")).unwrap();
    symlink(&target, repo.path().join("pyproject.toml"));
    let out = hostile_run(repo.path(), &["init", ".", "--pyproject"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "[project]\nname = \"x\"\n");
}

/// Bug 12: The cache had no integrity check: flipped bits changed the output
/// silently (once, a finding at line 4611686018427387909).
#[test]
fn a_damaged_cache_never_changes_the_output() {
    let repo = Repo::of_fixture("near-miss");
    let expected = stdout(&repo.lint_without_cache(&["--format", "json"]));
    repo.lint(&["--format", "json"]);
    let file = repo.cache_files().into_iter().find(|f| f.extension().is_some_and(|e| e == "bin")).unwrap();
    let pristine = std::fs::read(&file).unwrap();
    let mut damaged_seen = false;
    // Every 97th byte past the header, one bit at a time (a few dozen runs).
    for (n, at) in (32..pristine.len()).step_by(97).enumerate() {
        let mut bytes = pristine.clone();
        bytes[at] ^= 1 << (n % 8);
        std::fs::write(&file, &bytes).unwrap();
        let out = repo.lint(&["--format", "json", "--verbose"]);
        assert_eq!(stdout(&out), expected, "a flipped bit at byte {at} changed the output");
        damaged_seen |= stderr(&out).contains("damaged");
    }
    assert!(damaged_seen, "damaged records are said under --verbose");
}

/// Bug 13: Files the user points at were read without bound or waited on: a FIFO
/// or `/dev/zero` as `GIT_INDEX_FILE`, `--baseline`, the cache file,
/// `.gitignore` or `.git/info/exclude`.
#[test]
fn special_files_pointed_at_are_refused_not_read_or_waited_on() {
    let repo = Repo::new(&[("train.py", "import torch\n"), ("requirements.txt", "torch>=2\n")]);
    let root = repo.root().to_str().unwrap();
    let fifo = repo.cache.path().join("fifo");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();
    for special in ["/dev/zero", fifo] {
        let mut command = Command::new("sh");
        command
            .args(["-c", &format!("ulimit -v {MEMORY_LIMIT_KB} && exec \"$0\" \"$@\""), env!("CARGO_BIN_EXE_mlready")])
            .args(["lint", root, "--staged", "--no-cache"])
            .env("GIT_INDEX_FILE", special);
        let out = finish(command);
        judged(&out);
        assert!(stderr(&out).contains("not a regular file"), "{}", stderr(&out));

        let out = hostile_run(repo.root(), &["lint", ".", "--baseline", special]);
        assert_eq!(code(&out), 2);
        assert!(stderr(&out).contains("not a regular file"), "{}", stderr(&out));
    }
    // The cache file replaced by a link to /dev/zero, then by a FIFO.
    repo.lint(&[]);
    let cache = repo.cache_files().into_iter().find(|f| f.extension().is_some_and(|e| e == "bin")).unwrap();
    for special in ["/dev/zero", fifo] {
        std::fs::remove_file(&cache).unwrap();
        symlink(special, &cache);
        let mut command = Command::new("sh");
        command
            .args(["-c", &format!("ulimit -v {MEMORY_LIMIT_KB} && exec \"$0\" \"$@\""), env!("CARGO_BIN_EXE_mlready")])
            .args(["lint", root, "--verbose", "--cache-dir", repo.cache.path().to_str().unwrap()]);
        let out = finish(command);
        judged(&out);
        assert!(stderr(&out).contains("cache unreadable"), "{}", stderr(&out));
    }
    // FIFOs where git's ignore rules live.
    mkfifo(&repo.root().join(".gitignore"));
    std::fs::create_dir_all(repo.root().join(".git/info")).unwrap();
    let _ = std::fs::remove_file(repo.root().join(".git/info/exclude"));
    mkfifo(&repo.root().join(".git/info/exclude"));
    for args in [&["lint", ".", "--verbose"][..], &["lint", ".", "--changed-since", "HEAD"], &["lint", ".", "--no-git"]]
    {
        let out = hostile_run(repo.root(), args);
        judged(&out);
    }
    let out = hostile_run(repo.root(), &["lint", ".", "--verbose"]);
    assert!(stderr(&out).contains(".gitignore not applied: not a regular file (FIFO)"), "{}", stderr(&out));
}

/// Bug 14: With a split index (`git update-index --split-index`), the changes-only
/// pre-commit hook (`--staged --changed-since HEAD`) always exited 2.
#[test]
fn a_split_index_is_read_in_every_mode() {
    let repo = Repo::of_fixture("bare-research");
    let before: Vec<String> =
        [&["--staged"][..], &[], &["--staged", "--changed-since", "HEAD"], &["--changed-since", "HEAD"]]
            .iter()
            .map(|args| stdout(&repo.lint_without_cache(&[&["--format", "concise"][..], args].concat())))
            .collect();
    git(repo.root(), &["update-index", "--split-index"]);
    std::fs::create_dir(repo.root().join("serving")).unwrap();
    std::fs::write(repo.root().join("serving/requirements.txt"), "pandas>=2\n").unwrap();
    git(repo.root(), &["add", "serving/requirements.txt"]);
    let after: Vec<Output> =
        [&["--staged"][..], &[], &["--staged", "--changed-since", "HEAD"], &["--changed-since", "HEAD"]]
            .iter()
            .map(|args| repo.lint_without_cache(&[&["--format", "concise"][..], args].concat()))
            .collect();
    for (before, after) in before.iter().zip(&after) {
        judged(after);
        let after = stdout(after);
        assert!(after.contains("serving/requirements.txt:1:1: DEP002"), "{after}");
        // Nothing else changed.
        let unchanged: Vec<&str> =
            after.lines().filter(|l| !l.contains("serving/requirements") && !l.contains("finding")).collect();
        let earlier: Vec<&str> = before.lines().filter(|l| !l.contains("finding")).collect();
        assert_eq!(unchanged, earlier);
    }
}

/// Bug 15: A rule regex over the size limit parsed, then only warned and matched
/// nothing; an invalid regex in a config is an error (exit 2) at its span.
#[test]
fn a_regex_too_big_to_compile_is_a_config_error() {
    let config =
        "[[signal]]\nid = \"huge\"\nprovides = [\"monitoring\"]\nfiles = [\"**/*.py\"]\npattern = 'x{1000}{1000}'\n";
    let repo = temp_repo(&[("train.py", "import torch\n"), ("mlready.toml", config)]);
    let out = hostile_run(repo.path(), &["lint", "."]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("regex in `pattern` cannot be compiled") && err.contains("mlready.toml:5"), "{err}");
}

/// What held when the tree was attacked, kept as it is: nothing a repository
/// configures is ever run. The clone's git config names a command wherever git
/// has one (`core.fsmonitor`, filter and diff drivers, `diff.external`,
/// `core.pager`, `core.sshCommand`, hooks in `.git/hooks` and in
/// `core.hooksPath`), the tree's `.gitattributes` applies those drivers to every
/// file and `.gitmodules` names an `ext::` URL; a changed, a staged and an
/// untracked file make every mode of a run look at the work tree. Each command
/// would leave a mark outside the repository: none may.
#[cfg(unix)]
#[test]
fn nothing_the_repository_configures_is_ever_run() {
    use std::os::unix::fs::PermissionsExt;
    let marks = tempfile::tempdir().unwrap();
    let mark = |name: &str| format!("echo {name} >> '{}/ran'", marks.path().display());
    let repo = Repo::new(&[
        ("train.py", "import torch\ntorch.manual_seed(0)\n"),
        ("requirements.txt", "torch==2.3.0\n"),
        (".gitattributes", "* filter=evil diff=evil merge=evil\n*.ipynb filter=evil\n"),
        (".gitmodules", "[submodule \"data\"]\n\tpath = data\n\turl = ext::sh -c touch% /tmp/mlready-ext-ran\n"),
    ]);
    let hooks = marks.path().join("hooks");
    for folder in [hooks.clone(), repo.root().join(".git/hooks")] {
        std::fs::create_dir_all(&folder).unwrap();
        for hook in ["pre-commit", "post-checkout", "post-index-change", "fsmonitor-watchman", "reference-transaction"]
        {
            let script = folder.join(hook);
            std::fs::write(&script, format!("#!/bin/sh\n{}\n", mark(hook))).unwrap();
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let settings = [
        ("core.fsmonitor", mark("fsmonitor")),
        ("core.hooksPath", hooks.display().to_string()),
        ("core.pager", mark("pager")),
        ("core.sshCommand", mark("ssh")),
        ("diff.external", mark("diff-external")),
        ("filter.evil.clean", mark("clean")),
        ("filter.evil.smudge", mark("smudge")),
        ("filter.evil.process", mark("process")),
        ("filter.evil.required", "true".to_string()),
        ("diff.evil.command", mark("diff-driver")),
        ("diff.evil.textconv", mark("textconv")),
        ("merge.evil.driver", mark("merge-driver")),
        ("protocol.ext.allow", "always".to_string()),
        ("submodule.data.url", "ext::sh -c touch% /tmp/mlready-ext-ran".to_string()),
    ];
    for (key, value) in &settings {
        git(repo.root(), &["config", key, value]);
    }
    repo.write("train.py", "import torch\n");
    repo.write("serve.py", "from fastapi import FastAPI\n");
    repo.write("requirements.txt", "torch==2.3.0\nfastapi\n");
    // Stage one change without running the filter: `git add` would run it itself.
    let blob = git_command(repo.root(), &["hash-object", "-w", "--no-filters", "requirements.txt"]).output().unwrap();
    let blob = String::from_utf8(blob.stdout).unwrap();
    git(repo.root(), &["update-index", "--cacheinfo", &format!("100644,{},requirements.txt", blob.trim())]);
    // git itself runs the fsmonitor and the index hooks: start from no marks.
    let _ = std::fs::remove_file(marks.path().join("ran"));
    let modes: [&[&str]; 6] = [
        &[],
        &["--no-cache"],
        &["--staged"],
        &["--changed-since", "HEAD"],
        &["--staged", "--changed-since", "HEAD"],
        &["--format", "github", "--verbose"],
    ];
    for args in modes {
        let mut all = vec!["lint", "."];
        if !args.contains(&"--no-cache") {
            all.extend(["--cache-dir", repo.cache.path().to_str().unwrap()]);
        }
        all.extend_from_slice(args);
        let mut command = Command::new(env!("CARGO_BIN_EXE_mlready"));
        command.args(&all).current_dir(repo.root()).env_remove("GITHUB_STEP_SUMMARY");
        let output = finish(command);
        judged(&output);
        let ran = std::fs::read_to_string(marks.path().join("ran")).unwrap_or_default();
        assert_eq!(ran, "", "`mlready {}` ran the repository's commands", all.join(" "));
        assert!(!Path::new("/tmp/mlready-ext-ran").exists(), "an ext:: submodule URL ran");
    }
    // The marks work: git itself runs the filter when it stages a file (and
    // fails, as the filter is required and answers nothing).
    let _ = git_command(repo.root(), &["add", "serve.py"]).output().unwrap();
    let ran = std::fs::read_to_string(marks.path().join("ran")).unwrap_or_default();
    assert!(ran.contains("clean") || ran.contains("process"), "the probe is blind: {ran:?}");
}
