//! One verdict set per ML project (issue 14): a monorepo's projects are
//! found by their manifests and ML code, judged from their own files and the
//! platform's (CODEOWNERS coverage, CI as its path filters say), and shown as
//! a matrix before the findings.

mod common;
#[path = "common/work_tree.rs"]
mod work_tree;

use common::*;
use serde_json::Value;
use work_tree::Repo;

/// A project of a JSON report: its root, its verdicts, its findings.
type Project = (String, Vec<(String, String)>, Vec<(String, String, u64)>);

/// Every project of a JSON report.
fn projects(report: &Value) -> Vec<Project> {
    report["projects"]
        .as_array()
        .expect("a projects array")
        .iter()
        .map(|p| {
            let verdicts = verdicts(&serde_json::json!({ "ingredients": p["ingredients"] }));
            let findings = findings(&serde_json::json!({ "findings": p["findings"] }));
            (p["root"].as_str().unwrap().to_string(), verdicts, findings)
        })
        .collect()
}

fn project<'a>(all: &'a [Project], root: &str) -> &'a Project {
    all.iter().find(|p| p.0 == root).unwrap_or_else(|| panic!("no project {root}: {all:?}"))
}

const ALL_PRESENT: &[(&str, &str)] = &[
    ("owners", "present"),
    ("monitoring", "present"),
    ("data-versioning", "present"),
    ("metrics", "present"),
    ("validation", "present"),
    ("dependencies", "present"),
    ("reproducibility", "present"),
    ("ci", "present"),
    ("model-card", "present"),
];

/// The fixture: a ready service, a bare research project, a DVC pipeline that
/// CODEOWNERS forgot, a notebook course module; a workflow whose path filters
/// cover the service and the pipeline; docs with a requirements file (no ML code:
/// not a project).
#[test]
fn a_monorepo_gets_one_verdict_set_per_project() {
    let repo = Repo::of_fixture("platform-monorepo");
    let (report, code) = lint_json(repo.root(), &[]);
    assert_eq!(code, 1, "research/sentiment has no metrics (MET001, an error)");
    let all = projects(&report);
    let roots: Vec<&str> = all.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(roots, ["courses/module-3", "pipelines/forecast", "research/sentiment", "services/churn"]);

    let churn = project(&all, "services/churn");
    assert_eq!(churn.1, expected_verdicts(ALL_PRESENT));
    assert_eq!(churn.2, expected(&[]));

    let forecast = project(&all, "pipelines/forecast");
    assert_eq!(
        forecast.1,
        expected_verdicts(&[
            ("owners", "partial"),
            ("monitoring", "present"),
            ("data-versioning", "present"),
            ("metrics", "partial"),
            ("validation", "partial"),
            ("dependencies", "present"),
            ("reproducibility", "present"),
            // The services workflow's paths include pipelines/forecast/**.
            ("ci", "present"),
            ("model-card", "missing"),
        ])
    );
    assert_eq!(
        forecast.2,
        expected(&[
            ("CARD001", "pipelines/forecast/README.md", 0),
            // CODEOWNERS names every project but this one.
            ("OWN003", ".github/CODEOWNERS", 1),
            ("MET002", "pipelines/forecast/README.md", 35),
            ("VAL002", "pipelines/forecast/src/evaluate.py", 6),
        ])
    );

    let sentiment = project(&all, "research/sentiment");
    assert_eq!(
        sentiment.1,
        expected_verdicts(&[
            ("owners", "present"),
            ("monitoring", "not-applicable"),
            ("data-versioning", "missing"),
            ("metrics", "missing"),
            ("validation", "missing"),
            ("dependencies", "missing"),
            ("reproducibility", "missing"),
            // The only workflow runs for other paths.
            ("ci", "missing"),
            ("model-card", "missing"),
        ])
    );
    let mut expected_sentiment = vec![
        ("MET001", "research/sentiment/README.md", 0),
        ("CI001", "research/sentiment/README.md", 0),
        ("CARD001", "research/sentiment/README.md", 0),
        ("DEP001", "research/sentiment/requirements.txt", 1),
    ];
    for line in 1..=7 {
        expected_sentiment.push(("DEP002", "research/sentiment/requirements.txt", line));
    }
    expected_sentiment.extend([
        ("DATA001", "research/sentiment/train.py", 54),
        ("REP002", "research/sentiment/train.py", 55),
        ("VAL001", "research/sentiment/train.py", 69),
        ("REP001", "research/sentiment/train.py", 69),
    ]);
    let mut got = sentiment.2.clone();
    got.sort();
    let mut want = expected(&expected_sentiment);
    want.sort();
    assert_eq!(got, want);

    let course = project(&all, "courses/module-3");
    assert_eq!(
        course.1,
        expected_verdicts(&[
            ("owners", "present"),
            ("monitoring", "not-applicable"),
            ("data-versioning", "missing"),
            ("metrics", "partial"),
            ("validation", "partial"),
            ("dependencies", "partial"),
            ("reproducibility", "present"),
            ("ci", "missing"),
            ("model-card", "missing"),
        ])
    );
    let codes: Vec<&str> = course.2.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        codes,
        [
            "CI001", "CARD001", "DEP003", "DEP003", "DEP003", "DEP003", "DEP003", "DEP004", "DATA001", "DATA002",
            "VAL002", "MET002"
        ]
    );

    // The repository as a whole: today's verdicts; its findings include what each project lacks.
    assert_eq!(verdict(&report, "ci")["status"], "present");
    assert_eq!(verdict(&report, "metrics")["status"], "present");
    let top = findings(&report);
    assert!(top.contains(&("MET001".into(), "research/sentiment/README.md".into(), 0)), "{top:?}");
    assert!(top.contains(&("CI001".into(), "courses/module-3/README.md".into(), 0)), "{top:?}");
    assert_eq!(top.iter().filter(|f| f.0 == "OWN003").count(), 1, "said once, for the repository");
    let sentiment_dep = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "DEP001").unwrap();
    assert_eq!(sentiment_dep["project"], "research/sentiment");
}

/// The matrix comes before the findings, in the terminal and in Markdown.
#[test]
fn the_matrix_shows_which_project_lacks_what() {
    let repo = Repo::of_fixture("platform-monorepo");
    let (out, _, _) = lint_dir(repo.root(), &["--color", "never"]);
    let matrix: Vec<&str> = out.lines().skip(1).take(6).collect();
    assert_eq!(
        matrix,
        [
            "                     own mon data met val dep rep ci card",
            "  courses/module-3    ✓   -   ✗    ~   ~   ~   ✓  ✗   ✗",
            "  pipelines/forecast  ~   ✓   ✓    ~   ~   ✓   ✓  ✓   ✗",
            "  research/sentiment  ✓   -   ✗    ✗   ✗   ✗   ✗  ✗   ✗",
            "  services/churn      ✓   ✓   ✓    ✓   ✓   ✓   ✓  ✓   ✓",
            "  ✓ present  ~ partial  ✗ missing  - not applicable  ? not checked",
        ],
        "{out}"
    );
    assert!(out.starts_with("4 ML projects in "), "{out}");
    let (md, _, _) = lint_dir(repo.root(), &["--format", "markdown"]);
    let table = "### 4 ML projects\n\n\
        | Project | owners | monitoring | data-versioning | metrics | validation | dependencies | reproducibility | ci | model-card |\n\
        |---|:---:|:---:|:---:|:---:|:---:|:---:|:---:|:---:|:---:|\n\
        | `courses/module-3` | ✅ | ➖ | ❌ | 🟡 | 🟡 | 🟡 | ✅ | ❌ | ❌ |\n\
        | `pipelines/forecast` | 🟡 | ✅ | ✅ | 🟡 | 🟡 | ✅ | ✅ | ✅ | ❌ |\n\
        | `research/sentiment` | ✅ | ➖ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ |\n\
        | `services/churn` | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ |\n";
    assert!(md.contains(table), "{md}");
    assert!(md.find("ML projects").unwrap() < md.find("### Findings").unwrap());
    // SARIF names each result's project, from the repository's top.
    let (sarif, _, _) = lint_dir(repo.root(), &["--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let met001 = results.iter().find(|r| r["ruleId"] == "MET001").unwrap();
    assert_eq!(met001["properties"]["project"], "research/sentiment");
}

/// A repository with one project is judged as a whole, as before; the config
/// can name the projects or turn them off.
#[test]
fn projects_come_from_manifests_or_the_config() {
    let repo = Repo::of_fixture("platform-monorepo");
    // Linting one project's folder: one project, no matrix; its own config (which extends the top's) applies.
    let churn = repo.root().join("services/churn");
    let (report, code) = lint_json(&churn, &[]);
    assert_eq!(report["projects"], serde_json::json!([]));
    assert_eq!(verdicts(&report), expected_verdicts(ALL_PRESENT));
    assert_eq!(code, 0);
    let (settings, _, _) = lint_dir(&churn, &["--show-settings"]);
    assert!(settings.contains("extends = ["), "{settings}");
    assert!(!settings.contains("[folder-configs]"), "{settings}");
    // From the top, the settings list the folder configs a lint would apply.
    let (settings, _, _) = lint_dir(repo.root(), &["--show-settings"]);
    let listed = format!(
        "[folder-configs]\n# each decides for the files in its folder; `mlready lint FOLDER --show-settings` shows its settings\n\"services/churn/\" = \"{}\"\n",
        churn.join("mlready.toml").display()
    );
    assert!(settings.ends_with(&listed), "{settings}");
    let (settings, _, _) = lint_dir(repo.root(), &["--show-settings", "--isolated"]);
    assert!(!settings.contains("[folder-configs]"), "--isolated reads no config: {settings}");
    // Named in the config: exactly those folders.
    repo.write("mlready.toml", "projects = [\"services/*\", \"research/*\"]\n");
    let (report, _) = lint_json(repo.root(), &[]);
    let roots: Vec<String> = projects(&report).into_iter().map(|p| p.0).collect();
    assert_eq!(roots, ["research/sentiment", "services/churn"]);
    // Turned off: the repository as a whole only.
    repo.write("mlready.toml", "projects = false\n");
    let (report, _) = lint_json(repo.root(), &[]);
    assert_eq!(report["projects"], serde_json::json!([]));
    assert!(findings(&report).iter().all(|f| f.0 != "MET001"), "metrics are documented somewhere in the repository");
    // A mistake is an error at its span.
    repo.write("mlready.toml", "projects = \"services\"\n");
    let (_, err, code) = lint_dir(repo.root(), &["--color", "never"]);
    assert_eq!(code, 2);
    assert!(err.contains("`projects` must list project folders (globs) or be `false`"), "{err}");
}

/// Pull-request mode in a monorepo: only the projects the change touched are
/// judged, and what a project lacked before the change is not new.
#[test]
fn changed_since_judges_the_projects_a_change_touched() {
    let repo = Repo::of_fixture("platform-monorepo");
    let root = repo.root();
    let run = || {
        let (report, _) = lint_json(root, &["--staged", "--changed-since", "HEAD"]);
        let roots: Vec<String> = projects(&report).into_iter().map(|p| p.0).collect();
        (findings(&report), roots)
    };
    // research/sentiment lacks metrics, CI and a model card already: editing its README adds nothing.
    let readme = root.join("research/sentiment/README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(&readme, format!("{text}\nQuestions: #nlp-research on Slack.\n")).unwrap();
    work_tree::git(root, &["add", "-A"]);
    assert_eq!(run(), (expected(&[]), vec!["research/sentiment".to_string()]));
    let (human, _, _) = lint_dir(root, &["--staged", "--changed-since", "HEAD", "--color", "never"]);
    assert!(human.starts_with("1 ML project in "), "{human}");
    // Deleting the churn service's DVC pointers takes its data versioning away, though
    // pipelines/forecast still has its own.
    work_tree::git(root, &["rm", "-q", "-r", "services/churn/data", "services/churn/models"]);
    let (found, roots) = run();
    assert_eq!(found, expected(&[("DATA001", "services/churn/churn/train.py", 49)]));
    assert_eq!(roots, ["research/sentiment", "services/churn"]);

    // Deleting the only workflow: the repository lacks CI now (said once, at the top), and that is
    // new for the two projects it ran for, not for the two it never ran for.
    work_tree::git(root, &["rm", "-q", "-r", ".github/workflows"]);
    let (report, _) = lint_json(root, &["--staged", "--changed-since", "HEAD"]);
    assert!(findings(&report).iter().any(|f| f.0 == "CI001"), "{:?}", findings(&report));
    let ci: Vec<(String, bool)> =
        projects(&report).into_iter().map(|p| (p.0, p.2.iter().any(|f| f.0 == "CI001"))).collect();
    let want = [
        ("courses/module-3", false),
        ("pipelines/forecast", true),
        ("research/sentiment", false),
        ("services/churn", true),
    ];
    assert_eq!(ci, want.map(|(root, new)| (root.to_string(), new)));
}

/// The GitHub step summary (the Action's) carries the matrix.
#[test]
fn the_step_summary_shows_the_matrix() {
    let repo = Repo::of_fixture("platform-monorepo");
    let summary = tempfile::NamedTempFile::new().unwrap();
    let output = mlready()
        .env("GITHUB_STEP_SUMMARY", summary.path())
        .args(["lint", repo.root().to_str().unwrap(), "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = std::fs::read_to_string(summary.path()).unwrap();
    assert!(text.contains("### 4 ML projects\n\n| Project | owners |"), "{text}");
    assert!(text.contains("| `research/sentiment` | ✅ | ➖ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ |"), "{text}");
}

/// `--project PATH` reports one project, judged with the repository's context:
/// the top's CODEOWNERS and CI (with its path filters) count, as in the matrix.
#[test]
fn one_project_with_the_repository_context() {
    let repo = Repo::of_fixture("platform-monorepo");
    let (report, code) = lint_json(repo.root(), &["--project", "services/churn"]);
    assert_eq!(code, 0);
    assert_eq!(
        verdicts(&report),
        expected_verdicts(ALL_PRESENT),
        "CI from the top's workflow, owners from its CODEOWNERS"
    );
    assert_eq!(findings(&report), expected(&[]));
    let (report, _) = lint_json(repo.root(), &["--project", "./pipelines/forecast/"]);
    assert_eq!(verdict(&report, "owners")["status"], "partial");
    assert!(findings(&report).contains(&("OWN003".into(), ".github/CODEOWNERS".into(), 1)), "{:?}", findings(&report));
    // What is not a folder below the root is a usage error.
    for (wanted, message) in [
        ("nope", "--project nope: no file of the linted root is in that folder"),
        ("../services", "--project ../services: name a folder below the linted root"),
        (".", "to judge the root, lint it without --project"),
    ] {
        let (_, err, code) = lint_dir(repo.root(), &["--project", wanted]);
        assert_eq!(code, 2, "{wanted}");
        assert!(err.contains(message), "{err}");
    }
}

/// A course: each module is a project; the top folder, whose requirements only
/// set up Jupyter, is not (its ML code is all in the modules). Near miss: a
/// top folder with ML code of its own is a project beside the modules.
#[test]
fn a_course_is_one_project_per_module() {
    let lesson = "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"from sklearn.linear_model import LogisticRegression\\n\", \"model = LogisticRegression().fit(X, y)\\n\"], \"metadata\": {}, \"outputs\": []}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";
    let mut files = vec![
        ("requirements.txt", "jupyterlab==4.1.0\n"),
        ("README.md", "# ML course\n"),
        ("utils/plots.py", "def plot(x):\n    return x\n"),
    ];
    let modules = ["01-intro", "02-regression", "03-trees"];
    let paths: Vec<(String, String)> = modules
        .iter()
        .flat_map(|m| {
            [
                (format!("{m}/requirements.txt"), "scikit-learn==1.4.0\n".to_string()),
                (format!("{m}/lesson.ipynb"), lesson.to_string()),
            ]
        })
        .collect();
    files.extend(paths.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let repo = temp_repo(&files);
    let roots = |report: &Value| projects(report).into_iter().map(|p| p.0).collect::<Vec<_>>();
    let (report, _) = lint_json(repo.path(), &["--no-git"]);
    assert_eq!(roots(&report), modules);
    std::fs::write(
        repo.path().join("utils/train_all.py"),
        "import torch\nmodel = torch.nn.Linear(2, 1)\nloss.backward()\n",
    )
    .unwrap();
    let (report, _) = lint_json(repo.path(), &["--no-git"]);
    assert_eq!(roots(&report), [".", "01-intro", "02-regression", "03-trees"]);
}

/// A finding about a project as a whole points into the project: at its
/// README, else at whichever manifest made it a project (a course module often
/// has only a `Pipfile` or a `bentofile.yaml`), else at its first file. Before,
/// a module without a README or `requirements.txt` had them at the repository's
/// root, which read as a finding about the course, not the module.
#[test]
fn a_project_without_a_readme_has_its_findings_at_its_manifest() {
    let train = "from sklearn.linear_model import LogisticRegression\nmodel = LogisticRegression().fit(X, y)\n";
    let serve = "import bentoml\nsvc = bentoml.Service(\"credit\", runners=[])\n";
    let repo = temp_repo(&[
        ("README.md", "# Course\n"),
        ("03-classification/Pipfile", "[packages]\nscikit-learn = \"*\"\n"),
        ("03-classification/train.py", train),
        ("07-bentoml/bentofile.yaml", "service: \"service:svc\"\npython:\n  packages:\n    - scikit-learn\n"),
        ("07-bentoml/service.py", serve),
        ("07-bentoml/train.py", train),
        ("08-deep/requirements-gpu.txt", "torch\n"),
        ("08-deep/train.py", "import torch\nmodel = torch.nn.Linear(2, 1)\nloss.backward()\n"),
    ]);
    let (report, _) = lint_json(repo.path(), &["--no-git"]);
    let all = projects(&report);
    for (root, anchor) in [
        ("03-classification", "03-classification/Pipfile"),
        ("07-bentoml", "07-bentoml/bentofile.yaml"),
        ("08-deep", "08-deep/requirements-gpu.txt"),
    ] {
        let project = project(&all, root);
        let dep001: Vec<_> = project.2.iter().filter(|f| f.0 == "DEP001").collect();
        assert_eq!(dep001.len(), 1, "{root}: {:?}", project.2);
        assert_eq!(dep001[0].1, anchor, "{root}");
        assert!(project.2.iter().all(|f| f.1.starts_with(root)), "{root}: {:?}", project.2);
    }
}

/// A monorepo's top `pipelines/` folder holds every kind of Python: a helper
/// package with a manifest of its own inside a pipeline (`features/`, plain
/// pandas) is part of that pipeline, not a project; taking every `.py` below
/// `pipelines/` for a pipeline definition made it one. Python there that uses
/// a pipeline framework (a Prefect flow) still makes its folder a project. A
/// library that only imports an ML framework is no project either.
#[test]
fn a_helper_package_inside_a_pipeline_is_not_a_project() {
    let train = "import lightgbm as lgb\nmodel = lgb.train(params, data)\n";
    let repo = temp_repo(&[
        ("README.md", "# Platform\n"),
        ("pipelines/forecast/dvc.yaml", "stages:\n  train:\n    cmd: python src/train.py\n"),
        ("pipelines/forecast/requirements.txt", "lightgbm==4.3.0\n"),
        ("pipelines/forecast/src/train.py", train),
        ("pipelines/forecast/features/pyproject.toml", "[project]\nname = \"features\"\n"),
        ("pipelines/forecast/features/lags.py", "import pandas as pd\n\ndef lags(df, n):\n    return df.shift(n)\n"),
        ("pipelines/retrain/pyproject.toml", "[project]\nname = \"retrain\"\n"),
        ("pipelines/retrain/flows/weekly.py", "from prefect import flow\n\n@flow\ndef weekly():\n    pass\n"),
        // A library of scikit-learn transformers imports an ML framework but trains, serves and
        // ships nothing: not a project either.
        ("libs/featurekit/pyproject.toml", "[project]\nname = \"featurekit\"\n"),
        (
            "libs/featurekit/clip.py",
            "from sklearn.base import BaseEstimator, TransformerMixin\n\nclass Clip(BaseEstimator, TransformerMixin):\n    def fit(self, X, y=None):\n        return self\n",
        ),
    ]);
    let (report, _) = lint_json(repo.path(), &["--no-git"]);
    let roots: Vec<String> = projects(&report).into_iter().map(|p| p.0).collect();
    assert_eq!(roots, ["pipelines/forecast", "pipelines/retrain"]);
}

/// What is wrong in a platform file is the repository's: an invalid line in
/// the top's CODEOWNERS is said once, at the top, and no longer makes every
/// project's owners partial while no owners finding of theirs remains. Near
/// miss: a project that CODEOWNERS leaves out is still not owned.
#[test]
fn a_platform_files_own_errors_do_not_make_the_projects_partial() {
    let service = |name: &str| {
        [
            (format!("services/{name}/requirements.txt"), "scikit-learn==1.5.0\n".to_string()),
            (
                format!("services/{name}/train.py"),
                "from sklearn.linear_model import LogisticRegression\nm = LogisticRegression().fit(X, y)\n".to_string(),
            ),
            (format!("services/{name}/README.md"), format!("# {name}\n\n## Metrics\n\nAUC >= 0.8 on the holdout.\n")),
        ]
    };
    let files = |codeowners: &str| {
        let mut files: Vec<(String, String)> = service("churn").into_iter().chain(service("fraud")).collect();
        files.push((".github/CODEOWNERS".into(), codeowners.into()));
        files
    };
    let owners = |all: &[Project], root: &str| {
        project(all, root).1.iter().find(|v| v.0 == "owners").map(|v| v.1.clone()).unwrap_or_default()
    };

    let both = files("/services/churn/ @acme/churn\n/services/fraud/ @acme/fraud\n/services/old/ acme-team\n");
    let repo = temp_repo(&both.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect::<Vec<_>>());
    let (report, _) = lint_json(repo.path(), &["--no-git"]);
    let all = projects(&report);
    assert_eq!(owners(&all, "services/churn"), "present", "{all:?}");
    assert_eq!(owners(&all, "services/fraud"), "present", "{all:?}");
    assert!(findings(&report).contains(&("OWN004".into(), ".github/CODEOWNERS".into(), 3)), "{:?}", findings(&report));
    assert!(all.iter().all(|p| p.2.iter().all(|f| f.0 != "OWN004")), "said once, at the top: {all:?}");

    let one = files("/services/churn/ @acme/churn\n/services/old/ acme-team\n");
    let repo = temp_repo(&one.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect::<Vec<_>>());
    let (report, _) = lint_json(repo.path(), &["--no-git"]);
    let all = projects(&report);
    assert_eq!(owners(&all, "services/churn"), "present", "{all:?}");
    assert_ne!(owners(&all, "services/fraud"), "present", "CODEOWNERS leaves it out: {all:?}");
    assert!(project(&all, "services/fraud").2.iter().any(|f| f.0 == "OWN003"), "{all:?}");
}

/// A service that keeps its requirements in a `requirements/` folder
/// (`base.txt`, `prod.txt`, as many services split them) is a project, as one
/// with a `requirements.txt` is; before, only the folder itself would have
/// been, and it holds no ML code. Its findings about itself point at one of
/// those files.
#[test]
fn a_requirements_folder_makes_its_parent_a_project() {
    let repo = temp_repo(&[
        ("services/ranker/requirements/base.txt", "torch==2.3.0\n"),
        ("services/ranker/requirements/prod.txt", "-r base.txt\nfastapi==0.110.0\n"),
        ("services/ranker/src/train.py", "import torch\nmodel = torch.nn.Linear(2, 1)\nloss.backward()\n"),
        ("services/churn/requirements.txt", "scikit-learn==1.5.0\n"),
        (
            "services/churn/train.py",
            "from sklearn.linear_model import LogisticRegression\nm = LogisticRegression().fit(X, y)\n",
        ),
        ("docs/requirements/docs.txt", "sphinx==7.3.7\n"),
    ]);
    let (report, _) = lint_json(repo.path(), &["--no-git"]);
    let all = projects(&report);
    let roots: Vec<&str> = all.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(roots, ["services/churn", "services/ranker"]);
    let own001 = project(&all, "services/ranker").2.iter().find(|f| f.0 == "OWN001").cloned();
    assert_eq!(own001.map(|f| f.1), Some("services/ranker/requirements/base.txt".to_string()));
}

/// One model kept as `training/` and `serving/`, each with its own
/// requirements, is two projects that share the docs at the top: the README's
/// metrics and the model card count for both (they were MET001 and CARD001 in
/// each). Only docs and DVC files are inherited: the top's unpinned
/// `requirements.txt` does not make a project's dependencies partial, and a
/// `docker-compose.yml` that runs uvicorn does not make `training` a service.
/// In a pull request, deleting the model card is new for both.
#[test]
fn projects_inherit_the_docs_above_them() {
    let card = "# Model card: churn\n\n## Intended use\nRank customers by churn risk.\n\n## Training data\nCRM events 2024.\n\n## Evaluation\nROC AUC 0.86 on the 2024-Q4 holdout.\n\n## Limitations\nNot for credit decisions.\n";
    let repo = Repo::new(&[
        (
            "README.md",
            "# churn\n\n## Metrics\n\n| metric | threshold | value |\n|---|---|---|\n| ROC AUC | >= 0.80 | 0.86 |\n",
        ),
        ("MODEL_CARD.md", card),
        ("requirements.txt", "pytest\nruff\n"),
        ("docker-compose.yml", "services:\n  api:\n    build: serving\n    command: uvicorn app:app --host 0.0.0.0\n"),
        ("training/requirements.txt", "scikit-learn==1.5.0\n"),
        (
            "training/train.py",
            "import joblib\nfrom sklearn.linear_model import LogisticRegression\nm = LogisticRegression(random_state=0).fit(X, y)\njoblib.dump(m, \"m.joblib\")\n",
        ),
        ("serving/requirements.txt", "fastapi==0.110.0\njoblib==1.4.2\n"),
        (
            "serving/app.py",
            "import joblib\nfrom fastapi import FastAPI\napp = FastAPI()\nmodel = joblib.load(\"m.joblib\")\n",
        ),
    ]);
    let (report, _) = lint_json(repo.root(), &[]);
    let all = projects(&report);
    for root in ["serving", "training"] {
        let verdicts = &project(&all, root).1;
        let verdict = |ingredient: &str| verdicts.iter().find(|v| v.0 == ingredient).unwrap().1.clone();
        assert_eq!(verdict("metrics"), "present", "{root}: {verdicts:?}");
        assert_eq!(verdict("model-card"), "present", "{root}");
        assert_eq!(verdict("dependencies"), "present", "{root}");
    }
    let training = &project(&all, "training").1;
    assert!(training.contains(&("monitoring".to_string(), "not-applicable".to_string())), "{training:?}");
    // A pull request that deletes the model card: CARD001 is new in both projects, said in each.
    work_tree::git(repo.root(), &["rm", "-q", "MODEL_CARD.md"]);
    let (report, _) = lint_json(repo.root(), &["--staged", "--changed-since", "HEAD"]);
    let all = projects(&report);
    let roots: Vec<&str> = all.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(roots, ["serving", "training"]);
    for project in &all {
        let card: Vec<_> = project.2.iter().filter(|f| f.0 == "CARD001").collect();
        assert_eq!(card.len(), 1, "{}: {:?}", project.0, project.2);
        assert!(card[0].1.starts_with(&project.0), "{}: {:?}", project.0, card[0]);
    }
}

/// The CI verdict of each project of a GitLab monorepo: a pipeline counts for
/// the projects its jobs' `rules: changes:` (or `only: changes:`, or the rules
/// of the local file that defines them) match, and for every project once one
/// job runs on any change.
#[test]
fn a_gitlab_pipeline_counts_for_the_projects_its_changes_rules_match() {
    let repo = Repo::of_fixture("platform-monorepo");
    std::fs::remove_dir_all(repo.root().join(".github/workflows")).unwrap();
    repo.write(
        ".gitlab-ci.yml",
        r#"# One pipeline for the monorepo: each project's jobs run when its files change.
stages: [test, evaluate]

include:
  - local: ci/python.yml
  - local: pipelines/forecast/.gitlab-ci.yml
    rules:
      - changes: ["pipelines/forecast/**/*"]

workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

churn-test:
  extends: [.python, .churn-changes]
  stage: test
  script:
    - cd services/churn && pip install -r requirements.txt && pytest -q tests/

churn-evaluate:
  extends: .python
  stage: evaluate
  script:
    - cd services/churn && python evaluate.py --model models/churn.joblib
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      changes:
        paths: ["services/churn/**/*"]
        compare_to: main
    - when: never
"#,
    );
    std::fs::create_dir_all(repo.root().join("ci")).unwrap();
    repo.write(
        "ci/python.yml",
        ".python:\n  image: python:3.11-slim\n  before_script:\n    - pip install --upgrade pip\n\n.churn-changes:\n  rules:\n    - changes: [\"services/churn/**/*\"]\n",
    );
    repo.write(
        "pipelines/forecast/.gitlab-ci.yml",
        "forecast-repro:\n  extends: .python\n  stage: test\n  script:\n    - cd pipelines/forecast && poetry install && poetry run dvc repro --dry\n",
    );
    // CI runs what is committed.
    repo.commit();
    let ci_of = |report: &Value| -> Vec<(String, String)> {
        let mut all: Vec<_> = projects(report)
            .into_iter()
            .map(|(root, verdicts, _)| {
                (root, verdicts.into_iter().find(|v| v.0 == "ci").map(|v| v.1).unwrap_or_default())
            })
            .collect();
        all.sort();
        all
    };
    let (report, _) = lint_json(repo.root(), &[]);
    let ci = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    };
    assert_eq!(
        ci_of(&report),
        ci(&[
            ("courses/module-3", "missing"),
            ("pipelines/forecast", "present"),
            ("research/sentiment", "missing"),
            ("services/churn", "present"),
        ])
    );
    let sentiment = project(&projects(&report), "research/sentiment").2.clone();
    assert!(sentiment.contains(&("CI001".into(), "research/sentiment/README.md".into(), 0)), "{sentiment:?}");
    let ci001 = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CI001" && f["project"] == "research/sentiment")
        .expect("CI001 for research/sentiment in the run's findings");
    assert_eq!(
        ci001["message"],
        "No CI runs checks on changes to research/sentiment: .gitlab-ci.yml runs only for the paths its filters name, none of them here"
    );
    assert!(
        ci001["help"].as_str().unwrap().starts_with("Add research/sentiment/** to the path filters of .gitlab-ci.yml")
    );
    // Near miss: one job with no rules runs on every change, so the pipeline counts for every project.
    let text = std::fs::read_to_string(repo.root().join(".gitlab-ci.yml")).unwrap();
    repo.write(".gitlab-ci.yml", &format!("{text}\nlint:\n  stage: test\n  script: [ruff check .]\n"));
    repo.commit();
    let (report, _) = lint_json(repo.root(), &[]);
    assert!(ci_of(&report).iter().all(|(_, verdict)| verdict == "present"), "{:?}", ci_of(&report));
}

/// Linting a monorepo from its top, the closest config of a folder decides
/// for the findings in it, as ruff's closest config does for each file; what
/// only a run of that folder can apply is said, not silently dropped.
#[test]
fn a_folders_own_config_decides_for_its_files_from_the_top() {
    let repo = Repo::of_fixture("platform-monorepo");
    // The churn service's config (which extends the top's) makes an unpinned requirement an error.
    let requirements = std::fs::read_to_string(repo.root().join("services/churn/requirements.txt")).unwrap();
    repo.write("services/churn/requirements.txt", &format!("{requirements}mlflow>=2.9\n"));
    // The research project's own config: no pins yet, its data is fetched by release, one file ignores REP001.
    repo.write(
        "research/sentiment/.mlready.toml",
        "# Research code: pins come when it moves to a service.\nignore = [\"DEP002\"]\n\n[not-applicable]\ndata-versioning = \"SemEval data is fetched by release tag\"\n\n[per-file-ignores]\n\"train.py\" = [\"REP001\"]\n",
    );
    // The course leaves out its evaluation notebook, and sets what only its own run applies.
    repo.write(
        "courses/module-3/mlready.toml",
        "extend-exclude = [\"notebooks/03_evaluate.ipynb\"]\nfail-on = \"never\"\n",
    );
    let output = run(&["lint", repo.root().to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let severity_of = |findings: &Value, code: &str, path: &str| -> Vec<String> {
        findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == code && f["path"] == path)
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(severity_of(&report["findings"], "DEP002", "services/churn/requirements.txt"), ["error"]);
    let all = projects(&report);
    let churn = report["projects"].as_array().unwrap().iter().find(|p| p["root"] == "services/churn").unwrap();
    assert_eq!(severity_of(&churn["findings"], "DEP002", "services/churn/requirements.txt"), ["error"]);

    let sentiment = project(&all, "research/sentiment");
    let codes: Vec<&str> = sentiment.2.iter().map(|f| f.0.as_str()).collect();
    for gone in ["DEP002", "DATA001", "REP001"] {
        assert!(!codes.contains(&gone), "{gone} in {codes:?}");
    }
    assert!(codes.contains(&"DEP001") && codes.contains(&"REP002"), "{codes:?}");
    assert!(sentiment.1.contains(&("data-versioning".into(), "not-applicable".into())), "{:?}", sentiment.1);
    let top = findings(&report);
    assert!(
        !top.iter()
            .any(|f| f.1.starts_with("research/sentiment/") && ["DEP002", "DATA001", "REP001"].contains(&f.0.as_str())),
        "{top:?}"
    );
    // Near miss: the course's own findings keep their severity; its excluded notebook is not read.
    assert_eq!(severity_of(&report["findings"], "DEP003", "courses/module-3/environment.yml").len(), 5);
    assert!(!top.iter().any(|f| f.1 == "courses/module-3/notebooks/03_evaluate.ipynb"), "{top:?}");
    let err = stderr(&output);
    assert!(
        err.contains(
            "courses/module-3/mlready.toml: `fail-on` applies only when courses/module-3 is linted on its own"
        ),
        "{err}"
    );
    assert_eq!(output.status.code(), Some(1), "the top's fail-on decides the run");

    // Outside git, a folder's config may extend one anywhere in the linted root.
    let plain = tempfile::tempdir().unwrap();
    work_tree::copy_tree(&fixture("platform-monorepo"), plain.path());
    let (report, _) = lint_json(plain.path(), &[]);
    assert_eq!(projects(&report).len(), 4);

    // A mistake in a folder's config stops the run at its span, as the top's does.
    repo.write("research/sentiment/.mlready.toml", "ignore = [\"DEP02\"]\n");
    let (_, err, code) = lint_dir(repo.root(), &["--color", "never"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("research/sentiment/.mlready.toml") && err.contains("DEP02"), "{err}");
}
