//! The second edition's module fields: success criteria, SEND adaptations, and `builds_on` /
//! `leads_to` between modules, which must name modules that exist and go the right way.

use std::path::Path;

use lessonplan::library::{self, Date, Library, LibrarySource, LoadOptions};

fn module(id: &str, band: &str, extra: &str) -> String {
    format!(
        r#"id = "{id}"
title = "Our phone agreement {id}"
age_band = "{band}"
strands = ["health-wellbeing-and-lifestyle"]
duration_minutes = 45
summary = "Pupils agree simple rules for using phones at home, and explain why each rule helps."
sensitivity = "standard"
last_reviewed = 2026-11-01
objectives = ["I can explain one reason for each rule in our agreement."]
{extra}

[[activities]]
title = "What do we already do?"
minutes = 10
kind = "starter"
description = "Pupils list the rules their fictional character Sam might have at home."

[[activities]]
title = "Writing the agreement"
minutes = 35
kind = "main"
description = "In groups, pupils choose five rules and write a reason for each."

[safeguarding]
notes = "Keep the discussion on the fictional character Sam."

[handout]
student = "We made a phone agreement together. Each rule has a reason, and we wrote the reasons down. Rules help us stay safe and kind, and we can always ask a trusted adult for help when something online worries us, upsets us or just feels wrong to us."
"#
    )
}

fn load(dir: &Path, bundled_modules: bool) -> Library {
    library::load(
        &[LibrarySource::Bundled, LibrarySource::Folder(dir.into())],
        &LoadOptions {
            today: Date {
                year: 2026,
                month: 12,
                day: 2,
            },
            bundled_modules,
        },
    )
}

/// The warnings of one file, as `line: message`.
fn warnings_of(library: &Library, file: &str) -> Vec<String> {
    library
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with(file))
        .map(|d| format!("{}: {}", d.location.line, d.message))
        .collect()
}

#[test]
fn the_new_fields_are_read_and_links_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("younger.toml"),
        module(
            "phones-7-11",
            "7-11",
            "success_criteria = [\"Pupils can give a reason for two rules.\"]\n\
             send_adaptations = [\"Give the rules as picture cards.\", \"Teach 'agreement' first.\"]\n\
             leads_to = [\"phones-11-14\"]\n\
             outcomes = [\"wellbeing-7-11-gaming-balance\"]",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("older.toml"),
        module(
            "phones-11-14",
            "11-14",
            // Line 10: right, unknown, wrong way, itself; line 11: a bundled module, older.
            "builds_on = [\"phones-7-11\", \"phones-7-1l\", \"sextortion-14-18\", \"phones-11-14\"]\n\
             leads_to = [\"sextortion-14-18\"]",
        ),
    )
    .unwrap();
    for bundled_modules in [true, false] {
        let library = load(dir.path(), bundled_modules);
        let younger = library.module("phones-7-11").unwrap();
        assert_eq!(
            younger.success_criteria,
            ["Pupils can give a reason for two rules."]
        );
        assert_eq!(younger.send_adaptations.len(), 2);
        assert_eq!(younger.leads_to, ["phones-11-14"]);
        assert!(
            warnings_of(&library, "younger.toml").is_empty(),
            "{:?}",
            library.diagnostics
        );
        let found = warnings_of(&library, "older.toml");
        let expected = [
            // Written to the first edition's format: it loads, with one reminder.
            "1: the module has no `success_criteria`, `send_adaptations` or `outcomes`: it loads, \
             but is short of the lesson design standard",
            "10: `builds_on` names `phones-7-1l`, which no loaded library has",
            "10: `builds_on` names `sextortion-14-18`, for ages 14-18, but this module is for ages 11-14",
            "10: `builds_on` names this module itself",
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for want in expected {
            assert!(found.iter().any(|f| f == want), "{want} not in {found:#?}");
        }
        let unknown = library
            .diagnostics
            .iter()
            .find(|d| d.message.contains("phones-7-1l"))
            .unwrap();
        assert!(
            unknown
                .hint
                .as_deref()
                .unwrap()
                .contains("did you mean `phones-7-11`?")
        );
        assert!(
            !unknown.is_error(),
            "a link is a warning: the module still loads"
        );
        assert!(library.module("phones-11-14").is_some());
    }
}

#[test]
fn the_teacher_plan_prints_success_criteria_adaptations_and_links() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.toml"),
        module(
            "phones-7-11",
            "7-11",
            "success_criteria = [\"Pupils can give a reason for two rules.\"]\n\
             send_adaptations = [\"Give the rules as picture cards.\"]\n\
             builds_on = [\"who-can-help-me-4-7\"]",
        ),
    )
    .unwrap();
    let library = load(dir.path(), true);
    let mut plan = lessonplan::plan::Plan::new("Year 5");
    plan.add("phones-7-11");
    let options = lessonplan::export::ExportOptions {
        format: lessonplan::export::Format::Markdown,
        handouts: vec![lessonplan::export::Handout::Teacher],
        ..lessonplan::export::ExportOptions::default()
    };
    let bytes = lessonplan::export::render(&plan, &library, &options).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    for wanted in [
        "Success criteria",
        "Pupils can give a reason for two rules.",
        "Adaptations for pupils with SEND",
        "Give the rules as picture cards.",
        "Builds on",
    ] {
        assert!(text.contains(wanted), "{wanted} missing from:\n{text}");
    }
    let trusted = library.module("who-can-help-me-4-7").unwrap();
    assert!(
        text.contains(&trusted.title),
        "the linked module is named by its title"
    );
}

#[test]
fn show_prints_the_criteria_adaptations_and_links_of_a_bundled_module() {
    let home = tempfile::tempdir().unwrap();
    let output = assert_cmd::Command::cargo_bin("lessonplan")
        .unwrap()
        .env("LESSONPLAN_CONFIG_DIR", home.path().join("config"))
        .env("LESSONPLAN_DATA_DIR", home.path().join("data"))
        .env_remove("LESSONPLAN_LIBRARY")
        .args(["show", "trusted-adults-7-11"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let library = library::Library::bundled(&LoadOptions::default());
    let module = library.module("trusted-adults-7-11").unwrap();
    assert!(text.contains("Success criteria"), "{text}");
    assert!(text.contains(&module.success_criteria[0]), "{text}");
    assert!(text.contains(&module.send_adaptations[0]), "{text}");
    let first = &module.builds_on[0];
    let title = &library.module(first).unwrap().title;
    assert!(
        text.contains(&format!("Builds on: {first} ({title})")),
        "{text}"
    );
}
