//! Saving a plan updates the file the teacher has: its mode stays, a symbolic link stays a link to
//! the real plan, and a crashed save's temporary file does not stay behind.

#![cfg(unix)]

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use lessonplan::plan::Plan;

/// The file's permission bits in octal, as `ls -l` readers think of them.
fn mode_of(path: &Path) -> String {
    format!(
        "{:o}",
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    )
}

fn one_item_plan(module: &str) -> Plan {
    let mut plan = Plan::new("Y5");
    plan.add(module);
    plan
}

fn modules(path: &Path) -> Vec<String> {
    Plan::load(path)
        .unwrap()
        .items
        .into_iter()
        .map(|i| i.module)
        .collect()
}

#[test]
fn saving_keeps_the_plans_mode() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o666, 0o644, 0o640, 0o600] {
        let path = dir.path().join(format!("mode-{mode:o}.toml"));
        one_item_plan("a").save(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        one_item_plan("b").save(&path).unwrap();
        assert_eq!(mode_of(&path), format!("{mode:o}"), "{}", path.display());
        Plan::edit_file(&path, |plan| {
            plan.add("c");
            Ok(())
        })
        .unwrap();
        assert_eq!(
            mode_of(&path),
            format!("{mode:o}"),
            "{} after an edit",
            path.display()
        );
        assert_eq!(modules(&path), ["b", "c"]);
    }
}

#[test]
fn saving_through_a_symlink_updates_the_plan_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::create_dir_all(&plans).unwrap();
    let real = shared.join("y5.toml");
    one_item_plan("a").save(&real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o664)).unwrap();
    let link = plans.join("year-5.toml");
    symlink("../shared/y5.toml", &link).unwrap();

    one_item_plan("b").save(&link).unwrap();
    Plan::edit_file(&link, |plan| {
        plan.add("c");
        Ok(())
    })
    .unwrap();

    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert_eq!(modules(&real), ["b", "c"]);
    assert_eq!(mode_of(&real), "664");
    let mut beside_link: Vec<_> = std::fs::read_dir(&plans)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    beside_link.sort();
    assert_eq!(
        beside_link,
        ["year-5.toml"],
        "nothing written beside the link"
    );
    assert!(
        shared.join(".y5.toml.lock").exists(),
        "locked beside the real plan, so every link to it shares one lock"
    );
}

#[test]
fn saving_through_a_link_to_a_plan_not_yet_written_creates_it() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.toml");
    let link = dir.path().join("link.toml");
    symlink(&real, &link).unwrap();
    one_item_plan("a").save(&link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(modules(&real), ["a"]);
}

#[test]
fn a_save_clears_temporary_files_left_by_a_crashed_save_of_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("y5.toml");
    one_item_plan("a").save(&path).unwrap();
    // What a save interrupted between writing and renaming leaves behind.
    let stale = dir.path().join(".lessonplan-y5.toml.Ab3dE9.tmp");
    std::fs::write(&stale, "title = \"half a pl").unwrap();
    // Another plan's temporary file may belong to a save running now: it is left alone.
    let other = dir.path().join(".lessonplan-y5.toml.x.toml.Zz9yY8.tmp");
    std::fs::write(&other, "").unwrap();

    one_item_plan("b").save(&path).unwrap();

    assert!(!stale.exists(), "the stale temporary file is removed");
    assert!(other.exists(), "another plan's temporary file is kept");
    assert_eq!(modules(&path), ["b"]);
}

#[test]
fn a_save_leaves_only_the_plan_and_its_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("y5.toml");
    for module in ["a", "b", "c"] {
        one_item_plan(module).save(&path).unwrap();
    }
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, [".y5.toml.lock", "y5.toml"]);
}

#[test]
fn editing_a_plan_that_is_not_there_says_so_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.toml");
    let error = Plan::edit_file(&path, |plan| {
        plan.add("a");
        Ok(())
    })
    .unwrap_err();
    let lessonplan::plan::EditFileError::Unreadable(diagnostic) = error else {
        panic!("{error:?}")
    };
    assert!(
        diagnostic.message.contains("cannot read plan"),
        "{diagnostic}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_planner_saves_into_a_plans_folder_removed_behind_its_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans").join("y5.toml");
    one_item_plan("a").save(&path).unwrap();
    let known = lessonplan::plan::StoredPlan::load(&path).unwrap().stamp;
    std::fs::remove_dir_all(dir.path().join("plans")).unwrap();
    one_item_plan("b")
        .save_over(&path, Some(&known), &[])
        .unwrap();
    assert_eq!(modules(&path), ["b"]);
}
