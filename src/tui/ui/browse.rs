//! The Browse view: filters, the module list and the detail pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{columns, fit, highlighted, markdown_lines, wrap};
use super::{Theme, pane, scroll_limit};
use crate::library::{Library, Module, ModuleText, ReviewStatus, Sensitivity};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::layout;

pub fn draw_filters(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let fw = &app.library.framework;
    let chip = |key: &'static str, label: &'static str, value: Option<String>| {
        let style = if value.is_some() {
            theme.chip_on
        } else {
            theme.base
        };
        vec![
            Span::styled(format!(" {key} "), theme.key),
            Span::styled(
                format!("{label}: {}", value.unwrap_or_else(|| "all".into())),
                style,
            ),
            Span::raw("  "),
        ]
    };
    let mut spans = Vec::new();
    // Browsing starts on the plan's age band; saying so tells the teacher why others are hidden.
    let ages = app.filter.age_band.clone().map(|band| {
        if app.plan.age_band.as_ref() == Some(&band) {
            format!("{band} (the plan's)")
        } else {
            band
        }
    });
    spans.extend(chip("a", "Ages", ages));
    spans.extend(chip(
        "s",
        "Strand",
        app.filter
            .strand
            .as_ref()
            .map(|s| fw.strand_label(s).to_string()),
    ));
    spans.extend(chip(
        "x",
        "Show",
        app.filter.sensitivity.map(|s| match s {
            Sensitivity::Sensitive => "sensitive only".to_string(),
            Sensitivity::Standard => "standard only".to_string(),
        }),
    ));
    spans.push(Span::styled(" / ", theme.key));
    let search_style = if app.searching {
        theme.chip_on
    } else if app.filter.text.is_empty() {
        theme.dim
    } else {
        theme.chip_on
    };
    let shown = if app.filter.text.is_empty() && !app.searching {
        "search".to_string()
    } else {
        app.search.value().to_string()
    };
    let before: usize = spans.iter().map(|s| columns(&s.content)).sum();
    spans.push(Span::styled(shown, search_style));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if app.searching && app.overlay.is_none() {
        let x = area.x + (before + app.search.visual_cursor()) as u16;
        if x < area.x + area.width {
            frame.set_cursor_position((x, area.y));
        }
    }
}

/// The marks before a module's title, in four columns: `[S]` sensitive, `[D]` a draft not yet
/// approved, `[R]` a review overdue, `[X]` retired; two at most (`[SD]`), the first two that
/// apply in that order.
pub fn marker(module: &Module, today: crate::library::Date) -> String {
    let marks: String = [
        (module.is_sensitive(), 'S'),
        (module.status() == ReviewStatus::Draft, 'D'),
        (module.is_overdue(today), 'R'),
        (module.status() == ReviewStatus::Retired, 'X'),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, mark)| mark)
    .take(2)
    .collect();
    match marks.len() {
        0 => "    ".to_string(),
        1 => format!("[{marks}] "),
        _ => format!("[{marks}]"),
    }
}

pub fn draw_list(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let in_plan = |module: &Module| app.plan.items.iter().any(|i| i.module == module.id);
    // While the library is read, the list is the modules read so far, in the order read.
    let so_far = if app.is_loading() { " read so far" } else { "" };
    let title = format!(
        " Modules ({} of {}{so_far}){} ",
        crate::words::thousands(app.hits.len()),
        crate::words::thousands(app.library.modules.len()),
        if app.plan.items.is_empty() {
            ""
        } else {
            " · ✓ in plan"
        }
    );
    let block = pane(title, app.focus == Focus::List, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.hits.is_empty() {
        let message = if app.is_loading() {
            match app.load_progress {
                Some((read, found)) if found > 0 => format!(
                    "Reading the library… {} of {} modules ({}%){}",
                    crate::words::thousands(read),
                    crate::words::thousands(found),
                    read * 100 / found,
                    if app.filter.text.trim().is_empty() {
                        ""
                    } else {
                        "; the search runs once it is read"
                    }
                ),
                _ => "Reading the library…".to_string(),
            }
        } else if app.library.modules.is_empty() {
            format!(
                "No modules loaded: {}.",
                app.keymap.press(&Action::ShowProblems, "see why")
            )
        } else {
            format!(
                "No modules match: {}.",
                app.keymap.press(&Action::ClearFilters, "clear the filters")
            )
        };
        frame.render_widget(
            Paragraph::new(message)
                .style(theme.dim)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let width = usize::from(inner.width);
    let show_strand = width >= 48;
    let rows = usize::from(inner.height);
    let mut lines = Vec::new();
    for (row, hit) in app.hits.iter().enumerate().skip(app.list_offset).take(rows) {
        let module = &app.library.modules[hit.index];
        let selected = row == app.selected;
        let strand = if show_strand {
            let label = module
                .strands
                .first()
                .map_or("", |s| app.library.framework.strand_label(s));
            format!(" {}", fit(label, 14))
        } else {
            String::new()
        };
        let right = format!(
            " {:>5} {:>3}m{strand}",
            module.age_band, module.duration_minutes
        );
        let marks = marker(module, app.today);
        let title_width = width.saturating_sub(2 + columns(&marks) + columns(&right));
        let base = if selected { theme.selected } else { theme.base };
        let lead = match (selected, in_plan(module)) {
            (true, true) => "▶✓",
            (true, false) => "▶ ",
            (false, true) => " ✓",
            (false, false) => "  ",
        };
        let mut spans = vec![
            Span::styled(lead, base),
            Span::styled(marks, if selected { base } else { theme.sensitive }),
        ];
        let matched = if selected { base } else { theme.matched };
        let title = highlighted(
            &module.title,
            &hit.title_matches,
            title_width,
            base,
            matched,
        );
        let used: usize = title.iter().map(|s| columns(&s.content)).sum();
        spans.extend(title);
        spans.push(Span::styled(
            " ".repeat(title_width.saturating_sub(used)),
            base,
        ));
        spans.push(Span::styled(right, if selected { base } else { theme.dim }));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn draw_detail(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let position = app
        .selected_module()
        .and_then(|m| app.plan.items.iter().position(|i| i.module == m.id));
    let title = match position {
        Some(item) => format!(" Module · in the plan as item {} ", item + 1),
        None => " Module ".to_string(),
    };
    let block = pane(title, app.focus == Focus::Detail, theme);
    let inner = layout::inside_border(area);
    let lines = detail_text(app, inner.width, theme);
    let scroll = app
        .detail_scroll
        .min(scroll_limit(lines.len(), inner.height));
    let paragraph = Paragraph::new(lines).block(block).scroll((scroll, 0));
    frame.render_widget(paragraph, area);
}

/// The selected module in full, wrapped to `width` columns: what the detail pane scrolls through.
pub fn detail_text(app: &App, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let Some(module) = app.selected_module() else {
        return Vec::new();
    };
    // Regional passages as the school's region prints them.
    let why = match app.shown_text(module) {
        Some(Ok(full)) => {
            let lines = detail_lines(full, Ok(&full.text), &app.library, theme);
            return wrap(lines, usize::from(width));
        }
        Some(Err(changed)) => changed.to_string(),
        None => "Reading the rest of the module…".to_string(),
    };
    let module = module.for_region(&app.region);
    wrap(
        detail_lines(&module, Err(&why), &app.library, theme),
        usize::from(width),
    )
}

/// A module in full, for the detail pane; without its `text`, what it is browsed by and why the
/// rest is not shown.
pub fn detail_lines(
    module: &Module,
    text: Result<&ModuleText, &str>,
    library: &Library,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let fw = &library.framework;
    let mut lines = vec![Line::styled(module.title.clone(), theme.heading)];
    let band = fw
        .age_band(&module.age_band)
        .map_or(module.age_band.clone(), |b| b.label.clone());
    let strands: Vec<&str> = module.strands.iter().map(|s| fw.strand_label(s)).collect();
    lines.push(Line::styled(
        format!(
            "{band} · {} min · {}",
            module.duration_minutes,
            strands.join(", ")
        ),
        theme.base,
    ));
    if module.is_sensitive() {
        lines.push(Line::styled(
            "[S] SENSITIVE: brief your Designated Safeguarding Lead before teaching",
            theme.sensitive,
        ));
    }
    match module.status() {
        ReviewStatus::Draft => lines.push(Line::styled(
            "[D] DRAFT: not yet approved by your PSHE lead",
            theme.warning,
        )),
        ReviewStatus::Retired => lines.push(Line::styled(
            "[X] RETIRED: no longer taught; kept so old plans still find it",
            theme.warning,
        )),
        ReviewStatus::Approved => {}
    }
    if let Some(due) = module
        .next_review_due()
        .filter(|_| module.is_overdue(library.options.today))
    {
        lines.push(Line::styled(
            format!("[R] REVIEW OVERDUE: it was due on {due}"),
            theme.warning,
        ));
    }
    let by = module
        .review
        .reviewed_by
        .as_ref()
        .map(|who| format!(" by {who}"))
        .unwrap_or_default();
    let due = module
        .next_review_due()
        .map(|d| format!(" · next review {d}"))
        .unwrap_or_default();
    lines.push(Line::styled(
        format!(
            "id {} · reviewed {}{by}{due}",
            module.id, module.last_reviewed
        ),
        theme.dim,
    ));
    lines.push(Line::from(""));
    lines.extend(markdown_lines(&module.summary, "", theme.base));
    let heading = |lines: &mut Vec<Line<'static>>, text: &str| {
        lines.push(Line::from(""));
        lines.push(Line::styled(text.to_string(), theme.heading));
    };
    heading(&mut lines, "Objectives");
    for objective in &module.objectives {
        lines.push(Line::styled(format!("  • {objective}"), theme.base));
    }
    let outcomes = library.outcome_statements(module);
    for (title, list) in [
        ("Outcomes", &outcomes),
        ("Success criteria", &module.success_criteria),
        ("Adaptations for pupils with SEND", &module.send_adaptations),
    ] {
        if !list.is_empty() {
            heading(&mut lines, title);
            for item in list {
                lines.push(Line::styled(format!("  • {item}"), theme.base));
            }
        }
    }
    for (title, ids) in [
        ("Builds on", &module.builds_on),
        ("Leads to", &module.leads_to),
    ] {
        if !ids.is_empty() {
            heading(&mut lines, title);
            for id in ids {
                let text = match library.module(id) {
                    Some(other) => format!("  • {} (ages {})", other.title, other.age_band),
                    None => format!("  • {id}"),
                };
                lines.push(Line::styled(text, theme.base));
            }
        }
    }
    let text = match text {
        Ok(text) => Some(text),
        Err(why) => {
            lines.push(Line::from(""));
            lines.push(Line::styled(why.to_string(), theme.warning));
            None
        }
    };
    heading(&mut lines, "Activities");
    for (at, activity) in module.activities.iter().enumerate() {
        let kind = activity
            .kind
            .map(|k| format!("{}: ", k.label()))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{:>3} min  ", activity.minutes), theme.key),
            Span::styled(
                format!("{kind}{}", activity.title),
                theme.base.add_modifier(ratatui::style::Modifier::BOLD),
            ),
        ]));
        let description = text.and_then(|t| t.activity_descriptions.get(at));
        lines.extend(markdown_lines(
            description.map_or("", String::as_str),
            "         ",
            theme.base,
        ));
    }
    if !module.vocabulary.is_empty() {
        heading(&mut lines, "Vocabulary");
        for term in &module.vocabulary {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}: ", term.term),
                    theme.base.add_modifier(ratatui::style::Modifier::BOLD),
                ),
                Span::styled(term.definition.clone(), theme.base),
            ]));
        }
    }
    if !module.resources.is_empty() {
        heading(&mut lines, "Resources");
        for resource in &module.resources {
            lines.push(Line::styled(format!("  • {resource}"), theme.base));
        }
    }
    if let Some(text) = text {
        heading(&mut lines, "Safeguarding");
        lines.extend(markdown_lines(&text.safeguarding_notes, "  ", theme.base));
    }
    if !module.signposting.is_empty() {
        heading(&mut lines, "Where to get help");
        for id in &module.signposting {
            let text = match library.service(id) {
                Some(s) => {
                    let phone = s
                        .phone
                        .as_deref()
                        .map(|p| format!(" · {p}"))
                        .unwrap_or_default();
                    format!("  • {} ({}){phone}", s.name, s.regions_label())
                }
                None => format!("  • {id} (not found in services)"),
            };
            lines.push(Line::styled(text, theme.base));
        }
    }
    let Some(text) = text else {
        return lines;
    };
    heading(&mut lines, "Student handout");
    lines.extend(markdown_lines(&text.handout.student, "  ", theme.base));
    if let Some(parent) = &text.handout.parent {
        heading(&mut lines, "Parent/carer letter");
        lines.extend(markdown_lines(parent, "  ", theme.base));
    }
    lines
}
