//! Text from library and plan files reaches a terminal as text: an escape sequence in a module
//! (one that retitles the window, clears the screen or writes to the clipboard) is shown, never
//! obeyed, by every command that prints for a person. JSON keeps the text as it is.

use std::path::{Path, PathBuf};

mod common;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Sets the window title, clears the screen, writes "evil" to the clipboard (OSC 52), and a
/// carriage return, a delete and an 8-bit CSI for good measure.
const TITLE: &str =
    r"Phones \u001b]0;pwned\u0007 \u001b[2J \u001b]52;c;ZXZpbA==\u0007 \r\u007f\u009b31m";

/// The same as a person should see it.
const SHOWN: &str = r"Phones ^[]0;pwned^G ^[[2J ^[]52;c;ZXZpbA==^G ^M^?\u{9b}31m";

/// A module whose title and texts hold the sequences, and an unknown key that holds them too.
fn module() -> String {
    let text = std::fs::read_to_string(fixtures().join("good/phone-rules-7-11.toml")).unwrap();
    let text = text.replacen(
        "title = \"Our class phone agreement\"",
        &format!("title = \"{TITLE}\"\n\"key {TITLE}\" = 1"),
        1,
    );
    text.replacen(
        "Our class made a phone agreement today.",
        &format!("{TITLE}."),
        1,
    )
}

/// A library folder with the module, a file that is not TOML because of a raw escape byte,
/// and a plan that uses the module with a note holding the sequences.
fn files(home: &Path) -> (PathBuf, PathBuf) {
    let library = home.join("library");
    std::fs::create_dir_all(&library).unwrap();
    std::fs::write(library.join("phone-rules-7-11.toml"), module()).unwrap();
    std::fs::copy(
        fixtures().join("good/services.toml"),
        library.join("services.toml"),
    )
    .unwrap();
    let plan = home.join("plan.toml");
    std::fs::write(
        &plan,
        format!(
            "title = \"{TITLE}\"\nteacher = \"{TITLE}\"\n\n[[items]]\nmodule = \"phone-rules-7-11\"\n\
             notes = \"{TITLE}\"\n"
        ),
    )
    .unwrap();
    (library, plan)
}

/// The first control character in the output other than line breaks and tabs.
fn control_in(output: &[u8]) -> Option<char> {
    String::from_utf8_lossy(output)
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
}

#[test]
fn show_list_plan_show_and_validate_show_escape_sequences_as_text() {
    let home = tempfile::tempdir().unwrap();
    let (library, plan) = files(home.path());
    let runs: [(&str, Vec<&str>); 4] = [
        ("show", vec!["show", "phone-rules-7-11"]),
        ("list", vec!["list"]),
        ("plan show", vec!["plan", "show", plan.to_str().unwrap()]),
        ("validate", vec!["validate", library.to_str().unwrap()]),
    ];
    for (what, args) in runs {
        let output = common::lessonplan(home.path(), &library)
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert_eq!(control_in(text.as_bytes()), None, "{what}:\n{text}");
        assert_eq!(control_in(&output.stderr), None, "{what}");
        assert!(
            text.contains(SHOWN),
            "{what} does not show the sequences:\n{text}"
        );
    }
}

#[test]
fn a_file_that_is_not_toml_is_quoted_without_its_escape_bytes() {
    let home = tempfile::tempdir().unwrap();
    let (library, _) = files(home.path());
    // TOML allows no raw control characters, so this is an error that quotes the line.
    std::fs::write(
        library.join("raw-escape.toml"),
        "id = \"raw\"\n# \u{1b}]0;pwned\u{7}\n",
    )
    .unwrap();
    let output = common::lessonplan(home.path(), &library)
        .args(["validate", library.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("raw-escape.toml"), "{text}");
    assert_eq!(control_in(text.as_bytes()), None, "{text}");
    assert!(text.contains("# ^[]0;pwned^G"), "{text}");
}

#[test]
fn errors_show_a_typed_escape_sequence_as_text() {
    let home = tempfile::tempdir().unwrap();
    let (library, _) = files(home.path());
    let output = common::lessonplan(home.path(), &library)
        .args(["show", "\u{1b}[2J"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stderr).unwrap();
    assert!(text.contains("no module with id `^[[2J`"), "{text:?}");
}

#[test]
fn json_keeps_the_text_as_it_is() {
    let home = tempfile::tempdir().unwrap();
    let (library, plan) = files(home.path());
    let title: String = serde_json::from_str(&format!("\"{TITLE}\"")).unwrap();
    for args in [
        vec!["show", "phone-rules-7-11", "--json"],
        vec!["plan", "show", plan.to_str().unwrap(), "--json"],
    ] {
        let output = common::lessonplan(home.path(), &library)
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(!text.contains('\u{1b}'), "serde_json escapes ESC: {text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["title"], title.as_str(), "{args:?}");
    }
}
