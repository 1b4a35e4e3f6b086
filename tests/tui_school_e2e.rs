//! The school details dialog through a real terminal (tmux): open it, type the school's name,
//! save; then the config file on disk has the name in its [school] table and still has the
//! user's comment, and the running planner's export dialog shows the new name.

mod common;

use common::{Tmux, tmux_available};

#[test]
fn type_a_school_name_save_it_and_find_it_in_the_config_file() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "# Set up by the PSHE lead.\ntheme = \"dark\"\n").unwrap();
    let tmux = Tmux::planner("school", home.path());

    tmux.keys(&["i"]);
    tmux.wait_for("School details");
    tmux.type_text("Hillside Primary School");
    tmux.wait_for("Hillside Primary School");
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for("School details saved to");
    assert!(
        !screen.contains("Ctrl-S save"),
        "the dialog closed:\n{screen}"
    );

    let saved = std::fs::read_to_string(&config).unwrap();
    assert_eq!(
        saved,
        "# Set up by the PSHE lead.\ntheme = \"dark\"\n\n[school]\nname = \"Hillside Primary School\"\n"
    );

    // The next export comes from the new name, without a restart.
    tmux.keys(&["Enter", "p"]);
    let screen = tmux.wait_for("Letter from");
    assert!(
        screen.contains("Hillside Primary School · Space to edit"),
        "{screen}"
    );
    tmux.keys(&["Escape", "q"]);
    tmux.wait_for("EXITED 0");
}
