//! `lessonplan plan ...`: create and edit plan files from scripts.

use std::cell::OnceCell;
use std::io::Write;
use std::path::Path;

use super::{Context, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, find_plan};
use crate::cli::PlanCommand;
use crate::library::{Library, fields, year_groups};
use crate::paths;
use crate::plan::{
    self, ActivityChange, EditFileError, Plan, PlanEdit, PlanError, index_of, non_empty,
};
use crate::words;

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
            year,
            age,
            lesson,
            teacher,
            force,
        } => {
            let plans_dir = context.paths.plans_dir();
            let path = paths::new_plan_path(file, &plans_dir);
            if path.exists() && !force {
                writeln!(
                    err,
                    "lessonplan: {} already exists; use --force to replace it",
                    path.display()
                )?;
                return Ok(EXIT_PROBLEM);
            }
            // Read only when a band or year group must be checked against it.
            let library = OnceCell::new();
            let library = || library.get_or_init(|| context.load());
            if age.is_some() && !known_age_band(age.as_deref(), library(), err)? {
                return Ok(EXIT_USAGE);
            }
            let (year_group, age_band) = match year.as_deref().filter(|y| !y.trim().is_empty()) {
                None => (None, age.clone()),
                Some(year) => {
                    match year_groups::settle(context.year_system(library()), year, age.as_deref())
                    {
                        Ok((year, band)) => (Some(year), Some(band)),
                        Err(problem) => {
                            writeln!(err, "lessonplan: {problem}")?;
                            return Ok(EXIT_USAGE);
                        }
                    }
                }
            };
            let plan = Plan {
                group: group.clone(),
                year_group,
                age_band,
                lesson_minutes: *lesson,
                teacher: teacher.clone(),
                ..Plan::new(title.clone())
            };
            if let Err(error) = plan.save(&path) {
                return cannot_save(&path, &error, err);
            }
            saved(&plan, &path, out)?;
            if paths::is_bare_name(file) {
                writeln!(
                    out,
                    "it is in the plans folder: other commands find it by its name, `{}`",
                    file.display()
                )?;
                // The current folder is looked in first: a plan of that name there would be the
                // one other commands open.
                if let Ok(here) = paths::find_plan(file, &plans_dir)
                    && here != path
                {
                    writeln!(
                        err,
                        "note: {} in this folder is another plan, and commands given `{}` open that one; name this one by its path",
                        here.display(),
                        file.display()
                    )?;
                }
            }
            Ok(EXIT_OK)
        }
        PlanCommand::List { json } => list(context, *json, out, err),
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
            edit(context, file, out, err, |plan| {
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
        PlanCommand::Remove { file, position } => edit(context, file, out, err, |plan| {
            plan.remove(index_of(*position)?).map(|_| ())
        }),
        PlanCommand::Move { file, from, to } => edit(context, file, out, err, |plan| {
            plan.move_item(index_of(*from)?, index_of(*to)?)
        }),
        PlanCommand::Note {
            file,
            position,
            text,
        } => edit(context, file, out, err, |plan| {
            plan.set_item_notes(index_of(*position)?, text)
        }),
        PlanCommand::Activity {
            file,
            position,
            activity,
            leave_out,
            minutes,
            restore: _,
        } => {
            let library = context.load();
            let change = match (leave_out, minutes) {
                (true, _) => ActivityChange::LeaveOut,
                (false, Some(minutes)) => ActivityChange::Minutes(*minutes),
                (false, None) => ActivityChange::Restore,
            };
            edit(context, file, out, err, |plan| {
                let index = index_of(*position)?;
                let id = plan.items.get(index).map(|i| i.module.clone());
                let Some(module) = id.as_deref().and_then(|id| library.module(id)) else {
                    // No loaded library has the module (or there is no such item): its
                    // activities are unknown, so nothing can be left out.
                    plan.item_ref(index)?;
                    return Err(PlanError::NoSuchActivity {
                        position: index,
                        activity: *activity,
                        count: 0,
                    });
                };
                plan.change_activity(index, module, *activity, change)
            })
        }
        PlanCommand::Set {
            file,
            title,
            group,
            year,
            age,
            lesson,
            teacher,
            notes,
        } => {
            // A lesson length is whole minutes in range; "" clears it.
            let lesson_minutes = match lesson.as_deref().map(str::trim) {
                None => None,
                Some("") => Some(None),
                Some(typed) => match typed.parse::<u32>() {
                    Ok(minutes) if plan::LESSON_MINUTES.contains(&minutes) => Some(Some(minutes)),
                    _ => {
                        writeln!(
                            err,
                            "lessonplan: --lesson is a lesson length in whole minutes, from {} to {} (or \"\" to clear it), not `{typed}`",
                            plan::LESSON_MINUTES.start(),
                            plan::LESSON_MINUTES.end()
                        )?;
                        return Ok(EXIT_USAGE);
                    }
                },
            };
            // A blank age band clears it; any other must be known. The library is read only to
            // check a band or year group against it.
            let library = OnceCell::new();
            let library = || library.get_or_init(|| context.load());
            let age_band = age.as_deref().filter(|a| !a.trim().is_empty());
            if age_band.is_some() && !known_age_band(age_band, library(), err)? {
                return Ok(EXIT_USAGE);
            }
            // A year group sets the band too; a blank one clears the year group alone.
            let settled = match year.as_deref().map(str::trim) {
                None => None,
                Some("") => Some(None),
                Some(year) => {
                    match year_groups::settle(context.year_system(library()), year, age_band) {
                        Ok(settled) => Some(Some(settled)),
                        Err(problem) => {
                            writeln!(err, "lessonplan: {problem}")?;
                            return Ok(EXIT_USAGE);
                        }
                    }
                }
            };
            let Some(path) = find_plan(context, file, err)? else {
                return Ok(EXIT_PROBLEM);
            };
            let mut old_title = String::new();
            let changed = Plan::edit_file(&path, |plan| {
                old_title = plan.title.clone();
                let before = plan.details();
                let mut after = before.clone();
                if let Some(title) = title {
                    after.title = title.trim().to_string();
                }
                for (field, value) in [
                    (&mut after.group, group),
                    (&mut after.age_band, age),
                    (&mut after.teacher, teacher),
                    (&mut after.notes, notes),
                ] {
                    if let Some(value) = value {
                        *field = non_empty(value);
                    }
                }
                if let Some(minutes) = lesson_minutes {
                    after.lesson_minutes = minutes;
                }
                match &settled {
                    Some(Some((year, band))) => {
                        after.year_group = Some(year.clone());
                        after.age_band = Some(band.clone());
                    }
                    Some(None) => after.year_group = None,
                    // Another age band alone leaves a year group taught from it no more.
                    None if age.is_some() && after.age_band != before.age_band => {
                        after.year_group = None;
                    }
                    None => {}
                }
                plan.apply(&PlanEdit::SetDetails { before, after })
            });
            let plan = match changed {
                Ok(plan) => plan,
                Err(error) => return edit_failed(&path, error, err),
            };
            match plan::rename_for_title(&path, &old_title, &plan.title) {
                Ok(renamed) if renamed != path => {
                    saved(&plan, &renamed, out)?;
                    writeln!(out, "renamed from {} after the new title", path.display())?;
                }
                Ok(_) => {
                    saved(&plan, &path, out)?;
                }
                Err(error) => {
                    saved(&plan, &path, out)?;
                    writeln!(
                        err,
                        "warning: the file keeps its name: it could not be renamed after the new title: {error}"
                    )?;
                }
            }
            Ok(EXIT_OK)
        }
        PlanCommand::Schedule {
            file,
            day,
            time,
            term,
            from,
            clear,
            calendar,
            json,
        } => {
            let change = super::schedule::ScheduleChange {
                day: day.as_deref(),
                time: time.as_deref(),
                term: term.as_deref(),
                from: from.as_deref(),
                clear: *clear,
            };
            super::schedule::schedule(context, file, &change, calendar.as_deref(), *json, out, err)
        }
        PlanCommand::Bump {
            file,
            session,
            reason,
            restore,
            calendar,
        } => super::schedule::bump(
            context,
            file,
            &super::schedule::BumpChange {
                session: *session,
                reason: reason.as_deref(),
                restore: restore.as_deref(),
            },
            calendar.as_deref(),
            out,
            err,
        ),
        PlanCommand::Brief {
            file,
            position,
            on,
            clear,
        } => super::schedule::brief(context, file, *position, on.as_deref(), *clear, out, err),
        PlanCommand::Show { file, json } => {
            let Some(path) = find_plan(context, file, err)? else {
                return Ok(EXIT_PROBLEM);
            };
            show(context, &path, *json, out, err)
        }
    }
}

/// `lessonplan PLAN` without a terminal: the plan as `plan show` shows it.
pub fn show_given(
    context: &Context,
    given: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(path) = super::find_plan_given_alone(context, given, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    show(context, &path, false, out, err)
}

fn show(
    context: &Context,
    path: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let library = context.load();
    let plan = match Plan::load(path) {
        Ok(plan) => plan,
        Err(diagnostic) => {
            write!(err, "{diagnostic}")?;
            return Ok(EXIT_PROBLEM);
        }
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &plan)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    // A plan with a weekly slot is dated when the school's calendar can be read; `plan
    // schedule` says why not when it cannot.
    let dated = plan
        .schedule
        .as_ref()
        .and_then(|_| context.calendar(None).ok())
        .and_then(|(calendar, _)| crate::school_year::date_plan(&plan, &library, &calendar).ok());
    write_plan(&plan, &library, dated.as_ref(), out)?;
    Ok(EXIT_OK)
}

/// The plans folder's plans, newest first; one that cannot be read is listed with its error.
fn list(
    context: &Context,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let dir = context.paths.plans_dir();
    let listed = match plan::list_plans(&dir) {
        Ok(listed) => listed,
        Err(error) => {
            writeln!(
                err,
                "lessonplan: cannot read the plans folder {}: {error}",
                dir.display()
            )?;
            return Ok(EXIT_PROBLEM);
        }
    };
    let file_name = |path: &Path| {
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    if json {
        let rows: Vec<serde_json::Value> = listed
            .iter()
            .map(|listed| match &listed.plan {
                Ok(plan) => serde_json::json!({
                    "file": file_name(&listed.path),
                    "path": listed.path,
                    "title": plan.title,
                    "items": plan.items.len(),
                    "year_group": plan.year_group,
                    "age_band": plan.age_band,
                }),
                Err(diagnostic) => serde_json::json!({
                    "file": file_name(&listed.path),
                    "path": listed.path,
                    "error": diagnostic.headline(),
                }),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    if listed.is_empty() {
        writeln!(
            out,
            "no plans yet in {}; `lessonplan plan new NAME` makes one",
            dir.display()
        )?;
        return Ok(EXIT_OK);
    }
    let width = listed
        .iter()
        .map(|l| file_name(&l.path).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:<width$}  {:>5}  {:<5}  TITLE",
        "FILE", "ITEMS", "AGES"
    )?;
    for listed in &listed {
        let name = file_name(&listed.path);
        match &listed.plan {
            Ok(plan) => writeln!(
                out,
                "{name:<width$}  {:>5}  {:<5}  {}",
                plan.items.len(),
                plan.age_band.as_deref().unwrap_or("-"),
                plan.title
            )?,
            Err(diagnostic) => writeln!(
                out,
                "{name:<width$}  cannot be read: {}",
                diagnostic.headline()
            )?,
        }
    }
    writeln!(
        out,
        "{} in {}",
        words::count(listed.len(), "plan"),
        dir.display()
    )?;
    Ok(EXIT_OK)
}

/// Whether `age` (if given) is one of the framework's bands; if not, says which are.
fn known_age_band(
    age: Option<&str>,
    library: &Library,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    match age {
        Some(age) if library.framework.age_band(age).is_none() => {
            writeln!(
                err,
                "lessonplan: unknown age band `{age}`; use one of: {}",
                library.framework.band_ids().join(", ")
            )?;
            Ok(false)
        }
        _ => Ok(true),
    }
}

fn suggestion(id: &str, library: &Library) -> String {
    let ids: Vec<&str> = library.modules.iter().map(|m| m.id.as_str()).collect();
    match fields::closest(id, &ids) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "run `lessonplan list` to see module ids".to_string(),
    }
}

pub(super) fn saved(plan: &Plan, file: &Path, out: &mut dyn Write) -> std::io::Result<u8> {
    writeln!(
        out,
        "saved {} ({})",
        file.display(),
        words::count(plan.items.len(), "item")
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

/// Changes the plan given on the command line as one locked read-modify-write, so that edits
/// from processes running at once all survive.
pub(super) fn edit(
    context: &Context,
    given: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
    change: impl FnOnce(&mut Plan) -> Result<(), PlanError>,
) -> std::io::Result<u8> {
    let Some(path) = find_plan(context, given, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    match Plan::edit_file(&path, change) {
        Ok(plan) => saved(&plan, &path, out),
        Err(error) => edit_failed(&path, error, err),
    }
}

pub(super) fn edit_failed(
    file: &Path,
    error: EditFileError,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    match error {
        EditFileError::Unreadable(diagnostic) => {
            write!(err, "{diagnostic}")?;
            Ok(EXIT_PROBLEM)
        }
        EditFileError::Refused(error) => {
            writeln!(err, "lessonplan: {error}")?;
            // A position of 0, or an insert beyond the end, is a mistake in the command.
            Ok(match error {
                PlanError::PositionZero | PlanError::PastTheEnd { .. } => EXIT_USAGE,
                PlanError::NoSuchItem { .. } | PlanError::ItemChanged { .. } => EXIT_PROBLEM,
                PlanError::NoSuchActivity { .. } | PlanError::NoSuchSession { .. } => EXIT_USAGE,
                PlanError::NotDated(_) | PlanError::NotLost(_) => EXIT_PROBLEM,
            })
        }
        EditFileError::Write(error) => cannot_save(file, &error, err),
    }
}

fn write_plan(
    plan: &Plan,
    library: &Library,
    dated: Option<&crate::school_year::DatedPlan>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
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
        plan.year_group.clone(),
        plan.age_band.as_ref().map(|a| format!("ages {a}")),
        plan.teacher.as_ref().map(|t| format!("teacher {t}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        writeln!(out, "{}", details.join(", "))?;
    }
    if let Some(slot) = crate::school_year::slot_words(plan) {
        writeln!(out, "lessons: {slot}")?;
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
                    item.minutes(m),
                    m.title,
                    m.id
                )?;
                // What this lesson changes, so a shorter total is never a mystery.
                for (number, activity, kept) in item.changed_activities(m) {
                    let change = match kept {
                        None => "left out".to_string(),
                        Some(minutes) => format!("shortened to {minutes} min"),
                    };
                    writeln!(
                        out,
                        "               activity {number} {change}: {} ({} min)",
                        activity.title, activity.minutes
                    )?;
                }
            }
            None => writeln!(out, "{:>3}.    ? min  MISSING: {}", index + 1, item.module)?,
        }
        if let Some(notes) = &item.notes {
            writeln!(out, "               note: {notes}")?;
        }
    }
    writeln!(
        out,
        "total: {} minutes in {}",
        plan.total_minutes(library),
        words::count(plan.items.len(), "item")
    )?;
    // Laid into the school's slots, each session with what it teaches.
    let mut over = Vec::new();
    if let (Some(sessions), Some(slot)) = (
        crate::plan::sessions::sessions(plan, library),
        plan.lesson_minutes,
    ) {
        writeln!(
            out,
            "{} of {slot} min:",
            words::count(sessions.len(), "session")
        )?;
        for (n, session) in sessions.iter().enumerate() {
            let parts: Vec<String> = session
                .parts
                .iter()
                .map(|p| {
                    let title = plan.items[p.item].module.as_str();
                    let numbers: Vec<String> = p.activities.iter().map(usize::to_string).collect();
                    format!(
                        "{}. {title} (activities {})",
                        p.item + 1,
                        numbers.join(", ")
                    )
                })
                .collect();
            let date = dated
                .and_then(|d| d.dates.of_session(n + 1))
                .map_or(String::new(), |d| {
                    format!(" ({})", crate::school_year::short_date(d))
                });
            writeln!(
                out,
                "  session {}{date}: {} min  {}",
                n + 1,
                session.minutes,
                parts.join("; ")
            )?;
            if session.over_by(slot) > 0 {
                over.push(format!(
                    "session {} takes {} minutes, {} over its {slot}-minute slot: shorten or leave out an activity",
                    n + 1,
                    session.minutes,
                    session.over_by(slot)
                ));
            }
        }
    }
    for warning in plan.warnings(library) {
        writeln!(out, "warning: {warning}")?;
    }
    for problem in over {
        writeln!(out, "warning: {problem}")?;
    }
    Ok(())
}
