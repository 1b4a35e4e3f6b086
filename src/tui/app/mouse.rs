//! What a click or a turn of the mouse wheel does, on the main screen and in each dialog. Where
//! things are comes from [`layout`], which drawing goes by too, so a click lands on what is drawn
//! under it.

use ratatui::layout::Rect;

use super::{App, EXPORT_ROWS, ExportRow, FORM_LABELS, Focus, Overlay, QuitChoice, SAVE_ROW, View};
use crate::tui::action::{Action, Effect};
use crate::tui::layout::{self, Dialog, DialogLayout};

impl App {
    /// Where the open dialog and its rows are on a screen of `area`, if a dialog is open.
    pub fn dialog_layout(&self, area: Rect) -> Option<DialogLayout> {
        let message: String;
        let dialog = match self.overlay.as_ref()? {
            Overlay::Help { .. } => Dialog::Help,
            Overlay::Problems { selected } => Dialog::Problems {
                problems: &self.library.diagnostics,
                selected: *selected,
            },
            Overlay::OpenPlan(dialog) => Dialog::OpenPlan {
                notice: dialog.notice_lines(),
                files: dialog.files.as_ref().map_or(0, Vec::len),
                selected: dialog.selected,
            },
            Overlay::PlanForm(_) => Dialog::PlanForm {
                fields: FORM_LABELS.len(),
            },
            Overlay::ItemNote { .. } => Dialog::ItemNote,
            Overlay::Activities { item, selected } => Dialog::Activities {
                rows: self
                    .plan
                    .items
                    .get(*item)
                    .and_then(|i| self.library.module(&i.module))
                    .map_or(0, |m| m.activities.len()),
                selected: *selected,
            },
            Overlay::Export(_) => Dialog::Export {
                rows: EXPORT_ROWS.len(),
            },
            Overlay::School(form) => Dialog::School {
                rows: SAVE_ROW + 1,
                focused: form.focused,
            },
            Overlay::Quit(_) => {
                message = self.quit_message();
                Dialog::Quit { message: &message }
            }
            Overlay::PlanProblem(_) => Dialog::PlanProblem,
            Overlay::Curate(form) => {
                message = form.question();
                Dialog::Curate {
                    question: &message,
                    field: form.has_input(),
                }
            }
        };
        Some(layout::dialog(&dialog, area))
    }

    /// Handles a mouse action while a dialog is open, which the screen behind never sees; `None`
    /// for any other action, or one the dialog takes as it is.
    pub(super) fn mouse_in_dialog(&mut self, action: &Action) -> Option<Vec<Effect>> {
        self.overlay.as_ref()?;
        let delta = match *action {
            Action::Click { column, row } => return Some(self.click_in_dialog(column, row)),
            Action::ScrollUp { .. } => -1,
            Action::ScrollDown { .. } => 1,
            _ => return None,
        };
        // The wheel moves through a list a row a notch, as on the main screen; the help
        // scrolls by itself, and forms do not scroll.
        match self.overlay.as_ref()? {
            Overlay::Help { .. } => None,
            Overlay::Problems { .. } | Overlay::OpenPlan(_) => {
                Some(self.in_dialog(if delta < 0 { Action::Up } else { Action::Down }))
            }
            _ => Some(Vec::new()),
        }
    }

    /// A click in or outside the open dialog. Outside, it closes a dialog that only shows
    /// something, and leaves a form alone so that nothing typed is lost.
    fn click_in_dialog(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if layout::is_too_small(self.size) {
            return Vec::new();
        }
        let Some(layout) = self.dialog_layout(self.size) else {
            return Vec::new();
        };
        if !layout.contains(column, row) {
            return match self.overlay {
                Some(
                    Overlay::Help { .. }
                    | Overlay::Problems { .. }
                    | Overlay::OpenPlan(_)
                    | Overlay::PlanProblem(_),
                ) => self.in_dialog(Action::Cancel),
                _ => Vec::new(),
            };
        }
        let on_field = layout
            .field
            .is_some_and(|f| layout::contains(f, column, row));
        let Some(index) = layout.row_at(column, row) else {
            // The quit dialog's file name: typing goes there, and it saves there.
            if let (true, Some(Overlay::Quit(dialog))) = (on_field, &mut self.overlay) {
                dialog.choice = QuitChoice::SaveElsewhere;
            }
            return Vec::new();
        };
        match &mut self.overlay {
            // A click picks a problem; a second click on it opens its file, as Enter does.
            Some(Overlay::Problems { selected }) => {
                if *selected == index {
                    return self.in_dialog(Action::Submit);
                }
                *selected = index;
            }
            // A click picks a plan; a second click on it (so a double click) opens it.
            Some(Overlay::OpenPlan(dialog)) => {
                if dialog.selected == index {
                    return self.in_dialog(Action::Submit);
                }
                dialog.selected = index;
            }
            Some(Overlay::PlanForm(form)) => form.focused = index,
            // A click picks an activity; a second click on it leaves it out or puts it back.
            Some(Overlay::Activities { selected, .. }) => {
                if *selected == index {
                    return self.in_dialog(Action::ToggleOption);
                }
                *selected = index;
            }
            Some(Overlay::Export(form)) => {
                form.focused = index;
                // Ticks, choices and the school row answer as to Space; the file name is typed.
                if EXPORT_ROWS[index] != ExportRow::Path {
                    return self.in_dialog(Action::ToggleOption);
                }
            }
            Some(Overlay::School(form)) => {
                form.focused = index;
                if index == SAVE_ROW {
                    return self.in_dialog(Action::Save);
                }
            }
            // As in the Open dialog: a click picks a choice, a second click on it carries it out.
            Some(Overlay::Quit(dialog)) => {
                let choice = QuitChoice::ALL[index];
                if dialog.choice == choice {
                    return self.in_dialog(Action::Submit);
                }
                dialog.choice = choice;
            }
            _ => {}
        }
        Vec::new()
    }

    /// Does to the open dialog what `action` does from the keyboard.
    fn in_dialog(&mut self, action: Action) -> Vec<Effect> {
        match self.overlay.take() {
            Some(overlay) => self.update_overlay(overlay, action),
            None => Vec::new(),
        }
    }

    /// A click on the main screen: a tab, the problems badge, a row of a list, or a pane.
    pub(super) fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if layout::is_too_small(self.size) {
            return Vec::new();
        }
        let areas = layout::areas(self.size);
        if layout::contains(areas.header, column, row) {
            if let Some(view) = layout::tab_at(areas.header, column) {
                self.view = view;
            }
        } else if layout::contains(areas.status, column, row) {
            let badge = layout::problems_badge(self.problem_count());
            if layout::contains(layout::badge(areas.status, &badge), column, row) {
                self.overlay = Some(Overlay::Problems { selected: 0 });
            }
        } else if self.view == View::Coverage {
            self.click_coverage(&areas, column, row);
        } else if self.view == View::Programme {
            return self.click_programme(&areas, column, row);
        } else if let Some(line) = layout::row_in(areas.left, column, row) {
            match self.view {
                View::Browse => {
                    let index = self.list_offset + line;
                    if index < self.hits.len() {
                        if index != self.selected {
                            self.detail_scroll = 0;
                        }
                        self.selected = index;
                        self.focus = Focus::List;
                    }
                }
                View::Plan => {
                    let index = self.plan_offset + line;
                    if index < self.plan.items.len() {
                        self.plan_selected = index;
                        self.focus = Focus::List;
                    }
                }
                View::Coverage | View::Programme => {}
            }
        } else if layout::contains(areas.right, column, row) {
            self.focus = Focus::Detail;
        }
        Vec::new()
    }

    /// A click in the Coverage view picks a cell, a module of the cell's list, or a band and
    /// module of the progression.
    /// A click in the Programme view picks a year group, term and plan; a second click on the
    /// same plan opens it, as Enter does.
    fn click_programme(&mut self, areas: &layout::Areas, column: u16, row: u16) -> Vec<Effect> {
        let Some(grid) = self.programme.ready() else {
            return Vec::new();
        };
        let heights: Vec<usize> = grid.years.iter().map(|y| y.height()).collect();
        let cursor = heights.iter().take(self.programme.row).sum::<usize>() + self.programme.line;
        let at = layout::programme(areas, grid.terms.len(), &heights, cursor);
        let Some((year, term, line)) = at.cell_at(&heights, column, row) else {
            return Vec::new();
        };
        let view = &mut self.programme;
        let same = (view.row, view.term, view.line) == (year, term, line);
        (view.row, view.term, view.line) = (year, term, line);
        view.clamp();
        if same && view.selected_plan().is_some() {
            return self.update_programme(Action::Submit).unwrap_or_default();
        }
        Vec::new()
    }

    fn click_coverage(&mut self, areas: &layout::Areas, column: u16, row: u16) {
        let strands = self.library.framework.strands.len();
        let bands = self.library.framework.age_bands.len();
        let at = layout::coverage(areas, strands, bands);
        if self.coverage.progression {
            if let Some((band, line)) = at.band_row_at(column, row) {
                let inner = at.bands[band].inner(ratatui::layout::Margin::new(1, 1));
                let lines = crate::tui::ui::progression_lines(self, band, usize::from(inner.width));
                let start = if band == self.coverage.band {
                    crate::tui::ui::progression_start(
                        &lines,
                        self.coverage.module,
                        usize::from(inner.height),
                    )
                } else {
                    0
                };
                if let Some(&(module, _)) = lines.get(start + line) {
                    let view = &mut self.coverage;
                    view.band = band;
                    view.module = module;
                    view.in_modules = true;
                }
            }
        } else if let Some((strand, band)) =
            at.cell_at(column, row, (strands, bands), self.coverage.strand)
        {
            let view = &mut self.coverage;
            view.strand = strand;
            view.band = band;
            view.module = 0;
            view.in_modules = false;
        } else if let Some(line) = layout::row_in(at.modules, column, row) {
            let view = &mut self.coverage;
            let rows = usize::from(at.modules.height.saturating_sub(2));
            view.module = layout::list_start(view.module, rows) + line;
            view.in_modules = true;
            view.clamp();
        }
    }

    /// The wheel on the main screen: the list under the pointer moves a row a notch, a pane
    /// scrolls by `delta` lines; the keyboard focus stays where it was.
    pub(super) fn scroll(&mut self, column: u16, row: u16, delta: isize) {
        let areas = layout::areas(self.size);
        let saved_focus = self.focus;
        if layout::contains(areas.left, column, row) {
            self.focus = Focus::List;
            self.step(delta.signum());
        } else if layout::contains(areas.right, column, row) {
            self.focus = Focus::Detail;
            self.step(delta);
        }
        self.focus = saved_focus;
    }
}
