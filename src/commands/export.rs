//! `lessonplan export PLAN`: the plan's handouts as PDF, HTML or Markdown, or its lesson dates
//! as a calendar file (`--ics`), which is not a handout and so takes its own path here.

use std::io::Write;
use std::path::Path;

use super::{Context, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, find_plan, mention_problems, report};
use crate::atomic::folder_of;
use crate::cli::{ExportArgs, FormatArg, HandoutArg, PaperArg};
use crate::export::{self, ExportError, ExportOptions, Format, Handout, Paper, ics};
use crate::paths;
use crate::plan::sessions::session_label;
use crate::plan::{self, Plan};
use crate::school_year::long_date;

/// The school's calendar, for a plan with a weekly slot; one that cannot be read is said, and the
/// handouts print without dates.
fn school_calendar(
    context: &Context,
    plan: &Plan,
    flag: Option<&Path>,
    err: &mut dyn Write,
) -> std::io::Result<Option<crate::school_year::Calendar>> {
    if plan.schedule.is_none() {
        return Ok(None);
    }
    match context.calendar(flag) {
        Ok((calendar, _)) => Ok(Some(calendar)),
        Err(problems) => {
            report(&problems, err)?;
            writeln!(
                err,
                "warning: the handouts are printed without lesson dates, as the school's calendar cannot be read"
            )?;
            Ok(None)
        }
    }
}

pub fn run(
    context: &Context,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if args.ics || args.out.as_deref().is_some_and(names_calendar_file) {
        return calendar_file(context, args, out, err);
    }
    let format = match chosen_format(args.format, args.out.as_deref()) {
        Ok(format) => format,
        Err(message) => {
            writeln!(err, "lessonplan: {message}")?;
            return Ok(EXIT_USAGE);
        }
    };
    let Some((plan_path, plan)) = plan_to_export(context, args, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    let library = context.load();
    let region = match context.region(args.region.as_deref(), &library) {
        Ok(region) => region,
        Err(message) => {
            writeln!(err, "{}", message.trim_end())?;
            return Ok(EXIT_PROBLEM);
        }
    };
    let options = ExportOptions {
        handouts: handouts(&args.handouts),
        format,
        region,
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        large_print: args.large_print,
        skip_missing: args.skip_missing,
        school: context.config.school.clone(),
        date: Some(context.options.today),
        reply_slip: args.reply_slip,
        session_per_page: args.session_per_page,
        calendar: school_calendar(context, &plan, args.calendar.as_deref(), err)?,
    };
    let name = export::default_file_name(&plan.title, &options);
    let Some(path) = where_to_write(context, args, &plan_path, name, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    for warning in plan.warnings(&library) {
        writeln!(err, "warning: {warning}")?;
    }
    mention_problems(&library, err)?;
    match export::write(&plan, &library, &options, &path) {
        Ok(()) => {
            writeln!(out, "{}", path.display())?;
            Ok(EXIT_OK)
        }
        Err(ExportError::Io { path, error }) => {
            writeln!(
                err,
                "lessonplan: cannot write {}: {}; choose a folder you can write to",
                path.display(),
                error
            )?;
            Ok(EXIT_PROBLEM)
        }
        Err(error) => {
            writeln!(err, "lessonplan: {error}")?;
            Ok(EXIT_PROBLEM)
        }
    }
}

/// Whether `path` ends in `.ics`, in any case.
fn names_calendar_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ending| ending.eq_ignore_ascii_case("ics"))
}

/// Where the export goes: `--out`, else `name` beside the plan (a plan in the plans folder has
/// its exports in the exports folder, where the planner puts them); `None` once it is said that
/// the file is there and `--force` was not given.
fn where_to_write(
    context: &Context,
    args: &ExportArgs,
    plan_path: &Path,
    name: String,
    err: &mut dyn Write,
) -> std::io::Result<Option<std::path::PathBuf>> {
    let path = args.out.clone().unwrap_or_else(|| {
        if paths::is_directly_in(plan_path, &context.paths.plans_dir()) {
            context.paths.exports_dir().join(name)
        } else {
            folder_of(plan_path).join(name)
        }
    });
    if path.exists() && !args.force {
        writeln!(
            err,
            "lessonplan: {} already exists; use --force to replace it, or --out to choose another name",
            path.display()
        )?;
        return Ok(None);
    }
    Ok(Some(path))
}

/// The plan to export, found and read, once the folder to write into is known to be there (a
/// mistyped folder is not made without a word); `None` when either was said to be wrong.
fn plan_to_export(
    context: &Context,
    args: &ExportArgs,
    err: &mut dyn Write,
) -> std::io::Result<Option<(std::path::PathBuf, Plan)>> {
    if let Some(asked) = &args.out
        && let Some(problem) = folder_problem(folder_of(asked))
    {
        writeln!(
            err,
            "lessonplan: cannot write {}: {problem}",
            asked.display()
        )?;
        return Ok(None);
    }
    let Some(plan_path) = find_plan(context, &args.plan, err)? else {
        return Ok(None);
    };
    match Plan::load(&plan_path) {
        Ok(plan) => Ok(Some((plan_path, plan))),
        Err(diagnostic) => {
            write!(err, "{diagnostic}")?;
            Ok(None)
        }
    }
}

/// `export PLAN --ics`: one event per dated session, on the school's calendar.
fn calendar_file(
    context: &Context,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    // `--ics` refuses these itself; an `.ics` name alone must too, or they would be ignored.
    let handout_options = [
        (!args.handouts.is_empty(), "--handout"),
        (args.format.is_some(), "--format"),
        (args.large_print, "--large-print"),
        (args.reply_slip, "--reply-slip"),
        (args.session_per_page, "--session-per-page"),
    ];
    if let Some((_, option)) = handout_options.iter().find(|(given, _)| *given) {
        writeln!(
            err,
            "lessonplan: {option} is for handouts, but a calendar file (.ics) is asked for; leave out {option}, or give --out a handout's name (.pdf, .html, .md)"
        )?;
        return Ok(EXIT_USAGE);
    }
    if let Some(asked) = &args.out
        && let Some(format) = Format::for_path(asked)
    {
        writeln!(
            err,
            "lessonplan: --ics writes a calendar file, but --out {} is named as {} {} file; end it with .ics",
            asked.display(),
            if format == Format::Html { "an" } else { "a" },
            format.label()
        )?;
        return Ok(EXIT_USAGE);
    }
    let Some((plan_path, plan)) = plan_to_export(context, args, err)? else {
        return Ok(EXIT_PROBLEM);
    };
    // What the plan lacks is said before the calendar is looked for: it is the first thing to fix.
    if let Err(problem) = ics::ready(&plan) {
        writeln!(err, "lessonplan: {}: {problem}", plan_path.display())?;
        return Ok(EXIT_PROBLEM);
    }
    let library = context.load();
    let missing: Vec<String> = plan
        .items
        .iter()
        .zip(plan.resolve(&library))
        .filter(|(_, module)| module.is_none())
        .map(|(item, _)| item.module.clone())
        .collect();
    if !missing.is_empty() && !args.skip_missing {
        writeln!(err, "lessonplan: {}", ExportError::MissingModules(missing))?;
        return Ok(EXIT_PROBLEM);
    }
    let calendar_path = context.calendar_path(args.calendar.as_deref());
    let calendar = match context.calendar(args.calendar.as_deref()) {
        Ok((calendar, warnings)) => {
            report(&warnings, err)?;
            calendar
        }
        Err(problems) => {
            report(&problems, err)?;
            return Ok(EXIT_PROBLEM);
        }
    };
    let plan_id = plan_path
        .file_stem()
        .map_or_else(|| "plan".to_string(), |s| s.to_string_lossy().into_owned());
    let dated = match ics::plan_events(&plan, &library, &calendar, &plan_id) {
        Ok(dated) => dated,
        Err(problem) => {
            writeln!(err, "lessonplan: {}: {problem}", plan_path.display())?;
            return Ok(EXIT_PROBLEM);
        }
    };
    let stem = plan::file_stem_for(&plan.title);
    let Some(path) = where_to_write(
        context,
        args,
        &plan_path,
        format!("{stem}-lessons.ics"),
        err,
    )?
    else {
        return Ok(EXIT_PROBLEM);
    };
    for warning in plan.warnings(&library) {
        writeln!(err, "warning: {warning}")?;
    }
    if let Some(undated) = session_label(&dated.undated) {
        let ends = match calendar.terms.last() {
            Some(term) => format!("its last term ends on {}", long_date(term.ends)),
            None => "it has no terms".to_string(),
        };
        writeln!(
            err,
            "warning: {undated} of {} {} no date, so the calendar file leaves {} out: {} runs out first ({ends}); add the next terms to it and export again",
            dated.events.len() + dated.undated.len(),
            if dated.undated.len() == 1 {
                "has"
            } else {
                "have"
            },
            if dated.undated.len() == 1 {
                "it"
            } else {
                "them"
            },
            calendar_path.display(),
        )?;
    }
    mention_problems(&library, err)?;
    let name = ics::calendar_name(&plan, &plan_id);
    match export::save(ics::write(&dated.events, name).as_bytes(), &path) {
        Ok(()) => {
            writeln!(out, "{}", path.display())?;
            Ok(EXIT_OK)
        }
        Err(error) => {
            writeln!(err, "lessonplan: {error}")?;
            Ok(EXIT_PROBLEM)
        }
    }
}

/// The format `--format` names, else the one the `--out` name ends in, else PDF. A `--format`
/// that another format's ending contradicts, or an `--out` ending that names no format and no
/// `--format` to say, is a mistake in the command.
fn chosen_format(flag: Option<FormatArg>, out: Option<&Path>) -> Result<Format, String> {
    let flag = flag.map(|f| match f {
        FormatArg::Pdf => Format::Pdf,
        FormatArg::Html => Format::Html,
        FormatArg::Md => Format::Markdown,
    });
    let Some((out, ending)) = out.and_then(|o| Some((o, o.extension()?.to_str()?))) else {
        return Ok(flag.unwrap_or(Format::Pdf));
    };
    let named = match ending.to_ascii_lowercase().as_str() {
        "pdf" => Some(Format::Pdf),
        "html" | "htm" => Some(Format::Html),
        "md" | "markdown" => Some(Format::Markdown),
        _ => None,
    };
    match (flag, named) {
        (Some(flag), Some(named)) if flag != named => Err(format!(
            "--format {} does not match --out {}, which is named as {} {} file; change one so they agree",
            flag.extension(),
            out.display(),
            if named == Format::Html { "an" } else { "a" },
            named.label()
        )),
        (Some(format), _) | (None, Some(format)) => Ok(format),
        (None, None) => Err(format!(
            "which format is --out {} to be? Give --format pdf, html or md, or end the name with .pdf, .html or .md",
            out.display()
        )),
    }
}

/// Why nothing can be written into `folder`, if so.
fn folder_problem(folder: &Path) -> Option<String> {
    match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => None,
        Ok(_) => Some(format!("{} is not a folder", folder.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Some(format!(
            "the folder {} does not exist; make it first, or choose another --out",
            folder.display()
        )),
        Err(error) => Some(format!(
            "cannot use the folder {}: {error}",
            folder.display()
        )),
    }
}

/// The chosen handouts in printed order; none chosen, or `all`, means all of them.
fn handouts(chosen: &[HandoutArg]) -> Vec<Handout> {
    if chosen.is_empty() || chosen.contains(&HandoutArg::All) {
        return Handout::ALL.to_vec();
    }
    Handout::ALL
        .into_iter()
        .filter(|h| {
            chosen.contains(&match h {
                Handout::Teacher => HandoutArg::Teacher,
                Handout::Student => HandoutArg::Student,
                Handout::Parent => HandoutArg::Parent,
                Handout::Resources => HandoutArg::Resources,
            })
        })
        .collect()
}
