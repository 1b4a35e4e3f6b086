//! Screen geometry, shared by drawing and by mouse handling so that clicks land where things are
//! drawn. Pure functions of the terminal size.

use ratatui::layout::{Constraint, Layout, Margin, Rect};

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

/// The room inside a bordered pane or dialog.
pub fn inside_border(area: Rect) -> Rect {
    area.inner(Margin::new(1, 1))
}

/// The help screen: as wide as its longest lines, and almost the whole height.
pub fn help(area: Rect) -> Rect {
    popup(area, 78, area.height.saturating_sub(2))
}

/// Rows of list content inside a bordered pane.
pub fn inner_rows(pane: Rect) -> usize {
    usize::from(pane.height.saturating_sub(2))
}

/// The list row (0-based, before scrolling) a screen row falls on, if it is inside the pane.
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
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
