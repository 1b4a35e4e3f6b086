//! What reaches children and parents, checked for every bundled module in every region: each
//! handout is generated (not sampled) and read the way its reader would meet it.

use lessonplan::export::document::{self, Block, Document};
use lessonplan::export::{ExportOptions, Handout};
use lessonplan::library::{Library, LoadOptions, Service, ServiceKind, wording};
use lessonplan::plan::Plan;

const REGIONS: [&str; 5] = ["uk", "ie", "au", "nz", "us"];

fn bundled() -> Library {
    Library::bundled(&LoadOptions::default())
}

/// The three handouts of a one-module plan, printed for `region`.
fn handouts(library: &Library, module: &str, region: &str) -> Document {
    let mut plan = Plan::new("Our lesson");
    plan.add(module);
    let options = ExportOptions {
        region: region.to_string(),
        ..ExportOptions::default()
    };
    document::build(&plan, library, &options).unwrap()
}

/// Every piece of text in the blocks, one string per paragraph, bullet or cell.
fn texts(blocks: &[Block], out: &mut Vec<String>) {
    out.extend(blocks.iter().flat_map(Block::texts).map(String::from));
}

fn section_text(document: &Document, handout: Handout) -> String {
    let mut out = Vec::new();
    for section in document.sections.iter().filter(|s| s.handout == handout) {
        texts(&section.blocks, &mut out);
    }
    out.join("\n")
}

/// The help boxes of one handout: each box's lead paragraphs and the services it lists.
fn help_boxes<'l>(
    document: &Document,
    handout: Handout,
    library: &'l Library,
) -> Vec<(Vec<String>, Vec<&'l Service>)> {
    let mut boxes = Vec::new();
    for section in document.sections.iter().filter(|s| s.handout == handout) {
        for block in &section.blocks {
            let Block::Panel { title, blocks } = block else {
                continue;
            };
            if title != "Where to get help" {
                continue;
            }
            let mut lead = Vec::new();
            let mut listed = Vec::new();
            for inner in blocks {
                match inner {
                    Block::Paragraph(text) => lead.push(text.clone()),
                    Block::Bullets(items) => {
                        for item in items {
                            let service = library
                                .services
                                .iter()
                                .find(|s| item.starts_with(&format!("**{}**", s.name)))
                                .unwrap_or_else(|| panic!("a listed service is unknown: {item}"));
                            listed.push(service);
                        }
                    }
                    other => panic!("unexpected block in a help box: {other:?}"),
                }
            }
            boxes.push((lead, listed));
        }
    }
    boxes
}

#[test]
fn pupils_see_only_services_for_their_age_in_words_for_their_age() {
    let library = bundled();
    for module in &library.modules {
        let band = library.framework.age_band(&module.age_band);
        let primary = band
            .and_then(|b| b.ages())
            .is_some_and(|(_, oldest)| oldest <= wording::PRIMARY_MAX_AGE);
        for region in REGIONS {
            let document = handouts(&library, &module.id, region);
            let boxes = help_boxes(&document, Handout::Student, &library);
            assert_eq!(boxes.len(), 1, "{} {region}: one help box", module.id);
            for service in &boxes[0].1 {
                assert!(
                    service.works_in(region),
                    "{} {region}: {} works elsewhere",
                    module.id,
                    service.id
                );
                assert!(
                    service.words_for_pupils(band).is_some(),
                    "{} {region}: {} is not for pupils of {}",
                    module.id,
                    service.id,
                    module.age_band
                );
            }
            if primary {
                let text = section_text(&document, Handout::Student);
                assert_eq!(
                    wording::unfit_for_primary_pupils(&text),
                    None,
                    "{} {region}: the student handout uses a word kept from primary pupils:\n{text}",
                    module.id
                );
            }
        }
    }
}

#[test]
fn parents_see_services_for_parents_and_staff_lines_stay_in_the_teacher_plan() {
    let library = bundled();
    let staff_only: Vec<&Service> = library
        .services
        .iter()
        .filter(|s| s.is_for_professionals_only())
        .collect();
    assert!(
        !staff_only.is_empty(),
        "the bundled library has a line for staff"
    );
    for module in &library.modules {
        for region in REGIONS {
            let document = handouts(&library, &module.id, region);
            for (_, listed) in help_boxes(&document, Handout::Parent, &library) {
                for service in listed {
                    assert!(
                        service.works_in(region) && service.serves_parents(),
                        "{} {region}: {} in the parent letter",
                        module.id,
                        service.id
                    );
                }
            }
            for service in &staff_only {
                let named = format!("**{}**", service.name);
                for handout in [Handout::Student, Handout::Parent] {
                    assert!(
                        !section_text(&document, handout).contains(&named),
                        "{} {region}: {} printed in the {handout:?} handout",
                        module.id,
                        service.id
                    );
                }
            }
        }
    }
    // The teacher plan does list the staff line of its region.
    let document = handouts(&library, "sextortion-11-14", "uk");
    assert!(
        section_text(&document, Handout::Teacher)
            .contains("**Professionals Online Safety Helpline**")
    );
}

/// Whether a claim holds for one service.
type Holds = fn(&Service) -> bool;

/// The sentence above each box claims only what holds for every service in it.
#[test]
fn help_box_claims_hold_for_every_entry() {
    let library = bundled();
    let claims: [(&str, Holds); 6] = [
        ("They are all free.", |s| s.free == Some(true)),
        ("All of them are free to use.", |s| s.free == Some(true)),
        ("At each one, someone will listen to you.", |s| {
            s.is(ServiceKind::Listening)
        }),
        ("Each one is somewhere to talk", |s| {
            s.is(ServiceKind::Listening)
        }),
        ("stays private", |s| s.confidential == Some(true)),
        ("Each is confidential", |s| s.confidential == Some(true)),
    ];
    let mut claims_made = 0;
    for module in &library.modules {
        for region in REGIONS {
            let document = handouts(&library, &module.id, region);
            for handout in [Handout::Student, Handout::Parent] {
                for (lead, listed) in help_boxes(&document, handout, &library) {
                    let lead = lead.join(" ");
                    for (claim, holds) in &claims {
                        if lead.contains(claim) {
                            claims_made += 1;
                            let wrong: Vec<&str> = listed
                                .iter()
                                .filter(|s| !holds(s))
                                .map(|s| s.id.as_str())
                                .collect();
                            assert!(
                                wrong.is_empty(),
                                "{} {region} {handout:?}: \"{claim}\" is not true of {wrong:?}",
                                module.id
                            );
                        }
                    }
                    assert!(
                        !lead.contains("confidential services")
                            && !lead.contains("free, confidential"),
                        "{} {region}: a blanket claim: {lead}",
                        module.id
                    );
                }
            }
        }
    }
    assert!(claims_made > 0, "some boxes make a claim, so the check ran");
}

/// Every region has somewhere to talk: each pupil's box and each letter lists a listening line.
#[test]
fn every_box_in_every_region_has_somewhere_to_talk() {
    let library = bundled();
    for module in &library.modules {
        for region in REGIONS {
            let document = handouts(&library, &module.id, region);
            for handout in [Handout::Student, Handout::Parent] {
                for (_, listed) in help_boxes(&document, handout, &library) {
                    assert!(
                        listed.iter().any(|s| s.is(ServiceKind::Listening)),
                        "{} {region} {handout:?}: no listening line in {:?}",
                        module.id,
                        listed.iter().map(|s| &s.id).collect::<Vec<_>>()
                    );
                }
            }
        }
    }
}

/// Module text may point to the help box, but only the box itself says what its entries are:
/// "the free, confidential services in the help box" is untrue of a box holding the police.
#[test]
fn module_text_makes_no_claims_about_the_help_box() {
    let library = bundled();
    for module in &library.modules {
        for region in REGIONS {
            let printed = module.in_full().unwrap().for_region(region);
            let texts = [
                Some(&printed.text.handout.student),
                printed.text.handout.parent.as_ref(),
            ];
            for text in texts.into_iter().flatten() {
                for sentence in text.split(['.', '\n']) {
                    let lower = sentence.to_lowercase();
                    if lower.contains("help box") {
                        for claim in ["free", "confidential", "kind person"] {
                            assert!(
                                !lower.contains(claim),
                                "{} {region}: \"{}\" says the help box is {claim}",
                                module.id,
                                sentence.trim()
                            );
                        }
                    }
                }
            }
        }
    }
}

fn whole_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

#[test]
fn uk_law_numbers_and_services_print_only_for_the_uk() {
    let library = bundled();
    for module in &library.modules {
        for region in ["ie", "au", "nz", "us"] {
            let document = handouts(&library, &module.id, region);
            let mut all = Vec::new();
            for section in &document.sections {
                texts(&section.blocks, &mut all);
            }
            let mut text = all.join("\n");
            // The region's own services may have numbers shaped like UK ones (New Zealand's 0800
            // lines, its 111): what they say of themselves is theirs, not UK text.
            for service in library.services.iter().filter(|s| s.works_in(region)) {
                let own = [&service.phone, &service.text]
                    .into_iter()
                    .flatten()
                    .chain([&service.name, &service.description])
                    .chain(service.pupil_text.iter().map(|(_, t)| t));
                for said in own {
                    text = text.replace(said.as_str(), "");
                }
            }
            for phrase in ["England and Wales", "Childline (0800", "CEOP"] {
                assert!(
                    !text.contains(phrase),
                    "{} {region}: prints \"{phrase}\"",
                    module.id
                );
            }
            for number in ["999", "101"] {
                assert!(
                    !whole_word(&text, number),
                    "{} {region}: prints {number}",
                    module.id
                );
            }
            let mentions: Vec<&str> = wording::uk_only_mentions(&text)
                .into_iter()
                .map(|(_, term)| term)
                // Ireland has a Childline of its own (ISPCC).
                .filter(|term| !(region == "ie" && *term == "Childline"))
                .collect();
            assert!(
                mentions.is_empty(),
                "{} {region}: UK-only text {mentions:?}",
                module.id
            );
        }
    }
}

#[test]
fn the_bundled_services_record_when_and_where_they_were_checked() {
    let library = bundled();
    for service in &library.services {
        assert!(service.checked.is_some(), "{}: checked", service.id);
        assert!(
            service
                .source
                .as_deref()
                .is_some_and(|s| s.starts_with("https://")),
            "{}: source",
            service.id
        );
        assert!(!service.kind.is_empty(), "{}: kind", service.id);
        for (band, text) in &service.pupil_text {
            assert!(
                library.framework.age_band(band).is_some(),
                "{}: pupil text for unknown band {band}",
                service.id
            );
            assert!(!text.trim().is_empty());
        }
    }
    // A reader tells services apart by name.
    let mut names: Vec<&str> = library.services.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "two services share a name");
    // Somewhere to talk for pupils of every band, and for parents, in every region.
    for region in REGIONS {
        let here = || library.services.iter().filter(|s| s.works_in(region));
        for band in &library.framework.age_bands {
            assert!(
                here()
                    .any(|s| s.is(ServiceKind::Listening)
                        && s.words_for_pupils(Some(band)).is_some()),
                "{region} {}: a listening line for pupils",
                band.id
            );
        }
        assert!(
            here().any(|s| s.is(ServiceKind::Listening) && s.serves_parents()),
            "{region}: a listening line for parents"
        );
    }
}

/// Headings are headings (module text's bold lines included), in order, each handout titled for
/// what it is, in the region's English.
#[test]
fn headings_never_skip_a_level_and_each_handout_says_what_it_is() {
    let library = bundled();
    let mut sub_headings = 0;
    for module in &library.modules {
        for (region, language) in [("uk", "en-GB"), ("ie", "en-IE"), ("us", "en-US")] {
            let document = handouts(&library, &module.id, region);
            assert_eq!(document.language, language);
            for section in &document.sections {
                let mut last = 0;
                for block in &section.blocks {
                    if let Block::Heading { level, text } = block {
                        assert!(
                            *level >= 1 && *level <= last + 1,
                            "{} {region}: heading {text:?} at level {level} after level {last}",
                            module.id
                        );
                        if *level >= 3 && section.handout == Handout::Student {
                            sub_headings += 1;
                        }
                        last = *level;
                    }
                }
                let Some(Block::Heading { level: 1, text }) = section.blocks.first() else {
                    panic!("{}: a handout opens with its title", module.id)
                };
                let expected = match section.handout {
                    Handout::Teacher => "Teacher plan: ",
                    Handout::Student => "Student handout: ",
                    Handout::Parent => "A letter to parents and carers",
                    Handout::Resources => "Resource sheets: ",
                };
                assert!(text.starts_with(expected), "{text}");
            }
        }
    }
    assert!(sub_headings > 0, "pupil sub-headings are headings");
}

/// A sensitive lesson's worksheets and exit tickets are answered anonymously: nobody puts their
/// name to what they think about nudes, grooming or self-harm, unless the sheet asks for a name
/// because a teacher follows each one up. Other lessons' sheets ask for one.
#[test]
fn sheets_ask_for_a_name_only_where_the_lesson_and_sheet_want_one() {
    use lessonplan::library::SheetContent;
    use lessonplan::library::sheets::asks_name;
    let library = bundled();
    let mut checked = [0, 0];
    for module in &library.modules {
        let expected: Vec<bool> = module
            .in_full()
            .unwrap()
            .text
            .resource_sheets
            .iter()
            .filter_map(|s| match s.content {
                SheetContent::Worksheet { name_line, .. }
                | SheetContent::ExitTicket { name_line, .. } => {
                    Some(asks_name(name_line, module.is_sensitive()))
                }
                _ => None,
            })
            .collect();
        if expected.is_empty() {
            continue;
        }
        let document = handouts(&library, &module.id, "uk");
        // Each sheet's first name line, in print order: a worksheet's own, or its first slip's.
        let mut printed: Vec<bool> = Vec::new();
        let mut seen_in_sheet = true;
        for section in document
            .sections
            .iter()
            .filter(|s| s.handout == Handout::Resources)
        {
            for block in &section.blocks {
                let first_text = match block {
                    Block::Heading { level: 2, .. } => {
                        seen_in_sheet = false;
                        continue;
                    }
                    Block::Paragraph(text) => Some(text.as_str()),
                    Block::Panel { blocks, .. } => match blocks.first() {
                        Some(Block::Paragraph(text)) => Some(text.as_str()),
                        _ => None,
                    },
                    _ => None,
                };
                let asks = match first_text {
                    Some(t) if t.starts_with("Name: ") => true,
                    Some("No name needed.") => false,
                    _ => continue,
                };
                if !seen_in_sheet {
                    printed.push(asks);
                    seen_in_sheet = true;
                }
            }
        }
        assert_eq!(
            printed,
            expected,
            "{} (sensitive {})",
            module.id,
            module.is_sensitive()
        );
        checked[usize::from(module.is_sensitive())] += 1;
    }
    assert!(checked[0] > 0 && checked[1] > 0, "{checked:?}");
}
