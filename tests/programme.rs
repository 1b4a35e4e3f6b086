//! The school's programme from the command line: plans placed by year group and term, shown,
//! checked, covered, and printed as the long-term plan and the coverage report.

use std::path::Path;

use lessonplan::library::{Library, LoadOptions};

mod common;
use common::{poppler, program};

/// Half-terms of 2026-27, with an INSET day on a Friday.
fn calendar() -> String {
    common::school_year(
        "Hillside 2026-27",
        "[[closures]]\nname = \"INSET day\"\nstarts = 2026-12-04\n",
    )
}

const RECEPTION: &[&str] = &["kind-online-4-7", "keep-it-private-4-7"];
const YEAR_5: &[&str] = &["block-report-tell-7-11", "trusted-adults-7-11"];
const YEAR_9: &[&str] = &["grooming-patterns-11-14", "sextortion-11-14"];

struct School {
    home: tempfile::TempDir,
}

impl School {
    /// A data folder with the calendar and three plans: Reception, Year 5, and Year 9 on
    /// Fridays from 27 November, its second lesson briefed.
    fn new() -> School {
        let school = School {
            home: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(school.data()).unwrap();
        std::fs::write(school.data().join("calendar.toml"), calendar()).unwrap();
        for (name, year, modules) in [
            ("rec", "Reception", RECEPTION),
            ("y5", "Year 5", YEAR_5),
            ("y9", "Year 9", YEAR_9),
        ] {
            school.ok(&[
                "plan", "new", name, "--title", name, "--year", year, "--lesson", "60",
            ]);
            let mut add = vec!["plan", "add", name];
            add.extend_from_slice(modules);
            school.ok(&add);
        }
        let y9 = school.data().join("plans/y9.toml");
        let text = std::fs::read_to_string(&y9).unwrap().replacen(
            "module = \"sextortion-11-14\"",
            "module = \"sextortion-11-14\"\ndsl_briefed = 2026-11-30",
            1,
        ) + "\n[schedule]\nday = \"Friday\"\nstarts = 2026-11-27\n";
        std::fs::write(&y9, text).unwrap();
        school
    }

    fn data(&self) -> std::path::PathBuf {
        self.home.path().join("data")
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        program(self.home.path()).args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// The programme with the three plans placed.
    fn planned() -> School {
        let school = School::new();
        school.ok(&["programme", "new", "--title", "<b>Ours</b> & co"]);
        school.ok(&["programme", "add", "R", "autumn 1", "rec"]);
        school.ok(&["programme", "add", "Year 5", "Spring 1", "y5"]);
        school.ok(&["programme", "add", "y9", "Autumn 2", "y9"]);
        school
    }
}

fn minutes(library: &Library, modules: &[&str]) -> u64 {
    modules
        .iter()
        .map(|id| u64::from(library.module(id).unwrap().duration_minutes))
        .sum()
}

#[test]
fn plans_are_placed_by_year_group_and_term_and_shown_in_school_order() {
    let school = School::planned();
    let text = std::fs::read_to_string(school.data().join("programme.toml")).unwrap();
    assert!(text.contains("year_group = \"Reception\""), "{text}");
    assert!(text.contains("term = \"Autumn 1\""), "{text}");
    assert!(text.contains("plan = \"rec.toml\""), "{text}");

    let shown = school.json(&["programme", "show", "--json"]);
    let rows: Vec<&str> = shown["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["year_group"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["Reception", "Year 5", "Year 9"]);
    assert_eq!(shown["terms"].as_array().unwrap().len(), 6);
    let spring = &shown["rows"][1]["cells"][2];
    assert_eq!(spring["term"], "Spring 1");
    assert_eq!(spring["plans"][0]["modules"][0]["id"], YEAR_5[0]);
    assert_eq!(spring["plans"][0]["modules"][1]["title"], "Who can I tell?");
    assert_eq!(shown["problems"].as_array().unwrap().len(), 0);

    let text = school.ok(&["programme", "show"]);
    assert!(text.contains("Year 5 (ages 7-11)\n  Autumn 1: -"), "{text}");
    assert!(
        text.contains("  Spring 1: y5 (y5.toml)\n      - "),
        "{text}"
    );

    // An unknown year group or term is refused with the choices, and nothing is written.
    let before = std::fs::read_to_string(school.data().join("programme.toml")).unwrap();
    let refused = school.run(&["programme", "add", "Year 15", "Autumn 1", "y5"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8(refused.stderr).unwrap();
    assert!(said.contains("use one of: Reception, Year 1,"), "{said}");
    let refused = school.run(&["programme", "add", "Year 5", "Winter", "y5"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8(refused.stderr).unwrap();
    assert!(
        said.contains("its terms are: Autumn 1, Autumn 2, Spring 1, Spring 2, Summer 1, Summer 2"),
        "{said}"
    );
    let refused = school.run(&["programme", "add", "Year 5", "Autumn 2", "y9"]);
    assert_eq!(refused.status.code(), Some(1), "a plan for another year");
    let refused = school.run(&["programme", "add", "Year 5", "Autumn 2", "nowhere"]);
    assert_eq!(refused.status.code(), Some(1));
    let after = std::fs::read_to_string(school.data().join("programme.toml")).unwrap();
    assert_eq!(before, after);

    school.ok(&["programme", "remove", "Y5", "spring 1", "y5"]);
    let shown = school.json(&["programme", "show", "--json"]);
    assert_eq!(shown["rows"].as_array().unwrap().len(), 2);
    assert!(
        school.data().join("plans/y5.toml").exists(),
        "the plan stays"
    );
    let refused = school.run(&["programme", "remove", "Y5", "spring 1", "y5"]);
    assert_eq!(refused.status.code(), Some(1));
}

#[test]
fn coverage_counts_minutes_per_strand_and_dates_the_sensitive_lessons() {
    let school = School::planned();
    let library = Library::bundled(&LoadOptions::default());
    let found = school.json(&["programme", "coverage", "--json"]);
    assert_eq!(found["today"], "2026-12-02");
    let years = found["years"].as_array().unwrap();
    assert_eq!(years[1]["year_group"], "Year 5");
    assert_eq!(years[1]["minutes"], minutes(&library, YEAR_5));
    assert_eq!(years[2]["minutes"], minutes(&library, YEAR_9));
    let strands: Vec<&str> = found["strands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let relationships = strands
        .iter()
        .position(|s| *s == "online-relationships")
        .unwrap();
    let year9 = &years[2]["strands"][relationships];
    assert_eq!(year9["modules"], serde_json::json!(YEAR_9));
    assert_eq!(year9["minutes"], minutes(&library, YEAR_9));

    let gap = found["unreached"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["age_band"] == "11-14")
        .unwrap();
    assert!(
        gap["strands"]
            .as_array()
            .unwrap()
            .contains(&"copyright-and-ownership".into())
    );

    let progression = found["progression"].as_array().unwrap();
    assert!(
        progression
            .iter()
            .any(|p| p["kind"] == "not-built-on" && p["module"] == "grooming-patterns-11-14"),
        "Year 5 is not taught `not-who-they-say-7-11`: {progression:?}"
    );

    // Fridays from 27 November: the INSET day on 4 December moves the second lesson on.
    let sensitive: Vec<&serde_json::Value> = found["sensitive"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["year_group"] == "Year 9")
        .collect();
    assert_eq!(sensitive[0]["date"], "2026-11-27");
    assert_eq!(sensitive[0]["needs_briefing"], true, "past and not briefed");
    assert_eq!(sensitive[1]["date"], "2026-12-11");
    assert_eq!(sensitive[1]["briefed"], "2026-11-30");
    assert_eq!(sensitive[1]["needs_briefing"], false);
    let year5 = found["sensitive"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["module"] == "trusted-adults-7-11")
        .unwrap();
    assert_eq!(year5["date"], serde_json::Value::Null);
    assert!(year5["undated"].as_str().unwrap().contains("[schedule]"));

    let text = school.ok(&["programme", "coverage"]);
    assert!(
        text.contains("Friday 27 November 2026; NOT BRIEFED: the lesson has been taught"),
        "{text}"
    );
    assert!(
        text.contains("Friday 11 December 2026; briefed 2026-11-30"),
        "{text}"
    );
}

#[test]
fn check_locates_each_problem_and_a_broken_plan_hides_no_other() {
    let school = School::new();
    std::fs::write(school.data().join("plans/broken.toml"), "title = [\n").unwrap();
    let programme = "title = \"Ours\"\n\
                     \n\
                     [[plans]]\n\
                     year_group = \"Year 5\"\n\
                     term = \"Autumn 1\"\n\
                     plan = \"y5\"\n\
                     \n\
                     [[plans]]\n\
                     year_group = \"Year 15\"\n\
                     term = \"Autumn 1\"\n\
                     plan = \"y5\"\n\
                     \n\
                     [[plans]]\n\
                     year_group = \"Year 5\"\n\
                     term = \"Winter\"\n\
                     plan = \"y5\"\n\
                     \n\
                     [[plans]]\n\
                     year_group = \"Year 5\"\n\
                     term = \"Autumn 2\"\n\
                     plan = \"broken\"\n\
                     \n\
                     [[plans]]\n\
                     year_group = \"Year 9\"\n\
                     term = \"Autumn 2\"\n\
                     plan = \"gone.toml\"\n\
                     \n\
                     [[plans]]\n\
                     year_group = \"Reception\"\n\
                     term = \"Autumn 1\"\n\
                     plan = \"y9\"\n";
    let path = school.data().join("programme.toml");
    std::fs::write(&path, programme).unwrap();
    let checked = school.run(&["programme", "check"]);
    assert_eq!(checked.status.code(), Some(1));
    let said = String::from_utf8(checked.stderr).unwrap();
    let file = path.display().to_string();
    for (line, column, message) in [
        (9, 14, "`Year 15` is not a year group in England and Wales"),
        (15, 8, "the calendar has no term called `Winter`"),
        (26, 8, "there is no plan file at"),
        (
            29,
            14,
            "`y9` is a plan for Year 9, but the programme places it with Reception",
        ),
    ] {
        let headline = format!("{file}:{line}:{column}: error: {message}");
        assert!(said.contains(&headline), "{headline}\n{said}");
    }
    assert!(said.contains("broken.toml:1:"), "{said}");

    // The broken plan is listed where it is placed, and every other plan is shown.
    let shown = school.json(&["programme", "show", "--json"]);
    let year5 = &shown["rows"][1];
    assert_eq!(year5["year_group"], "Year 5");
    assert_eq!(year5["cells"][0]["plans"][0]["title"], "y5");
    let broken = &year5["cells"][1]["plans"][0];
    assert_eq!(broken["plan"], "broken");
    assert!(broken["error"].as_str().unwrap().contains("broken.toml"));
    assert_eq!(
        shown["rows"][2]["cells"][1]["plans"][0]["plan"],
        "gone.toml"
    );
    assert_eq!(shown["rows"][0]["cells"][0]["plans"][0]["title"], "y9");

    // A syntax error in the programme itself is located, and the file is never saved over.
    std::fs::write(&path, "[[plans]\n").unwrap();
    let refused = school.run(&["programme", "add", "Year 5", "Autumn 1", "y5"]);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8(refused.stderr).unwrap();
    assert!(said.contains(&format!("{file}:1:")), "{said}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "[[plans]\n");
}

/// The text of an HTML page: its tags taken out and its entities read.
fn html_text(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn the_long_term_plan_and_the_coverage_report_print_with_everything_escaped() {
    let school = School::planned();
    let out = school.home.path();
    let export = |what: &str, name: &str| {
        let path = out.join(name);
        school.ok(&["programme", "export", what, "-o", path.to_str().unwrap()]);
        path
    };
    let plan = std::fs::read_to_string(export("--long-term-plan", "plan.html")).unwrap();
    assert!(
        plan.contains("&lt;b&gt;Ours&lt;/b&gt; &amp; co"),
        "the title is escaped"
    );
    assert!(!plan.contains("<b>Ours"));
    assert!(plan.contains("size: A4 landscape"));
    let text = html_text(&plan);
    assert!(text.contains("<b>Ours</b> & co"));
    assert!(text.contains("School year 2026-27"));
    for heading in ["Year group", "Autumn 1", "Summer 2", "Reception", "Year 9"] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("Who can I tell?"), "module titles: {text}");

    let report = std::fs::read_to_string(export("--coverage", "coverage.html")).unwrap();
    assert!(!report.contains("<b>Ours"));
    let text = html_text(&report);
    assert!(
        text.contains("Programme coverage: <b>Ours</b> & co"),
        "{text}"
    );
    assert!(text.contains("Strands an age band never reaches"));
    assert!(text.contains("Sensitive lessons"));
    assert!(text.contains("Friday 27 November 2026"));
    assert!(text.contains("NOT BRIEFED: the lesson has been taught"));
    assert!(text.contains("briefed 2026-11-30"));

    // Written before, so kept unless --force.
    let again = school.run(&[
        "programme",
        "export",
        "--coverage",
        "-o",
        out.join("coverage.html").to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(1));

    let pdf = export("--long-term-plan", "plan.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let report = export("--coverage", "coverage.pdf");
    assert!(std::fs::read(&report).unwrap().starts_with(b"%PDF"));
    if let Some(info) = poppler("pdfinfo", [&pdf]) {
        assert!(info.contains("Pages:           1"), "{info}");
        assert!(info.contains("841.89 x 595.28"), "landscape: {info}");
    }
    if let Some(text) = poppler("pdftotext", [pdf.as_os_str(), Path::new("-").as_os_str()]) {
        assert!(text.contains("Long-term plan, page 1 of 1"), "{text}");
        assert!(text.contains("Sextortion"), "{text}");
    }
}
