//! `lessonplan coverage` in each format, checked against the modules `lessonplan list --json`
//! reports for the same libraries.

mod common;

use common::{fixture, program};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The binary with a private config and data folder, today fixed, on the bundled library and
/// the `good` fixture (whose module has two strands).
fn lessonplan(home: &Path) -> Command {
    let mut cmd = program(home);
    cmd.arg("-L").arg(fixture("good"));
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// What the grid should hold, worked out from the module list.
struct Expected {
    bands: Vec<String>,
    strands: Vec<String>,
    /// (strand, band) -> module ids
    cells: BTreeMap<(String, String), BTreeSet<String>>,
    /// band -> module ids, each once
    totals: BTreeMap<String, BTreeSet<String>>,
    minutes: BTreeMap<String, u64>,
}

impl Expected {
    fn new(home: &Path) -> Expected {
        let list: Vec<Value> =
            serde_json::from_str(&stdout_of(lessonplan(home).args(["list", "--json"]))).unwrap();
        let mut expected = Expected {
            bands: ["4-7", "7-11", "11-14", "14-18"].map(String::from).to_vec(),
            strands: Vec::new(),
            cells: BTreeMap::new(),
            totals: BTreeMap::new(),
            minutes: BTreeMap::new(),
        };
        for module in &list {
            let id = module["id"].as_str().unwrap().to_string();
            let band = module["age_band"].as_str().unwrap().to_string();
            for strand in module["strands"].as_array().unwrap() {
                let strand = strand.as_str().unwrap().to_string();
                expected
                    .cells
                    .entry((strand, band.clone()))
                    .or_default()
                    .insert(id.clone());
            }
            expected.totals.entry(band).or_default().insert(id.clone());
            expected
                .minutes
                .insert(id, module["duration_minutes"].as_u64().unwrap());
        }
        let json: Value = serde_json::from_str(&stdout_of(
            lessonplan(home).args(["coverage", "--format", "json"]),
        ))
        .unwrap();
        expected.strands = json["strands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(expected.strands.len(), 8, "the bundled framework's strands");
        expected
    }

    fn cell(&self, strand: &str, band: &str) -> BTreeSet<String> {
        self.cells
            .get(&(strand.to_string(), band.to_string()))
            .cloned()
            .unwrap_or_default()
    }

    fn total(&self, band: &str) -> BTreeSet<String> {
        self.totals.get(band).cloned().unwrap_or_default()
    }

    fn minutes(&self, ids: &BTreeSet<String>) -> u64 {
        ids.iter().map(|id| self.minutes[id]).sum()
    }

    /// As the table and Markdown show a cell.
    fn text(&self, ids: &BTreeSet<String>) -> String {
        if ids.is_empty() {
            "-".to_string()
        } else {
            format!("{} ({}m)", ids.len(), self.minutes(ids))
        }
    }
}

#[test]
fn the_table_shows_modules_and_minutes_and_a_total_of_distinct_modules() {
    let home = tempfile::tempdir().unwrap();
    let expected = Expected::new(home.path());
    let table = stdout_of(lessonplan(home.path()).arg("coverage"));
    let default = stdout_of(lessonplan(home.path()).args(["coverage", "--format", "table"]));
    assert_eq!(table, default, "table is the default");
    let lines: Vec<&str> = table.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(header[0], "STRAND");
    assert_eq!(header[1..], expected.bands);
    for (strand, line) in expected.strands.iter().zip(&lines[1..]) {
        let (name, cells) = line.split_at(line.find("  ").unwrap());
        assert_eq!(name, strand);
        let shown = cells_of(cells);
        let wanted: Vec<String> = expected
            .bands
            .iter()
            .map(|band| expected.text(&expected.cell(strand, band)))
            .collect();
        assert_eq!(shown, wanted, "{line}");
    }
    let total = lines[1 + expected.strands.len()];
    assert!(total.starts_with("TOTAL "), "{table}");
    let wanted: Vec<String> = expected
        .bands
        .iter()
        .map(|band| expected.text(&expected.total(band)))
        .collect();
    assert_eq!(cells_of(&total["TOTAL".len()..]), wanted, "{table}");
    // 14-18's strands add up to more than it has: the table says why.
    let column: usize = expected
        .strands
        .iter()
        .map(|s| expected.cell(s, "14-18").len())
        .sum();
    assert!(column > expected.total("14-18").len());
    let legend = table.replace('\n', " ");
    assert!(
        legend.contains("A module with several strands is counted in each of them")
            && legend.contains("the total counts each module once"),
        "{table}"
    );
    let modules = expected.minutes.len();
    assert!(table.ends_with(&format!("{modules} modules; 0 empty cells (shown as -)\n")));
}

/// The cells of a table row: "3 (135m)" or "-", split on the runs of spaces between them.
fn cells_of(text: &str) -> Vec<String> {
    text.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn markdown_is_a_table_with_labels_a_bold_total_and_the_counting_rule() {
    let home = tempfile::tempdir().unwrap();
    let expected = Expected::new(home.path());
    let md = stdout_of(lessonplan(home.path()).args(["coverage", "--format", "md"]));
    let rows: Vec<Vec<&str>> = md
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    assert_eq!(rows[0], ["Strand", "4-7", "7-11", "11-14", "14-18"]);
    assert_eq!(rows[1], ["---|---:|---:|---:|---:"]);
    assert_eq!(rows.len(), 2 + expected.strands.len() + 1, "{md}");
    assert_eq!(rows[2][0], "Self-image and identity", "labels, not ids");
    assert_eq!(rows[7][0], "Health, wellbeing and lifestyle");
    for (strand, row) in expected.strands.iter().zip(&rows[2..]) {
        for (band, shown) in expected.bands.iter().zip(&row[1..]) {
            assert_eq!(*shown, expected.text(&expected.cell(strand, band)));
        }
    }
    let total = rows.last().unwrap();
    assert_eq!(total[0], "**Total**");
    for (band, shown) in expected.bands.iter().zip(&total[1..]) {
        assert_eq!(
            *shown,
            format!("**{}**", expected.text(&expected.total(band)))
        );
    }
    assert!(md.contains("\n\nEach cell: modules (their minutes). A module with several strands"));
}

/// Splits CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "CSV ends with a line break"
    );
    rows
}

#[test]
fn csv_parses_with_counts_and_minutes_per_band_and_a_total_row() {
    let home = tempfile::tempdir().unwrap();
    let expected = Expected::new(home.path());
    let csv = stdout_of(lessonplan(home.path()).args(["coverage", "--format", "csv"]));
    let rows = parse_csv(&csv);
    let mut header = vec!["strand".to_string(), "label".to_string()];
    for band in &expected.bands {
        header.push(format!("{band} modules"));
        header.push(format!("{band} minutes"));
    }
    assert_eq!(rows[0], header);
    assert_eq!(rows.len(), 1 + expected.strands.len() + 1);
    assert!(rows.iter().all(|r| r.len() == header.len()), "{rows:?}");
    assert_eq!(
        rows[6][1], "Health, wellbeing and lifestyle",
        "a quoted comma"
    );
    for (strand, row) in expected.strands.iter().zip(&rows[1..]) {
        assert_eq!(row[0], *strand);
        for (i, band) in expected.bands.iter().enumerate() {
            let ids = expected.cell(strand, band);
            assert_eq!(row[2 + 2 * i], ids.len().to_string(), "{strand} {band}");
            assert_eq!(row[3 + 2 * i], expected.minutes(&ids).to_string());
        }
    }
    let total = rows.last().unwrap();
    assert_eq!(total[0], "total");
    for (i, band) in expected.bands.iter().enumerate() {
        let ids = expected.total(band);
        assert_eq!(total[2 + 2 * i], ids.len().to_string(), "{band}");
        assert_eq!(total[3 + 2 * i], expected.minutes(&ids).to_string());
    }
}

#[test]
fn json_lists_each_cells_modules_and_says_how_they_are_counted() {
    let home = tempfile::tempdir().unwrap();
    let expected = Expected::new(home.path());
    let text = stdout_of(lessonplan(home.path()).args(["coverage", "--format", "json"]));
    let json: Value = serde_json::from_str(&text).unwrap();
    let older = stdout_of(lessonplan(home.path()).args(["coverage", "--json"]));
    assert_eq!(text, older, "--json is --format json");

    let ids = |cell: &Value| -> BTreeSet<String> {
        cell["modules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_string())
            .collect()
    };
    let bands: Vec<&str> = json["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(bands, expected.bands);
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.strands.len());
    for (row, strand) in rows.iter().zip(&expected.strands) {
        assert_eq!(row["strand"], strand.as_str());
        let cells = row["cells"].as_array().unwrap();
        assert_eq!(cells.len(), bands.len());
        for (cell, band) in cells.iter().zip(&expected.bands) {
            assert_eq!(cell["band"], band.as_str());
            let want = expected.cell(strand, band);
            assert_eq!(ids(cell), want, "{strand} {band}");
            assert_eq!(cell["count"], want.len());
            assert_eq!(cell["minutes"], expected.minutes(&want));
        }
    }
    for (total, band) in json["totals"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&expected.bands)
    {
        let want = expected.total(band);
        assert_eq!(ids(total), want, "{band}");
        assert_eq!(total["count"], want.len());
        assert_eq!(total["minutes"], expected.minutes(&want));
    }
    assert_eq!(json["module_count"], expected.minutes.len());
    // The good fixture's module is one with two strands.
    let good = "phone-rules-7-11";
    assert!(ids(&rows[5]["cells"][1]).contains(good) && ids(&rows[6]["cells"][1]).contains(good));
    let several = expected
        .minutes
        .keys()
        .filter(|id| expected.cells.values().filter(|c| c.contains(*id)).count() > 1)
        .count();
    assert_eq!(json["multi_strand_modules"], several);
    assert_eq!(json["counting"]["multi_strand"], "each-strand");
    assert_eq!(json["counting"]["totals"], "each-module-once");
    assert!(
        json["counting"]["note"]
            .as_str()
            .unwrap()
            .contains("counted in each of them")
    );
}

#[test]
fn json_and_another_format_together_are_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    lessonplan(home.path())
        .args(["coverage", "--json", "--format", "csv"])
        .assert()
        .code(2);
    lessonplan(home.path())
        .args(["coverage", "--format", "pdf"])
        .assert()
        .code(2);
}

/// A school library with two outcomes of its own, one taught by its module and one not.
fn school_with_outcomes() -> tempfile::TempDir {
    common::good_with_outcomes(
        "[[outcomes]]\nid = \"ours-7-11-agree\"\nage_band = \"7-11\"\nstrand = \"privacy-and-security\"\n\
         statement = \"I can agree phone rules with my family, and say why.\"\n\n\
         [[outcomes]]\nid = \"ours-7-11-untaught\"\nage_band = \"7-11\"\nstrand = \"privacy-and-security\"\n\
         statement = \"I can name, a comma and \\\"quotes\\\" in a statement.\"\n",
        &["ours-7-11-agree"],
    )
}

#[test]
fn outcomes_are_listed_with_the_modules_that_teach_them_in_every_format() {
    let home = tempfile::tempdir().unwrap();
    let school = school_with_outcomes();
    let run = |format: &str| {
        let mut cmd = program(home.path());
        cmd.arg("-L")
            .arg(school.path())
            .args(["coverage", "--outcomes", "--format", format]);
        stdout_of(&mut cmd)
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let outcomes = json["outcomes"].as_array().unwrap();
    let ours = outcomes
        .iter()
        .find(|o| o["id"] == "ours-7-11-agree")
        .unwrap();
    assert_eq!(ours["modules"], serde_json::json!(["phone-rules-7-11"]));
    // Every outcome listed is the library's, bundled ones too; every untaught one is named.
    let untaught: Vec<&str> = json["untaught"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let empty: Vec<&str> = outcomes
        .iter()
        .filter(|o| o["modules"].as_array().unwrap().is_empty())
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(untaught, empty);
    assert!(untaught.contains(&"ours-7-11-untaught"), "{untaught:?}");
    assert!(outcomes.len() > 2, "the bundled outcomes are listed too");

    let text = run("table");
    let at = text.find("ours-7-11-untaught").unwrap();
    let next_line = text[at..].lines().nth(1).unwrap();
    assert!(next_line.contains("NOT TAUGHT"), "{next_line}");
    let at = text.find("ours-7-11-agree").unwrap();
    assert!(
        text[at..]
            .lines()
            .nth(1)
            .unwrap()
            .contains("taught by phone-rules-7-11")
    );
    assert!(
        text.trim_end()
            .ends_with(&format!("{} taught by no module", untaught.len())),
        "{text}"
    );

    let csv = parse_csv(&run("csv"));
    assert_eq!(
        csv[0],
        [
            "id",
            "age_band",
            "strand",
            "statement",
            "module_count",
            "modules"
        ]
    );
    let row = csv.iter().find(|r| r[0] == "ours-7-11-untaught").unwrap();
    assert_eq!(row[3], "I can name, a comma and \"quotes\" in a statement.");
    assert_eq!(row[4], "0");
    assert_eq!(csv.len(), outcomes.len() + 1);

    let md = run("md");
    assert!(md.starts_with("| Strand and band | Outcome | Taught by |"));
    let line = md
        .lines()
        .find(|l| l.contains("ours-7-11-untaught"))
        .unwrap();
    assert!(line.contains("**NOT TAUGHT by any module**"), "{line}");
    assert!(
        line.starts_with("| Privacy and security, ages 7 to 11 |"),
        "{line}"
    );
}
