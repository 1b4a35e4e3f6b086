//! Matching and ranking on small hand-made modules; tests/search_relevance.rs checks the ranking
//! on the bundled library.

use super::*;
use crate::library::{Date, Term};

fn module(id: &str, title: &str, band: &str, summary: &str) -> Module {
    Module {
        id: id.into(),
        title: title.into(),
        age_band: band.into(),
        strands: vec!["online-relationships".into()],
        duration_minutes: 30,
        summary: summary.into(),
        sensitivity: Sensitivity::Standard,
        last_reviewed: Date {
            year: 2026,
            month: 1,
            day: 1,
        },
        keywords: vec!["secrets".into()],
        language: None,
        objectives: vec![],
        success_criteria: vec![],
        send_adaptations: vec![],
        builds_on: vec![],
        leads_to: vec![],
        outcomes: vec![],
        resources: vec![],
        signposting: vec![],
        vocabulary: vec![Term {
            term: "Trusted adult".into(),
            definition: "A grown-up who keeps you safe".into(),
        }],
        activities: vec![],
        review: Default::default(),
        file: String::new(),
        source: crate::library::TextSource::Kept(Default::default()),
    }
}

fn sample() -> Vec<Module> {
    vec![
        module("a", "Who can I tell?", "7-11", "Naming helpers."),
        module(
            "b",
            "Sextortion: what to do",
            "14-18",
            "Threats to share images.",
        ),
        module("c", "Passwords", "7-11", "Keeping accounts safe."),
    ]
}

fn synonym(word: &str, meanings: &[&str]) -> Synonym {
    Synonym {
        word: word.into(),
        meanings: meanings.iter().map(|m| m.to_string()).collect(),
        file: String::new(),
    }
}

/// The ids of the modules found for `text`, best first.
fn found(modules: &[Module], synonyms: &[Synonym], text: &str) -> Vec<String> {
    let filter = Filter {
        text: text.into(),
        ..Filter::default()
    };
    Searcher::new(modules, synonyms)
        .run(&filter)
        .iter()
        .map(|h| modules[h.index].id.clone())
        .collect()
}

#[test]
fn no_text_keeps_library_order_within_filters() {
    let hits = Searcher::new(&sample(), &[]).run(&Filter {
        age_band: Some("7-11".into()),
        ..Filter::default()
    });
    let found: Vec<usize> = hits.iter().map(|h| h.index).collect();
    assert_eq!(found, [0, 2]);
}

#[test]
fn a_typo_finds_the_title_and_highlights_the_word() {
    let modules = sample();
    let hits = Searcher::new(&modules, &[]).run(&Filter {
        text: "sxtortion".into(),
        ..Filter::default()
    });
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].index, 1);
    assert_eq!(hits[0].title_matches, (0..10).collect::<Vec<_>>());
}

#[test]
fn a_word_start_highlights_what_was_typed() {
    let hits = Searcher::new(&sample(), &[]).run(&Filter {
        text: "pass".into(),
        ..Filter::default()
    });
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].title_matches, [0, 1, 2, 3]);
}

#[test]
fn summaries_match_whole_words_not_scattered_letters() {
    let modules = sample();
    assert_eq!(found(&modules, &[], "threats"), ["b"]);
    assert!(found(&modules, &[], "thsh").is_empty());
}

#[test]
fn every_word_must_match() {
    let modules = sample();
    assert_eq!(found(&modules, &[], "passwords safe"), ["c"]);
    assert!(found(&modules, &[], "passwords zebra").is_empty());
}

#[test]
fn vocabulary_terms_are_searched() {
    assert_eq!(found(&sample(), &[], "trusted").len(), 3);
}

#[test]
fn short_words_match_only_whole_words() {
    let modules = vec![
        module("ai", "Is it real? AI pictures", "7-11", "Made by AI."),
        module("aim", "Aim high", "7-11", "Our aim is to be kind."),
        module(
            "letters",
            "All about me",
            "4-7",
            "A picture of me, said Ali.",
        ),
    ];
    assert_eq!(found(&modules, &[], "AI"), ["ai"]);
    assert_eq!(found(&modules, &[], "ai"), ["ai"], "in any case");
}

#[test]
fn in_prose_a_word_start_needs_a_short_ending() {
    let modules = vec![
        module("really", "One", "7-11", "Is it really true?"),
        module("realistic", "Two", "7-11", "Make a realistic plan."),
        module("title", "Realistic plans", "7-11", "Plans."),
    ];
    assert_eq!(found(&modules, &[], "real"), ["title", "really"]);
}

#[test]
fn a_word_some_module_uses_is_not_taken_for_a_typo() {
    let modules = vec![
        module("real", "Real or pretend?", "4-7", "Sorting."),
        module("read", "Read it first", "7-11", "Reading."),
    ];
    assert_eq!(found(&modules, &[], "real"), ["real"]);
    assert_eq!(found(&modules, &[], "raed"), ["read"], "an unknown word is");
}

#[test]
fn typo_limits_follow_word_length() {
    let modules = vec![
        module("scam", "Scams", "7-11", "Spotting a scam."),
        module("sextortion", "Sextortion", "14-18", "Threats."),
    ];
    assert_eq!(found(&modules, &[], "scma"), ["scam"], "a swap is one typo");
    assert!(
        found(&modules, &[], "sxa").is_empty(),
        "3 letters: no typos"
    );
    assert!(
        found(&modules, &[], "smca").is_empty(),
        "two typos in 4 letters"
    );
    assert_eq!(
        found(&modules, &[], "sextrotoin"),
        ["sextortion"],
        "two in 10"
    );
    assert_eq!(
        found(&modules, &[], "sextro"),
        ["sextortion"],
        "typed so far"
    );
}

#[test]
fn typo_distance_counts_a_swap_as_one() {
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    let d = |a: &str, b: &str, limit| typo_distance(&chars(a), &chars(b), limit, false);
    assert_eq!(d("sextrotion", "sextortion", 2), Some(1));
    assert_eq!(d("pasword", "password", 1), Some(1));
    assert_eq!(d("abc", "abc", 0), Some(0));
    assert_eq!(d("kitten", "sitting", 2), None);
    assert_eq!(d("kitten", "sitting", 3), Some(3));
    let start = |a: &str, b: &str, limit| typo_distance(&chars(a), &chars(b), limit, true);
    assert_eq!(start("sextro", "sextortion", 1), Some(1));
    assert_eq!(start("pasw", "password", 1), Some(1));
    assert_eq!(start("pass", "password", 1), Some(0));
    assert_eq!(start("zzzz", "password", 1), None);
}

#[test]
fn words_are_lowercase_without_accents_or_apostrophes_and_hyphens_join() {
    let words: Vec<(String, bool)> = tokens("Don't pile-on, Café’s e - mail")
        .into_iter()
        .map(|t| (t.text, t.hyphened))
        .collect();
    let expected = [
        ("dont", false),
        ("pile", false),
        ("on", true),
        ("cafes", false),
        ("e", false),
        ("mail", false),
    ];
    let expected: Vec<(String, bool)> = expected.iter().map(|(w, h)| (w.to_string(), *h)).collect();
    assert_eq!(words, expected);
    assert_eq!(tokens("Is it real?")[2].chars, 6..10);
}

#[test]
fn hyphened_words_match_with_or_without_the_hyphen() {
    let modules = vec![
        module(
            "pile",
            "Pile-ons and hate",
            "14-18",
            "When a pile-on starts.",
        ),
        module("other", "Piles of work", "14-18", "Turn it on."),
    ];
    assert_eq!(found(&modules, &[], "pile-on"), ["pile"]);
    assert_eq!(found(&modules, &[], "pileon"), ["pile"]);
    assert_eq!(
        found(&modules, &[], "pile on").first().map(String::as_str),
        Some("pile")
    );
}

#[test]
fn a_synonym_finds_what_it_means_after_the_word_itself() {
    let modules = vec![
        module("meaning", "Fake profiles", "7-11", "People who pretend."),
        module("typed", "Catfish and other tricks", "7-11", "Tricks."),
        module("neither", "Passwords", "7-11", "Keeping accounts safe."),
    ];
    let synonyms = [synonym("catfish", &["fake profile"])];
    assert_eq!(found(&modules, &synonyms, "catfish"), ["typed", "meaning"]);
    assert_eq!(
        found(&modules, &synonyms, "catfishing"),
        ["meaning"],
        "a word covers itself with a short ending"
    );
    assert!(found(&modules, &[], "catfishing").is_empty());
}

#[test]
fn a_meaning_of_several_words_must_appear_as_written() {
    let modules = vec![
        module("together", "One", "7-11", "Spotting a fake profile."),
        module(
            "apart",
            "Two",
            "7-11",
            "A fake story, and a profile picture.",
        ),
    ];
    let synonyms = [synonym("catfish", &["fake profile"])];
    assert_eq!(found(&modules, &synonyms, "catfish"), ["together"]);
}

#[test]
fn a_phrase_with_a_synonym_is_found_as_typed_or_by_its_meaning() {
    let modules = vec![
        module("typed", "Fake news", "11-14", "Checking news."),
        module("meant", "Misinformation", "11-14", "Checking posts."),
        module("half", "Fake profiles", "11-14", "Checking."),
    ];
    let synonyms = [synonym("fake news", &["misinformation"])];
    assert_eq!(found(&modules, &synonyms, "fake news"), ["typed", "meant"]);
}

#[test]
fn a_synonym_with_a_typo_still_finds_its_meanings() {
    let modules = vec![module("meaning", "Fake profiles", "7-11", "Tricks.")];
    let synonyms = [synonym("catfish", &["fake profile"])];
    assert_eq!(found(&modules, &synonyms, "catfsh"), ["meaning"]);
}

#[test]
fn a_huge_query_is_answered_and_finds_nothing() {
    let modules = sample();
    let searcher = Searcher::new(&modules, &[]);
    for text in ["é".repeat(2_000), "ab ".repeat(600)] {
        let hits = searcher.run(&Filter {
            text,
            ..Filter::default()
        });
        assert!(hits.is_empty());
    }
}

/// The index built on several threads finds and ranks exactly as one built on one: each share's
/// words get the ids the whole library's words have.
#[test]
fn an_index_built_in_shares_answers_as_one_built_whole() {
    let bundled = crate::library::Library::bundled(&crate::library::LoadOptions::default());
    // The bundled modules three times over, as a larger library's repeats would be.
    let modules: Vec<Module> = (0..3)
        .flat_map(|round| {
            bundled.modules.iter().map(move |m| Module {
                id: format!("{}-{round}", m.id),
                ..m.clone()
            })
        })
        .collect();
    let whole = Searcher::built_by(1, &modules, &bundled.synonyms);
    for workers in [2, 3, 7] {
        let shared = Searcher::built_by(workers, &modules, &bundled.synonyms);
        assert_eq!(shared.vocabulary.len(), whole.vocabulary.len());
        for text in [
            "pass",
            "sextortion",
            "trusted adult",
            "pile-on",
            "pileon",
            "reprot",
            "nudes",
        ] {
            let filter = Filter {
                text: text.into(),
                ..Filter::default()
            };
            let found = shared.run(&filter);
            assert!(!whole.run(&filter).is_empty(), "whole {text}");
            assert!(!found.is_empty(), "{text}");
            assert_eq!(found, whole.run(&filter), "{text} on {workers} threads");
        }
    }
}

#[test]
fn hits_scored_on_every_core_are_the_hits_scored_on_one() {
    let bundled = crate::library::Library::bundled(&crate::library::LoadOptions::default());
    let modules: Vec<Module> = (0..4)
        .flat_map(|round| {
            bundled.modules.iter().map(move |m| Module {
                id: format!("{}-{round}", m.id),
                ..m.clone()
            })
        })
        .collect();
    let searcher = Searcher::new(&modules, &bundled.synonyms);
    // "a" is in nearly every module: the case the cores share.
    for text in ["a", "pass", "trusted adult", "reprot", "online safety"] {
        let filter = Filter {
            text: text.into(),
            ..Filter::default()
        };
        let alone = searcher.run_sharing(&filter, usize::MAX);
        assert!(alone.len() > 4, "{text}: {}", alone.len());
        for per_worker in [1, 7, 100] {
            assert_eq!(
                searcher.run_sharing(&filter, per_worker),
                alone,
                "{text}, {per_worker} a core"
            );
        }
    }
}

#[test]
fn each_word_lists_the_modules_that_use_it_in_order_once_each() {
    let bundled = crate::library::Library::bundled(&crate::library::LoadOptions::default());
    let searcher = Searcher::new(&bundled.modules, &bundled.synonyms);
    let mut users: Vec<std::collections::BTreeSet<u32>> =
        vec![Default::default(); searcher.vocabulary.len()];
    for (m, module) in searcher.modules.iter().enumerate() {
        let compounds = module.compounds.iter().map(|(id, _)| id);
        for &word in module.words.iter().chain(compounds) {
            users[word as usize].insert(m as u32);
        }
    }
    for (id, word) in searcher.vocabulary.iter().enumerate() {
        let expected: Vec<u32> = users[id].iter().copied().collect();
        assert!(!expected.is_empty(), "{word} is used by some module");
        assert_eq!(searcher.postings.of_word(id as u32), expected, "{word}");
        assert_eq!(searcher.id(word), Some(id as u32), "{word}");
    }
    assert_eq!(searcher.id("zzzz-no-such-word"), None);
}
