//! The planner gives the terminal back however it ends, checked through a real terminal (tmux):
//! killed with SIGTERM, SIGHUP or SIGINT, or by a panic, it leaves the normal screen, no mouse
//! reporting, no bracketed paste, the cursor shown and the terminal out of raw mode, and ends as
//! the signal would have ended it. Ctrl-Z hands the terminal to the shell and `fg` takes it back.

mod common;

use std::path::Path;

use common::{Tmux, tmux_available};

/// The terminal's modes as tmux sees them: alternate screen, mouse reporting (any and button
/// events), cursor shown.
/// The terminal's modes once they are `expected`, or as they are after five seconds: the
/// planner sets them just after its first frame, so a look straight after may be too early.
fn modes_become(tmux: &Tmux, expected: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let now = modes(tmux);
        if now == expected || start.elapsed() > std::time::Duration::from_secs(5) {
            return now;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn modes(tmux: &Tmux) -> String {
    tmux.run(&[
        "display-message",
        "-p",
        "-t",
        "e2e",
        "#{alternate_on} #{mouse_any_flag} #{mouse_button_flag} #{cursor_flag}",
    ])
    .trim()
    .to_string()
}

/// The planner on the e2e fixture library, with its config and data in `home`, run by `sh -c`
/// (which, unlike an interactive shell, does not tidy the terminal up after it). When it ends,
/// the shell prints its exit code, whether the terminal settings are as before it started, and
/// the raw-mode settings as `stty` shows them.
fn planner(name: &str, home: &Path, env: &str) -> Tmux {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e");
    let pid = home.join("pid");
    let command = format!(
        "before=$(stty -g); \
         sh -c 'echo $$ > \"{pid}\"; exec env {env} LESSONPLAN_DATA_DIR=\"{data}\" \
         LESSONPLAN_CONFIG_DIR=\"{config}\" \"{program}\" --library \"{fixtures}\"'; \
         code=$?; \
         if [ \"$(stty -g)\" = \"$before\" ]; then tty=same; else tty=changed; fi; \
         echo \"EXITED $code TTY $tty $(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' ')\"; \
         sleep 60",
        pid = pid.display(),
        data = home.join("data").display(),
        config = home.join("config").display(),
        program = env!("CARGO_BIN_EXE_lessonplan"),
        fixtures = fixtures.display(),
    );
    let tmux = Tmux::start(name, &["sh", "-c", &command]);
    tmux.wait_for("1 Browse");
    tmux.wait_loaded();
    assert_eq!(
        modes_become(&tmux, "1 1 0 0"),
        "1 1 0 0",
        "the planner has the terminal"
    );
    tmux
}

fn planner_pid(home: &Path) -> String {
    std::fs::read_to_string(home.join("pid"))
        .unwrap()
        .trim()
        .to_string()
}

/// After the planner has ended: the terminal is as it was, and a paste reaches it without the
/// bracketed-paste codes.
fn assert_terminal_given_back(tmux: &Tmux, home: &Path, exited: &str) {
    let screen = tmux.wait_for("EXITED");
    assert!(
        screen.contains(&format!("EXITED {exited} TTY same icanon echo")),
        "{screen}"
    );
    assert_eq!(modes(tmux), "0 0 0 1", "terminal modes left on:\n{screen}");
    tmux.paste("AFTERWARDS", home);
    let screen = tmux.wait_for("AFTERWARDS");
    assert!(
        !screen.contains("200~"),
        "bracketed paste left on:\n{screen}"
    );
}

#[test]
fn a_signal_ends_the_planner_with_the_terminal_given_back() {
    if !tmux_available() {
        return;
    }
    for (signal, exited) in [("TERM", "143"), ("HUP", "129"), ("INT", "130")] {
        let home = tempfile::tempdir().unwrap();
        let tmux = planner(&format!("signal-{signal}"), home.path(), "");
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &planner_pid(home.path())])
            .status()
            .unwrap();
        assert!(status.success());
        assert_terminal_given_back(&tmux, home.path(), exited);
    }
}

#[test]
fn a_panic_ends_the_planner_with_the_terminal_given_back() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = planner("panic", home.path(), "LESSONPLAN_TEST_PANIC=1");
    tmux.keys(&["j"]);
    let screen = tmux.wait_for("EXITED");
    assert!(
        screen.contains("panicked"),
        "the message is shown: {screen}"
    );
    assert_terminal_given_back(&tmux, home.path(), "101");
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_comes_back() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    // An interactive shell, for job control.
    let tmux = Tmux::start(
        "suspend",
        &[
            "env",
            "HISTFILE=/dev/null",
            "PS1=$ ",
            "bash",
            "--norc",
            "--noprofile",
            "-i",
        ],
    );
    tmux.wait_for("$");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e");
    tmux.type_text(&format!(
        "LESSONPLAN_DATA_DIR='{}' LESSONPLAN_CONFIG_DIR='{}' '{}' --library '{}'",
        home.path().join("data").display(),
        home.path().join("config").display(),
        env!("CARGO_BIN_EXE_lessonplan"),
        fixtures.display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("1 Browse");
    tmux.wait_loaded();
    tmux.keys(&["j"]);

    tmux.keys(&["C-z"]);
    let screen = tmux.wait_for("Stopped");
    assert_eq!(modes(&tmux), "0 0 0 1", "terminal modes left on:\n{screen}");
    // Both of canonical input and echo are on: raw mode is off.
    tmux.type_text("echo \"RAW OFF $(stty -a | tr ' ;' '\\n\\n' | grep -cxE 'icanon|echo')\"");
    tmux.keys(&["Enter"]);
    tmux.wait_for("RAW OFF 2");

    tmux.type_text("fg");
    tmux.keys(&["Enter"]);
    // Redrawn in full, with the second module still selected.
    let screen = tmux.wait_settled("? help");
    assert!(screen.contains("1 Browse"), "{screen}");
    assert!(screen.contains("? help"), "{screen}");
    let selected = screen
        .lines()
        .position(|line| line.contains('▶'))
        .unwrap_or(0);
    assert_eq!(selected, 4, "{screen}");
    assert_eq!(
        modes_become(&tmux, "1 1 0 0"),
        "1 1 0 0",
        "the planner has the terminal again"
    );

    tmux.keys(&["q"]);
    tmux.type_text("echo \"EXITED $?\"");
    tmux.keys(&["Enter"]);
    tmux.wait_for("EXITED 0");
    assert_eq!(modes(&tmux), "0 0 0 1");
}

#[test]
fn the_planner_ends_when_its_terminal_goes_away() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = planner("hangup", home.path(), "");
    let pid = planner_pid(home.path());
    // Killing the server closes the terminal under the planner without a signal reaching it:
    // the planner must notice and end rather than read the closed terminal for ever.
    tmux.run(&["kill-server"]);
    let start = std::time::Instant::now();
    let alive = || Path::new(&format!("/proc/{pid}")).exists() && !is_zombie(&pid);
    while alive() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let still = alive();
    if still {
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid])
            .status();
    }
    assert!(
        !still,
        "the planner was still running 10 s after its terminal went"
    );
}

/// A process that has ended but whose parent has not yet collected it.
fn is_zombie(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|s| s.trim_start().starts_with('Z'))
    })
}
