//! Curating a library: review records, `review`, `adapt`, `new` and `library init`, on libraries
//! made in temporary folders.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use lessonplan::library::{
    self, Date, Library, LibrarySource, LoadOptions, ReviewStatus, Severity,
};
use predicates::prelude::*;

const TODAY: &str = "2026-12-02";

fn today() -> Date {
    date(TODAY)
}

fn date(text: &str) -> Date {
    let mut parts = text.split('-').map(|p| p.parse::<u16>().unwrap());
    Date {
        year: parts.next().unwrap(),
        month: parts.next().unwrap() as u8,
        day: parts.next().unwrap() as u8,
    }
}

/// A valid module, commented as a curator might write it: `top` goes after `sensitivity`, and
/// `tail` at the very end (a `[review]` table, say).
fn module(id: &str, top: &str, tail: &str) -> String {
    format!(
        r#"# Written by the PSHE team, spring term.
id = "{id}"   # do not change: plans refer to it
title = "Our class phone agreement"
age_band = "7-11"
strands = ["health-wellbeing-and-lifestyle"]
duration_minutes = 45
summary = "Pupils agree simple rules for using phones at home, and explain why each rule helps."
sensitivity = "standard"
{top}
objectives = ["I can explain one reason for each rule in our agreement."]
success_criteria = ["Pupils can give a reason for one rule.", "Pupils can name an adult to ask."]
send_adaptations = ["Show each rule as a picture.", "Give a shorter list of rules.", "Check in after the lesson."]
outcomes = ["wellbeing-7-11-gaming-balance"]
# The activities add up to 45 minutes.
[[activities]]
title = "What do we already do?"
minutes = 10
kind = "starter"
description = "Pupils list the rules their fictional character Sam might have at home."

[[activities]]
title = "Writing the agreement"
minutes = 35   # the longest part
kind = "main"
description = """
In groups, pupils choose five rules and write a reason for each.
"""

[safeguarding]
notes = "Keep the discussion on the fictional character Sam."

[handout]
student = """
Our class made a phone agreement today. Each rule has a reason. Rules help us sleep well, stay safe
and spend time with the people around us. If something online worries you, stop, and tell a trusted
adult at home or at school.
"""
{tail}"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// The folder loaded as `validate DIR` loads it, as of [`TODAY`].
fn load(dir: &Path) -> Library {
    library::load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(dir.to_path_buf()),
        ],
        &LoadOptions {
            today: today(),
            bundled_modules: false,
        },
    )
}

fn messages(library: &Library, severity: Severity) -> Vec<String> {
    library
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| format!("{}:{}: {}", d.location.line, d.location.column, d.message))
        .collect()
}

/// The binary with a private config and data folder, today fixed.
fn lessonplan(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lessonplan").unwrap();
    cmd.env("LESSONPLAN_CONFIG_DIR", home.join("config"))
        .env("LESSONPLAN_DATA_DIR", home.join("data"))
        .env("LESSONPLAN_TODAY", TODAY)
        .env_remove("LESSONPLAN_LIBRARY")
        .current_dir(home);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_module_without_a_review_table_is_approved_and_due_a_year_after_last_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "m.toml",
        &module("m-7-11", "last_reviewed = 2026-01-31", ""),
    );
    let library = load(dir.path());
    assert_eq!(
        library.count(Severity::Error),
        0,
        "{:?}",
        library.diagnostics
    );
    let m = library.module("m-7-11").unwrap();
    assert_eq!(m.status(), ReviewStatus::Approved);
    assert_eq!(m.review.reviewed_by, None);
    assert_eq!(m.next_review_due(), Some(date("2027-01-31")));
    assert!(
        !m.is_overdue(date("2027-01-31")),
        "due that day, not yet overdue"
    );
    assert!(m.is_overdue(date("2027-02-01")));
}

#[test]
fn the_review_table_gives_status_reviewer_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let review = |status: &str, next: &str| {
        format!(
            "\n[review]\nstatus = \"{status}\"\nreviewed_by = \"Head of PSHE\"\nreviewed_on = 2026-09-01\n{next}"
        )
    };
    write(
        dir.path(),
        "draft.toml",
        &module(
            "draft-7-11",
            "",
            &review("draft", "next_review = 2027-03-01\n"),
        ),
    );
    write(
        dir.path(),
        "retired.toml",
        &module("retired-7-11", "", &review("retired", "")),
    );
    let library = load(dir.path());
    assert!(library.diagnostics.is_empty(), "{:?}", library.diagnostics);
    let draft = library.module("draft-7-11").unwrap();
    assert_eq!(draft.status(), ReviewStatus::Draft);
    assert_eq!(
        draft.last_reviewed,
        date("2026-09-01"),
        "reviewed_on is the review date"
    );
    assert_eq!(draft.review.reviewed_by.as_deref(), Some("Head of PSHE"));
    assert_eq!(draft.next_review_due(), Some(date("2027-03-01")));
    let retired = library.module("retired-7-11").unwrap();
    assert_eq!(retired.status(), ReviewStatus::Retired);
    assert_eq!(retired.next_review_due(), None);
    assert!(
        !retired.is_overdue(date("2099-01-01")),
        "a retired module is never due"
    );
}

#[test]
fn review_problems_are_located_and_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "typo.toml",
        &module(
            "typo-7-11",
            "last_reviewed = 2026-09-01",
            "\n[review]\nstatus = \"aproved\"\n",
        ),
    );
    write(
        dir.path(),
        "backwards.toml",
        &module(
            "backwards-7-11",
            "",
            "\n[review]\nstatus = \"approved\"\nreviewed_by = \"DSL\"\nreviewed_on = 2026-09-01\nnext_review = 2026-08-01\n",
        ),
    );
    write(
        dir.path(),
        "disagree.toml",
        &module(
            "disagree-7-11",
            "last_reviewed = 2026-01-01",
            "\n[review]\nreviewed_on = 2026-09-01\n",
        ),
    );
    write(
        dir.path(),
        "undated.toml",
        &module("undated-7-11", "", "\n[review]\nstatus = \"draft\"\n"),
    );
    let library = load(dir.path());
    let find = |file: &str, severity: Severity| {
        library
            .diagnostics
            .iter()
            .find(|d| d.file.ends_with(file) && d.severity == severity)
            .unwrap_or_else(|| panic!("no {severity} in {file}: {:?}", library.diagnostics))
    };
    let typo = find("typo.toml", Severity::Error);
    assert_eq!(typo.message, "unknown review status `aproved`");
    assert!(
        typo.hint
            .as_deref()
            .unwrap()
            .contains("did you mean `approved`?")
    );
    assert_eq!(
        (typo.location.line, typo.location.column),
        (40, 10),
        "{typo}"
    );

    let backwards = find("backwards.toml", Severity::Error);
    assert!(
        backwards
            .message
            .contains("`next_review` is 2026-08-01, before the review it follows"),
        "{backwards}"
    );
    assert_eq!(backwards.location.line, 43);

    let disagree = find("disagree.toml", Severity::Warning);
    assert!(
        disagree
            .message
            .contains("`reviewed_on` is 2026-09-01 but `last_reviewed` is 2026-01-01")
    );
    assert_eq!(
        library.module("disagree-7-11").unwrap().last_reviewed,
        date("2026-09-01")
    );
    // An approval that names no reviewer is worth a warning too.
    assert!(
        library
            .diagnostics
            .iter()
            .any(|d| d.file.ends_with("disagree.toml")
                && d.message.contains("does not say who reviewed it"))
    );

    let undated = find("undated.toml", Severity::Error);
    assert_eq!(undated.message, "missing required field `last_reviewed`");
    assert!(undated.hint.as_deref().unwrap().contains("reviewed_on"));

    let loaded: Vec<&str> = library.modules.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        loaded,
        ["disagree-7-11"],
        "modules with errors are not loaded"
    );
}

#[test]
fn the_library_interval_sets_due_dates_and_overdue_reviews_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let bundled_framework = include_str!("../lessons/framework.toml");
    write(
        dir.path(),
        "framework.toml",
        &bundled_framework.replace("review_interval_months = 12", "review_interval_months = 6"),
    );
    write(
        dir.path(),
        "recent.toml",
        &module("recent-7-11", "last_reviewed = 2026-07-01", ""),
    );
    write(
        dir.path(),
        "old.toml",
        &module("old-7-11", "last_reviewed = 2026-05-31", ""),
    );
    write(
        dir.path(),
        "due.toml",
        &module(
            "due-7-11",
            "",
            "\n[review]\nreviewed_by = \"DSL\"\nreviewed_on = 2026-11-01\nnext_review = 2026-12-01\n",
        ),
    );
    let library = load(dir.path());
    assert_eq!(
        library.module("recent-7-11").unwrap().next_review_due(),
        Some(date("2027-01-01"))
    );
    assert_eq!(
        messages(&library, Severity::Warning),
        [
            "42:15: the module was due for review on 2026-12-01 (`next_review`)".to_string(),
            "9:17: `last_reviewed` is 2026-05-31, more than 6 months ago".to_string(),
        ]
    );

    write(
        dir.path(),
        "framework.toml",
        &bundled_framework.replace("review_interval_months = 12", "review_interval_months = 0"),
    );
    let library = load(dir.path());
    assert!(
        messages(&library, Severity::Warning)
            .iter()
            .any(|m| m.contains("`review_interval_months` is 0, outside 1 to 120; 12 is used"))
    );
    assert_eq!(
        library.module("old-7-11").unwrap().next_review_due(),
        Some(date("2027-05-31"))
    );
}

#[test]
fn every_bundled_module_records_who_reviewed_it_and_when_it_is_due() {
    let bundled = Library::bundled(&LoadOptions {
        today: today(),
        bundled_modules: true,
    });
    assert!(!bundled.modules.is_empty());
    for m in &bundled.modules {
        let text = library::bundled_text(&m.file).unwrap();
        assert!(
            text.contains("\n[review]\n"),
            "{} has no [review] table",
            m.id
        );
        assert_eq!(m.status(), ReviewStatus::Approved, "{}", m.id);
        assert_eq!(
            m.review.reviewed_by.as_deref(),
            Some("lessonplan content team"),
            "{}",
            m.id
        );
        assert_eq!(
            m.review.next_review,
            Some(m.last_reviewed.plus_months(12)),
            "{}: next_review is written, a year on",
            m.id
        );
    }
}

/// Lines of `after` that are not in `before`, and lines of `before` missing from `after`, in
/// order: what a line-by-line comparison shows changed.
fn changed_lines<'a>(before: &'a str, after: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    // Longest common subsequence, small files only.
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            i += 1;
            j += 1;
        } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(new[j]);
            j += 1;
        } else {
            removed.push(old[i]);
            i += 1;
        }
    }
    (removed, added)
}

#[test]
fn approving_keeps_every_other_line_byte_for_byte() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("lib");
    let before = module(
        "phones-7-11",
        "last_reviewed = 2026-01-15   # checked by the DSL",
        "\n# Keep this comment.\n",
    );
    let path = write(&lib, "7-11/phones.toml", &before);
    let out = stdout(lessonplan(home.path()).args([
        "review",
        "--approve",
        "phones-7-11",
        "--by",
        "Head of PSHE",
        "--on",
        "2026-11-30",
        "lib",
    ]));
    assert!(
        out.contains(
            "`phones-7-11` is approved by Head of PSHE on 2026-11-30; next review due 2027-11-30"
        ),
        "{out}"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    let (removed, added) = changed_lines(&before, &after);
    assert_eq!(
        removed,
        ["last_reviewed = 2026-01-15   # checked by the DSL"]
    );
    assert_eq!(
        added,
        [
            "last_reviewed = 2026-11-30   # checked by the DSL",
            "[review]",
            "status = \"approved\"",
            "reviewed_by = \"Head of PSHE\"",
            "reviewed_on = 2026-11-30",
            "next_review = 2027-11-30",
            // The blank line that sets the new table apart; the comment after it is kept.
            "",
        ]
    );
    assert!(after.ends_with("\n\n# Keep this comment.\n"), "{after}");
    assert!(after.starts_with(&before[..before.find("last_reviewed").unwrap()]));

    // Once the table is there, retiring changes its one line, comments and all else kept.
    let with_comments = after.replace(
        "status = \"approved\"",
        "status = \"approved\"    # agreed at the March meeting",
    );
    std::fs::write(&path, &with_comments).unwrap();
    stdout(lessonplan(home.path()).args(["review", "--retire", "phones-7-11", "lib"]));
    let retired = std::fs::read_to_string(&path).unwrap();
    let (removed, added) = changed_lines(&with_comments, &retired);
    assert_eq!(
        removed,
        ["status = \"approved\"    # agreed at the March meeting"]
    );
    assert_eq!(
        added,
        ["status = \"retired\"    # agreed at the March meeting"]
    );
    let library = load(&lib);
    assert_eq!(library.count(Severity::Error), 0);
    assert_eq!(
        library.module("phones-7-11").unwrap().status(),
        ReviewStatus::Retired
    );

    stdout(lessonplan(home.path()).args(["review", "--draft", "phones-7-11", "lib"]));
    let library = load(&lib);
    assert_eq!(
        library.module("phones-7-11").unwrap().status(),
        ReviewStatus::Draft
    );
}

#[test]
fn the_review_list_puts_overdue_modules_first_then_orders_by_due_date() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("lib");
    let review = |status: &str, on: &str| {
        format!("\n[review]\nstatus = \"{status}\"\nreviewed_by = \"DSL\"\nreviewed_on = {on}\n")
    };
    for (id, status, on) in [
        ("later-7-11", "approved", "2026-11-01"),
        ("retired-7-11", "retired", "2020-01-01"),
        ("overdue-7-11", "approved", "2025-10-01"),
        ("draft-7-11", "draft", "2026-06-01"),
        ("very-overdue-7-11", "approved", "2024-03-01"),
    ] {
        write(
            &lib,
            &format!("{id}.toml"),
            &module(id, "", &review(status, on)),
        );
    }
    write(
        &lib,
        "teens.toml",
        &module("teens-11-14", "last_reviewed = 2026-02-01", "")
            .replace("age_band = \"7-11\"", "age_band = \"11-14\""),
    );
    let json = stdout(lessonplan(home.path()).args(["review", "--json", "lib"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let order: Vec<(&str, bool)> = rows
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["overdue"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            ("very-overdue-7-11", true),
            ("overdue-7-11", true),
            ("teens-11-14", false),
            ("draft-7-11", false),
            ("later-7-11", false),
            ("retired-7-11", false),
        ]
    );
    assert_eq!(rows[0]["next_review"], "2025-03-01");
    assert_eq!(rows[0]["reviewed_by"], "DSL");
    assert_eq!(rows[2]["reviewed_by"], serde_json::Value::Null);
    assert_eq!(rows[5]["next_review"], serde_json::Value::Null);

    let text = stdout(lessonplan(home.path()).args(["review", "lib"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("DUE"), "{text}");
    assert!(
        lines[1].starts_with("2025-03-01 (overdue)  approved  2024-03-01  DSL"),
        "{text}"
    );
    assert!(lines[1].ends_with("very-overdue-7-11"));
    assert!(
        lines[6].starts_with("-") && lines[6].contains("retired"),
        "{text}"
    );
    assert_eq!(
        lines[7],
        "6 modules as of 2026-12-02: 2 overdue, 1 draft, 1 retired"
    );

    let teens = stdout(lessonplan(home.path()).args(["review", "--age", "11-14", "--json", "lib"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&teens).unwrap();
    assert_eq!(rows.len(), 1);
    lessonplan(home.path())
        .args(["review", "--age", "6-9", "lib"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown age band `6-9`"));
}

#[test]
fn approving_a_missing_or_bundled_module_is_refused_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("lib");
    let text = module("phones-7-11", "last_reviewed = 2026-01-15", "");
    let path = write(&lib, "phones.toml", &text);
    lessonplan(home.path())
        .args(["review", "--approve", "phones-7-1", "--by", "DSL", "lib"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no module with id `phones-7-1` is loaded")
                .and(predicate::str::contains("did you mean `phones-7-11`?")),
        );
    for args in [
        vec!["review", "--approve", "trusted-adults-7-11", "--by", "DSL"],
        vec![
            "review",
            "--approve",
            "trusted-adults-7-11",
            "--by",
            "DSL",
            "lib",
        ],
        vec!["review", "--retire", "trusted-adults-7-11"],
    ] {
        lessonplan(home.path()).args(&args).assert().code(1).stderr(
            predicate::str::contains("`trusted-adults-7-11` is a bundled module").and(
                predicate::str::contains("lessonplan adapt trusted-adults-7-11 --into DIR"),
            ),
        );
    }
    lessonplan(home.path())
        .args(["review", "--approve", "phones-7-11", "--by", " ", "lib"])
        .assert()
        .code(2);
    lessonplan(home.path())
        .args([
            "review",
            "--approve",
            "phones-7-11",
            "--by",
            "DSL",
            "--on",
            "2027-01-01",
            "lib",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("in the future"));
    lessonplan(home.path())
        .args(["review", "--approve", "phones-7-11", "lib"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--by"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn adapt_copies_the_bundled_file_exactly_and_validate_notes_that_it_replaces_it() {
    let home = tempfile::tempdir().unwrap();
    let out =
        stdout(lessonplan(home.path()).args(["adapt", "trusted-adults-7-11", "--into", "school"]));
    let copy = home.path().join("school/7-11/trusted-adults-7-11.toml");
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        include_bytes!("../lessons/7-11/trusted-adults-7-11.toml"),
        "byte for byte"
    );
    assert!(
        out.contains("school/7-11/trusted-adults-7-11.toml"),
        "{out}"
    );
    assert!(out.contains("`lessonplan --library school ...`"), "{out}");
    assert!(
        out.contains("`libraries = [...]` in the config file"),
        "{out}"
    );

    let validated = lessonplan(home.path())
        .args(["validate", "school"])
        .output()
        .unwrap();
    assert!(validated.status.success(), "a note is not an error");
    let report = String::from_utf8(validated.stdout).unwrap();
    assert!(
        report.contains(
            "7-11/trusted-adults-7-11.toml:1:6: note: module `trusted-adults-7-11` here replaces \
             the bundled module of the same id"
        ),
        "{report}"
    );
    assert!(report.contains("0 errors, 0 warnings"), "{report}");
    // Loaded with the bundled modules, the loader says the same.
    let all = stdout(lessonplan(home.path()).args(["--library", "school", "validate"]));
    assert!(
        all.contains("replaces the bundled module of the same id, in <bundled>/7-11/trusted-adults-7-11.toml:1"),
        "{all}"
    );

    std::fs::write(&copy, "edited").unwrap();
    lessonplan(home.path())
        .args(["adapt", "trusted-adults-7-11", "--into", "school"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is already a file at"));
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "edited");
    lessonplan(home.path())
        .args(["adapt", "trusted-adult-7-11", "--into", "school"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "did you mean `trusted-adults-7-11`?",
        ));
}

#[test]
fn a_new_module_is_a_commented_draft_that_validates_without_errors() {
    let home = tempfile::tempdir().unwrap();
    let out = stdout(lessonplan(home.path()).args([
        "new",
        "--age",
        "11-14",
        "--strand",
        "online-bullying",
        "--title",
        "Group chats: \"banter\" or bullying?",
        "--into",
        "school",
    ]));
    let path = home
        .path()
        .join("school/11-14/group-chats-banter-or-bullying-11-14.toml");
    assert!(
        out.contains("school/11-14/group-chats-banter-or-bullying-11-14.toml"),
        "{out}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(
        table["id"].as_str(),
        Some("group-chats-banter-or-bullying-11-14")
    );
    assert_eq!(
        table["title"].as_str(),
        Some("Group chats: \"banter\" or bullying?")
    );
    assert_eq!(table["age_band"].as_str(), Some("11-14"));
    assert_eq!(table["strands"][0].as_str(), Some("online-bullying"));
    assert_eq!(table["review"]["status"].as_str(), Some("draft"));
    // The second edition's lists are there to fill in, as placeholders.
    for key in ["success_criteria", "send_adaptations"] {
        let first = table[key][0].as_str().unwrap_or_else(|| panic!("no {key}"));
        assert!(first.starts_with("TODO"), "{key}: {first}");
    }
    let total: i64 = table["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["minutes"].as_integer().unwrap())
        .sum();
    assert_eq!(Some(total), table["duration_minutes"].as_integer());
    // The first line setting each field says what goes there: in a comment, or, for text
    // over several lines, in the placeholder text that opens it.
    let lines: Vec<&str> = text.lines().collect();
    let mut seen = std::collections::HashSet::new();
    for (index, line) in lines.iter().enumerate() {
        let Some((key, _)) = line.split_once(" = ") else {
            continue;
        };
        if key.starts_with('#') || key.starts_with(' ') || !seen.insert(key.trim()) {
            continue;
        }
        if line.ends_with("\"\"\"") {
            assert!(
                lines[index + 1].starts_with("TODO: "),
                "`{line}` says nothing"
            );
        } else {
            assert!(line.contains(" # "), "no comment on `{line}`");
        }
    }
    assert!(seen.contains("next_review") || text.contains("# next_review = "));

    let library = load(&home.path().join("school"));
    assert_eq!(
        library.count(Severity::Error),
        0,
        "{:?}",
        library.diagnostics
    );
    let new = library
        .module("group-chats-banter-or-bullying-11-14")
        .unwrap();
    assert_eq!(new.status(), ReviewStatus::Draft);
    assert_eq!(new.last_reviewed, today());
    let warnings = messages(&library, Severity::Warning);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("placeholder text `TODO`")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("add up to")),
        "{warnings:?}"
    );

    lessonplan(home.path())
        .args([
            "new",
            "--age",
            "11-14",
            "--strand",
            "online-bullying",
            "--title",
            "Anything",
            "--into",
            "school",
            "--id",
            "group-chats-banter-or-bullying-11-14",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the id `group-chats-banter-or-bullying-11-14` is already used by",
        ));
    // A file that is no module yet (being written, say) is not overwritten either.
    let half_written = write(
        &home.path().join("school"),
        "11-14/anything-11-14.toml",
        "id = ",
    );
    lessonplan(home.path())
        .args([
            "new",
            "--age",
            "11-14",
            "--strand",
            "online-bullying",
            "--title",
            "Anything",
            "--into",
            "school",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is already a file at"));
    assert_eq!(std::fs::read_to_string(half_written).unwrap(), "id = ");
    lessonplan(home.path())
        .args([
            "new",
            "--age",
            "7-11",
            "--strand",
            "online-relationships",
            "--title",
            "Who can I tell",
            "--id",
            "trusted-adults-7-11",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "lessonplan adapt trusted-adults-7-11",
        ));
    lessonplan(home.path())
        .args([
            "new",
            "--age",
            "6-9",
            "--strand",
            "online-bullying",
            "--title",
            "X",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown age band `6-9`"));
    lessonplan(home.path())
        .args([
            "new",
            "--age",
            "7-11",
            "--strand",
            "online-bulying",
            "--title",
            "X",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `online-bullying`?"));
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Process::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Curator")
        .env("GIT_AUTHOR_EMAIL", "curator@example.org")
        .env("GIT_COMMITTER_NAME", "Curator")
        .env("GIT_COMMITTER_EMAIL", "curator@example.org")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LESSONPLAN", env!("CARGO_BIN_EXE_lessonplan"))
        .env("LESSONPLAN_TODAY", TODAY)
        .env_remove("LESSONPLAN_LIBRARY")
        .output()
        .unwrap()
}

#[test]
fn library_init_makes_a_library_whose_hook_stops_commits_with_errors() {
    let home = tempfile::tempdir().unwrap();
    let out = stdout(lessonplan(home.path()).args(["library", "init", "trust"]));
    let dir = home.path().join("trust");
    for file in [
        "README.md",
        "services.toml",
        "hooks/pre-commit",
        ".github/workflows/validate.yml",
        "7-11/example-lesson-7-11.toml",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
        assert!(out.contains(file), "{file} not reported: {out}");
    }
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for topic in [
        "lessonplan new",
        "lessonplan adapt",
        "lessonplan validate",
        "review --approve",
        "git clone",
        "pull",
    ] {
        assert!(readme.contains(topic), "README says nothing of {topic}");
    }
    let library = load(&dir);
    assert_eq!(
        library.count(Severity::Error),
        0,
        "{:?}",
        library.diagnostics
    );
    assert_eq!(
        library.module("example-lesson-7-11").unwrap().status(),
        ReviewStatus::Draft
    );
    assert!(library.service("our-safeguarding-lead").is_some());

    // Not empty now: refused, unless --force, which adds only what is missing.
    lessonplan(home.path())
        .args(["library", "init", "trust"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not empty"));
    std::fs::write(dir.join("README.md"), "our own readme").unwrap();
    std::fs::remove_file(dir.join("services.toml")).unwrap();
    let forced = stdout(lessonplan(home.path()).args(["library", "init", "trust", "--force"]));
    assert!(
        forced.contains("kept") && forced.contains("README.md"),
        "{forced}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "our own readme"
    );
    assert!(dir.join("services.toml").is_file());

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("hooks/pre-commit"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "the hook can be run");
        if Process::new("git").arg("--version").output().is_err() {
            assert!(std::env::var_os("CI").is_none(), "git is missing");
            eprintln!("SKIPPED: git is not installed");
            return;
        }
        assert!(git(&dir, &["init", "-q"]).status.success());
        assert!(
            git(&dir, &["config", "core.hooksPath", "hooks"])
                .status
                .success()
        );
        assert!(git(&dir, &["add", "."]).status.success());
        let commit = git(&dir, &["commit", "-q", "-m", "Our lesson library"]);
        assert!(
            commit.status.success(),
            "a library with warnings only commits: {}",
            String::from_utf8_lossy(&commit.stderr)
        );
        write(&dir, "7-11/broken.toml", "id = \"broken-7-11\"\ntitle = \n");
        git(&dir, &["add", "."]);
        let refused = git(&dir, &["commit", "-q", "-m", "A broken module"]);
        assert!(
            !refused.status.success(),
            "the hook stops a commit with an error"
        );
        // Git shows what a hook prints on its error output.
        let report = String::from_utf8_lossy(&refused.stderr);
        assert!(report.contains("broken.toml:2:"), "{report}");
        let log = git(&dir, &["log", "--oneline"]);
        assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);
    }
}

#[test]
fn list_leaves_retired_modules_out_unless_asked_and_names_drafts() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("lib");
    write(
        &lib,
        "7-11/retired-phones-7-11.toml",
        &module(
            "retired-phones-7-11",
            "last_reviewed = 2026-09-01",
            "[review]\nstatus = \"retired\"\n",
        ),
    );
    write(
        &lib,
        "7-11/draft-phones-7-11.toml",
        &module(
            "draft-phones-7-11",
            "last_reviewed = 2026-09-01",
            "[review]\nstatus = \"draft\"\n",
        ),
    );
    let listed =
        stdout(lessonplan(home.path()).args(["--library", "lib", "list", "--age", "7-11"]));
    assert!(!listed.contains("retired-phones-7-11"), "{listed}");
    let draft = listed
        .lines()
        .find(|l| l.starts_with("draft-phones-7-11 "))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(draft.contains(" draft "), "{draft}");
    let all = stdout(lessonplan(home.path()).args([
        "--library",
        "lib",
        "list",
        "--age",
        "7-11",
        "--retired",
    ]));
    let retired = all
        .lines()
        .find(|l| l.starts_with("retired-phones-7-11 "))
        .unwrap_or_else(|| panic!("{all}"));
    assert!(retired.contains(" retired "), "{retired}");
}
