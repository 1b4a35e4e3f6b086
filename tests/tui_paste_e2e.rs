//! Pasting into the planner through a real terminal (tmux): a paste arrives as one edit (a line
//! break in it does not end the search; 30,000 characters do not replay as 30,000 keystrokes), and
//! the terminal's paste mode is switched off again on quitting.

mod common;

use common::{Tmux, tmux_available};

#[test]
fn a_paste_is_one_edit_and_paste_mode_ends_with_the_planner() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::planner("paste", home.path());

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
