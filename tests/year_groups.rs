//! Year groups: a plan names its year group in the school's own system, and the library's
//! year-groups.toml says which age band that is.

use std::path::Path;

use lessonplan::library::{Library, LoadOptions};
use lessonplan::plan::Plan;

mod common;
use common::program;

fn plan_at(home: &Path, name: &str) -> Plan {
    let path = home.join("data/plans").join(format!("{name}.toml"));
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn config(home: &Path, text: &str) {
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(home.join("config/config.toml"), text).unwrap();
}

#[test]
fn a_year_group_sets_the_plan_s_age_band_in_the_school_s_own_words() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| program(home.path()).args(args).output().unwrap();
    assert!(run(&["plan", "new", "y5", "--year", "y5"]).status.success());
    let plan = plan_at(home.path(), "y5");
    assert_eq!(plan.year_group.as_deref(), Some("Year 5"));
    assert_eq!(plan.age_band.as_deref(), Some("7-11"));
    let shown = String::from_utf8(run(&["plan", "show", "y5"]).stdout).unwrap();
    assert!(shown.contains("Year 5, ages 7-11"), "{shown}");

    // Moving to another year moves the band with it; another band alone leaves the year.
    assert!(
        run(&["plan", "set", "y5", "--year", "Year 8"])
            .status
            .success()
    );
    let plan = plan_at(home.path(), "y5");
    assert_eq!(
        (plan.year_group.as_deref(), plan.age_band.as_deref()),
        (Some("Year 8"), Some("11-14"))
    );
    assert!(
        run(&["plan", "set", "y5", "--age", "14-18"])
            .status
            .success()
    );
    let plan = plan_at(home.path(), "y5");
    assert_eq!(
        (plan.year_group.as_deref(), plan.age_band.as_deref()),
        (None, Some("14-18"))
    );

    let listed = String::from_utf8(run(&["plan", "list", "--json"]).stdout).unwrap();
    assert!(listed.contains("\"year_group\": null"), "{listed}");
}

#[test]
fn an_unknown_year_or_one_taught_from_another_band_is_refused_with_the_choices() {
    let home = tempfile::tempdir().unwrap();
    let output = program(home.path())
        .args(["plan", "new", "odd", "--year", "Year 15"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(
        said.contains(
            "`Year 15` is not a year group in England and Wales; use one of: Reception, Year 1,"
        ),
        "{said}"
    );
    assert!(!home.path().join("data/plans/odd.toml").exists());

    let output = program(home.path())
        .args(["plan", "new", "odd", "--year", "Year 9", "--age", "7-11"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(
        said.contains("Year 9 is taught from ages 11-14, not 7-11"),
        "{said}"
    );
}

#[test]
fn the_config_s_system_or_region_decides_which_year_groups_a_school_has() {
    for (config_text, typed, year, band) in [
        ("year_groups = \"scotland\"\n", "p4", "P4", "7-11"),
        (
            "year_groups = \"northern-ireland\"\n",
            "Year 8",
            "Year 8",
            "11-14",
        ),
        ("region = \"ie\"\n", "5th class", "Fifth class", "7-11"),
        ("region = \"au\"\n", "Prep", "Foundation", "4-7"),
        ("region = \"nz\"\n", "Year 9", "Year 9", "11-14"),
        ("region = \"us\"\n", "9th grade", "Grade 9", "14-18"),
    ] {
        let home = tempfile::tempdir().unwrap();
        config(home.path(), config_text);
        let output = program(home.path())
            .args(["plan", "new", "p", "--year", typed])
            .output()
            .unwrap();
        assert!(output.status.success(), "{config_text}: {output:?}");
        let plan = plan_at(home.path(), "p");
        assert_eq!(
            (plan.year_group.as_deref(), plan.age_band.as_deref()),
            (Some(year), Some(band)),
            "{config_text}"
        );
    }
}

#[test]
fn a_school_s_year_groups_file_replaces_a_system_and_a_band_it_names_must_exist() {
    let home = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    // This school teaches Year 6 from the 11-14 lessons, and misspells one band.
    let text = "[[systems]]\nid = \"england-wales\"\nname = \"Oakfield Primary\"\nregion = \"uk\"\n\
                years = [\n  { name = \"Year 5\", age_band = \"7-11\" },\n  \
                { name = \"Year 6\", age_band = \"11-14\" },\n  \
                { name = \"Year 7\", age_band = \"11-4\" },\n]\n";
    std::fs::write(library.path().join("year-groups.toml"), text).unwrap();
    let output = program(home.path())
        .args(["--library", library.path().to_str().unwrap(), "validate"])
        .arg(library.path())
        .output()
        .unwrap();
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(
        said.contains(
            "year-groups.toml:8:33: error: year group `Year 7` names an unknown age band `11-4`"
        ),
        "{said}"
    );
    let output = program(home.path())
        .args(["--library", library.path().to_str().unwrap()])
        .args(["plan", "new", "six", "--year", "Year 6"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        plan_at(home.path(), "six").age_band.as_deref(),
        Some("11-14")
    );
    let output = program(home.path())
        .args(["--library", library.path().to_str().unwrap()])
        .args(["plan", "new", "r", "--year", "Reception"])
        .output()
        .unwrap();
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(
        said.contains("is not a year group in Oakfield Primary; use one of: Year 5, Year 6"),
        "{said}"
    );
}

/// Each bundled system runs in school order, its bands follow the pupils' ages at the start of
/// the year (under 7, 7 to 10, 11 to 13, 14 and over), and it reaches every band.
#[test]
fn every_bundled_system_maps_its_years_to_bands_by_age_and_reaches_them_all() {
    let library = Library::bundled(&LoadOptions::default());
    assert_eq!(library.year_systems.len(), 7);
    let bands = library.framework.band_ids();
    for system in &library.year_systems {
        let mut last_age = 0;
        let mut reached = Vec::new();
        for year in &system.years {
            let ages = year.ages.as_deref().unwrap_or_default();
            let start: u32 = ages
                .split('-')
                .next()
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| panic!("{}: {} has ages", system.id, year.name));
            assert!(start > last_age, "{}: {} in order", system.id, year.name);
            last_age = start;
            let expected = match start {
                0..=6 => "4-7",
                7..=10 => "7-11",
                11..=13 => "11-14",
                _ => "14-18",
            };
            assert_eq!(year.age_band, expected, "{}: {}", system.id, year.name);
            if !reached.contains(&year.age_band) {
                reached.push(year.age_band.clone());
            }
        }
        assert_eq!(reached, bands, "{}", system.id);
    }
    // Every region with help services has a system of its own.
    for region in library.regions() {
        let system = library.year_system(None, Some(region)).unwrap();
        assert_eq!(system.region.as_deref(), Some(region));
    }
}
