//! The Coverage view: the strands by age bands grid above the selected cell's modules, or one
//! strand's modules band by band.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{columns, fit, wrap};
use super::{Theme, pane};
use crate::library::coverage::Cell;
use crate::tui::app::App;
use crate::tui::layout::{self, Areas};

/// How a cell reads: modules and minutes, `—` for none and `!` for one only, so that gaps stand
/// out without colour.
pub fn cell_text(cell: &Cell) -> String {
    match cell.modules.len() {
        0 => "—".to_string(),
        1 => format!("!1·{}m", cell.minutes),
        n => format!("{n}·{}m", cell.minutes),
    }
}

fn cell_style(cell: &Cell, theme: &Theme) -> Style {
    match cell.modules.len() {
        0 => theme.error,
        1 => theme.warning,
        _ => theme.base,
    }
}

pub fn draw(frame: &mut Frame, areas: &Areas, app: &App, theme: &Theme) {
    let strands = app.library.framework.strands.len();
    let bands = app.library.framework.age_bands.len();
    let at = layout::coverage(areas, strands, bands);
    let view = &app.coverage;
    if view.progression {
        let strand = app
            .library
            .framework
            .strands
            .get(view.strand)
            .map_or("", |s| s.label.as_str());
        draw_legend(
            frame,
            areas.filters,
            &format!("{strand}, band by band: how it grows. v shows the grid again."),
            theme,
        );
        draw_progression(frame, &at.bands, app, theme);
    } else {
        let mut legend =
            "Modules·minutes; — none, ! one only; a module counts in each of its strands"
                .to_string();
        let untaught = app.coverage.untaught_outcomes;
        if untaught > 0 {
            // Untaught outcomes matter more than the reminder that modules count per strand.
            legend = format!(
                "Modules·minutes; — none, ! one only · {} taught by no module (lessonplan coverage --outcomes)",
                crate::words::count(untaught, "outcome")
            );
        }
        draw_legend(frame, areas.filters, &legend, theme);
        draw_grid(frame, &at, app, theme);
        draw_modules(frame, at.modules, app, theme);
    }
}

fn draw_legend(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    let line = Line::styled(fit(&format!(" {text}"), usize::from(area.width)), theme.dim);
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_grid(frame: &mut Frame, at: &layout::CoverageLayout, app: &App, theme: &Theme) {
    let view = &app.coverage;
    let block = pane(
        " Coverage: strands by age band ".to_string(),
        !view.in_modules,
        theme,
    );
    let inner = block.inner(at.grid);
    frame.render_widget(block, at.grid);
    let label_width = usize::from(at.label_width);
    let cell_width = usize::from(at.cell_width);
    let pad = |text: &str, width: usize| {
        let text = fit(text, width.saturating_sub(1));
        format!(
            "{text}{} ",
            " ".repeat(width.saturating_sub(1 + columns(&text)))
        )
    };
    let mut lines = Vec::new();
    let mut header = vec![Span::styled(pad("Strand", label_width), theme.heading)];
    for band in &app.library.framework.age_bands {
        header.push(Span::styled(pad(&band.id, cell_width), theme.heading));
    }
    lines.push(Line::from(header));
    let first = at.first_strand(view.strand);
    let shown = app
        .library
        .framework
        .strands
        .iter()
        .enumerate()
        .skip(first)
        .take(at.strand_rows());
    for (row, strand) in shown {
        let mut spans = vec![Span::styled(pad(&strand.label, label_width), theme.base)];
        for (band, cell) in view.grid.cells[row].iter().enumerate() {
            let mut style = cell_style(cell, theme);
            if row == view.strand && band == view.band {
                style = theme.selected;
            }
            spans.push(Span::styled(pad(&cell_text(cell), cell_width), style));
        }
        lines.push(Line::from(spans));
    }
    let mut totals = vec![Span::styled(pad("All (each once)", label_width), theme.dim)];
    for cell in &view.grid.totals {
        totals.push(Span::styled(pad(&cell_text(cell), cell_width), theme.dim));
    }
    lines.push(Line::from(totals));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One module as a row: its title, band, minutes and the sensitive mark.
fn module_row(app: &App, id: &str, width: usize) -> String {
    let Some(module) = app.library.module(id) else {
        return fit(id, width);
    };
    let mark = if module.is_sensitive() {
        "[S] "
    } else {
        "    "
    };
    let tail = format!(" {:>3}m", module.duration_minutes);
    let title = fit(
        &module.title,
        width.saturating_sub(columns(mark) + columns(&tail)),
    );
    let gap = width.saturating_sub(columns(mark) + columns(&title) + columns(&tail));
    format!("{mark}{title}{}{tail}", " ".repeat(gap))
}

fn draw_modules(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let view = &app.coverage;
    let framework = &app.library.framework;
    let (Some(strand), Some(band)) = (
        framework.strands.get(view.strand),
        framework.age_bands.get(view.band),
    ) else {
        return;
    };
    let cell = view.selected_cell().cloned().unwrap_or_default();
    let (taught, outcomes) = view
        .outcomes
        .get(view.strand)
        .and_then(|row| row.get(view.band))
        .copied()
        .unwrap_or_default();
    let outcomes_text = if outcomes == 0 {
        String::new()
    } else {
        format!(" · {taught}/{outcomes} outcomes")
    };
    let title = format!(
        " {} · {}: {}, {} min{outcomes_text} ",
        band.label,
        strand.label,
        crate::words::count(cell.modules.len(), "module"),
        cell.minutes
    );
    let block = pane(title, view.in_modules, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    if cell.modules.is_empty() {
        let text = "No module teaches this strand to this band yet: a gap to fill.";
        frame.render_widget(
            Paragraph::new(Line::styled(fit(text, width), theme.dim)),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height);
    let start = layout::list_start(view.module, rows);
    let lines: Vec<Line> = cell
        .modules
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(n, id)| {
            let style = if view.in_modules && n == view.module {
                theme.selected
            } else {
                theme.base
            };
            Line::styled(module_row(app, id, width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The progression column of `band` as drawn `width` columns wide: each module's title (with
/// its minutes) wrapped onto as many lines as it needs, and for each line the position in the
/// band's list of the module it belongs to. Drawing and clicks both read it.
pub fn progression_lines(app: &App, band: usize, width: usize) -> Vec<(usize, Line<'static>)> {
    let view = &app.coverage;
    let Some(cell) = view.cell_at(view.strand, band) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for (n, id) in cell.modules.iter().enumerate() {
        let Some(module) = app.library.module(id) else {
            continue;
        };
        let mark = if module.is_sensitive() { "[S] " } else { "" };
        let text = format!("{mark}{} · {}m", module.title, module.duration_minutes);
        for line in wrap(vec![Line::from(text)], width.saturating_sub(2).max(1)) {
            let indent = if lines.last().is_some_and(|(m, _)| *m == n) {
                "  "
            } else {
                ""
            };
            let mut spans = vec![Span::raw(indent)];
            spans.extend(line.spans);
            lines.push((n, Line::from(spans)));
        }
    }
    lines
}

/// The first line to show so that the whole of module `selected` is on screen, if it fits.
pub fn progression_start(lines: &[(usize, Line)], selected: usize, rows: usize) -> usize {
    let last = lines.iter().rposition(|(m, _)| *m == selected).unwrap_or(0);
    let first = lines.iter().position(|(m, _)| *m == selected).unwrap_or(0);
    (last + 1).saturating_sub(rows).min(first)
}

fn draw_progression(frame: &mut Frame, columns_at: &[Rect], app: &App, theme: &Theme) {
    let view = &app.coverage;
    let framework = &app.library.framework;
    for ((band_index, band), area) in framework.age_bands.iter().enumerate().zip(columns_at) {
        let cell = view
            .cell_at(view.strand, band_index)
            .cloned()
            .unwrap_or_default();
        let title = format!(" {} ({}) ", band.id, cell.modules.len());
        let selected_band = band_index == view.band;
        let block = pane(title, selected_band, theme);
        let inner = block.inner(*area);
        frame.render_widget(block, *area);
        let width = usize::from(inner.width);
        if cell.modules.is_empty() {
            let line = Line::styled(fit("— none yet", width), theme.error);
            frame.render_widget(Paragraph::new(line), inner);
            continue;
        }
        let rows = usize::from(inner.height);
        let lines = progression_lines(app, band_index, width);
        let start = if selected_band {
            progression_start(&lines, view.module, rows)
        } else {
            0
        };
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(start)
            .take(rows)
            .map(|(n, line)| {
                if selected_band && view.in_modules && n == view.module {
                    line.style(theme.selected)
                } else {
                    line.style(theme.base)
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}
