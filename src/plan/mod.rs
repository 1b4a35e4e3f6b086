//! A lesson plan: an ordered list of modules for one group, saved as TOML.
//!
//! A plan never loses anything it was given: items naming modules the library no longer has are
//! kept, and keys this version does not know are written back unchanged.

pub mod sessions;

use std::fs::File;
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::atomic::{self, Replace, folder_of, real_path};
use crate::library::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use crate::library::{Library, Module};

mod folder;
pub use folder::{
    DELETED_FOLDER, ListedPlan, NEW_PLAN_TITLE, delete, duplicate, file_name_for, file_stem_for,
    list_plans, rename_for_title, retitle, unused_path,
};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The year group in the school's own words ("Year 5", "P4"), which sets `age_band` from
    /// the library's year-groups.toml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// How long one lesson is, in minutes, to check the plan's total against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson_minutes: Option<u32>,
    /// The group's weekly slot, which dates the sessions on the school's calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<crate::school_year::Schedule>,
    #[serde(default)]
    pub items: Vec<PlanItem>,
    /// Keys this version does not know; kept so that saving never drops them.
    #[serde(flatten)]
    pub other: toml::Table,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub module: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Activities this lesson leaves out, by number from 1; the module itself is unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leave_out: Vec<usize>,
    /// Activities this lesson gives fewer minutes: activity number (from 1) to minutes.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub shorten: std::collections::BTreeMap<String, u32>,
    /// When the Designated Safeguarding Lead was briefed on this lesson (sensitive modules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dsl_briefed: Option<crate::school_year::schedule::PlanDate>,
    #[serde(flatten)]
    pub other: toml::Table,
}

impl PlanItem {
    pub fn new(module: impl Into<String>) -> Self {
        PlanItem {
            module: module.into(),
            ..PlanItem::default()
        }
    }

    /// The minutes activity `number` (from 1) takes in this lesson: `None` when left out.
    pub fn activity_minutes(&self, module: &Module, number: usize) -> Option<u32> {
        let activity = module.activities.get(number.checked_sub(1)?)?;
        if self.leave_out.contains(&number) {
            return None;
        }
        let shortened = self.shorten.get(&number.to_string()).copied();
        Some(shortened.map_or(activity.minutes, |m| m.min(activity.minutes)))
    }

    /// How long this lesson takes, with its activities left out or shortened.
    pub fn minutes(&self, module: &Module) -> u32 {
        if module.activities.is_empty() {
            return module.duration_minutes;
        }
        (1..=module.activities.len())
            .filter_map(|n| self.activity_minutes(module, n))
            .sum()
    }

    /// The activities this lesson changes, each with its number (from 1) and the minutes it
    /// keeps: `None` when left out.
    pub fn changed_activities<'m>(
        &self,
        module: &'m Module,
    ) -> Vec<(usize, &'m crate::library::Activity, Option<u32>)> {
        module
            .activities
            .iter()
            .enumerate()
            .map(|(index, activity)| (index + 1, activity))
            .filter_map(|(number, activity)| {
                let kept = self.activity_minutes(module, number);
                (kept != Some(activity.minutes)).then_some((number, activity, kept))
            })
            .collect()
    }

    /// Whether the lesson changes any of the module's activities.
    pub fn is_adapted(&self) -> bool {
        !self.leave_out.is_empty() || !self.shorten.is_empty()
    }
}

/// The lesson lengths a plan accepts, in minutes: from a short circle time to a whole school day.
pub const LESSON_MINUTES: std::ops::RangeInclusive<u32> = 5..=480;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    NoSuchItem {
        position: usize,
        len: usize,
    },
    /// A position of 0 was given where positions count from 1.
    PositionZero,
    /// An insert was asked for beyond the place just after the last item.
    PastTheEnd {
        position: usize,
        len: usize,
    },
    /// An edit's item is no longer in the plan as the edit saw it: changed, removed, or now
    /// there more than once, so it cannot be told which is meant.
    ItemChanged {
        position: usize,
        module: String,
    },
    /// An item's module has no such activity (or is not in any loaded library).
    NoSuchActivity {
        position: usize,
        activity: usize,
        count: usize,
    },
    /// The plan's sessions have no dates to lose one of: why, and what to do.
    NotDated(String),
    /// A session to lose that the plan has no date for.
    NoSuchSession {
        number: usize,
        dated: usize,
    },
    /// A slot given back that was never marked lost.
    NotLost(crate::library::Date),
}

/// What a lesson does with one of its module's activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityChange {
    LeaveOut,
    /// Fewer minutes than the module gives it (as many or more restores it).
    Minutes(u32),
    /// As the module has it.
    Restore,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::NoSuchItem { position, len } => write!(
                f,
                "there is no item {position} (the plan has {len} item{}); items are numbered from 1",
                if *len == 1 { "" } else { "s" }
            ),
            PlanError::PositionZero => write!(f, "positions count from 1; there is no item 0"),
            PlanError::PastTheEnd { position, len } => write!(
                f,
                "position {position} is past the end: the plan has {len} item{}, so use 1 to {}",
                if *len == 1 { "" } else { "s" },
                len.saturating_add(1)
            ),
            PlanError::ItemChanged { position, module } => write!(
                f,
                "item {} (`{module}`) has since been changed or removed",
                position.saturating_add(1)
            ),
            PlanError::NoSuchActivity {
                position,
                activity,
                count,
            } => write!(
                f,
                "item {} has no activity {activity} (its module has {count}); activities are numbered from 1",
                position.saturating_add(1)
            ),
            PlanError::NotDated(why) => write!(f, "the sessions have no dates: {why}"),
            PlanError::NoSuchSession { number, dated } => write!(
                f,
                "there is no dated session {number}: the plan has {dated} with a date, numbered from 1 (see `lessonplan plan schedule PLAN`)"
            ),
            PlanError::NotLost(date) => write!(
                f,
                "no slot on {date} is marked lost in this plan (see `lessonplan plan schedule PLAN`)"
            ),
        }
    }
}

impl std::error::Error for PlanError {}

/// The 0-based index of a position as people count it, from 1.
pub fn index_of(position: usize) -> Result<usize, PlanError> {
    position.checked_sub(1).ok_or(PlanError::PositionZero)
}

/// One change to a plan, described well enough to be made again on a newer copy of the plan: the
/// planner keeps its unsaved edits so that, if someone changed the file meanwhile, it can make
/// them on the file's version instead of overwriting it.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanEdit {
    /// Append a module.
    Add {
        module: String,
    },
    /// Put an item back at a 0-based position (or at the end, if the plan is shorter now): how a
    /// removal is undone, notes and all.
    Insert {
        position: usize,
        item: PlanItem,
    },
    Remove {
        item: ItemRef,
    },
    /// Move an item to where `to` is: just before it when moving up, just after it when moving
    /// down. Naming the neighbour rather than a position puts the item beside the same neighbour
    /// in a plan that others have added to.
    Move {
        item: ItemRef,
        to: ItemRef,
    },
    /// Set an item's notes (blank clears them).
    SetNote {
        item: ItemRef,
        notes: String,
    },
    /// Set which activities an item leaves out and which it shortens.
    SetActivities {
        item: ItemRef,
        leave_out: Vec<usize>,
        shorten: std::collections::BTreeMap<String, u32>,
    },
    /// Set the plan's details; only the fields that differ between `before` and `after` are
    /// the teacher's change, so the others keep whatever the plan has.
    SetDetails {
        before: PlanDetails,
        after: PlanDetails,
    },
}

/// An item as an edit saw it: where it was and what it held, to find it again in a changed plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRef {
    pub position: usize,
    pub item: PlanItem,
}

/// The plan's own fields, as the plan details form edits them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanDetails {
    pub title: String,
    pub group: Option<String>,
    pub year_group: Option<String>,
    pub age_band: Option<String>,
    pub teacher: Option<String>,
    pub notes: Option<String>,
    pub lesson_minutes: Option<u32>,
    /// The weekly slot's day; none removes the slot.
    pub lesson_day: Option<crate::school_year::Weekday>,
    pub lesson_time: Option<crate::school_year::ClockTime>,
    /// The calendar term the lessons begin in.
    pub first_term: Option<String>,
    /// The whole weekly slot as the plan had it (its lost weeks, a start date), so that undoing
    /// the removal of a slot gives all of it back; forms leave it as they found it.
    pub slot: Option<Box<crate::school_year::Schedule>>,
}

/// A check on a plan that a teacher should see before teaching it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanWarning {
    /// The item's module is not in any loaded library (it is kept in the plan).
    MissingModule { item: usize, module: String },
    /// The module is for a different age band than the plan's.
    OutsideAgeBand {
        item: usize,
        module: String,
        band: String,
    },
    /// The same module appears more than once.
    Duplicate {
        item: usize,
        module: String,
        first: usize,
    },
    /// A sensitive module: brief the Designated Safeguarding Lead first.
    Sensitive { item: usize, module: String },
    /// A module the library's curators have retired, or not yet approved.
    NotApproved {
        item: usize,
        module: String,
        status: crate::library::ReviewStatus,
    },
}

impl PlanWarning {
    /// The 0-based item the warning is about.
    pub fn item(&self) -> usize {
        match self {
            PlanWarning::MissingModule { item, .. }
            | PlanWarning::OutsideAgeBand { item, .. }
            | PlanWarning::Duplicate { item, .. }
            | PlanWarning::Sensitive { item, .. }
            | PlanWarning::NotApproved { item, .. } => *item,
        }
    }
}

impl std::fmt::Display for PlanWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanWarning::MissingModule { item, module } => write!(
                f,
                "item {}: module `{module}` is not in the library (kept in the plan; check the library folders)",
                item + 1
            ),
            PlanWarning::OutsideAgeBand { item, module, band } => write!(
                f,
                "item {}: `{module}` is written for ages {band}, not this plan's age band",
                item + 1
            ),
            PlanWarning::Duplicate {
                item,
                module,
                first,
            } => write!(
                f,
                "item {}: `{module}` is already item {}",
                item + 1,
                first + 1
            ),
            PlanWarning::Sensitive { item, module } => write!(
                f,
                "item {}: `{module}` is sensitive: brief your Designated Safeguarding Lead before teaching it",
                item + 1
            ),
            PlanWarning::NotApproved {
                item,
                module,
                status,
            } => match status {
                crate::library::ReviewStatus::Retired => write!(
                    f,
                    "item {}: `{module}` is retired: no longer taught (ask your PSHE lead what replaces it)",
                    item + 1
                ),
                _ => write!(
                    f,
                    "item {}: `{module}` is a draft, not yet approved by your PSHE lead",
                    item + 1
                ),
            },
        }
    }
}

impl Plan {
    pub fn new(title: impl Into<String>) -> Self {
        Plan {
            title: title.into(),
            ..Plan::default()
        }
    }

    fn check_position(&self, position: usize) -> Result<(), PlanError> {
        if position < self.items.len() {
            Ok(())
        } else {
            Err(PlanError::NoSuchItem {
                position: position.saturating_add(1),
                len: self.items.len(),
            })
        }
    }

    /// Appends a module; returns its 0-based position.
    pub fn add(&mut self, module: impl Into<String>) -> usize {
        self.items.push(PlanItem::new(module));
        self.items.len() - 1
    }

    /// Inserts a module at a 0-based position, anywhere from the start to just after the last
    /// item. A position beyond that is refused rather than taken as the end: it is more likely a
    /// mistake than a wish to append.
    pub fn insert(&mut self, position: usize, module: impl Into<String>) -> Result<(), PlanError> {
        if position > self.items.len() {
            return Err(PlanError::PastTheEnd {
                position: position.saturating_add(1),
                len: self.items.len(),
            });
        }
        self.items.insert(position, PlanItem::new(module));
        Ok(())
    }

    pub fn remove(&mut self, position: usize) -> Result<PlanItem, PlanError> {
        self.check_position(position)?;
        Ok(self.items.remove(position))
    }

    /// Moves an item from one 0-based position to another.
    pub fn move_item(&mut self, from: usize, to: usize) -> Result<(), PlanError> {
        self.check_position(from)?;
        self.check_position(to)?;
        let item = self.items.remove(from);
        self.items.insert(to, item);
        Ok(())
    }

    pub fn set_item_notes(&mut self, position: usize, notes: &str) -> Result<(), PlanError> {
        self.check_position(position)?;
        self.items[position].notes = non_empty(notes);
        Ok(())
    }

    /// Leaves out, shortens or restores activity `number` (from 1) of the item at `position`
    /// (0-based), whose module is `module`; the module is never changed.
    pub fn change_activity(
        &mut self,
        position: usize,
        module: &Module,
        number: usize,
        change: ActivityChange,
    ) -> Result<(), PlanError> {
        self.check_position(position)?;
        let count = module.activities.len();
        let Some(activity) = number.checked_sub(1).and_then(|i| module.activities.get(i)) else {
            return Err(PlanError::NoSuchActivity {
                position,
                activity: number,
                count,
            });
        };
        let item = &mut self.items[position];
        let key = number.to_string();
        item.leave_out.retain(|n| *n != number);
        item.shorten.remove(&key);
        match change {
            ActivityChange::LeaveOut => {
                item.leave_out.push(number);
                item.leave_out.sort_unstable();
            }
            ActivityChange::Minutes(minutes) if minutes < activity.minutes => {
                item.shorten.insert(key, minutes);
            }
            ActivityChange::Minutes(_) | ActivityChange::Restore => {}
        }
        Ok(())
    }

    /// The item at a 0-based position, for an edit to refer to.
    pub fn item_ref(&self, position: usize) -> Result<ItemRef, PlanError> {
        self.check_position(position)?;
        Ok(ItemRef {
            position,
            item: self.items[position].clone(),
        })
    }

    pub fn details(&self) -> PlanDetails {
        PlanDetails {
            title: self.title.clone(),
            group: self.group.clone(),
            year_group: self.year_group.clone(),
            age_band: self.age_band.clone(),
            teacher: self.teacher.clone(),
            notes: self.notes.clone(),
            lesson_minutes: self.lesson_minutes,
            lesson_day: self.schedule.as_ref().map(|s| s.day),
            lesson_time: self.schedule.as_ref().and_then(|s| s.time),
            first_term: self.schedule.as_ref().and_then(|s| s.term.clone()),
            slot: self.schedule.clone().map(Box::new),
        }
    }

    /// Makes an edit. On the plan it was made for, items are where the edit says; on a plan
    /// changed since, each item is looked for by what it held, and an edit whose item cannot be
    /// found for certain is refused rather than guessed.
    pub fn apply(&mut self, edit: &PlanEdit) -> Result<(), PlanError> {
        self.apply_undoable(edit).map(|_| ())
    }

    /// Makes an edit and returns the edit that undoes it: applied straight after, it gives back
    /// the plan as it was; applied later, it finds its items the way every edit does.
    pub fn apply_undoable(&mut self, edit: &PlanEdit) -> Result<PlanEdit, PlanError> {
        let undo = match edit {
            PlanEdit::Add { module } => {
                let position = self.add(module.clone());
                PlanEdit::Remove {
                    item: self.item_ref(position)?,
                }
            }
            PlanEdit::Insert { position, item } => {
                let position = (*position).min(self.items.len());
                self.items.insert(position, item.clone());
                PlanEdit::Remove {
                    item: self.item_ref(position)?,
                }
            }
            PlanEdit::Remove { item } => {
                let position = self.find(item)?;
                let removed = self.items.remove(position);
                PlanEdit::Insert {
                    position,
                    item: removed,
                }
            }
            PlanEdit::Move { item, to } => {
                let from = self.find(item)?;
                let target = self.find(to)?;
                self.move_item(from, target)?;
                // Moving it back is a move beside whatever now stands where it was.
                PlanEdit::Move {
                    item: self.item_ref(target)?,
                    to: self.item_ref(from)?,
                }
            }
            PlanEdit::SetNote { item, notes } => {
                let position = self.find(item)?;
                let before = self.items[position].notes.clone().unwrap_or_default();
                self.set_item_notes(position, notes)?;
                PlanEdit::SetNote {
                    item: self.item_ref(position)?,
                    notes: before,
                }
            }
            PlanEdit::SetActivities {
                item,
                leave_out,
                shorten,
            } => {
                let position = self.find(item)?;
                let planned = &mut self.items[position];
                let was_out = std::mem::replace(&mut planned.leave_out, leave_out.clone());
                let was_short = std::mem::replace(&mut planned.shorten, shorten.clone());
                PlanEdit::SetActivities {
                    item: self.item_ref(position)?,
                    leave_out: was_out,
                    shorten: was_short,
                }
            }
            PlanEdit::SetDetails { before, after } => {
                let was = self.details();
                fn take<T: Clone + PartialEq>(field: &mut T, before: &T, after: &T) {
                    if before != after {
                        *field = after.clone();
                    }
                }
                take(&mut self.title, &before.title, &after.title);
                take(&mut self.group, &before.group, &after.group);
                take(&mut self.year_group, &before.year_group, &after.year_group);
                take(&mut self.age_band, &before.age_band, &after.age_band);
                take(&mut self.teacher, &before.teacher, &after.teacher);
                take(&mut self.notes, &before.notes, &after.notes);
                take(
                    &mut self.lesson_minutes,
                    &before.lesson_minutes,
                    &after.lesson_minutes,
                );
                // The slot's fields, each the teacher's change only where it differs; the
                // slot's other keys (its lost weeks, a start date) stay as the file has them.
                let mut now = self.details();
                take(&mut now.slot, &before.slot, &after.slot);
                take(&mut now.lesson_day, &before.lesson_day, &after.lesson_day);
                take(
                    &mut now.lesson_time,
                    &before.lesson_time,
                    &after.lesson_time,
                );
                take(&mut now.first_term, &before.first_term, &after.first_term);
                self.schedule = now.lesson_day.map(|day| {
                    let mut schedule = now
                        .slot
                        .map_or_else(|| crate::school_year::Schedule::new(day), |s| *s);
                    schedule.day = day;
                    schedule.time = now.lesson_time;
                    schedule.term = now.first_term;
                    schedule
                });
                PlanEdit::SetDetails {
                    before: self.details(),
                    after: was,
                }
            }
        };
        Ok(undo)
    }

    /// Where the referred item is now: at its old position if it is still there unchanged, else
    /// its only unchanged copy anywhere.
    fn find(&self, wanted: &ItemRef) -> Result<usize, PlanError> {
        if self.items.get(wanted.position) == Some(&wanted.item) {
            return Ok(wanted.position);
        }
        let mut copies = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| **item == wanted.item)
            .map(|(position, _)| position);
        match (copies.next(), copies.next()) {
            (Some(position), None) => Ok(position),
            _ => Err(PlanError::ItemChanged {
                position: wanted.position,
                module: wanted.item.module.clone(),
            }),
        }
    }

    /// Each item's module, or `None` where the library lacks it.
    pub fn resolve<'l>(&self, library: &'l Library) -> Vec<Option<&'l Module>> {
        self.items
            .iter()
            .map(|item| library.module(&item.module))
            .collect()
    }

    /// Total minutes of the modules that are present, as each item teaches them.
    pub fn total_minutes(&self, library: &Library) -> u32 {
        self.items
            .iter()
            .filter_map(|item| Some(item.minutes(library.module(&item.module)?)))
            .sum()
    }

    pub fn warnings(&self, library: &Library) -> Vec<PlanWarning> {
        let mut warnings = Vec::new();
        for (index, item) in self.items.iter().enumerate() {
            let module = item.module.clone();
            if let Some(first) = self.items[..index]
                .iter()
                .position(|i| i.module == item.module)
            {
                warnings.push(PlanWarning::Duplicate {
                    item: index,
                    module: module.clone(),
                    first,
                });
            }
            match library.module(&item.module) {
                None => warnings.push(PlanWarning::MissingModule {
                    item: index,
                    module,
                }),
                Some(found) => {
                    if let Some(band) = &self.age_band
                        && !band.is_empty()
                        && &found.age_band != band
                    {
                        warnings.push(PlanWarning::OutsideAgeBand {
                            item: index,
                            module: module.clone(),
                            band: found.age_band.clone(),
                        });
                    }
                    if found.status() != crate::library::ReviewStatus::Approved {
                        warnings.push(PlanWarning::NotApproved {
                            item: index,
                            module: module.clone(),
                            status: found.status(),
                        });
                    }
                    if found.is_sensitive() {
                        warnings.push(PlanWarning::Sensitive {
                            item: index,
                            module,
                        });
                    }
                }
            }
        }
        warnings
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self)
            .unwrap_or_else(|error| format!("# could not write plan: {error}\n"))
    }

    pub fn from_toml(text: &str, file: &str) -> Result<Plan, Box<Diagnostic>> {
        toml::from_str::<Plan>(text).map_err(|error| {
            let source = SourceFile::new(file, text);
            let message = error.message().lines().next().unwrap_or("").to_string();
            Box::new(source.diagnostic(
                error.span().unwrap_or(0..0),
                Severity::Error,
                Code::InvalidPlan,
                format!("cannot read plan: {message}"),
                "a plan has `title = \"...\"` and `[[items]]` entries with `module = \"id\"`",
            ))
        })
    }

    pub fn load(path: &Path) -> Result<Plan, Box<Diagnostic>> {
        StoredPlan::load(path).map(|stored| stored.plan)
    }

    fn from_bytes(bytes: Vec<u8>, file: &str) -> Result<Plan, Box<Diagnostic>> {
        let text = String::from_utf8(bytes).map_err(|_| {
            Box::new(
                Diagnostic::whole_file(
                    file,
                    Severity::Error,
                    Code::NotUtf8,
                    "plan is not UTF-8 text",
                )
                .with_hint("save the plan with UTF-8 encoding"),
            )
        })?;
        Plan::from_toml(&text, file)
    }

    /// Writes the plan atomically (see [`atomic::write`]), holding the plan's lock so that it
    /// never lands in the middle of another process's edit. A symbolic link is followed: the plan
    /// it points to is updated and the link stays.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let target = real_path(path)?;
        std::fs::create_dir_all(folder_of(&target))?;
        with_plan_lock(&target, || {
            write_plan_file(&target, &self.to_toml(), Replace::Yes)
        })??;
        Ok(())
    }

    /// Saves a new plan to a file that must not exist yet, so that a plan someone else created
    /// under the same name meanwhile is never replaced.
    pub fn save_new(&self, path: &Path) -> io::Result<StoredPlan> {
        let target = real_path(path)?;
        std::fs::create_dir_all(folder_of(&target))?;
        let stamp = with_plan_lock(&target, || {
            write_plan_file(&target, &self.to_toml(), Replace::No)
        })??;
        Ok(StoredPlan {
            path: path.to_path_buf(),
            plan: self.clone(),
            stamp,
        })
    }

    /// Saves the planner's copy of a plan over the file it came from, without losing what anyone
    /// else wrote there since. `known` is the file as the planner last read or wrote it, and
    /// `edits` are the planner's changes since then.
    ///
    /// If the file is as the planner knew it (or gone), this plan is written. If someone changed
    /// it, the file is read again and the edits are made on its version; if one of them no longer
    /// fits, nothing is written and the file's version is returned for the planner to show. All
    /// of it under the plan's lock, so no lessonplan process writes in between.
    pub fn save_over(
        &self,
        path: &Path,
        known: Option<&DiskStamp>,
        edits: &[PlanEdit],
    ) -> Result<SaveReport, SaveError> {
        let target = real_path(path)?;
        // The folder may have gone too; the plan is written again like a deleted plan.
        std::fs::create_dir_all(folder_of(&target))?;
        with_plan_lock(&target, || {
            let (plan, outcome) = match read_stamped(&target) {
                Err(error) if error.kind() == io::ErrorKind::NotFound => {
                    (self.clone(), SaveOutcome::Written)
                }
                Err(error) => return Err(SaveError::Io(error)),
                Ok((_, stamp)) if known == Some(&stamp) => (self.clone(), SaveOutcome::Written),
                // Only the time moved (say, `touch`): the planner's plan is still the file's.
                Ok((_, stamp)) if known.is_some_and(|k| k.same_content(&stamp)) => {
                    (self.clone(), SaveOutcome::Written)
                }
                Ok((bytes, stamp)) => {
                    let file = Plan::from_bytes(bytes, &path.display().to_string())
                        .map_err(SaveError::Unreadable)?;
                    let kept = |outcome| {
                        Ok(SaveReport {
                            stored: StoredPlan {
                                path: path.to_path_buf(),
                                plan: file.clone(),
                                stamp: stamp.clone(),
                            },
                            outcome,
                        })
                    };
                    if edits.is_empty() {
                        return kept(SaveOutcome::Reloaded);
                    }
                    let mut merged = file.clone();
                    for edit in edits {
                        if let Err(problem) = merged.apply(edit) {
                            return kept(SaveOutcome::KeptFile { problem });
                        }
                    }
                    (merged, SaveOutcome::Merged)
                }
            };
            let stamp = write_plan_file(&target, &plan.to_toml(), Replace::Yes)?;
            Ok(SaveReport {
                stored: StoredPlan {
                    path: path.to_path_buf(),
                    plan,
                    stamp,
                },
                outcome,
            })
        })?
    }

    /// Reads the plan at `path`, changes it and writes it back, holding the plan's lock
    /// throughout, so that an edit from another lessonplan process is never read before it is
    /// written and then overwritten. Returns the plan as saved.
    pub fn edit_file(
        path: &Path,
        change: impl FnOnce(&mut Plan) -> Result<(), PlanError>,
    ) -> Result<Plan, EditFileError> {
        let target = real_path(path).map_err(EditFileError::Write)?;
        // A plan that is not there is reported as loading reports it, and gets no lock file.
        if let Err(error) = std::fs::metadata(&target) {
            return Err(EditFileError::Unreadable(cannot_read(path, &error)));
        }
        with_plan_lock(&target, || {
            let mut plan = Plan::load(path).map_err(EditFileError::Unreadable)?;
            change(&mut plan).map_err(EditFileError::Refused)?;
            write_plan_file(&target, &plan.to_toml(), Replace::Yes)
                .map_err(EditFileError::Write)?;
            Ok(plan)
        })
        .map_err(EditFileError::Write)?
    }
}

/// What a plan file held when it was last read or written, to tell before the next save whether
/// anyone has changed it since: its modification time, and its length and a hash of its bytes
/// (times can be too coarse to show two writes in one second, content cannot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskStamp {
    modified: Option<SystemTime>,
    len: usize,
    hash: u64,
}

impl DiskStamp {
    pub fn new(bytes: &[u8], modified: Option<SystemTime>) -> DiskStamp {
        // Only compared within one run, so std's hasher (fixed keys) is enough.
        let mut hasher = DefaultHasher::new();
        hasher.write(bytes);
        DiskStamp {
            modified,
            len: bytes.len(),
            hash: hasher.finish(),
        }
    }

    fn same_content(&self, other: &DiskStamp) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

/// A plan together with the file it was read from or saved to, as that file was then.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub path: PathBuf,
    pub plan: Plan,
    pub stamp: DiskStamp,
}

impl StoredPlan {
    pub fn load(path: &Path) -> Result<StoredPlan, Box<Diagnostic>> {
        let display = path.display().to_string();
        let (bytes, stamp) = read_stamped(path).map_err(|error| cannot_read(path, &error))?;
        Ok(StoredPlan {
            path: path.to_path_buf(),
            plan: Plan::from_bytes(bytes, &display)?,
            stamp,
        })
    }
}

fn cannot_read(path: &Path, error: &io::Error) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::whole_file(
            &path.display().to_string(),
            Severity::Error,
            Code::CannotRead,
            format!("cannot read plan: {error}"),
        )
        .with_hint("check the path; `lessonplan plan list` lists the saved plans"),
    )
}

/// A file's bytes and stamp, both from one open handle, so they describe the same file even if
/// a save renames another over it meanwhile.
fn read_stamped(path: &Path) -> io::Result<(Vec<u8>, DiskStamp)> {
    // Opening a named pipe would wait for a writer forever: only regular files are opened.
    let kind = std::fs::metadata(path)?.file_type();
    if !kind.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "it is {}, not a file",
                crate::paths::describe_file_type(kind)
            ),
        ));
    }
    let mut file = File::open(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let modified = file.metadata()?.modified().ok();
    let stamp = DiskStamp::new(&bytes, modified);
    Ok((bytes, stamp))
}

/// How [`Plan::save_over`] went; `stored` is the plan and file as they now are.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveReport {
    pub stored: StoredPlan,
    pub outcome: SaveOutcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    /// The file was as the planner knew it: the planner's plan was written.
    Written,
    /// The file had been changed by someone else; the planner's edits were made on that version
    /// and written.
    Merged,
    /// The file had been changed by someone else and the planner had no edits to make: nothing
    /// was written; `stored` is the file's version.
    Reloaded,
    /// The file had been changed by someone else and an edit no longer fits it: nothing was
    /// written; `stored` is the file's version.
    KeptFile { problem: PlanError },
}

/// Why [`Plan::save_over`] wrote nothing and has no plan to show instead.
#[derive(Debug)]
pub enum SaveError {
    Io(io::Error),
    /// The file on disk is not a plan lessonplan can read (say, half-way through a hand edit), so
    /// it cannot be merged with and is not overwritten.
    Unreadable(Box<Diagnostic>),
}

impl From<io::Error> for SaveError {
    fn from(error: io::Error) -> Self {
        SaveError::Io(error)
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Io(error) => write!(f, "{error}"),
            SaveError::Unreadable(diagnostic) => write!(
                f,
                "{} (the file was changed outside lessonplan and is left as it is)",
                diagnostic.headline()
            ),
        }
    }
}

impl std::error::Error for SaveError {}

/// Why [`Plan::edit_file`] left the file as it was.
#[derive(Debug)]
pub enum EditFileError {
    /// The plan could not be read.
    Unreadable(Box<Diagnostic>),
    /// The edit does not fit the plan (no such item, position 0).
    Refused(PlanError),
    /// The plan could not be locked or written.
    Write(io::Error),
}

/// Runs `work` while holding the plan's advisory lock, an exclusive `flock` on `.NAME.lock` beside
/// the plan. Every lessonplan process takes it around its whole read-modify-write, so edits from
/// the command line and the planner queue up instead of overwriting each other. The plan itself
/// cannot carry the lock: a save renames a new file over it, and a lock on the old file would
/// guard nothing.
pub fn with_plan_lock<T>(path: &Path, work: impl FnOnce() -> T) -> io::Result<T> {
    let lock_path = lock_file_for(path);
    let file = match File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
    {
        Ok(file) => file,
        // Someone else's lock file in a shared folder: flock needs only a readable handle.
        Err(error) if error.kind() == io::ErrorKind::PermissionDenied => File::open(&lock_path)?,
        Err(error) => return Err(error),
    };
    let mut lock = fd_lock::RwLock::new(file);
    let _held = lock.write()?;
    Ok(work())
}

/// `.NAME.lock` in the plan's folder. It stays there between saves, empty: removing it while
/// another process waits on it would let a third process lock a new file and run alongside.
fn lock_file_for(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    folder_of(path).join(format!(".{name}.lock"))
}

/// Writes a plan's text atomically (see [`atomic::write`]). The caller holds the plan's lock and
/// passes the real file, links already followed. Returns the stamp of what was written.
fn write_plan_file(target: &Path, text: &str, replace: Replace) -> io::Result<DiskStamp> {
    let modified = atomic::write(target, text.as_bytes(), replace)?;
    Ok(DiskStamp::new(text.as_bytes(), modified))
}

/// The text trimmed, or `None` when that leaves nothing: a blank field is an empty one.
pub fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(ids: &[&str]) -> Plan {
        let mut plan = Plan::new("Test");
        for id in ids {
            plan.add(*id);
        }
        plan
    }

    fn ids(plan: &Plan) -> Vec<&str> {
        plan.items.iter().map(|i| i.module.as_str()).collect()
    }

    #[test]
    fn move_item_reorders() {
        let mut plan = plan_of(&["a", "b", "c"]);
        plan.move_item(0, 2).unwrap();
        assert_eq!(ids(&plan), ["b", "c", "a"]);
        plan.move_item(2, 0).unwrap();
        assert_eq!(ids(&plan), ["a", "b", "c"]);
    }

    #[test]
    fn out_of_range_edits_are_errors_not_panics() {
        let mut plan = plan_of(&["a"]);
        assert_eq!(
            plan.remove(3),
            Err(PlanError::NoSuchItem {
                position: 4,
                len: 1
            })
        );
        assert!(plan.move_item(0, 1).is_err());
        assert!(plan.set_item_notes(1, "x").is_err());
        assert!(plan.remove(usize::MAX).is_err(), "no overflow at the edge");
        assert_eq!(
            plan.insert(2, "b"),
            Err(PlanError::PastTheEnd {
                position: 3,
                len: 1
            })
        );
        assert!(plan.insert(usize::MAX, "b").is_err());
        assert_eq!(ids(&plan), ["a"]);
    }

    #[test]
    fn edits_find_their_item_in_a_changed_plan_or_refuse() {
        let planner = plan_of(&["a", "b", "c"]);
        let remove_b = PlanEdit::Remove {
            item: planner.item_ref(1).unwrap(),
        };
        let move_c_up = PlanEdit::Move {
            item: planner.item_ref(2).unwrap(),
            to: planner.item_ref(1).unwrap(),
        };

        let mut file = plan_of(&["x", "a", "b", "c"]);
        file.apply(&move_c_up).unwrap();
        assert_eq!(ids(&file), ["x", "a", "c", "b"], "c goes just above b");
        file.apply(&remove_b).unwrap();
        assert_eq!(ids(&file), ["x", "a", "c"], "found where it moved to");

        let mut twice = plan_of(&["b", "a", "b"]);
        assert!(
            matches!(
                twice.apply(&remove_b),
                Err(PlanError::ItemChanged { position: 1, .. })
            ),
            "two copies elsewhere: which one is meant cannot be told"
        );
        let mut noted = plan_of(&["a", "b"]);
        noted.set_item_notes(1, "changed").unwrap();
        assert!(
            noted.apply(&remove_b).is_err(),
            "a changed item is not taken"
        );
        assert_eq!(ids(&twice), ["b", "a", "b"]);

        let mut without_b = plan_of(&["a", "c"]);
        assert!(
            without_b.apply(&move_c_up).is_err(),
            "the neighbour to move beside is gone"
        );
    }

    #[test]
    fn detail_edits_change_only_what_the_teacher_changed() {
        let planner = Plan::new("Y5");
        let mut after = planner.details();
        after.title = "Y5 revised".into();
        let edit = PlanEdit::SetDetails {
            before: planner.details(),
            after,
        };
        let mut file = Plan {
            teacher: Some("Ms Outside".into()),
            ..Plan::new("Y5")
        };
        file.apply(&edit).unwrap();
        assert_eq!(file.title, "Y5 revised");
        assert_eq!(file.teacher.as_deref(), Some("Ms Outside"));
    }

    #[test]
    fn positions_count_from_one() {
        assert_eq!(index_of(1), Ok(0));
        assert_eq!(index_of(0), Err(PlanError::PositionZero));
    }

    #[test]
    fn unknown_keys_and_missing_modules_survive_a_round_trip() {
        let text = "title = \"Y5\"\nfuture_key = 3\n\n[[items]]\nmodule = \"gone-module\"\nnotes = \"n\"\nextra = true\n";
        let plan = Plan::from_toml(text, "p.toml").unwrap();
        let again = Plan::from_toml(&plan.to_toml(), "p.toml").unwrap();
        assert_eq!(plan, again);
        assert_eq!(
            again.other.get("future_key").and_then(|v| v.as_integer()),
            Some(3)
        );
        assert_eq!(again.items[0].module, "gone-module");
        assert!(again.items[0].other.contains_key("extra"));
    }

    #[test]
    fn save_is_atomic_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans").join("y5.toml");
        let plan = plan_of(&["a", "b"]);
        plan.save(&path).unwrap();
        plan_of(&["c"]).save(&path).unwrap();
        assert_eq!(ids(&Plan::load(&path).unwrap()), ["c"]);
        let mut names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, [".y5.toml.lock", "y5.toml"], "the plan and its lock");
    }

    #[test]
    fn broken_plans_report_line_and_column() {
        let error =
            Plan::from_toml("title = \"x\"\n[[items]]\nmodule = 5\n", "p.toml").unwrap_err();
        assert_eq!(error.location.line, 3);
        assert!(error.message.contains("cannot read plan"));
    }

    #[test]
    fn the_lesson_length_is_kept_in_the_file() {
        let mut plan = Plan::new("x");
        // The length is kept in the file, and a plan without one writes no key.
        plan.lesson_minutes = Some(50);
        let text = plan.to_toml();
        assert!(text.contains("lesson_minutes = 50"), "{text}");
        assert_eq!(Plan::from_toml(&text, "p.toml").unwrap(), plan);
        assert!(!Plan::new("y").to_toml().contains("lesson_minutes"));
    }

    #[test]
    fn file_names_come_from_titles() {
        assert_eq!(
            file_name_for("Year 5: staying safe online!"),
            "year-5-staying-safe-online.toml"
        );
        assert_eq!(file_name_for("???"), "plan.toml");
    }
    #[test]
    fn new_plans_never_overwrite_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("year-5.toml"), "title = \"x\"").unwrap();
        std::fs::write(dir.path().join("year-5-2.toml"), "title = \"x\"").unwrap();
        assert_eq!(
            unused_path(dir.path(), "year-5.toml"),
            dir.path().join("year-5-3.toml")
        );
        assert_eq!(
            unused_path(dir.path(), "other.toml"),
            dir.path().join("other.toml")
        );
    }

    /// The names of the files in `dir`, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_named_after_the_old_title_follows_the_new_one_with_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("untitled-plan.toml");
        Plan::new("Year 5").save(&old).unwrap();
        let renamed = rename_for_title(&old, NEW_PLAN_TITLE, "Year 5").unwrap();
        assert_eq!(renamed, dir.path().join("year-5.toml"));
        assert_eq!(Plan::load(&renamed).unwrap().title, "Year 5");
        assert_eq!(names_in(dir.path()), [".year-5.toml.lock", "year-5.toml"]);

        // Named after the old title, with or without the number a taken name got.
        for (name, old_title) in [
            ("year-5.toml", "Year 5"),
            ("year-5-2.toml", "Year 5"),
            ("plan.toml", ""),
        ] {
            let path = dir.path().join(name);
            Plan::new("x").save(&path).unwrap();
            let renamed = rename_for_title(&path, old_title, "Year 6 online").unwrap();
            assert!(!path.exists(), "{name} was renamed");
            assert!(renamed.starts_with(dir.path()), "{renamed:?}");
            let renamed_name = renamed.file_name().unwrap().to_str().unwrap();
            assert!(renamed_name.starts_with("year-6-online"), "{renamed_name}");
        }
    }

    #[test]
    fn a_rename_never_replaces_another_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("year-6.toml"), "title = \"theirs\"").unwrap();
        std::fs::write(dir.path().join("year-6-2.toml"), "title = \"also theirs\"").unwrap();
        let ours = dir.path().join("year-5.toml");
        Plan::new("Year 6").save(&ours).unwrap();
        let renamed = rename_for_title(&ours, "Year 5", "Year 6").unwrap();
        assert_eq!(renamed, dir.path().join("year-6-3.toml"));
        assert_eq!(Plan::load(&renamed).unwrap().title, "Year 6");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("year-6.toml")).unwrap(),
            "title = \"theirs\""
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("year-6-2.toml")).unwrap(),
            "title = \"also theirs\""
        );
    }

    #[test]
    fn names_the_teacher_chose_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        for (name, old_title) in [
            ("spring-term.toml", "Year 5"),
            ("year-5-draft.toml", "Year 5"),
            ("year-5-1.toml", "Year 5"),
            ("year-5.txt", "Year 5"),
        ] {
            let path = dir.path().join(name);
            Plan::new(old_title).save(&path).unwrap();
            assert_eq!(
                rename_for_title(&path, old_title, "Year 6").unwrap(),
                path,
                "{name}"
            );
            assert!(path.exists(), "{name}");
        }
        // A title that makes the same name again leaves the file where it is.
        let same = dir.path().join("year-5-2.toml");
        Plan::new("Year 5").save(&same).unwrap();
        assert_eq!(rename_for_title(&same, "Year 5", "YEAR 5!").unwrap(), same);
        #[cfg(unix)]
        {
            let link = dir.path().join("year-5.toml");
            std::os::unix::fs::symlink(&same, &link).unwrap();
            assert_eq!(rename_for_title(&link, "Year 5", "Year 7").unwrap(), link);
            assert!(link.exists());
        }
    }

    #[test]
    fn renaming_waits_for_the_plan_lock() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("year-5.toml");
        Plan::new("Year 5").save(&old).unwrap();
        let (started, waiting) = std::sync::mpsc::channel();
        let renamed = with_plan_lock(&old, || {
            let path = old.clone();
            let rename = std::thread::spawn(move || {
                started.send(()).unwrap();
                rename_for_title(&path, "Year 5", "Year 6").unwrap()
            });
            waiting.recv().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(200));
            assert!(old.exists(), "no rename while someone else holds the lock");
            rename
        })
        .unwrap()
        .join()
        .unwrap();
        assert_eq!(renamed, dir.path().join("year-6.toml"));
        assert!(!old.exists());
    }

    #[test]
    fn listing_shows_every_plan_newest_first_and_the_unreadable_too() {
        let dir = tempfile::tempdir().unwrap();
        assert!(list_plans(&dir.path().join("not-yet")).unwrap().is_empty());
        for (name, age) in [("old", 500), ("new", 10)] {
            let path = dir.path().join(format!("{name}.toml"));
            Plan::new(name).save(&path).unwrap();
            let when = SystemTime::now() - std::time::Duration::from_secs(age);
            File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
        std::fs::write(dir.path().join("broken.toml"), "title = ").unwrap();
        std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a plan").unwrap();
        let listed = list_plans(dir.path()).unwrap();
        let names: Vec<_> = listed
            .iter()
            .map(|l| l.path.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["broken.toml", "new.toml", "old.toml"]);
        let error = listed[0].plan.as_ref().unwrap_err();
        assert!(error.headline().contains("broken.toml:1:"), "{error}");
        assert_eq!(listed[1].plan.as_ref().unwrap().title, "new");
    }
}
