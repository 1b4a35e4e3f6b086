//! A plan of bundled modules whose texts, notes and title are any text, printed by every writer
//! (PDF, HTML, Markdown) with any export options.
//!
//! Checked: nothing panics, the PDF is always made, the HTML holds only the tags and links its
//! writer makes, the Markdown holds no raw HTML, image or link that runs, and no control
//! character reaches either. (Whether each writer shows exactly the document's text is checked
//! by the property tests in src/export/tests.rs.)

#![no_main]

use arbitrary::Arbitrary;
use lessonplan::export::{self, ExportError, ExportOptions, Format, Handout, Paper, School};
use lessonplan::library::{Date, Library, Module, Sensitivity};
use lessonplan::plan::{Plan, PlanItem};
use lessonplan_fuzz::bundled;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    title: String,
    group: Option<String>,
    age_band: Option<String>,
    teacher: Option<String>,
    notes: Option<String>,
    items: Vec<Item>,
    region: u8,
    /// Which handouts, one bit each.
    handouts: u8,
    letter_paper: bool,
    large_print: bool,
    skip_missing: bool,
    school: [Option<String>; 9],
    date: Option<(u16, u8, u8)>,
}

#[derive(Debug, Arbitrary)]
struct Item {
    /// Which bundled module this item's module starts from.
    base: u16,
    /// Names a module no library has, instead.
    missing: bool,
    notes: Option<String>,
    text: ModuleText,
}

/// Texts that replace the base module's, where given.
#[derive(Debug, Arbitrary)]
struct ModuleText {
    title: Option<String>,
    summary: Option<String>,
    student: Option<String>,
    parent: Option<Option<String>>,
    safeguarding_notes: Option<String>,
    objective: Option<String>,
    keyword: Option<String>,
    resource: Option<String>,
    term: Option<(String, String)>,
    activity: Option<(String, String)>,
    sensitive: Option<bool>,
}

const MOST_ITEMS: usize = 6;

fuzz_target!(|input: Input| {
    let bundled = bundled();
    let mut library = Library {
        framework: bundled.framework.clone(),
        services: bundled.services.clone(),
        ..Library::default()
    };
    let mut plan = Plan {
        group: input.group,
        age_band: input.age_band,
        teacher: input.teacher,
        notes: input.notes,
        ..Plan::new(input.title)
    };
    for (index, item) in input.items.into_iter().take(MOST_ITEMS).enumerate() {
        let base = &bundled.modules[usize::from(item.base) % bundled.modules.len()];
        let id = if item.missing {
            format!("missing-{index}")
        } else {
            let module = changed(base, item.text, format!("fuzzed-{index}"));
            let id = module.id.clone();
            library.modules.push(module);
            id
        };
        plan.items.push(PlanItem {
            notes: item.notes,
            ..PlanItem::new(id)
        });
    }
    let regions = bundled.regions();
    let [
        name,
        address,
        phone,
        email,
        website,
        dsl_name,
        dsl_contact,
        sign_off_name,
        sign_off_role,
    ] = input.school;
    let mut options = ExportOptions {
        handouts: Handout::ALL
            .into_iter()
            .enumerate()
            .filter(|(bit, _)| input.handouts & (1 << bit) != 0)
            .map(|(_, handout)| handout)
            .collect(),
        format: Format::Pdf,
        region: regions[usize::from(input.region) % regions.len()].to_string(),
        paper: if input.letter_paper {
            Paper::Letter
        } else {
            Paper::A4
        },
        large_print: input.large_print,
        skip_missing: input.skip_missing,
        school: School {
            name,
            address,
            phone,
            email,
            website,
            dsl_name,
            dsl_contact,
            sign_off_name,
            sign_off_role,
            unknown: toml::Table::new(),
        },
        date: input.date.map(|(year, month, day)| Date {
            year: year % 10_000,
            month: month % 12 + 1,
            day: day % 28 + 1,
        }),
    };

    let missing = plan
        .items
        .iter()
        .filter(|i| i.module.starts_with("missing-"))
        .count();
    let printable = !options.handouts.is_empty()
        && !plan.items.is_empty()
        && missing < plan.items.len()
        && (missing == 0 || options.skip_missing);
    for format in [Format::Pdf, Format::Html, Format::Markdown] {
        options.format = format;
        match export::render(&plan, &library, &options) {
            Ok(bytes) => {
                assert!(printable, "printed what should have been refused");
                check(format, &bytes);
            }
            Err(ExportError::Pdf(problem)) => panic!("the PDF could not be made: {problem}"),
            Err(refused) => assert!(!printable, "refused a printable plan: {refused}"),
        }
    }
});

fn changed(base: &Module, text: ModuleText, id: String) -> Module {
    let mut module = Module { id, ..base.clone() };
    let ModuleText {
        title,
        summary,
        student,
        parent,
        safeguarding_notes,
        objective,
        keyword,
        resource,
        term,
        activity,
        sensitive,
    } = text;
    let set = |field: &mut String, text: Option<String>| {
        if let Some(text) = text {
            *field = text;
        }
    };
    set(&mut module.title, title);
    set(&mut module.summary, summary);
    set(&mut module.handout.student, student);
    set(&mut module.safeguarding_notes, safeguarding_notes);
    if let Some(parent) = parent {
        module.handout.parent = parent;
    }
    module.objectives.extend(objective);
    module.keywords.extend(keyword);
    module.resources.extend(resource);
    if let (Some((term, definition)), Some(first)) = (term, module.vocabulary.first_mut()) {
        first.term = term;
        first.definition = definition;
    }
    if let (Some((title, description)), Some(first)) = (activity, module.activities.first_mut()) {
        first.title = title;
        first.description = description;
    }
    if let Some(sensitive) = sensitive {
        module.sensitivity = if sensitive {
            Sensitivity::Sensitive
        } else {
            Sensitivity::Standard
        };
    }
    module
}

fn check(format: Format, bytes: &[u8]) {
    match format {
        Format::Pdf => {
            assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
            assert!(
                bytes.trim_ascii_end().ends_with(b"%%EOF"),
                "a PDF cut short"
            );
        }
        Format::Html => check_html(std::str::from_utf8(bytes).expect("HTML is UTF-8")),
        Format::Markdown => check_markdown(std::str::from_utf8(bytes).expect("Markdown is UTF-8")),
    }
}

/// The tags the HTML writer makes (src/export/html.rs); a file's text can add none.
const TAGS: [&str; 28] = [
    "html", "head", "meta", "title", "style", "body", "main", "section", "aside", "a", "h1", "h2",
    "h3", "h4", "h5", "h6", "p", "ul", "li", "strong", "table", "colgroup", "col", "thead",
    "tbody", "tr", "th", "td",
];

fn check_html(html: &str) {
    let body = html.strip_prefix("<!DOCTYPE html>").expect("a doctype");
    assert!(!html.to_ascii_lowercase().contains("<script"), "a script");
    for (at, _) in body.match_indices('<') {
        let tag = &body[at + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(
            TAGS.contains(&name.as_str()),
            "a tag the writer never makes at {tag:.40?}"
        );
    }
    for (at, _) in html.match_indices("href=\"") {
        let target = &html[at + "href=\"".len()..];
        assert!(
            ["https://", "http://", "mailto:"]
                .iter()
                .any(|scheme| target.starts_with(scheme)),
            "a link to {target:.40?}"
        );
    }
    assert_no_controls(html);
}

fn check_markdown(markdown: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    // As in src/export/tests.rs: CommonMark with the common extensions.
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
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => panic!("raw HTML {html:?}"),
            Event::Start(Tag::Image { dest_url, .. }) => panic!("an image of {dest_url:?}"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.to_ascii_lowercase();
                assert!(
                    ["https://", "http://", "mailto:"]
                        .iter()
                        .any(|scheme| url.starts_with(scheme)),
                    "a link to {dest_url:?}"
                );
            }
            _ => {}
        }
    }
    assert_no_controls(markdown);
}

fn assert_no_controls(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        panic!("a control character {c:?} got through");
    }
}
