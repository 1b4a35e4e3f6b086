//! One test per validation rule of the module-format contract, on files written to a temp folder.

use super::*;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 22,
};

/// A valid module; tests change one thing at a time.
/// VALID's line naming its outcome: a test that moves the module to another band drops it.
const OUTCOMES_LINE: &str = "outcomes = [\"relationships-7-11-warning-signs\"]\n";

const VALID: &str = r#"id = "sample-7-11"
title = "Who can I tell?"
age_band = "7-11"
strands = ["online-relationships"]
duration_minutes = 45
summary = "Pupils name trusted adults and practise telling."
sensitivity = "standard"
last_reviewed = 2026-09-01
objectives = ["I can name three trusted adults."]
signposting = ["childline"]
outcomes = ["relationships-7-11-warning-signs"]
success_criteria = ["Pupils can name three trusted adults.", "Pupils can say what to do first."]
send_adaptations = ["Show the trusted adults as pictures.", "Give a shorter scenario.", "Plan an adult check-in."]

[[vocabulary]]
term = "Trusted adult"
definition = "A grown-up who helps you stay safe."

[[activities]]
title = "Starter"
minutes = 10
kind = "starter"
description = "Who helps us?"

[[activities]]
title = "Main"
minutes = 35
kind = "main"
description = "Scenario cards."

[safeguarding]
notes = "Agree ground rules first."

[handout]
student = """
Today we talked about trusted adults. A trusted adult is a grown-up you know who keeps you safe and
listens to you. If something online makes you feel worried, sad or confused, stop and tell a trusted
adult. You can also call the helpline in the box below, any time, for free.
"""
"#;

fn load_files(files: &[(&str, &str)]) -> Library {
    load_kept(files).1
}

/// The library of `files`, with the folder they are in, for tests that read a module's full text
/// from its file later.
fn load_kept(files: &[(&str, &str)]) -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let library = load_dir(dir.path());
    (dir, library)
}

fn load_dir(dir: &std::path::Path) -> Library {
    load_dir_counting(dir, &LoadProgress::default())
}

/// As [`load_dir`], counting in `progress`.
fn load_dir_counting(dir: &std::path::Path, progress: &LoadProgress) -> Library {
    let options = LoadOptions {
        today: TODAY,
        bundled_modules: false,
    };
    load_counting(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(dir.to_path_buf()),
        ],
        &options,
        progress,
    )
}

fn load_one(text: &str) -> Library {
    load_files(&[("module.toml", text)])
}

/// The only diagnostic, which must exist and have the given severity.
fn only(library: &Library, severity: Severity) -> &Diagnostic {
    assert_eq!(library.diagnostics.len(), 1, "{:#?}", library.diagnostics);
    let d = &library.diagnostics[0];
    assert_eq!(d.severity, severity, "{d}");
    d
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn the_valid_sample_loads_cleanly() {
    let library = load_one(VALID);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
    let module = library.module("sample-7-11").unwrap();
    assert_eq!(module.duration_minutes, 45);
    assert_eq!(module.activities[1].kind, Some(ActivityKind::Main));
    assert_eq!(
        module.last_reviewed,
        Date {
            year: 2026,
            month: 9,
            day: 1
        }
    );
}

#[test]
fn invalid_toml_is_an_error_located_where_it_breaks() {
    let text = VALID.replace("title = \"Who can I tell?\"", "title = \"Who can I tell?");
    let library = load_one(&text);
    let d = only(&library, Severity::Error);
    assert!(d.message.starts_with("not valid TOML"), "{d}");
    assert_eq!(d.location.line, 2);
    assert!(library.modules.is_empty());
}

#[test]
fn each_missing_required_field_is_reported() {
    for key in [
        "id",
        "title",
        "age_band",
        "strands",
        "duration_minutes",
        "summary",
        "sensitivity",
        "last_reviewed",
        "objectives",
    ] {
        // Remove the first (top-level) line for the key; activities have a `title` too.
        let line = VALID
            .lines()
            .find(|l| l.starts_with(&format!("{key} =")))
            .unwrap();
        let text = VALID.replacen(&format!("{line}\n"), "", 1);
        let library = load_one(&text);
        let d = only(&library, Severity::Error);
        assert_eq!(
            d.message,
            format!("missing required field `{key}`"),
            "{key}"
        );
        assert!(library.modules.is_empty());
    }
}

#[test]
fn required_text_that_is_blank_is_an_error_where_it_is_written() {
    for (from, to, message, line) in [
        (
            "summary = \"Pupils name trusted adults and practise telling.\"",
            "summary = \"\"",
            "`summary` is empty",
            6,
        ),
        (
            "title = \"Starter\"",
            "title = \"  \"",
            "`title` in activity 1 is empty",
            20,
        ),
        (
            "term = \"Trusted adult\"",
            "term = \"\"",
            "`term` in vocabulary entry 1 is empty",
            16,
        ),
        (
            "objectives = [\"I can name three trusted adults.\"]",
            "objectives = [\"I can name three trusted adults.\", \"\"]",
            "an objective is empty",
            9,
        ),
    ] {
        let text = VALID.replacen(from, to, 1);
        assert_ne!(text, VALID, "{from}");
        let library = load_one(&text);
        let d = only(&library, Severity::Error);
        assert_eq!(d.message, message);
        assert_eq!(d.location.line, line, "{message}");
        assert!(library.modules.is_empty(), "{message}: not loaded");
    }
}

#[test]
fn missing_tables_are_reported() {
    let cut = |from: &str, to: Option<&str>| {
        let start = VALID.find(from).unwrap();
        let end = to.map_or(VALID.len(), |t| VALID.find(t).unwrap());
        format!("{}{}", &VALID[..start], &VALID[end..])
    };
    let no_safeguarding = cut("[safeguarding]", Some("[handout]"));
    assert!(
        only(&load_one(&no_safeguarding), Severity::Error)
            .message
            .contains("`[safeguarding]`")
    );
    let no_handout = cut("[handout]", None);
    assert!(
        only(&load_one(&no_handout), Severity::Error)
            .message
            .contains("`[handout]`")
    );
    let no_activities = cut("[[activities]]", Some("[safeguarding]"));
    assert!(
        only(&load_one(&no_activities), Severity::Error)
            .message
            .contains("`[[activities]]`")
    );
}

#[test]
fn wrong_types_point_at_the_value() {
    let text = VALID.replace("duration_minutes = 45", "duration_minutes = 45.5");
    let d = only(&load_one(&text), Severity::Error).clone();
    assert_eq!(d.location.line, 5);
    assert_eq!(d.location.column, 20);
    assert!(
        d.message.contains("whole number") && d.message.contains("decimal"),
        "{d}"
    );

    let text = VALID.replace(
        "objectives = [\"I can name three trusted adults.\"]",
        "objectives = [\"ok\", 3]",
    );
    let d = only(&load_one(&text), Severity::Error).clone();
    assert!(d.message.contains("every item of `objectives`"), "{d}");

    let text = VALID.replace(
        "last_reviewed = 2026-09-01",
        "last_reviewed = \"2026-09-01\"",
    );
    let d = only(&load_one(&text), Severity::Error).clone();
    assert!(d.hint.unwrap().contains("remove the quotes"));
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let text = VALID
        .replace("duration_minutes = 45", "duration_minutes = \"long\"")
        .replace("sensitivity = \"standard\"", "sensitivity = \"maybe\"")
        .replace("age_band = \"7-11\"", "age_band = 7");
    let library = load_one(&text);
    assert_eq!(
        library.count(Severity::Error),
        3,
        "{:#?}",
        library.diagnostics
    );
}

/// (line, code) of every problem, in file order.
fn problems_found(library: &Library) -> Vec<(usize, Code)> {
    library
        .diagnostics
        .iter()
        .map(|d| (d.location.line, d.code))
        .collect()
}

#[test]
fn a_broken_field_hides_none_of_the_checks_against_other_files() {
    // Before, a module with any error was dropped before its strands, services and age band
    // were looked up: those problems appeared only once the first ones were fixed.
    let text = VALID
        .replace(OUTCOMES_LINE, "")
        .replace(
            "last_reviewed = 2026-09-01",
            "last_reviewed = \"2026-09-01\"",
        )
        .replace("duration_minutes = 45", "duration_minutes = \"forty-five\"")
        .replace("age_band = \"7-11\"", "age_band = \"7-12\"")
        .replace("[\"online-relationships\"]", "[\"online-relationship\"]")
        .replace("[\"childline\"]", "[\"childine\"]");
    let library = load_one(&text);
    assert_eq!(
        problems_found(&library),
        [
            (3, Code::UnknownAgeBand),
            (4, Code::UnknownStrand),
            (5, Code::WrongType),
            (8, Code::WrongType),
            (10, Code::UnknownService),
        ],
        "{:#?}",
        library.diagnostics
    );
    assert!(library.modules.is_empty());
}

#[test]
fn a_number_or_date_in_quotes_is_an_error_whose_value_is_still_checked() {
    let text = VALID
        .replace("duration_minutes = 45", "duration_minutes = \"50\"")
        .replace(
            "last_reviewed = 2026-09-01",
            "last_reviewed = \"2020-09-01\"",
        );
    let library = load_one(&text);
    let found: Vec<(usize, Code, Severity)> = library
        .diagnostics
        .iter()
        .map(|d| (d.location.line, d.code, d.severity))
        .collect();
    assert_eq!(
        found,
        [
            (5, Code::WrongType, Severity::Error),
            (5, Code::MinutesMismatch, Severity::Warning),
            (8, Code::WrongType, Severity::Error),
            (8, Code::ReviewOverdue, Severity::Warning),
        ],
        "{:#?}",
        library.diagnostics
    );
    let quoted = &library.diagnostics[0];
    assert_eq!(
        quoted.message,
        "`duration_minutes` is a number written in quotes"
    );
    assert_eq!(
        quoted.hint.as_deref(),
        Some("remove the quotes: `duration_minutes = 50`")
    );
    assert!(
        library.modules.is_empty(),
        "a quoted value is still an error"
    );

    // A date in quotes that is no date is called out, and nothing is made of it.
    let text = VALID.replace(
        "last_reviewed = 2026-09-01",
        "last_reviewed = \"2020-02-30\"",
    );
    let library = load_one(&text);
    assert_eq!(problems_found(&library), [(8, Code::WrongType)]);
}

#[test]
fn minutes_are_compared_with_a_duration_out_of_range_but_not_when_one_is_missing() {
    let library = load_one(&VALID.replace("duration_minutes = 45", "duration_minutes = 450"));
    assert_eq!(
        problems_found(&library),
        [(5, Code::OutOfRange), (5, Code::MinutesMismatch)],
        "{:#?}",
        library.diagnostics
    );
    // Without one activity's minutes the total is unknown: no guess at a mismatch.
    let library = load_one(&VALID.replace("minutes = 35\n", ""));
    let codes: Vec<Code> = library.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::MissingField], "{:#?}", library.diagnostics);
}

#[test]
fn a_duplicate_id_is_reported_even_when_the_first_module_is_broken() {
    let broken = VALID.replace("sensitivity = \"standard\"", "sensitivity = \"maybe\"");
    let library = load_files(&[("a.toml", &broken), ("b.toml", VALID)]);
    let headlines: Vec<String> = library.diagnostics.iter().map(|d| d.headline()).collect();
    assert_eq!(headlines.len(), 2, "{headlines:#?}");
    assert!(headlines[0].contains("a.toml:7:15: error: unknown sensitivity"));
    assert!(
        headlines[1].contains("b.toml:1:6: error: module id `sample-7-11` is already used by"),
        "{headlines:#?}"
    );
    assert_eq!(library.diagnostics[1].code, Code::DuplicateId);
}

#[test]
fn a_service_with_errors_still_has_its_bands_and_id_checked() {
    let services = "[[services]]\nid = \"nurse\"\nname = \"Nurse\"\naudience = \"pupils\"\nregion = \"uk\"\ndescription = \"d\"\n[services.pupil_text]\n\"5-6\" = \"Ask the nurse.\"\n\n[[services]]\nid = \"nurse\"\nname = \"Nurse\"\naudience = \"young-people\"\nregion = \"uk\"\ndescription = \"d\"\n";
    let library = load_files(&[("services.toml", services)]);
    let found: Vec<(usize, Code, Severity)> = library
        .diagnostics
        .iter()
        .map(|d| (d.location.line, d.code, d.severity))
        .collect();
    assert_eq!(
        found,
        [
            (4, Code::UnknownAudience, Severity::Error),
            (8, Code::UnknownAgeBand, Severity::Warning),
            (11, Code::DuplicateId, Severity::Error),
        ],
        "{:#?}",
        library.diagnostics
    );
}

#[test]
fn unknown_age_band_strand_and_service_are_errors() {
    let text = VALID
        .replace(OUTCOMES_LINE, "")
        .replace("age_band = \"7-11\"", "age_band = \"5-6\"")
        .replace("[\"online-relationships\"]", "[\"online-relationship\"]")
        .replace("[\"childline\"]", "[\"nobody\"]");
    let library = load_one(&text);
    let messages: Vec<&str> = library
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "unknown age band `5-6`",
            "unknown strand `online-relationship`",
            "unknown service `nobody`"
        ]
    );
    assert_eq!(
        library.diagnostics[0].location.line,
        line_of(&text, "age_band")
    );
    assert!(
        library.diagnostics[1]
            .hint
            .as_deref()
            .unwrap()
            .contains("online-relationships")
    );
    assert!(library.modules.is_empty());
}

#[test]
fn a_library_may_bring_its_own_services() {
    let text = VALID.replace("[\"childline\"]", "[\"school-nurse\"]");
    let services = "[[services]]\nid = \"school-nurse\"\nname = \"School nurse\"\naudience = \"young-people\"\nregion = \"uk\"\ndescription = \"In the medical room.\"\n";
    let library = load_files(&[("m.toml", &text), ("services.toml", services)]);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
    assert_eq!(
        library.module("sample-7-11").unwrap().signposting,
        ["school-nurse"]
    );
}

#[test]
fn a_library_framework_replaces_the_bundled_one_for_its_modules() {
    let framework = "name = \"Ours\"\n[[age_bands]]\nid = \"y5\"\nlabel = \"Year 5\"\n[[strands]]\nid = \"online-relationships\"\nlabel = \"Relationships\"\n";
    let text = VALID
        .replace(OUTCOMES_LINE, "")
        .replace("age_band = \"7-11\"", "age_band = \"y5\"");
    let library = load_files(&[("framework.toml", framework), ("m.toml", &text)]);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
    assert!(library.framework.age_band("y5").is_some());
    assert!(
        library.framework.age_band("7-11").is_some(),
        "bundled bands stay available"
    );
}

#[test]
fn duplicate_ids_within_one_library_are_errors() {
    let library = load_files(&[("a.toml", VALID), ("b.toml", VALID)]);
    let d = only(&library, Severity::Error);
    assert!(d.file.ends_with("b.toml"));
    assert!(
        d.message.contains("already used by") && d.message.contains("a.toml:1"),
        "{d}"
    );
    assert_eq!(library.modules.len(), 1);
}

#[test]
fn minutes_out_of_range_are_errors() {
    for (from, to) in [
        ("duration_minutes = 45", "duration_minutes = 4"),
        ("duration_minutes = 45", "duration_minutes = 241"),
        ("minutes = 35", "minutes = 0"),
        ("minutes = 35", "minutes = 999"),
    ] {
        let library = load_one(&VALID.replace(from, to));
        assert!(
            library.count(Severity::Error) == 1,
            "{to}: {:#?}",
            library.diagnostics
        );
        assert!(library.modules.is_empty(), "{to}");
    }
}

#[test]
fn sensitive_modules_need_signposting_and_safeguarding_notes() {
    let sensitive = VALID.replace("sensitivity = \"standard\"", "sensitivity = \"sensitive\"");
    let no_signposting = sensitive.replace("signposting = [\"childline\"]\n", "");
    assert!(
        only(&load_one(&no_signposting), Severity::Error)
            .message
            .contains("signpost")
    );
    let empty_signposting = sensitive.replace("[\"childline\"]", "[]");
    assert!(
        only(&load_one(&empty_signposting), Severity::Error)
            .message
            .contains("signpost")
    );
    let empty_notes = sensitive.replace("notes = \"Agree ground rules first.\"", "notes = \"\"");
    assert!(
        only(&load_one(&empty_notes), Severity::Error)
            .message
            .contains("safeguarding notes")
    );
    // A standard module may have neither.
    let standard = VALID
        .replace("signposting = [\"childline\"]\n", "")
        .replace("notes = \"Agree ground rules first.\"", "notes = \"\"");
    assert!(load_one(&standard).diagnostics.is_empty());
}

#[test]
fn bad_ids_and_enum_values_are_errors() {
    for (from, to, expected) in [
        (
            "id = \"sample-7-11\"",
            "id = \"Sample 7/11\"",
            "is not allowed",
        ),
        (
            "sensitivity = \"standard\"",
            "sensitivity = \"private\"",
            "unknown sensitivity",
        ),
        (
            "kind = \"main\"",
            "kind = \"lecture\"",
            "unknown activity kind",
        ),
    ] {
        let d = only(&load_one(&VALID.replace(from, to)), Severity::Error).clone();
        assert!(d.message.contains(expected), "{d}");
    }
}

#[test]
fn a_module_may_name_its_language_as_a_language_tag() {
    let with =
        |value: &str| VALID.replace("sensitivity", &format!("language = {value}\nsensitivity"));
    for tag in ["ar", "ur", "zh-Hans", "en-GB", "sr-Latn-RS", "es-419"] {
        let library = load_one(&with(&format!("\"{tag}\"")));
        assert!(
            library.diagnostics.is_empty(),
            "{tag}: {:#?}",
            library.diagnostics
        );
        let module = library.module("sample-7-11").unwrap();
        assert_eq!(module.language.as_deref(), Some(tag));
    }
    assert_eq!(
        load_one(VALID).module("sample-7-11").unwrap().language,
        None
    );
    // Not a tag: a warning where it is written, and the module prints without it.
    for (value, hint) in [
        ("\"Arabic\"", "such as `ar`"),
        ("\"ar_SA\"", "`language = \"ar-SA\"`"),
        ("\"\"", "such as `ar`"),
        ("\"zh-\"", "such as `ar`"),
    ] {
        let text = with(value);
        let library = load_one(&text);
        let d = only(&library, Severity::Warning);
        assert!(d.message.contains("not a language tag"), "{d}");
        assert!(d.hint.as_deref().unwrap_or("").contains(hint), "{d}");
        assert_eq!(d.location.line, line_of(&text, "language ="));
        assert_eq!(library.module("sample-7-11").unwrap().language, None);
    }
    // Not a string: an error, as for every other field.
    let d = only(&load_one(&with("7")), Severity::Error).clone();
    assert!(d.message.contains("`language` must be a string"), "{d}");
}

#[test]
fn unknown_keys_are_warnings_with_a_suggestion() {
    let text = VALID.replace("[safeguarding]\n", "[safeguarding]\nnotse = \"x\"\n");
    let library = load_one(&text);
    let d = only(&library, Severity::Warning);
    assert_eq!(d.message, "unknown key `notse` in `[safeguarding]`");
    assert!(d.hint.as_deref().unwrap().contains("did you mean `notes`"));
    assert_eq!(
        library.modules.len(),
        1,
        "a warning does not stop the module loading"
    );
}

#[test]
fn minutes_that_do_not_add_up_are_a_warning() {
    let library = load_one(&VALID.replace("minutes = 35", "minutes = 30"));
    let d = only(&library, Severity::Warning);
    assert!(d.message.contains("add up to 40 minutes"), "{d}");
    assert_eq!(library.modules.len(), 1);
}

#[test]
fn stale_and_future_review_dates_are_warnings() {
    let stale = load_one(&VALID.replace("2026-09-01", "2025-11-21"));
    assert!(
        only(&stale, Severity::Warning)
            .message
            .contains("more than 12 months")
    );
    let exactly_a_year = load_one(&VALID.replace("2026-09-01", "2025-11-22"));
    assert!(exactly_a_year.diagnostics.is_empty());
    let future = load_one(&VALID.replace("2026-09-01", "2027-01-01"));
    assert!(
        only(&future, Severity::Warning)
            .message
            .contains("in the future")
    );
}

#[test]
fn a_very_short_handout_is_a_warning() {
    let start = VALID.find("student = ").unwrap();
    let text = format!("{}student = \"Tell an adult.\"\n", &VALID[..start]);
    let d = only(&load_one(&text), Severity::Warning).clone();
    assert!(d.message.contains("very short (3 words)"), "{d}");
}

#[test]
fn one_broken_file_never_hides_the_others() {
    let other = VALID.replace("sample-7-11", "second-7-11");
    let library = load_files(&[
        ("a.toml", "this is = = not toml"),
        ("b.toml", VALID),
        ("sub/c.toml", &other),
    ]);
    assert_eq!(library.count(Severity::Error), 1);
    assert_eq!(library.modules.len(), 2);
}

#[test]
fn binary_invalid_utf8_and_huge_files_are_clean_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("binary.toml"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    let mut latin1 = VALID.as_bytes().to_vec();
    latin1.extend_from_slice(b"# caf\xe9\n");
    std::fs::write(dir.path().join("latin1.toml"), latin1).unwrap();
    let huge = "# padding\n".repeat((MAX_FILE_BYTES as usize / 10) + 10);
    std::fs::write(dir.path().join("huge.toml"), huge).unwrap();
    let library = load_dir(dir.path());
    let messages: Vec<String> = library.diagnostics.iter().map(|d| d.headline()).collect();
    assert_eq!(library.count(Severity::Error), 3, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("binary.toml:1:1: error: this is a binary file"))
    );
    let utf8_line = VALID.lines().count() + 1;
    assert!(
        messages.iter().any(|m| m.contains(&format!(
            "latin1.toml:{utf8_line}:6: error: not valid UTF-8"
        ))),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("huge.toml:1:1: error: file is too large"))
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let library = load_one(&deep);
    assert_eq!(
        library.count(Severity::Error),
        1,
        "{:#?}",
        library.diagnostics
    );
    let deep_tables = format!("x = {}1{}\n", "{a = ".repeat(50_000), "}".repeat(50_000));
    assert_eq!(load_one(&deep_tables).count(Severity::Error), 1);
}

#[test]
fn a_windows_byte_order_mark_is_accepted() {
    let (_folder, library) = load_kept(&[("module.toml", &format!("\u{feff}{VALID}"))]);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
    // And its full text, read again when shown, is read the same way.
    let full = library.modules[0].in_full().unwrap();
    assert_eq!(full.text.safeguarding_notes, "Agree ground rules first.");
}

#[test]
fn later_libraries_shadow_earlier_ones_with_a_note() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    std::fs::write(first.path().join("m.toml"), VALID).unwrap();
    std::fs::write(
        second.path().join("m.toml"),
        VALID.replace("Who can I tell?", "Our version"),
    )
    .unwrap();
    let options = LoadOptions {
        today: TODAY,
        bundled_modules: false,
    };
    let library = load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(first.path().to_path_buf()),
            LibrarySource::Folder(second.path().to_path_buf()),
        ],
        &options,
    );
    assert_eq!(library.modules.len(), 1);
    assert_eq!(library.modules[0].title, "Our version");
    let d = only(&library, Severity::Note);
    assert!(d.file.starts_with(&second.path().display().to_string()));
    assert!(d.message.contains("replaces the one in"));
}

#[test]
fn a_missing_library_folder_is_reported() {
    let library = load_dir(std::path::Path::new("/definitely/not/here"));
    let d = only(&library, Severity::Error);
    assert!(d.message.contains("does not exist"));
}

#[test]
fn framework_and_services_files_are_validated_too() {
    let framework = "name = \"Ours\"\n[[age_bands]]\nid = \"y5\"\nlabel = \"Year 5\"\n[[age_bands]]\nid = \"y5\"\nlabel = \"Again\"\n[[strands]]\nid = \"s\"\n";
    let services = "[[services]]\nid = \"nurse\"\nname = \"Nurse\"\naudience = \"pupils\"\nregion = \"uk\"\ndescription = \"d\"\nphone = 5\n";
    let library = load_files(&[("framework.toml", framework), ("services.toml", services)]);
    let messages: Vec<String> = library.diagnostics.iter().map(|d| d.headline()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("framework.toml:6:6: error: age band `y5` is defined twice")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("missing required field `label` in strand 1")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("services.toml:4:12: error: unknown audience `pupils`")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`phone` in service 1 must be a string")),
        "{messages:#?}"
    );
    assert!(
        library.service("nurse").is_none(),
        "a service with errors is not loaded"
    );
}

#[test]
fn a_framework_entry_without_a_label_still_counts_for_duplicate_ids() {
    let framework = "name = \"Ours\"\n[[age_bands]]\nid = \"y5\"\nlabel = \"Year 5\"\n[[strands]]\nid = \"s\"\n[[strands]]\nid = \"s\"\nlabel = \"Again\"\n";
    let library = load_files(&[("framework.toml", framework)]);
    let found: Vec<(usize, Code)> = problems_found(&library);
    assert_eq!(
        found,
        [(5, Code::MissingField), (8, Code::DuplicateId)],
        "{:#?}",
        library.diagnostics
    );
}

fn synonym<'l>(library: &'l Library, word: &str) -> Option<&'l Synonym> {
    library.synonyms.iter().find(|s| s.word == word)
}

#[test]
fn the_bundled_synonyms_load_cleanly() {
    let library = load_files(&[]);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
    assert!(library.synonyms.len() >= 20, "{}", library.synonyms.len());
    let catfish = synonym(&library, "catfish").unwrap();
    assert!(catfish.meanings.contains(&"fake profile".to_string()));
    assert!(catfish.file.starts_with(BUNDLED_PREFIX));
}

#[test]
fn later_synonyms_add_to_earlier_ones() {
    let first =
        "[synonyms]\ncatfish = \"pretending online\"\nlurking = [\"watching\", \"silent\"]\n";
    let second = "[synonyms]\nCatfish = [\"fake profile\", \"pretending online\", \"impostor\"]\n";
    let library = load_files(&[("a/synonyms.toml", first), ("b/synonyms.toml", second)]);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
    let catfish = synonym(&library, "catfish").unwrap();
    for meaning in ["fake profile", "pretending online", "impostor"] {
        let count = catfish.meanings.iter().filter(|m| *m == meaning).count();
        assert_eq!(count, 1, "{meaning}: {:?}", catfish.meanings);
    }
    assert_eq!(
        synonym(&library, "lurking").unwrap().meanings,
        ["watching", "silent"]
    );
    assert!(
        library.modules.is_empty(),
        "a synonyms.toml is not a module"
    );
}

#[test]
fn bad_synonyms_are_located_and_skipped_and_the_rest_load() {
    let synonyms = "[synonyms]\n\
                    catfish = 5\n\
                    selfie = [\"photo\", 3]\n\
                    \"!!\" = \"bang\"\n\
                    pics = \"pics\"\n\
                    lurking = []\n\
                    vlog = \"one two three four five six seven\"\n\
                    troll = \"bullying\"\n\
                    Troll = \"harassment\"\n\
                    [extra]\n";
    let library = load_files(&[("synonyms.toml", synonyms), ("m.toml", VALID)]);
    let messages: Vec<String> = library.diagnostics.iter().map(|d| d.headline()).collect();
    let expect = [
        "synonyms.toml:2:11: error: the meanings of `catfish` must be a string or a list of strings, but this is a whole number",
        "synonyms.toml:3:20: error: every meaning of `selfie` must be a string, but this is a whole number",
        "synonyms.toml:4:1: error: the word `!!` has no letters or digits to search for",
        "synonyms.toml:5:8: warning: \"pics\" is given as a meaning of itself",
        "synonyms.toml:6:11: warning: `lurking` has no meanings, so it changes nothing",
        "synonyms.toml:7:8: error: the meaning \"one two three four five six seven\" of `vlog` is 7 words long; the limit is 6",
        "synonyms.toml:9:1: warning: `Troll` is listed already, as `troll` on line 8 (case does not matter)",
        "synonyms.toml:10:2: warning: unknown key `extra`",
    ];
    for line in expect {
        assert!(
            messages.iter().any(|m| m.ends_with(line)),
            "{line}\n{messages:#?}"
        );
    }
    assert_eq!(messages.len(), expect.len(), "{messages:#?}");
    assert!(
        library
            .diagnostics
            .iter()
            .all(|d| d.hint.as_ref().is_some_and(|h| !h.is_empty())),
        "every problem says what to do"
    );
    for skipped in ["catfish", "selfie", "!!", "pics", "lurking", "vlog"] {
        assert!(
            library
                .synonyms
                .iter()
                .all(|s| s.file.starts_with(BUNDLED_PREFIX) || s.word != skipped),
            "{skipped} is not loaded from the school's file"
        );
    }
    let troll = synonym(&library, "troll").unwrap();
    assert!(troll.meanings.contains(&"harassment".to_string()));
    assert_eq!(library.modules.len(), 1, "the module beside it still loads");
}

/// The valid sample with `sheets` (`[[resource_sheets]]` tables) and `resources` added.
fn with_sheets(resources: &str, sheets: &str) -> String {
    VALID
        .replace(
            "signposting = [\"childline\"]",
            &format!("signposting = [\"childline\"]\nresources = {resources}"),
        )
        .replace("[safeguarding]", &format!("{sheets}\n[safeguarding]"))
}

#[test]
fn resource_sheets_of_each_kind_are_read_with_the_band_s_writing_space() {
    let text = with_sheets(
        r#"["Profile cards (activity 2), one set per group", "Chat: Sam and Lily", "Worksheet", "Exit ticket"]"#,
        r#"
[[resource_sheets]]
title = "Profile cards"
kind = "cards"
activity = 2
instructions = "Cut out the cards."
cards = ["**SkyRacer_10**: a cartoon horse", "Leo_11: football mad"]

[[resource_sheets]]
title = "Chat: Sam and Lily"
kind = "chat"
owner = "Sam"
app = "Build Bay chat"
messages = [
  { from = "Lily", text = "are you on tonight?" },
  { from = "Sam", text = "yes after tea" },
]

[[resource_sheets]]
title = "Worksheet"
kind = "worksheet"
questions = ["What could Jade say?", "Who could she tell?"]

[[resource_sheets]]
title = "Exit ticket"
kind = "exit-ticket"
lines = 2
name_line = true
questions = ["Write one warning sign."]
"#,
    );
    let (_folder, library) = load_kept(&[("module.toml", &text)]);
    assert!(library.diagnostics.is_empty(), "{:?}", library.diagnostics);
    let sheets = &library.modules[0].in_full().unwrap().text.resource_sheets;
    assert_eq!(sheets.len(), 4);
    assert_eq!(sheets[0].activity, Some(2));
    assert_eq!(
        sheets[0].instructions.as_deref(),
        Some("Cut out the cards.")
    );
    assert_eq!(
        sheets[0].content,
        SheetContent::Cards {
            cards: vec![
                "**SkyRacer_10**: a cartoon horse".into(),
                "Leo_11: football mad".into()
            ]
        }
    );
    match &sheets[1].content {
        SheetContent::Chat {
            owner,
            app,
            messages,
        } => {
            assert_eq!(owner, "Sam");
            assert_eq!(app.as_deref(), Some("Build Bay chat"));
            assert_eq!(messages[0].from, "Lily");
            assert_eq!(messages[1].text, "yes after tea");
        }
        other => panic!("{other:?}"),
    }
    // A 7-11 worksheet gives three lines a question unless it says otherwise.
    assert!(
        matches!(&sheets[2].content, SheetContent::Worksheet { lines: 3, questions, name_line: None } if questions.len() == 2)
    );
    assert!(matches!(
        &sheets[3].content,
        SheetContent::ExitTicket {
            lines: 2,
            name_line: Some(true),
            ..
        }
    ));
}

#[test]
fn a_broken_resource_sheet_is_an_error_where_it_is_written() {
    let text = with_sheets(
        r#"["Cards"]"#,
        r#"
[[resource_sheets]]
title = "Cards"
kind = "flashcards"

[[resource_sheets]]
title = "Cards"
kind = "cards"
activity = 7
cards = []

[[resource_sheets]]
title = "Cards"
kind = "worksheet"
questions = ["Why?"]
lines = 40
name_line = "yes"
"#,
    );
    let library = load_one(&text);
    let found = problems_found(&library);
    assert!(library.modules.is_empty());
    assert!(
        found.contains(&(line_of(&text, "\"flashcards\""), Code::UnknownSheetKind)),
        "{found:?}"
    );
    assert!(
        found.contains(&(line_of(&text, "activity = 7"), Code::OutOfRange)),
        "{found:?}"
    );
    assert!(
        found.contains(&(line_of(&text, "cards = []"), Code::EmptyField)),
        "{found:?}"
    );
    assert!(
        found.contains(&(line_of(&text, "lines = 40"), Code::OutOfRange)),
        "{found:?}"
    );
    assert!(
        found.contains(&(line_of(&text, "name_line = \"yes\""), Code::WrongType)),
        "{found:?}"
    );
    let activity = library
        .diagnostics
        .iter()
        .find(|d| d.message.contains("activity 7"))
        .unwrap();
    assert!(
        activity.message.contains("has 2 activities"),
        "{}",
        activity.message
    );
}

#[test]
fn a_sheet_the_resources_do_not_name_or_a_chat_owner_who_never_speaks_is_a_warning() {
    let text = with_sheets(
        r#"["Sticky notes"]"#,
        r#"
[[resource_sheets]]
title = "Chat"
kind = "chat"
owner = "Priya"
messages = [{ from = "Sam", text = "hi" }]
"#,
    );
    let library = load_one(&text);
    assert_eq!(library.modules.len(), 1, "warnings keep the module");
    let found = problems_found(&library);
    assert!(
        found.contains(&(line_of(&text, "title = \"Chat\""), Code::SheetNotListed)),
        "{found:?}"
    );
    assert!(
        found.contains(&(line_of(&text, "owner = \"Priya\""), Code::UnknownChatOwner)),
        "{found:?}"
    );
}

#[test]
fn words_kept_from_primary_pupils_are_caught_on_their_resource_sheets_too() {
    let text = with_sheets(
        r#"["Cards"]"#,
        r#"
[[resource_sheets]]
title = "Cards"
kind = "cards"
cards = ["A sexual picture"]
"#,
    );
    let library = load_one(&text);
    let found = problems_found(&library);
    assert!(
        found.contains(&(line_of(&text, "A sexual picture"), Code::PrimaryWording)),
        "{found:?}"
    );
}

#[test]
fn a_module_short_of_the_lesson_design_standard_loads_with_one_reminder() {
    let criteria = VALID
        .lines()
        .find(|l| l.starts_with("success_criteria ="))
        .unwrap();
    let text = VALID.replacen(&format!("{criteria}\n"), "", 1);
    let library = load_one(&text);
    let d = only(&library, Severity::Warning);
    assert_eq!(d.code, Code::IncompleteModule);
    assert_eq!(d.location.line, 1);
    assert!(
        d.message
            .starts_with("the module has no `success_criteria`: it loads"),
        "{d}"
    );
    assert_eq!(library.modules.len(), 1, "still loaded");

    // Outcomes are asked for only where some library has outcomes for the module's band.
    let framework = "name = \"Ours\"\n[[age_bands]]\nid = \"y5\"\nlabel = \"Year 5\"\n[[strands]]\nid = \"online-relationships\"\nlabel = \"Relationships\"\n";
    let text = text
        .replace(OUTCOMES_LINE, "")
        .replace("age_band = \"7-11\"", "age_band = \"y5\"");
    let library = load_files(&[("framework.toml", framework), ("m.toml", &text)]);
    let d = only(&library, Severity::Warning);
    assert!(
        d.message
            .starts_with("the module has no `success_criteria`:"),
        "{d}"
    );
    let text = VALID.replace(OUTCOMES_LINE, "");
    let d = only(&load_one(&text), Severity::Warning).clone();
    assert!(
        d.message.starts_with("the module has no `outcomes`:"),
        "{d}"
    );
    assert!(d.hint.unwrap().contains("lessonplan coverage --outcomes"));
}

#[test]
fn a_large_library_read_on_several_cores_keeps_its_files_in_order() {
    // Enough modules to be read in parallel chunks; module 31 repeats module 4's id, so the
    // error must fall on the later file whichever chunk read each.
    let good = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/good/phone-rules-7-11.toml"),
    )
    .unwrap();
    let names: Vec<String> = (0..40).map(|n| format!("m{n:02}.toml")).collect();
    let texts: Vec<String> = (0..40)
        .map(|n| {
            let id = if n == 31 { 4 } else { n };
            good.replace("id = \"phone-rules-7-11\"", &format!("id = \"copy-{id}\""))
        })
        .collect();
    let services = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/services.toml"),
    )
    .unwrap();
    let mut files: Vec<(&str, &str)> = names
        .iter()
        .zip(&texts)
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    files.push(("services.toml", &services));
    let library = load_files(&files);
    let errors: Vec<&Diagnostic> = library
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code != Code::DuplicateId)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let duplicates: Vec<&Diagnostic> = library
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::DuplicateId)
        .collect();
    assert_eq!(duplicates.len(), 1, "{duplicates:?}");
    assert!(
        duplicates[0].file.ends_with("m31.toml"),
        "{:?}",
        duplicates[0]
    );
    assert!(
        duplicates[0].message.contains("m04.toml"),
        "{}",
        duplicates[0].message
    );
    assert_eq!(library.modules.len(), 39);
    // Each is found by its id, through the index.
    for n in [0, 4, 17, 39] {
        assert_eq!(
            library.module(&format!("copy-{n}")).map(|m| m.id.clone()),
            Some(format!("copy-{n}"))
        );
    }
    assert!(library.module("copy-31").is_none());
}

#[test]
fn links_between_modules_read_on_different_cores_are_checked_where_they_are_written() {
    // Each module builds on the one before it; module 25 names a misspelt one and module 33 one
    // for older pupils. Whichever worker read each file, the warnings fall on the line and
    // column of the link, found after every text was dropped.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    let good = std::fs::read_to_string(fixtures.join("phone-rules-7-11.toml")).unwrap();
    let services = std::fs::read_to_string(fixtures.join("services.toml")).unwrap();
    let older = VALID
        .replace("id = \"sample-7-11\"", "id = \"older-11-14\"")
        .replace("age_band = \"7-11\"", "age_band = \"11-14\"")
        .replace(OUTCOMES_LINE, "");
    let texts: Vec<String> = (0..40)
        .map(|n| {
            let link = match n {
                0 => String::new(),
                25 => "builds_on = [\"copy-24x\"]\n".to_string(),
                33 => "builds_on = [\"older-11-14\"]\n".to_string(),
                _ => format!("builds_on = [\"copy-{}\"]\n", n - 1),
            };
            let module = good.replace(
                "id = \"phone-rules-7-11\"\n",
                &format!("id = \"copy-{n}\"\n{link}"),
            );
            assert_ne!(module, good, "the fixture's id line is where the link goes");
            module
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    for (n, text) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("m{n:02}.toml")), text).unwrap();
    }
    std::fs::write(dir.path().join("older.toml"), &older).unwrap();
    std::fs::write(dir.path().join("services.toml"), &services).unwrap();
    let progress = LoadProgress::default();
    let library = load_dir_counting(dir.path(), &progress);
    // Every module file found was read, and counted; nothing was kept, as none was asked for.
    assert_eq!(progress.counts(), (41, 41));
    assert_eq!(library.modules.len(), 41);
    assert!(progress.take_read().is_empty());
    let links: Vec<&Diagnostic> = library
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::UnknownModule | Code::BandsOutOfOrder))
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    let misspelt = links.iter().find(|d| d.file.ends_with("m25.toml")).unwrap();
    assert_eq!(misspelt.code, Code::UnknownModule);
    assert_eq!(misspelt.location.line, 2);
    assert_eq!(misspelt.location.column, 14);
    assert_eq!(
        misspelt.source_line.as_deref(),
        Some("builds_on = [\"copy-24x\"]")
    );
    assert!(
        misspelt
            .hint
            .as_deref()
            .unwrap()
            .contains("did you mean `copy-24`?")
    );
    let wrong_way = links.iter().find(|d| d.file.ends_with("m33.toml")).unwrap();
    assert_eq!(wrong_way.code, Code::BandsOutOfOrder);
    assert_eq!(wrong_way.location.line, 2);
    assert!(wrong_way.message.contains("for ages 11-14"), "{wrong_way}");
}

#[test]
fn a_module_s_full_text_is_read_from_its_file_when_asked_for() {
    let (_folder, library) = load_kept(&[("module.toml", VALID)]);
    assert!(library.diagnostics.is_empty(), "{:?}", library.diagnostics);
    let module = &library.modules[0];
    assert!(
        matches!(module.source, TextSource::File(_)),
        "a folder's module keeps its text in its file: {:?}",
        module.source
    );
    let full = module.in_full().unwrap();
    assert_eq!(full.module, *module);
    assert_eq!(
        full.text.activity_descriptions,
        ["Who helps us?", "Scenario cards."]
    );
    assert_eq!(full.text.safeguarding_notes, "Agree ground rules first.");
    assert!(
        full.text
            .handout
            .student
            .contains("A trusted adult is a grown-up")
    );
    let described: Vec<(&str, &str)> = full
        .activities_described()
        .map(|(a, d)| (a.title.as_str(), d))
        .collect();
    assert_eq!(
        described,
        [("Starter", "Who helps us?"), ("Main", "Scenario cards.")]
    );
}

#[test]
fn a_bundled_module_s_full_text_comes_from_the_program_itself() {
    let library = Library::bundled(&LoadOptions::default());
    let module = &library.modules[0];
    assert!(matches!(module.source, TextSource::Bundled(_)));
    let full = module.in_full().unwrap();
    assert_eq!(
        full.text.activity_descriptions.len(),
        module.activities.len()
    );
    assert!(!full.text.handout.student.trim().is_empty());
}

#[test]
fn a_file_changed_since_the_library_was_read_is_never_mixed_with_what_it_held() {
    let (folder, library) = load_kept(&[("module.toml", VALID)]);
    let module = &library.modules[0];
    let path = folder.path().join("module.toml");

    // A new description, of another length: the old title must not be printed with it.
    std::fs::write(
        &path,
        VALID.replace("Scenario cards.", "Scenario cards, in pairs."),
    )
    .unwrap();
    let changed = module.in_full().unwrap_err();
    assert!(changed.file.ends_with("module.toml"), "{changed}");
    assert_eq!(changed.what, "it was edited");
    let said = changed.to_string();
    assert!(
        said.contains("has changed since the library was read"),
        "{said}"
    );
    assert!(said.contains("read the library again"), "{said}");

    // The same length written later: its modification time tells.
    let same_length = VALID.replace("Scenario cards.", "Scenario words.");
    assert_eq!(same_length.len(), VALID.len());
    std::fs::write(&path, &same_length).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    let stamp = match &module.source {
        TextSource::File(stamp) => stamp.clone(),
        other => panic!("{other:?}"),
    };
    let later = stamp.modified.unwrap() + std::time::Duration::from_secs(5);
    file.set_modified(later).unwrap();
    assert_eq!(module.in_full().unwrap_err().what, "it was edited");

    // Gone: said, not a panic.
    std::fs::remove_file(&path).unwrap();
    let gone = module.in_full().unwrap_err();
    assert!(gone.what.starts_with("it cannot be read"), "{gone}");

    // Read again, the library holds the file as it is now.
    std::fs::write(&path, &same_length).unwrap();
    let again = load_dir(folder.path());
    let full = again.modules[0].in_full().unwrap();
    assert_eq!(full.text.activity_descriptions[1], "Scenario words.");
}

#[test]
fn a_load_asked_to_keep_what_it_reads_gives_each_module_once_as_it_goes() {
    let broken = VALID.replace("title = \"Who can I tell?\"\n", "");
    let second = VALID.replace("sample-7-11", "second-7-11");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), VALID).unwrap();
    std::fs::write(dir.path().join("b.toml"), &broken).unwrap();
    std::fs::write(dir.path().join("c.toml"), &second).unwrap();
    let progress = LoadProgress::keeping_read();
    let library = load_dir_counting(dir.path(), &progress);
    assert_eq!(progress.counts(), (3, 3));
    // The module with an error is not kept; the others are, as the library has them.
    let mut kept = progress.take_read();
    kept.sort_by(|a, b| a.id.cmp(&b.id));
    let ids: Vec<&str> = kept.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["sample-7-11", "second-7-11"]);
    for module in &kept {
        assert_eq!(Some(module), library.module(&module.id));
    }
    assert!(progress.take_read().is_empty(), "each is given once");
    // So is the framework the modules were read against: the library's own.
    assert_eq!(progress.take_framework().as_ref(), Some(&library.framework));
    assert_eq!(progress.take_framework(), None, "given once");
    let untold = LoadProgress::default();
    load_dir_counting(dir.path(), &untold);
    assert_eq!(untold.take_framework(), None, "kept only when asked for");

    // Added to a library not yet read, the first of an id stays.
    let mut browsing = Library::unloaded(&library.sources, &library.options);
    browsing.add_read(kept.clone());
    browsing.add_read(vec![kept[0].clone()]);
    assert_eq!(browsing.modules.len(), 2);
    assert_eq!(browsing.module("second-7-11"), Some(&kept[1]));
}

#[test]
fn a_modules_lists_are_held_without_room_to_grow() {
    // Every module of a library is held while it is open: a list's spare room, times the lists
    // of thousands of modules, is memory taken for nothing.
    let library = Library::bundled(&LoadOptions::default());
    for module in &library.modules {
        let lists = [
            &module.strands,
            &module.keywords,
            &module.objectives,
            &module.success_criteria,
            &module.send_adaptations,
            &module.builds_on,
            &module.leads_to,
            &module.outcomes,
            &module.resources,
            &module.signposting,
        ];
        for (at, list) in lists.iter().enumerate() {
            assert_eq!(list.capacity(), list.len(), "{}: list {at}", module.id);
        }
        assert_eq!(
            module.vocabulary.capacity(),
            module.vocabulary.len(),
            "{}",
            module.id
        );
        assert_eq!(
            module.activities.capacity(),
            module.activities.len(),
            "{}",
            module.id
        );
    }
}
