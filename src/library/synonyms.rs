//! Synonyms: the words teachers and pupils search for, and what the lesson modules call those
//! things ("catfish" is a "fake profile"). Every library may have a `synonyms.toml`; libraries
//! given later add meanings to the words of earlier ones, and never take any away.

use std::ops::Range;

use serde::Serialize;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Code;
use super::fields::{Problems, TableReader, describe};

/// A word or phrase is searched for as its words, so one that long is no synonym but a sentence.
pub const MAX_WORDS: usize = 6;
/// The most characters in a word or a meaning.
pub const MAX_CHARS: usize = 100;
/// The most meanings one word keeps: each is searched for whenever the word is typed, and a long
/// list finds so much that the search stops telling modules apart.
pub const MAX_MEANINGS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Synonym {
    /// The word or phrase people type, as written.
    pub word: String,
    /// What it means in the modules, each a word or a short phrase, as written.
    pub meanings: Vec<String>,
    /// The file it was first read from, for messages.
    #[serde(skip)]
    pub file: String,
}

/// How words are told apart: in any case, with any spacing.
fn key(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What is wrong with a word or meaning as a search phrase, if anything.
fn unsearchable(text: &str) -> Option<String> {
    let words = text.split_whitespace().count();
    let chars = text.chars().count();
    if !text.chars().any(char::is_alphanumeric) {
        Some("has no letters or digits to search for".to_string())
    } else if words > MAX_WORDS {
        Some(format!("is {words} words long; the limit is {MAX_WORDS}"))
    } else if chars > MAX_CHARS {
        Some(format!(
            "is {chars} characters long; the limit is {MAX_CHARS}"
        ))
    } else {
        None
    }
}

/// Reads a `synonyms.toml`. Entries with errors are skipped; the rest are returned, a word listed
/// twice (in another case) once with the meanings of both.
pub fn read_synonyms(
    table: &DeTable,
    span: Range<usize>,
    file: &str,
    problems: &mut Problems,
) -> Vec<Synonym> {
    let example = "catfish = [\"fake profile\", \"not who they say\"]";
    let mut top = TableReader::new(table, span, "");
    let entries = top.table("synonyms", true, example, problems);
    top.finish(problems);
    let Some((entries, _)) = entries else {
        return Vec::new();
    };
    let mut out: Vec<Synonym> = Vec::new();
    // Where each word of `out` was written, for pointing at the first of a pair.
    let mut lines: Vec<usize> = Vec::new();
    // In the order written, so that a word listed twice is reported where it is listed again.
    let mut entries: Vec<_> = entries.iter().collect();
    entries.sort_by_key(|(word, _)| word.span().start);
    for (word_at, value) in entries {
        let word: &str = word_at.get_ref();
        let errors_before = problems.error_count();
        if let Some(problem) = unsearchable(word) {
            problems.error(
                Code::Unsearchable,
                word_at.span(),
                format!("the word `{word}` {problem}"),
                format!(
                    "write the word or short phrase people type, e.g. `{example}` (put a phrase in quotes: `\"fake news\" = \"misinformation\"`)"
                ),
            );
        }
        let items: Vec<(String, Range<usize>)> = match value.get_ref() {
            DeValue::String(text) => vec![(text.to_string(), value.span())],
            DeValue::Array(list) => list
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(text) => Some((text.to_string(), item.span())),
                    other => {
                        problems.error(
                            Code::WrongType,
                            item.span(),
                            format!(
                                "every meaning of `{word}` must be a string, but this is {}",
                                describe(other)
                            ),
                            format!("put the meaning in quotes, e.g. `{example}`"),
                        );
                        None
                    }
                })
                .collect(),
            other => {
                problems.error(
                    Code::WrongType,
                    value.span(),
                    format!(
                        "the meanings of `{word}` must be a string or a list of strings, but this is {}",
                        describe(other)
                    ),
                    format!("write it like `{example}`"),
                );
                continue;
            }
        };
        if items.is_empty() && problems.error_count() == errors_before {
            problems.warning(
                Code::NoMeanings,
                value.span(),
                format!("`{word}` has no meanings, so it changes nothing"),
                format!("list what the modules call it, e.g. `{example}`, or remove the line"),
            );
        }
        let mut meanings: Vec<String> = Vec::new();
        for (meaning, at) in items {
            if let Some(problem) = unsearchable(&meaning) {
                problems.error(
                    Code::Unsearchable,
                    at,
                    format!("the meaning \"{meaning}\" of `{word}` {problem}"),
                    "write a word or a short phrase that the modules use, e.g. \"fake profile\"",
                );
            } else if key(&meaning) == key(word) {
                problems.warning(
                    Code::MeaningIsWord,
                    at,
                    format!("\"{meaning}\" is given as a meaning of itself"),
                    "remove it: a word always finds itself",
                );
            } else if meanings.iter().any(|m| key(m) == key(&meaning)) {
                // Listed twice: once is enough, and harmless.
            } else if meanings.len() == MAX_MEANINGS {
                problems.warning(
                    Code::TooManyMeanings,
                    at,
                    format!("`{word}` has more than {MAX_MEANINGS} meanings; the rest are not used"),
                    "keep the meanings the modules actually use: a long list finds too much to tell modules apart",
                );
                break;
            } else {
                meanings.push(meaning);
            }
        }
        if problems.error_count() > errors_before || meanings.is_empty() {
            continue;
        }
        let line = problems.source.location(word_at.span().start).line;
        if let Some(index) = out.iter().position(|s| key(&s.word) == key(word)) {
            problems.warning(
                Code::DuplicateWord,
                word_at.span(),
                format!(
                    "`{word}` is listed already, as `{}` on line {} (case does not matter)",
                    out[index].word, lines[index]
                ),
                "merge the two lines into one; until then their meanings are combined",
            );
            add_meanings(&mut out[index], meanings);
        } else {
            out.push(Synonym {
                word: word.to_string(),
                meanings,
                file: file.to_string(),
            });
            lines.push(line);
        }
    }
    out
}

/// Adds a library's synonyms to those of the libraries before it: a word they share keeps every
/// meaning from both.
pub fn merge(into: &mut Vec<Synonym>, new: Vec<Synonym>) {
    for synonym in new {
        match into.iter_mut().find(|s| key(&s.word) == key(&synonym.word)) {
            Some(existing) => add_meanings(existing, synonym.meanings),
            None => into.push(synonym),
        }
    }
}

fn add_meanings(synonym: &mut Synonym, meanings: Vec<String>) {
    for meaning in meanings {
        if !synonym.meanings.iter().any(|m| key(m) == key(&meaning)) {
            synonym.meanings.push(meaning);
        }
    }
}
