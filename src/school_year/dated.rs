//! A plan's sessions with the dates they fall on: what the planner, `plan show`, the handouts
//! and the calendar export all say of when each lesson is taught.

use super::calendar::Calendar;
use super::schedule::{Dates, ScheduleProblem, lay_out};
use crate::library::{Date, Library};
use crate::plan::Plan;
use crate::plan::sessions::{Session, sessions, sessions_of};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedPlan {
    pub sessions: Vec<Session>,
    pub dates: Dates,
}

impl DatedPlan {
    /// The dates of the sessions that teach item `index` (0-based), in order.
    pub fn item_dates(&self, index: usize) -> Vec<Date> {
        sessions_of(&self.sessions, index)
            .into_iter()
            .filter_map(|n| self.dates.of_session(n))
            .collect()
    }

    /// The first and last dated sessions' dates.
    pub fn span(&self) -> Option<(Date, Date)> {
        let mut dated = (1..=self.sessions.len()).filter_map(|n| self.dates.of_session(n));
        let first = dated.next()?;
        Some((first, dated.next_back().unwrap_or(first)))
    }

    /// The sessions (numbered from 1) left without a date.
    pub fn undated(&self) -> Vec<usize> {
        (1..=self.sessions.len())
            .filter(|n| self.dates.of_session(*n).is_none())
            .collect()
    }
}

/// Why a plan's sessions have no dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotDated {
    NoSchedule,
    NoLessonLength,
    Schedule(ScheduleProblem),
}

impl std::fmt::Display for NotDated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotDated::NoSchedule => write!(
                f,
                "the plan has no weekly slot: give it one with `lessonplan plan schedule PLAN --day Tuesday`"
            ),
            NotDated::NoLessonLength => write!(
                f,
                "the plan has no lesson length: give it one with `lessonplan plan set PLAN --lesson 60`"
            ),
            NotDated::Schedule(problem) => problem.fmt(f),
        }
    }
}

/// The plan's sessions dated on `calendar` by its weekly slot.
pub fn date_plan(
    plan: &Plan,
    library: &Library,
    calendar: &Calendar,
) -> Result<DatedPlan, NotDated> {
    let schedule = plan.schedule.as_ref().ok_or(NotDated::NoSchedule)?;
    let sessions = sessions(plan, library).ok_or(NotDated::NoLessonLength)?;
    let dates = lay_out(calendar, schedule, sessions.len()).map_err(NotDated::Schedule)?;
    Ok(DatedPlan { sessions, dates })
}

/// The slot as a timetable says it: "Tuesdays at 10:45 (60 min)".
pub fn slot_words(plan: &Plan) -> Option<String> {
    let schedule = plan.schedule.as_ref()?;
    let mut said = format!("{}s", schedule.day.name());
    if let Some(time) = schedule.time {
        said.push_str(&format!(" at {time}"));
    }
    if let Some(minutes) = plan.lesson_minutes {
        said.push_str(&format!(" ({minutes} min)"));
    }
    Some(said)
}
