//! A PSHE lead fixing a library file sees the fix take: the planner notices the changed file,
//! reads the library again and the problem count goes down, with no restart; `r` reloads too.

mod common;

use common::{Tmux, tmux_available};

#[test]
fn fixing_a_broken_module_updates_the_problem_count_without_a_restart() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let library = home.path().join("library");
    std::fs::create_dir(&library).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e");
    let good = std::fs::read_to_string(fixtures.join("lighthouse-one.toml")).unwrap();
    let module = library.join("lighthouse-one.toml");
    // A missing closing quote: the module cannot be read at all.
    std::fs::write(
        &module,
        good.replacen("title = \"Lighthouse one\"", "title = \"Lighthouse one", 1),
    )
    .unwrap();
    let tmux = Tmux::planner_on("reload", home.path(), &library);
    let screen = tmux.wait_for("1 problem");
    assert!(!screen.contains("Lighthouse one"), "{screen}");

    std::fs::write(&module, &good).unwrap();
    let screen = tmux.wait_for("Library files changed: reloaded");
    assert!(screen.contains("0 problems (was 1)"), "{screen}");
    tmux.keys(&["/"]);
    tmux.type_text("lighthouse");
    // The list's title changes last, once the search has run: waiting for it rather than for
    // the title (which the typed query may already show) keeps this steady on a busy machine.
    let screen = tmux.wait_for("Modules (1 of");
    assert!(screen.contains("Lighthouse one"), "{screen}");

    // Asked for, a reload says so even when nothing changed.
    tmux.keys(&["Enter", "r"]);
    tmux.wait_for("Library reloaded:");
}
