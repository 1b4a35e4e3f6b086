//! Pasting into the planner through a real terminal (tmux): a paste arrives as one edit (a line
//! break in it does not end the search; 30,000 characters do not replay as 30,000 keystrokes), and
//! the terminal's paste mode is switched off again on quitting.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "e2e", key]);
            std::thread::sleep(Duration::from_millis(80));
        }
    }

    /// Pastes `text` as a terminal does: bracketed when the program has asked for that.
    fn paste(&self, text: &str, folder: &Path) {
        let file = folder.join("clipboard.txt");
        std::fs::write(&file, text).unwrap();
        self.run(&["load-buffer", "-b", "clip", file.to_str().unwrap()]);
        self.run(&["paste-buffer", "-p", "-r", "-b", "clip", "-t", "e2e"]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Waits until the screen shows `text`, or fails with what it shows instead.
    fn wait_for(&self, text: &str) -> String {
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

fn tmux_available() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "tmux is missing: .ci/run installs it (apt-get install tmux)"
    );
    eprintln!("SKIPPED: tmux is not installed; install it to run the terminal paste test");
    false
}

#[test]
fn a_paste_is_one_edit_and_paste_mode_ends_with_the_planner() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e");
    let command = format!(
        "LESSONPLAN_DATA_DIR='{}' LESSONPLAN_CONFIG_DIR='{}' '{}' --library '{}'; echo \"EXITED $?\"; sleep 60",
        home.path().join("data").display(),
        home.path().join("config").display(),
        env!("CARGO_BIN_EXE_lessonplan"),
        fixtures.display()
    );
    let tmux = Tmux {
        socket: format!("lessonplan-paste-{}", std::process::id()),
    };
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        "sh",
        "-c",
        &command,
    ]);
    tmux.wait_for("1 Browse");

    // Typed key by key, the line break would be Enter and "house" a run of commands.
    tmux.keys(&["/"]);
    tmux.paste("light\nhouse", home.path());
    tmux.wait_for("/ light house");

    tmux.paste(&"x".repeat(30_000), home.path());
    tmux.wait_for("Pasted text cut to 2000 characters");

    tmux.keys(&["Escape", "q"]);
    tmux.wait_for("EXITED 0");
    // Paste mode is off again: a paste now reaches the terminal without bracket codes.
    tmux.paste("AFTERWARDS", home.path());
    let screen = tmux.wait_for("AFTERWARDS");
    assert!(!screen.contains("200~"), "{screen}");
}
