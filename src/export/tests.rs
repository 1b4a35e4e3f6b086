//! The document model and the writers, on the export fixture library.

use std::path::PathBuf;

use super::document::{Block, Document, build};
use super::*;
use crate::library::{Date, LibrarySource, LoadOptions, load};
use crate::markup;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export")
}

/// The library's module `id`, to change for a test.
fn module_mut<'l>(library: &'l mut Library, id: &str) -> &'l mut crate::library::Module {
    library.modules.iter_mut().find(|m| m.id == id).unwrap()
}

/// Changes a module's full text, keeping it with the module from then on.
fn change_text(
    module: &mut crate::library::Module,
    change: impl FnOnce(&mut crate::library::ModuleText),
) {
    let mut full = module.in_full().expect("the fixture is unchanged");
    change(&mut full.text);
    *module = full.into_kept();
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
    let mut out: Vec<&str> = Vec::new();
    for section in &document.sections {
        out.extend(section.blocks.iter().flat_map(Block::texts));
    }
    out.join("\n")
}

#[test]
fn handouts_come_in_printed_order_whatever_order_they_are_asked_for() {
    let document = build(
        &plan(),
        &library(),
        &options(&[Handout::Parent, Handout::Teacher], "uk"),
    )
    .unwrap();
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
    let document = build(&plan(), &library(), &options(&Handout::ALL, "uk")).unwrap();
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
    let document = build(&plan(), &library(), &options(&[Handout::Teacher], "uk")).unwrap();
    let text = text(&document);
    assert!(text.contains("Left out of these handouts"), "{text}");
    assert!(
        text.contains("**retired-module** (your note: Swap for the new AI lesson.)"),
        "{text}"
    );
    assert!(text.contains("Session 2: Sextortion"), "{text}");
    assert!(text.contains("1 h 35 min in 2 sessions"), "{text}");
    assert!(
        text.contains("10 min\nStarter\nBaseline: real or fake?"),
        "{text}"
    );
    assert!(
        text.contains("50 min\nTotal\nof a 50-minute lesson"),
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
    let document = build(&plan(), &library(), &options(&[Handout::Teacher], "uk")).unwrap();
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
    let uk = text(&build(&plan(), &library(), &options(&[Handout::Student], "uk")).unwrap());
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
    let ie = text(&build(&plan(), &library(), &options(&[Handout::Student], "ie")).unwrap());
    assert!(ie.contains("Fixture Irish Youth Service"), "{ie}");
    assert!(!ie.contains("Fixture Youth Line"), "{ie}");
}

#[test]
fn a_module_without_signposting_for_the_region_falls_back_to_the_regions_services() {
    // The sextortion fixture signposts UK services only; in Ireland its box still lists help.
    let ie = text(&build(&plan(), &library(), &options(&[Handout::Student], "ie")).unwrap());
    let sextortion = ie.find("Sextortion").unwrap();
    assert!(
        ie[sextortion..].contains("Fixture Irish Youth Service"),
        "{ie}"
    );
}

#[test]
fn a_handout_that_opens_with_its_own_title_is_not_titled_twice() {
    let mut library = library();
    let module = module_mut(&mut library, "tricky-text-11-14");
    let title = module.title.clone();
    change_text(module, |text| {
        text.handout.student = format!("**{title}**\n\nBody text.");
    });
    let text = text(&build(&plan(), &library, &options(&[Handout::Student], "uk")).unwrap());
    assert_eq!(text.matches("Fakes & <script>").count(), 1, "{text}");
    assert!(text.contains("Body text."));
}

#[test]
fn parents_see_adult_services_and_what_each_lesson_covers() {
    let letter = text(&build(&plan(), &library(), &options(&[Handout::Parent], "uk")).unwrap());
    assert!(letter.contains("Fixture Family Line"), "{letter}");
    assert!(!letter.contains("Fixture Youth Line"), "{letter}");
    assert!(letter.contains("Ask your child to show you the four checks"));
    assert!(
        letter.contains("Year 8 has had two online-safety lessons"),
        "{letter}"
    );
    assert!(letter.contains("sensitive topics"), "{letter}");
    assert!(
        letter.ends_with("Yours sincerely,\nMs Patel\nClass teacher"),
        "{letter}"
    );
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
fn characters_no_font_has_stop_the_pdf_and_each_is_named_with_where_it_is_written() {
    let mut plan = plan();
    plan.notes = Some("Bring the \u{10FFFD} cards.".into());
    let mut school = School {
        name: Some("Hillside \u{10FFFE} School".into()),
        ..School::default()
    };
    let options = ExportOptions {
        school: school.clone(),
        ..skipping()
    };
    let refused = render(&plan, &library(), &options).unwrap_err();
    let ExportError::MissingCharacters(missing) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(
        missing,
        &[
            MissingCharacter {
                character: '\u{10FFFD}',
                place: Some("the plan's `notes`".into()),
            },
            MissingCharacter {
                character: '\u{10FFFE}',
                place: Some("`name` in the config file's `[school]`".into()),
            },
        ]
    );
    let message = refused.to_string();
    assert!(
        message.starts_with("no font on this machine has these characters: U+10FFFD"),
        "{message}"
    );
    assert!(
        message.contains("Install a font that has them"),
        "{message}"
    );
    // The page model is the PDF's layout: it refuses the same text.
    assert!(matches!(
        page_model(&plan, &library(), &options),
        Err(ExportError::MissingCharacters(_))
    ));
    // HTML and Markdown print it as written.
    for format in [Format::Html, Format::Markdown] {
        let options = ExportOptions {
            format,
            ..options.clone()
        };
        assert!(render(&plan, &library(), &options).is_ok());
    }
    school.name = None;
    plan.notes = None;
    let options = ExportOptions {
        school,
        ..skipping()
    };
    assert!(render(&plan, &library(), &options).is_ok());
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
    assert!(html.contains("<h3 dir=\"auto\">Check before you share</h3>"));
    assert!(
        html.contains("<p dir=\"auto\">"),
        "each block takes its own direction"
    );
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    // Addresses in help boxes can be followed from a letter sent by email.
    assert!(html.contains("<a href=\"https://www.childline.org.uk\">www.childline.org.uk</a>"));
    assert!(
        html.contains("<a href=\"mailto:help@nspcc.org.uk\">"),
        "{html}"
    );
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
        markdown.contains(r"Fakes & \<script\>alert(1)\</script\>"),
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

#[test]
fn an_untitled_plan_and_a_title_of_bold_markers_alone_still_make_a_pdf() {
    // A tagged PDF needs a document title and a title for every heading; an empty one made the
    // file fail its own checks.
    let mut plan = plan();
    plan.title = String::new();
    let mut library = library();
    let module = module_mut(&mut library, "tricky-text-11-14");
    module.title = "****".into();
    let bytes = render(&plan, &library, &skipping()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
}

/// A piece of text as a reader sees it (a heading, paragraph, list item, table cell or panel
/// title), and whether it is inside a boxed panel.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    boxed: bool,
    text: String,
}

/// Text as shown: control characters are not shown and whitespace runs read as one space.
fn visible(text: &str) -> String {
    let shown: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    shown.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_seen(seen: &mut Vec<Seen>, boxed: bool, text: &str) {
    let text = visible(text);
    if !text.is_empty() {
        seen.push(Seen { boxed, text });
    }
}

/// What the document says, piece by piece, as every writer should show it. A checklist item
/// is shown after `checklist_marker`; in HTML and PDF a write-in blank is a drawn line, not text.
fn seen_in_document(document: &Document, checklist_marker: &str) -> Vec<Seen> {
    let html = !checklist_marker.is_empty();
    let shown = |text: &str| -> String {
        let plain = markup::plain(text);
        if !html {
            return plain;
        }
        markup::segments(&plain)
            .into_iter()
            .filter_map(|s| match s {
                markup::Segment::Text(text) => Some(text),
                markup::Segment::Blank(_) => None,
            })
            .collect()
    };
    fn walk(
        blocks: &[Block],
        boxed: bool,
        marker: &str,
        shown: &dyn Fn(&str) -> String,
        seen: &mut Vec<Seen>,
    ) {
        for block in blocks {
            match block {
                Block::Heading { text, .. } | Block::Paragraph(text) => {
                    push_seen(seen, boxed, &shown(text));
                }
                Block::Bullets(items) => {
                    for item in items {
                        push_seen(seen, boxed, &shown(item));
                    }
                }
                Block::Checklist(items) => {
                    for item in items {
                        push_seen(seen, boxed, &format!("{marker}{}", shown(item)));
                    }
                }
                Block::Table { header, rows, .. } => {
                    for cell in header.iter().chain(rows.iter().flatten()) {
                        push_seen(seen, boxed, &shown(cell));
                    }
                }
                Block::Panel { title, blocks } => {
                    push_seen(seen, true, &shown(title));
                    walk(blocks, true, marker, shown, seen);
                }
                Block::Signature { .. }
                | Block::ReplySlip { .. }
                | Block::PageBreak
                | Block::Image(_)
                | Block::Cards(_)
                | Block::WritingLines { .. }
                | Block::CutLine => {
                    for text in block.texts() {
                        push_seen(seen, boxed, &shown(text));
                    }
                }
                Block::InLanguage { blocks, .. } => walk(blocks, boxed, marker, shown, seen),
                // Copies that fill a printed page: what they say is shown once already.
                Block::SpareCopy(_) => {}
                // Each message reads as its sender's name and then what they wrote.
                Block::Chat { app, messages, .. } => {
                    if let Some(app) = app {
                        push_seen(seen, boxed, &shown(app));
                    }
                    for message in messages {
                        let line = format!("{}: {}", shown(&message.from), shown(&message.text));
                        push_seen(seen, boxed, &line);
                    }
                }
            }
        }
    }
    let mut seen = Vec::new();
    for section in &document.sections {
        walk(&section.blocks, false, checklist_marker, &shown, &mut seen);
    }
    seen
}

/// A link a handout may hold: the web, email and phone numbers, nothing that runs.
fn is_safe_link(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The Markdown as a CommonMark renderer (with the GitHub and other common extensions) reads
/// it, or what it found that a handout must not hold: raw HTML, an image, a link that is not
/// web, mail or phone, or other markup the writer never means (math, footnotes).
fn seen_in_markdown(markdown: &str) -> Result<Vec<Seen>, String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_WIKILINKS;
    let mut seen = Vec::new();
    let mut text = String::new();
    let mut quotes = 0;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                push_seen(&mut seen, quotes > 0, &std::mem::take(&mut text));
                quotes += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                push_seen(&mut seen, quotes > 0, &std::mem::take(&mut text));
                quotes -= 1;
            }
            Event::Start(
                Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::List(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::List(_),
            )
            | Event::Rule => push_seen(&mut seen, quotes > 0, &std::mem::take(&mut text)),
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Strong | Tag::Table(_) | Tag::TableHead | Tag::TableRow)
            | Event::End(TagEnd::Strong | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow)
            | Event::TaskListMarker(_) => {}
            Event::Start(Tag::Link { dest_url, .. }) if is_safe_link(&dest_url) => {}
            Event::End(TagEnd::Link) => {}
            other => return Err(format!("{other:?} in:\n{markdown}")),
        }
    }
    Ok(seen)
}

fn markdown_of(document: &Document) -> String {
    super::markdown::write(document)
}

#[test]
fn a_description_ending_in_an_address_keeps_its_bracket_and_the_letter_its_closing() {
    let mut library = library();
    // The school's counsellor is the box's last line when no emergency number follows it.
    library.services.retain(|s| s.id != "police-uk");
    let service = library
        .services
        .iter_mut()
        .find(|s| s.id == "fixture-family-line")
        .unwrap();
    service.description = "Talk to our counsellor <counsellor@school.example>".into();
    let document = build(&plan(), &library, &options(&[Handout::Parent], "uk")).unwrap();
    let seen = seen_in_markdown(&markdown_of(&document)).unwrap();
    assert_eq!(seen, seen_in_document(&document, ""));
    let closing = seen.iter().position(|s| s.text == "Yours sincerely,");
    assert!(
        closing.is_some_and(|at| !seen[at].boxed),
        "the closing is a paragraph of the letter, not part of the help box: {seen:#?}"
    );
    assert!(
        seen.iter()
            .any(|s| s.boxed && s.text.ends_with("<counsellor@school.example>")),
        "{seen:#?}"
    );
}

/// The HTML as a browser shows it, with the page title, checked on the way: every tag is one
/// the writer makes, with only the attributes it uses; every `&` starts an entity it writes; no
/// text sits outside a block; and no link goes anywhere but the web, email or a phone.
fn seen_in_html(html: &str) -> Result<(String, Vec<Seen>), String> {
    const TAGS: [&str; 31] = [
        "html", "head", "meta", "title", "style", "body", "main", "section", "aside", "a", "h1",
        "h2", "h3", "h4", "h5", "h6", "p", "ul", "li", "strong", "table", "colgroup", "col",
        "thead", "tbody", "tr", "th", "td", "div", "span", "hr",
    ];
    const ATTRIBUTES: [&str; 12] = [
        "role",
        "aria-hidden",
        "dir",
        "lang",
        "charset",
        "name",
        "content",
        "class",
        "aria-label",
        "scope",
        "style",
        "href",
    ];
    const LEAVES: [&str; 10] = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "th", "td"];
    fn unescape(text: &str) -> Result<String, String> {
        const ENTITIES: [(&str, char); 5] = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
        ];
        if let Some(c) = text.chars().find(|c| matches!(c, '<' | '>' | '"')) {
            return Err(format!("unescaped {c:?} in {text:?}"));
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let Some((entity, c)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) else {
                return Err(format!("a bare & in {text:?}"));
            };
            out.push(*c);
            rest = &rest[entity.len()..];
        }
        out.push_str(rest);
        Ok(out)
    }
    let mut seen = Vec::new();
    let mut title = String::new();
    let mut text = String::new();
    let mut boxed = false;
    let mut in_title = false;
    let mut rest = html.strip_prefix("<!DOCTYPE html>").ok_or("no doctype")?;
    while !rest.is_empty() {
        let at = rest.find('<').unwrap_or(rest.len());
        let chunk = unescape(&rest[..at])?;
        if in_title {
            title.push_str(&chunk);
        } else {
            text.push_str(&chunk);
        }
        rest = &rest[at..];
        if rest.is_empty() {
            break;
        }
        let end = rest.find('>').ok_or("a tag is never closed")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(tag) => (true, tag),
            None => (false, tag),
        };
        let (name, mut attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        if !TAGS.contains(&name) {
            return Err(format!("a tag the writer never makes: <{tag}>"));
        }
        while !attributes.is_empty() {
            let (attribute, after) = attributes
                .split_once("=\"")
                .ok_or_else(|| format!("an attribute without a quoted value in <{tag}>"))?;
            let (value, after) = after
                .split_once('"')
                .ok_or_else(|| format!("an unclosed attribute in <{tag}>"))?;
            if !ATTRIBUTES.contains(&attribute) {
                return Err(format!("an attribute the writer never sets: <{tag}>"));
            }
            let value = unescape(value)?;
            if attribute == "href" && !is_safe_link(&value) {
                return Err(format!("a link to {value:?}"));
            }
            attributes = after.trim_start();
        }
        match (name, closing) {
            ("style", false) => {
                let end = rest.find("</style>").ok_or("unclosed style")?;
                rest = &rest[end..];
            }
            ("title", _) => in_title = !closing,
            ("aside", _) => boxed = !closing,
            (name, _) if LEAVES.contains(&name) => {
                let text = std::mem::take(&mut text);
                if !closing && !visible(&text).is_empty() {
                    return Err(format!("text outside any block: {text:?}"));
                }
                push_seen(&mut seen, boxed, &text);
            }
            // Inline: bold, and links the writer makes of web and email addresses.
            ("strong" | "a" | "span", _) => {}
            _ => {
                let text = std::mem::take(&mut text);
                if !visible(&text).is_empty() {
                    return Err(format!("text outside any block: {text:?}"));
                }
            }
        }
    }
    Ok((title, seen))
}

/// A plan and library whose every text tries to be markup: tags, links, images, entities,
/// Markdown at the start of a line and mid-line, and terminal escape sequences.
fn hostile_plan_and_library() -> (Plan, Library) {
    let mut plan = plan();
    plan.title = "# **Year 8** <b>bold</b> &amp; [home](javascript:alert(1))".into();
    plan.group = Some("> 8B ~~gone~~".into());
    plan.teacher = Some("1. Ms Patel \u{1b}]0;pwned\u{7}".into());
    plan.notes = Some(
        "\\<img src=x onerror=alert(1)>\n\n![](https://tracker.example/p.png)\n\n\
         <https://example.org> `code` *em* _em_ $x$ [^1] &#60;b&#62; a | b {#id} ^up^ ~down~"
            .into(),
    );
    plan.items[0].notes = Some(
        "**Stop.**Tell a**\"friend\"**now [x](javascript:alert(1)) \u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}"
            .into(),
    );
    let mut library = library();
    let module = module_mut(&mut library, "tricky-text-11-14");
    let student = [
        "# not a heading",
        "1. not a list",
        "a) not a list either",
        "+ nor this",
        "> not a quote",
        ": not a definition",
        "```",
        "~~~",
        "<div onclick=alert(1)>",
        "| a | b |\n| --- | --- |",
        "- [ ] not a task",
        "- * not a nested list",
        "- ---",
        "***",
        "Text with a hard break\\",
        "**bold** and ** loose ** and **unclosed",
    ]
    .join("\n\n");
    change_text(module, |text| text.handout.student = student);
    module.title = "[Fakes](javascript:alert(1)) <script>alert(1)</script> <\r< \\".into();
    // A no-break space is text, even at the end of a line or of a box.
    plan.title.push('\u{a0}');
    let sensitive = module_mut(&mut library, "sextortion-14-18");
    sensitive.title.push('\u{a0}');
    (plan, library)
}

/// The first place where what a writer shows is not what the document says.
fn difference(seen: &[Seen], document: &[Seen]) -> Option<String> {
    let at = seen
        .iter()
        .zip(document)
        .position(|(shown, meant)| shown != meant)
        .unwrap_or(seen.len().min(document.len()));
    (seen.len() != document.len() || at < seen.len())
        .then(|| format!("shows {:?}\nmeant {:?}", seen.get(at), document.get(at)))
}

fn assert_shows(seen: &[Seen], document: &[Seen], writer: &str) {
    if let Some(difference) = difference(seen, document) {
        panic!("{writer} {difference}");
    }
}

#[test]
fn markdown_shows_text_from_files_as_that_text_and_nothing_else() {
    let (plan, library) = hostile_plan_and_library();
    let document = build(&plan, &library, &ExportOptions::default()).unwrap();
    let markdown = markdown_of(&document);
    let seen = seen_in_markdown(&markdown).unwrap_or_else(|problem| panic!("{problem}"));
    assert_shows(&seen, &seen_in_document(&document, ""), "the Markdown");
    assert!(
        !markdown.chars().any(|c| c.is_control() && c != '\n'),
        "a control character got through: {markdown:?}"
    );
    // Bold that CommonMark can show stays bold; `**Stop.**Tell` cannot be, and reads as text.
    assert!(markdown.contains("**bold** and"), "{markdown}");
    assert!(markdown.contains("**Your note:** Stop.Tell"), "{markdown}");
}

#[test]
fn html_shows_text_from_files_as_that_text_and_makes_only_its_own_tags() {
    let (plan, library) = hostile_plan_and_library();
    let options = ExportOptions::default();
    let document = build(&plan, &library, &options).unwrap();
    let html = super::html::write(&document, &options);
    let (title, seen) = seen_in_html(&html).unwrap_or_else(|problem| panic!("{problem}"));
    assert_shows(&seen, &seen_in_document(&document, "☐ "), "the HTML");
    assert_eq!(visible(&title), visible(&markup::plain(&plan.title)));
    assert!(
        !html
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
        "a control character got through"
    );
}

mod any_text {
    //! Whatever a file holds, every writer shows it as the same text and nothing more. The PDF
    //! is left to the tests that read it with pdftotext: nothing here reads a PDF's text.

    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;

    /// Loaded once: every case changes its own copy.
    static LIBRARY: LazyLock<Library> = LazyLock::new(library);

    /// Text from a file: mostly pieces that Markdown, HTML and terminals read as markup, with
    /// any character at all mixed in.
    fn file_text() -> impl Strategy<Value = String> {
        const MARKUP: &str = r#"< > & " ' ` [ ] ( ) * ** ** _ # ! \ | ~ $ ^ { } : - + . = % @ 1. a) ::: &amp; &#60; <b> ](javascript:x) ![ Word é “ Ⓐ 😀"#;
        const SPACES_AND_CONTROLS: [&str; 15] = [
            " ",
            " ",
            "\n",
            "\n\n",
            "\n- ",
            "\n::: uk\n",
            "\t",
            "\r",
            "\u{a0}",
            "\u{2028}",
            "\u{1b}",
            "\u{1b}[2J",
            "\u{7}",
            "\u{7f}",
            "\u{9b}",
        ];
        let pieces: Vec<&str> = MARKUP.split(' ').chain(SPACES_AND_CONTROLS).collect();
        prop::collection::vec(
            prop_oneof![
                6 => prop::sample::select(pieces).prop_map(String::from),
                1 => any::<char>().prop_map(String::from),
            ],
            0..32,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        // A failure prints its smallest input; it becomes a named test rather than a seed file.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn survives_every_writer(
            title in file_text(),
            note in file_text(),
            student in file_text(),
            module_title in file_text(),
        ) {
            survives(title, note, student, module_title)?;
        }
    }

    /// Found by `survives_every_writer`: a title of underscores, which in running text would be
    /// a line to write on.
    #[test]
    fn a_title_of_underscores_survives_every_writer() {
        survives("x".into(), "x".into(), "x".into(), "___".into()).unwrap();
    }

    fn survives(
        title: String,
        note: String,
        student: String,
        module_title: String,
    ) -> Result<(), TestCaseError> {
        {
            let mut plan = plan();
            plan.title = title;
            plan.items[0].notes = Some(note);
            let mut library = LIBRARY.clone();
            let module = module_mut(&mut library, "tricky-text-11-14");
            change_text(module, |text| text.handout.student = student);
            module.title = module_title.clone();
            // A sensitive module's title is also the last line of a box in the teacher plan.
            let sensitive = module_mut(&mut library, "sextortion-14-18");
            sensitive.title = module_title;
            let options = ExportOptions::default();
            let document = build(&plan, &library, &options).unwrap();

            let markdown = markdown_of(&document);
            let seen = seen_in_markdown(&markdown);
            prop_assert!(seen.is_ok(), "{seen:?}");
            let found = difference(&seen.unwrap(), &seen_in_document(&document, ""));
            prop_assert!(found.is_none(), "the Markdown {found:?}\n{markdown}");
            prop_assert!(!markdown.chars().any(|c| c.is_control() && c != '\n'));

            let html = html::write(&document, &options);
            let seen = seen_in_html(&html);
            prop_assert!(seen.is_ok(), "{seen:?}");
            let (page_title, seen) = seen.unwrap();
            let found = difference(&seen, &seen_in_document(&document, "☐ "));
            prop_assert!(found.is_none(), "the HTML {found:?}\n{html}");
            prop_assert_eq!(visible(&page_title), visible(&markup::plain(&plan.title)));
            prop_assert!(
                !html
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            );
        }
        Ok(())
    }
}

#[test]
fn a_reply_slip_names_the_group_or_else_the_parents_own_child() {
    let library = library();
    for (group, expected) in [
        (Some("Year 8"), "about Year 8's online-safety lessons"),
        (None, "about my child's online-safety lessons"),
    ] {
        let mut plan = plan();
        plan.group = group.map(String::from);
        let options = ExportOptions {
            handouts: vec![Handout::Parent],
            reply_slip: true,
            ..skipping()
        };
        let letter = text(&build(&plan, &library, &options).unwrap());
        assert!(letter.contains(expected), "{letter}");
        assert!(!letter.contains("class's"), "{letter}");
    }
}

#[test]
fn a_module_file_changed_since_the_library_was_read_stops_the_export_and_is_named() {
    let mut library = library();
    let module = module_mut(&mut library, "tricky-text-11-14");
    // As if the file had been saved again after the library read it.
    let crate::library::TextSource::File(stamp) = &mut module.source else {
        panic!("a folder's module keeps its text in its file");
    };
    stamp.len += 1;
    for format in [Format::Html, Format::Markdown, Format::Pdf] {
        let options = ExportOptions {
            format,
            ..skipping()
        };
        let error = render(&plan(), &library, &options).unwrap_err();
        let said = error.to_string();
        assert!(matches!(error, ExportError::Changed(_)), "{said}");
        assert!(said.contains("tricky-text-11-14.toml"), "{said}");
        assert!(said.contains("export again"), "{said}");
    }
}
