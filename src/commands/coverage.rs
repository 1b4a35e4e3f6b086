//! `lessonplan coverage`: the library's [`Coverage`] grid as a terminal table, Markdown, CSV or
//! JSON. The counting is the library's; this only lays it out.

use std::io::Write;

use serde::Serialize;

use super::{Context, EXIT_OK, mention_problems};
use crate::cli::CoverageFormat;
use crate::library::Coverage;
use crate::library::coverage::{COUNTING, Cell};
use crate::words;

pub fn run(
    context: &Context,
    format: CoverageFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let library = context.load();
    let grid = library.coverage();
    match format {
        CoverageFormat::Table => write_table(&grid, out)?,
        CoverageFormat::Md => write_markdown(&grid, out)?,
        CoverageFormat::Csv => write_csv(&grid, out)?,
        CoverageFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &document(&grid))?;
            writeln!(out)?;
        }
    }
    mention_problems(&library, err)?;
    Ok(EXIT_OK)
}

/// "3 (135m)": modules, then their minutes; "-" for a gap.
fn cell_text(cell: &Cell) -> String {
    if cell.is_empty() {
        "-".to_string()
    } else {
        format!("{} ({}m)", cell.count(), cell.minutes)
    }
}

/// What the numbers mean and how many modules have several strands, under a table.
fn legend(grid: &Coverage) -> String {
    format!(
        "Each cell: modules (their minutes). {COUNTING} {} of {} have several strands.",
        grid.multi_strand_count(),
        words::count(grid.module_count(), "module")
    )
}

/// `text` broken into lines of at most `width` characters, between words.
pub(super) fn wrapped(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

const TOTAL_LABEL: &str = "TOTAL";
/// The legend under the terminal table fits an 80-column terminal.
pub(super) const LEGEND_WIDTH: usize = 78;

fn write_table(grid: &Coverage, out: &mut dyn Write) -> std::io::Result<()> {
    let width = grid
        .strands
        .iter()
        .map(|s| s.id.chars().count())
        .chain([TOTAL_LABEL.len(), "STRAND".len()])
        .max()
        .unwrap_or(0);
    // Each column as wide as its widest entry.
    let columns: Vec<usize> = (0..grid.bands.len())
        .map(|band| {
            grid.cells
                .iter()
                .map(|row| &row[band])
                .chain([&grid.totals[band]])
                .map(|cell| cell_text(cell).chars().count())
                .chain([grid.bands[band].id.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let row = |label: &str, cells: Vec<String>| {
        let mut line = format!("{label:<width$}");
        for (text, column) in cells.iter().zip(&columns) {
            line.push_str(&format!("  {text:>column$}"));
        }
        line
    };
    let header = grid.bands.iter().map(|b| b.id.clone()).collect();
    writeln!(out, "{}", row("STRAND", header))?;
    for (strand, cells) in grid.strands.iter().zip(&grid.cells) {
        writeln!(
            out,
            "{}",
            row(&strand.id, cells.iter().map(cell_text).collect())
        )?;
    }
    writeln!(
        out,
        "{}",
        row(TOTAL_LABEL, grid.totals.iter().map(cell_text).collect())
    )?;
    writeln!(out, "{}", wrapped(&legend(grid), LEGEND_WIDTH))?;
    writeln!(
        out,
        "{}; {} (shown as -)",
        words::count(grid.module_count(), "module"),
        words::count(grid.empty_cells(), "empty cell")
    )
}

/// Text in a Markdown table cell: a `|` would end the cell.
pub(super) fn md_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn write_markdown(grid: &Coverage, out: &mut dyn Write) -> std::io::Result<()> {
    let bands: Vec<String> = grid.bands.iter().map(|b| md_cell(&b.id)).collect();
    writeln!(out, "| Strand | {} |", bands.join(" | "))?;
    writeln!(out, "|---|{}", "---:|".repeat(bands.len()))?;
    for (strand, cells) in grid.strands.iter().zip(&grid.cells) {
        let cells: Vec<String> = cells.iter().map(cell_text).collect();
        writeln!(
            out,
            "| {} | {} |",
            md_cell(&strand.label),
            cells.join(" | ")
        )?;
    }
    let totals: Vec<String> = grid
        .totals
        .iter()
        .map(|cell| format!("**{}**", cell_text(cell)))
        .collect();
    writeln!(out, "| **Total** | {} |", totals.join(" | "))?;
    writeln!(out)?;
    writeln!(out, "{}", legend(grid))
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
pub(super) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// One row per strand and a last `total` row; for each band, its modules and their minutes.
/// Lines end in `\n` (every spreadsheet reads that), so the file is the same on any system.
fn write_csv(grid: &Coverage, out: &mut dyn Write) -> std::io::Result<()> {
    let mut header = vec!["strand".to_string(), "label".to_string()];
    for band in &grid.bands {
        header.push(csv_field(&format!("{} modules", band.id)));
        header.push(csv_field(&format!("{} minutes", band.id)));
    }
    writeln!(out, "{}", header.join(","))?;
    let line = |id: &str, label: &str, cells: &[Cell]| {
        let mut fields = vec![csv_field(id), csv_field(label)];
        for cell in cells {
            fields.push(cell.count().to_string());
            fields.push(cell.minutes.to_string());
        }
        fields.join(",")
    };
    for (strand, cells) in grid.strands.iter().zip(&grid.cells) {
        writeln!(out, "{}", line(&strand.id, &strand.label, cells))?;
    }
    writeln!(
        out,
        "{}",
        line("total", "Total (each module once)", &grid.totals)
    )
}

/// The JSON document (README, "Coverage"), in this order; fields are only ever added.
#[derive(Serialize)]
struct Document<'a> {
    bands: Vec<Named<'a>>,
    strands: Vec<Named<'a>>,
    rows: Vec<Row<'a>>,
    totals: Vec<CellOf<'a>>,
    module_count: usize,
    multi_strand_modules: usize,
    empty_cells: usize,
    counting: Counting,
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct Row<'a> {
    strand: &'a str,
    cells: Vec<CellOf<'a>>,
}

#[derive(Serialize)]
struct CellOf<'a> {
    band: &'a str,
    modules: &'a [String],
    count: usize,
    minutes: u32,
}

#[derive(Serialize)]
struct Counting {
    /// A module with several strands is in the cell of each.
    multi_strand: &'static str,
    /// A total counts each module of its band once.
    totals: &'static str,
    note: &'static str,
}

/// A row's cells (or the totals), each named by its band.
fn cells_of<'a>(grid: &'a Coverage, cells: &'a [Cell]) -> Vec<CellOf<'a>> {
    cells
        .iter()
        .zip(&grid.bands)
        .map(|(cell, band)| CellOf {
            band: &band.id,
            modules: &cell.modules,
            count: cell.count(),
            minutes: cell.minutes,
        })
        .collect()
}

fn document(grid: &Coverage) -> Document<'_> {
    Document {
        bands: grid
            .bands
            .iter()
            .map(|b| Named {
                id: &b.id,
                label: &b.label,
            })
            .collect(),
        strands: grid
            .strands
            .iter()
            .map(|s| Named {
                id: &s.id,
                label: &s.label,
            })
            .collect(),
        rows: grid
            .strands
            .iter()
            .zip(&grid.cells)
            .map(|(strand, row)| Row {
                strand: &strand.id,
                cells: cells_of(grid, row),
            })
            .collect(),
        totals: cells_of(grid, &grid.totals),
        module_count: grid.module_count(),
        multi_strand_modules: grid.multi_strand_count(),
        empty_cells: grid.empty_cells(),
        counting: Counting {
            multi_strand: "each-strand",
            totals: "each-module-once",
            note: COUNTING,
        },
    }
}
