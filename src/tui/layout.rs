//! Screen geometry, shared by drawing and by mouse handling so that clicks land where things are
//! drawn. Pure functions of the terminal size (and, for a dialog, of its content).

use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::Line;

use super::app::View;
use super::ui::text::{columns, wrap};
use crate::library::Diagnostic;

/// Below this size the app shows a "terminal too small" screen instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub filters: Rect,
    /// Left pane: the module list (Browse) or the plan items (Plan). Includes its border.
    pub left: Rect,
    /// Right pane: module detail (Browse) or plan details and checks (Plan). Includes its border.
    pub right: Rect,
    pub hints: Rect,
    pub status: Rect,
}

pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn areas(area: Rect) -> Areas {
    let [header, filters, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let left_width = (body.width * 45 / 100).max(30.min(body.width));
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Min(0)]).areas(body);
    Areas {
        header,
        filters,
        left,
        right,
        hints,
        status,
    }
}

/// The planner's name at the left of the header, then a tab for each view.
pub const APP_NAME: &str = " lessonplan ";
pub const TABS: [(&str, View); 4] = [
    (" 1 Browse ", View::Browse),
    (" 2 Plan ", View::Plan),
    (" 3 Coverage ", View::Coverage),
    (" 4 Programme ", View::Programme),
];

/// Which tab, if any, is drawn at this column of the header.
pub fn tab_at(header: Rect, column: u16) -> Option<View> {
    let mut x = header.x + columns(APP_NAME) as u16;
    for (label, view) in TABS {
        let width = columns(label) as u16;
        if column >= x && column < x + width {
            return Some(view);
        }
        x += width + 1;
    }
    None
}

/// The problems badge as the status bar shows it; its width decides where it is.
pub fn problems_badge(problems: usize) -> String {
    match problems {
        0 => " no problems ".to_string(),
        1 => " ! 1 problem ".to_string(),
        n => format!(" ! {n} problems "),
    }
}

/// Where `badge` is drawn: at the right end of the status bar.
pub fn badge(status: Rect, badge: &str) -> Rect {
    let width = (columns(badge) as u16).min(status.width);
    Rect {
        x: status.right() - width,
        width,
        ..status
    }
}

/// The room inside a bordered pane or dialog.
pub fn inside_border(area: Rect) -> Rect {
    area.inner(Margin::new(1, 1))
}

/// Rows of list content inside a bordered pane.
pub fn inner_rows(pane: Rect) -> usize {
    usize::from(pane.height.saturating_sub(2))
}

/// The list row (0-based, before scrolling) a screen row falls on, if it is inside the pane.
/// Where the Coverage view draws: the grid of strands by age bands (with its border) above the
/// selected cell's modules, or, for one strand's progression, a column per band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageLayout {
    pub grid: Rect,
    /// Columns for the strand names, then for each band's cell.
    pub label_width: u16,
    pub cell_width: u16,
    pub modules: Rect,
    /// The progression's columns, one per band, each with its border.
    pub bands: Vec<Rect>,
}

/// The Coverage view's places in the body (the panes' area), for `strands` rows and `bands`
/// columns. The grid has a line for the bands' names, one per strand and one for the totals.
pub fn coverage(areas: &Areas, strands: usize, bands: usize) -> CoverageLayout {
    let body = areas.left.union(areas.right);
    let wanted = u16::try_from(strands + 4).unwrap_or(u16::MAX);
    // The modules list keeps at least three lines (a border and a row).
    let grid_height = wanted
        .min(body.height.saturating_sub(3))
        .max(body.height.min(3));
    let [grid, modules] =
        Layout::vertical([Constraint::Length(grid_height), Constraint::Min(0)]).areas(body);
    let inner = grid.width.saturating_sub(2);
    let bands_u16 = u16::try_from(bands.max(1)).unwrap_or(1);
    let cell_width = (inner.saturating_sub(20) / bands_u16).clamp(7, 14);
    let label_width = inner.saturating_sub(cell_width * bands_u16);
    let band_columns = Layout::horizontal(vec![
        Constraint::Ratio(1, u32::from(bands_u16));
        bands.max(1)
    ])
    .split(body)
    .to_vec();
    CoverageLayout {
        grid,
        label_width,
        cell_width,
        modules,
        bands: band_columns,
    }
}

impl CoverageLayout {
    /// How many strands the grid shows at once, between the bands' names and the totals.
    pub fn strand_rows(&self) -> usize {
        usize::from(self.grid.height.saturating_sub(4)).max(1)
    }

    /// The first strand shown, so that the selected one is on screen.
    pub fn first_strand(&self, selected: usize) -> usize {
        list_start(selected, self.strand_rows())
    }

    /// The grid's cell (strand, band) at a screen position, with the selected strand on screen;
    /// the names and totals are no cell.
    pub fn cell_at(
        &self,
        column: u16,
        row: u16,
        (strands, bands): (usize, usize),
        selected: usize,
    ) -> Option<(usize, usize)> {
        let line = row_in(self.grid, column, row)?;
        let strand = line
            .checked_sub(1)
            .filter(|&s| s < self.strand_rows())
            .map(|s| s + self.first_strand(selected))
            .filter(|&s| s < strands)?;
        let x = column.checked_sub(self.grid.x + 1 + self.label_width)?;
        let band = usize::from(x / self.cell_width.max(1));
        (band < bands).then_some((strand, band))
    }

    /// Which band's column of the progression is at a screen position, and which of its rows.
    pub fn band_row_at(&self, column: u16, row: u16) -> Option<(usize, usize)> {
        self.bands
            .iter()
            .position(|area| contains(*area, column, row))
            .and_then(|band| Some((band, row_in(self.bands[band], column, row)?)))
    }
}

/// The first row a list of `rows` visible rows shows so that `selected` is on screen.
pub fn list_start(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

pub fn row_in(pane: Rect, column: u16, row: u16) -> Option<usize> {
    let inside = column > pane.x
        && column < pane.x + pane.width.saturating_sub(1)
        && row > pane.y
        && row < pane.y + pane.height.saturating_sub(1);
    inside.then(|| usize::from(row - pane.y - 1))
}

pub fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.x + area.width && row >= area.y && row < area.y + area.height
}

/// A centred popup of at most the given size, always inside `area`.
fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// A dialog as its layout sees it: which one, and what of its content moves its rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dialog<'a> {
    Help,
    Problems {
        problems: &'a [Diagnostic],
        selected: usize,
    },
    /// `notice`: lines above the list (what went wrong, a new title being typed, a question).
    OpenPlan {
        notice: usize,
        files: usize,
        selected: usize,
    },
    PlanForm {
        fields: usize,
    },
    ItemNote,
    /// A lesson's activities, one a row under a line about the lesson.
    Activities {
        rows: usize,
        selected: usize,
    },
    Export {
        rows: usize,
    },
    /// `rows` counts the fields and the Save row after them.
    School {
        rows: usize,
        focused: usize,
    },
    /// `message`: why the plan is unsaved, above the choices.
    Quit {
        message: &'a str,
    },
    PlanProblem,
    /// `question`: the words above the field (if `field`).
    Curate {
        question: &'a str,
        field: bool,
    },
}

/// Where a dialog and the rows in it that answer a click are drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogLayout {
    /// The dialog with its border: a click elsewhere is outside it.
    pub frame: Rect,
    /// The room inside the border.
    pub inner: Rect,
    /// The rows on screen, top to bottom, each with its place in the dialog's own count (a plan
    /// file, a problem, a field, a quit choice). Rows scrolled out of sight are left out; one
    /// partly in sight is cut to what shows.
    pub rows: Vec<DialogRow>,
    /// A text field with no row of its own: the file name under the quit dialog's first choice,
    /// the item note.
    pub field: Option<Rect>,
    /// How many lines of the content are scrolled off the top.
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialogRow {
    pub index: usize,
    pub area: Rect,
}

impl DialogLayout {
    pub fn contains(&self, column: u16, row: u16) -> bool {
        contains(self.frame, column, row)
    }

    /// Which row, by its place in the dialog's count, is drawn at a screen position.
    pub fn row_at(&self, column: u16, row: u16) -> Option<usize> {
        self.rows
            .iter()
            .find(|r| contains(r.area, column, row))
            .map(|r| r.index)
    }

    /// Where a row is drawn, if it is in sight.
    pub fn row(&self, index: usize) -> Option<Rect> {
        self.rows.iter().find(|r| r.index == index).map(|r| r.area)
    }

    /// The room inside the dialog below its last row (or all of it, when it has none).
    pub fn below_rows(&self) -> Rect {
        let top = self
            .rows
            .iter()
            .map(|r| r.area.bottom())
            .chain(self.field.map(|f| f.bottom()))
            .max()
            .unwrap_or(self.inner.y);
        Rect {
            y: top,
            height: self.inner.bottom().saturating_sub(top),
            ..self.inner
        }
    }
}

/// The lines a problem is shown as in the problems dialog, before wrapping: its headline, then
/// its hints. Layout measures them to know where each problem is.
pub fn problem_lines(problem: &Diagnostic) -> Vec<String> {
    let mut lines = vec![problem.headline()];
    if let Some(hint) = &problem.hint {
        lines.extend(hint.lines().map(|line| format!("    help: {line}")));
    }
    lines
}

/// How many screen lines `lines` take wrapped to `width` columns, as the dialogs wrap them.
pub fn wrapped_height(lines: &[String], width: u16) -> usize {
    lines
        .iter()
        .map(|line| wrap(vec![Line::raw(line.clone())], usize::from(width)).len())
        .sum()
}

/// Where `dialog` and its rows are on a screen of `area`.
pub fn dialog(dialog: &Dialog, area: Rect) -> DialogLayout {
    let frame = match dialog {
        // The help is as wide as its longest lines, and almost the whole height.
        Dialog::Help => popup(area, 78, area.height.saturating_sub(2)),
        Dialog::Problems { .. } => popup(
            area,
            area.width.saturating_sub(4),
            area.height.saturating_sub(2),
        ),
        Dialog::OpenPlan { .. } => popup(area, 70, 16),
        Dialog::PlanForm { .. } => popup(area, 64, 19),
        Dialog::ItemNote => popup(area, 64, 6),
        Dialog::Activities { rows, .. } => popup(
            area,
            76,
            u16::try_from(*rows).unwrap_or(u16::MAX).saturating_add(7),
        ),
        Dialog::Export { .. } => popup(area, 72, 19),
        Dialog::School { .. } => popup(area, 76, 18),
        Dialog::Quit { .. } => popup(area, 72, 10),
        Dialog::PlanProblem => popup(area, 76, 14),
        Dialog::Curate { .. } => popup(area, 72, 11),
    };
    let inner = inside_border(frame);
    let mut layout = DialogLayout {
        frame,
        inner,
        rows: Vec::new(),
        field: None,
        scroll: 0,
    };
    let height = usize::from(inner.height);
    match *dialog {
        Dialog::Help | Dialog::PlanProblem => {}
        Dialog::Problems { problems, selected } => {
            let heights: Vec<usize> = problems
                .iter()
                .map(|p| wrapped_height(&problem_lines(p), inner.width))
                .collect();
            let total: usize = heights.iter().sum();
            let selected_top: usize = heights.iter().take(selected).sum();
            // The selected problem sits mid-dialog, unless that would scroll past the last one.
            let scroll = selected_top
                .saturating_sub(height / 2)
                .min(total.saturating_sub(height));
            layout.scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
            let mut top = 0;
            for (index, rows) in heights.into_iter().enumerate() {
                layout.push_row(index, top as isize - scroll as isize, rows);
                top += rows;
            }
        }
        Dialog::OpenPlan {
            notice,
            files,
            selected,
        } => {
            let rows = height.saturating_sub(notice).max(1);
            // The list scrolls only as far as it takes to show the selected plan.
            let offset = selected.saturating_sub(rows - 1);
            layout.scroll = u16::try_from(offset).unwrap_or(u16::MAX);
            for index in offset..files.min(offset + rows) {
                layout.push_row(index, (notice + index - offset) as isize, 1);
            }
        }
        Dialog::PlanForm { fields: rows } | Dialog::Export { rows } => {
            for index in 0..rows {
                layout.push_row(index, index as isize, 1);
            }
        }
        Dialog::ItemNote => layout.field = line_at(inner, 0, 1),
        Dialog::Activities { rows, selected } => {
            // Under the lesson's line and a blank one; on a short screen the rows scroll so
            // that the selected one stays in view.
            let room = height.saturating_sub(4).max(1);
            let scroll = selected.saturating_sub(room - 1);
            layout.scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
            for index in scroll..rows.min(scroll + room) {
                layout.push_row(index, (index - scroll + 2) as isize, 1);
            }
        }
        Dialog::School { rows, focused } => {
            // On a short screen the rows scroll so that the focused one stays in view.
            let scroll = focused.saturating_sub(height.max(1) - 1);
            layout.scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
            for index in 0..rows {
                layout.push_row(index, index as isize - scroll as isize, 1);
            }
        }
        Dialog::Curate { question, field } => {
            if field {
                let top = wrapped_height(&[question.to_string()], inner.width) as isize;
                layout.field = line_at(inner, top, 1);
            }
        }
        Dialog::Quit { message } => {
            // The message, a blank line, then the choices with the file name under the first.
            let top = wrapped_height(&[message.to_string()], inner.width) as isize + 1;
            layout.push_row(0, top, 1);
            layout.field = line_at(inner, top + 1, 1);
            layout.push_row(1, top + 2, 1);
            layout.push_row(2, top + 3, 1);
        }
    }
    layout
}

impl DialogLayout {
    /// Adds row `index`, `rows` lines high from line `top` of the room inside (negative when
    /// scrolled above it), if any of it is in sight.
    fn push_row(&mut self, index: usize, top: isize, rows: usize) {
        if let Some(area) = line_at(self.inner, top, rows) {
            self.rows.push(DialogRow { index, area });
        }
    }
}

/// Lines `top..top + rows` of `inner` (`top` counted from its first line), cut to what is inside.
fn line_at(inner: Rect, top: isize, rows: usize) -> Option<Rect> {
    let first = top.max(0);
    let last = (top + rows as isize).min(inner.height as isize);
    (first < last).then(|| Rect {
        y: inner.y + first as u16,
        height: (last - first) as u16,
        ..inner
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(outer: Rect, inner: Rect) -> bool {
        outer.intersection(inner) == inner
    }

    /// At every size, each dialog stays on the screen, and its rows inside it, top to bottom,
    /// never one over another: a click always has one meaning.
    #[test]
    fn dialogs_and_their_rows_stay_inside_the_screen_and_apart() {
        let problems: Vec<Diagnostic> = (0..30)
            .map(|i| {
                Diagnostic::whole_file(
                    &format!("/library/folder/with/a/long/name/module-{i}.toml"),
                    crate::library::Severity::Error,
                    crate::library::Code::TomlSyntax,
                    "a problem described at some length, to wrap in a narrow dialog",
                )
                .with_hint("what to do about it\nand more")
            })
            .collect();
        let message =
            "3 changes to “A plan whose title is long enough to wrap” could not be saved.";
        for width in (MIN_WIDTH..=200).step_by(11) {
            for height in (MIN_HEIGHT..=60).step_by(6) {
                let area = Rect::new(0, 0, width, height);
                for selected in [0, 7, 29] {
                    let dialogs = [
                        Dialog::Help,
                        Dialog::Problems {
                            problems: &problems,
                            selected,
                        },
                        Dialog::OpenPlan {
                            notice: usize::from(selected == 7),
                            files: 30,
                            selected,
                        },
                        Dialog::PlanForm { fields: 10 },
                        Dialog::ItemNote,
                        Dialog::Activities {
                            rows: 9,
                            selected: selected.min(8),
                        },
                        Dialog::Export { rows: 12 },
                        Dialog::School {
                            rows: 11,
                            focused: selected.min(10),
                        },
                        Dialog::Quit { message },
                        Dialog::PlanProblem,
                    ];
                    for dialog in &dialogs {
                        let at = super::dialog(dialog, area);
                        let what = format!("{dialog:?} at {width}x{height}");
                        assert!(inside(area, at.frame), "{what}");
                        assert!(inside(at.frame, at.inner), "{what}");
                        let mut places: Vec<Rect> = at.rows.iter().map(|r| r.area).collect();
                        places.extend(at.field);
                        places.sort_by_key(|r| r.y);
                        for pair in places.windows(2) {
                            assert!(pair[0].bottom() <= pair[1].y, "{what}: {places:?}");
                        }
                        for place in places {
                            assert!(inside(at.inner, place) && place.height > 0, "{what}");
                        }
                        let indices: Vec<usize> = at.rows.iter().map(|r| r.index).collect();
                        assert!(indices.windows(2).all(|p| p[0] < p[1]), "{what}");
                        // What is selected or focused is in sight.
                        let focus = match dialog {
                            Dialog::Problems { .. } | Dialog::OpenPlan { .. } => Some(selected),
                            Dialog::School { focused, .. } => Some(*focused),
                            _ => None,
                        };
                        if let Some(focus) = focus {
                            assert!(at.row(focus).is_some(), "{what}: {focus} out of sight");
                        }
                    }
                }
            }
        }
    }
}

/// Where the Programme view draws: the grid of year groups by terms in a pane above a line
/// about the selected cell, each year group as tall as its fullest cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeLayout {
    /// The grid pane, border included.
    pub pane: Rect,
    /// Inside the pane: the terms' names on the first line, then the year groups' lines.
    pub inner: Rect,
    pub label_width: u16,
    pub cell_width: u16,
    /// The first of the year groups' lines shown (they scroll to keep the cursor in view).
    pub offset: usize,
    /// Under the pane: what the selected cell holds.
    pub about: Rect,
}

pub fn programme(areas: &Areas, terms: usize, heights: &[usize], cursor: usize) -> ProgrammeLayout {
    let body = areas.left.union(areas.right);
    let [pane, about] = Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(body);
    let inner = inside_border(pane);
    let terms_u16 = u16::try_from(terms.max(1)).unwrap_or(1);
    let label_width = 17.min(inner.width / 3);
    let cell_width = (inner.width.saturating_sub(label_width) / terms_u16).max(4);
    let visible = usize::from(inner.height.saturating_sub(1)).max(1);
    let total: usize = heights.iter().sum();
    let offset = cursor
        .saturating_sub(visible - 1)
        .min(total.saturating_sub(visible));
    ProgrammeLayout {
        pane,
        inner,
        label_width,
        cell_width,
        offset,
        about,
    }
}

impl ProgrammeLayout {
    /// The year group (row), term and line of the row at a screen position.
    pub fn cell_at(
        &self,
        heights: &[usize],
        column: u16,
        row: u16,
    ) -> Option<(usize, usize, usize)> {
        if !contains(self.inner, column, row) || row == self.inner.y {
            return None;
        }
        let x = column - self.inner.x;
        let term = usize::from(x.checked_sub(self.label_width)? / self.cell_width.max(1));
        let mut line = usize::from(row - self.inner.y - 1) + self.offset;
        for (index, height) in heights.iter().enumerate() {
            if line < *height {
                return Some((index, term, line));
            }
            line -= height;
        }
        None
    }
}
