//! Quitting never loses work: with a data folder that cannot be written, `q` asks instead of
//! exiting, and the plan can be saved somewhere else on the way out.

mod common;

use common::{Tmux, tmux_available};

#[test]
fn quit_with_an_unwritable_data_folder_asks_and_saves_elsewhere() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    // The data "folder" is a file, so the plans folder inside it can never be made.
    std::fs::write(home.path().join("data"), "").unwrap();
    let tmux = Tmux::planner("quit", home.path());

    tmux.keys(&["Enter"]);
    tmux.wait_for("Could not save the plan");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("Quit? The plan has unsaved changes");
    assert!(screen.contains("1 change to"), "{screen}");
    assert!(!screen.contains("EXITED"), "{screen}");

    // Ctrl-C does not throw the change away either.
    tmux.keys(&["C-c"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!tmux.screen().contains("EXITED"), "{}", tmux.screen());

    let rescued = home.path().join("rescued.toml");
    tmux.keys(&["q", "C-u"]);
    tmux.type_text(rescued.to_str().unwrap());
    tmux.keys(&["Enter"]);
    tmux.wait_for("EXITED 0");
    let saved = std::fs::read_to_string(&rescued).unwrap();
    assert!(saved.contains("[[items]]"), "{saved}");
}
