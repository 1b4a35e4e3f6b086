//! Item positions on the command line count from 1; position 0 is a usage error, not a crash.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

/// The binary with a private config and data folder, so the user's own settings never leak in.
fn lessonplan(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lessonplan").unwrap();
    cmd.env("LESSONPLAN_CONFIG_DIR", home.join("config"))
        .env("LESSONPLAN_DATA_DIR", home.join("data"))
        .env_remove("LESSONPLAN_LIBRARY")
        .env_remove("NO_COLOR");
    cmd
}

#[test]
fn position_zero_is_a_usage_error_for_every_positional_edit() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("y5.toml");
    std::fs::write(
        &file,
        "title = \"Y5\"\n\n[[items]]\nmodule = \"a\"\n\n[[items]]\nmodule = \"b\"\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(&file).unwrap();
    let f = file.to_str().unwrap();
    for args in [
        vec!["plan", "remove", f, "0"],
        vec!["plan", "move", f, "0", "1"],
        vec!["plan", "move", f, "1", "0"],
        vec!["plan", "note", f, "0", "a note"],
    ] {
        lessonplan(home.path())
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("positions count from 1"));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn positions_past_the_end_are_still_problems_with_the_input() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("y5.toml");
    std::fs::write(&file, "title = \"Y5\"\n\n[[items]]\nmodule = \"a\"\n").unwrap();
    lessonplan(home.path())
        .args(["plan", "remove", file.to_str().unwrap(), "2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no item 2"));
}

#[test]
fn an_insert_position_outside_the_plan_is_a_usage_error_not_clamped() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("y5.toml");
    std::fs::write(
        &file,
        "title = \"Y5\"\n\n[[items]]\nmodule = \"passwords-7-11\"\n\n[[items]]\nmodule = \"passwords-7-11\"\n\n[[items]]\nmodule = \"passwords-7-11\"\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(&file).unwrap();
    let f = file.to_str().unwrap();
    for (at, message) in [
        ("0", "positions count from 1"),
        (
            "5",
            "position 5 is past the end: the plan has 3 items, so use 1 to 4",
        ),
        (
            "99",
            "position 99 is past the end: the plan has 3 items, so use 1 to 4",
        ),
    ] {
        lessonplan(home.path())
            .args(["plan", "add", f, "trusted-adults-7-11", "--at", at])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);

    // Just after the last item is still a place to insert.
    lessonplan(home.path())
        .args(["plan", "add", f, "trusted-adults-7-11", "--at", "4"])
        .assert()
        .success();
    let plan = lessonplan::plan::Plan::load(&file).unwrap();
    assert_eq!(plan.items[3].module, "trusted-adults-7-11");
}
