//! A PSHE lead fixes a library file from the planner: Enter on a problem opens the file in
//! their editor at the problem's line, the planner hands the terminal over and takes it back,
//! and the library is read again, so the fix shows at once. `e` in Browse edits a module's file.

mod common;

use std::path::Path;

use common::{Tmux, tmux_available};
use lessonplan::library::{Library, LoadOptions};

/// An "editor" that notes how it was called and puts the good module back in place.
fn fake_editor(dir: &Path, good: &Path) -> std::path::PathBuf {
    let script = dir.join("fix-it");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{log}'\nfor last; do :; done\ncp '{good}' \"$last\"\n",
            log = dir.join("editor.log").display(),
            good = good.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}

#[test]
fn enter_on_a_problem_opens_the_file_at_its_line_and_the_fix_shows() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let library = home.path().join("library");
    std::fs::create_dir(&library).unwrap();
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e/lighthouse-one.toml");
    let text = std::fs::read_to_string(&good).unwrap();
    let module = library.join("lighthouse-one.toml");
    // Line 5: a duration that is not a number.
    std::fs::write(
        &module,
        text.replacen("duration_minutes = 45", "duration_minutes = \"45\"", 1),
    )
    .unwrap();
    let editor = fake_editor(home.path(), &good);
    let command = format!(
        "VISUAL='{}' LESSONPLAN_DATA_DIR='{}' LESSONPLAN_CONFIG_DIR='{}' '{}' --library '{}'; echo \"EXITED $?\"; sleep 60",
        editor.display(),
        home.path().join("data").display(),
        home.path().join("config").display(),
        env!("CARGO_BIN_EXE_lessonplan"),
        library.display()
    );
    let tmux = Tmux::start("edit", &["sh", "-c", &command]);
    tmux.wait_for("1 problem");
    tmux.keys(&["!"]);
    tmux.wait_for("lighthouse-one.toml:5:");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Edited lighthouse-one.toml, reloaded");
    assert!(screen.contains("0 problems (was 1)"), "{screen}");
    let log = std::fs::read_to_string(home.path().join("editor.log")).unwrap();
    assert_eq!(
        log.trim(),
        format!("{}", module.display()),
        "an unknown editor gets the file alone"
    );
    // The planner has the screen again and answers keys.
    tmux.keys(&["Escape", "/"]);
    tmux.type_text("lighthouse");
    tmux.wait_for("Modules (1 of");
    // e on the module edits its file too.
    tmux.keys(&["Enter", "e"]);
    // The bundled library and the school's one module.
    let modules = Library::bundled(&LoadOptions::default()).modules.len() + 1;
    tmux.wait_for(&format!(
        "Edited lighthouse-one.toml, reloaded: {modules} modules, 0 problems"
    ));
    let log = std::fs::read_to_string(home.path().join("editor.log")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");
}
