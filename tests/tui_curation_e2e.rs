//! A PSHE lead curates the school's library in one planner session, through a real terminal:
//! sees a gap in Coverage and starts a module there, approves it so that teachers see it without
//! the draft mark, adapts a bundled module, and fixes a broken file from the problems list. The
//! editor is a script that notes how it was called and mends the broken file.

mod common;

use std::path::Path;

use common::{Tmux, tmux_available};

const BROKEN: &str = "duration_minutes = \"45\"";

fn fake_editor(home: &Path) -> std::path::PathBuf {
    let script = home.join("editor");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor last; do :; done\necho \"$last\" >> '{log}'\n\
             sed -i 's/duration_minutes = \"45\"/duration_minutes = 45/' \"$last\"\n",
            log = home.join("editor.log").display()
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
fn a_lead_fills_a_gap_approves_adapts_and_fixes_in_one_session() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let school = home.path().join("school");
    let init = std::process::Command::new(env!("CARGO_BIN_EXE_lessonplan"))
        .args(["library", "init"])
        .arg(&school)
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    // A module of the school's with a quoted number: one problem to fix.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e/lighthouse-one.toml");
    let good = std::fs::read_to_string(fixture).unwrap();
    // Named to sort first, so that its problem is the one the problems list starts on.
    let broken = school.join("0-lighthouse-one.toml");
    std::fs::create_dir_all(broken.parent().unwrap()).unwrap();
    std::fs::write(&broken, good.replacen("duration_minutes = 45", BROKEN, 1)).unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        format!(
            "libraries = ['{}']\n[school]\nsign_off_name = \"Ms Rivera\"\n",
            school.display()
        ),
    )
    .unwrap();
    let editor = fake_editor(home.path());
    let command = format!(
        "VISUAL='{}' LESSONPLAN_DATA_DIR='{}' LESSONPLAN_CONFIG_DIR='{}' '{}'; echo \"EXITED $?\"; sleep 60",
        editor.display(),
        home.path().join("data").display(),
        home.path().join("config").display(),
        env!("CARGO_BIN_EXE_lessonplan"),
    );
    let tmux = Tmux::start("curation", &["sh", "-c", &command]);
    tmux.wait_for("1 Browse");
    tmux.wait_loaded();

    // Coverage: the first cell, then a new module for it.
    tmux.keys(&["3"]);
    tmux.wait_for("Coverage: strands by age band");
    tmux.keys(&["n"]);
    tmux.wait_for("New module (Enter write it");
    tmux.type_text("Feelings we share");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Edited feelings-we-share-4-7.toml, reloaded");
    assert!(school.join("4-7/feelings-we-share-4-7.toml").is_file());

    // Browse finds it as a draft; R approves it, as the school's sign-off name suggests.
    tmux.keys(&["1", "/"]);
    tmux.type_text("feelings we share");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("[D] Feelings we share");
    assert!(screen.contains("DRAFT: not yet approved"), "{screen}");
    tmux.keys(&["R"]);
    tmux.wait_for("Ms Rivera");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Approved by Ms Rivera");
    // Once the library is read again, the draft mark goes.
    let screen = tmux.wait_for("▶     Feelings we share");
    assert!(!screen.contains("DRAFT"), "{screen}");
    let text = std::fs::read_to_string(school.join("4-7/feelings-we-share-4-7.toml")).unwrap();
    assert!(text.contains("reviewed_by = \"Ms Rivera\""), "{text}");

    // e on a bundled module: copied into the school's folder, then opened.
    tmux.keys(&["c", "/"]);
    tmux.type_text("all about me");
    tmux.keys(&["Enter", "e"]);
    tmux.wait_for("Adapt a bundled module");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Edited all-about-me-4-7.toml, reloaded");
    assert!(school.join("4-7/all-about-me-4-7.toml").is_file());

    // The problems list opens the broken file; the editor mends it and the count goes down.
    tmux.keys(&["!"]);
    tmux.wait_for("0-lighthouse-one.toml:5:");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Edited 0-lighthouse-one.toml, reloaded");
    assert!(screen.contains("(was "), "{screen}");
    assert!(!std::fs::read_to_string(&broken).unwrap().contains(BROKEN));
    let log = std::fs::read_to_string(home.path().join("editor.log")).unwrap();
    assert_eq!(log.lines().count(), 3, "{log}");
}
