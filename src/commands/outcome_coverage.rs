//! `lessonplan coverage --outcomes`: every outcome statement with the modules that teach it, and
//! the outcomes no module teaches, as a terminal list, Markdown, CSV or JSON. The counting is
//! the library's [`OutcomeCoverage`]; this only lays it out.

use std::io::Write;

use serde::Serialize;

use super::coverage::{LEGEND_WIDTH, csv_field, md_cell, wrapped};
use super::{Context, EXIT_OK, mention_problems};
use crate::cli::CoverageFormat;
use crate::library::Library;
use crate::library::coverage::OutcomeCoverage;
use crate::words;

pub fn run(
    context: &Context,
    format: CoverageFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let library = context.load();
    let report = library.outcome_coverage();
    match format {
        CoverageFormat::Table => write_list(&library, &report, out)?,
        CoverageFormat::Md => write_markdown(&library, &report, out)?,
        CoverageFormat::Csv => write_csv(&report, out)?,
        CoverageFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &document(&report))?;
            writeln!(out)?;
        }
    }
    mention_problems(&library, err)?;
    Ok(EXIT_OK)
}

/// "Self-image and identity, ages 4 to 7": the heading of one band's outcomes in a strand.
fn place(library: &Library, strand: &str, band: &str) -> String {
    let strand = library
        .framework
        .strands
        .iter()
        .find(|s| s.id == strand)
        .map_or(strand, |s| s.label.as_str());
    let band = library
        .framework
        .age_band(band)
        .map_or(band.to_string(), |b| b.label.to_lowercase());
    format!("{strand}, {band}")
}

/// The count line under every form: how many outcomes, and how many no module teaches.
fn summary(report: &OutcomeCoverage) -> String {
    let untaught = report.untaught().count();
    let mut text = format!(
        "{}; {} taught by no module",
        words::count(report.outcomes.len(), "outcome"),
        untaught
    );
    if !report.modules_without.is_empty() {
        text.push_str(&format!(
            "; {} name no outcome",
            words::count(report.modules_without.len(), "module")
        ));
    }
    text
}

/// Modules that name no outcome, for the end of the list and the Markdown.
fn without(report: &OutcomeCoverage) -> Option<String> {
    (!report.modules_without.is_empty()).then(|| {
        let ids: Vec<&str> = report
            .modules_without
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        format!("Modules that name no outcome: {}", ids.join(", "))
    })
}

const NOT_TAUGHT: &str = "NOT TAUGHT by any module";

fn write_list(
    library: &Library,
    report: &OutcomeCoverage,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut heading = String::new();
    for taught in &report.outcomes {
        let outcome = taught.outcome;
        let here = place(library, &outcome.strand, &outcome.age_band);
        if here != heading {
            if !heading.is_empty() {
                writeln!(out)?;
            }
            writeln!(out, "{here}")?;
            heading = here;
        }
        writeln!(out, "  {}  {}", outcome.id, outcome.statement)?;
        let by = if taught.modules.is_empty() {
            NOT_TAUGHT.to_string()
        } else {
            let ids: Vec<&str> = taught.modules.iter().map(|m| m.id.as_str()).collect();
            format!("taught by {}", ids.join(", "))
        };
        for line in wrapped(&by, LEGEND_WIDTH - 6).lines() {
            writeln!(out, "      {line}")?;
        }
    }
    writeln!(out)?;
    if let Some(without) = without(report) {
        writeln!(out, "{}", wrapped(&without, LEGEND_WIDTH))?;
    }
    writeln!(out, "{}", summary(report))
}

fn write_markdown(
    library: &Library,
    report: &OutcomeCoverage,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "| Strand and band | Outcome | Taught by |")?;
    writeln!(out, "|---|---|---|")?;
    for taught in &report.outcomes {
        let outcome = taught.outcome;
        let by = if taught.modules.is_empty() {
            format!("**{NOT_TAUGHT}**")
        } else {
            let ids: Vec<String> = taught
                .modules
                .iter()
                .map(|m| format!("`{}`", m.id))
                .collect();
            ids.join(", ")
        };
        writeln!(
            out,
            "| {} | {} (`{}`) | {} |",
            md_cell(&place(library, &outcome.strand, &outcome.age_band)),
            md_cell(&outcome.statement),
            md_cell(&outcome.id),
            by
        )?;
    }
    writeln!(out)?;
    if let Some(without) = without(report) {
        writeln!(out, "{}\n", md_cell(&without))?;
    }
    writeln!(out, "{}", summary(report))
}

/// One row per outcome; `modules` holds the teaching modules' ids separated by `;`.
fn write_csv(report: &OutcomeCoverage, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "id,age_band,strand,statement,module_count,modules")?;
    for taught in &report.outcomes {
        let outcome = taught.outcome;
        let ids: Vec<&str> = taught.modules.iter().map(|m| m.id.as_str()).collect();
        writeln!(
            out,
            "{},{},{},{},{},{}",
            csv_field(&outcome.id),
            csv_field(&outcome.age_band),
            csv_field(&outcome.strand),
            csv_field(&outcome.statement),
            ids.len(),
            csv_field(&ids.join(";"))
        )?;
    }
    Ok(())
}

/// The JSON document (docs/file-formats.md, "Outcomes"); fields are only ever added.
#[derive(Serialize)]
struct Document<'a> {
    outcomes: Vec<Taught<'a>>,
    untaught: Vec<&'a str>,
    modules_without_outcomes: Vec<&'a str>,
}

#[derive(Serialize)]
struct Taught<'a> {
    id: &'a str,
    age_band: &'a str,
    strand: &'a str,
    statement: &'a str,
    modules: Vec<&'a str>,
}

fn document<'a>(report: &'a OutcomeCoverage<'a>) -> Document<'a> {
    Document {
        outcomes: report
            .outcomes
            .iter()
            .map(|t| Taught {
                id: &t.outcome.id,
                age_band: &t.outcome.age_band,
                strand: &t.outcome.strand,
                statement: &t.outcome.statement,
                modules: t.modules.iter().map(|m| m.id.as_str()).collect(),
            })
            .collect(),
        untaught: report.untaught().map(|o| o.id.as_str()).collect(),
        modules_without_outcomes: report
            .modules_without
            .iter()
            .map(|m| m.id.as_str())
            .collect(),
    }
}
