//! The Programme view: each year group's plans, term by term, and what the selected cell holds.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::fit;
use super::{Theme, pane};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::app::programme::ProgrammeGrid;
use crate::tui::layout::{self, Areas};

/// The lines the year groups take, and the cursor's line among them.
pub fn lines_and_cursor(app: &App, grid: &ProgrammeGrid) -> (Vec<usize>, usize) {
    let heights: Vec<usize> = grid.years.iter().map(|y| y.height()).collect();
    let view = &app.programme;
    let cursor = heights.iter().take(view.row).sum::<usize>() + view.line;
    (heights, cursor)
}

pub fn draw(frame: &mut Frame, areas: &Areas, app: &App, theme: &Theme) {
    let grid = match &app.programme.grid {
        None => {
            legend(frame, areas, "Reading the programme…", theme);
            return;
        }
        Some(Err(why)) => {
            legend(frame, areas, "The programme cannot be shown", theme);
            let body = areas.left.union(areas.right);
            let block = pane(" Programme ".into(), true, theme);
            frame.render_widget(
                Paragraph::new(why.clone())
                    .style(theme.warning)
                    .wrap(Wrap { trim: true })
                    .block(block),
                body,
            );
            return;
        }
        Some(Ok(grid)) => grid,
    };
    let problems = grid.problems.len();
    let mut said = format!(" {}", grid.title);
    if !grid.exists {
        said.push_str(" · not saved yet: a new plan in a cell starts it");
    }
    if problems > 0 {
        said.push_str(&format!(
            " · {} (! lists them)",
            crate::words::count(problems, "problem")
        ));
    }
    legend(frame, areas, &said, theme);
    let (heights, cursor) = lines_and_cursor(app, grid);
    let at = layout::programme(areas, grid.terms.len(), &heights, cursor);
    frame.render_widget(pane(" Year groups by term ".into(), true, theme), at.pane);
    let width = |w: u16| usize::from(w);
    let mut lines = Vec::new();
    // The terms across the top.
    let mut top = vec![Span::styled(
        fit("Year group", width(at.label_width)),
        theme.heading,
    )];
    for term in &grid.terms {
        top.push(Span::styled(
            fit(&format!(" {term}"), width(at.cell_width)),
            theme.heading,
        ));
    }
    lines.push(Line::from(top));
    let view = &app.programme;
    let mut rows = Vec::new();
    for (index, year) in grid.years.iter().enumerate() {
        for line in 0..year.height() {
            let label = if line == 0 {
                format!("{} ({})", year.name, year.band)
            } else {
                String::new()
            };
            let mut spans = vec![Span::styled(fit(&label, width(at.label_width)), theme.base)];
            for (term, cell) in year.cells.iter().enumerate() {
                let here = index == view.row && term == view.term && line == view.line;
                let text = match cell.get(line) {
                    Some(plan) => {
                        let mark = if plan.sensitive > 0 { " [S]" } else { "" };
                        // A plan named after its cell says what it holds instead.
                        let named_for_cell = format!("{} {}", year.name, grid.terms[term]);
                        match &plan.title {
                            None => format!(" ? {}", plan.name),
                            Some(title) if *title == named_for_cell => format!(
                                " {} · {}m{mark}",
                                crate::words::count(plan.lessons, "lesson"),
                                plan.minutes
                            ),
                            Some(title) => format!(" {title}{mark}"),
                        }
                    }
                    None if line == 0 => " ·".to_string(),
                    None => String::new(),
                };
                let style = match (here, cell.get(line)) {
                    (true, _) => theme.selected,
                    (false, Some(plan)) if plan.title.is_none() => theme.error,
                    (false, Some(_)) => theme.base,
                    (false, None) => theme.dim,
                };
                spans.push(Span::styled(fit(&text, width(at.cell_width)), style));
            }
            rows.push(Line::from(spans));
        }
    }
    lines.extend(rows.into_iter().skip(at.offset));
    frame.render_widget(Paragraph::new(lines), at.inner);
    // What the cell under the cursor holds, and what can be done with it.
    let mut about = Vec::new();
    if let Some((year, term)) = view.selected_cell() {
        let head = format!(
            "{} · {term}   ({} min over the year, {} of {} strands)",
            year.name,
            year.minutes(),
            year.strands(),
            app.library.framework.strands.len()
        );
        about.push(Line::styled(head, theme.heading));
        match view.selected_plan() {
            Some(plan) => about.push(Line::styled(
                match &plan.title {
                    Some(title) => format!(
                        "{title}: {}, {} min{}  ·  {}",
                        crate::words::count(plan.lessons, "lesson"),
                        plan.minutes,
                        match plan.sensitive {
                            0 => String::new(),
                            n => format!(", {n} sensitive"),
                        },
                        app.keymap.press(&Action::Submit, "open it")
                    ),
                    None => format!("{} cannot be read: ! lists why", plan.name),
                },
                theme.base,
            )),
            None => about.push(Line::styled(
                format!(
                    "No plan here. {}; {}",
                    app.keymap.press(&Action::AddPlanToCell, "make a new one"),
                    app.keymap
                        .press(&Action::PutPlanInCell, "put the open plan here")
                ),
                theme.dim,
            )),
        }
    }
    frame.render_widget(Paragraph::new(about).wrap(Wrap { trim: true }), at.about);
}

fn legend(frame: &mut Frame, areas: &Areas, text: &str, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(text, usize::from(areas.filters.width)),
            theme.heading,
        )),
        areas.filters,
    );
}
