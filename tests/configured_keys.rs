//! Keys set in the config file's `[keys]` table are the keys the planner answers to, shows in
//! its hint bar and help, and `lessonplan keys` lists; a setting that cannot be used is shown
//! among the problems, located in the config file, and the usual key stays.

mod common;

use common::{Tmux, tmux_available};

const CONFIG: &str = "[keys]\nprint = \"P\"\nhelp = [\"?\", \"F1\"]\nundo = \"Insert\"\n";

fn home_with_config() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), CONFIG).unwrap();
    home
}

#[test]
fn the_planner_answers_to_the_keys_the_config_file_sets() {
    if !tmux_available() {
        return;
    }
    let home = home_with_config();
    let tmux = Tmux::planner("keys", home.path());
    let screen = tmux.wait_for(" P print");
    assert!(!screen.contains(" p print"), "{screen}");
    // p no longer prints; P does.
    tmux.keys(&["Enter"]);
    tmux.wait_for("Added");
    tmux.keys(&["p"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        !tmux.screen().contains("Export handouts"),
        "{}",
        tmux.screen()
    );
    tmux.keys(&["P"]);
    tmux.wait_for("Export handouts");
    tmux.keys(&["Escape", "F1"]);
    let mut screen = tmux.wait_for("Keys (Esc to close");
    for _ in 0..6 {
        if screen.contains("? F1 ") {
            break;
        }
        tmux.keys(&["PageDown"]);
        std::thread::sleep(std::time::Duration::from_millis(200));
        screen = tmux.screen();
    }
    assert!(
        screen.contains("? F1 "),
        "the help lists both keys: {screen}"
    );
    // The refused setting is among the problems, at its line and column.
    tmux.keys(&["Escape", "!"]);
    let screen = tmux.wait_for("config.toml:4:8");
    assert!(screen.contains("`Insert` is not a key"), "{screen}");
}

#[test]
fn lessonplan_keys_lists_every_action_with_its_keys_now() {
    let home = home_with_config();
    let library = tempfile::tempdir().unwrap();
    let output = common::lessonplan(home.path(), library.path())
        .arg("keys")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let line = |name: &str| {
        text.lines()
            .find(|l| !l.contains('=') && l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} line in:\n{text}"))
            .to_string()
    };
    assert!(
        line("print").contains(" P ") && line("print").ends_with('*'),
        "{}",
        line("print")
    );
    assert!(line("help").contains("? F1"), "{}", line("help"));
    assert!(
        !line("undo").ends_with('*'),
        "a refused setting changes nothing"
    );
    assert!(
        line("add_to_plan").contains("Enter +"),
        "{}",
        line("add_to_plan")
    );
    assert!(
        text.contains("[keys.dialogs]") && text.contains("rename_plan"),
        "{text}"
    );
    assert!(
        text.contains("config.toml:4:8: warning: `undo`: `Insert` is not a key"),
        "{text}"
    );
}
