//! Sessions: a plan's lessons laid into the school's slots, each as long as the plan's lesson
//! length. A module longer than a slot goes on into the next at an activity boundary; short ones
//! share a slot while they fit. Worked out from the plan each time, never stored.

use crate::library::{Library, Module};

use super::{Plan, PlanItem};

/// Part of one item taught in a session: some or all of the activities it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPart {
    /// The item's 0-based position in the plan.
    pub item: usize,
    /// The activities taught in this part, numbered from 1 as the module numbers them.
    pub activities: Vec<usize>,
    pub minutes: u32,
    /// The item began in an earlier session.
    pub continued: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Session {
    pub parts: Vec<SessionPart>,
    pub minutes: u32,
}

impl Session {
    /// Minutes past the slot: only an activity longer than a slot makes a session run over.
    pub fn over_by(&self, slot: u32) -> u32 {
        self.minutes.saturating_sub(slot)
    }
}

/// The plan's sessions, when it has a lesson length; items whose module no library has are
/// left out, as their minutes are unknown.
pub fn sessions(plan: &Plan, library: &Library) -> Option<Vec<Session>> {
    let slot = plan.lesson_minutes.filter(|m| *m > 0)?;
    let mut laid = Layer {
        slot,
        done: Vec::new(),
        open: Session::default(),
    };
    for (index, item) in plan.items.iter().enumerate() {
        let Some(module) = library.module(&item.module) else {
            continue;
        };
        laid.item(index, item, module);
    }
    Some(laid.finish())
}

struct Layer {
    slot: u32,
    done: Vec<Session>,
    open: Session,
}

impl Layer {
    fn item(&mut self, index: usize, item: &PlanItem, module: &Module) {
        let whole = item.minutes(module);
        let kept: Vec<(usize, u32)> = (1..=module.activities.len())
            .filter_map(|n| Some((n, item.activity_minutes(module, n)?)))
            .collect();
        // A lesson that fits a slot is taught in one: with the one before if both fit, else in
        // the next slot.
        if whole <= self.slot || kept.is_empty() {
            if self.open.minutes + whole > self.slot {
                self.close();
            }
            self.add(index, kept.iter().map(|(n, _)| *n).collect(), whole, false);
            return;
        }
        // Longer than a slot: from a slot of its own, going on at an activity boundary.
        self.close();
        let mut part: Vec<usize> = Vec::new();
        let mut minutes = 0;
        let mut continued = false;
        for (number, taken) in kept {
            if !part.is_empty() && minutes + taken > self.slot {
                self.add(index, std::mem::take(&mut part), minutes, continued);
                self.close();
                minutes = 0;
                continued = true;
            }
            part.push(number);
            minutes += taken;
        }
        if !part.is_empty() {
            self.add(index, part, minutes, continued);
        }
    }

    fn add(&mut self, item: usize, activities: Vec<usize>, minutes: u32, continued: bool) {
        self.open.minutes += minutes;
        self.open.parts.push(SessionPart {
            item,
            activities,
            minutes,
            continued,
        });
    }

    fn close(&mut self) {
        if !self.open.parts.is_empty() {
            self.done.push(std::mem::take(&mut self.open));
        }
    }

    fn finish(mut self) -> Vec<Session> {
        self.close();
        self.done
    }
}

/// The plan's time against its slots, as the planner's status line says it ("40 of 60 min", "95
/// min in 2 sessions of 60 min"), and whether a session runs over; `None` without a lesson length.
pub fn time_summary(plan: &Plan, library: &Library) -> Option<(String, bool)> {
    let slot = plan.lesson_minutes.filter(|m| *m > 0)?;
    let laid = sessions(plan, library)?;
    let total = plan.total_minutes(library);
    let over = laid.iter().any(|s| s.over_by(slot) > 0);
    let said = match laid.len() {
        0 | 1 => format!("{total} of {slot} min"),
        n => format!("{total} min in {n} sessions of {slot} min"),
    };
    Some((said, over))
}

/// Sessions as people say them: "session 2", or "sessions 2-3" for a lesson that goes on into
/// the next slot; `None` for none.
pub fn session_label(numbers: &[usize]) -> Option<String> {
    match numbers {
        [] => None,
        [one] => Some(format!("session {one}")),
        [first, .., last] => Some(format!("sessions {first}-{last}")),
    }
}

/// The sessions (numbered from 1) that teach item `index`.
pub fn sessions_of(sessions: &[Session], index: usize) -> Vec<usize> {
    sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.parts.iter().any(|p| p.item == index))
        .map(|(n, _)| n + 1)
        .collect()
}
