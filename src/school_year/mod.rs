//! The school year: the school's calendar of terms and closures, each group's weekly slot, and
//! the dates a plan's sessions fall on. Worked out from the files each time, never stored.

pub mod calendar;
pub mod dated;
pub mod programme;
pub mod schedule;

use std::path::Path;

use toml::de::DeTable;

use crate::library::Date;
use crate::library::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use crate::library::fields::Problems;

pub use calendar::{Calendar, Closure, Term};
pub use dated::{DatedPlan, NotDated, date_plan, slot_words};
pub use programme::Programme;
pub use schedule::{ClockTime, Lost, Schedule, Slot, SlotKind, Weekday};

/// The day of the week `date` falls on.
pub fn weekday(date: Date) -> Weekday {
    // 1970-01-01 was a Thursday.
    Weekday::ALL[(date.days_since_epoch() + 3).rem_euclid(7) as usize]
}

/// The day after `date`.
pub fn next_day(date: Date) -> Date {
    Date::from_days_since_epoch(date.days_since_epoch() + 1)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn month_name(date: Date) -> &'static str {
    MONTHS[usize::from(date.month.clamp(1, 12)) - 1]
}

/// As a letter home says it: "Tuesday 3 February".
pub fn day_and_date(date: Date) -> String {
    format!("{} {} {}", weekday(date).name(), date.day, month_name(date))
}

/// As the region's readers write it: "Tuesday 3 February", or in the United States "Tuesday,
/// February 3".
pub fn day_and_date_in(date: Date, region: &str) -> String {
    if region == "us" {
        format!(
            "{}, {} {}",
            weekday(date).name(),
            month_name(date),
            date.day
        )
    } else {
        day_and_date(date)
    }
}

/// With the year, for a record: "Tuesday 3 February 2027".
pub fn long_date(date: Date) -> String {
    format!("{} {}", day_and_date(date), date.year)
}

/// With the year, as the region's readers write it: "Tuesday 3 February 2027", or in the United
/// States "Tuesday, February 3, 2027".
pub fn long_date_in(date: Date, region: &str) -> String {
    if region == "us" {
        format!("{}, {}", day_and_date_in(date, region), date.year)
    } else {
        long_date(date)
    }
}

/// Short, for a list on screen: "Tue 3 Feb".
pub fn short_date(date: Date) -> String {
    format!(
        "{} {} {}",
        &weekday(date).name()[..3],
        date.day,
        &month_name(date)[..3]
    )
}

/// A school-year file (calendar or programme) read as a TOML table, with what went wrong located
/// in it: the text, or the one error that stops it being read at all.
pub(crate) fn read_text(path: &Path, what: &str) -> Result<String, Box<Diagnostic>> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| {
        let hint = if error.kind() == std::io::ErrorKind::NotFound {
            format!("check the path, or create the {what}: see docs/file-formats.md")
        } else {
            "check the file's permissions".to_string()
        };
        Box::new(
            Diagnostic::whole_file(
                &display,
                Severity::Error,
                Code::CannotRead,
                format!("cannot read the {what}: {error}"),
            )
            .with_hint(hint),
        )
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Box::new(
            Diagnostic::whole_file(
                &display,
                Severity::Error,
                Code::NotUtf8,
                format!("the {what} is not UTF-8 text"),
            )
            .with_hint("save it with UTF-8 encoding"),
        )
    })
}

/// Parses `text` and hands its top table to `read`, collecting every problem it reports; a
/// syntax error is reported where it is.
pub(crate) fn parse_with<T>(
    file: &str,
    text: &str,
    read: impl FnOnce(&DeTable, std::ops::Range<usize>, &mut Problems) -> T,
) -> (Option<T>, Vec<Diagnostic>) {
    let source = SourceFile::new(file, text);
    let mut problems = Problems::new(&source);
    let value = match DeTable::parse(text) {
        Err(error) => {
            problems.syntax_error(&error);
            None
        }
        Ok(document) => Some(read(document.get_ref(), document.span(), &mut problems)),
    };
    (value, problems.found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn dates_are_said_with_their_weekday() {
        assert_eq!(weekday(date(2027, 2, 2)), Weekday::Tuesday);
        assert_eq!(weekday(date(2026, 12, 3)), Weekday::Thursday);
        assert_eq!(weekday(date(2024, 2, 29)), Weekday::Thursday);
        assert_eq!(day_and_date(date(2027, 2, 2)), "Tuesday 2 February");
        assert_eq!(long_date(date(2026, 9, 7)), "Monday 7 September 2026");
        assert_eq!(short_date(date(2027, 1, 5)), "Tue 5 Jan");
        assert_eq!(next_day(date(2026, 12, 31)), date(2027, 1, 1));
        assert_eq!(next_day(date(2028, 2, 28)), date(2028, 2, 29));
    }

    #[test]
    fn a_region_writes_its_dates_its_own_way() {
        assert_eq!(
            day_and_date_in(date(2027, 2, 3), "us"),
            "Wednesday, February 3"
        );
        assert_eq!(
            day_and_date_in(date(2027, 2, 3), "ie"),
            "Wednesday 3 February"
        );
        assert_eq!(
            long_date_in(date(2027, 2, 3), "us"),
            "Wednesday, February 3, 2027"
        );
        assert_eq!(
            long_date_in(date(2027, 2, 3), "uk"),
            "Wednesday 3 February 2027"
        );
    }
}
