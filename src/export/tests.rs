//! The document model and the writers, on the export fixture library.

use std::path::PathBuf;

use super::document::{Block, Document, build};
use super::*;
use crate::library::{Date, LibrarySource, LoadOptions, load};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export")
}

fn library() -> Library {
    let options = LoadOptions {
        today: Date {
            year: 2026,
            month: 11,
            day: 24,
        },
        bundled_modules: false,
    };
    load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(fixtures().join("library")),
        ],
        &options,
    )
}

fn plan() -> Plan {
    Plan::load(&fixtures().join("plan.toml")).unwrap()
}

/// The fixture plan names a module no library has; most tests print without it.
fn skipping() -> ExportOptions {
    ExportOptions {
        skip_missing: true,
        ..ExportOptions::default()
    }
}

fn options(handouts: &[Handout], region: &str) -> ExportOptions {
    ExportOptions {
        handouts: handouts.to_vec(),
        region: region.to_string(),
        ..skipping()
    }
}

/// Every piece of text in the document, in order, one per line.
fn text(document: &Document) -> String {
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for block in blocks {
            match block {
                Block::Heading { text, .. } | Block::Paragraph(text) => out.push(text.clone()),
                Block::Bullets(items) | Block::Checklist(items) => out.extend(items.clone()),
                Block::Table { header, rows, .. } => {
                    out.push(header.join(" | "));
                    out.extend(rows.iter().map(|r| r.join(" | ")));
                }
                Block::Panel { title, blocks } => {
                    out.push(title.clone());
                    walk(blocks, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    for section in &document.sections {
        walk(&section.blocks, &mut out);
    }
    out.join("\n")
}

#[test]
fn handouts_come_in_printed_order_whatever_order_they_are_asked_for() {
    let document = build(
        &plan(),
        &library(),
        &options(&[Handout::Parent, Handout::Teacher], "uk"),
    );
    let order: Vec<Handout> = document.sections.iter().map(|s| s.handout).collect();
    assert_eq!(order, [Handout::Teacher, Handout::Parent]);
}

#[test]
fn a_missing_module_stops_the_export_unless_it_is_skipped() {
    let refused = render(&plan(), &library(), &ExportOptions::default()).unwrap_err();
    assert!(
        matches!(&refused, ExportError::MissingModules(ids) if ids == &["retired-module"]),
        "{refused:?}"
    );
    let message = refused.to_string();
    assert!(message.contains("retired-module") && message.contains("--skip-missing"));
    // Skipped, every handout counts the same two lessons.
    let document = build(&plan(), &library(), &options(&Handout::ALL, "uk"));
    let text = text(&document);
    assert!(text.contains("in 2 sessions"), "{text}");
    assert!(text.contains("two online-safety lessons"), "{text}");
    assert!(
        !text.contains('`'),
        "no Markdown-lite has backticks: {text}"
    );
}

#[test]
fn the_teacher_plan_lists_a_skipped_module_with_its_note_and_times_every_session() {
    let document = build(&plan(), &library(), &options(&[Handout::Teacher], "uk"));
    let text = text(&document);
    assert!(text.contains("Left out of these handouts"), "{text}");
    assert!(
        text.contains("**retired-module** (your note: Swap for the new AI lesson.)"),
        "{text}"
    );
    assert!(text.contains("Session 2: Sextortion"), "{text}");
    assert!(text.contains("1 h 35 min in 2 sessions"), "{text}");
    assert!(
        text.contains("10 min | Starter | Baseline: real or fake?"),
        "{text}"
    );
    assert!(
        text.contains("50 min | Total | of a 50-minute lesson"),
        "{text}"
    );
    assert!(
        text.contains("**Your note:** Use the school's own posts."),
        "{text}"
    );
    assert!(text.contains("Teach on Tuesdays."), "{text}");
}

#[test]
fn only_sensitive_modules_get_the_preflight_checklist() {
    let document = build(&plan(), &library(), &options(&[Handout::Teacher], "uk"));
    let text = text(&document);
    assert_eq!(text.matches("Safeguarding pre-flight checklist").count(), 1);
    let checklist = text.find("Safeguarding pre-flight checklist").unwrap();
    assert!(
        checklist > text.find("Session 2: Sextortion").unwrap(),
        "the checklist belongs to the sensitive session"
    );
    assert!(text.contains("Designated Safeguarding Lead (DSL) briefed"));
}

#[test]
fn students_see_young_peoples_services_for_their_region_only() {
    let uk = text(&build(
        &plan(),
        &library(),
        &options(&[Handout::Student], "uk"),
    ));
    assert!(uk.contains("Fixture Youth Line"), "{uk}");
    assert!(
        !uk.contains("Fixture Family Line"),
        "adult service on a pupil sheet"
    );
    assert!(!uk.contains("Fixture Irish Youth Service"), "other region");
    assert!(
        !uk.contains("retired-module"),
        "pupils are not shown missing modules"
    );
    let ie = text(&build(
        &plan(),
        &library(),
        &options(&[Handout::Student], "ie"),
    ));
    assert!(ie.contains("Fixture Irish Youth Service"), "{ie}");
    assert!(!ie.contains("Fixture Youth Line"), "{ie}");
}

#[test]
fn a_module_without_signposting_for_the_region_falls_back_to_the_regions_services() {
    // The sextortion fixture signposts UK services only; in Ireland its box still lists help.
    let ie = text(&build(
        &plan(),
        &library(),
        &options(&[Handout::Student], "ie"),
    ));
    let sextortion = ie.find("Sextortion").unwrap();
    assert!(
        ie[sextortion..].contains("Fixture Irish Youth Service"),
        "{ie}"
    );
}

#[test]
fn a_handout_that_opens_with_its_own_title_is_not_titled_twice() {
    let mut library = library();
    let module = library
        .modules
        .iter_mut()
        .find(|m| m.id == "tricky-text-11-14")
        .unwrap();
    module.handout.student = format!("**{}**\n\nBody text.", module.title);
    let text = text(&build(
        &plan(),
        &library,
        &options(&[Handout::Student], "uk"),
    ));
    assert_eq!(text.matches("Fakes & <script>").count(), 1, "{text}");
    assert!(text.contains("Body text."));
}

#[test]
fn parents_see_adult_services_and_what_each_lesson_covers() {
    let letter = text(&build(
        &plan(),
        &library(),
        &options(&[Handout::Parent], "uk"),
    ));
    assert!(letter.contains("Fixture Family Line"), "{letter}");
    assert!(!letter.contains("Fixture Youth Line"), "{letter}");
    assert!(letter.contains("Ask your child to show you the four checks"));
    assert!(
        letter.contains("Year 8 has had two online-safety lessons"),
        "{letter}"
    );
    assert!(letter.contains("sensitive topics"), "{letter}");
    assert!(letter.ends_with("**Ms Patel**\nClass teacher"), "{letter}");
}

fn letter(school: School) -> String {
    let options = ExportOptions {
        handouts: vec![Handout::Parent],
        format: Format::Markdown,
        school,
        date: Some(Date {
            year: 2026,
            month: 12,
            day: 2,
        }),
        ..skipping()
    };
    let mut plan = plan();
    plan.teacher = None;
    String::from_utf8(render(&plan, &library(), &options).unwrap()).unwrap()
}

#[test]
fn the_letter_reads_well_without_a_school_table() {
    let text = letter(School::default());
    insta::assert_snapshot!("letter_without_school", text);
    assert!(text.contains("2 December 2026"));
    assert!(text.contains("the school's Designated Safeguarding Lead (DSL)"));
    assert!(text.ends_with("**Your child's class teacher**\n"), "{text}");
    for blank in ["None", "()", " ,", "  "] {
        assert!(!text.contains(blank), "nothing left blank: {blank:?}");
    }
}

#[test]
fn the_letter_comes_from_the_school_named_in_the_config() {
    let school = School {
        name: Some("Hillside Primary School".into()),
        address: Some("1 Hill Road\nTownsville\nTS1 2AB".into()),
        phone: Some("01234 567890".into()),
        email: Some("office@hillside.example".into()),
        website: Some("www.hillside.example".into()),
        dsl_name: Some("Mr Khan".into()),
        dsl_contact: Some("dsl@hillside.example".into()),
        sign_off_name: Some("Ms Rivera".into()),
        sign_off_role: Some("Headteacher".into()),
        ..School::default()
    };
    let text = letter(school);
    insta::assert_snapshot!("letter_with_school", text);
    assert!(text.starts_with("# Hillside Primary School\n"));
    assert!(text.contains("1 Hill Road, Townsville, TS1 2AB"));
    assert!(text.contains("01234 567890 · office@hillside.example · www.hillside.example"));
    assert!(text.contains("Designated Safeguarding Lead, Mr Khan (dsl@hillside.example)"));
    assert!(text.ends_with("**Ms Rivera**\n\nHeadteacher\n"), "{text}");
}

#[test]
fn render_refuses_nothing_to_print() {
    let library = library();
    let error = render(&plan(), &library, &options(&[], "uk")).unwrap_err();
    assert!(matches!(error, ExportError::NoHandouts));
    let empty = Plan::new("Empty");
    let error = render(&empty, &library, &skipping()).unwrap_err();
    assert!(error.to_string().contains("no modules"), "{error}");
}

#[test]
fn html_escapes_every_value_from_a_file() {
    let html = String::from_utf8(
        render(
            &plan(),
            &library(),
            &ExportOptions {
                format: Format::Html,
                ..skipping()
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img"), "an image tag got through");
    assert!(!html.contains("<b>"), "markup in objectives got through");
    assert!(html.contains("Fakes &amp; &lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot;"));
    assert!(html.contains("it&#39;s shown as text"));
    // A bold line of its own in module text is a sub-heading, one below the module's heading.
    assert!(html.contains("<h3>Check before you share</h3>"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(html.contains("size: A4"));
}

#[test]
fn html_follows_paper_and_large_print() {
    let html = |paper, large_print| {
        let options = ExportOptions {
            format: Format::Html,
            paper,
            large_print,
            ..skipping()
        };
        String::from_utf8(render(&plan(), &library(), &options).unwrap()).unwrap()
    };
    assert!(html(Paper::Letter, false).contains("size: letter"));
    assert!(html(Paper::A4, true).contains("font-size: 16pt"));
    assert!(html(Paper::A4, false).contains("font-size: 11pt"));
}

#[test]
fn markdown_keeps_angle_brackets_as_text() {
    let markdown = String::from_utf8(
        render(
            &plan(),
            &library(),
            &ExportOptions {
                format: Format::Markdown,
                handouts: vec![Handout::Teacher],
                ..skipping()
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert!(
        markdown.contains(r"Fakes & \<script>alert(1)\</script>"),
        "{markdown}"
    );
    assert!(!markdown.contains(" <script"), "{markdown}");
}

#[test]
fn file_names_follow_title_handout_and_format() {
    let mut options = skipping();
    assert_eq!(
        default_file_name("Year 8: staying safe", &options),
        "year-8-staying-safe-handouts.pdf"
    );
    options.handouts = vec![Handout::Parent];
    options.format = Format::Html;
    assert_eq!(
        default_file_name("Year 8: staying safe", &options),
        "year-8-staying-safe-parent.html"
    );
    options.format = Format::Markdown;
    assert_eq!(default_file_name("", &options), "plan-parent.md");
}

#[test]
fn write_is_atomic_and_reports_where_it_could_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out/handouts.md");
    let options = ExportOptions {
        format: Format::Markdown,
        ..skipping()
    };
    write(&plan(), &library(), &options, &path).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("# Teacher plan: Year 8"));
    let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files are left behind");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    let error = write(&plan(), &library(), &options, &blocker.join("x.md")).unwrap_err();
    assert!(error.to_string().contains("cannot write"), "{error}");
}

#[cfg(unix)]
#[test]
fn exports_get_the_permissions_of_any_file_the_user_writes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // What the umask makes of a plainly created file is what an export should get.
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "").unwrap();
    let expected = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
    let path = dir.path().join("handouts.md");
    let options = ExportOptions {
        format: Format::Markdown,
        ..skipping()
    };
    write(&plan(), &library(), &options, &path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, expected, "{mode:o} != {expected:o}");
}

#[test]
fn pdf_text_the_font_lacks_does_not_break_the_file() {
    let mut plan = plan();
    plan.title = "Emoji 😀 and CJK 漢字".into();
    let bytes = render(&plan, &library(), &skipping()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
}
