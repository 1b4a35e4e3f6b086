//! Words that must not reach some readers, in one place so that the validator, the exporters and
//! the tests all hold the same lists.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};

/// Words no primary pupil (the 4-7 and 7-11 bands) reads on a handout, in any form ("sexually",
/// "pornography"). Primary pupils hear body-safety language instead: "private pictures",
/// "something that worried you", "people whose job is to keep children safe".
pub const NOT_FOR_PRIMARY_PUPILS: [&str; 5] = [
    "sexual",
    "sextortion",
    "abuse material",
    "exploitation",
    "porn",
];

/// The first word of [`NOT_FOR_PRIMARY_PUPILS`] that `text` contains, ignoring case.
pub fn unfit_for_primary_pupils(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    NOT_FOR_PRIMARY_PUPILS
        .into_iter()
        .find(|word| lower.contains(word))
}

/// The oldest age a band may reach and still count as primary.
pub const PRIMARY_MAX_AGE: u8 = 11;

/// How a regional term is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Anywhere, in any case ("Childline's" matches "childline").
    Text,
    /// As a whole word, with this exact case ("UK", "NHS", "999").
    Word,
}

/// Laws, numbers and services that hold only in the UK. Module text that names one of them
/// belongs in a `::: uk` passage (see [`crate::markup::for_region`]), so that other regions'
/// handouts never print it.
const UK_TERMS: &[(&str, Match)] = &[
    ("England and Wales", Match::Text),
    ("Scotland", Match::Text),
    ("Northern Ireland", Match::Text),
    ("UK", Match::Word),
    ("999", Match::Word),
    ("101", Match::Word),
    ("111", Match::Word),
    ("159", Match::Word),
    ("7726", Match::Word),
    ("85258", Match::Word),
    ("116 123", Match::Text),
    ("0800 ", Match::Text),
    ("0808 ", Match::Text),
    ("0300 ", Match::Text),
    ("0344 ", Match::Text),
    ("Childline", Match::Text),
    ("CEOP", Match::Word),
    ("NSPCC", Match::Word),
    ("Report Remove", Match::Text),
    ("Internet Watch Foundation", Match::Text),
    ("IWF", Match::Word),
    ("National Crime Agency", Match::Text),
    ("Samaritans", Match::Text),
    ("Shout", Match::Word),
    ("Report Harmful Content", Match::Text),
    ("Report Fraud", Match::Text),
    ("Action Fraud", Match::Text),
    ("Crimestoppers", Match::Text),
    ("NHS", Match::Word),
    ("Information Commissioner", Match::Text),
    ("National Gambling Helpline", Match::Text),
    ("ACT Early", Match::Text),
    ("Online Safety Act", Match::Text),
    ("Professionals Online Safety Helpline", Match::Text),
];

/// Every UK term in one automaton, matched ignoring ASCII case: module text is checked once per
/// field of every module, so a library of thousands is searched in one pass per field rather
/// than once per term.
static UK_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(UK_TERMS.iter().map(|(term, _)| term))
        .expect("the UK terms are a handful of short literals")
});

/// Where `text` names something that holds only in the UK: each byte range with the term found,
/// in the order they start.
pub fn uk_only_mentions(text: &str) -> Vec<(Range<usize>, &'static str)> {
    let mut found = Vec::new();
    // Each search starts one byte past the last match's start, so a match never hides another
    // that overlaps it; most text has no match, and is passed over in one fast scan.
    let mut from = 0;
    while let Some(hit) = UK_FINDER.find(Input::new(text).span(from..text.len())) {
        let (term, how) = UK_TERMS[hit.pattern().as_usize()];
        let named = match how {
            Match::Text => true,
            Match::Word => {
                &text[hit.range()] == term && is_whole_word(text, hit.start(), term.len())
            }
        };
        if named {
            found.push((hit.range(), term));
        }
        from = hit.start() + 1;
    }
    found
}

fn is_whole_word(text: &str, start: usize, len: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[start + len..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    !joins(before) && !joins(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_words_are_found_in_any_form_and_case() {
        assert_eq!(
            unfit_for_primary_pupils("Sexually explicit"),
            Some("sexual")
        );
        assert_eq!(unfit_for_primary_pupils("PORNOGRAPHY"), Some("porn"));
        assert_eq!(unfit_for_primary_pupils("private pictures"), None);
    }

    #[test]
    fn uk_terms_match_whole_numbers_and_acronyms_only() {
        let terms = |text| {
            uk_only_mentions(text)
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            terms("Call 999 or 101; Childline's number is 0800 1111."),
            ["999", "101", "Childline", "0800 "]
        );
        assert_eq!(
            terms("Room 1010, 9999 likes, a shout for help"),
            Vec::<&str>::new()
        );
        assert_eq!(
            terms("The law (England and Wales), in the UK."),
            ["England and Wales", "UK"]
        );
        assert_eq!(terms("Shout 85258"), ["Shout", "85258"]);
        let text = "See CEOP.";
        let (range, _) = &uk_only_mentions(text)[0];
        assert_eq!(&text[range.clone()], "CEOP");
    }

    /// Every occurrence of every term, found term by term: what the one-pass search must match.
    fn found_term_by_term(text: &str) -> Vec<(Range<usize>, &'static str)> {
        let lower = text.to_ascii_lowercase();
        let mut found = Vec::new();
        for &(term, how) in UK_TERMS {
            let needle = term.to_ascii_lowercase();
            for start in 0..lower.len() {
                if !lower.as_bytes()[start..].starts_with(needle.as_bytes()) {
                    continue;
                }
                let named = match how {
                    Match::Text => true,
                    Match::Word => {
                        text.as_bytes()[start..].starts_with(term.as_bytes())
                            && is_whole_word(text, start, term.len())
                    }
                };
                if named {
                    found.push((start..start + term.len(), term));
                }
            }
        }
        found.sort_by_key(|(range, _)| range.start);
        found
    }

    #[test]
    fn one_pass_finds_what_a_search_for_each_term_finds() {
        let mut texts: Vec<String> = [
            "Call 999 or 101; Childline's number is 0800 1111.",
            "9999 1010 1111 0800 0800 0808 uk UK Ukraine ukulele",
            "shout Shout SHOUT 85258; the NSPCC and CEOP, CEOPs, iwf IWF",
            "report remove Report Remove REPORT FRAUD, action fraud, the online safety act",
            "Scotland, Northern Ireland, England and Wales; NHS 111; 116 123 (Samaritans)",
            "Ünïcödé before UK and after: 0300 123 — Crimestoppers… NHS-run",
        ]
        .map(String::from)
        .to_vec();
        // And every text of every bundled module, where the terms really are.
        let library = crate::library::Library::bundled(&crate::library::LoadOptions::default());
        for module in &library.modules {
            let full = module.in_full().unwrap();
            texts.push(module.summary.clone());
            texts.push(full.text.safeguarding_notes.clone());
            texts.push(full.text.handout.student.clone());
            texts.extend(full.text.handout.parent.clone());
            texts.extend(full.text.activity_descriptions.iter().cloned());
        }
        let mut matched = 0;
        for text in &texts {
            let expected = found_term_by_term(text);
            matched += expected.len();
            assert_eq!(uk_only_mentions(text), expected, "{text}");
        }
        assert!(matched > 50, "the texts name UK terms: {matched}");
    }
}
