//! What the tests share: the program run with private folders, poppler's tools for reading
//! exported PDFs, and a private tmux server to type into and read the screen of.

#![allow(dead_code)] // each test file uses what it needs

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The program with its config and data in `home` and today fixed, so that the user's own
/// settings never leak in: on the bundled library and what the test adds.
pub fn program(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("lessonplan").unwrap();
    cmd.env("LESSONPLAN_CONFIG_DIR", home.join("config"))
        .env("LESSONPLAN_DATA_DIR", home.join("data"))
        .env("LESSONPLAN_TODAY", "2026-12-02")
        .env_remove("LESSONPLAN_LIBRARY")
        .env_remove("NO_COLOR");
    cmd
}

/// [`program`] with only `library` besides the bundled one.
pub fn lessonplan(home: &Path, library: &Path) -> assert_cmd::Command {
    let mut cmd = program(home);
    cmd.arg("--library").arg(library);
    cmd
}

/// A school library of the `good` fixture (its module and services) with an `outcomes.toml`
/// holding `outcomes`, and the module naming the outcome ids `named` in its `outcomes` list,
/// which is the module file's fourth line.
pub fn good_with_outcomes(outcomes: &str, named: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("outcomes.toml"), outcomes).unwrap();
    std::fs::copy(
        fixture("good").join("services.toml"),
        dir.path().join("services.toml"),
    )
    .unwrap();
    let module = std::fs::read_to_string(fixture("good").join("phone-rules-7-11.toml")).unwrap();
    let ids: Vec<String> = named.iter().map(|id| format!("\"{id}\"")).collect();
    // The fixture's own `outcomes` line leaves; the fourth line names these instead.
    let module: String = module
        .lines()
        .filter(|line| !line.starts_with("outcomes = "))
        .map(|line| format!("{line}\n"))
        .collect();
    let line = format!("\noutcomes = [{}]\nstrands", ids.join(", "));
    let module = module.replacen("\nstrands", &line, 1);
    std::fs::write(dir.path().join("phone-rules-7-11.toml"), module).unwrap();
    dir
}

/// A folder of tests/fixtures.
pub fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// What a poppler tool prints, or `None` when it is not installed. CI installs poppler-utils,
/// so there a missing tool fails the test; elsewhere the test is skipped.
pub fn poppler<S: AsRef<OsStr>>(tool: &str, args: impl IntoIterator<Item = S>) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(output) => Some(String::from_utf8_lossy(&output.stdout).into_owned()),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{tool} is missing: .ci/run installs poppler-utils"
            );
            eprintln!("SKIPPED: {tool} is not installed (apt-get install poppler-utils)");
            None
        }
    }
}

/// A private tmux server, killed when dropped.
pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    /// The planner on the e2e fixture library in a 100x30 terminal, with its config and data in
    /// `home`; once it has drawn, the shell prints `EXITED <code>` when it quits.
    pub fn planner(name: &str, home: &Path) -> Tmux {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e");
        Tmux::planner_on(name, home, &fixtures)
    }

    /// The planner as [`Tmux::planner`] starts it, on `library` besides the bundled one.
    pub fn planner_on(name: &str, home: &Path, fixtures: &Path) -> Tmux {
        let command = format!(
            "LESSONPLAN_DATA_DIR='{}' LESSONPLAN_CONFIG_DIR='{}' '{}' --library '{}'; echo \"EXITED $?\"; sleep 60",
            home.join("data").display(),
            home.join("config").display(),
            env!("CARGO_BIN_EXE_lessonplan"),
            fixtures.display()
        );
        let tmux = Tmux::start(name, &["sh", "-c", &command]);
        tmux.wait_for("1 Browse");
        tmux.wait_loaded();
        tmux
    }

    /// Waits until the planner has read its library (it draws before it has): the header counts
    /// the modules.
    pub fn wait_loaded(&self) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            let header = screen.lines().next().unwrap_or("");
            // "reading 1,200 of 5,000 modules" while the read goes on; then "75 of 75 modules".
            if header.contains(" modules")
                && !header.contains(" 0 of 0 modules")
                && !header.contains("reading ")
            {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the library was never read; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A private tmux server named after `name` and this test process, running `command` (a
    /// program and its arguments) in a 100x30 window called `e2e`.
    pub fn start(name: &str, command: &[&str]) -> Tmux {
        let tmux = Tmux {
            socket: format!("lessonplan-{name}-{}", std::process::id()),
        };
        let mut args = vec!["new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30"];
        args.extend_from_slice(command);
        tmux.run(&args);
        tmux
    }

    pub fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "e2e", key]);
            std::thread::sleep(Duration::from_millis(80));
        }
    }

    /// Types `text` as it is, character by character (no key names).
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
        std::thread::sleep(Duration::from_millis(80));
    }

    /// Clicks the left button at a screen cell (counted from 0), sent as the SGR mouse report a
    /// terminal writes once the program has asked for mouse events: press, then release.
    pub fn click(&self, column: usize, row: usize) {
        let (x, y) = (column + 1, row + 1);
        self.type_text(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    /// Where `text` first shows on the screen: its column and row, counted from 0.
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        self.screen().lines().enumerate().find_map(|(row, line)| {
            let at = line.find(text)?;
            Some((unicode_width::UnicodeWidthStr::width(&line[..at]), row))
        })
    }

    /// Pastes `text` as a terminal does: bracketed when the program has asked for that.
    pub fn paste(&self, text: &str, folder: &Path) {
        let file = folder.join("clipboard.txt");
        std::fs::write(&file, text).unwrap();
        self.run(&["load-buffer", "-b", "clip", file.to_str().unwrap()]);
        self.run(&["paste-buffer", "-p", "-r", "-b", "clip", "-t", "e2e"]);
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Waits until the screen shows `text` and has stopped changing (a frame can be caught
    /// half-written), and returns it.
    pub fn wait_settled(&self, text: &str) -> String {
        let mut last = self.wait_for(text);
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.screen();
            if now == last && now.contains(text) {
                return now;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the screen never settled showing {text:?}:\n{now}"
            );
            last = now;
        }
    }

    /// Waits until the screen shows `text`, or fails with what it shows instead.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Whether tmux is here; under CI its absence is a failure, never a silent skip.
pub fn tmux_available() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "tmux is missing: .ci/run installs it (apt-get install tmux)"
    );
    eprintln!("SKIPPED: tmux is not installed; install it to run the terminal tests");
    false
}

/// England's 2026-27 school year in six half-terms, titled `title`, followed by `closures` (the
/// `[[closures]]` tables a test needs).
pub fn school_year(title: &str, closures: &str) -> String {
    let terms = [
        ("Autumn 1", "2026-09-03", "2026-10-23"),
        ("Autumn 2", "2026-11-02", "2026-12-18"),
        ("Spring 1", "2027-01-05", "2027-02-12"),
        ("Spring 2", "2027-02-22", "2027-03-26"),
        ("Summer 1", "2027-04-12", "2027-05-28"),
        ("Summer 2", "2027-06-07", "2027-07-21"),
    ];
    let mut text = format!("title = \"{title}\"\n");
    for (name, starts, ends) in terms {
        text.push_str(&format!(
            "\n[[terms]]\nname = \"{name}\"\nstarts = {starts}\nends = {ends}\n"
        ));
    }
    text.push('\n');
    text.push_str(closures);
    text
}
