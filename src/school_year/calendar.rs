//! The school's calendar (`calendar.toml`): its terms (or half-terms) in order, and the days it
//! is closed within them. Lessons are only ever dated on a day inside a term that is not closed.

use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use toml::de::DeTable;

use crate::library::Date;
use crate::library::diagnostic::{Code, Diagnostic, Severity};
use crate::library::fields::{At, Problems, TableReader};

/// The calendar file's usual name, in the data folder.
pub const CALENDAR_FILE: &str = "calendar.toml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Calendar {
    pub title: Option<String>,
    /// In date order, none overlapping.
    pub terms: Vec<Term>,
    pub closures: Vec<Closure>,
}

/// A teaching period as the school names it: "Autumn 1", "Term 2", "Spring semester".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub name: String,
    pub starts: Date,
    pub ends: Date,
}

/// Days the school is closed, or not teaching, within its terms: an INSET day, a bank holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Closure {
    pub name: String,
    pub starts: Date,
    pub ends: Date,
}

impl Term {
    pub fn holds(&self, date: Date) -> bool {
        self.starts <= date && date <= self.ends
    }
}

impl Closure {
    pub fn holds(&self, date: Date) -> bool {
        self.starts <= date && date <= self.ends
    }
}

impl Calendar {
    /// The term `typed` names, in any case and spacing ("autumn 1", "Autumn1").
    pub fn term(&self, typed: &str) -> Option<(usize, &Term)> {
        let wanted = squash(typed);
        self.terms
            .iter()
            .enumerate()
            .find(|(_, t)| !wanted.is_empty() && squash(&t.name) == wanted)
    }

    pub fn term_names(&self) -> Vec<&str> {
        self.terms.iter().map(|t| t.name.as_str()).collect()
    }

    /// The term `date` falls in, by position.
    pub fn term_of(&self, date: Date) -> Option<usize> {
        self.terms.iter().position(|t| t.holds(date))
    }

    /// Why the school is closed on `date`, if it is.
    pub fn closure_on(&self, date: Date) -> Option<&Closure> {
        self.closures.iter().find(|c| c.holds(date))
    }

    /// Reads a calendar file: the calendar, with every problem found; `None` when an error
    /// leaves nothing to date lessons by.
    pub fn load(path: &Path) -> (Option<Calendar>, Vec<Diagnostic>) {
        match super::read_text(path, "calendar") {
            Err(problem) => (None, vec![*problem]),
            Ok(text) => Calendar::from_toml(&text, &path.display().to_string()),
        }
    }

    pub fn from_toml(text: &str, file: &str) -> (Option<Calendar>, Vec<Diagnostic>) {
        let (read, problems) = super::parse_with(file, text, read_calendar);
        let has_errors = problems.iter().any(|p| p.severity == Severity::Error);
        (read.filter(|_| !has_errors), problems)
    }
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const TERM_EXAMPLE: &str = "name = \"Autumn 1\"\nstarts = 2026-09-03\nends = 2026-10-23";
const CLOSURE_EXAMPLE: &str = "name = \"INSET day\"\nstarts = 2026-11-20";

fn read_calendar(table: &DeTable, span: Range<usize>, problems: &mut Problems) -> Calendar {
    let mut top = TableReader::new(table, span, "");
    let title = top.line("title", false, "\"Hillside Primary 2026-27\"", problems);
    let terms = top
        .table_list("terms", true, TERM_EXAMPLE, problems)
        .unwrap_or_default();
    let closures = top
        .table_list("closures", false, CLOSURE_EXAMPLE, problems)
        .unwrap_or_default();
    top.finish(problems);

    let mut read_terms: Vec<(Term, Range<usize>)> = Vec::new();
    for (number, (entry, entry_span)) in terms.into_iter().enumerate() {
        let mut reader =
            TableReader::new(entry, entry_span.clone(), format!("term {}", number + 1));
        let name = reader.line("name", true, "\"Autumn 1\"", problems);
        let starts = reader.date("starts", true, "2026-09-03", problems);
        let ends = reader.date("ends", true, "2026-10-23", problems);
        reader.finish(problems);
        let (Some(name), Some(starts), Some(ends)) = (name, starts, ends) else {
            continue;
        };
        if !in_order(&starts, &ends, "term", problems) {
            continue;
        }
        if let Some((earlier, _)) = read_terms
            .iter()
            .find(|(t, _)| squash(&t.name) == squash(&name.value))
        {
            problems.error(
                Code::DuplicateId,
                name.span.clone(),
                format!(
                    "a term called `{}` is already in the calendar",
                    earlier.name
                ),
                "give each term its own name, e.g. \"Autumn 1\" and \"Autumn 2\"",
            );
            continue;
        }
        if let Some((before, _)) = read_terms.last()
            && starts.value <= before.ends
        {
            problems.error(
                Code::OutOfRange,
                starts.span.clone(),
                format!(
                    "term `{}` starts on {} but `{}` before it runs to {}",
                    name.value, starts.value, before.name, before.ends
                ),
                "list the terms in date order, each starting after the one before ends",
            );
            continue;
        }
        read_terms.push((
            Term {
                name: name.value.trim().to_string(),
                starts: starts.value,
                ends: ends.value,
            },
            entry_span,
        ));
    }

    let mut read_closures = Vec::new();
    for (number, (entry, entry_span)) in closures.into_iter().enumerate() {
        let mut reader = TableReader::new(entry, entry_span, format!("closure {}", number + 1));
        let name = reader.line("name", true, "\"INSET day\"", problems);
        let starts = reader.date("starts", true, "2026-11-20", problems);
        let ends = reader.date("ends", false, "2026-11-21", problems);
        reader.finish(problems);
        let (Some(name), Some(starts)) = (name, starts) else {
            continue;
        };
        let ends = ends.unwrap_or_else(|| starts.clone());
        if !in_order(&starts, &ends, "closure", problems) {
            continue;
        }
        read_closures.push(Closure {
            name: name.value.trim().to_string(),
            starts: starts.value,
            ends: ends.value,
        });
    }

    Calendar {
        title: title.map(|t| t.value),
        terms: read_terms.into_iter().map(|(t, _)| t).collect(),
        closures: read_closures,
    }
}

fn in_order(starts: &At<Date>, ends: &At<Date>, what: &str, problems: &mut Problems) -> bool {
    if ends.value < starts.value {
        problems.error(
            Code::OutOfRange,
            ends.span.clone(),
            format!(
                "this {what} ends on {} before it starts on {}",
                ends.value, starts.value
            ),
            "check the dates: `ends` is the last day, on or after `starts`",
        );
        return false;
    }
    true
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const HILLSIDE: &str = r#"title = "Hillside Primary 2026-27"

[[terms]]
name = "Autumn 1"
starts = 2026-09-03
ends = 2026-10-23

[[terms]]
name = "Autumn 2"
starts = 2026-11-02
ends = 2026-12-18

[[closures]]
name = "INSET day"
starts = 2026-11-20
"#;

    fn lines(problems: &[Diagnostic]) -> Vec<(usize, Code)> {
        problems.iter().map(|p| (p.location.line, p.code)).collect()
    }

    #[test]
    fn terms_and_closures_are_read_and_found_by_name_or_date() {
        let (calendar, problems) = Calendar::from_toml(HILLSIDE, "calendar.toml");
        assert_eq!(lines(&problems), []);
        let calendar = calendar.unwrap();
        assert_eq!(calendar.term_names(), ["Autumn 1", "Autumn 2"]);
        assert_eq!(calendar.term("autumn2").unwrap().0, 1);
        assert_eq!(calendar.term(" AUTUMN 1 ").unwrap().0, 0);
        assert!(calendar.term("Spring 1").is_none());
        let day = |day| Date {
            year: 2026,
            month: 11,
            day,
        };
        assert_eq!(calendar.term_of(day(20)), Some(1));
        assert_eq!(calendar.term_of(day(1)), None, "half-term holiday");
        assert_eq!(calendar.closure_on(day(20)).unwrap().name, "INSET day");
        assert!(calendar.closure_on(day(19)).is_none());
    }

    #[test]
    fn every_mistake_is_reported_where_it_is_and_nothing_is_guessed() {
        let text = r#"[[terms]]
name = "Autumn 1"
starts = 2026-09-03
ends = 2026-08-23

[[terms]]
name = "Autumn 2"
starts = "2026-11-02"
ends = 2026-12-18

[[terms]]
name = "autumn 2"
starts = 2027-01-04
ends = 2027-02-12

[[terms]]
name = "Spring 1"
starts = 2026-12-01
ends = 2027-02-12
colour = "red"

[[closures]]
starts = 2026-11-20
"#;
        let (calendar, problems) = Calendar::from_toml(text, "calendar.toml");
        assert!(calendar.is_none(), "a calendar with errors dates nothing");
        assert_eq!(
            lines(&problems),
            [
                (4, Code::OutOfRange),
                (8, Code::WrongType),
                (12, Code::DuplicateId),
                (20, Code::UnknownField),
                (18, Code::OutOfRange),
                (22, Code::MissingField),
            ]
        );
        assert!(
            problems[0]
                .message
                .contains("ends on 2026-08-23 before it starts")
        );
    }

    #[test]
    fn a_broken_file_says_where_it_breaks() {
        let (calendar, problems) = Calendar::from_toml("[[terms]\nname = 1", "calendar.toml");
        assert!(calendar.is_none());
        assert_eq!(lines(&problems), [(1, Code::TomlSyntax)]);
    }
}
