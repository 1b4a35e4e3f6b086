//! `lessonplan validate` on a school's library: every problem of a file in one run, the JSON
//! document for editors and CI, and single files checked against the library they are in.

mod common;

use common::{fixture, program as lessonplan};

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Stdout and the exit code.
fn run(cmd: &mut Command) -> (String, i32) {
    let output = cmd.output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap(),
    )
}

fn json_of(cmd: &mut Command) -> (Value, i32) {
    let (out, code) = run(cmd);
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    (json, code)
}

/// Each problem of a `validate --format json` document as (file name, line, code, message).
fn located(json: &Value) -> Vec<(String, u64, String, String)> {
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let file = p["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy();
            (
                name.into_owned(),
                p["line"].as_u64().unwrap(),
                p["code"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The broken module of the school fixture: (line, column, severity, code, message start).
const PHONE_AGREEMENT: &[(u64, u64, &str, &str, &str)] = &[
    // A school module written before the lesson design standard: one reminder, at its id.
    (
        1,
        6,
        "warning",
        "incomplete-module",
        "the module has no `success_criteria`, `send_adaptations` or `outcomes`",
    ),
    (
        4,
        46,
        "error",
        "unknown-strand",
        "unknown strand `privacy-and-securty`",
    ),
    (
        4,
        69,
        "error",
        "unknown-strand",
        "unknown strand `onine-bullying`",
    ),
    (
        5,
        20,
        "error",
        "wrong-type",
        "`duration_minutes` is a number written in quotes",
    ),
    (
        5,
        20,
        "warning",
        "minutes-mismatch",
        "the activities add up to 45 minutes but `duration_minutes` is 50",
    ),
    (
        8,
        17,
        "error",
        "wrong-type",
        "`last_reviewed` is a date written in quotes",
    ),
    (
        9,
        12,
        "error",
        "wrong-type",
        "`keywords` must be a list of strings",
    ),
    (
        11,
        29,
        "error",
        "wrong-type",
        "every item of `resources` must be a string",
    ),
    (
        12,
        38,
        "error",
        "unknown-service",
        "unknown service `childine`",
    ),
    (
        12,
        50,
        "error",
        "unknown-service",
        "unknown service `samaritens`",
    ),
    (13, 1, "warning", "unknown-field", "unknown key `colour`"),
    (
        22,
        1,
        "warning",
        "unknown-field",
        "unknown key `titel` in activity 2",
    ),
    (
        24,
        11,
        "error",
        "wrong-type",
        "`minutes` in activity 2 is a number written in quotes",
    ),
    (
        25,
        8,
        "error",
        "wrong-type",
        "`kind` in activity 2 must be a string in quotes",
    ),
    (
        36,
        1,
        "warning",
        "unknown-field",
        "unknown key `note` in `[safeguarding]`",
    ),
];

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let home = tempfile::tempdir().unwrap();
    let school = fixture("school");
    let (out, code) = run(lessonplan(home.path()).args(["validate", path_str(&school)]));
    assert_eq!(code, 1, "{out}");
    let headlines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("phone-agreement-7-11.toml:"))
        .collect();
    assert_eq!(headlines.len(), PHONE_AGREEMENT.len(), "{out}");
    for ((line, column, severity, _, message), headline) in PHONE_AGREEMENT.iter().zip(&headlines) {
        let place = format!("phone-agreement-7-11.toml:{line}:{column}: {severity}: {message}");
        assert!(
            headline.contains(&place),
            "expected `{place}`, got `{headline}`"
        );
    }
    // In the same located, fix-suggesting style as ever.
    assert!(
        out.contains(
            "8 | last_reviewed = \"2026-11-24\"\n  |                 ^^^^^^^^^^^^\n  = help: remove the quotes: `last_reviewed = 2026-11-24`"
        ),
        "{out}"
    );
    assert!(out.contains("= help: did you mean `childline`?"), "{out}");
    // The other files: a duplicate id is found although the copy has another problem too.
    assert!(
        out.contains(
            "zz-old-screen-time.toml:1:6: error: module id `screen-time-7-11` is already used by"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("checked 4 files: 1 module loaded, 11 errors, 8 warnings\n"),
        "{out}"
    );
}

#[test]
fn json_output_is_one_document_with_every_problem_located() {
    let home = tempfile::tempdir().unwrap();
    let school = fixture("school");
    let (json, code) =
        json_of(lessonplan(home.path()).args(["validate", "--format", "json", path_str(&school)]));
    assert_eq!(code, 1, "exit codes are the same as for text");
    assert_eq!(json["files_checked"], 4);
    assert_eq!(json["modules_loaded"], 1);
    let problems = json["problems"].as_array().unwrap();
    let count = |severity: &str| {
        problems
            .iter()
            .filter(|p| p["severity"] == severity)
            .count()
    };
    assert_eq!(json["errors"], count("error"));
    assert_eq!(json["warnings"], count("warning"));
    assert_eq!((count("error"), count("warning")), (11, 8));

    let mine: Vec<&Value> = problems
        .iter()
        .filter(|p| {
            p["file"]
                .as_str()
                .unwrap()
                .ends_with("phone-agreement-7-11.toml")
        })
        .collect();
    assert_eq!(mine.len(), PHONE_AGREEMENT.len(), "{mine:#?}");
    for ((line, column, severity, code, message), problem) in PHONE_AGREEMENT.iter().zip(&mine) {
        assert_eq!(problem["line"], *line, "{problem}");
        assert_eq!(problem["column"], *column, "{problem}");
        assert_eq!(problem["severity"], *severity, "{problem}");
        assert_eq!(problem["code"], *code, "{problem}");
        assert!(
            problem["message"].as_str().unwrap().starts_with(message),
            "{problem}"
        );
        assert!(
            problem["help"].is_string(),
            "every problem says what to do: {problem}"
        );
    }

    // One problem, field by field: the end is just past the value.
    let quoted = mine[5];
    let expected = serde_json::json!({
        "file": school.join("phone-agreement-7-11.toml").to_str().unwrap(),
        "line": 8,
        "column": 17,
        "end_line": 8,
        "end_column": 29,
        "severity": "error",
        "code": "wrong-type",
        "message": "`last_reviewed` is a date written in quotes",
        "help": "remove the quotes: `last_reviewed = 2026-11-24`",
    });
    assert_eq!(*quoted, expected);
    let strand = mine[2];
    assert_eq!(
        (strand["end_line"].as_u64(), strand["end_column"].as_u64()),
        (Some(4), Some(69 + "\"onine-bullying\"".len() as u64))
    );
}

#[test]
fn json_gives_no_position_for_a_problem_with_the_whole_file() {
    let home = tempfile::tempdir().unwrap();
    let (json, code) = json_of(lessonplan(home.path()).args([
        "validate",
        "--format=json",
        path_str(&fixture("broken/binary.toml")),
    ]));
    assert_eq!(code, 1);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{json}");
    let binary = &problems[0];
    assert_eq!(binary["code"], "binary-file");
    for key in ["line", "column", "end_line", "end_column"] {
        assert!(binary[key].is_null(), "{key}: {binary}");
    }
}

#[test]
fn json_of_a_clean_library_has_an_empty_problem_list_and_exits_0() {
    let home = tempfile::tempdir().unwrap();
    let (json, code) = json_of(lessonplan(home.path()).args([
        "validate",
        "--format",
        "json",
        path_str(&fixture("good")),
    ]));
    assert_eq!(code, 0);
    assert_eq!(json["files_checked"], 2);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["problems"], serde_json::json!([]));
    // Warnings alone still exit 0.
    let (json, code) = json_of(lessonplan(home.path()).args([
        "validate",
        "--format",
        "json",
        path_str(&fixture("broken/warnings-only.toml")),
    ]));
    assert_eq!((code, json["errors"].as_u64()), (0, Some(0)), "{json}");
    assert_eq!(json["warnings"], 5);
}

#[test]
fn a_file_alone_is_checked_against_the_bundled_framework_and_services() {
    let home = tempfile::tempdir().unwrap();
    let file = fixture("school/phone-agreement-7-11.toml");
    let (out, code) = run(lessonplan(home.path()).args(["validate", path_str(&file)]));
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "{} is a lesson module; it is in no configured library, so it was checked against the bundled framework and services",
            file.display()
        )),
        "{out}"
    );
    // Without the school's services.toml its own service is unknown too.
    assert!(
        out.contains(":12:16: error: unknown service `oakfield-wellbeing`"),
        "{out}"
    );
    assert!(
        !out.contains("zz-old-screen-time"),
        "only the file given: {out}"
    );
    assert!(
        out.ends_with("checked 1 file: 0 modules loaded, 11 errors, 5 warnings\n"),
        "{out}"
    );

    let (json, _) =
        json_of(lessonplan(home.path()).args(["validate", "--format", "json", path_str(&file)]));
    assert_eq!(
        json["single_files"],
        serde_json::json!([{ "file": path_str(&file), "kind": "module", "library": null }])
    );
}

#[test]
fn a_file_in_a_configured_library_is_checked_in_it() {
    let home = tempfile::tempdir().unwrap();
    let school = fixture("school");
    let file = school.join("phone-agreement-7-11.toml");
    let (out, code) =
        run(lessonplan(home.path()).args(["-L", path_str(&school), "validate", path_str(&file)]));
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "{} is a lesson module; checked in its library, {}, with every library the planner loads",
            file.display(),
            school.display()
        )),
        "{out}"
    );
    assert!(
        !out.contains("unknown service `oakfield-wellbeing`"),
        "the library's services count: {out}"
    );
    assert!(
        !out.contains("zz-old-screen-time"),
        "only the file given: {out}"
    );
    assert!(
        out.ends_with("checked 1 file: 0 modules loaded, 10 errors, 5 warnings\n"),
        "{out}"
    );

    // A duplicate id is only a problem within a library.
    let copy = school.join("zz-old-screen-time.toml");
    let (json, code) = json_of(lessonplan(home.path()).args([
        "-L",
        path_str(&school),
        "validate",
        "--format",
        "json",
        path_str(&copy),
    ]));
    assert_eq!(code, 1);
    let codes: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["duplicate-id", "incomplete-module", "unknown-field"],
        "{json}"
    );
    assert_eq!(json["single_files"][0]["library"], path_str(&school));
    // Alone, there is no other module to clash with (and no school services.toml).
    let (json, _) =
        json_of(lessonplan(home.path()).args(["validate", "--format", "json", path_str(&copy)]));
    let codes: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["incomplete-module", "unknown-service", "unknown-field"],
        "{json}"
    );
}

#[test]
fn services_framework_and_synonyms_files_are_checked_alone_too() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let services = dir.path().join("services.toml");
    std::fs::write(
        &services,
        "[[services]]\nid = \"nurse\"\nname = \"School nurse\"\naudience = \"pupils\"\nregion = \"uk\"\ndescription = \"d\"\n[services.pupil_text]\n\"5-6\" = \"Ask the nurse.\"\n",
    )
    .unwrap();
    let framework = dir.path().join("framework.toml");
    std::fs::write(&framework, "name = \"Ours\"\n[[age_bands]]\nid = \"y5\"\n").unwrap();
    let synonyms = dir.path().join("synonyms.toml");
    std::fs::write(&synonyms, "[synonyms]\nselfie = []\n").unwrap();
    let (json, code) = json_of(lessonplan(home.path()).args([
        "validate",
        "--format",
        "json",
        path_str(&services),
        path_str(&framework),
        path_str(&synonyms),
    ]));
    assert_eq!(code, 1);
    let kinds: Vec<&str> = json["single_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["services", "framework", "synonyms"]);
    let found: Vec<(String, u64, String)> = located(&json)
        .into_iter()
        .map(|(name, line, code, _)| (name, line, code))
        .collect();
    let expected = [
        ("framework.toml", 1, "missing-field"), // no [[strands]]
        ("framework.toml", 2, "missing-field"), // a band without a label
        ("services.toml", 4, "unknown-audience"),
        ("services.toml", 8, "unknown-age-band"),
        ("synonyms.toml", 2, "no-meanings"),
    ];
    let expected: Vec<(String, u64, String)> = expected
        .iter()
        .map(|(f, l, c)| (f.to_string(), *l, c.to_string()))
        .collect();
    assert_eq!(found, expected, "{json}");
}

#[test]
fn what_is_neither_a_folder_nor_a_toml_file_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let output = lessonplan(home.path())
        .args(["validate", path_str(&readme)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(
        said.contains("is neither a folder nor a .toml file"),
        "{said}"
    );
    lessonplan(home.path())
        .args(["validate", "--format", "xml"])
        .assert()
        .code(2);
    // A .toml file that is not there is a problem with the input, reported in the output.
    let (json, code) = json_of(lessonplan(home.path()).args([
        "validate",
        "--format",
        "json",
        "no-such-module.toml",
    ]));
    assert_eq!(code, 1);
    assert_eq!(json["problems"][0]["code"], "cannot-read");
    assert_eq!(json["files_checked"], 0);
}

#[test]
fn the_bundled_library_folder_itself_replaces_nothing() {
    let home = tempfile::tempdir().unwrap();
    let lessons = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let (text, code) = run(lessonplan(home.path()).args(["validate", path_str(&lessons)]));
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("replaces"), "{text}");
    // One changed copy of a bundled module is still said to replace it.
    let school = home.path().join("school");
    std::fs::create_dir_all(school.join("4-7")).unwrap();
    let original = std::fs::read_to_string(lessons.join("4-7/all-about-me-4-7.toml")).unwrap();
    std::fs::write(school.join("4-7/all-about-me-4-7.toml"), &original).unwrap();
    let (text, _) = run(lessonplan(home.path()).args(["validate", path_str(&school)]));
    assert!(
        text.contains("replaces the bundled module of the same id"),
        "{text}"
    );
}

#[test]
fn outcomes_files_and_the_outcomes_modules_name_are_checked_where_they_are_written() {
    let home = tempfile::tempdir().unwrap();
    let dir = common::good_with_outcomes(
        "[[outcomes]]\nid = \"ours-7-11-agree\"\nage_band = \"7-11\"\nstrand = \"privacy-and-security\"\n\
         statement = \"I can agree phone rules with my family.\"\n\n\
         [[outcomes]]\nid = \"ours-y5-odd\"\nage_band = \"y5\"\nstrand = \"privacy-and-security\"\n\
         statement = \"I can.\"\n",
        &[
            "ours-7-11-agree",
            "ours-7-11-agre",
            "privacy-4-7-ask-first",
            "copyright-7-11-credit-or-permission",
        ],
    );
    let (json, code) = json_of(lessonplan(home.path()).args([
        "validate",
        "--format",
        "json",
        path_str(dir.path()),
    ]));
    assert_eq!(code, 1, "{json}");
    let found = located(&json);
    let codes: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|(f, l, c, _)| (f.as_str(), *l, c.as_str()))
        .collect();
    // The outcomes line is the module's fourth; the file's second outcome names a band no
    // framework has. The bundled outcomes count: a school module may teach them.
    assert_eq!(
        codes,
        [
            ("outcomes.toml", 9, "unknown-age-band"),
            ("phone-rules-7-11.toml", 4, "unknown-outcome"),
            ("phone-rules-7-11.toml", 4, "outcome-out-of-place"),
            ("phone-rules-7-11.toml", 4, "outcome-out-of-place"),
        ],
        "{json}"
    );
    assert!(found[1].3.contains("`ours-7-11-agre`"), "{found:?}");
    assert!(found[2].3.contains("is for ages 4-7"), "{found:?}");
    assert!(found[3].3.contains("copyright-and-ownership"), "{found:?}");
    let help = json["problems"][1]["help"].as_str().unwrap();
    assert!(help.contains("did you mean `ours-7-11-agree`?"), "{help}");
}
