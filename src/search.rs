//! Filtering and ranking modules: by age band, strand and sensitivity, then by typed text.
//!
//! Text is matched word by word. Titles, keywords and vocabulary terms match fuzzily (typos and
//! abbreviations still find them); summaries and definitions only match exact substrings, because
//! a fuzzy match across a whole paragraph would find almost anything.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::library::{Module, Sensitivity};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub age_band: Option<String>,
    pub strand: Option<String>,
    pub sensitivity: Option<Sensitivity>,
    pub text: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    fn admits(&self, module: &Module) -> bool {
        self.age_band.as_ref().is_none_or(|b| &module.age_band == b)
            && self
                .strand
                .as_ref()
                .is_none_or(|s| module.strands.contains(s))
            && self.sensitivity.is_none_or(|s| module.sensitivity == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the module slice that was searched.
    pub index: usize,
    pub score: u32,
    /// Character positions in the title that matched, for highlighting.
    pub title_matches: Vec<usize>,
}

pub struct Searcher {
    matcher: Matcher,
    buffer: Vec<char>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: Matcher::new(Config::DEFAULT),
            buffer: Vec::new(),
        }
    }
}

const TITLE_WEIGHT: u32 = 4;
const TERM_WEIGHT: u32 = 2;
const TEXT_WEIGHT: u32 = 1;

impl Searcher {
    /// The modules that pass the filter, best match first (library order when there is no text).
    pub fn run(&mut self, modules: &[Module], filter: &Filter) -> Vec<Hit> {
        let words: Vec<&str> = filter.text.split_whitespace().collect();
        let fuzzy: Vec<Atom> = words.iter().map(|w| atom(w, AtomKind::Fuzzy)).collect();
        let exact: Vec<Atom> = words.iter().map(|w| atom(w, AtomKind::Substring)).collect();
        let mut hits = Vec::new();
        for (index, module) in modules.iter().enumerate() {
            if !filter.admits(module) {
                continue;
            }
            if words.is_empty() {
                hits.push(Hit {
                    index,
                    score: 0,
                    title_matches: Vec::new(),
                });
                continue;
            }
            if let Some(hit) = self.score(index, module, &fuzzy, &exact) {
                hits.push(hit);
            }
        }
        // Stable sort keeps library order among equal scores.
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits
    }

    fn score(
        &mut self,
        index: usize,
        module: &Module,
        fuzzy: &[Atom],
        exact: &[Atom],
    ) -> Option<Hit> {
        let mut total = 0;
        let mut title_matches = Vec::new();
        for (fuzzy_atom, exact_atom) in fuzzy.iter().zip(exact) {
            let mut best = 0;
            let mut indices = Vec::new();
            if let Some(s) = fuzzy_atom.indices(
                Utf32Str::new(&module.title, &mut self.buffer),
                &mut self.matcher,
                &mut indices,
            ) {
                best = u32::from(s) * TITLE_WEIGHT;
                title_matches.extend(indices.iter().map(|&i| i as usize));
            }
            let terms = module
                .keywords
                .iter()
                .chain(module.vocabulary.iter().map(|t| &t.term));
            for term in terms {
                if let Some(s) =
                    fuzzy_atom.score(Utf32Str::new(term, &mut self.buffer), &mut self.matcher)
                {
                    best = best.max(u32::from(s) * TERM_WEIGHT);
                }
            }
            let texts = std::iter::once(&module.summary)
                .chain(module.vocabulary.iter().map(|t| &t.definition))
                .chain(std::iter::once(&module.id));
            for text in texts {
                if let Some(s) =
                    exact_atom.score(Utf32Str::new(text, &mut self.buffer), &mut self.matcher)
                {
                    best = best.max(u32::from(s) * TEXT_WEIGHT);
                }
            }
            if best == 0 {
                return None; // every word must match somewhere
            }
            total += best;
        }
        title_matches.sort_unstable();
        title_matches.dedup();
        Some(Hit {
            index,
            score: total,
            title_matches,
        })
    }
}

fn atom(word: &str, kind: AtomKind) -> Atom {
    Atom::new(
        word,
        CaseMatching::Ignore,
        Normalization::Smart,
        kind,
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Date, Handout, Term};

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
            resources: vec![],
            signposting: vec![],
            vocabulary: vec![Term {
                term: "Trusted adult".into(),
                definition: "A grown-up who keeps you safe".into(),
            }],
            activities: vec![],
            safeguarding_notes: String::new(),
            handout: Handout {
                student: String::new(),
                parent: None,
            },
            file: String::new(),
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

    #[test]
    fn no_text_keeps_library_order_within_filters() {
        let hits = Searcher::default().run(
            &sample(),
            &Filter {
                age_band: Some("7-11".into()),
                ..Filter::default()
            },
        );
        let found: Vec<usize> = hits.iter().map(|h| h.index).collect();
        assert_eq!(found, [0, 2]);
    }

    #[test]
    fn fuzzy_title_matches_are_highlighted() {
        let hits = Searcher::default().run(
            &sample(),
            &Filter {
                text: "sxtortion".into(),
                ..Filter::default()
            },
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].index, 1);
        assert_eq!(hits[0].title_matches.first(), Some(&0));
    }

    #[test]
    fn summaries_match_only_exact_substrings() {
        let mut searcher = Searcher::default();
        let exact = searcher.run(
            &sample(),
            &Filter {
                text: "threats".into(),
                ..Filter::default()
            },
        );
        assert_eq!(exact.iter().map(|h| h.index).collect::<Vec<_>>(), [1]);
        let scattered = searcher.run(
            &sample(),
            &Filter {
                text: "thsh".into(),
                ..Filter::default()
            },
        );
        assert!(scattered.is_empty(), "{scattered:?}");
    }

    #[test]
    fn every_word_must_match() {
        let mut searcher = Searcher::default();
        let both = searcher.run(
            &sample(),
            &Filter {
                text: "passwords safe".into(),
                ..Filter::default()
            },
        );
        assert_eq!(both.iter().map(|h| h.index).collect::<Vec<_>>(), [2]);
        let none = searcher.run(
            &sample(),
            &Filter {
                text: "passwords zebra".into(),
                ..Filter::default()
            },
        );
        assert!(none.is_empty());
    }

    #[test]
    fn vocabulary_terms_are_searched() {
        let hits = Searcher::default().run(
            &sample(),
            &Filter {
                text: "trusted".into(),
                ..Filter::default()
            },
        );
        assert_eq!(hits.len(), 3);
    }
}
