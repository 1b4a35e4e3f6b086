//! A plan's lesson dates as an iCalendar file (RFC 5545), for a teacher to import into Outlook or
//! Google Calendar: one event per dated session, on the dates the school's calendar and the
//! group's weekly slot give it.
//!
//! Times are floating (local, no time zone): a school is in one place, and a lesson at 10:45 is
//! at 10:45 whatever the clocks did. Each event's UID comes from the plan and the session number,
//! so importing again after a slot is lost moves the events instead of adding copies.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use icalendar::{Component, EventLike, Property};

use crate::library::{Date, Library};
use crate::markup;
use crate::plan::Plan;
use crate::plan::sessions::Session;
use crate::school_year::NotDated;
use crate::school_year::schedule::ScheduleProblem;
use crate::school_year::{Calendar, ClockTime, Schedule};

/// One taught session as a calendar event: plain data, written out by [`write`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonEvent {
    pub date: Date,
    /// When the lesson starts; `None` makes an all-day event, for a schedule without a time.
    pub starts: Option<ClockTime>,
    pub minutes: u32,
    pub summary: String,
    pub description: String,
    /// Stable across exports of the same plan, so a calendar updates the event it already has.
    pub uid: String,
}

/// A plan's events, and the sessions the calendar had no date for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEvents {
    pub events: Vec<LessonEvent>,
    /// Session numbers (from 1) left without a date because the calendar's terms ran out.
    pub undated: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IcsProblem {
    NoSchedule,
    NoLessonLength,
    /// The plan has no lessons whose module a library has: nothing to put in the calendar.
    NoSessions,
    Schedule(ScheduleProblem),
}

impl std::fmt::Display for IcsProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IcsProblem::NoSchedule => write!(
                f,
                "the plan has no weekly slot to date its lessons by: set one with `lessonplan plan \
                 schedule PLAN --day Tuesday --time 10:45`, or add a [schedule] table to the plan \
                 file with `day = \"Tuesday\"` and `time = \"10:45\"` (see docs/file-formats.md)"
            ),
            IcsProblem::NoLessonLength => write!(
                f,
                "the plan has no lesson length to lay its lessons into sessions: set one with \
                 `lessonplan plan set PLAN --lesson 60`, or `lesson_minutes = 60` in the plan file"
            ),
            IcsProblem::NoSessions => write!(
                f,
                "the plan has no lessons to put in a calendar yet: add some modules first"
            ),
            IcsProblem::Schedule(problem) => {
                write!(f, "{problem}; fix `term` in the plan's [schedule]")
            }
        }
    }
}

impl std::error::Error for IcsProblem {}

/// What a plan needs before its lessons can be dated: its weekly slot and its lesson length.
pub fn ready(plan: &Plan) -> Result<(&Schedule, u32), IcsProblem> {
    let schedule = plan.schedule.as_ref().ok_or(IcsProblem::NoSchedule)?;
    let minutes = plan
        .lesson_minutes
        .filter(|m| *m > 0)
        .ok_or(IcsProblem::NoLessonLength)?;
    Ok((schedule, minutes))
}

/// One event per dated session of `plan`. `plan_id` names the plan for the events' UIDs (the
/// plan file's name serves): the same id and session number always give the same UID.
pub fn plan_events(
    plan: &Plan,
    library: &Library,
    calendar: &Calendar,
    plan_id: &str,
) -> Result<PlanEvents, IcsProblem> {
    let (schedule, minutes) = ready(plan)?;
    let dated =
        crate::school_year::date_plan(plan, library, calendar).map_err(|why| match why {
            NotDated::NoSchedule => IcsProblem::NoSchedule,
            NotDated::NoLessonLength => IcsProblem::NoLessonLength,
            NotDated::Schedule(problem) => IcsProblem::Schedule(problem),
        })?;
    let laid = &dated.sessions;
    if laid.is_empty() {
        return Err(IcsProblem::NoSessions);
    }
    let dates = &dated.dates;
    let mut found = PlanEvents {
        events: Vec::new(),
        undated: Vec::new(),
    };
    for (index, (session, date)) in laid.iter().zip(dates.session_dates(laid.len())).enumerate() {
        let number = index + 1;
        let Some(date) = date else {
            found.undated.push(number);
            continue;
        };
        found.events.push(LessonEvent {
            date,
            starts: schedule.time,
            minutes,
            summary: summary(plan, library, session),
            description: description(plan, library, session, number, laid.len()),
            uid: uid(plan_id, number),
        });
    }
    Ok(found)
}

/// "Online safety: Passwords, Trusted adults (5B)".
fn summary(plan: &Plan, library: &Library, session: &Session) -> String {
    let titles: Vec<String> = session
        .parts
        .iter()
        .filter_map(|part| {
            let module = library.module(&plan.items[part.item].module)?;
            let title = one_line(&markup::plain(&module.title));
            Some(if part.continued {
                format!("{title} (continued)")
            } else {
                title
            })
        })
        .collect();
    let group = [&plan.group, &plan.year_group]
        .into_iter()
        .flatten()
        .map(|g| one_line(g))
        .find(|g| !g.is_empty());
    let mut said = format!("Online safety: {}", titles.join(", "));
    if let Some(group) = group {
        said.push_str(&format!(" ({group})"));
    }
    said
}

/// The session's place in the plan, then each lesson's activities, and a reminder to brief the
/// Designated Safeguarding Lead before a sensitive one.
fn description(
    plan: &Plan,
    library: &Library,
    session: &Session,
    number: usize,
    of: usize,
) -> String {
    let mut lines = Vec::new();
    let title = one_line(&plan.title);
    lines.push(if title.is_empty() {
        format!("Session {number} of {of}.")
    } else {
        format!("Session {number} of {of} of {title}.")
    });
    for part in &session.parts {
        let Some(module) = library.module(&plan.items[part.item].module) else {
            continue;
        };
        lines.push(String::new());
        lines.push(one_line(&markup::plain(&module.title)));
        for &activity in &part.activities {
            if let Some(taught) = module.activities.get(activity - 1) {
                lines.push(format!(
                    "- {} ({} min)",
                    one_line(&markup::plain(&taught.title)),
                    plan.items[part.item]
                        .activity_minutes(module, activity)
                        .unwrap_or(taught.minutes)
                ));
            }
        }
        if module.is_sensitive() {
            lines.push("Sensitive: brief your DSL".to_string());
        }
    }
    lines.join("\n")
}

/// A UID made only of characters every calendar takes: the plan id with anything else
/// percent-encoded, so two different ids never give the same UID.
fn uid(plan_id: &str, session: usize) -> String {
    let mut id = String::new();
    for byte in plan_id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            id.push(char::from(byte));
        } else {
            id.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("session-{session}.{id}@lessonplan")
}

/// Text for a one-line field: line breaks and other control characters become spaces, which a
/// title typed across lines in TOML means anyway.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control())
        .filter(|piece| !piece.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a plan's calendar file is called in the calendar app: the plan's title, or `plan_id`
/// for a plan without one.
pub fn calendar_name<'a>(plan: &'a Plan, plan_id: &'a str) -> &'a str {
    if plan.title.trim().is_empty() {
        plan_id
    } else {
        &plan.title
    }
}

/// `events` as an iCalendar file named `calendar_name`, stamped now: lines end CRLF and are
/// folded at 75 octets, and text is escaped, by the icalendar crate.
pub fn write(events: &[LessonEvent], calendar_name: &str) -> String {
    write_stamped(events, calendar_name, Utc::now())
}

fn write_stamped(events: &[LessonEvent], calendar_name: &str, stamp: DateTime<Utc>) -> String {
    let name = one_line(calendar_name);
    let mut calendar = icalendar::Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            format!(
                "-//lessonplan//lessonplan {}//EN",
                env!("CARGO_PKG_VERSION")
            ),
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        // Outlook imports a published calendar as events rather than as meeting requests.
        .append_property(Property::new("METHOD", "PUBLISH"))
        // The crate escapes X- properties as text, but writes NAME (RFC 7986) as it is given.
        .append_property(Property::new("NAME", escaped(&name)))
        .append_property(Property::new("X-WR-CALNAME", &name));
    for lesson in events {
        let mut event = icalendar::Event::new();
        event
            .uid(&lesson.uid)
            .timestamp(stamp)
            // Tells a calendar importing the file again that this version of the event is newer.
            .add_property("LAST-MODIFIED", stamp.format("%Y%m%dT%H%M%SZ").to_string())
            .summary(&lesson.summary)
            .description(&without_controls(&lesson.description));
        let day = naive_date(lesson.date);
        match lesson.starts {
            Some(time) => {
                let starts = NaiveDateTime::new(
                    day,
                    NaiveTime::from_hms_opt(u32::from(time.hour), u32::from(time.minute), 0)
                        .unwrap_or_default(),
                );
                event
                    .starts(starts)
                    .ends(starts + Duration::minutes(i64::from(lesson.minutes)));
            }
            // An all-day event ends, exclusively, on the next day.
            None => {
                event.starts(day).ends(day + Duration::days(1));
            }
        }
        calendar.push(event);
    }
    calendar.to_string()
}

fn naive_date(date: Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )
    .unwrap_or_default()
}

/// Text with line breaks kept as LF and other control characters left out: TEXT values may hold
/// no controls but tab, and the crate escapes only LF.
fn without_controls(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// RFC 5545 TEXT escaping, for the one text property the crate does not escape.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | ',' | ';') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_stable_and_never_shared_by_two_plan_ids() {
        assert_eq!(uid("year5", 3), "session-3.year5@lessonplan");
        assert_eq!(uid("year5", 3), uid("year5", 3));
        assert_ne!(uid("year 5", 1), uid("year-5", 1));
        assert_eq!(uid("y5 é", 1), "session-1.y5%20%C3%A9@lessonplan");
    }

    #[test]
    fn one_line_fields_lose_their_line_breaks_and_controls() {
        assert_eq!(
            one_line("Passwords\r\n  and\tpins\u{1b}"),
            "Passwords and pins"
        );
        assert_eq!(without_controls("a\r\nb\u{7}c\td"), "a\nbc\td");
        assert_eq!(escaped(r"5B; Year 5, a\b"), r"5B\; Year 5\, a\\b");
    }

    #[test]
    fn an_all_day_event_ends_the_next_day_and_a_timed_one_after_the_lesson() {
        let lesson = LessonEvent {
            date: Date {
                year: 2026,
                month: 12,
                day: 31,
            },
            starts: None,
            minutes: 60,
            summary: "Online safety".into(),
            description: String::new(),
            uid: uid("y5", 1),
        };
        let stamp = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let all_day = write_stamped(std::slice::from_ref(&lesson), "Y5", stamp);
        assert!(
            all_day.contains("DTSTART;VALUE=DATE:20261231\r\n"),
            "{all_day}"
        );
        assert!(
            all_day.contains("DTEND;VALUE=DATE:20270101\r\n"),
            "{all_day}"
        );
        assert!(
            all_day.contains("DTSTAMP:20270115T080000Z\r\n"),
            "{all_day}"
        );
        assert!(
            all_day.contains("LAST-MODIFIED:20270115T080000Z\r\n"),
            "{all_day}"
        );
        let timed = LessonEvent {
            starts: ClockTime::parse("23:30"),
            ..lesson
        };
        let timed = write_stamped(&[timed], "Y5", stamp);
        assert!(timed.contains("DTSTART:20261231T233000\r\n"), "{timed}");
        assert!(timed.contains("DTEND:20270101T003000\r\n"), "{timed}");
    }
}
