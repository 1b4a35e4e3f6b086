//! Commands that read the library: list, show, paths.

use std::io::Write;

use super::{Context, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, mention_problems};
use crate::cli::ListArgs;
use crate::library::{FullModule, Library, Module, ReviewStatus, Sensitivity, TextChanged, fields};
use crate::search::{Filter, Searcher};
use crate::words;

pub fn list(
    context: &Context,
    args: &ListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let library = context.load();
    for (value, known, what) in [
        (&args.age, library.framework.band_ids(), "age band"),
        (&args.strand, library.framework.strand_ids(), "strand"),
    ] {
        if let Some(value) = value
            && !known.contains(&value.as_str())
        {
            writeln!(
                err,
                "lessonplan: unknown {what} `{value}`; use one of: {}",
                known.join(", ")
            )?;
            return Ok(EXIT_USAGE);
        }
    }
    let filter = Filter {
        age_band: args.age.clone(),
        strand: args.strand.clone(),
        sensitivity: if args.sensitive {
            Some(Sensitivity::Sensitive)
        } else if args.standard {
            Some(Sensitivity::Standard)
        } else {
            None
        },
        text: args.search.clone().unwrap_or_default(),
        retired: args.retired,
    };
    let hits = Searcher::new(&library.modules, &library.synonyms).run(&filter);
    let modules: Vec<&Module> = hits.iter().map(|h| &library.modules[h.index]).collect();
    if args.json {
        let full = match modules
            .iter()
            .map(|m| m.in_full())
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(full) => full,
            Err(changed) => return text_changed(&changed, err),
        };
        serde_json::to_writer_pretty(&mut *out, &full)?;
        writeln!(out)?;
    } else {
        let id_width = modules.iter().map(|m| m.id.len()).max().unwrap_or(2).max(2);
        writeln!(
            out,
            "{:<id_width$}  {:<5}  {:>4}  {:<9}  {:<8}  TITLE",
            "ID", "AGES", "MINS", "SENSITIVE", "STATUS"
        )?;
        for m in &modules {
            let flag = if m.is_sensitive() { "sensitive" } else { "" };
            // Approved is the usual case: only the others are spelled out.
            let status = match m.status() {
                ReviewStatus::Approved if m.is_overdue(context.options.today) => "overdue",
                ReviewStatus::Approved => "",
                other => other.name(),
            };
            writeln!(
                out,
                "{:<id_width$}  {:<5}  {:>4}  {:<9}  {:<8}  {}",
                m.id, m.age_band, m.duration_minutes, flag, status, m.title
            )?;
        }
        let sensitive = modules.iter().filter(|m| m.is_sensitive()).count();
        writeln!(
            out,
            "{} of {} ({sensitive} sensitive)",
            modules.len(),
            words::count(library.modules.len(), "module")
        )?;
    }
    mention_problems(&library, err)?;
    Ok(EXIT_OK)
}

pub fn show(
    context: &Context,
    id: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let library = context.load();
    let Some(module) = library.module(id) else {
        let ids: Vec<&str> = library.modules.iter().map(|m| m.id.as_str()).collect();
        let hint = match fields::closest(id, &ids) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "run `lessonplan list` to see module ids".to_string(),
        };
        writeln!(err, "lessonplan: no module with id `{id}`; {hint}")?;
        return Ok(EXIT_PROBLEM);
    };
    let module = match module.in_full() {
        Ok(module) => module,
        Err(changed) => return text_changed(&changed, err),
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &module)?;
        writeln!(out)?;
    } else {
        out.write_all(module_text(&module, &library).as_bytes())?;
    }
    Ok(EXIT_OK)
}

/// A module file changed while the command ran: nothing is printed from a file half-read.
fn text_changed(changed: &TextChanged, err: &mut dyn Write) -> std::io::Result<u8> {
    writeln!(err, "lessonplan: {changed}")?;
    Ok(EXIT_PROBLEM)
}

/// A module as plain text, for the terminal.
pub fn module_text(module: &FullModule, library: &Library) -> String {
    use std::fmt::Write as _;
    let fw = &library.framework;
    let mut s = String::new();
    let _ = writeln!(s, "{}", module.title);
    let _ = writeln!(s, "{}", "=".repeat(module.title.chars().count()));
    let band = fw
        .age_band(&module.age_band)
        .map_or(module.age_band.as_str(), |b| b.label.as_str());
    let strands: Vec<&str> = module.strands.iter().map(|s| fw.strand_label(s)).collect();
    let _ = writeln!(
        s,
        "id: {}   {}   {} minutes",
        module.id, band, module.duration_minutes
    );
    let _ = writeln!(s, "strands: {}", strands.join(", "));
    let sensitivity = if module.is_sensitive() {
        "SENSITIVE: brief your Designated Safeguarding Lead before teaching"
    } else {
        "standard"
    };
    let _ = writeln!(s, "sensitivity: {sensitivity}");
    let reviewer = module
        .review
        .reviewed_by
        .as_deref()
        .map(|by| format!(" by {by}"))
        .unwrap_or_default();
    let due = match module.next_review_due() {
        Some(due) if module.is_overdue(library.options.today) => format!("due {due} (overdue)"),
        Some(due) => format!("next due {due}"),
        None => "never due".to_string(),
    };
    let _ = writeln!(
        s,
        "review: {}, last reviewed {}{reviewer}, {due}   file: {}",
        module.status(),
        module.last_reviewed,
        module.file
    );
    let _ = writeln!(s, "\n{}\n", module.summary.trim());
    let _ = writeln!(s, "Objectives");
    for o in &module.objectives {
        let _ = writeln!(s, "  - {o}");
    }
    let outcomes = library.outcome_statements(module);
    for (title, list) in [
        ("Outcomes", &outcomes),
        ("Success criteria", &module.success_criteria),
        ("Adaptations for pupils with SEND", &module.send_adaptations),
    ] {
        if !list.is_empty() {
            let _ = writeln!(s, "\n{title}");
            for item in list {
                let _ = writeln!(s, "  - {item}");
            }
        }
    }
    for (title, ids) in [
        ("Builds on", &module.builds_on),
        ("Leads to", &module.leads_to),
    ] {
        if !ids.is_empty() {
            let named: Vec<String> = ids
                .iter()
                .map(|id| match library.module(id) {
                    Some(other) => format!("{id} ({})", other.title),
                    None => id.clone(),
                })
                .collect();
            let _ = writeln!(s, "\n{title}: {}", named.join("; "));
        }
    }
    let _ = writeln!(s, "\nActivities");
    for (a, description) in module.activities_described() {
        let kind = a
            .kind
            .map(|k| format!(" ({})", k.label().to_lowercase()))
            .unwrap_or_default();
        let _ = writeln!(s, "  [{:>3} min] {}{kind}", a.minutes, a.title);
        for line in description.trim().lines() {
            let _ = writeln!(s, "      {line}");
        }
    }
    if !module.vocabulary.is_empty() {
        let _ = writeln!(s, "\nVocabulary");
        for t in &module.vocabulary {
            let _ = writeln!(s, "  {}: {}", t.term, t.definition);
        }
    }
    if !module.resources.is_empty() {
        let _ = writeln!(s, "\nResources");
        for r in &module.resources {
            let _ = writeln!(s, "  - {r}");
        }
    }
    let _ = writeln!(s, "\nSafeguarding");
    for line in module.text.safeguarding_notes.trim().lines() {
        let _ = writeln!(s, "  {line}");
    }
    if !module.signposting.is_empty() {
        let _ = writeln!(s, "\nWhere to get help");
        for id in &module.signposting {
            match library.service(id) {
                Some(service) => {
                    let phone = service
                        .phone
                        .as_deref()
                        .map(|p| format!(", {p}"))
                        .unwrap_or_default();
                    let url = service
                        .url
                        .as_deref()
                        .map(|u| format!(", {u}"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "  - {} ({}){phone}{url}",
                        service.name,
                        service.regions_label()
                    );
                }
                None => {
                    let _ = writeln!(s, "  - {id} (not in services.toml)");
                }
            }
        }
    }
    let _ = writeln!(s, "\nStudent handout");
    for line in module.text.handout.student.trim().lines() {
        let _ = writeln!(s, "  {line}");
    }
    if let Some(parent) = &module.text.handout.parent {
        let _ = writeln!(s, "\nParent/carer letter");
        for line in parent.trim().lines() {
            let _ = writeln!(s, "  {line}");
        }
    }
    s
}

pub fn paths(context: &Context, out: &mut dyn Write) -> std::io::Result<u8> {
    let p = &context.paths;
    writeln!(out, "config folder:  {}", p.config_dir.display())?;
    writeln!(out, "config file:    {}", p.config_file().display())?;
    writeln!(out, "data folder:    {}", p.data_dir.display())?;
    writeln!(out, "plans folder:   {}", p.plans_dir().display())?;
    writeln!(out, "exports folder: {}", p.exports_dir().display())?;
    writeln!(out, "libraries (later ones win):")?;
    for source in &context.sources {
        writeln!(out, "  {source}")?;
    }
    Ok(EXIT_OK)
}
