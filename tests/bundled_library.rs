//! The bundled library is the product's content: it must load cleanly, cover every age band and
//! strand, and meet the content guide's safety rules.

use lessonplan::library::{Date, FullModule, Library, LoadOptions, Module, Severity};

/// Every bundled module with all its text.
fn in_full(library: &Library) -> Vec<FullModule> {
    library
        .modules
        .iter()
        .map(|m| m.in_full().expect("bundled files never change"))
        .collect()
}

fn bundled() -> Library {
    // Review dates are checked against the day the library was last reviewed as a whole, so this
    // test does not start failing on its own; `lessonplan validate` checks against today.
    let options = LoadOptions {
        today: Date {
            year: 2026,
            month: 12,
            day: 2,
        },
        ..LoadOptions::default()
    };
    Library::bundled(&options)
}

#[test]
fn loads_with_no_errors_warnings_or_notes() {
    let library = bundled();
    let shown: Vec<String> = library.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
    assert!(
        library.modules.len() >= 40,
        "{} modules",
        library.modules.len()
    );
}

#[test]
fn every_age_band_and_strand_has_a_module() {
    let library = bundled();
    let mut gaps = Vec::new();
    for band in &library.framework.age_bands {
        for strand in &library.framework.strands {
            let covered = library
                .modules
                .iter()
                .any(|m| m.age_band == band.id && m.strands.contains(&strand.id));
            if !covered {
                gaps.push(format!("{} x {}", band.id, strand.id));
            }
        }
    }
    assert!(gaps.is_empty(), "no module for: {gaps:#?}");
}

fn audiences(module: &Module, library: &Library) -> (bool, bool) {
    let services: Vec<_> = module
        .signposting
        .iter()
        .filter_map(|id| library.service(id))
        .collect();
    (
        services.iter().any(|s| s.serves_young_people()),
        services.iter().any(|s| s.serves_parents()),
    )
}

#[test]
fn sensitive_modules_signpost_help_for_young_people_and_adults() {
    let library = bundled();
    for module in in_full(&library).iter().filter(|m| m.is_sensitive()) {
        let services: Vec<_> = module
            .signposting
            .iter()
            .filter_map(|id| library.service(id))
            .collect();
        let young = services.iter().any(|s| {
            s.audience
                .contains(&lessonplan::library::Audience::YoungPeople)
        });
        let adults = services.iter().any(|s| s.serves_parents());
        assert!(
            young && adults,
            "{} needs a young-people and a parents service",
            module.id
        );
        assert!(
            module.text.safeguarding_notes.split_whitespace().count() >= 60,
            "{}: safeguarding notes are too thin for a sensitive lesson",
            module.id
        );
    }
    for module in &library.modules {
        let (young, _) = audiences(module, &library);
        assert!(young || module.signposting.is_empty(), "{}", module.id);
    }
}

/// Words that would describe sexual acts or abuse explicitly; none belong in what primary pupils
/// see or hear. Safeguarding notes and the parent letter speak to adults and may name risks.
const NOT_FOR_PRIMARY: &[&str] = &[
    "sex ",
    "sexual",
    "sexually",
    "porn",
    "nude",
    "nudes",
    "naked",
    "masturbat",
    "intercourse",
    "genital",
    "rape",
    "sextortion",
];

#[test]
fn primary_modules_use_body_safety_language_only() {
    let library = bundled();
    for module in in_full(&library)
        .iter()
        .filter(|m| m.age_band == "4-7" || m.age_band == "7-11")
    {
        let mut pupil_facing = vec![&module.title, &module.summary, &module.text.handout.student];
        pupil_facing.extend(&module.objectives);
        pupil_facing.extend(
            module
                .vocabulary
                .iter()
                .flat_map(|t| [&t.term, &t.definition]),
        );
        pupil_facing.extend(module.activities.iter().map(|a| &a.title));
        pupil_facing.extend(&module.text.activity_descriptions);
        let text = pupil_facing
            .iter()
            .map(|s| s.to_lowercase())
            .collect::<Vec<_>>()
            .join("\n");
        for word in NOT_FOR_PRIMARY {
            assert!(
                !text.contains(word),
                "{} ({}) contains {word:?}",
                module.id,
                module.age_band
            );
        }
    }
}

#[test]
fn modules_meet_the_lesson_design_standard() {
    let library = bundled();
    for m in &in_full(&library) {
        let id = &m.id;
        assert!(m.objectives.len() >= 3, "{id}: 3+ objectives");
        assert!(
            m.objectives.iter().all(|o| o.starts_with("I can ")),
            "{id}: objectives are \"I can ...\" statements"
        );
        assert!(m.vocabulary.len() >= 4, "{id}: 4+ vocabulary terms");
        assert!(
            m.activities.len() >= 3,
            "{id}: a starter, main work and an ending"
        );
        let first = m.activities.first().and_then(|a| a.kind);
        let last = m.activities.last().and_then(|a| a.kind);
        assert_eq!(
            first,
            Some(lessonplan::library::ActivityKind::Starter),
            "{id}: starts with a baseline starter"
        );
        assert!(
            matches!(
                last,
                Some(
                    lessonplan::library::ActivityKind::Plenary
                        | lessonplan::library::ActivityKind::Assessment
                )
            ),
            "{id}: ends with a plenary or assessment"
        );
        // As each region prints it: a regional passage and its alternative never print together.
        for region in ["uk", "ie", "au", "nz", "us"] {
            let printed = m.for_region(region);
            let words = printed.text.handout.student.split_whitespace().count();
            assert!(
                (120..=300).contains(&words),
                "{id} ({region}): student handout has {words} words (120-300)"
            );
            // One paragraph or two of a letter that names every lesson: the same tense in each,
            // and the letter's own help box said once, not per lesson.
            let parent = printed.text.handout.parent.clone().unwrap_or_default();
            let words = parent.split_whitespace().count();
            assert!(
                (90..=170).contains(&words),
                "{id} ({region}): parent text has {words} words (90-170)"
            );
            assert!(
                parent.trim_start().starts_with("In this lesson,"),
                "{id}: parent text opens \"In this lesson, ...\""
            );
            assert!(
                !parent.contains("help box") && !parent.contains("Today"),
                "{id}: the letter says where to get help once"
            );
        }
        assert!(
            m.text.handout.parent.is_some(),
            "{id}: a parent/carer paragraph"
        );
        assert!(m.keywords.len() >= 3, "{id}: keywords for search");
        let expected = match m.age_band.as_str() {
            "4-7" => 20..=40,
            "7-11" => 40..=60,
            _ => 45..=60,
        };
        assert!(
            expected.contains(&m.duration_minutes),
            "{id}: {} minutes",
            m.duration_minutes
        );
        if m.is_sensitive() {
            let pupil_text = format!(
                "{} {}",
                m.text.handout.student,
                m.text.activity_descriptions.concat()
            )
            .to_lowercase();
            assert!(
                pupil_text.contains("fault") || pupil_text.contains("blame"),
                "{id}: says it is never the child's fault"
            );
        }
    }
    assert_eq!(library.count(Severity::Error), 0);
}

#[test]
fn every_module_has_success_criteria_send_adaptations_and_a_place_in_a_progression() {
    let library = bundled();
    let mut problems = Vec::new();
    for m in &library.modules {
        let id = &m.id;
        if m.success_criteria.len() < 2 {
            problems.push(format!("{id}: 2+ success criteria"));
        }
        if !m
            .success_criteria
            .iter()
            .all(|c| c.starts_with("Pupils can "))
        {
            problems.push(format!("{id}: success criteria read \"Pupils can ...\""));
        }
        if m.send_adaptations.len() < 3 {
            problems.push(format!("{id}: 3+ SEND adaptations"));
        }
        // Pupils with SEND are more often targeted online: after a sensitive lesson an adult checks in.
        if m.is_sensitive() && !m.send_adaptations.iter().any(|a| a.contains("check-in")) {
            problems.push(format!("{id}: a sensitive module plans an adult check-in"));
        }
        if m.builds_on.is_empty() && m.leads_to.is_empty() {
            problems.push(format!("{id}: builds_on or leads_to another module"));
        }
        for later in &m.leads_to {
            match library.module(later) {
                Some(next) if next.builds_on.contains(id) => {}
                Some(_) => {
                    problems.push(format!("{id} leads to {later}, which does not build on it"))
                }
                None => problems.push(format!("{id} leads to {later}, which is not bundled")),
            }
        }
        for earlier in &m.builds_on {
            match library.module(earlier) {
                Some(before) if before.leads_to.contains(id) => {}
                Some(_) => problems.push(format!(
                    "{id} builds on {earlier}, which does not lead to it"
                )),
                None => problems.push(format!("{id} builds on {earlier}, which is not bundled")),
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Outcomes are the library's map of what each band is taught: every module places itself on
/// it, and nothing on it is left untaught.
#[test]
fn every_module_teaches_outcomes_of_its_band_and_every_outcome_is_taught() {
    let library = bundled();
    let mut problems = Vec::new();
    let cells = library.framework.age_bands.len() * library.framework.strands.len();
    if library.outcomes.len() < 2 * cells {
        problems.push(format!(
            "{} outcomes for {cells} band and strand cells: at least two a cell",
            library.outcomes.len()
        ));
    }
    for band in &library.framework.age_bands {
        for strand in &library.framework.strands {
            let here = library
                .outcomes
                .iter()
                .filter(|o| o.age_band == band.id && o.strand == strand.id)
                .count();
            if here < 2 {
                problems.push(format!("{} {}: {here} outcomes", band.id, strand.id));
            }
        }
    }
    for o in &library.outcomes {
        if !o.statement.starts_with("I can ") {
            problems.push(format!("{}: the statement reads \"I can ...\"", o.id));
        }
    }
    for m in &library.modules {
        if m.outcomes.is_empty() {
            problems.push(format!("{}: names no outcome", m.id));
        }
        for id in &m.outcomes {
            match library.outcome(id) {
                Some(o) if o.age_band == m.age_band && m.strands.contains(&o.strand) => {}
                Some(o) => problems.push(format!(
                    "{}: outcome {id} is for {} {}",
                    m.id, o.age_band, o.strand
                )),
                None => problems.push(format!("{}: no outcome {id}", m.id)),
            }
        }
    }
    let report = library.outcome_coverage();
    for o in report.untaught() {
        problems.push(format!("outcome {} is taught by no module", o.id));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn services_cover_every_region_with_a_source() {
    let library = bundled();
    for region in ["uk", "ie", "au", "nz", "us"] {
        let here: Vec<_> = library
            .services
            .iter()
            .filter(|s| s.works_in(region))
            .collect();
        assert!(
            here.iter().any(|s| s.serves_young_people()),
            "{region}: a service for young people"
        );
        assert!(
            here.iter().any(|s| s.serves_parents()),
            "{region}: a service for parents"
        );
    }
    for service in &library.services {
        assert!(
            service
                .source
                .as_deref()
                .is_some_and(|s| s.starts_with("https://")),
            "{}: source",
            service.id
        );
    }
    let childline = library.service("childline").unwrap();
    assert_eq!(childline.phone.as_deref(), Some("0800 1111"));
    assert_eq!(
        library.service("nspcc-helpline").unwrap().phone.as_deref(),
        Some("0808 800 5000")
    );
    assert_eq!(
        library.service("stop-it-now").unwrap().phone.as_deref(),
        Some("0808 1000 900")
    );
    assert_eq!(
        library.service("kids-helpline").unwrap().phone.as_deref(),
        Some("1800 55 1800")
    );
    assert_eq!(
        library.service("childline-ie").unwrap().phone.as_deref(),
        Some("1800 66 66 66")
    );
}

/// Handouts are printed for schools in any region, with a help box of that region's services.
/// A phone number written into the text would print the wrong number outside its country. (Five
/// or more digits, spaces allowed between them, is a phone number; a year or 999 is not.)
#[test]
fn handout_and_letter_text_leave_phone_numbers_to_the_help_box() {
    fn has_phone_number(text: &str) -> bool {
        let mut digits = 0;
        for c in text.chars() {
            match c {
                '0'..='9' => digits += 1,
                ' ' if digits > 0 => {}
                _ => digits = 0,
            }
            if digits >= 5 {
                return true;
            }
        }
        false
    }
    assert!(has_phone_number("call 0800 1111 now"));
    assert!(has_phone_number("call 116 123"));
    assert!(has_phone_number("text 85258"));
    assert!(!has_phone_number("call 999"));
    assert!(
        !has_phone_number("ages 11 to 14, 2026 is not"),
        "years are fine"
    );
    let library = bundled();
    for module in &in_full(&library) {
        let handout = &module.text.handout;
        for (which, text) in [
            ("student handout", Some(&handout.student)),
            ("parent text", handout.parent.as_ref()),
        ] {
            if let Some(text) = text {
                assert!(
                    !has_phone_number(text),
                    "{}: the {which} has a phone number; list it in services.toml instead",
                    module.id
                );
            }
        }
    }
}

/// Everything a lesson prints is supplied, so no teacher retypes a resource: a resource made of
/// text (cards, a chat, a worksheet, a ticket, a poster, a fact sheet, a timeline) is one of
/// the module's resource sheets, and no entry points at text kept elsewhere in the module.
#[test]
fn every_text_resource_a_module_lists_is_one_of_its_sheets() {
    const TEXT_KINDS: [&str; 12] = [
        "cards",
        "chat",
        "worksheet",
        "exit ticket",
        "fact sheet",
        "poster",
        "script",
        "timeline",
        "statements",
        "letters",
        "story",
        "mock app screen",
    ];
    // Things made by hand rather than printed from the module's words.
    const MADE_BY_HAND: [&str; 7] = [
        "blank",
        "drawn",
        "drawing",
        "picture",
        "photo",
        "red, amber and green",
        "sticky",
    ];
    let library = bundled();
    let mut unsupplied = Vec::new();
    for m in &in_full(&library) {
        for entry in &m.resources {
            if m.text
                .resource_sheets
                .iter()
                .any(|s| entry.starts_with(&s.title))
            {
                continue;
            }
            let lower = entry.to_lowercase();
            let elsewhere = lower.contains("text in") || lower.starts_with("printed");
            let text_kind = TEXT_KINDS.iter().any(|kind| lower.contains(kind))
                && !MADE_BY_HAND.iter().any(|made| lower.contains(made));
            if elsewhere || text_kind {
                unsupplied.push(format!("{}: {entry}", m.id));
            }
        }
    }
    assert!(unsupplied.is_empty(), "{unsupplied:#?}");
}
