//! Files and folders a command must get past without hanging: link loops, named pipes where
//! files were expected. Each test ends on its own; none of them waits on a pipe.

#![cfg(unix)]

mod common;

use common::{fixture, program as lessonplan};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use lessonplan::config::Config;
use lessonplan::library::{self, LibrarySource, LoadOptions, Severity};
use lessonplan::plan::Plan;
use lessonplan::tui::action::{Action, Effect};

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

/// A named pipe that can never hang a test. A writer keeps connecting and hanging up, so code
/// that wrongly opens the pipe reads an empty file rather than waiting forever (and the test
/// fails instead of hanging); dropping the pipe releases the writer.
struct Pipe {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    writer: Option<std::thread::JoinHandle<()>>,
}

impl Pipe {
    fn new(path: PathBuf) -> Pipe {
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo {}", path.display());
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (path, stop) = (path.clone(), Arc::clone(&stop));
            std::thread::spawn(move || {
                // Opening for writing waits for a reader; closing at once gives it end of file.
                while std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                }
            })
        };
        Pipe {
            path,
            stop,
            writer: Some(writer),
        }
    }
}

impl Drop for Pipe {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let Some(writer) = self.writer.take() else {
            return;
        };
        // Release the writer from waiting to open, until it has seen the stop. Opening for
        // reading and writing at once never waits, even when the writer has already gone.
        while !writer.is_finished() {
            let _ = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&self.path);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let _ = writer.join();
    }
}

#[test]
fn a_named_pipe_as_the_config_file_is_an_error_not_a_wait() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join("config")).unwrap();
    let _pipe = Pipe::new(home.path().join("config/config.toml"));
    let (config, problems) = Config::load(&home.path().join("config/config.toml"));
    assert_eq!(config, Config::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].is_error());
    assert!(
        problems[0]
            .message
            .contains("it is a named pipe, not a file"),
        "{}",
        problems[0].message
    );

    let paths = lessonplan(home.path()).arg("paths").output().unwrap();
    assert!(paths.status.success());
    assert!(
        String::from_utf8(paths.stdout)
            .unwrap()
            .contains("config.toml")
    );
    let validate = lessonplan(home.path()).arg("validate").output().unwrap();
    let stdout = String::from_utf8(validate.stdout).unwrap();
    assert!(
        stdout.contains("config.toml:1:1: error: cannot read config file: it is a named pipe"),
        "{stdout}"
    );
}

#[test]
fn a_named_pipe_in_a_library_is_named_and_skipped() {
    let home = tempfile::tempdir().unwrap();
    let library = home.path().join("library");
    copy_folder(&fixture("good"), &library);
    let _pipe = Pipe::new(library.join("pipe.toml"));
    let loaded = library::load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(library.clone()),
        ],
        &LoadOptions::default(),
    );
    assert!(loaded.module("phone-rules-7-11").is_some());
    let about_pipe: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with("pipe.toml"))
        .collect();
    assert_eq!(about_pipe.len(), 1, "{:?}", loaded.diagnostics);
    assert_eq!(about_pipe[0].severity, Severity::Warning);
    assert!(
        about_pipe[0].message.contains("named pipe"),
        "{}",
        about_pipe[0].message
    );
}

#[test]
fn a_named_pipe_is_not_opened_as_a_plan_nor_listed_with_the_plans() {
    let home = tempfile::tempdir().unwrap();
    let plans = home.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    Plan::new("Year 5")
        .save(&plans.join("year-5.toml"))
        .unwrap();
    let _pipe = Pipe::new(plans.join("pipe.toml"));

    let error = Plan::load(&plans.join("pipe.toml")).unwrap_err();
    assert!(
        error.message.contains("it is a named pipe, not a file"),
        "{}",
        error.message
    );

    let library = library::Library::default();
    let Action::PlansListed(Ok(files)) =
        lessonplan::tui::perform(Effect::ListPlans, &plans, &library)
    else {
        panic!("the plans folder could not be listed")
    };
    let names: Vec<_> = files.iter().map(|f| f.path.file_name().unwrap()).collect();
    assert_eq!(names, ["year-5.toml"]);
}
