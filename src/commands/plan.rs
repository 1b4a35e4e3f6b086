//! `lessonplan plan ...`: create and edit plan files from scripts.

use std::io::Write;
use std::path::Path;

use super::{Context, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE};
use crate::cli::PlanCommand;
use crate::library::{Library, fields};
use crate::plan::{EditFileError, Plan, PlanError, index_of};

pub fn run(
    context: &Context,
    command: &PlanCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    match command {
        PlanCommand::New {
            file,
            title,
            group,
            age,
            teacher,
            force,
        } => {
            if file.exists() && !force {
                writeln!(
                    err,
                    "lessonplan: {} already exists; use --force to replace it",
                    file.display()
                )?;
                return Ok(EXIT_PROBLEM);
            }
            let library = context.load();
            if let Some(age) = age
                && library.framework.age_band(age).is_none()
            {
                writeln!(
                    err,
                    "lessonplan: unknown age band `{age}`; use one of: {}",
                    library.framework.band_ids().join(", ")
                )?;
                return Ok(EXIT_PROBLEM);
            }
            let plan = Plan {
                group: group.clone(),
                age_band: age.clone(),
                teacher: teacher.clone(),
                ..Plan::new(title.clone())
            };
            save(&plan, file, out, err)
        }
        PlanCommand::Add { file, modules, at } => {
            let library = context.load();
            for id in modules {
                if library.module(id).is_none() {
                    writeln!(
                        err,
                        "lessonplan: no module with id `{id}`; {}",
                        suggestion(id, &library)
                    )?;
                    return Ok(EXIT_PROBLEM);
                }
            }
            edit(file, out, err, |plan| {
                let Some(at) = at else {
                    for id in modules {
                        plan.add(id.clone());
                    }
                    return Ok(());
                };
                let first = index_of(*at)?;
                for (offset, id) in modules.iter().enumerate() {
                    plan.insert(first + offset, id.clone())?;
                }
                Ok(())
            })
        }
        PlanCommand::Remove { file, position } => edit(file, out, err, |plan| {
            plan.remove(index_of(*position)?).map(|_| ())
        }),
        PlanCommand::Move { file, from, to } => edit(file, out, err, |plan| {
            plan.move_item(index_of(*from)?, index_of(*to)?)
        }),
        PlanCommand::Note {
            file,
            position,
            text,
        } => edit(file, out, err, |plan| {
            plan.set_item_notes(index_of(*position)?, text)
        }),
        PlanCommand::Show { file, json } => {
            let library = context.load();
            let Some(plan) = open(file, err)? else {
                return Ok(EXIT_PROBLEM);
            };
            if *json {
                serde_json::to_writer_pretty(&mut *out, &plan)?;
                writeln!(out)?;
            } else {
                write_plan(&plan, &library, out)?;
            }
            Ok(EXIT_OK)
        }
    }
}

fn suggestion(id: &str, library: &Library) -> String {
    let ids: Vec<&str> = library.modules.iter().map(|m| m.id.as_str()).collect();
    match fields::closest(id, &ids) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "run `lessonplan list` to see module ids".to_string(),
    }
}

fn open(file: &Path, err: &mut dyn Write) -> std::io::Result<Option<Plan>> {
    match Plan::load(file) {
        Ok(plan) => Ok(Some(plan)),
        Err(diagnostic) => {
            write!(err, "{diagnostic}")?;
            Ok(None)
        }
    }
}

fn save(plan: &Plan, file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match plan.save(file) {
        Ok(()) => saved(plan, file, out),
        Err(error) => cannot_save(file, &error, err),
    }
}

fn saved(plan: &Plan, file: &Path, out: &mut dyn Write) -> std::io::Result<u8> {
    writeln!(
        out,
        "saved {} ({} item{})",
        file.display(),
        plan.items.len(),
        if plan.items.len() == 1 { "" } else { "s" }
    )?;
    Ok(EXIT_OK)
}

fn cannot_save(file: &Path, error: &std::io::Error, err: &mut dyn Write) -> std::io::Result<u8> {
    writeln!(
        err,
        "lessonplan: cannot save {}: {error}; the previous file is unchanged",
        file.display()
    )?;
    Ok(EXIT_PROBLEM)
}

/// Changes the plan in `file` as one locked read-modify-write, so that edits from processes
/// running at once all survive.
fn edit(
    file: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
    change: impl FnOnce(&mut Plan) -> Result<(), PlanError>,
) -> std::io::Result<u8> {
    match Plan::edit_file(file, change) {
        Ok(plan) => saved(&plan, file, out),
        Err(EditFileError::Unreadable(diagnostic)) => {
            write!(err, "{diagnostic}")?;
            Ok(EXIT_PROBLEM)
        }
        Err(EditFileError::Refused(error)) => {
            writeln!(err, "lessonplan: {error}")?;
            // A position of 0, or an insert beyond the end, is a mistake in the command.
            Ok(match error {
                PlanError::PositionZero | PlanError::PastTheEnd { .. } => EXIT_USAGE,
                PlanError::NoSuchItem { .. } | PlanError::ItemChanged { .. } => EXIT_PROBLEM,
            })
        }
        Err(EditFileError::Write(error)) => cannot_save(file, &error, err),
    }
}

fn write_plan(plan: &Plan, library: &Library, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        if plan.title.is_empty() {
            "(untitled plan)"
        } else {
            &plan.title
        }
    )?;
    let details: Vec<String> = [
        plan.group.as_ref().map(|g| format!("group {g}")),
        plan.age_band.as_ref().map(|a| format!("ages {a}")),
        plan.teacher.as_ref().map(|t| format!("teacher {t}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        writeln!(out, "{}", details.join(", "))?;
    }
    for (index, (item, module)) in plan.items.iter().zip(plan.resolve(library)).enumerate() {
        match module {
            Some(m) => {
                let flag = if m.is_sensitive() {
                    "  [sensitive]"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "{:>3}. {:>3} min  {} ({}){flag}",
                    index + 1,
                    m.duration_minutes,
                    m.title,
                    m.id
                )?;
            }
            None => writeln!(out, "{:>3}.    ? min  MISSING: {}", index + 1, item.module)?,
        }
        if let Some(notes) = &item.notes {
            writeln!(out, "               note: {notes}")?;
        }
    }
    writeln!(
        out,
        "total: {} minutes in {} item{}",
        plan.total_minutes(library),
        plan.items.len(),
        if plan.items.len() == 1 { "" } else { "s" }
    )?;
    for warning in plan.warnings(library) {
        writeln!(out, "warning: {warning}")?;
    }
    Ok(())
}
