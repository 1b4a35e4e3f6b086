//! Review records: who checked a module, when, and when it is due to be checked again.
//!
//! A module may have a `[review]` table (`status`, `reviewed_by`, `reviewed_on`, `next_review`).
//! Every part of it is optional, and a module without one means what it always meant: approved,
//! reviewed on its `last_reviewed` date, and due again one review interval later. The interval is
//! library-wide: `review_interval_months` in the library's `framework.toml` (12 when unset).

use std::ops::{Range, RangeInclusive};

use serde::Serialize;

use super::diagnostic::Code;
use super::fields::{At, Date, Problems, TableReader, closest};
use super::module::Module;
use crate::words;

/// How long a review holds when neither the module nor its library says otherwise.
pub const DEFAULT_INTERVAL_MONTHS: u32 = 12;
/// What `review_interval_months` may be: a month to ten years.
pub const INTERVAL_RANGE: RangeInclusive<i64> = 1..=120;

/// Where a module is in its library's curation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    /// Written or changed, and not yet approved by a curator.
    Draft,
    /// Checked and approved for teaching (every module without a `[review]` table).
    #[default]
    Approved,
    /// No longer taught; kept so that old plans still find it. Never due for review.
    Retired,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 3] = [
        ReviewStatus::Draft,
        ReviewStatus::Approved,
        ReviewStatus::Retired,
    ];

    /// As written in a module file.
    pub fn name(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Retired => "retired",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewStatus> {
        ReviewStatus::ALL.into_iter().find(|s| s.name() == text)
    }
}

impl std::fmt::Display for ReviewStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A module's review record. Its review date is the module's `last_reviewed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub status: ReviewStatus,
    /// Who reviewed it: a name or a role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// `next_review` as the file gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
    /// The library's review interval: without `next_review`, the module is due this many months
    /// after it was reviewed.
    pub interval_months: u32,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            status: ReviewStatus::Approved,
            reviewed_by: None,
            next_review: None,
            interval_months: DEFAULT_INTERVAL_MONTHS,
        }
    }
}

impl Review {
    /// When a module reviewed on `reviewed_on` is next due: its `next_review`, else that day
    /// plus the library's interval. A retired module is never due.
    pub fn due(&self, reviewed_on: Date) -> Option<Date> {
        if self.status == ReviewStatus::Retired {
            return None;
        }
        Some(
            self.next_review
                .unwrap_or_else(|| reviewed_on.plus_months(self.interval_months)),
        )
    }
}

impl Module {
    pub fn status(&self) -> ReviewStatus {
        self.review.status
    }

    /// When the module is next due for review: its `next_review`, else its review date plus the
    /// library's interval. A retired module is never due.
    pub fn next_review_due(&self) -> Option<Date> {
        self.review.due(self.last_reviewed)
    }

    /// Whether its review date has passed on `today` (a module due today is not yet overdue).
    pub fn is_overdue(&self, today: Date) -> bool {
        self.next_review_due().is_some_and(|due| due < today)
    }
}

impl Date {
    /// The same day `months` later; a day the later month lacks becomes its last day
    /// (31 January plus one month is 28 or 29 February).
    pub fn plus_months(self, months: u32) -> Date {
        let months_since_year_0 = i64::from(self.year) * 12 + i64::from(self.month) - 1;
        let later = months_since_year_0 + i64::from(months);
        let year = later.div_euclid(12).clamp(0, i64::from(u16::MAX)) as u16;
        let month = (later.rem_euclid(12) + 1) as u8;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What a module file says about its review.
#[derive(Debug, Clone)]
pub struct ReadReview {
    /// `[review] reviewed_on`, else `last_reviewed`.
    pub reviewed_on: Date,
    pub review: Review,
    /// The key the due date comes from (`next_review`, `reviewed_on` or `last_reviewed`) and
    /// where its value is, for the warning when it has passed.
    pub due_from: At<&'static str>,
}

const REVIEW_EXAMPLE: &str = "status = \"approved\"\nreviewed_by = \"Head of PSHE\"\n\
                              reviewed_on = 2026-09-01\nnext_review = 2027-09-01";

/// Reads `last_reviewed` and the `[review]` table of a module, checking everything that needs no
/// other file. `module_span` is the whole file, where a missing date is reported.
pub fn read_review(
    top: &mut TableReader,
    module_span: Range<usize>,
    today: Date,
    problems: &mut Problems,
) -> Option<ReadReview> {
    let errors_before = problems.error_count();
    let last_reviewed = top.date("last_reviewed", false, "2026-09-01", problems);
    let mut status = None;
    let mut reviewed_by = None;
    let mut reviewed_on = None;
    let mut next_review = None;
    let table = top.table("review", false, REVIEW_EXAMPLE, problems);
    let has_table = table.is_some();
    if let Some((table, table_span)) = table {
        let mut reader = TableReader::new(table, table_span, "`[review]`");
        status = reader
            .string("status", false, "\"approved\"", problems)
            .map(|At { value, span }| (ReviewStatus::parse(&value), value, span));
        reviewed_by = reader.line("reviewed_by", false, "\"Head of PSHE\"", problems);
        reviewed_on = reader.date("reviewed_on", false, "2026-09-01", problems);
        next_review = reader.date("next_review", false, "2027-09-01", problems);
        reader.finish(problems);
    }

    let status = match status {
        None => ReviewStatus::Approved,
        Some((Some(status), _, _)) => status,
        Some((None, written, span)) => {
            let names = ReviewStatus::ALL.map(ReviewStatus::name);
            let hint = match closest(&written.to_lowercase(), &names) {
                Some(near) => format!(
                    "did you mean `{near}`? The status is one of: {}",
                    names.join(", ")
                ),
                None => format!("use one of: {}", names.join(", ")),
            };
            problems.error(
                Code::UnknownReviewStatus,
                span,
                format!("unknown review status `{written}`"),
                hint,
            );
            ReviewStatus::Approved
        }
    };

    let (date, key) = match (&reviewed_on, &last_reviewed) {
        (Some(on), Some(last)) => {
            if on.value != last.value {
                problems.warning(
                    Code::ReviewDatesDisagree,
                    on.span.clone(),
                    format!(
                        "`reviewed_on` is {} but `last_reviewed` is {}; they mean the same, and \
                         `reviewed_on` is used",
                        on.value, last.value
                    ),
                    "give both the date the module was last checked",
                );
            }
            (on, "reviewed_on")
        }
        (Some(on), None) => (on, "reviewed_on"),
        (None, Some(last)) => (last, "last_reviewed"),
        // A date of the wrong type is already an error; it is not missing as well.
        (None, None) if problems.error_count() > errors_before => return None,
        (None, None) => {
            problems.error(
                Code::MissingField,
                module_span.start..module_span.start,
                "missing required field `last_reviewed`",
                "add the date a curator last checked the module: `last_reviewed = 2026-09-01` at \
                 the top, or `reviewed_on = 2026-09-01` in its [review] table",
            );
            return None;
        }
    };
    if date.value > today {
        problems.warning(
            Code::ReviewInFuture,
            date.span.clone(),
            format!("`{key}` is {}, which is in the future", date.value),
            "set it to the date the module was actually checked",
        );
    }
    if let Some(next) = &next_review
        && next.value < date.value
    {
        problems.error(
            Code::NextReviewTooEarly,
            next.span.clone(),
            format!(
                "`next_review` is {}, before the review it follows (`{key}` is {})",
                next.value, date.value
            ),
            "set `next_review` to a later date, or remove it: the module is then due one review \
             interval after it was reviewed",
        );
    }
    let reviewer = reviewed_by
        .map(|by| by.value.trim().to_string())
        .filter(|by| !by.is_empty());
    if has_table && status == ReviewStatus::Approved && reviewer.is_none() {
        problems.warning(
            Code::NoReviewer,
            date.span.clone(),
            "the [review] table approves the module but does not say who reviewed it",
            "add `reviewed_by = \"...\"` (a name or a role) to the [review] table",
        );
    }
    let due_from = match &next_review {
        Some(next) => At {
            value: "next_review",
            span: next.span.clone(),
        },
        None => At {
            value: key,
            span: date.span.clone(),
        },
    };
    Some(ReadReview {
        reviewed_on: date.value,
        review: Review {
            status,
            reviewed_by: reviewer,
            next_review: next_review.map(|n| n.value),
            interval_months: DEFAULT_INTERVAL_MONTHS,
        },
        due_from,
    })
}

/// Warns when the review a module file records is overdue on `today`. `id` is the module's id
/// if it was read, `file` the file as messages name it. Checked for every module file, also one
/// with other errors, once its library's interval is in `read`.
pub fn check_due(
    read: &ReadReview,
    id: Option<&str>,
    file: &str,
    today: Date,
    problems: &mut Problems,
) {
    let Some(due) = read.review.due(read.reviewed_on).filter(|due| *due < today) else {
        return;
    };
    let due_from = &read.due_from;
    let message = if due_from.value == "next_review" {
        format!("the module was due for review on {due} (`next_review`)")
    } else {
        format!(
            "`{}` is {}, more than {} ago",
            due_from.value,
            read.reviewed_on,
            words::count(read.review.interval_months as usize, "month")
        )
    };
    let id = id.unwrap_or("ID");
    let hint = if file.starts_with(super::BUNDLED_PREFIX) {
        format!(
            "a newer lessonplan brings the bundled modules' latest review; or copy it with \
             `lessonplan adapt {id} --into DIR` to review it yourself"
        )
    } else {
        format!(
            "check the module's facts and signposting, then record the review: \
             `lessonplan review --approve {id} --by NAME`"
        )
    };
    problems.warning(Code::ReviewOverdue, due_from.span.clone(), message, hint);
}

/// `review_interval_months` from a `framework.toml`, checked; out of range is a warning and the
/// default is used.
pub fn read_interval(top: &mut TableReader, problems: &mut Problems) -> Option<u32> {
    let months = top.integer("review_interval_months", false, "12", problems)?;
    if INTERVAL_RANGE.contains(&months.value) {
        return u32::try_from(months.value).ok();
    }
    problems.warning(
        Code::OutOfRange,
        months.span,
        format!(
            "`review_interval_months` is {}, outside {} to {}; {DEFAULT_INTERVAL_MONTHS} is used",
            months.value,
            INTERVAL_RANGE.start(),
            INTERVAL_RANGE.end()
        ),
        "give the months between reviews as a whole number, e.g. `review_interval_months = 12`",
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        let mut parts = text.split('-').map(|p| p.parse::<u16>().unwrap());
        Date {
            year: parts.next().unwrap(),
            month: parts.next().unwrap() as u8,
            day: parts.next().unwrap() as u8,
        }
    }

    #[test]
    fn months_are_added_by_the_calendar() {
        for (from, months, to) in [
            ("2026-12-02", 12, "2027-12-02"),
            ("2026-11-30", 3, "2027-02-28"),
            ("2027-08-31", 6, "2028-02-29"),
            ("2024-02-29", 12, "2025-02-28"),
            ("2026-01-15", 0, "2026-01-15"),
            ("2026-10-31", 1, "2026-11-30"),
            ("2026-06-01", 120, "2036-06-01"),
        ] {
            assert_eq!(
                date(from).plus_months(months),
                date(to),
                "{from} + {months}"
            );
        }
    }

    #[test]
    fn statuses_read_as_written() {
        for status in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::parse(status.name()), Some(status));
        }
        assert_eq!(ReviewStatus::parse("Approved"), None);
        assert_eq!(ReviewStatus::default(), ReviewStatus::Approved);
    }
}
