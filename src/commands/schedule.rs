//! `lessonplan plan schedule | bump | brief`: when a group has its lessons, the date of each
//! session on the school's calendar, lost slots, and the DSL's briefing before sensitive lessons.

use std::io::Write;
use std::path::Path;

use super::plan::{edit, edit_failed, saved};
use super::{Context, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, find_plan, report};
use crate::library::{Date, Library};
use crate::plan::{Plan, PlanError, index_of};
use crate::school_year::schedule::{PlanDate, SlotKind, parse_date};
use crate::school_year::{
    Calendar, ClockTime, DatedPlan, Schedule, Weekday, date_plan, long_date, short_date,
};
use crate::words;

/// What `plan schedule` was asked to change; `None` leaves a field as it is, `Some("")` clears it.
pub struct ScheduleChange<'a> {
    pub day: Option<&'a str>,
    pub time: Option<&'a str>,
    pub term: Option<&'a str>,
    pub from: Option<&'a str>,
    pub clear: bool,
}

impl ScheduleChange<'_> {
    fn is_empty(&self) -> bool {
        !self.clear
            && [self.day, self.time, self.term, self.from]
                .iter()
                .all(Option::is_none)
    }
}

pub fn schedule(
    context: &Context,
    file: &Path,
    change: &ScheduleChange,
    calendar_flag: Option<&Path>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(path) = find_plan(context, file, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    let calendar = context.calendar(calendar_flag);
    if !change.is_empty() {
        // Everything typed is checked before the file is touched.
        let day = match change.day.map(|d| (d, Weekday::parse(d))) {
            Some((typed, None)) => {
                writeln!(
                    err,
                    "lessonplan: --day is a day of the week, such as Tuesday, not `{typed}`"
                )?;
                return Ok(EXIT_USAGE);
            }
            Some((_, day)) => day,
            None => None,
        };
        let time = match cleared_or(change.time, ClockTime::parse) {
            Err(typed) => {
                writeln!(
                    err,
                    "lessonplan: --time is a time on the 24-hour clock, such as 10:45, not `{typed}`"
                )?;
                return Ok(EXIT_USAGE);
            }
            Ok(time) => time,
        };
        let from = match cleared_or(change.from, parse_date) {
            Err(typed) => {
                writeln!(
                    err,
                    "lessonplan: --from is a date written YYYY-MM-DD, such as 2027-01-05, not `{typed}`"
                )?;
                return Ok(EXIT_USAGE);
            }
            Ok(from) => from,
        };
        let term = match change.term.map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(typed) => match &calendar {
                Ok((calendar, _)) => match calendar.term(typed) {
                    Some((_, term)) => Some(Some(term.name.clone())),
                    None => {
                        writeln!(
                            err,
                            "lessonplan: the calendar has no term called `{typed}`; its terms are: {}",
                            calendar.term_names().join(", ")
                        )?;
                        return Ok(EXIT_USAGE);
                    }
                },
                // Without a calendar to check it against, the term is kept as typed.
                Err(_) => Some(Some(typed.to_string())),
            },
        };
        let edited = Plan::edit_file(&path, |plan| {
            if change.clear {
                plan.schedule = None;
                return Ok(());
            }
            let mut schedule = match (plan.schedule.take(), day) {
                (Some(schedule), _) => schedule,
                (None, Some(day)) => Schedule::new(day),
                (None, None) => {
                    return Err(PlanError::NotDated(
                        "give the day of the group's lesson with --day, e.g. --day Tuesday".into(),
                    ));
                }
            };
            if let Some(day) = day {
                schedule.day = day;
            }
            if let Some(time) = time {
                schedule.time = time;
            }
            if let Some(term) = term.clone() {
                schedule.term = term;
            }
            if let Some(from) = from {
                schedule.starts = from.map(PlanDate);
            }
            plan.schedule = Some(schedule);
            Ok(())
        });
        match edited {
            Ok(plan) => {
                saved(&plan, &path, out)?;
            }
            Err(error) => return edit_failed(&path, error, err),
        }
    }
    let plan = match Plan::load(&path) {
        Ok(plan) => plan,
        Err(diagnostic) => {
            write!(err, "{diagnostic}")?;
            return Ok(EXIT_PROBLEM);
        }
    };
    if plan.schedule.is_none() {
        writeln!(
            out,
            "no weekly slot: `lessonplan plan schedule {} --day Tuesday --time 10:45` gives the plan one",
            file.display()
        )?;
        return Ok(EXIT_OK);
    }
    let calendar = match calendar {
        Ok((calendar, warnings)) => {
            report(&warnings, err)?;
            calendar
        }
        Err(problems) => {
            report(&problems, err)?;
            writeln!(
                err,
                "lessonplan: the sessions cannot be dated without the school's calendar ({}); see docs/file-formats.md, calendar.toml",
                context.calendar_path(calendar_flag).display()
            )?;
            return Ok(EXIT_PROBLEM);
        }
    };
    let library = context.load();
    let dated = match date_plan(&plan, &library, &calendar) {
        Ok(dated) => dated,
        Err(why) => {
            writeln!(err, "lessonplan: {why}")?;
            return Ok(EXIT_PROBLEM);
        }
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &dates_json(&plan, &library, &calendar, &dated))?;
        writeln!(out)?;
    } else {
        write_dates(&plan, &library, &calendar, &dated, out)?;
    }
    warn_undated(&dated, &calendar, err)?;
    Ok(EXIT_OK)
}

/// A typed value that `""` clears: `Ok(None)` for no change, `Ok(Some(None))` to clear,
/// `Err(typed)` when it does not parse.
fn cleared_or<T>(
    typed: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<Option<T>>, String> {
    match typed.map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(text) => parse(text)
            .map(|v| Some(Some(v)))
            .ok_or_else(|| text.to_string()),
    }
}

/// Each week's slot from the first session to the last: the sessions with what they teach, and
/// the weeks without one (closed, lost) with why.
pub fn write_dates(
    plan: &Plan,
    library: &Library,
    calendar: &Calendar,
    dated: &DatedPlan,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(slot) = crate::school_year::slot_words(plan) {
        writeln!(out, "{slot}:")?;
    }
    let mut term = None;
    for slot in &dated.dates.slots {
        if term != Some(slot.term) {
            term = Some(slot.term);
            if let Some(named) = calendar.terms.get(slot.term) {
                writeln!(out, "  {}", named.name)?;
            }
        }
        let when = short_date(slot.date);
        match &slot.kind {
            SlotKind::Session { number } => {
                let taught = dated
                    .sessions
                    .get(number - 1)
                    .map(|s| session_titles(plan, library, s))
                    .unwrap_or_default();
                writeln!(out, "    session {number:<3} {when:<11} {taught}")?;
            }
            SlotKind::Closed { reason } => {
                writeln!(out, "    {:<11} {when:<11} closed: {reason}", "-")?;
            }
            SlotKind::Lost { reason } => writeln!(
                out,
                "    {:<11} {when:<11} lost{}",
                "-",
                reason.as_ref().map_or(String::new(), |r| format!(": {r}"))
            )?,
        }
    }
    match dated.span() {
        Some((first, last)) => writeln!(
            out,
            "{} dated, {} to {}",
            words::count(dated.sessions.len() - dated.undated().len(), "session"),
            long_date(first),
            long_date(last)
        ),
        None => writeln!(out, "no session has a date"),
    }
}

/// What a session teaches, by module title: "Passwords (activities 1-3); Kind words".
fn session_titles(
    plan: &Plan,
    library: &Library,
    session: &crate::plan::sessions::Session,
) -> String {
    session
        .parts
        .iter()
        .map(|part| {
            let id = plan.items[part.item].module.as_str();
            let title = library.module(id).map_or(id, |m| m.title.as_str());
            let continued = if part.continued { " (continued)" } else { "" };
            format!("{}. {title}{continued}", part.item + 1)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn warn_undated(
    dated: &DatedPlan,
    calendar: &Calendar,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let undated = dated.undated();
    if let (Some(first), Some(last)) = (undated.first(), undated.last()) {
        let which = if first == last {
            format!("session {first} has")
        } else {
            format!("sessions {first}-{last} have")
        };
        let end = calendar.terms.last().map_or(String::new(), |t| {
            format!(" (its last term, {}, ends {})", t.name, long_date(t.ends))
        });
        writeln!(
            err,
            "warning: {which} no date: the calendar runs out{end}; add the next terms to the calendar, or take lessons out of the plan"
        )?;
    }
    Ok(())
}

fn dates_json(
    plan: &Plan,
    library: &Library,
    calendar: &Calendar,
    dated: &DatedPlan,
) -> serde_json::Value {
    let schedule = plan.schedule.as_ref();
    let sessions: Vec<serde_json::Value> = dated
        .sessions
        .iter()
        .enumerate()
        .map(|(index, session)| {
            let number = index + 1;
            let date = dated.dates.of_session(number);
            let term = date.and_then(|d| calendar.term_of(d)).map(|t| calendar.terms[t].name.clone());
            let parts: Vec<serde_json::Value> = session
                .parts
                .iter()
                .map(|part| {
                    serde_json::json!({
                        "item": part.item + 1,
                        "module": plan.items[part.item].module,
                        "title": library.module(&plan.items[part.item].module).map(|m| m.title.clone()),
                        "activities": part.activities,
                        "minutes": part.minutes,
                        "continued": part.continued,
                    })
                })
                .collect();
            serde_json::json!({
                "session": number,
                "date": date,
                "term": term,
                "time": schedule.and_then(|s| s.time).map(|t| t.to_string()),
                "minutes": session.minutes,
                "parts": parts,
            })
        })
        .collect();
    serde_json::json!({
        "day": schedule.map(|s| s.day.name()),
        "time": schedule.and_then(|s| s.time).map(|t| t.to_string()),
        "lesson_minutes": plan.lesson_minutes,
        "from": dated.dates.from,
        "sessions": sessions,
        "slots": dated.dates.slots,
        "undated": dated.undated(),
    })
}

/// What `plan bump` was asked: lose a session (with why), or give a lost date back.
pub struct BumpChange<'a> {
    pub session: Option<usize>,
    pub reason: Option<&'a str>,
    pub restore: Option<&'a str>,
}

pub fn bump(
    context: &Context,
    file: &Path,
    change: &BumpChange,
    calendar_flag: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let BumpChange {
        session,
        reason,
        restore,
    } = *change;
    if let Some(typed) = restore {
        let Some(date) = parse_date(typed) else {
            writeln!(
                err,
                "lessonplan: --restore is the lost slot's date, written YYYY-MM-DD, not `{typed}`"
            )?;
            return Ok(EXIT_USAGE);
        };
        return edit(context, file, out, err, |plan| {
            let restored = plan.schedule.as_mut().is_some_and(|s| s.restore(date));
            if restored {
                Ok(())
            } else {
                Err(PlanError::NotLost(date))
            }
        });
    }
    let Some(number) = session else {
        return Ok(EXIT_USAGE);
    };
    let calendar = match context.calendar(calendar_flag) {
        Ok((calendar, _)) => calendar,
        Err(problems) => {
            report(&problems, err)?;
            return Ok(EXIT_PROBLEM);
        }
    };
    let library = context.load();
    let Some(path) = find_plan(context, file, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    let mut moved: Option<(Date, Option<Date>)> = None;
    let edited = Plan::edit_file(&path, |plan| {
        let dated = date_plan(plan, &library, &calendar)
            .map_err(|why| PlanError::NotDated(why.to_string()))?;
        let Some(date) = dated.dates.of_session(number) else {
            return Err(PlanError::NoSuchSession {
                number,
                dated: dated.sessions.len() - dated.undated().len(),
            });
        };
        let schedule = plan.schedule.as_mut().ok_or_else(|| {
            PlanError::NotDated(crate::school_year::NotDated::NoSchedule.to_string())
        })?;
        schedule.lose(
            date,
            reason
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(String::from),
        );
        let now = date_plan(plan, &library, &calendar)
            .ok()
            .and_then(|d| d.dates.of_session(number));
        moved = Some((date, now));
        Ok(())
    });
    let plan = match edited {
        Ok(plan) => plan,
        Err(error) => return edit_failed(&path, error, err),
    };
    saved(&plan, &path, &mut *out)?;
    if let Some((lost, now)) = moved {
        let count = crate::plan::sessions::sessions(&plan, &library).map_or(0, |s| s.len());
        let after = match count.saturating_sub(number) {
            0 => String::new(),
            1 => format!(", and session {count} moves on with it"),
            _ => format!(", and sessions {}-{count} move on with it", number + 1),
        };
        match now {
            Some(now) => writeln!(
                out,
                "{} is lost: session {number} moves to {}{after}",
                long_date(lost),
                long_date(now)
            )?,
            None => writeln!(
                out,
                "{} is lost: the calendar has no slot left for session {number}{after}",
                long_date(lost)
            )?,
        }
    }
    Ok(EXIT_OK)
}

pub fn brief(
    context: &Context,
    file: &Path,
    position: usize,
    on: Option<&str>,
    clear: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let date = match on {
        None => context.options.today,
        Some(typed) => match parse_date(typed) {
            Some(date) => date,
            None => {
                writeln!(
                    err,
                    "lessonplan: --on is the briefing's date, written YYYY-MM-DD, not `{typed}`"
                )?;
                return Ok(EXIT_USAGE);
            }
        },
    };
    let status = edit(context, file, out, err, |plan| {
        let index = index_of(position)?;
        plan.item_ref(index)?;
        plan.items[index].dsl_briefed = (!clear).then_some(PlanDate(date));
        Ok(())
    })?;
    if status == EXIT_OK && !clear {
        writeln!(out, "item {position}: DSL briefed on {}", long_date(date))?;
    }
    Ok(status)
}
