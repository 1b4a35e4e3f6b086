//! The Plan view: the items in teaching order, and the plan's details, totals and checks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{columns, fit, wrap};
use super::{Theme, pane, scroll_limit};
use crate::plan::sessions::{session_label, sessions_of};
use crate::school_year::{DatedPlan, short_date};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::layout;

pub fn draw_summary(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let plan = &app.plan;
    let mut parts = vec![plan.title.clone()];
    parts.extend(plan.group.iter().map(|g| format!("group {g}")));
    parts.extend(plan.age_band.iter().map(|a| format!("ages {a}")));
    parts.extend(plan.teacher.iter().cloned());
    let minutes = plan.total_minutes(&app.library);
    let items = crate::words::count(plan.items.len(), "item");
    // Against a lesson length the sessions are the point; one that runs over is a warning.
    let (time, style) = match crate::plan::sessions::time_summary(plan, &app.library) {
        Some((said, true)) => (format!("! {said}, one runs over"), theme.warning),
        Some((said, false)) => (said, theme.base),
        None => (
            format!("{minutes} min ({}h {:02}m)", minutes / 60, minutes % 60),
            theme.base,
        ),
    };
    let line = Line::from(vec![
        Span::styled(format!(" {}", parts.join(" · ")), theme.heading),
        Span::styled(format!("   {items}, "), theme.base),
        Span::styled(time, style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The plan's items; `dated`, the plan's sessions with their dates where it has them.
pub fn draw_items(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    dated: Option<&DatedPlan>,
    theme: &Theme,
) {
    let block = pane(
        " Plan, in teaching order ".to_string(),
        app.focus == Focus::List,
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.plan.items.is_empty() {
        let key = |action| app.keymap.key_for(&action).unwrap_or_else(|| "?".into());
        let message = format!(
            "The plan is empty. Press {} to browse modules, then {} to add one.",
            key(Action::ShowBrowse),
            key(Action::AddToPlan)
        );
        frame.render_widget(
            Paragraph::new(message)
                .style(theme.dim)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let warnings = app.plan.warnings(&app.library);
    let width = usize::from(inner.width);
    // Each lesson's first date, where the plan is dated and the pane has room for it.
    let dated = dated.filter(|_| width >= 40);
    let modules = app.plan.resolve(&app.library);
    let mut lines = Vec::new();
    for (index, (item, module)) in app
        .plan
        .items
        .iter()
        .zip(modules)
        .enumerate()
        .skip(app.plan_offset)
        .take(usize::from(inner.height))
    {
        let selected = index == app.plan_selected;
        let base = if selected { theme.selected } else { theme.base };
        let flagged = warnings
            .iter()
            .any(|w| w.item() == index && !matches!(w, crate::plan::PlanWarning::Sensitive { .. }));
        let (marker, title, minutes) = match module {
            Some(m) => (
                if m.is_sensitive() { "[S]" } else { "   " },
                m.title.clone(),
                format!("{:>3}m", item.minutes(m)),
            ),
            None => (
                "[?]",
                format!("MISSING: {}", item.module),
                "  ?m".to_string(),
            ),
        };
        let flag = if flagged { "!" } else { " " };
        let prefix = format!("{}{:>2}. ", if selected { "▶" } else { " " }, index + 1);
        let date = dated.map(|d| {
            d.item_dates(index).first().map_or_else(
                || format!("{:>11}", "no date"),
                |first| format!("{:>11}", short_date(*first)),
            )
        });
        let date_width = date.as_ref().map_or(0, |d| columns(d) + 1);
        let fixed = columns(&prefix) + 4 + 2 + 4 + date_width;
        let note = if item.notes.is_some() { "✎" } else { " " };
        let title_width = width.saturating_sub(fixed);
        lines.push(Line::from(vec![
            Span::styled(prefix, base),
            Span::styled(
                format!("{marker} "),
                if selected { base } else { theme.sensitive },
            ),
            Span::styled(fit(&title, title_width), base),
            Span::styled(
                format!("{flag}{note}"),
                if selected { base } else { theme.warning },
            ),
            Span::styled(
                date.map_or_else(String::new, |d| format!("{d} ")),
                if selected { base } else { theme.dim },
            ),
            Span::styled(minutes, if selected { base } else { theme.dim }),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The plan's details and checks; `dated` as for [`draw_items`].
pub fn draw_details(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    dated: Option<&DatedPlan>,
    theme: &Theme,
) {
    // The title names the key to edit the details, so it is shortened rather than cut.
    let full = " Details and checks (e to edit) ";
    let title = if columns(full) + 2 <= usize::from(area.width) {
        full
    } else {
        " Details (e to edit) "
    };
    let block = pane(title.to_string(), app.focus == Focus::Detail, theme);
    let inner = layout::inside_border(area);
    let lines = details_text(app, dated, inner.width, theme);
    let scroll = app
        .plan_details_scroll
        .min(scroll_limit(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// The plan's details, totals and checks, and the selected item, wrapped to `width` columns:
/// what the details pane scrolls through. `dated` is [`App::dated_plan`].
pub fn details_text(
    app: &App,
    dated: Option<&DatedPlan>,
    width: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let plan = &app.plan;
    let field = |label: &str, value: Option<&String>| {
        Line::from(vec![
            Span::styled(format!("{label:<9}"), theme.dim),
            Span::styled(value.cloned().unwrap_or_else(|| "-".into()), theme.base),
        ])
    };
    let mut lines = vec![
        field("Title", Some(&plan.title)),
        field("Group", plan.group.as_ref()),
        field("Year", plan.year_group.as_ref()),
        field("Ages", plan.age_band.as_ref()),
        field("Teacher", plan.teacher.as_ref()),
        field("Notes", plan.notes.as_ref()),
        field(
            "Lesson",
            plan.lesson_minutes.map(|m| format!("{m} min")).as_ref(),
        ),
        field("Weekly", crate::school_year::slot_words(plan).as_ref()),
        Line::from(""),
        Line::styled(
            format!(
                "Total: {} minutes in {}",
                plan.total_minutes(&app.library),
                crate::words::count(plan.items.len(), "item")
            ),
            theme.heading,
        ),
    ];
    // Laid into the school's slots: how many sessions, and any that runs over.
    // A dated plan has its sessions laid out already; they are not laid out again.
    let sessions = match dated {
        Some(dated) => Some(dated.sessions.clone()),
        None => crate::plan::sessions::sessions(plan, &app.library),
    };
    if let (Some(sessions), Some(slot)) = (&sessions, plan.lesson_minutes)
        && !sessions.is_empty()
    {
        lines.push(Line::styled(
            format!(
                "In {} of {slot} min",
                crate::words::count(sessions.len(), "session")
            ),
            theme.base,
        ));
        match (dated, &plan.schedule, &app.calendar) {
            (Some(dated), _, _) => {
                if let Some((first, last)) = dated.span() {
                    lines.push(Line::styled(
                        format!("Dated {} to {}", short_date(first), short_date(last)),
                        theme.base,
                    ));
                }
                let undated = dated.undated();
                if let Some(first) = undated.first() {
                    lines.push(Line::styled(
                        format!(
                            "! {} without a date from session {first}: the calendar ends first",
                            crate::words::count(undated.len(), "session")
                        ),
                        theme.warning,
                    ));
                }
            }
            (None, Some(_), None) => lines.push(Line::styled(
                "Not dated: no school calendar (calendar.toml in the data folder)",
                theme.dim,
            )),
            (None, Some(_), Some(_)) => lines.push(Line::styled(
                "! Not dated: the first term is not in the school calendar",
                theme.warning,
            )),
            (None, None, _) => {}
        }
        for (n, session) in sessions.iter().enumerate() {
            if session.over_by(slot) > 0 {
                lines.push(Line::styled(
                    format!(
                        "! Session {} runs {} min over: shorten or leave out an activity",
                        n + 1,
                        session.over_by(slot)
                    ),
                    theme.warning,
                ));
            }
        }
    }
    if let Some(path) = &app.plan_path {
        lines.push(Line::styled(format!("File: {}", path.display()), theme.dim));
    } else {
        lines.push(Line::styled(
            "Not saved yet: it saves as soon as you change it",
            theme.dim,
        ));
    }
    let warnings = plan.warnings(&app.library);
    lines.push(Line::from(""));
    lines.push(Line::styled("Checks", theme.heading));
    if warnings.is_empty() {
        lines.push(Line::styled("  ✓ nothing to check", theme.base));
    }
    for warning in &warnings {
        let style = match warning {
            crate::plan::PlanWarning::Sensitive { .. } => theme.sensitive,
            _ => theme.warning,
        };
        lines.push(Line::styled(format!("  ! {warning}"), style));
    }
    if let Some(item) = plan.items.get(app.plan_selected) {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!("Item {}", app.plan_selected + 1),
            theme.heading,
        ));
        match app.library.module(&item.module) {
            Some(m) => {
                lines.push(Line::styled(
                    format!("  {} ({} min)", m.title, item.minutes(m)),
                    theme.base,
                ));
                let taught = sessions
                    .as_deref()
                    .and_then(|s| session_label(&sessions_of(s, app.plan_selected)));
                if let Some(label) = taught {
                    let dates: Vec<String> = dated
                        .map(|d| d.item_dates(app.plan_selected))
                        .unwrap_or_default()
                        .into_iter()
                        .map(short_date)
                        .collect();
                    let when = match dates.is_empty() {
                        true => String::new(),
                        false => format!(": {}", dates.join(", ")),
                    };
                    lines.push(Line::styled(
                        format!("  Taught in {label}{when}"),
                        theme.dim,
                    ));
                }
                if m.is_sensitive() {
                    let briefed = match item.dsl_briefed {
                        Some(on) => format!("  DSL briefed {}", short_date(on.0)),
                        None => "  DSL not yet briefed (lessonplan plan brief)".to_string(),
                    };
                    lines.push(Line::styled(briefed, theme.sensitive));
                }
                for (number, activity, kept) in item.changed_activities(m) {
                    let changed = match kept {
                        None => "left out".to_string(),
                        Some(minutes) => format!("{minutes} of {} min", activity.minutes),
                    };
                    lines.push(Line::styled(
                        format!("  Activity {number}, {changed}: {}", activity.title),
                        theme.dim,
                    ));
                }
            }
            None => lines.push(Line::styled(
                format!(
                    "  {} is not in the library; it is kept in the plan",
                    item.module
                ),
                theme.warning,
            )),
        }
        lines.push(Line::styled(
            format!(
                "  Note: {}",
                item.notes.clone().unwrap_or_else(|| format!(
                    "none ({})",
                    app.keymap.press(&Action::EditItemNote, "add one")
                ))
            ),
            theme.base,
        ));
    }
    wrap(lines, usize::from(width))
}
