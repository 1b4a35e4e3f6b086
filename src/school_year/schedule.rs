//! A group's weekly slot (`[schedule]` in a plan) and the dates its sessions fall on: every week
//! on the slot's day, inside a term, skipping the school's closures and the slots the group
//! lost (a trip, an assembly). Losing a slot ("bump") moves that session and every later one on.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::calendar::Calendar;
use super::{next_day, weekday};
use crate::library::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }

    /// A day typed as people type it: "Tuesday", "tue", "TUES".
    pub fn parse(typed: &str) -> Option<Weekday> {
        let typed = typed.trim().to_lowercase();
        if typed.len() < 2 {
            return None;
        }
        let mut found = Weekday::ALL
            .into_iter()
            .filter(|d| d.name().to_lowercase().starts_with(&typed));
        // "t" or "s" alone would be two days; two letters ("tu", "th") tell them apart.
        match (found.next(), found.next()) {
            (Some(day), None) => Some(day),
            _ => None,
        }
    }
}

impl std::fmt::Display for Weekday {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Weekday {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Weekday {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let typed = String::deserialize(deserializer)?;
        Weekday::parse(&typed).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{typed}` is not a day of the week: write one such as \"Tuesday\""
            ))
        })
    }
}

/// A time of day on the 24-hour clock, as a timetable gives it: 10:45.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime {
    pub hour: u8,
    pub minute: u8,
}

impl ClockTime {
    /// "10:45", "9:05", "13:30".
    pub fn parse(typed: &str) -> Option<ClockTime> {
        let (hour, minute) = typed.trim().split_once(':')?;
        let minute = minute.split(':').next()?;
        if minute.len() != 2 || hour.is_empty() || hour.len() > 2 {
            return None;
        }
        let (hour, minute) = (hour.parse::<u8>().ok()?, minute.parse::<u8>().ok()?);
        (hour < 24 && minute < 60).then_some(ClockTime { hour, minute })
    }

    /// The time `minutes` later, if still the same day.
    pub fn plus(self, minutes: u32) -> Option<ClockTime> {
        let total = u32::from(self.hour) * 60 + u32::from(self.minute) + minutes;
        (total < 24 * 60).then_some(ClockTime {
            hour: (total / 60) as u8,
            minute: (total % 60) as u8,
        })
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let parsed = match toml::Value::deserialize(deserializer)? {
            toml::Value::String(typed) => ClockTime::parse(&typed),
            toml::Value::Datetime(toml::value::Datetime {
                date: None,
                time: Some(time),
                offset: None,
            }) => Some(ClockTime {
                hour: time.hour,
                minute: time.minute,
            }),
            _ => None,
        };
        parsed.ok_or_else(|| {
            serde::de::Error::custom(
                "a lesson's time is a time of day on the 24-hour clock, such as \"10:45\"",
            )
        })
    }
}

/// A date in a plan file, written as a TOML date (`2027-02-09`); a quoted one is read too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanDate(pub Date);

impl Serialize for PlanDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Date { year, month, day } = self.0;
        toml::value::Datetime {
            date: Some(toml::value::Date { year, month, day }),
            time: None,
            offset: None,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PlanDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let date = match toml::Value::deserialize(deserializer)? {
            toml::Value::Datetime(toml::value::Datetime {
                date: Some(d),
                time: None,
                ..
            }) => Some(Date::from(d)),
            toml::Value::String(typed) => parse_date(&typed),
            _ => None,
        };
        date.map(PlanDate).ok_or_else(|| {
            serde::de::Error::custom("write a date as YYYY-MM-DD, such as 2027-02-09")
        })
    }
}

/// A date typed as `YYYY-MM-DD`, when it is a real one.
pub fn parse_date(typed: &str) -> Option<Date> {
    let mut parts = typed.trim().splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let date = Date {
        year: year.parse().ok()?,
        month: month.parse().ok()?,
        day: day.parse().ok()?,
    };
    // A 31 February comes back from the day count as another date.
    (Date::from_days_since_epoch(date.days_since_epoch()) == date && date.month >= 1)
        .then_some(date)
}

/// A slot the group lost: no lesson that week, so the sessions move on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lost {
    pub date: PlanDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(flatten)]
    pub other: toml::Table,
}

/// When a group has its lessons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub day: Weekday,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<ClockTime>,
    /// The term the lessons begin in, by the calendar's name for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// The first day a lesson may fall on, when not the start of the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<PlanDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost: Vec<Lost>,
    #[serde(flatten)]
    pub other: toml::Table,
}

impl Schedule {
    pub fn new(day: Weekday) -> Schedule {
        Schedule {
            day,
            time: None,
            term: None,
            starts: None,
            lost: Vec::new(),
            other: toml::Table::new(),
        }
    }

    /// The lost slot on `date`, if the group lost it.
    pub fn lost_on(&self, date: Date) -> Option<&Lost> {
        self.lost.iter().find(|l| l.date.0 == date)
    }

    /// Marks the slot on `date` lost; a slot already lost keeps its first reason.
    pub fn lose(&mut self, date: Date, reason: Option<String>) {
        if self.lost_on(date).is_none() {
            self.lost.push(Lost {
                date: PlanDate(date),
                reason,
                other: toml::Table::new(),
            });
            self.lost.sort_by_key(|l| l.date);
        }
    }

    /// Gives the slot on `date` back; whether it was lost.
    pub fn restore(&mut self, date: Date) -> bool {
        let before = self.lost.len();
        self.lost.retain(|l| l.date.0 != date);
        self.lost.len() != before
    }
}

/// One week's slot, from the first lesson to the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub date: Date,
    /// The calendar's term it falls in, by position.
    pub term: usize,
    pub kind: SlotKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SlotKind {
    /// Session `number` (from 1) is taught.
    Session { number: usize },
    /// The school is closed.
    Closed { reason: String },
    /// The group lost the slot.
    Lost { reason: Option<String> },
}

/// A plan's sessions laid on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dates {
    /// The first day a session could fall on; `None` for a calendar without terms.
    pub from: Option<Date>,
    pub slots: Vec<Slot>,
    /// Sessions left without a date when the calendar ran out of terms.
    pub undated: usize,
}

impl Dates {
    /// The date of session `number` (from 1).
    pub fn of_session(&self, number: usize) -> Option<Date> {
        self.slots.iter().find_map(|slot| match slot.kind {
            SlotKind::Session { number: n } if n == number => Some(slot.date),
            _ => None,
        })
    }

    /// Each session's date in order, for sessions 1 to `count`.
    pub fn session_dates(&self, count: usize) -> Vec<Option<Date>> {
        (1..=count).map(|n| self.of_session(n)).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleProblem {
    /// The schedule's term is not one of the calendar's.
    UnknownTerm { typed: String, names: Vec<String> },
    /// A session to bump that the plan does not have (or has no date).
    NoSuchSession { number: usize, dated: usize },
}

impl std::fmt::Display for ScheduleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScheduleProblem::UnknownTerm { typed, names } => write!(
                f,
                "the calendar has no term called `{typed}`; its terms are: {}",
                names.join(", ")
            ),
            ScheduleProblem::NoSuchSession { number, dated } => write!(
                f,
                "there is no dated session {number} (the plan has {dated} with a date); sessions are numbered from 1"
            ),
        }
    }
}

impl std::error::Error for ScheduleProblem {}

/// Dates `sessions` sessions: from the schedule's start (or its term's, or the calendar's first
/// day), every week on its day that falls in a term, skipping closed and lost days.
pub fn lay_out(
    calendar: &Calendar,
    schedule: &Schedule,
    sessions: usize,
) -> Result<Dates, ScheduleProblem> {
    let term_start = match &schedule.term {
        Some(typed) => Some(calendar.term(typed).map(|(_, t)| t.starts).ok_or_else(|| {
            ScheduleProblem::UnknownTerm {
                typed: typed.clone(),
                names: calendar
                    .term_names()
                    .into_iter()
                    .map(String::from)
                    .collect(),
            }
        })?),
        None => None,
    };
    let first_day = calendar.terms.first().map(|t| t.starts);
    let Some(from) = schedule.starts.map(|d| d.0).or(term_start).or(first_day) else {
        return Ok(Dates {
            from: None,
            slots: Vec::new(),
            undated: sessions,
        });
    };
    let last_day = calendar.terms.last().map_or(from, |t| t.ends);
    let mut date = from;
    while weekday(date) != schedule.day {
        date = next_day(date);
    }
    let mut slots = Vec::new();
    let mut placed = 0;
    while placed < sessions && date <= last_day {
        if let Some(term) = calendar.term_of(date) {
            let kind = if let Some(closure) = calendar.closure_on(date) {
                SlotKind::Closed {
                    reason: closure.name.clone(),
                }
            } else if let Some(lost) = schedule.lost_on(date) {
                SlotKind::Lost {
                    reason: lost.reason.clone(),
                }
            } else {
                placed += 1;
                SlotKind::Session { number: placed }
            };
            slots.push(Slot { date, term, kind });
        }
        date = Date::from_days_since_epoch(date.days_since_epoch() + 7);
    }
    Ok(Dates {
        from: Some(from),
        slots,
        undated: sessions - placed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    fn calendar() -> Calendar {
        Calendar::from_toml(super::super::calendar::tests::HILLSIDE, "calendar.toml")
            .0
            .unwrap()
    }

    #[test]
    fn days_and_times_are_read_as_people_type_them() {
        assert_eq!(Weekday::parse("tue"), Some(Weekday::Tuesday));
        assert_eq!(Weekday::parse("THURS"), Some(Weekday::Thursday));
        assert_eq!(Weekday::parse("t"), None, "Tuesday or Thursday");
        assert_eq!(Weekday::parse("s"), None);
        assert_eq!(Weekday::parse("funday"), None);
        assert_eq!(ClockTime::parse("9:05").unwrap().to_string(), "09:05");
        assert_eq!(ClockTime::parse("13:30:00").unwrap().to_string(), "13:30");
        for wrong in ["24:00", "10:60", "10", "10:5", "ten"] {
            assert_eq!(ClockTime::parse(wrong), None, "{wrong}");
        }
        assert_eq!(
            ClockTime::parse("23:30")
                .unwrap()
                .plus(29)
                .unwrap()
                .to_string(),
            "23:59"
        );
        assert_eq!(ClockTime::parse("23:30").unwrap().plus(30), None);
        assert_eq!(parse_date("2027-02-29"), None);
        assert_eq!(parse_date("2028-02-29"), Some(day(2028, 2, 29)));
        assert_eq!(parse_date("2027-2-3"), None);
    }

    #[test]
    fn sessions_fall_weekly_in_term_skipping_holidays_closures_and_lost_slots() {
        let calendar = calendar();
        // Fridays in autumn 2026: 4 Sep .. 23 Oct (8), half-term, then 6 Nov .. 18 Dec; the
        // INSET day is Friday 20 November.
        let mut schedule = Schedule::new(Weekday::Friday);
        schedule.lose(day(2026, 9, 18), Some("Trip".into()));
        let dates = lay_out(&calendar, &schedule, 9).unwrap();
        assert_eq!(dates.undated, 0);
        let dated = dates.session_dates(9);
        assert_eq!(dated[0], Some(day(2026, 9, 4)));
        assert_eq!(dated[1], Some(day(2026, 9, 11)));
        assert_eq!(dated[2], Some(day(2026, 9, 25)), "18 September was lost");
        assert_eq!(dated[6], Some(day(2026, 10, 23)));
        assert_eq!(dated[7], Some(day(2026, 11, 6)), "half-term is skipped");
        assert_eq!(dated[8], Some(day(2026, 11, 13)));
        let lost = &dates.slots[2];
        assert_eq!(
            lost.kind,
            SlotKind::Lost {
                reason: Some("Trip".into())
            }
        );
        assert_eq!(dates.slots.last().unwrap().term, 1);

        let more = lay_out(&calendar, &schedule, 11).unwrap();
        assert_eq!(
            more.slots[10].kind,
            SlotKind::Closed {
                reason: "INSET day".into()
            }
        );
        assert_eq!(more.of_session(10), Some(day(2026, 11, 27)));
    }

    #[test]
    fn a_term_or_a_start_date_sets_the_first_session_and_the_calendar_sets_the_last() {
        let calendar = calendar();
        let mut schedule = Schedule::new(Weekday::Tuesday);
        schedule.term = Some("autumn 2".into());
        let dates = lay_out(&calendar, &schedule, 10).unwrap();
        assert_eq!(dates.of_session(1), Some(day(2026, 11, 3)));
        // Tuesdays 3 Nov .. 15 Dec: seven, and then the calendar ends.
        assert_eq!(dates.session_dates(10).iter().flatten().count(), 7);
        assert_eq!(dates.undated, 3);

        schedule.starts = Some(PlanDate(day(2026, 11, 20)));
        assert_eq!(
            lay_out(&calendar, &schedule, 1).unwrap().of_session(1),
            Some(day(2026, 11, 24))
        );

        schedule.term = Some("Summer 2".into());
        schedule.starts = None;
        let problem = lay_out(&calendar, &schedule, 1).unwrap_err().to_string();
        assert!(
            problem.contains("terms are: Autumn 1, Autumn 2"),
            "{problem}"
        );
    }

    #[test]
    fn losing_a_slot_moves_that_session_and_every_later_one_and_restoring_it_moves_them_back() {
        let calendar = calendar();
        let mut schedule = Schedule::new(Weekday::Monday);
        let before = lay_out(&calendar, &schedule, 4).unwrap().session_dates(4);
        schedule.lose(before[1].unwrap(), None);
        let after = lay_out(&calendar, &schedule, 4).unwrap().session_dates(4);
        assert_eq!(after[0], before[0]);
        assert_eq!(&after[1..3], &before[2..4]);
        assert!(after[3] > before[3]);
        assert!(schedule.restore(before[1].unwrap()));
        assert!(!schedule.restore(before[1].unwrap()));
        assert_eq!(
            lay_out(&calendar, &schedule, 4).unwrap().session_dates(4),
            before
        );
    }

    #[test]
    fn a_schedule_is_written_as_toml_dates_and_read_back() {
        let mut schedule = Schedule::new(Weekday::Tuesday);
        schedule.time = ClockTime::parse("10:45");
        schedule.lose(day(2027, 2, 9), Some("Trip".into()));
        let text = toml::to_string(&schedule).unwrap();
        assert!(text.contains("day = \"Tuesday\""), "{text}");
        assert!(text.contains("date = 2027-02-09"), "{text}");
        let back: Schedule = toml::from_str(&text).unwrap();
        assert_eq!(back, schedule);
        let typed: Schedule =
            toml::from_str("day = \"thu\"\ntime = 09:15:00\nstarts = \"2027-01-05\"").unwrap();
        assert_eq!(typed.day, Weekday::Thursday);
        assert_eq!(typed.time.unwrap().to_string(), "09:15");
        assert_eq!(typed.starts, Some(PlanDate(day(2027, 1, 5))));
        let wrong = toml::from_str::<Schedule>("day = \"Funday\"").unwrap_err();
        assert!(wrong.message().contains("not a day of the week"), "{wrong}");
    }
}
