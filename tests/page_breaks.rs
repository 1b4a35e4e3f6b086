//! How the handouts print: the typesetting rules, checked on the page model of real documents
//! (the example plans, every bundled module, both papers, normal and large print) and on the
//! text of the PDF's own pages as `pdftotext` reads them.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use lessonplan::export::layout::Role;
use lessonplan::export::{self, ExportOptions, Format, Handout, ModelPage, Paper, School};
use lessonplan::library::{Date, Library, LoadOptions};
use lessonplan::plan::Plan;

mod common;

fn bundled() -> Library {
    Library::bundled(&LoadOptions::default())
}

fn example_plans() -> Vec<(String, Plan)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/example-plans");
    let mut plans: Vec<(String, Plan)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, Plan::load(&path).unwrap())
        })
        .collect();
    plans.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(plans.len() >= 5, "the example plans are missing");
    plans
}

fn school() -> School {
    School {
        name: Some("Hillside Primary School".into()),
        address: Some("1 Hill Road, Leeds, LS1 1AA".into()),
        phone: Some("0113 000 0000".into()),
        email: Some("office@hillside.example".into()),
        dsl_name: Some("Mrs Khan".into()),
        ..School::default()
    }
}

/// Every way a school prints: both papers, normal and large print, with and without a letterhead.
fn option_sets() -> Vec<ExportOptions> {
    let mut sets = Vec::new();
    for paper in [Paper::A4, Paper::Letter] {
        for large_print in [false, true] {
            for with_school in [false, true] {
                sets.push(ExportOptions {
                    paper,
                    large_print,
                    school: if with_school {
                        school()
                    } else {
                        School::default()
                    },
                    date: Some(Date {
                        year: 2026,
                        month: 12,
                        day: 2,
                    }),
                    ..ExportOptions::default()
                });
            }
        }
    }
    sets
}

/// More than any line of body text is high, in large print too.
const LINE: f32 = 25.0;

/// Every rule broken on these pages, described for a reader of the failure.
fn broken_rules(pages: &[ModelPage]) -> Vec<String> {
    let mut broken = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let at = format!("{:?} page {} of {}", page.handout, page.number, page.count);
        let next = pages.get(index + 1).filter(|n| n.handout == page.handout);
        if page.used > page.room + 0.01 {
            broken.push(format!("{at}: content runs past the page"));
        }
        // Only a run's only page may be light: a handout, or a lesson sheet or session that was
        // asked to start a page of its own.
        let starts_run = page.number == 1 || page.units[0].page_break_before;
        let ends_run = next.is_none_or(|n| n.units[0].page_break_before);
        if !(starts_run && ends_run) && page.used < page.room * export::layout::LEAST_FILL {
            broken.push(format!(
                "{at}: only {:.0}% full",
                page.used / page.room * 100.0
            ));
        }
        // A box may be alone only when it leaves no room for two lines beside it.
        if !(starts_run && ends_run)
            && page.units.len() == 1
            && page.units[0].role == Role::Boxed
            && page.units[0].height + 2.0 * LINE < page.room
        {
            broken.push(format!("{at}: a box alone on the page"));
        }
        let Some(last) = page.units.last() else {
            broken.push(format!("{at}: empty"));
            continue;
        };
        if last.role == Role::Heading {
            broken.push(format!("{at}: ends with the heading {:?}", last.text));
        }
        if let Some(next) = next {
            let first = &next.units[0];
            if let (Role::Line { group: a }, Role::Line { group: b }) = (last.role, first.role)
                && a == b
            {
                let before = page.units.iter().rev().take_while(|u| u.role == last.role);
                let after = next.units.iter().take_while(|u| u.role == first.role);
                if before.count() < 2 || after.count() < 2 {
                    broken.push(format!(
                        "{at}: a paragraph is split leaving a lone line ({:?} / {:?})",
                        last.text, first.text
                    ));
                }
            }
            if let Role::Row {
                table,
                header: false,
            } = first.role
                && matches!(last.role, Role::Row { table: t, .. } if t == table)
            {
                broken.push(format!(
                    "{at}: a table continues overleaf without its header"
                ));
            }
            if matches!(last.role, Role::Row { header: true, .. }) {
                broken.push(format!("{at}: a table's header row is alone at the foot"));
            }
            // A heading keeps two lines of what follows, unless less than that follows.
            if let Some(heading) = page.units.iter().rposition(|u| u.role == Role::Heading) {
                let after = &page.units[heading + 1..];
                let weight: usize = after
                    .iter()
                    .map(|u| match u.role {
                        Role::Boxed => 2,
                        Role::Row { header: true, .. } | Role::Heading => 0,
                        _ => 1,
                    })
                    .sum();
                if weight < 2 && first.role != Role::Heading {
                    broken.push(format!(
                        "{at}: the heading {:?} keeps fewer than two lines",
                        page.units[heading].text
                    ));
                }
            }
        }
    }
    broken
}

#[test]
fn the_example_plans_print_by_the_rules_on_every_paper_and_size() {
    let library = bundled();
    let mut broken = Vec::new();
    for (name, plan) in example_plans() {
        for options in option_sets() {
            let pages = export::page_model(&plan, &library, &options).unwrap();
            for rule in broken_rules(&pages) {
                broken.push(format!(
                    "{name} ({}, large print {}): {rule}",
                    options.paper.label(),
                    options.large_print
                ));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn every_bundled_module_prints_by_the_rules() {
    let library = bundled();
    let mut broken = Vec::new();
    for module in &library.modules {
        for large_print in [false, true] {
            let mut plan = Plan::new(format!("{}: handouts", module.title));
            plan.add(module.id.clone());
            let options = ExportOptions {
                large_print,
                ..ExportOptions::default()
            };
            let pages = export::page_model(&plan, &library, &options).unwrap();
            for rule in broken_rules(&pages) {
                broken.push(format!("{} (large print {large_print}): {rule}", module.id));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn pages_are_numbered_within_each_handout() {
    let library = bundled();
    let (_, plan) = example_plans().remove(0);
    let pages = export::page_model(&plan, &library, &ExportOptions::default()).unwrap();
    for handout in Handout::ALL {
        let numbers: Vec<(usize, usize)> = pages
            .iter()
            .filter(|p| p.handout == handout)
            .map(|p| (p.number, p.count))
            .collect();
        let count = numbers.len();
        // Resource sheets print only for lessons that have them.
        if handout == Handout::Resources && count == 0 {
            continue;
        }
        assert!(count > 0);
        let expected: Vec<(usize, usize)> = (1..=count).map(|n| (n, count)).collect();
        assert_eq!(numbers, expected, "{handout:?}");
    }
}

#[test]
fn a_three_lesson_letter_fits_on_two_a4_pages_with_and_without_a_letterhead() {
    let library = bundled();
    for (name, plan) in example_plans() {
        if plan.items.len() != 3 {
            continue;
        }
        let sets = option_sets().into_iter();
        for options in sets.filter(|o| !o.large_print && o.paper == Paper::A4) {
            let options = ExportOptions {
                handouts: vec![Handout::Parent],
                ..options
            };
            let pages = export::page_model(&plan, &library, &options).unwrap();
            let summary: Vec<String> = pages
                .iter()
                .map(|p| {
                    let units: Vec<String> = p
                        .units
                        .iter()
                        .map(|u| format!("{:?} {:.0}: {}", u.role, u.height, u.text))
                        .collect();
                    format!("{:.0} of {:.0}:\n{}", p.used, p.room, units.join("\n"))
                })
                .collect();
            assert!(
                pages.len() <= 2,
                "{name} (letterhead {}): {} pages\n{}",
                options.school.name.is_some(),
                pages.len(),
                summary.join("\n\n")
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The same, read off the printed file

fn pdftotext(file: &Path, page: usize) -> Option<String> {
    let page = page.to_string();
    let args = ["-layout", "-f", &page, "-l", &page].map(OsStr::new);
    common::poppler(
        "pdftotext",
        args.into_iter().chain([file.as_os_str(), OsStr::new("-")]),
    )
}

#[test]
fn each_printed_page_names_its_handout_and_ends_with_content_not_a_heading() {
    let library = bundled();
    let folder = tempfile::tempdir().unwrap();
    for (name, plan) in example_plans() {
        let options = ExportOptions {
            format: Format::Pdf,
            ..ExportOptions::default()
        };
        let model = export::page_model(&plan, &library, &options).unwrap();
        let file: PathBuf = folder.path().join(name.replace(".toml", ".pdf"));
        export::write(&plan, &library, &options, &file).unwrap();
        let Some(first) = pdftotext(&file, 1) else {
            eprintln!("pdftotext is not installed; .ci/run installs poppler-utils");
            return;
        };
        assert!(!first.trim().is_empty());
        for (index, page) in model.iter().enumerate() {
            let text = pdftotext(&file, index + 1).unwrap();
            let footer = format!(
                "{}, page {} of {}",
                page.handout.label(),
                page.number,
                page.count
            );
            assert!(text.contains(&footer), "{name} page {}: {text}", index + 1);
            // The last words above the footer are the model's last unit's, never a heading.
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.contains(&footer))
                .collect();
            let last_unit = page.units.last().unwrap();
            assert_ne!(last_unit.role, Role::Heading);
            let last_line = lines.last().copied().unwrap_or_default();
            let tail: String = last_unit
                .text
                .split_whitespace()
                .last()
                .unwrap_or("")
                .into();
            // Cards sit two to a row, so a row's last line may be its left card's.
            let side_by_side = last_unit.role == Role::Boxed
                && last_line
                    .split_whitespace()
                    .last()
                    .is_some_and(|word| last_unit.text.contains(word));
            assert!(
                last_line.contains(tail.as_str()) || side_by_side,
                "{name} page {}: the page ends {last_line:?}, the model {:?}",
                index + 1,
                last_unit.text
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The letter's sign-off and reply slip, sessions on their own pages, write-in lines

#[test]
fn the_sign_off_is_kept_whole_and_the_reply_slip_ends_the_letter_when_asked() {
    let library = bundled();
    let (_, plan) = example_plans().remove(0);
    for reply_slip in [false, true] {
        let options = ExportOptions {
            handouts: vec![Handout::Parent],
            reply_slip,
            ..ExportOptions::default()
        };
        let pages = export::page_model(&plan, &library, &options).unwrap();
        let units: Vec<_> = pages.iter().flat_map(|p| &p.units).collect();
        let sign_off = units
            .iter()
            .position(|u| u.text.starts_with("Yours sincerely,"))
            .expect("a sign-off");
        assert_eq!(units[sign_off].role, Role::Boxed);
        assert!(
            units[sign_off]
                .text
                .contains(plan.teacher.as_deref().unwrap())
        );
        let slip = units.iter().position(|u| u.text.starts_with("Reply slip"));
        match (reply_slip, slip) {
            (false, None) => assert_eq!(sign_off, units.len() - 1),
            (true, Some(slip)) => {
                assert_eq!(slip, units.len() - 1);
                assert_eq!(units[slip].role, Role::Boxed);
                assert!(units[slip].text.contains("Child's name:"));
                let group = plan.group.as_deref().unwrap();
                assert!(
                    units[slip]
                        .text
                        .contains(&format!("about {group}'s online-safety")),
                    "{}",
                    units[slip].text
                );
            }
            other => panic!("reply slip asked {reply_slip}, found {other:?}"),
        }
    }
}

#[test]
fn each_session_can_start_a_page_of_its_own() {
    let library = bundled();
    let (_, plan) = example_plans()
        .into_iter()
        .find(|(name, _)| name.starts_with("year-5"))
        .unwrap();
    let sessions_at_top = |session_per_page: bool| {
        let options = ExportOptions {
            handouts: vec![Handout::Teacher],
            session_per_page,
            ..ExportOptions::default()
        };
        let pages = export::page_model(&plan, &library, &options).unwrap();
        pages
            .iter()
            .filter(|p| p.units[0].text.starts_with("Session "))
            .count()
    };
    assert_eq!(sessions_at_top(true), plan.items.len());
    assert!(sessions_at_top(false) < plan.items.len());
}

#[test]
fn each_lesson_sheet_of_the_student_handout_starts_a_page() {
    let library = bundled();
    for (name, plan) in example_plans() {
        let options = ExportOptions {
            handouts: vec![Handout::Student],
            ..ExportOptions::default()
        };
        let pages = export::page_model(&plan, &library, &options).unwrap();
        let titles: Vec<&str> = plan
            .resolve(&library)
            .into_iter()
            .map(|m| m.unwrap().title.as_str())
            .collect();
        let page_tops: Vec<&str> = pages
            .iter()
            .flat_map(|p| p.units.iter().take(3))
            .filter(|u| u.role == Role::Heading)
            .map(|u| u.text.as_str())
            .collect();
        for title in titles {
            assert!(
                page_tops.iter().any(|top| title.starts_with(top.trim())),
                "{name}: {title} does not start a page"
            );
        }
    }
}

#[test]
fn write_in_lines_print_as_lines_not_underscores() {
    let library = bundled();
    let module = library
        .modules
        .iter()
        .find(|m| m.in_full().unwrap().text.handout.student.contains("_____"))
        .expect("a bundled handout with a write-in line");
    let mut plan = Plan::new("Write-in lines");
    plan.add(module.id.clone());
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("handout.pdf");
    let options = ExportOptions {
        handouts: vec![Handout::Student],
        ..ExportOptions::default()
    };
    export::write(&plan, &library, &options, &file).unwrap();
    let html_options = ExportOptions {
        format: Format::Html,
        ..options.clone()
    };
    let html = String::from_utf8(export::render(&plan, &library, &html_options).unwrap()).unwrap();
    assert!(!html.contains("___"), "underscores reached the HTML");
    assert!(html.contains("class=\"write-in\" role=\"img\" aria-label=\"blank\""));
    let Some(text) = pdftotext(&file, 1) else {
        return;
    };
    let all: String = (1..=4).filter_map(|page| pdftotext(&file, page)).collect();
    assert!(!text.is_empty());
    assert!(
        !all.contains("___"),
        "a screen reader would read underscores: {all}"
    );
}

// ---------------------------------------------------------------------------------------------
// The school's logo

fn with_logo(file: &str) -> ExportOptions {
    let logo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/logo")
        .join(file);
    ExportOptions {
        handouts: vec![Handout::Parent],
        school: School {
            logo: Some(logo),
            ..school()
        },
        ..ExportOptions::default()
    }
}

#[test]
fn the_logo_heads_the_letter_in_html_as_an_image_inside_the_file() {
    let library = bundled();
    let (_, plan) = example_plans().remove(0);
    for (file, mime) in [
        ("hillside.png", "image/png"),
        ("hillside.svg", "image/svg+xml"),
    ] {
        let options = ExportOptions {
            format: Format::Html,
            ..with_logo(file)
        };
        let html = String::from_utf8(export::render(&plan, &library, &options).unwrap()).unwrap();
        let image = format!("<img src=\"data:{mime};base64,");
        let at = html
            .find(&image)
            .unwrap_or_else(|| panic!("no {mime} logo"));
        assert!(at < html.find("<h1").unwrap(), "the logo comes first");
        assert!(html.contains("alt=\"The logo of Hillside Primary School\""));
    }
}

#[test]
fn the_logo_prints_as_a_tagged_figure_in_the_pdf_letter() {
    let library = bundled();
    let (_, plan) = example_plans().remove(0);
    let folder = tempfile::tempdir().unwrap();
    for file in ["hillside.png", "hillside.svg"] {
        let options = with_logo(file);
        let model = export::page_model(&plan, &library, &options).unwrap();
        let first = &model[0].units[0];
        assert_eq!(
            first.role,
            Role::Boxed,
            "{file}: the logo is the letter's first unit"
        );
        assert!(
            first.height > 20.0 && first.height < 80.0,
            "{}",
            first.height
        );
        let pdf = folder.path().join(format!("{file}.pdf"));
        export::write(&plan, &library, &options, &pdf).unwrap();
        let Some(structure) = common::poppler("pdfinfo", [OsStr::new("-struct"), pdf.as_os_str()])
        else {
            return;
        };
        let figure = structure
            .find("Figure")
            .expect("a Figure in the structure tree");
        assert!(
            figure < structure.find("H1").unwrap(),
            "{file}: {structure}"
        );
    }
    let pdf = folder.path().join("hillside.png.pdf");
    let images = common::poppler("pdfimages", [OsStr::new("-list"), pdf.as_os_str()]).unwrap();
    assert!(
        images
            .lines()
            .any(|l| l.contains(" 240 ") && l.contains(" 120 ")),
        "{images}"
    );
}

/// An exit ticket is cut out and handed in: each slip prints whole in its box, in large print
/// too, giving up writing lines before it would run onto a second page.
#[test]
fn every_exit_ticket_slip_prints_whole_on_one_page() {
    use lessonplan::library::SheetContent;
    let library = bundled();
    let mut broken = Vec::new();
    let mut slips = 0;
    for module in &library.modules {
        let full = module.in_full().unwrap();
        let tickets: Vec<(&str, &Vec<String>)> = full
            .text
            .resource_sheets
            .iter()
            .filter_map(|s| match &s.content {
                SheetContent::ExitTicket { questions, .. } => Some((s.title.as_str(), questions)),
                _ => None,
            })
            .collect();
        if tickets.is_empty() {
            continue;
        }
        for large_print in [false, true] {
            let mut plan = Plan::new("Exit tickets");
            plan.add(module.id.clone());
            let options = ExportOptions {
                large_print,
                handouts: vec![Handout::Resources],
                ..ExportOptions::default()
            };
            let pages = export::page_model(&plan, &library, &options).unwrap();
            for (title, questions) in &tickets {
                let heading = format!("{title}: ");
                let last = questions.last().map(String::as_str).unwrap_or_default();
                // The last question's first words, as the box's text joins its lines with spaces.
                let ending: String = last
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ");
                let whole = pages.iter().flat_map(|p| &p.units).any(|u| {
                    u.role == Role::Boxed
                        && u.text.starts_with(&heading)
                        && u.text.contains(&ending)
                });
                slips += 1;
                if !whole {
                    broken.push(format!(
                        "{} {title:?} (large print {large_print})",
                        module.id
                    ));
                }
                // The copies to cut apart share one page: none is carried over to a page of its
                // own, behind a cut line.
                let pages_with_copies = pages
                    .iter()
                    .filter(|p| p.units.iter().any(|u| u.text.starts_with(&heading)))
                    .count();
                if pages_with_copies != 1 {
                    broken.push(format!(
                        "{} {title:?} (large print {large_print}): copies on {pages_with_copies} pages",
                        module.id
                    ));
                }
            }
        }
    }
    assert!(slips > 0);
    assert!(
        broken.is_empty(),
        "slips not kept whole:\n{}",
        broken.join("\n")
    );
}
