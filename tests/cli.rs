//! The command-line interface, run as a user would run it, on fixture libraries.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The binary with a private config and data folder, so the user's own settings never leak in.
fn lessonplan(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lessonplan").unwrap();
    cmd.env("LESSONPLAN_CONFIG_DIR", home.join("config"))
        .env("LESSONPLAN_DATA_DIR", home.join("data"))
        .env("LESSONPLAN_TODAY", "2026-12-02")
        .env_remove("LESSONPLAN_LIBRARY")
        .env_remove("NO_COLOR");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn list_prints_the_bundled_modules() {
    let home = tempfile::tempdir().unwrap();
    let out = stdout_of(lessonplan(home.path()).arg("list"));
    let json = stdout_of(lessonplan(home.path()).args(["list", "--json"]));
    let modules: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert!(!modules.is_empty(), "the bundled library has modules");
    for module in &modules {
        let id = module["id"].as_str().unwrap();
        assert!(out.contains(id), "{id} missing from list output");
    }
    assert!(out.contains(&format!("{} of {} modules", modules.len(), modules.len())));
}

#[test]
fn list_filters_by_age_strand_and_search() {
    let home = tempfile::tempdir().unwrap();
    let json = stdout_of(lessonplan(home.path()).args([
        "-L",
        fixture("good").to_str().unwrap(),
        "list",
        "--age",
        "7-11",
        "--strand",
        "privacy-and-security",
        "--search",
        "phone agreement",
        "--json",
    ]));
    let modules: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let ids: Vec<&str> = modules.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["phone-rules-7-11"]);

    lessonplan(home.path())
        .args(["list", "--age", "6-9"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("unknown age band `6-9`").and(predicate::str::contains("4-7")),
        );
}

#[test]
fn show_prints_a_module_and_suggests_near_ids() {
    let home = tempfile::tempdir().unwrap();
    let good = fixture("good");
    lessonplan(home.path())
        .args(["-L", good.to_str().unwrap(), "show", "phone-rules-7-11"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Our class phone agreement")
                .and(predicate::str::contains("[ 25 min] Writing the agreement"))
                .and(predicate::str::contains("Oakfield School wellbeing team")),
        );
    lessonplan(home.path())
        .args(["-L", good.to_str().unwrap(), "show", "phone-rule-7-11"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `phone-rules-7-11`?"));
    let json = stdout_of(lessonplan(home.path()).args([
        "-L",
        good.to_str().unwrap(),
        "show",
        "phone-rules-7-11",
        "--json",
    ]));
    let module: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(module["duration_minutes"], 45);
    assert_eq!(module["last_reviewed"]["year"], 2026);
}

#[test]
fn validate_reports_one_located_diagnostic_per_problem_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    let output = lessonplan(home.path())
        .args(["validate", fixture("broken").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    let expected = [
        (
            "bad-id.toml:1:6: error",
            "module id `Phone Rules!` is not allowed",
        ),
        (
            "bad-values.toml:7:15: error",
            "unknown sensitivity `secret`",
        ),
        (
            "bad-values.toml:27:8: error",
            "unknown activity kind `warmup`",
        ),
        ("binary.toml:1:1: error", "this is a binary file"),
        ("invalid-utf8.toml:11:22: error", "not valid UTF-8"),
        (
            "minutes-out-of-range.toml:5:20: error",
            "`duration_minutes` is 300, outside 5 to 240",
        ),
        (
            "minutes-out-of-range.toml:26:11: error",
            "activity 2 lasts 0 minutes",
        ),
        (
            "missing-fields.toml:1:1: error",
            "missing required field `title`",
        ),
        (
            "missing-fields.toml:1:1: error",
            "missing required field `summary`",
        ),
        ("not-toml.toml:2:35: error", "not valid TOML"),
        (
            "sensitive-unsignposted.toml:1:1: error",
            "must signpost at least one help service",
        ),
        (
            "sensitive-unsignposted.toml:41:9: error",
            "empty safeguarding notes",
        ),
        (
            "unknown-references.toml:3:12: error",
            "unknown age band `9-99`",
        ),
        (
            "unknown-references.toml:4:46: error",
            "unknown strand `privacy-and-securty`",
        ),
        (
            "unknown-references.toml:12:16: error",
            "unknown service `childlien`",
        ),
        ("warnings-only.toml:2:1: warning", "unknown key `titel`"),
        (
            "warnings-only.toml:6:20: warning",
            "activities add up to 40 minutes",
        ),
        (
            "warnings-only.toml:9:17: warning",
            "more than 12 months ago",
        ),
        ("warnings-only.toml:46:11: warning", "very short"),
        (
            "wrong-types.toml:4:11: error",
            "`strands` must be a list of strings",
        ),
        (
            "wrong-types.toml:5:20: error",
            "`duration_minutes` must be a whole number",
        ),
        ("wrong-types.toml:8:17: error", "date written in quotes"),
        ("zz-duplicate-id.toml:1:6: error", "already used by"),
    ];
    let headlines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    assert_eq!(headlines.len(), expected.len(), "{out}");
    for (place, message) in expected {
        assert!(
            headlines
                .iter()
                .any(|l| l.contains(place) && l.contains(message)),
            "no `{place}` … `{message}` in:\n{out}"
        );
    }
    // Good modules in the same folder still load; the warnings-only module loads too.
    assert!(
        out.contains("checked 13 files: 2 modules loaded, 19 errors, 4 warnings"),
        "{out}"
    );
    // Compiler-style caret display and a hint.
    assert!(out.contains("3 | age_band = \"9-99\"\n  |            ^^^^^^\n  = help: use one of: 4-7, 7-11, 11-14, 14-18"));
}

#[test]
fn validate_exits_0_on_a_clean_library() {
    let home = tempfile::tempdir().unwrap();
    lessonplan(home.path())
        .args(["validate", fixture("good").to_str().unwrap()])
        .assert()
        .success()
        .stdout("checked 2 files: 1 module loaded, 0 errors, 0 warnings\n");
}

#[test]
fn the_bundled_library_validates_with_no_errors_or_warnings() {
    let home = tempfile::tempdir().unwrap();
    lessonplan(home.path())
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 errors, 0 warnings\n"));
}

#[test]
fn validate_warnings_alone_exit_0() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("broken/warnings-only.toml"),
        dir.path().join("w.toml"),
    )
    .unwrap();
    lessonplan(home.path())
        .args(["validate", dir.path().to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 module loaded, 0 errors, 4 warnings",
        ));
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    lessonplan(home.path())
        .args(["list", "--colour"])
        .assert()
        .code(2);
    lessonplan(home.path()).arg("frobnicate").assert().code(2);
}

#[test]
fn shadowing_across_libraries_is_reported_and_the_later_wins() {
    let home = tempfile::tempdir().unwrap();
    let (good, shadow) = (fixture("good"), fixture("shadow"));
    lessonplan(home.path())
        .args([
            "-L",
            good.to_str().unwrap(),
            "-L",
            shadow.to_str().unwrap(),
            "show",
            "phone-rules-7-11",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Our phone agreement, school edition",
        ));
    lessonplan(home.path())
        .args(["-L", good.to_str().unwrap(), "-L", shadow.to_str().unwrap(), "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("shadow/phone-rules-7-11.toml:1:6: note: module `phone-rules-7-11` here replaces the one in"));
}

#[test]
fn the_library_environment_variable_adds_folders_in_order() {
    let home = tempfile::tempdir().unwrap();
    let paths = std::env::join_paths([fixture("good"), fixture("shadow")]).unwrap();
    lessonplan(home.path())
        .env("LESSONPLAN_LIBRARY", &paths)
        .args(["show", "phone-rules-7-11"])
        .assert()
        .success()
        .stdout(predicate::str::contains("school edition"));
    // A --library flag comes after the environment, so it wins.
    lessonplan(home.path())
        .env("LESSONPLAN_LIBRARY", fixture("shadow"))
        .args([
            "-L",
            fixture("good").to_str().unwrap(),
            "show",
            "phone-rules-7-11",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Our class phone agreement"));
}

#[test]
fn the_config_file_adds_libraries() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("libraries = [{:?}]\n", fixture("good").to_str().unwrap()),
    )
    .unwrap();
    lessonplan(home.path())
        .args(["show", "phone-rules-7-11"])
        .assert()
        .success();
    lessonplan(home.path())
        .arg("paths")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("fixtures/good")
                .and(predicate::str::contains("bundled library")),
        );
}

#[test]
fn paths_follow_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let out = stdout_of(lessonplan(home.path()).arg("paths"));
    let config = home.path().join("config").join("config.toml");
    let plans = home.path().join("data").join("plans");
    assert!(
        out.contains(&format!("config file:    {}", config.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!("plans folder:   {}", plans.display())),
        "{out}"
    );
}

#[test]
fn coverage_counts_modules_per_band_and_strand() {
    let home = tempfile::tempdir().unwrap();
    let json = stdout_of(lessonplan(home.path()).args([
        "-L",
        fixture("good").to_str().unwrap(),
        "coverage",
        "--json",
    ]));
    let bundled = stdout_of(lessonplan(home.path()).args(["coverage", "--json"]));
    let with: serde_json::Value = serde_json::from_str(&json).unwrap();
    let without: serde_json::Value = serde_json::from_str(&bundled).unwrap();
    for strand in ["health-wellbeing-and-lifestyle", "privacy-and-security"] {
        let a = with[strand]["7-11"].as_u64().unwrap();
        let b = without[strand]["7-11"].as_u64().unwrap();
        assert_eq!(a, b + 1, "{strand}");
    }
    assert_eq!(
        with["online-bullying"]["7-11"],
        without["online-bullying"]["7-11"]
    );
}

#[test]
fn plan_commands_edit_a_plan_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("y5.toml");
    let f = file.to_str().unwrap();
    let good = fixture("good");
    let lib = good.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut cmd = lessonplan(home.path());
        cmd.args(["-L", lib]).args(args);
        cmd
    };
    run(&[
        "plan", "new", f, "--title", "Year 5", "--group", "5B", "--age", "7-11",
    ])
    .assert()
    .success();
    run(&["plan", "new", f])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    run(&["plan", "add", f, "phone-rules-7-11", "phone-rules-7-11"])
        .assert()
        .success();
    run(&["plan", "add", f, "no-such-module"]).assert().code(1);
    run(&["plan", "note", f, "2", "Recap only"])
        .assert()
        .success();
    run(&["plan", "move", f, "2", "1"]).assert().success();
    run(&["plan", "remove", f, "9"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no item 9"));
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.starts_with("title = \"Year 5\"\ngroup = \"5B\"\nage_band = \"7-11\"\n"),
        "{saved}"
    );
    let first_item = saved.find("[[items]]").unwrap();
    assert!(
        saved[first_item..]
            .starts_with("[[items]]\nmodule = \"phone-rules-7-11\"\nnotes = \"Recap only\""),
        "{saved}"
    );
    run(&["plan", "show", f]).assert().success().stdout(
        predicate::str::contains("total: 90 minutes in 2 items").and(predicate::str::contains(
            "item 2: `phone-rules-7-11` is already item 1",
        )),
    );
    run(&["plan", "remove", f, "1"]).assert().success();
    run(&["plan", "show", f])
        .assert()
        .success()
        .stdout(predicate::str::contains("total: 45 minutes in 1 item\n"));
}

#[test]
fn a_plan_keeps_items_whose_module_is_missing() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(
        &file,
        "title = \"Old plan\"\n\n[[items]]\nmodule = \"retired-module\"\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    lessonplan(home.path())
        .args([
            "-L",
            fixture("good").to_str().unwrap(),
            "plan",
            "add",
            f,
            "phone-rules-7-11",
        ])
        .assert()
        .success();
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("module = \"retired-module\""));
    lessonplan(home.path())
        .args(["plan", "show", f])
        .assert()
        .success()
        .stdout(predicate::str::contains("MISSING: retired-module"));
}

#[test]
fn a_broken_plan_is_reported_with_its_location() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(&file, "title = \"x\"\n[[items]]\nmodule = 3\n").unwrap();
    lessonplan(home.path())
        .args(["plan", "show", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "p.toml:3:10: error: cannot read plan",
        ));
}
