//! `--format sarif`: valid SARIF 2.1.0 (checked against the official schema)
//! with what GitHub code scanning needs: rules, relative locations, a region
//! for every result, stable fingerprints.

mod common;
#[path = "common/json_schema.rs"]
mod json_schema;
use common::*;
use serde_json::Value;

const FIXTURES: &[&str] =
    &["churn-service", "bare-research", "near-miss", "notebook-first", "dvc-pipeline", "hf-model"];

fn sarif(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["lint", dir.to_str().unwrap(), "--format", "sarif"];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The official schema, from `../shared/schemas/` beside the project.
fn schema() -> Option<Value> {
    let path = project_root().join("../shared/schemas/sarif-schema-2.1.0.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("the schema is JSON")),
        Err(_) => {
            eprintln!(
                "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                 !! SARIF SCHEMA NOT FOUND at {}\n\
                 !! The SARIF output was NOT validated against the official schema; only GitHub's\n\
                 !! required fields were checked.\n\
                 !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
                path.display()
            );
            None
        }
    }
}

/// What GitHub code scanning needs to show a result.
fn assert_github_ready(log: &Value) {
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        for key in ["id", "name"] {
            assert!(rule[key].is_string(), "rule lacks {key}: {rule}");
        }
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(rule[key]["text"].as_str().is_some_and(|t| !t.is_empty()), "rule lacks {key}: {rule}");
        }
        assert!(rule["help"]["markdown"].is_string());
        assert!(rule["properties"]["ingredient"].is_string() || rule["id"] == "MLR001");
    }
    for result in run["results"].as_array().unwrap() {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains("://"), "relative URI: {uri}");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1, "every result has a region");
        assert!(result["partialFingerprints"]["primaryLocationLineHash"].is_string());
    }
}

#[test]
fn sarif_of_every_fixture_is_valid_and_complete() {
    let schema = schema();
    for name in FIXTURES {
        let log = sarif(&fixture(name), &[]);
        assert_eq!(log["version"], "2.1.0");
        assert_github_ready(&log);
        let ours = lint_json(&fixture(name), &[]).0;
        assert_eq!(
            log["runs"][0]["results"].as_array().unwrap().len(),
            ours["findings"].as_array().unwrap().len(),
            "{name}: one result per finding"
        );
        if let Some(schema) = &schema {
            let errors = json_schema::validate(schema, &log);
            assert!(errors.is_empty(), "{name}: SARIF does not validate:\n{}", errors.join("\n"));
        }
    }
}

/// Where a fixture is from the top of the git repository holding it (this
/// checkout): SARIF locations are written from there.
fn from_top(name: &str, path: &str) -> String {
    let (json, _) = lint_json(&fixture(name), &["--select", "MLR"]);
    let prefix = json["root_from_top"].as_str().unwrap_or("");
    if prefix.is_empty() { path.to_string() } else { format!("{prefix}/{path}") }
}

#[test]
fn repository_level_and_notebook_findings_have_locations() {
    let log = sarif(&fixture("bare-research"), &["--select", "OWN001"]);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "OWN001");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        from_top("bare-research", "README.md").as_str()
    );
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
    assert!(result["message"]["text"].as_str().unwrap().ends_with("(repository root)"));

    let log = sarif(&fixture("notebook-first"), &["--select", "DATA002"]);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 63);
    assert_eq!(region["startColumn"], 13);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, from_top("notebook-first", "notebooks/01_explore.ipynb").as_str());
    let driver = &log["runs"][0]["tool"]["driver"];
    let ids: Vec<&str> = driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"OWN001") && ids.contains(&"MLR001"), "every rule is described, not only those that fired");
    assert_eq!(log["runs"][0]["properties"]["ingredients"].as_array().unwrap().len(), 9);
}

#[test]
fn fingerprints_survive_line_shifts_and_unrelated_edits() {
    let repo = temp_repo(&[("requirements.txt", "pandas>=2\nnumpy==1.26.4\ntorch>=2\n")]);
    let prints = |dir: &std::path::Path| -> Vec<(String, u64)> {
        let log = sarif(dir, &["--select", "DEP002"]);
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap().to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let before = prints(repo.path());
    std::fs::write(
        repo.path().join("requirements.txt"),
        "# pinned by the platform team\n\nscipy==1.13.0\npandas>=2\nnumpy==1.26.4\ntorch>=2   \n",
    )
    .unwrap();
    let after = prints(repo.path());
    assert_eq!(before.iter().map(|p| &p.0).collect::<Vec<_>>(), after.iter().map(|p| &p.0).collect::<Vec<_>>());
    assert_ne!(before[0].1, after[0].1, "the lines did move");
    std::fs::write(repo.path().join("requirements.txt"), "pandas>=2.1\nnumpy==1.26.4\ntorch>=2\n").unwrap();
    assert_ne!(prints(repo.path())[0].0, before[0].0, "a changed line is a different finding");
}

#[test]
fn paths_that_need_escaping_are_uri_references() {
    let repo = temp_repo(&[("data sets/requirements.txt", "pandas>=2\n")]);
    let log = sarif(repo.path(), &["--select", "DEP002"]);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "data%20sets/requirements.txt");
    let base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");
}

#[test]
fn the_schema_check_rejects_invalid_sarif() {
    let Some(schema) = schema() else { return };
    let mut log = sarif(&fixture("bare-research"), &[]);
    assert!(json_schema::validate(&schema, &log).is_empty());
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    log["runs"][0]["tool"]["driver"]["unexpected"] = true.into();
    let errors = json_schema::validate(&schema, &log);
    assert!(errors.iter().any(|e| e.contains("level") && e.contains("is not one of")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("startLine") && e.contains("below the minimum")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("unexpected") && e.contains("not allowed")), "{errors:?}");
}
