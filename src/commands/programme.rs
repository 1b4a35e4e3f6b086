//! `lessonplan programme ...`: the school's programme of plans, its coverage, and its printed
//! long-term plan and coverage report.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Context, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, find_plan, mention_problems, report};
use crate::atomic::{Replace, folder_of};
use crate::cli::{PaperArg, ProgrammeCommand, SchoolFiles};
use crate::export::{self, Format, Paper};
use crate::library::year_groups::YearProblem;
use crate::library::{Diagnostic, Library, Severity};
use crate::plan::Plan;
use crate::school_year::programme::coverage::{self, Coverage};
use crate::school_year::programme::{self, Grid, NEW_TITLE, ProgrammeError};
use crate::school_year::{Calendar, Programme};

pub fn run(
    context: &Context,
    command: &ProgrammeCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    match command {
        ProgrammeCommand::New {
            title,
            force,
            files,
        } => new(context, title.as_deref(), *force, files, out, err),
        ProgrammeCommand::Show { json, files } => show(context, *json, files, out, err),
        ProgrammeCommand::Add {
            year_group,
            term,
            plan,
            files,
        } => add(context, (year_group, term, plan), files, out, err),
        ProgrammeCommand::Remove {
            year_group,
            term,
            plan,
            files,
        } => remove(context, (year_group, term, plan), files, out, err),
        ProgrammeCommand::Coverage { json, files } => coverage(context, *json, files, out, err),
        ProgrammeCommand::Check { files } => check(context, files, out, err),
        ProgrammeCommand::Export {
            long_term_plan,
            out: path,
            paper,
            force,
            files,
            ..
        } => {
            let asked = Asked {
                long_term_plan: *long_term_plan,
                path,
                paper: match paper {
                    PaperArg::A4 => Paper::A4,
                    PaperArg::Letter => Paper::Letter,
                },
                force: *force,
            };
            export(context, &asked, files, out, err)
        }
    }
}

fn new(
    context: &Context,
    title: Option<&str>,
    force: bool,
    files: &SchoolFiles,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let path = context.programme_path(files.programme.as_deref());
    if path.exists() && !force {
        writeln!(
            err,
            "lessonplan: {} already exists; use --force to replace it",
            path.display()
        )?;
        return Ok(EXIT_PROBLEM);
    }
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    let programme = Programme::new(title.unwrap_or(NEW_TITLE), &path);
    let replace = if force { Replace::Yes } else { Replace::No };
    if let Err(error) = programme.save(replace) {
        writeln!(
            err,
            "lessonplan: cannot save {}: {error}; nothing was written",
            path.display()
        )?;
        return Ok(EXIT_PROBLEM);
    }
    writeln!(out, "created {}", path.display())?;
    writeln!(
        out,
        "add plans with `lessonplan programme add YEAR_GROUP TERM PLAN`"
    )?;
    Ok(EXIT_OK)
}

/// The programme, or `None` once its problems are printed; its warnings are printed too.
fn load_programme(
    context: &Context,
    files: &SchoolFiles,
    err: &mut dyn Write,
) -> std::io::Result<Option<Programme>> {
    let path = context.programme_path(files.programme.as_deref());
    if !path.exists() {
        writeln!(
            err,
            "lessonplan: there is no programme at {}; create it with `lessonplan programme new`, or name another with --programme",
            path.display()
        )?;
        return Ok(None);
    }
    let (programme, problems) = Programme::load(&path);
    report(&problems, err)?;
    if programme.is_none() {
        writeln!(
            err,
            "lessonplan: fix the programme's errors above first; it is left as it is"
        )?;
    }
    Ok(programme)
}

/// The school's calendar, or `None` once its problems are printed.
fn load_calendar(
    context: &Context,
    files: &SchoolFiles,
    err: &mut dyn Write,
) -> std::io::Result<Option<Calendar>> {
    let path = context.calendar_path(files.calendar.as_deref());
    if !path.exists() {
        writeln!(
            err,
            "lessonplan: there is no calendar at {}; write the school's terms there (see docs/file-formats.md, calendar.toml), or name it with --calendar",
            path.display()
        )?;
        return Ok(None);
    }
    match context.calendar(files.calendar.as_deref()) {
        Ok((calendar, warnings)) => {
            report(&warnings, err)?;
            Ok(Some(calendar))
        }
        Err(problems) => {
            report(&problems, err)?;
            Ok(None)
        }
    }
}

/// The programme, its calendar, the library, and the grid they make.
struct School {
    programme: Programme,
    calendar: Calendar,
    library: Library,
    grid: Grid,
}

fn load_school(
    context: &Context,
    files: &SchoolFiles,
    err: &mut dyn Write,
) -> std::io::Result<Option<School>> {
    let Some(programme) = load_programme(context, files, err)? else {
        return Ok(None);
    };
    let Some(calendar) = load_calendar(context, files, err)? else {
        return Ok(None);
    };
    let library = context.load();
    let grid = programme::resolve(
        &programme,
        context.year_system(&library),
        &calendar,
        &context.paths.plans_dir(),
    );
    Ok(Some(School {
        programme,
        calendar,
        library,
        grid,
    }))
}

fn show(
    context: &Context,
    json: bool,
    files: &SchoolFiles,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(school) = load_school(context, files, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &grid_json(&school))?;
        writeln!(out)?;
    } else {
        show_text(&school, out)?;
        for problem in &school.grid.problems {
            writeln!(err, "{}", problem.headline())?;
        }
        if school.grid.has_errors() {
            writeln!(
                err,
                "note: `lessonplan programme check` shows each problem in full"
            )?;
        }
    }
    mention_problems(&school.library, err)?;
    Ok(EXIT_OK)
}

fn show_text(school: &School, out: &mut dyn Write) -> std::io::Result<()> {
    let grid = &school.grid;
    writeln!(out, "{}", grid.title)?;
    if let Some(title) = &school.calendar.title {
        writeln!(out, "Calendar: {title}")?;
    }
    if grid.rows.is_empty() {
        writeln!(
            out,
            "\nNo plans are placed yet: `lessonplan programme add YEAR_GROUP TERM PLAN` adds one."
        )?;
    }
    for row in &grid.rows {
        writeln!(out, "\n{} (ages {})", row.year.name, row.year.age_band)?;
        for (term, cell) in grid.terms.iter().zip(&row.cells) {
            if cell.is_empty() {
                writeln!(out, "  {term}: -")?;
                continue;
            }
            for placed in cell {
                match &placed.plan {
                    Err(_) => {
                        writeln!(out, "  {term}: {} cannot be read (see below)", placed.name)?
                    }
                    Ok(plan) => {
                        writeln!(out, "  {term}: {} ({})", plan.title, placed.name)?;
                        for title in module_titles(plan, &school.library) {
                            writeln!(out, "      - {title}")?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Each item's module title, or its id where no library has it.
fn module_titles(plan: &Plan, library: &Library) -> Vec<String> {
    plan.items
        .iter()
        .map(|item| match library.module(&item.module) {
            Some(module) => module.title.clone(),
            None => format!("{} (not in any loaded library)", item.module),
        })
        .collect()
}

#[derive(Serialize)]
struct GridJson<'a> {
    title: &'a str,
    file: String,
    terms: &'a [String],
    rows: Vec<RowJson<'a>>,
    problems: &'a [Diagnostic],
}

#[derive(Serialize)]
struct RowJson<'a> {
    year_group: &'a str,
    age_band: &'a str,
    cells: Vec<CellJson<'a>>,
}

#[derive(Serialize)]
struct CellJson<'a> {
    term: &'a str,
    plans: Vec<PlacedJson<'a>>,
}

#[derive(Serialize)]
struct PlacedJson<'a> {
    plan: &'a str,
    path: String,
    title: Option<&'a str>,
    modules: Vec<ModuleJson<'a>>,
    /// Why the plan could not be read, when it could not.
    error: Option<String>,
}

#[derive(Serialize)]
struct ModuleJson<'a> {
    id: &'a str,
    /// `null` for a module no loaded library has.
    title: Option<&'a str>,
}

fn grid_json(school: &School) -> GridJson<'_> {
    let grid = &school.grid;
    GridJson {
        title: &grid.title,
        file: school.programme.path.display().to_string(),
        terms: &grid.terms,
        rows: grid
            .rows
            .iter()
            .map(|row| RowJson {
                year_group: &row.year.name,
                age_band: &row.year.age_band,
                cells: grid
                    .terms
                    .iter()
                    .zip(&row.cells)
                    .map(|(term, cell)| CellJson {
                        term,
                        plans: cell
                            .iter()
                            .map(|placed| PlacedJson {
                                plan: &placed.name,
                                path: placed.path.display().to_string(),
                                title: placed.plan.as_ref().ok().map(|p| p.title.as_str()),
                                modules: placed
                                    .plan
                                    .as_ref()
                                    .map(|plan| {
                                        plan.items
                                            .iter()
                                            .map(|item| ModuleJson {
                                                id: &item.module,
                                                title: school
                                                    .library
                                                    .module(&item.module)
                                                    .map(|m| m.title.as_str()),
                                            })
                                            .collect()
                                    })
                                    .unwrap_or_default(),
                                error: placed.plan.as_ref().err().map(|d| d.headline()),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        problems: &grid.problems,
    }
}

fn add(
    context: &Context,
    (year_group, term, given): (&str, &str, &Path),
    files: &SchoolFiles,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(mut programme) = load_programme(context, files, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    let Some(calendar) = load_calendar(context, files, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    let library = context.load();
    let Some(path) = find_plan(context, given, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    let name = programme.name_for(&path, &context.paths.plans_dir());
    let system = context.year_system(&library);
    // Nothing is saved until the plan is known to fit the entry.
    let entry = match programme.add(system, &calendar, year_group, term, &name) {
        Ok(entry) => entry.clone(),
        Err(error) => {
            writeln!(err, "lessonplan: {error}")?;
            let misuse = matches!(
                error,
                ProgrammeError::Year(YearProblem::Unknown { .. })
                    | ProgrammeError::UnknownTerm { .. }
            );
            return Ok(if misuse { EXIT_USAGE } else { EXIT_PROBLEM });
        }
    };
    let plan = match Plan::load(&path) {
        Ok(plan) => plan,
        Err(problem) => {
            write!(err, "{problem}")?;
            writeln!(
                err,
                "lessonplan: fix the plan first; the programme is unchanged"
            )?;
            return Ok(EXIT_PROBLEM);
        }
    };
    if let Some(own) = plan.year_group.as_deref()
        && let Some(year) = system.and_then(|s| s.find(&entry.year_group))
        && !year.is_named(own)
    {
        writeln!(
            err,
            "lessonplan: {} is a plan for {own}, not {}; the programme is unchanged. Place it with {own}, or change the plan's year group (`lessonplan plan set {} --year \"{}\"`)",
            path.display(),
            year.name,
            given.display(),
            year.name
        )?;
        return Ok(EXIT_PROBLEM);
    }
    if !saved_over(&programme, err)? {
        return Ok(EXIT_PROBLEM);
    }
    writeln!(
        out,
        "{}: {} ({}) for {} in {}",
        programme.path.display(),
        plan.title,
        entry.plan,
        entry.year_group,
        entry.term
    )?;
    if plan.year_group.is_none() {
        writeln!(
            err,
            "note: the plan names no year group; `lessonplan plan set {} --year \"{}\"` sets its age band to match",
            given.display(),
            entry.year_group
        )?;
    }
    Ok(EXIT_OK)
}

/// Saves the programme over its file, or says why not (the file is then as it was).
fn saved_over(programme: &Programme, err: &mut dyn Write) -> std::io::Result<bool> {
    match programme.save(Replace::Yes) {
        Ok(()) => Ok(true),
        Err(error) => {
            writeln!(
                err,
                "lessonplan: cannot save {}: {error}; the previous file is unchanged",
                programme.path.display()
            )?;
            Ok(false)
        }
    }
}

fn remove(
    context: &Context,
    (year_group, term, plan): (&str, &str, &str),
    files: &SchoolFiles,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(mut programme) = load_programme(context, files, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    let library = context.load();
    let removed = match programme.remove(context.year_system(&library), year_group, term, plan) {
        Ok(removed) => removed,
        Err(error) => {
            writeln!(err, "lessonplan: {error}")?;
            return Ok(EXIT_PROBLEM);
        }
    };
    if !saved_over(&programme, err)? {
        return Ok(EXIT_PROBLEM);
    }
    writeln!(
        out,
        "{}: took {} out of {}, {} (the plan file is kept)",
        programme.path.display(),
        removed.plan,
        removed.year_group,
        removed.term
    )?;
    Ok(EXIT_OK)
}

fn coverage(
    context: &Context,
    json: bool,
    files: &SchoolFiles,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(school) = load_school(context, files, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    let today = context.options.today;
    let found = coverage::coverage(&school.grid, &school.library, &school.calendar, today);
    if json {
        #[derive(Serialize)]
        struct CoverageJson<'a> {
            title: &'a str,
            today: crate::library::Date,
            #[serde(flatten)]
            coverage: &'a Coverage,
            problems: &'a [Diagnostic],
        }
        serde_json::to_writer_pretty(
            &mut *out,
            &CoverageJson {
                title: &school.grid.title,
                today,
                coverage: &found,
                problems: &school.grid.problems,
            },
        )?;
        writeln!(out)?;
    } else {
        coverage_text(&school, &found, today, out)?;
        for problem in &school.grid.problems {
            writeln!(err, "{}", problem.headline())?;
        }
    }
    mention_problems(&school.library, err)?;
    Ok(EXIT_OK)
}

fn coverage_text(
    school: &School,
    found: &Coverage,
    today: crate::library::Date,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let framework = &school.library.framework;
    writeln!(out, "Coverage: {}", school.grid.title)?;
    let label_width = found
        .strands
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(0);
    for year in &found.years {
        writeln!(
            out,
            "\n{} (ages {}): {} min in all",
            year.year_group, year.age_band, year.minutes
        )?;
        for (strand, taught) in found.strands.iter().zip(&year.strands) {
            let modules = if taught.modules.is_empty() {
                "-".to_string()
            } else {
                taught.modules.join(", ")
            };
            writeln!(
                out,
                "  {:label_width$}  {:>4} min  {modules}",
                strand.label, taught.minutes
            )?;
        }
    }
    if !found.unreached.is_empty() {
        writeln!(out, "\nStrands an age band never reaches:")?;
        for gap in &found.unreached {
            let strands: Vec<&str> = gap
                .strands
                .iter()
                .map(|s| framework.strand_label(s))
                .collect();
            writeln!(
                out,
                "  ages {} ({}): {}",
                gap.age_band,
                gap.year_groups.join(", "),
                strands.join(", ")
            )?;
        }
    }
    if !found.progression.is_empty() {
        writeln!(out, "\nProgression:")?;
        for warning in &found.progression {
            writeln!(out, "  warning: {warning}")?;
        }
    }
    if !found.sensitive.is_empty() {
        writeln!(out, "\nSensitive lessons:")?;
        for lesson in &found.sensitive {
            let date = match (lesson.date, &lesson.undated) {
                (Some(date), _) => crate::school_year::long_date(date),
                (None, Some(why)) => format!("not dated: {why}"),
                (None, None) => "not dated".to_string(),
            };
            writeln!(
                out,
                "  {}, {}: {} (`{}`, in {}): {date}; {}",
                lesson.year_group,
                lesson.term,
                lesson.title,
                lesson.module,
                lesson.plan,
                lesson.briefing(today)
            )?;
        }
    }
    Ok(())
}

fn check(
    context: &Context,
    files: &SchoolFiles,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(school) = load_school(context, files, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    report(&school.grid.problems, err)?;
    let found = coverage::coverage(
        &school.grid,
        &school.library,
        &school.calendar,
        context.options.today,
    );
    for warning in &found.progression {
        writeln!(err, "warning: {warning}")?;
    }
    for lesson in found.sensitive.iter().filter(|l| l.needs_briefing) {
        writeln!(
            err,
            "warning: {}, {}: `{}` is sensitive and {}; record the briefing as `dsl_briefed = YYYY-MM-DD` on its item in {}",
            lesson.year_group,
            lesson.term,
            lesson.module,
            lesson.briefing(context.options.today).to_lowercase(),
            lesson.plan
        )?;
    }
    let errors = school
        .grid
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let placed = school.grid.plans().count();
    writeln!(
        out,
        "{}: {} for {}, {}",
        school.programme.path.display(),
        crate::words::count(placed, "plan"),
        crate::words::count(school.grid.rows.len(), "year group"),
        match errors {
            0 => "no errors".to_string(),
            n => crate::words::count(n, "error"),
        }
    )?;
    Ok(if errors > 0 { EXIT_PROBLEM } else { EXIT_OK })
}

/// What `programme export` was asked for.
struct Asked<'a> {
    long_term_plan: bool,
    path: &'a PathBuf,
    paper: Paper,
    force: bool,
}

fn export(
    context: &Context,
    asked: &Asked,
    files: &SchoolFiles,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(format) = Format::for_path(asked.path) else {
        writeln!(
            err,
            "lessonplan: which format is {} to be? End its name with .pdf, .html or .md",
            asked.path.display()
        )?;
        return Ok(EXIT_USAGE);
    };
    if !folder_of(asked.path).is_dir() {
        writeln!(
            err,
            "lessonplan: cannot write {}: the folder {} does not exist; make it first, or choose another -o",
            asked.path.display(),
            folder_of(asked.path).display()
        )?;
        return Ok(EXIT_PROBLEM);
    }
    if asked.path.exists() && !asked.force {
        writeln!(
            err,
            "lessonplan: {} already exists; use --force to replace it, or -o to choose another name",
            asked.path.display()
        )?;
        return Ok(EXIT_PROBLEM);
    }
    let Some(school) = load_school(context, files, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    for problem in &school.grid.problems {
        writeln!(err, "{}", problem.headline())?;
    }
    let region = context
        .region(None, &school.library)
        .unwrap_or_else(|_| "uk".to_string());
    let options = export::ExportOptions {
        format,
        region,
        paper: asked.paper,
        school: context.config.school.clone(),
        date: Some(context.options.today),
        ..export::ExportOptions::default()
    };
    let printed = export::programme::Printed {
        grid: &school.grid,
        calendar: &school.calendar,
        library: &school.library,
        options: &options,
    };
    let document = if asked.long_term_plan {
        printed.long_term_plan()
    } else {
        let found = coverage::coverage(
            &school.grid,
            &school.library,
            &school.calendar,
            context.options.today,
        );
        printed.coverage_report(&found)
    };
    let written = export::render_document(&document, &options)
        .and_then(|bytes| export::save(&bytes, asked.path));
    match written {
        Ok(()) => {
            writeln!(out, "{}", asked.path.display())?;
            Ok(EXIT_OK)
        }
        Err(error) => {
            writeln!(err, "lessonplan: {error}")?;
            Ok(EXIT_PROBLEM)
        }
    }
}
