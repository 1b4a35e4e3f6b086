//! The command-line interface, run as a user would run it, on fixture libraries.

mod common;

use common::{fixture, program as lessonplan};

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

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
        .code(2)
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
    assert_eq!(
        module["last_reviewed"], "2026-10-01",
        "dates as they are written"
    );
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
            "minutes-out-of-range.toml:5:20: warning",
            "the activities add up to 20 minutes but `duration_minutes` is 300",
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
    // Each module whose id can be read is written to the first edition's format: one reminder.
    let first_edition = [
        "bad-values.toml:1:6: warning",
        "good-module.toml:1:6: warning",
        "minutes-out-of-range.toml:1:6: warning",
        "missing-fields.toml:1:6: warning",
        "sensitive-unsignposted.toml:1:6: warning",
        "unknown-references.toml:1:6: warning",
        "warnings-only.toml:1:6: warning",
        "wrong-types.toml:1:6: warning",
        "zz-duplicate-id.toml:1:6: warning",
    ]
    .map(|place| (place, "short of the lesson design standard"));
    let expected: Vec<(&str, &str)> = expected.into_iter().chain(first_edition).collect();
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
        out.contains("checked 13 files: 2 modules loaded, 19 errors, 14 warnings"),
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
            "1 module loaded, 0 errors, 5 warnings",
        ));
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    lessonplan(home.path())
        .args(["list", "--colour"])
        .assert()
        .code(2);
    lessonplan(home.path())
        .args(["plan", "frobnicate"])
        .assert()
        .code(2);
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
    // The modules in a strand's 7-11 cell (the second band).
    let count = |grid: &serde_json::Value, strand: &str| {
        let rows = grid["rows"].as_array().unwrap();
        let row = rows.iter().find(|r| r["strand"] == strand).unwrap();
        assert_eq!(row["cells"][1]["band"], "7-11");
        row["cells"][1]["count"].as_u64().unwrap()
    };
    for strand in ["health-wellbeing-and-lifestyle", "privacy-and-security"] {
        assert_eq!(
            count(&with, strand),
            count(&without, strand) + 1,
            "{strand}"
        );
    }
    assert_eq!(
        count(&with, "online-bullying"),
        count(&without, "online-bullying")
    );
    // The module is in two strands but one more for the band.
    assert_eq!(
        with["totals"][1]["count"].as_u64().unwrap(),
        without["totals"][1]["count"].as_u64().unwrap() + 1
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

/// The plans folder of the private data folder `lessonplan(home)` uses.
fn plans_dir(home: &Path) -> PathBuf {
    home.join("data").join("plans")
}

fn stderr_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stderr).unwrap()
}

#[test]
fn an_unknown_age_band_is_a_usage_error_that_lists_the_bands() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("y5.toml");
    let f = file.to_str().unwrap();
    let bands = predicate::str::contains("unknown age band `99-100`; use one of: 4-7, 7-11");
    lessonplan(home.path())
        .args(["plan", "new", f, "--age", "99-100"])
        .assert()
        .code(2)
        .stderr(bands.clone());
    assert!(!file.exists(), "nothing is made from a mistaken command");
    lessonplan(home.path())
        .args(["plan", "new", f, "--age", "7-11"])
        .assert()
        .success();
    lessonplan(home.path())
        .args(["plan", "set", f, "--age", "99-100"])
        .assert()
        .code(2)
        .stderr(bands);
    lessonplan(home.path())
        .args(["list", "--strand", "no-such-strand"])
        .assert()
        .code(2);
}

#[test]
fn a_missing_plan_is_named_with_where_plans_are_kept_and_how_to_list_them() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let plans = plans_dir(home.path());
    for args in [
        vec!["plan", "show", missing.to_str().unwrap()],
        vec!["plan", "add", missing.to_str().unwrap(), "phone-rules-7-11"],
        vec!["export", missing.to_str().unwrap()],
    ] {
        let output = lessonplan(home.path())
            .args(["-L", fixture("good").to_str().unwrap()])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let said = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            said,
            format!(
                "lessonplan: there is no plan at {}. Plans are kept in {}; `lessonplan plan list` lists them\n",
                missing.display(),
                plans.display()
            ),
            "{args:?}"
        );
    }
    assert!(!missing.exists(), "looking for a plan makes no file");
    let said = stderr_of(lessonplan(home.path()).args(["plan", "show", "year9"]));
    assert!(
        said.contains("there is no plan `year9` in this folder or the plans folder (looked for year9 and year9.toml)"),
        "{said}"
    );
    assert!(!said.contains(":1:1"), "no made-up position: {said}");
    let paths = stdout_of(lessonplan(home.path()).arg("paths"));
    assert!(
        paths.contains(&format!("plans folder:   {}", plans.display())),
        "{paths}"
    );
}

/// A plan with one module, in `dir`, for the export tests.
fn one_module_plan(dir: &Path) -> PathBuf {
    let file = dir.join("y5.toml");
    std::fs::write(
        &file,
        "title = \"Year 5\"\n\n[[items]]\nmodule = \"phone-rules-7-11\"\n",
    )
    .unwrap();
    file
}

fn export(home: &Path) -> Command {
    let mut cmd = lessonplan(home);
    cmd.args(["-L", fixture("good").to_str().unwrap(), "export"]);
    cmd
}

#[test]
fn export_into_a_missing_folder_is_refused_and_no_folder_is_made() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan = one_module_plan(dir.path());
    let out = dir.path().join("not-made").join("deeper").join("x.pdf");
    export(home.path())
        .arg(&plan)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(format!(
            "lessonplan: cannot write {}: the folder {} does not exist; make it first, or choose another --out\n",
            out.display(),
            out.parent().unwrap().display()
        ));
    assert!(!dir.path().join("not-made").exists());
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    export(home.path())
        .arg(&plan)
        .arg("--out")
        .arg(file.join("x.pdf"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a-file is not a folder"));
}

/// `/sys` cannot be written even by root, so the test holds wherever it runs on Linux.
#[cfg(target_os = "linux")]
#[test]
fn export_into_an_unwritable_folder_names_the_file_asked_for_and_why() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan = one_module_plan(dir.path());
    let said = stderr_of(
        export(home.path())
            .arg(&plan)
            .args(["--out", "/sys/y5.pdf"]),
    );
    assert!(
        said.contains("lessonplan: cannot write /sys/y5.pdf: Permission denied"),
        "{said}"
    );
    assert!(
        !said.contains(".tmp") && !said.contains("at path"),
        "{said}"
    );
}

#[test]
fn the_format_comes_from_the_out_name_and_a_mismatch_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan = one_module_plan(dir.path());
    for (name, starts) in [
        ("y5.html", "<!DOCTYPE html>"),
        ("y5.HTM", "<!DOCTYPE html>"),
        ("y5.md", "# Teacher plan"),
        ("y5.markdown", "# Teacher plan"),
        ("y5.pdf", "%PDF-"),
    ] {
        let out = dir.path().join(name);
        export(home.path())
            .arg(&plan)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let written = std::fs::read(&out).unwrap();
        assert!(written.starts_with(starts.as_bytes()), "{name}");
    }
    let out = dir.path().join("pupils.pdf");
    export(home.path())
        .arg(&plan)
        .args(["--format", "html", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "--format html does not match --out {}, which is named as a PDF file",
            out.display()
        )));
    assert!(!out.exists());
    export(home.path())
        .arg(&plan)
        .args(["--out", "notes.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Give --format pdf, html or md"));
    // Said both ways, and agreeing, is fine; so is a format given for a name of another kind.
    let notes = dir.path().join("notes.txt");
    export(home.path())
        .arg(&plan)
        .args(["--format", "md", "--out"])
        .arg(&notes)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&notes)
            .unwrap()
            .starts_with("# Teacher plan")
    );
    // Nothing said: a PDF beside the plan.
    export(home.path()).arg(&plan).assert().success();
    let pdf = std::fs::read(dir.path().join("year-5-handouts.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn every_argument_of_plan_add_says_what_it_is() {
    let home = tempfile::tempdir().unwrap();
    let help = stdout_of(lessonplan(home.path()).args(["plan", "add", "--help"]));
    assert!(
        help.contains("<FILE>        The plan: a path, or a name alone (e.g. year5)"),
        "{help}"
    );
    assert!(help.contains("<MODULES>...  Module ids"), "{help}");
}

#[test]
fn counts_of_one_are_singular() {
    let home = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    // Brought up to the lesson design standard, so that its one warning is the minutes'.
    let module = std::fs::read_to_string(fixture("broken/minutes-out-of-range.toml"))
        .unwrap()
        .replacen(
            "\ntitle = ",
            "\nsuccess_criteria = [\"Pupils can name a rule.\"]\n\
             send_adaptations = [\"Show the rules as pictures.\"]\n\
             outcomes = [\"wellbeing-7-11-gaming-balance\"]\ntitle = ",
            1,
        );
    std::fs::write(library.path().join("m.toml"), module).unwrap();
    let said =
        stderr_of(lessonplan(home.path()).args(["-L", library.path().to_str().unwrap(), "list"]));
    assert!(
        said.contains("note: the library has 2 errors and 1 warning;"),
        "{said}"
    );
    let good = fixture("good");
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("broken-once.toml");
    std::fs::copy(fixture("broken/bad-id.toml"), &one).unwrap();
    let said =
        stderr_of(lessonplan(home.path()).args(["-L", dir.path().to_str().unwrap(), "list"]));
    assert!(
        said.contains("note: the library has 1 error and 0 warnings"),
        "{said}"
    );
    let out = stdout_of(lessonplan(home.path()).args(["validate", good.to_str().unwrap()]));
    assert!(
        out.contains("1 module loaded, 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn setting_a_title_renames_a_file_named_after_the_old_one() {
    let home = tempfile::tempdir().unwrap();
    let plans = plans_dir(home.path());
    let run = |args: &[&str]| stdout_of(lessonplan(home.path()).args(args));
    run(&["plan", "new", "online-safety"]);
    let out = run(&["plan", "set", "online-safety", "--title", "Year 5"]);
    let renamed = plans.join("year-5.toml");
    assert_eq!(
        out,
        format!(
            "saved {} (0 items)\nrenamed from {} after the new title\n",
            renamed.display(),
            plans.join("online-safety.toml").display()
        )
    );
    assert!(!plans.join("online-safety.toml").exists());
    let out = run(&[
        "plan", "set", "year-5", "--group", "5B", "--notes", "Autumn",
    ]);
    assert_eq!(out, format!("saved {} (0 items)\n", renamed.display()));
    let plan = std::fs::read_to_string(&renamed).unwrap();
    assert!(
        plan.contains("title = \"Year 5\"\ngroup = \"5B\""),
        "{plan}"
    );
    assert!(plan.contains("notes = \"Autumn\""), "{plan}");
    run(&["plan", "set", "year-5", "--group", ""]);
    assert!(!std::fs::read_to_string(&renamed).unwrap().contains("group"));

    // A name the teacher chose stays.
    run(&["plan", "new", "spring-term", "--title", "Year 5"]);
    let out = run(&["plan", "set", "spring-term", "--title", "Year 6"]);
    assert_eq!(
        out,
        format!(
            "saved {} (0 items)\n",
            plans.join("spring-term.toml").display()
        )
    );
}

#[test]
fn a_plan_named_alone_lives_in_the_plans_folder_unless_one_is_here() {
    let home = tempfile::tempdir().unwrap();
    let here = tempfile::tempdir().unwrap();
    let plans = plans_dir(home.path());
    let run = |args: &[&str]| {
        let mut cmd = lessonplan(home.path());
        cmd.current_dir(here.path())
            .args(["-L", fixture("good").to_str().unwrap()])
            .args(args);
        cmd
    };
    let made = plans.join("year5.toml");
    run(&["plan", "new", "year5", "--title", "Year 5"])
        .assert()
        .success()
        .stdout(format!(
            "saved {} (0 items)\nit is in the plans folder: other commands find it by its name, `year5`\n",
            made.display()
        ));
    run(&["plan", "add", "year5", "phone-rules-7-11"])
        .assert()
        .success()
        .stdout(format!("saved {} (1 item)\n", made.display()));
    run(&["plan", "show", "year5.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("total: 45 minutes in 1 item"));
    // Handouts of a plan in the plans folder go into the exports folder.
    let exported = home.path().join("data/exports/year-5-handouts.md");
    run(&["export", "year5", "--format", "md"])
        .assert()
        .success()
        .stdout(format!("{}\n", exported.display()));
    assert!(exported.exists());

    // A plan of that name in the current folder comes first; a path is taken as it is.
    std::fs::write(here.path().join("year5.toml"), "title = \"Here\"\n").unwrap();
    run(&["plan", "show", "year5"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Here\n"));
    run(&["plan", "show", "./year5"]).assert().code(1);
    run(&["plan", "new", "year5", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: year5.toml in this folder is another plan",
        ));
}

#[test]
fn plan_list_shows_the_plans_folder_newest_first_and_the_unreadable_ones() {
    let home = tempfile::tempdir().unwrap();
    let plans = plans_dir(home.path());
    lessonplan(home.path())
        .args(["plan", "list"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("no plans yet in "));
    std::fs::create_dir_all(&plans).unwrap();
    let old = plans.join("autumn.toml");
    std::fs::write(
        &old,
        "title = \"Autumn\"\nage_band = \"7-11\"\n\n[[items]]\nmodule = \"a\"\n",
    )
    .unwrap();
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    std::fs::write(plans.join("broken.toml"), "title = \n").unwrap();
    let out = stdout_of(lessonplan(home.path()).args(["plan", "list"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "FILE         ITEMS  AGES   TITLE", "{out}");
    assert!(
        lines[1].starts_with(&format!(
            "broken.toml  cannot be read: {}:1:",
            plans.join("broken.toml").display()
        )),
        "{out}"
    );
    assert_eq!(lines[2], "autumn.toml      1  7-11   Autumn", "{out}");
    assert_eq!(lines[3], format!("2 plans in {}", plans.display()));

    let json = stdout_of(lessonplan(home.path()).args(["plan", "list", "--json"]));
    let listed: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(listed[0]["file"], "broken.toml");
    assert!(
        listed[0]["error"]
            .as_str()
            .unwrap()
            .contains("broken.toml:1:")
    );
    assert_eq!(listed[1]["title"], "Autumn");
    assert_eq!(listed[1]["items"], 1);
    assert_eq!(listed[1]["age_band"], "7-11");
}

#[test]
fn a_plan_given_alone_is_shown_without_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    let good = fixture("good");
    let run = |args: &[&str]| {
        let mut cmd = lessonplan(home.path());
        cmd.args(["-L", good.to_str().unwrap()]).args(args);
        cmd
    };
    run(&["plan", "new", "year5", "--title", "Year 5"])
        .assert()
        .success();
    run(&["plan", "add", "year5", "phone-rules-7-11"])
        .assert()
        .success();
    run(&["year5"]).assert().success().stdout(
        predicate::str::starts_with("Year 5\n")
            .and(predicate::str::contains("total: 45 minutes in 1 item")),
    );
    // Commands still come first, with options before them or after.
    run(&["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("phone-rules-7-11"));
    run(&["year5", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot come before a command"));
    run(&["nonexistent-plan"]).assert().code(1).stderr(
        predicate::str::contains("there is no plan `nonexistent-plan`")
            .and(predicate::str::contains(
                "`lessonplan plan list` lists them",
            ))
            .and(predicate::str::contains(
                "`nonexistent-plan` is not a command either",
            )),
    );
    run(&["lst"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `list`?"));
}

#[test]
fn completions_and_the_manual_page_come_from_the_definitions() {
    let home = tempfile::tempdir().unwrap();
    let bash = stdout_of(lessonplan(home.path()).args(["completions", "bash"]));
    assert!(
        bash.contains("export") && bash.contains("--large-print"),
        "{bash}"
    );
    for shell in ["zsh", "fish", "powershell"] {
        let script = stdout_of(lessonplan(home.path()).args(["completions", shell]));
        assert!(script.contains("large-print"), "{shell}");
    }
    let man = stdout_of(lessonplan(home.path()).arg("man"));
    assert!(man.contains(".TH lessonplan 1"), "{man}");
    assert!(man.contains("lessonplan\\-plan(1)"), "{man}");
    let page = stdout_of(lessonplan(home.path()).args(["man", "plan", "set"]));
    assert!(page.contains(".TH lessonplan-plan-set 1"), "{page}");
    assert!(page.contains("\\-\\-title"), "{page}");
    lessonplan(home.path())
        .args(["man", "plan", "frobnicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("its commands are: new, list"));
}
