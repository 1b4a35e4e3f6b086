//! A lesson that does not teach every activity of its module: activities left out or shortened
//! in the plan file alone, with the totals and the teacher plan following.

use std::path::Path;

use lessonplan::plan::Plan;

mod common;
use common::program;

fn run(home: &Path, args: &[&str]) -> std::process::Output {
    program(home).args(args).output().unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn saved(home: &Path) -> Plan {
    let text = std::fs::read_to_string(home.join("data/plans/y5.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

#[test]
fn activities_left_out_or_shortened_change_the_totals_and_are_listed() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    assert!(
        run(home, &["plan", "new", "y5", "--age", "7-11"])
            .status
            .success()
    );
    assert!(
        run(home, &["plan", "add", "y5", "trusted-adults-7-11"])
            .status
            .success()
    );
    let shown = stdout(&run(home, &["plan", "show", "y5"]));
    assert!(shown.contains("total: 45 minutes in 1 item"), "{shown}");

    // Activity 2 (12 min) left out, activity 3 (12 min) cut to 8.
    let left = run(home, &["plan", "activity", "y5", "1", "2", "--leave-out"]);
    assert!(left.status.success(), "{left:?}");
    assert!(
        run(
            home,
            &["plan", "activity", "y5", "1", "3", "--minutes", "8"]
        )
        .status
        .success()
    );
    let plan = saved(home);
    assert_eq!(plan.items[0].leave_out, [2]);
    assert_eq!(plan.items[0].shorten.get("3"), Some(&8));
    let shown = stdout(&run(home, &["plan", "show", "y5"]));
    assert!(shown.contains("  1.  29 min  Who can I tell?"), "{shown}");
    assert!(
        shown.contains("activity 2 left out: Mo's team: who is a trusted adult? (12 min)"),
        "{shown}"
    );
    assert!(
        shown
            .contains("activity 3 shortened to 8 min: How to tell: Priya finds the words (12 min)"),
        "{shown}"
    );
    assert!(shown.contains("total: 29 minutes in 1 item"), "{shown}");

    // The teacher plan keeps every activity in sight, marked, with this plan's total.
    let file = home.join("teacher.md");
    let exported = run(
        home,
        &[
            "export",
            "y5",
            "--handout",
            "teacher",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(exported.status.success(), "{exported:?}");
    let teacher = std::fs::read_to_string(&file).unwrap();
    assert!(
        teacher.contains(
            "| left out | Main | Mo's team: who is a trusted adult? (left out in this plan) |"
        ),
        "{teacher}"
    );
    assert!(
        teacher.contains(
            "| 8 min | Main | How to tell: Priya finds the words (shortened from 12 min) |"
        ),
        "{teacher}"
    );
    assert!(teacher.contains("| 29 min | Total |"), "{teacher}");
    assert!(teacher.contains("**29 minutes**"), "{teacher}");

    // Restored, the lesson is the module's again; the module file never changed.
    assert!(
        run(home, &["plan", "activity", "y5", "1", "2", "--restore"])
            .status
            .success()
    );
    assert!(
        run(
            home,
            &["plan", "activity", "y5", "1", "3", "--minutes", "12"]
        )
        .status
        .success()
    );
    let plan = saved(home);
    assert!(plan.items[0].leave_out.is_empty() && plan.items[0].shorten.is_empty());
    let text = std::fs::read_to_string(home.join("data/plans/y5.toml")).unwrap();
    assert!(
        !text.contains("leave_out") && !text.contains("shorten"),
        "{text}"
    );
}

#[test]
fn an_activity_the_module_does_not_have_is_refused_and_nothing_is_saved() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    run(home, &["plan", "new", "y5"]);
    run(home, &["plan", "add", "y5", "trusted-adults-7-11"]);
    let before = std::fs::read_to_string(home.join("data/plans/y5.toml")).unwrap();
    let refused = run(home, &["plan", "activity", "y5", "1", "9", "--leave-out"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8(refused.stderr).unwrap();
    assert!(
        said.contains("item 1 has no activity 9 (its module has 5)"),
        "{said}"
    );
    let refused = run(home, &["plan", "activity", "y5", "2", "1", "--leave-out"]);
    assert_eq!(refused.status.code(), Some(1), "no item 2");
    let refused = run(
        home,
        &["plan", "activity", "y5", "1", "1", "--minutes", "0"],
    );
    assert_eq!(refused.status.code(), Some(2), "minutes start at 1");
    let after = std::fs::read_to_string(home.join("data/plans/y5.toml")).unwrap();
    assert_eq!(before, after);
}
