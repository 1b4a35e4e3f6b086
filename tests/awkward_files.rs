//! Files and folders a command must get past without hanging: link loops, named pipes where
//! files were expected. Each test ends on its own; none of them waits on a pipe.
#![cfg(unix)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

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

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn validate_reads_a_library_with_two_links_to_itself_once() {
    let home = tempfile::tempdir().unwrap();
    let library = home.path().join("library");
    copy_folder(&fixture("good"), &library);
    std::os::unix::fs::symlink(".", library.join("a")).unwrap();
    std::os::unix::fs::symlink(".", library.join("b")).unwrap();
    let output = lessonplan(home.path())
        .arg("validate")
        .arg(&library)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("checked 2 files: 1 module loaded, 0 errors, 0 warnings"),
        "{stdout}"
    );
    assert!(stdout.contains("library/a:1:1: note: a link to a folder already read"));
}
