//! Handouts in every script a school writes in: the PDF shows Greek, Cyrillic, Arabic, Urdu,
//! Chinese and emoji and gives the same text back (read with poppler, installed by .ci/run with
//! the fonts these tests rely on), and a character no font has stops the export with a message
//! that says where it is.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use predicates::prelude::*;

mod common;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts")
}

fn module_text() -> String {
    std::fs::read_to_string(fixtures().join("library/greetings-7-11.toml")).unwrap()
}

fn export_pdf(home: &Path) -> PathBuf {
    let out = home.join("scripts.pdf");
    common::lessonplan(home, &fixtures().join("library"))
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Whether fontconfig knows a font with `c`, or `None` (outside CI) when fontconfig is missing;
/// outside CI a test that needs the font is skipped without it.
fn installed_font_has(c: char) -> bool {
    let charset = format!(":charset={:x}", u32::from(c));
    let found = Process::new("fc-list")
        .args([charset.as_str(), "family"])
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "no font has {c}: .ci/run installs fonts-noto-cjk and fonts-noto-color-emoji"
        );
        eprintln!(
            "SKIPPED: no installed font has {c} (apt-get install fonts-noto-cjk fonts-noto-color-emoji)"
        );
    }
    found
}

/// The value of a `key = """..."""` or `key = "..."` entry of the fixture module.
fn field(toml: &str, key: &str) -> String {
    let table: toml::Table = toml.parse().unwrap();
    let value = match key.split_once('.') {
        Some((outer, inner)) => &table[outer][inner],
        None => &table[key],
    };
    value.as_str().unwrap().to_string()
}

/// pdftotext's text with its direction marks around right-to-left runs taken out.
fn without_direction_marks(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect()
}

#[test]
fn every_script_prints_in_the_pdf_and_its_text_reads_back() {
    if !installed_font_has('你') || !installed_font_has('🙂') {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let pdf = export_pdf(home.path());
    let pdf = pdf.to_str().unwrap();
    let Some(text) = common::poppler("pdftotext", [pdf, "-"]) else {
        return;
    };
    let text = without_direction_marks(&text);
    let module = module_text();
    for key in ["title", "handout.student", "handout.parent"] {
        let written = field(&module, key);
        let lost: String = written
            .chars()
            .filter(|c| !c.is_whitespace() && !text.contains(*c))
            .collect();
        assert!(lost.is_empty(), "`{key}` lost {lost:?} in:\n{text}");
    }
    // Arabic and Urdu come back in reading order, each stretch between punctuation as written,
    // letters as letters (not the joined forms drawn).
    for phrase in [
        "كن لطيفا على الإنترنت",
        "وأخبر شخصا بالغا تثق به إذا أزعجك شيء",
        "آن لائن مہربان رہیں",
        "اور اگر کوئی چیز آپ کو پریشان کرے تو کسی بڑے کو بتائیں",
        "在网上要友善。如果有什么让你担心，请告诉你信任的大人。",
        "Να είσαι ευγενικός στο διαδίκτυο.",
        "Будь добрым в интернете.",
        "🙂 👍 ❤\u{FE0F} 🌍 👩\u{200D}👧",
    ] {
        assert!(text.contains(phrase), "{phrase:?} not in:\n{text}");
    }
    assert!(
        !text
            .chars()
            .any(|c| matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')),
        "presentation forms in the text layer"
    );
    // The plan's title, in the footer and the headings, with its Arabic.
    assert!(text.contains("Year 4: kind words, كلمات لطيفة"), "{text}");
}

#[test]
fn the_pdf_embeds_a_font_for_each_script() {
    if !installed_font_has('你') || !installed_font_has('🙂') {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let pdf = export_pdf(home.path());
    let Some(fonts) = common::poppler("pdffonts", [&pdf]) else {
        return;
    };
    for font in ["LiberationSans", "NotoNaskhArabic", "NotoSansCJK"] {
        assert!(fonts.contains(font), "{font} not embedded:\n{fonts}");
    }
    // Colour emoji are drawn as pictures, in a Type 3 font.
    assert!(fonts.contains("Type 3"), "no emoji font:\n{fonts}");
    for line in fonts.lines().skip(2) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(columns[columns.len() - 5], "yes", "not embedded: {line}");
    }
}

/// A private-use character: no font a school would install has it.
const NO_FONT_HAS: char = '\u{10FFFD}';

#[test]
fn a_character_no_font_has_stops_the_export_naming_it_its_module_and_field() {
    let home = tempfile::tempdir().unwrap();
    let library = home.path().join("library");
    std::fs::create_dir(&library).unwrap();
    let module = module_text().replacen(
        "Kind words make people smile",
        &format!("Kind words {NO_FONT_HAS} make people smile"),
        1,
    );
    std::fs::write(library.join("greetings-7-11.toml"), module).unwrap();
    std::fs::copy(
        fixtures().join("library/kindness-ar-7-11.toml"),
        library.join("kindness-ar-7-11.toml"),
    )
    .unwrap();
    let out = home.path().join("missing.pdf");
    common::lessonplan(home.path(), &library)
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("U+10FFFD"))
        .stderr(predicate::str::contains(
            "module `greetings-7-11`, field `handout.student`",
        ))
        .stderr(predicate::str::contains("greetings-7-11.toml"))
        .stderr(predicate::str::contains("Install a font that has it"))
        .stderr(predicate::str::contains("change the text"));
    assert!(!out.exists(), "nothing is written");
    // The other formats show the text as written.
    common::lessonplan(home.path(), &library)
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .args(["--format", "html", "--out"])
        .arg(home.path().join("missing.html"))
        .assert()
        .success();
}

#[test]
fn a_character_no_font_has_in_the_plan_names_the_plan_field() {
    let home = tempfile::tempdir().unwrap();
    let plan = home.path().join("plan.toml");
    let written = std::fs::read_to_string(fixtures().join("plan.toml")).unwrap();
    std::fs::write(
        &plan,
        written.replacen("Ms Ωmega", &format!("Ms Ωmega {NO_FONT_HAS}"), 1),
    )
    .unwrap();
    common::lessonplan(home.path(), &fixtures().join("library"))
        .arg("export")
        .arg(&plan)
        .arg("--out")
        .arg(home.path().join("plan.pdf"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("U+10FFFD"))
        .stderr(predicate::str::contains("the plan's `teacher`"));
}

#[test]
fn a_module_that_names_its_language_is_tagged_with_it_in_the_html_and_the_pdf() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("scripts.html");
    common::lessonplan(home.path(), &fixtures().join("library"))
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .args(["--format", "html", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    let student = &html[html.find("<section class=\"handout student\"").unwrap()..];
    let (greetings, arabic) = student.split_at(student.find("<div lang=\"ar\">").unwrap());
    assert!(
        arabic.starts_with("<div lang=\"ar\">\n<h2 dir=\"auto\">اللطف على الإنترنت</h2>"),
        "{arabic}"
    );
    // The module's text is inside, the program's own help box after it.
    let part = &arabic[..arabic.find("</div>").unwrap()];
    assert!(
        part.contains("كن لطيفا على الإنترنت كما تكون لطيفا في الصف"),
        "{part}"
    );
    assert!(!part.contains("Where to get help"), "{part}");
    // A bold line of its own is a sub-heading, one level below the module's title.
    assert!(part.contains("<h3 dir=\"auto\">ماذا أفعل؟</h3>"), "{part}");
    // A module that names no language is in the document's.
    assert!(!greetings.contains("lang="), "{greetings}");
    assert!(html.contains("<html lang=\"en-GB\">"));

    let pdf = std::fs::read(export_pdf(home.path())).unwrap();
    let lang = |tag: &str| {
        let wanted = format!("/Lang({tag})");
        pdf.windows(wanted.len()).any(|w| w == wanted.as_bytes())
    };
    assert!(lang("ar"), "no structure element is tagged `ar`");
    assert!(lang("en-GB"), "the document's language");
}
