//! Typed, located reads of TOML tables that collect every problem instead of stopping at the first.
//!
//! serde stops at the first error; a curator fixing a file wants all of them at once, each pointing
//! at the key or value concerned, so lesson files are read from the spanned parse tree by hand.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Code, Diagnostic, Severity, SourceFile};

/// One-line fields (titles, key words, service names and numbers, band and strand labels, ...)
/// longer than this read badly in lists, headings and handouts: a warning.
pub const LINE_WARN_CHARS: usize = 200;
/// One-line fields longer than this are no line of text (a paste gone wrong): an error, so that
/// nothing has to lay them out.
pub const LINE_MAX_CHARS: usize = 2_000;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A calendar date (as written in TOML: `2026-09-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// The date part of a TOML date or date-time.
impl From<toml::value::Date> for Date {
    fn from(d: toml::value::Date) -> Date {
        Date {
            year: d.year,
            month: d.month,
            day: d.day,
        }
    }
}

impl Date {
    /// Days since 1970-01-01 (proleptic Gregorian), for comparing dates.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(0, i64::from(u16::MAX)) as u16,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Whether a year after this date is already past on `today`: a check made then is stale.
    pub fn is_over_a_year_before(self, today: Date) -> bool {
        let anniversary = Date {
            year: self.year.saturating_add(1),
            ..self
        };
        anniversary < today
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((seconds / 86_400) as i64)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// As it is written, `"2026-09-01"`, for JSON readers.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Collects the diagnostics for one file.
pub struct Problems<'a> {
    pub source: &'a SourceFile<'a>,
    pub found: Vec<Diagnostic>,
}

impl<'a> Problems<'a> {
    pub fn new(source: &'a SourceFile<'a>) -> Self {
        Problems {
            source,
            found: Vec::new(),
        }
    }

    pub fn error(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = self
            .source
            .diagnostic(span, Severity::Error, code, message, hint);
        self.found.push(d);
    }

    pub fn warning(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = self
            .source
            .diagnostic(span, Severity::Warning, code, message, hint);
        self.found.push(d);
    }

    /// A file that is not TOML at all: where the parser stopped, and what to look at there.
    pub fn syntax_error(&mut self, error: &toml::de::Error) {
        let message = error.message().lines().next().unwrap_or("").trim();
        self.error(
            Code::TomlSyntax,
            error.span().unwrap_or(0..0),
            format!("not valid TOML: {message}"),
            "check the quotes, brackets and `=` signs around here (TOML syntax: https://toml.io)",
        );
    }

    pub fn has_errors(&self) -> bool {
        self.found.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.found.iter().filter(|d| d.is_error()).count()
    }
}

/// Reads the keys of one table, remembering which were expected so the rest can be reported.
pub struct TableReader<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    /// How the table is named in messages: "" for the top level, "`[safeguarding]`", "activity 2".
    context: String,
    known: Vec<&'static str>,
}

impl<'t, 'i> TableReader<'t, 'i> {
    pub fn new(table: &'t DeTable<'i>, span: Range<usize>, context: impl Into<String>) -> Self {
        TableReader {
            table,
            span,
            context: context.into(),
            known: Vec::new(),
        }
    }

    fn place(&self) -> String {
        if self.context.is_empty() {
            String::new()
        } else {
            format!(" in {}", self.context)
        }
    }

    /// Where a missing key's error points: the table itself (its header) or the file start.
    fn missing_span(&self) -> Range<usize> {
        self.span.start..self.span.start
    }

    fn get(&mut self, key: &'static str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.known.push(key);
        self.table.get(key)
    }

    /// The value under `key`, reporting it missing when it is required.
    fn value(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        let value = self.get(key);
        if value.is_none() && required {
            self.report_missing(key, example, problems);
        }
        value
    }

    fn report_missing(&self, key: &str, example: &str, problems: &mut Problems) {
        problems.error(
            Code::MissingField,
            self.missing_span(),
            format!("missing required field `{key}`{}", self.place()),
            format!("add a line such as `{key} = {example}`"),
        );
    }

    fn report_type(
        &self,
        key: &str,
        expected: &str,
        value: &Spanned<DeValue>,
        example: &str,
        problems: &mut Problems,
    ) {
        problems.error(
            Code::WrongType,
            value.span(),
            format!(
                "`{key}`{} must be {expected}, but this is {}",
                self.place(),
                describe(value.get_ref())
            ),
            format!("write it like `{key} = {example}`"),
        );
    }

    /// A string field. `example` shows a valid value in the hint.
    pub fn string(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<At<String>> {
        let value = self.value(key, required, example, problems)?;
        match value.get_ref() {
            DeValue::String(s) => Some(At {
                value: s.to_string(),
                span: value.span(),
            }),
            _ => {
                self.report_type(key, "a string in quotes", value, example, problems);
                None
            }
        }
    }

    /// A one-line string field (a title, a term): a string whose length is checked against
    /// [`LINE_WARN_CHARS`] and [`LINE_MAX_CHARS`].
    pub fn line(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<At<String>> {
        let value = self.string(key, required, example, problems)?;
        self.check_line_length(&format!("`{key}`"), &value, problems);
        Some(value)
    }

    /// A list of one-line strings (objectives, key words), each checked like [`TableReader::line`].
    pub fn line_list(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<At<Vec<At<String>>>> {
        let list = self.string_list(key, required, example, problems)?;
        for item in &list.value {
            self.check_line_length(&format!("an item of `{key}`"), item, problems);
        }
        Some(list)
    }

    /// `what` names the value in messages: "`title`", "an item of `keywords`".
    fn check_line_length(&self, what: &str, value: &At<String>, problems: &mut Problems) {
        let length = value.value.chars().count();
        // Point at where the value starts: underlining thousands of characters helps nobody.
        let at = value.span.start..value.span.start + 1;
        if length > LINE_MAX_CHARS {
            problems.error(
                Code::LineTooLong,
                at,
                format!(
                    "{what}{} is {length} characters long; the limit is {LINE_MAX_CHARS}",
                    self.place()
                ),
                "a one-line field holds a short line of text; longer text belongs in a multi-line \
                 field such as a `description`",
            );
        } else if length > LINE_WARN_CHARS {
            problems.warning(
                Code::LineTooLong,
                at,
                format!(
                    "{what}{} is {length} characters long; one-line fields read best in \
                     {LINE_WARN_CHARS} or fewer",
                    self.place()
                ),
                "shorten it: it is shown whole in lists, headings and handouts",
            );
        }
    }

    /// A whole number. One written in quotes (`"45"`) is an error, but its value is still
    /// returned, so that the checks that need it (a range, a total) report in the same pass;
    /// the error keeps the entry from loading.
    pub fn integer(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<At<i64>> {
        let value = self.value(key, required, example, problems)?;
        match value.get_ref() {
            DeValue::Integer(n) => match i64::from_str_radix(n.as_str(), n.radix()) {
                Ok(parsed) => Some(At {
                    value: parsed,
                    span: value.span(),
                }),
                Err(_) => {
                    problems.error(
                        Code::OutOfRange,
                        value.span(),
                        format!("`{key}`{} is too large a number", self.place()),
                        format!("write it like `{key} = {example}`"),
                    );
                    None
                }
            },
            DeValue::String(s) if s.trim().parse::<i64>().is_ok() => {
                problems.error(
                    Code::WrongType,
                    value.span(),
                    format!("`{key}`{} is a number written in quotes", self.place()),
                    format!("remove the quotes: `{key} = {}`", s.trim()),
                );
                s.trim().parse().ok().map(|parsed| At {
                    value: parsed,
                    span: value.span(),
                })
            }
            _ => {
                self.report_type(key, "a whole number", value, example, problems);
                None
            }
        }
    }

    /// A TOML date. One written in quotes (`"2026-09-01"`) is an error, but its value is still
    /// returned, as [`TableReader::integer`] does.
    pub fn date(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<At<Date>> {
        let value = self.value(key, required, example, problems)?;
        match value.get_ref() {
            DeValue::Datetime(toml::value::Datetime { date: Some(d), .. }) => Some(At {
                value: Date::from(*d),
                span: value.span(),
            }),
            DeValue::String(s) if looks_like_date(s) => {
                problems.error(
                    Code::WrongType,
                    value.span(),
                    format!("`{key}`{} is a date written in quotes", self.place()),
                    format!("remove the quotes: `{key} = {s}`"),
                );
                quoted_date(s).map(|date| At {
                    value: date,
                    span: value.span(),
                })
            }
            _ => {
                self.report_type(key, "a date (YYYY-MM-DD)", value, example, problems);
                None
            }
        }
    }

    /// A list of strings; each element keeps its own span.
    pub fn string_list(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<At<Vec<At<String>>>> {
        let place = self.place();
        let value = self.value(key, required, example, problems)?;
        match value.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(At {
                            value: s.to_string(),
                            span: item.span(),
                        }),
                        other => problems.error(
                            Code::WrongType,
                            item.span(),
                            format!(
                                "every item of `{key}`{place} must be a string, but this is {}",
                                describe(other)
                            ),
                            format!("put the item in quotes: `{key} = {example}`"),
                        ),
                    }
                }
                Some(At {
                    value: out,
                    span: value.span(),
                })
            }
            _ => {
                self.report_type(key, "a list of strings", value, example, problems);
                None
            }
        }
    }

    pub fn boolean(
        &mut self,
        key: &'static str,
        example: &str,
        problems: &mut Problems,
    ) -> Option<At<bool>> {
        let value = self.value(key, false, example, problems)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(At {
                value: *b,
                span: value.span(),
            }),
            _ => {
                self.report_type(key, "true or false (no quotes)", value, example, problems);
                None
            }
        }
    }

    /// One string or a list of them (`region = "uk"` or `region = ["uk", "ie"]`).
    pub fn one_or_more_strings(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<At<Vec<At<String>>>> {
        match self.table.get(key).map(|v| v.get_ref()) {
            Some(DeValue::String(_)) => {
                self.string(key, required, example, problems).map(|one| At {
                    span: one.span.clone(),
                    value: vec![one],
                })
            }
            _ => self.string_list(key, required, example, problems),
        }
    }

    /// A table of strings under keys the file chooses, e.g. `[services.pupil_text]` keyed by
    /// age band. Each entry comes with the span of its key.
    pub fn string_table(
        &mut self,
        key: &'static str,
        example: &str,
        problems: &mut Problems,
    ) -> Vec<(At<String>, At<String>)> {
        let place = self.place();
        let Some((table, _)) = self.table(key, false, example, problems) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, value) in table.iter() {
            match value.get_ref() {
                DeValue::String(text) => out.push((
                    At {
                        value: name.get_ref().to_string(),
                        span: name.span(),
                    },
                    At {
                        value: text.to_string(),
                        span: value.span(),
                    },
                )),
                other => problems.error(
                    Code::WrongType,
                    value.span(),
                    format!(
                        "every entry of `{key}`{place} must be a string, but this is {}",
                        describe(other)
                    ),
                    format!("write it like:\n[{key}]\n{example}"),
                ),
            }
        }
        out
    }

    /// A sub-table such as `[safeguarding]`.
    pub fn table(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<(&'t DeTable<'i>, Range<usize>)> {
        match self.get(key) {
            None => {
                if required {
                    problems.error(
                        Code::MissingField,
                        self.missing_span(),
                        format!("missing required table `[{key}]`{}", self.place()),
                        format!("add a section:\n[{key}]\n{example}"),
                    );
                }
                None
            }
            Some(value) => match value.get_ref() {
                DeValue::Table(t) => Some((t, value.span())),
                other => {
                    problems.error(
                        Code::WrongType,
                        value.span(),
                        format!("`{key}` must be a table, but this is {}", describe(other)),
                        format!("write it as a section:\n[{key}]\n{example}"),
                    );
                    None
                }
            },
        }
    }

    /// An array of tables such as `[[activities]]`.
    pub fn table_list(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
        problems: &mut Problems,
    ) -> Option<Vec<(&'t DeTable<'i>, Range<usize>)>> {
        match self.get(key) {
            None => {
                if required {
                    problems.error(
                        Code::MissingField,
                        self.missing_span(),
                        format!("missing required `[[{key}]]` entries{}", self.place()),
                        format!("add at least one:\n[[{key}]]\n{example}"),
                    );
                }
                None
            }
            Some(value) => match value.get_ref() {
                DeValue::Array(items) => {
                    let mut out = Vec::new();
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::Table(t) => out.push((t, item.span())),
                            other => problems.error(
                                Code::WrongType,
                                item.span(),
                                format!(
                                    "every `{key}` entry must be a table, but this is {}",
                                    describe(other)
                                ),
                                format!("write each entry as:\n[[{key}]]\n{example}"),
                            ),
                        }
                    }
                    Some(out)
                }
                other => {
                    problems.error(
                        Code::WrongType,
                        value.span(),
                        format!(
                            "`{key}` must be a list of tables, but this is {}",
                            describe(other)
                        ),
                        format!("write each entry as:\n[[{key}]]\n{example}"),
                    );
                    None
                }
            },
        }
    }

    /// Reports every key that was never asked for: probably a typo.
    pub fn finish(self, problems: &mut Problems) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if self.known.contains(&name) {
                continue;
            }
            let hint = match closest(name, &self.known) {
                Some(near) => format!("did you mean `{near}`? Unknown keys are ignored"),
                None => format!(
                    "known keys here are: {}. Unknown keys are ignored",
                    self.known.join(", ")
                ),
            };
            problems.warning(
                Code::UnknownField,
                key.span(),
                format!("unknown key `{name}`{}", self.place()),
                hint,
            );
        }
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The date a quoted `"YYYY-MM-DD"` stands for, when it is a real one.
fn quoted_date(s: &str) -> Option<Date> {
    match s.parse::<toml::value::Datetime>() {
        Ok(toml::value::Datetime {
            date: Some(d),
            time: None,
            ..
        }) => Some(Date::from(d)),
        _ => None,
    }
}

/// Names a TOML value's kind the way a curator would say it.
pub fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The known key nearest to a misspelt one, if it is close enough to be a typo.
pub fn closest<'k>(word: &str, candidates: &[&'k str]) -> Option<&'k str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Adds a later library's entries: one whose id an earlier entry has replaces it, in its place;
/// the others are added at the end.
pub fn merge_by_id<T>(into: &mut Vec<T>, new: Vec<T>, id: impl Fn(&T) -> &str) {
    for entry in new {
        match into.iter_mut().find(|e| id(e) == id(&entry)) {
            Some(existing) => *existing = entry,
            None => into.push(entry),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_day_numbers() {
        for date in [
            Date {
                year: 1970,
                month: 1,
                day: 1,
            },
            Date {
                year: 2024,
                month: 2,
                day: 29,
            },
            Date {
                year: 2026,
                month: 11,
                day: 22,
            },
        ] {
            assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), date);
        }
        assert_eq!(
            Date {
                year: 1970,
                month: 1,
                day: 2
            }
            .days_since_epoch(),
            1
        );
    }

    #[test]
    fn closest_suggests_near_typos_only() {
        assert_eq!(closest("titel", &["title", "summary"]), Some("title"));
        assert_eq!(closest("colour", &["title", "summary"]), None);
    }
}
