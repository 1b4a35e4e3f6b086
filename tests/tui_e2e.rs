//! The planner driven through a real terminal (tmux): search, filter, add three modules, reorder,
//! save, print the handouts, quit; then the saved plan, the PDF and the restored terminal are
//! checked.

mod common;

use common::{Tmux, tmux_available};

#[test]
fn search_filter_add_reorder_save_print_quit() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let tmux = Tmux::planner("e2e", home.path());

    // Search, then filter to ages 7-11 (the second band).
    tmux.keys(&[
        "/", "l", "i", "g", "h", "t", "h", "o", "u", "s", "e", "Enter", "a", "a",
    ]);
    let screen = tmux.wait_for("Ages: 7-11");
    assert!(screen.contains("Modules (3 of"), "{screen}");

    // Add all three (listed alphabetically: one, three, two).
    tmux.keys(&["Enter", "Down", "Enter", "Down", "Enter"]);
    tmux.wait_for("3 items, 135 min");

    // Reorder in the plan view: move "two" above "three", then save and quit.
    tmux.keys(&["Tab", "K", "C-s"]);
    tmux.wait_for("Saved");

    // Print: the export dialog's defaults write all three handouts as one PDF.
    tmux.keys(&["p"]);
    tmux.wait_for("Export handouts");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Exported");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED 0");

    // The terminal is back to normal: main screen, no mouse reporting, cursor shown.
    let flags = tmux.run(&[
        "display-message",
        "-p",
        "-t",
        "e2e",
        "#{alternate_on} #{mouse_any_flag} #{mouse_button_flag} #{cursor_flag}",
    ]);
    assert_eq!(
        flags.trim(),
        "0 0 0 1",
        "terminal not restored; screen:\n{screen}"
    );

    let plans: Vec<_> = std::fs::read_dir(data.join("plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml")) // not the plan's .lock
        .collect();
    assert_eq!(plans.len(), 1, "{plans:?}");
    let saved = std::fs::read_to_string(&plans[0]).unwrap();
    let order: Vec<&str> = saved
        .lines()
        .filter_map(|l| l.strip_prefix("module = "))
        .collect();
    assert_eq!(
        order,
        [
            "\"lighthouse-one-7-11\"",
            "\"lighthouse-two-7-11\"",
            "\"lighthouse-three-7-11\""
        ],
        "{saved}"
    );

    let exports: Vec<_> = std::fs::read_dir(data.join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert!(
        exports[0].extension().is_some_and(|e| e == "pdf"),
        "{exports:?}"
    );
    assert!(std::fs::read(&exports[0]).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn a_search_typed_in_one_burst_is_taken_whole() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::planner("burst", home.path());
    tmux.keys(&["/"]);
    // All the characters reach the planner at once: searched together, none lost, in order.
    tmux.type_text("lighthouse");
    let screen = tmux.wait_settled("Modules (3 of");
    assert!(screen.contains("lighthouse"), "{screen}");
    // A key straight after the burst is still taken, after it.
    tmux.type_text("x\u{7f}");
    tmux.keys(&["Enter", "a"]);
    let screen = tmux.wait_for("Ages: 4-7");
    assert!(
        screen.contains("/ lighthouse") || screen.contains("lighthouse"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}
