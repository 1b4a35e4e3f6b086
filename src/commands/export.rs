//! `lessonplan export PLAN`: the plan's handouts as PDF, HTML or Markdown.

use std::io::Write;

use super::{Context, EXIT_OK, EXIT_PROBLEM, mention_problems};
use crate::cli::{ExportArgs, FormatArg, HandoutArg, PaperArg};
use crate::export::{self, ExportOptions, Format, Handout, Paper};
use crate::plan::Plan;

pub fn run(
    context: &Context,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let plan = match Plan::load(&args.plan) {
        Ok(plan) => plan,
        Err(diagnostic) => {
            write!(err, "{diagnostic}")?;
            return Ok(EXIT_PROBLEM);
        }
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
        format: match args.format {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Html => Format::Html,
            FormatArg::Md => Format::Markdown,
        },
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
    };
    let path = args.out.clone().unwrap_or_else(|| {
        let name = export::default_file_name(&plan.title, &options);
        match args.plan.parent() {
            Some(folder) => folder.join(name),
            None => name.into(),
        }
    });
    if path.exists() && !args.force {
        writeln!(
            err,
            "lessonplan: {} already exists; use --force to replace it, or --out to choose another name",
            path.display()
        )?;
        return Ok(EXIT_PROBLEM);
    }
    for warning in plan.warnings(&library) {
        writeln!(err, "warning: {warning}")?;
    }
    mention_problems(&library, err)?;
    match export::write(&plan, &library, &options, &path) {
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

/// The chosen handouts in printed order; none chosen, or `all`, means all three.
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
            })
        })
        .collect()
}
