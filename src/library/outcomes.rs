//! Outcomes: the library's statements of what a pupil can do or explain by the end of an age
//! band, one strand at a time ("I can ..."). Every library may have an `outcomes.toml`; a module
//! names the outcomes it teaches in its `outcomes` list, and coverage shows which outcomes no
//! module teaches.

use std::ops::Range;

use serde::Serialize;
use toml::de::DeTable;

use super::diagnostic::Code;
use super::fields::{At, Problems, TableReader};
use super::module::check_entry_id;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub id: String,
    pub age_band: String,
    pub strand: String,
    /// What the pupil can do, in the pupil's voice: "I can ...".
    pub statement: String,
    /// The file it was read from, for messages.
    #[serde(skip)]
    pub file: String,
}

/// An outcome as read, with where its id, band and strand were written, for the checks that
/// need every library's framework.
pub struct ReadOutcome {
    pub outcome: Outcome,
    pub id_span: Range<usize>,
    pub band_span: Range<usize>,
    pub strand_span: Range<usize>,
}

/// Reads an `outcomes.toml`. Entries with errors are skipped, as is the second of two entries
/// with one id; the rest are returned in the order written.
pub fn read_outcomes(
    table: &DeTable,
    span: Range<usize>,
    file: &str,
    problems: &mut Problems,
) -> Vec<ReadOutcome> {
    let mut top = TableReader::new(table, span, "");
    let example = "id = \"privacy-4-7-ask-first\"\nage_band = \"4-7\"\n\
                   strand = \"privacy-and-security\"\nstatement = \"I can ...\"";
    let entries = top
        .table_list("outcomes", true, example, problems)
        .unwrap_or_default();
    top.finish(problems);
    let mut out: Vec<ReadOutcome> = Vec::new();
    for (index, (entry, entry_span)) in entries.into_iter().enumerate() {
        let errors_before = problems.error_count();
        let mut reader = TableReader::new(entry, entry_span, format!("outcome {}", index + 1));
        let id = reader.line("id", true, "\"privacy-4-7-ask-first\"", problems);
        let band = reader.line("age_band", true, "\"4-7\"", problems);
        let strand = reader.line("strand", true, "\"privacy-and-security\"", problems);
        let statement = reader.line(
            "statement",
            true,
            "\"I can ask a grown-up before I share a picture.\"",
            problems,
        );
        reader.finish(problems);
        if let Some(id) = &id {
            let taken = out.iter().any(|o| o.outcome.id == id.value);
            check_entry_id(id, "outcome", "privacy-4-7-ask-first", taken, problems);
        }
        if let Some(statement) = &statement
            && statement.value.trim().is_empty()
        {
            problems.error(
                Code::EmptyField,
                statement.span.clone(),
                "`statement` is empty",
                "say what a pupil can do, e.g. \"I can ask a grown-up before I share a picture.\"",
            );
        }
        let (Some(id), Some(band), Some(strand), Some(statement)) = (id, band, strand, statement)
        else {
            continue;
        };
        if problems.error_count() > errors_before {
            continue;
        }
        let At {
            value: age_band,
            span: band_span,
        } = band;
        let At {
            value: strand,
            span: strand_span,
        } = strand;
        out.push(ReadOutcome {
            outcome: Outcome {
                id: id.value,
                age_band,
                strand,
                statement: statement.value.trim().to_string(),
                file: file.to_string(),
            },
            id_span: id.span,
            band_span,
            strand_span,
        });
    }
    out
}

/// Adds a library's outcomes: one with a known id replaces the earlier one, in its place.
pub fn merge(into: &mut Vec<Outcome>, new: Vec<Outcome>) {
    super::fields::merge_by_id(into, new, |o| &o.id);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::diagnostic::SourceFile;

    fn read(text: &str) -> (Vec<ReadOutcome>, Vec<String>) {
        let file = SourceFile::new("outcomes.toml", text);
        let mut problems = Problems::new(&file);
        let document = DeTable::parse(text).unwrap();
        let read = read_outcomes(
            document.get_ref(),
            document.span(),
            "outcomes.toml",
            &mut problems,
        );
        let messages = problems.found.iter().map(|d| d.to_string()).collect();
        (read, messages)
    }

    #[test]
    fn outcomes_are_read_in_order_with_their_places() {
        let text = "[[outcomes]]\nid = \"a-4-7-one\"\nage_band = \"4-7\"\nstrand = \"s\"\n\
                    statement = \"I can say one thing.\"\n\n[[outcomes]]\nid = \"b-7-11-two\"\n\
                    age_band = \"7-11\"\nstrand = \"t\"\nstatement = \"I can say two.\"\n";
        let (read, messages) = read(text);
        assert!(messages.is_empty(), "{messages:?}");
        let ids: Vec<&str> = read.iter().map(|r| r.outcome.id.as_str()).collect();
        assert_eq!(ids, ["a-4-7-one", "b-7-11-two"]);
        assert_eq!(&text[read[1].band_span.clone()], "\"7-11\"");
        assert_eq!(read[0].outcome.statement, "I can say one thing.");
    }

    #[test]
    fn a_repeated_or_malformed_id_is_an_error_and_the_entry_is_skipped() {
        let entry = |id: &str| {
            format!(
                "[[outcomes]]\nid = \"{id}\"\nage_band = \"4-7\"\nstrand = \"s\"\nstatement = \"I can.\"\n"
            )
        };
        let text = [entry("x"), entry("x"), entry("Bad Id")].concat();
        let (read, messages) = read(&text);
        assert_eq!(read.len(), 1);
        assert!(messages[0].contains("outcomes.toml:7:"), "{}", messages[0]);
        assert!(messages[0].contains("already defined"), "{}", messages[0]);
        assert!(
            messages[1].contains("`Bad Id` is not allowed"),
            "{}",
            messages[1]
        );
    }

    #[test]
    fn a_missing_statement_names_the_entry() {
        let (read, messages) =
            read("[[outcomes]]\nid = \"x\"\nage_band = \"4-7\"\nstrand = \"s\"\n");
        assert!(read.is_empty());
        assert!(
            messages.iter().any(|m| m.contains("statement")),
            "{messages:?}"
        );
    }

    #[test]
    fn a_later_library_replaces_an_outcome_in_its_place() {
        let outcome = |id: &str, statement: &str| Outcome {
            id: id.into(),
            age_band: "4-7".into(),
            strand: "s".into(),
            statement: statement.into(),
            file: String::new(),
        };
        let mut all = vec![outcome("a", "old"), outcome("b", "b")];
        merge(&mut all, vec![outcome("a", "new"), outcome("c", "c")]);
        let got: Vec<(&str, &str)> = all
            .iter()
            .map(|o| (o.id.as_str(), o.statement.as_str()))
            .collect();
        assert_eq!(got, [("a", "new"), ("b", "b"), ("c", "c")]);
    }
}
