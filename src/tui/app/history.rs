//! Undo and redo of plan edits. Each step keeps the edit that takes it back, found in the plan
//! the way every edit is (by what its items hold), so undo still works after a save merged in
//! someone else's changes, and is refused rather than guessed when its item has gone.

use crate::plan::PlanEdit;

/// Enough to undo a morning's planning without holding on to everything since the start.
const MOST_STEPS: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The edit that reverses the one made.
    pub reverse: PlanEdit,
    /// What the edit did, for the status bar: "adding “Passwords”".
    pub what: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// A new edit was made: it can be undone, and what was undone before can no longer be redone.
    pub fn record(&mut self, step: Step) {
        self.redo.clear();
        push_bounded(&mut self.undo, step);
    }

    pub fn take_undo(&mut self) -> Option<Step> {
        self.undo.pop()
    }

    pub fn take_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// An undo was made: its reverse can be redone.
    pub fn undone(&mut self, step: Step) {
        push_bounded(&mut self.redo, step);
    }

    /// A redo was made: its reverse can be undone again (keeping the rest of the redo list).
    pub fn redone(&mut self, step: Step) {
        push_bounded(&mut self.undo, step);
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

fn push_bounded(steps: &mut Vec<Step>, step: Step) {
    if steps.len() == MOST_STEPS {
        steps.remove(0);
    }
    steps.push(step);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: usize) -> Step {
        Step {
            reverse: PlanEdit::Add {
                module: n.to_string(),
            },
            what: format!("edit {n}"),
        }
    }

    #[test]
    fn a_new_edit_forgets_what_could_be_redone() {
        let mut history = History::default();
        history.record(step(1));
        let undone = history.take_undo().unwrap();
        history.undone(undone);
        assert!(history.can_redo());
        history.record(step(2));
        assert!(!history.can_redo());
        assert_eq!(history.take_undo(), Some(step(2)));
    }

    #[test]
    fn the_oldest_steps_go_first_when_the_history_is_full() {
        let mut history = History::default();
        for n in 0..MOST_STEPS + 5 {
            history.record(step(n));
        }
        let mut count = 0;
        let mut last = None;
        while let Some(s) = history.take_undo() {
            count += 1;
            last = Some(s);
        }
        assert_eq!(count, MOST_STEPS);
        assert_eq!(last, Some(step(5)), "the five oldest were dropped");
    }
}
