//! The Programme view: the school's year of plans, year groups down and terms across, for a
//! PSHE lead building what each year group is taught. Plans are opened from a cell, and a new
//! or the open plan is put in one; the programme file is read and written by the runner.

use std::path::{Path, PathBuf};

use super::{App, PlanForm, View};
use crate::library::year_groups::YearSystem;
use crate::library::{Diagnostic, Library};
use crate::school_year::Calendar;
use crate::school_year::programme::{Grid, Programme};
use crate::tui::action::{Action, Effect};

/// The programme as the view shows it: every year group of the school's system (those without
/// plans too, so a plan can be put there), by the calendar's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeGrid {
    pub title: String,
    pub file: PathBuf,
    /// Whether the file is there yet: it is made when the first plan is put in a cell.
    pub exists: bool,
    pub terms: Vec<String>,
    pub years: Vec<YearRow>,
    pub problems: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YearRow {
    pub name: String,
    pub band: String,
    /// One cell per term: the plans placed there.
    pub cells: Vec<Vec<CellPlan>>,
}

impl YearRow {
    /// Lines the row takes: one per plan of its fullest cell, and at least one.
    pub fn height(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }

    /// The minutes the year group is taught over the year.
    pub fn minutes(&self) -> u32 {
        self.cells.iter().flatten().map(|p| p.minutes).sum()
    }

    /// How many strands the year group's lessons reach over the year.
    pub fn strands(&self) -> usize {
        self.cells
            .iter()
            .flatten()
            .flat_map(|p| p.strands.iter())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }
}

/// A plan in a cell, as the grid shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CellPlan {
    /// As the programme names it.
    pub name: String,
    pub path: PathBuf,
    /// `None` when the plan cannot be read (the problem is in `problems`).
    pub title: Option<String>,
    pub lessons: usize,
    pub minutes: u32,
    pub sensitive: usize,
    /// The framework strands its lessons teach.
    pub strands: std::collections::BTreeSet<String>,
}

impl ProgrammeGrid {
    /// The view of `programme` (or, without a file yet, of an empty one at `file`).
    pub fn build(
        programme: &Programme,
        exists: bool,
        system: Option<&YearSystem>,
        calendar: &Calendar,
        plans_dir: &Path,
        library: &Library,
    ) -> ProgrammeGrid {
        let grid: Grid =
            crate::school_year::programme::resolve(programme, system, calendar, plans_dir);
        let years = system.map_or_else(Vec::new, |s| s.years.clone());
        let years = years
            .into_iter()
            .map(|year| {
                let placed = grid.rows.iter().find(|r| r.year.name == year.name);
                let cells = (0..grid.terms.len())
                    .map(|term| {
                        placed
                            .and_then(|row| row.cells.get(term))
                            .map_or_else(Vec::new, |cell| {
                                cell.iter()
                                    .map(|placed| {
                                        let plan = placed.plan.as_ref().ok();
                                        let modules = plan.map_or_else(Vec::new, |p| {
                                            p.resolve(library).into_iter().flatten().collect()
                                        });
                                        CellPlan {
                                            name: placed.name.clone(),
                                            path: placed.path.clone(),
                                            title: plan.map(|p| p.title.clone()),
                                            lessons: plan.map_or(0, |p| p.items.len()),
                                            minutes: plan.map_or(0, |p| p.total_minutes(library)),
                                            sensitive: modules
                                                .iter()
                                                .filter(|m| m.is_sensitive())
                                                .count(),
                                            strands: modules
                                                .iter()
                                                .flat_map(|m| m.strands.iter().cloned())
                                                .collect(),
                                        }
                                    })
                                    .collect()
                            })
                    })
                    .collect();
                YearRow {
                    name: year.name,
                    band: year.age_band,
                    cells,
                }
            })
            .collect();
        ProgrammeGrid {
            title: grid.title,
            file: programme.path.clone(),
            exists,
            terms: grid.terms,
            years,
            problems: grid.problems,
        }
    }
}

/// What the Programme view holds: the grid as last read (or why it could not be), and where the
/// cursor is: a year group, a term, and a line of the row (a plan of the cell, when it has one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProgrammeView {
    pub grid: Option<Result<ProgrammeGrid, String>>,
    pub row: usize,
    pub term: usize,
    pub line: usize,
}

impl ProgrammeView {
    pub fn ready(&self) -> Option<&ProgrammeGrid> {
        self.grid.as_ref()?.as_ref().ok()
    }

    /// The plan under the cursor.
    pub fn selected_plan(&self) -> Option<&CellPlan> {
        let grid = self.ready()?;
        grid.years
            .get(self.row)?
            .cells
            .get(self.term)?
            .get(self.line)
    }

    /// The year group and term under the cursor.
    pub fn selected_cell(&self) -> Option<(&YearRow, &str)> {
        let grid = self.ready()?;
        Some((
            grid.years.get(self.row)?,
            grid.terms.get(self.term)?.as_str(),
        ))
    }

    /// Down (or up) a line: through the plans of the row's fullest cell, then to the next row.
    fn step_line(&mut self, down: bool) {
        let Some(grid) = self.ready() else { return };
        let heights: Vec<usize> = grid.years.iter().map(YearRow::height).collect();
        let height = |row: usize| heights.get(row).copied().unwrap_or(1);
        if down {
            if self.line + 1 < height(self.row) {
                self.line += 1;
            } else if self.row + 1 < heights.len() {
                self.row += 1;
                self.line = 0;
            }
        } else if self.line > 0 {
            self.line -= 1;
        } else if self.row > 0 {
            self.row -= 1;
            self.line = height(self.row) - 1;
        }
    }

    /// Keeps the cursor on the grid after it was read again.
    pub fn clamp(&mut self) {
        let Some(grid) = self.ready() else { return };
        let rows = grid.years.len();
        let terms = grid.terms.len();
        let row = self.row.min(rows.saturating_sub(1));
        let height = grid.years.get(row).map_or(1, YearRow::height);
        self.row = row;
        self.term = self.term.min(terms.saturating_sub(1));
        self.line = self.line.min(height - 1);
    }
}

impl App {
    /// Reads the programme again: on coming to the view, and after it changed.
    pub(super) fn load_programme(&mut self) -> Vec<Effect> {
        match &self.calendar {
            None => {
                self.programme.grid = Some(Err(
                    "No school calendar yet: the programme's columns are its terms. Add \
                     calendar.toml to the data folder (docs/file-formats.md, calendar.toml)."
                        .into(),
                ));
                Vec::new()
            }
            Some(calendar) => vec![Effect::LoadProgramme {
                file: self.programme_file.clone(),
                calendar: Box::new(calendar.clone()),
                system: self.year_system().cloned().map(Box::new),
            }],
        }
    }

    /// Keys of the Programme view; `None` for the keys every view shares.
    pub(super) fn update_programme(&mut self, action: Action) -> Option<Vec<Effect>> {
        let view = &mut self.programme;
        match action {
            Action::Up => view.step_line(false),
            Action::Down => view.step_line(true),
            Action::Top => {
                view.row = 0;
                view.line = 0;
            }
            Action::Bottom => {
                view.row = usize::MAX;
                view.line = usize::MAX;
                view.clamp();
            }
            Action::CellLeft => view.term = view.term.saturating_sub(1),
            Action::CellRight => {
                view.term += 1;
                view.clamp();
            }
            Action::Submit => {
                let Some(plan) = view.selected_plan() else {
                    self.info("No plan here: a makes a new one, + puts the open plan here");
                    return Some(Vec::new());
                };
                let path = plan.path.clone();
                self.view = View::Plan;
                return Some(vec![Effect::OpenPlan(path)]);
            }
            Action::AddPlanToCell => return Some(self.add_to_cell(None)),
            Action::PutPlanInCell => {
                let Some(path) = self.plan_path.clone() else {
                    self.error("The open plan is not saved yet: add a lesson to it first");
                    return Some(Vec::new());
                };
                return Some(self.add_to_cell(Some(path)));
            }
            Action::RemoveFromProgramme => {
                let (Some(plan), Some((year, term))) = (view.selected_plan(), view.selected_cell())
                else {
                    return Some(Vec::new());
                };
                let change = ProgrammeChange::Remove {
                    year: year.name.clone(),
                    term: term.to_string(),
                    plan: plan.name.clone(),
                };
                let effect = Effect::ChangeProgramme {
                    file: self.programme_file.clone(),
                    calendar: Box::new(self.calendar.clone()?),
                    system: self.year_system().cloned().map(Box::new),
                    change,
                };
                return Some(vec![effect]);
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    /// Puts a plan in the selected cell: `existing`, or a new plan for the cell's year group.
    fn add_to_cell(&mut self, existing: Option<PathBuf>) -> Vec<Effect> {
        let Some((year, term)) = self.programme.selected_cell() else {
            return Vec::new();
        };
        let (year, term) = (year.name.clone(), term.to_string());
        if existing.is_some()
            && let Some(own) = &self.plan.year_group
            && self
                .year_system()
                .and_then(|s| s.find(own))
                .is_none_or(|y| y.name != year)
        {
            self.error(format!(
                "The open plan is for {own}, not {year}: open or make one for {year}"
            ));
            return Vec::new();
        }
        let Some(calendar) = self.calendar.clone() else {
            return Vec::new();
        };
        vec![Effect::ChangeProgramme {
            file: self.programme_file.clone(),
            calendar: Box::new(calendar),
            system: self.year_system().cloned().map(Box::new),
            change: match existing {
                Some(path) => ProgrammeChange::Put { year, term, path },
                None => ProgrammeChange::New { year, term },
            },
        }]
    }

    /// Takes in the programme as read again after a change; a new plan made for a cell opens in
    /// the Plan view with its details form, to give it its lesson day.
    pub(super) fn programme_changed(
        &mut self,
        result: Result<ProgrammeChanged, String>,
    ) -> Vec<Effect> {
        match result {
            Err(error) => {
                self.error(error);
                Vec::new()
            }
            Ok(changed) => {
                self.programme.grid = Some(Ok(*changed.grid));
                self.programme.clamp();
                self.info(changed.said);
                let Some((stored, term)) = changed.new_plan else {
                    return Vec::new();
                };
                let effects = self.update(Action::PlanOpened(Ok(stored)));
                self.view = View::Plan;
                let mut form = PlanForm::from_plan(&self.plan);
                form.fields[super::FORM_TERM] = tui_input::Input::new(term);
                form.focused = super::FORM_DAY;
                self.overlay = Some(super::Overlay::PlanForm(Box::new(form)));
                effects
            }
        }
    }
}

/// A change to the programme file, made by the runner.
#[derive(Debug, Clone, PartialEq)]
pub enum ProgrammeChange {
    /// A new plan for the year group, placed in the term.
    New { year: String, term: String },
    /// A plan file that exists, placed in the term.
    Put {
        year: String,
        term: String,
        path: PathBuf,
    },
    /// A plan taken out of the programme (its file stays).
    Remove {
        year: String,
        term: String,
        plan: String,
    },
}

/// The programme after a change: read again, what to say of it, and any plan made for it with
/// the term it begins in.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeChanged {
    pub grid: Box<ProgrammeGrid>,
    pub said: String,
    pub new_plan: Option<(crate::plan::StoredPlan, String)>,
}
