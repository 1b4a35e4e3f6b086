//! `lessonplan PLAN` in a real terminal (tmux): the planner opens on that plan rather than the
//! most recent one, and a plan that is not there is said on the normal screen before any
//! planner is drawn.

mod common;

use std::path::Path;

use common::{Tmux, tmux_available};
use lessonplan::plan::Plan;

/// The program run with `args` in a 100x30 terminal, its data in `home`; the shell prints
/// `EXITED <code>` when it ends.
fn run_in_terminal(name: &str, home: &Path, args: &str) -> Tmux {
    let command = format!(
        "LESSONPLAN_DATA_DIR='{}' LESSONPLAN_CONFIG_DIR='{}' '{}' {args}; echo \"EXITED $?\"; sleep 60",
        home.join("data").display(),
        home.join("config").display(),
        env!("CARGO_BIN_EXE_lessonplan"),
    );
    Tmux::start(name, &["sh", "-c", &command])
}

#[test]
fn the_planner_opens_on_the_plan_named_and_a_missing_one_is_said_first() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let plans = home.path().join("data/plans");
    Plan::new("Year 5 autumn")
        .save(&plans.join("year5.toml"))
        .unwrap();
    // Saved last, so the planner would reopen it if nothing were named.
    std::thread::sleep(std::time::Duration::from_millis(50));
    Plan::new("Most recent")
        .save(&plans.join("recent.toml"))
        .unwrap();

    let tmux = run_in_terminal("open-named", home.path(), "year5");
    let screen = tmux.wait_for(&format!("Opened {}", plans.join("year5.toml").display()));
    assert!(screen.contains("Year 5 autumn"), "{screen}");
    assert!(!screen.contains("Most recent"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    drop(tmux);

    let tmux = run_in_terminal("open-missing", home.path(), "year6");
    let screen = tmux.wait_for("EXITED 1");
    assert!(
        screen.contains("there is no plan `year6`") && screen.contains("lessonplan plan list"),
        "{screen}"
    );
    let flags = tmux.run(&["display-message", "-p", "-t", "e2e", "#{alternate_on}"]);
    assert_eq!(flags.trim(), "0", "the screen was never taken over");
}
