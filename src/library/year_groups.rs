//! Year groups: what schools call their classes (Reception, Year 5, P4, 2nd class, Grade 9), in
//! each school system, and the age band each is taught from. A plan names its year group in the
//! school's own words; the library's `year-groups.toml` says which band that is. A later
//! library's system of the same id replaces the earlier one, so a school can correct or extend it.

use std::ops::Range;

use serde::Serialize;
use toml::de::DeTable;

use super::diagnostic::Code;
use super::fields::{Problems, TableReader};
use super::module::check_entry_id;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearSystem {
    pub id: String,
    /// As schools know it: "England and Wales".
    pub name: String,
    /// The region whose schools use it unless the config names another system.
    pub region: Option<String>,
    /// In school order, youngest first.
    pub years: Vec<YearGroup>,
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearGroup {
    /// As the school writes it: "Year 5".
    pub name: String,
    /// Pupils' ages during the year, for people: "9-10".
    pub ages: Option<String>,
    pub age_band: String,
    /// Other ways of writing it that are accepted: "Y5".
    pub aliases: Vec<String>,
}

impl YearGroup {
    /// Whether `typed` names this year group: its name or an alias, in any case and spacing
    /// ("year 5", "Y5", "YEAR5").
    pub fn is_named(&self, typed: &str) -> bool {
        let wanted = squash(typed);
        !wanted.is_empty()
            && std::iter::once(&self.name)
                .chain(&self.aliases)
                .any(|name| squash(name) == wanted)
    }
}

impl YearSystem {
    /// The year group `typed` names.
    pub fn find(&self, typed: &str) -> Option<&YearGroup> {
        self.years.iter().find(|y| y.is_named(typed))
    }

    pub fn names(&self) -> Vec<&str> {
        self.years.iter().map(|y| y.name.as_str()).collect()
    }
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A system as read, with where each year's band is written, for checking against every
/// library's framework.
pub struct ReadSystem {
    pub system: YearSystem,
    pub band_spans: Vec<Range<usize>>,
}

/// Reads a `year-groups.toml`. A year with errors is skipped, as is a system whose own fields
/// have errors or whose id an earlier system in the file has; the rest are returned in order.
pub fn read_year_groups(
    table: &DeTable,
    span: Range<usize>,
    file: &str,
    problems: &mut Problems,
) -> Vec<ReadSystem> {
    let mut top = TableReader::new(table, span, "");
    let example = "id = \"england-wales\"\nname = \"England and Wales\"\nregion = \"uk\"\n\
                   years = [{ name = \"Year 5\", ages = \"9-10\", age_band = \"7-11\" }]";
    let entries = top
        .table_list("systems", true, example, problems)
        .unwrap_or_default();
    top.finish(problems);
    let mut out: Vec<ReadSystem> = Vec::new();
    for (index, (entry, entry_span)) in entries.into_iter().enumerate() {
        let errors_before = problems.error_count();
        let place = format!("system {}", index + 1);
        let mut reader = TableReader::new(entry, entry_span, place.clone());
        let id = reader.line("id", true, "\"england-wales\"", problems);
        let name = reader.line("name", true, "\"England and Wales\"", problems);
        let region = reader.line("region", false, "\"uk\"", problems);
        let year_example = "{ name = \"Year 5\", ages = \"9-10\", age_band = \"7-11\" }";
        let year_entries = reader
            .table_list("years", true, year_example, problems)
            .unwrap_or_default();
        reader.finish(problems);
        if let Some(id) = &id {
            let taken = out.iter().any(|s| s.system.id == id.value);
            check_entry_id(id, "year group system", "england-wales", taken, problems);
        }
        // A year with errors is left out; the system stands without it.
        let system_errors = problems.error_count() - errors_before;
        let mut years: Vec<YearGroup> = Vec::new();
        let mut band_spans = Vec::new();
        for (number, (year, year_span)) in year_entries.into_iter().enumerate() {
            let mut reader =
                TableReader::new(year, year_span, format!("year {} of {place}", number + 1));
            let year_name = reader.line("name", true, "\"Year 5\"", problems);
            let ages = reader.line("ages", false, "\"9-10\"", problems);
            let band = reader.line("age_band", true, "\"7-11\"", problems);
            let aliases = reader.line_list("aliases", false, "[\"Y5\"]", problems);
            reader.finish(problems);
            let (Some(year_name), Some(band)) = (year_name, band) else {
                continue;
            };
            let aliases: Vec<String> = aliases
                .map(|list| list.value.into_iter().map(|a| a.value).collect())
                .unwrap_or_default();
            let clash = years.iter().find(|earlier| {
                std::iter::once(&year_name.value)
                    .chain(&aliases)
                    .any(|n| earlier.is_named(n))
            });
            if let Some(earlier) = clash {
                problems.error(
                    Code::DuplicateId,
                    year_name.span.clone(),
                    format!(
                        "year group `{}` has a name or alias that `{}` already has",
                        year_name.value, earlier.name
                    ),
                    "give each year group of a system its own name and aliases",
                );
                continue;
            }
            band_spans.push(band.span.clone());
            years.push(YearGroup {
                name: year_name.value.trim().to_string(),
                ages: ages.map(|a| a.value),
                age_band: band.value,
                aliases,
            });
        }
        let (Some(id), Some(name)) = (id, name) else {
            continue;
        };
        if system_errors > 0 {
            continue;
        }
        out.push(ReadSystem {
            system: YearSystem {
                id: id.value,
                name: name.value,
                region: region.map(|r| r.value.trim().to_lowercase()),
                years,
                file: file.to_string(),
            },
            band_spans,
        });
    }
    out
}

/// Adds a library's systems: one with a known id replaces the earlier one, in its place.
pub fn merge(into: &mut Vec<YearSystem>, new: Vec<YearSystem>) {
    super::fields::merge_by_id(into, new, |s| &s.id);
}

/// The system a school uses: the one `chosen` names (the config's `year_groups`), else the
/// first for `region`, else the first of all.
pub fn system_for<'s>(
    systems: &'s [YearSystem],
    chosen: Option<&str>,
    region: Option<&str>,
) -> Option<&'s YearSystem> {
    let by_id = chosen.and_then(|id| systems.iter().find(|s| s.id == id.trim()));
    let by_region = || {
        let region = region?.trim().to_lowercase();
        systems
            .iter()
            .find(|s| s.region.as_deref() == Some(region.as_str()))
    };
    by_id.or_else(by_region).or_else(|| systems.first())
}

/// Why a typed year group cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearProblem {
    /// No library has year groups at all.
    NoSystem,
    /// Not a name or alias of one of the system's years.
    Unknown {
        typed: String,
        system: String,
        names: Vec<String>,
    },
    /// An age band typed beside it that the year is not taught from.
    OtherBand {
        year: String,
        band: String,
        typed_band: String,
    },
}

impl YearProblem {
    /// Said without the list of years, where the list is on screen already.
    pub fn short(&self) -> String {
        match self {
            YearProblem::Unknown { typed, system, .. } => {
                format!("`{typed}` is not a year group in {system}: use one listed above")
            }
            other => other.to_string(),
        }
    }
}

impl std::fmt::Display for YearProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            YearProblem::NoSystem => {
                write!(
                    f,
                    "no year groups are known: add a year-groups.toml to a library"
                )
            }
            YearProblem::Unknown {
                typed,
                system,
                names,
            } => write!(
                f,
                "`{typed}` is not a year group in {system}; use one of: {}",
                names.join(", ")
            ),
            YearProblem::OtherBand {
                year,
                band,
                typed_band,
            } => write!(
                f,
                "{year} is taught from ages {band}, not {typed_band}: leave the age band out, or \
                 choose another year group"
            ),
        }
    }
}

/// The year group and age band a plan holds, from a year group typed in `system` and an age
/// band typed beside it (if any): the year's own name and band, or what to fix.
/// The year `typed` names in `system`, or why there is none.
pub fn find<'s>(system: Option<&'s YearSystem>, typed: &str) -> Result<&'s YearGroup, YearProblem> {
    let system = system.ok_or(YearProblem::NoSystem)?;
    system.find(typed).ok_or_else(|| YearProblem::Unknown {
        typed: typed.trim().to_string(),
        system: system.name.clone(),
        names: system.names().into_iter().map(String::from).collect(),
    })
}

pub fn settle(
    system: Option<&YearSystem>,
    year: &str,
    band: Option<&str>,
) -> Result<(String, String), YearProblem> {
    let found = find(system, year)?;
    match band.map(str::trim).filter(|b| !b.is_empty()) {
        Some(band) if band != found.age_band => Err(YearProblem::OtherBand {
            year: found.name.clone(),
            band: found.age_band.clone(),
            typed_band: band.to_string(),
        }),
        _ => Ok((found.name.clone(), found.age_band.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::diagnostic::SourceFile;

    fn read(text: &str) -> (Vec<ReadSystem>, Vec<(usize, Code)>) {
        let file = SourceFile::new("year-groups.toml", text);
        let mut problems = Problems::new(&file);
        let document = DeTable::parse(text).unwrap();
        let read = read_year_groups(
            document.get_ref(),
            document.span(),
            "year-groups.toml",
            &mut problems,
        );
        let found = problems
            .found
            .iter()
            .map(|d| (d.location.line, d.code))
            .collect();
        (read, found)
    }

    const TWO: &str = r#"[[systems]]
id = "england-wales"
name = "England and Wales"
region = "uk"
years = [
  { name = "Reception", ages = "4-5", age_band = "4-7", aliases = ["R", "YR"] },
  { name = "Year 5", ages = "9-10", age_band = "7-11", aliases = ["Y5"] },
]

[[systems]]
id = "us"
name = "United States"
region = "us"
years = [{ name = "Grade 5", age_band = "7-11", aliases = ["5th grade"] }]
"#;

    #[test]
    fn systems_are_read_in_order_and_years_are_found_by_any_of_their_names() {
        let (read, found) = read(TWO);
        assert_eq!(found, []);
        let systems: Vec<YearSystem> = read.into_iter().map(|r| r.system).collect();
        assert_eq!(systems[0].names(), ["Reception", "Year 5"]);
        let england = &systems[0];
        for typed in ["Year 5", "year 5", "YEAR5", " y5 "] {
            assert_eq!(
                england.find(typed).map(|y| y.age_band.as_str()),
                Some("7-11"),
                "{typed}"
            );
        }
        assert_eq!(england.find("yr").unwrap().name, "Reception");
        assert!(england.find("Year 15").is_none());
        assert!(england.find("").is_none());
        assert_eq!(systems[1].find("5th Grade").unwrap().name, "Grade 5");
    }

    #[test]
    fn the_config_choice_wins_then_the_region_then_the_first_system() {
        let systems: Vec<YearSystem> = read(TWO).0.into_iter().map(|r| r.system).collect();
        let pick = |chosen, region| system_for(&systems, chosen, region).map(|s| s.id.as_str());
        assert_eq!(pick(Some("us"), Some("uk")), Some("us"));
        assert_eq!(pick(None, Some("US")), Some("us"));
        assert_eq!(pick(Some("nowhere"), Some("uk")), Some("england-wales"));
        assert_eq!(pick(None, Some("nz")), Some("england-wales"));
        assert_eq!(pick(None, None), Some("england-wales"));
    }

    #[test]
    fn a_repeated_name_or_id_is_an_error_where_it_is_written() {
        let text = r#"[[systems]]
id = "ours"
name = "Ours"
years = [
  { name = "Year 5", age_band = "7-11" },
  { name = "Y6", age_band = "7-11", aliases = ["year 5"] },
  { name = "Year 7" },
]

[[systems]]
id = "ours"
name = "Ours again"
years = []
"#;
        let (read, found) = read(text);
        assert_eq!(
            found,
            [
                (6, Code::DuplicateId),
                (7, Code::MissingField),
                (11, Code::DuplicateId)
            ]
        );
        // The first system keeps its good year; the second, a repeat, is skipped.
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].system.names(), ["Year 5"]);
    }

    #[test]
    fn a_typed_year_settles_its_name_and_band_or_says_what_to_fix() {
        let systems: Vec<YearSystem> = read(TWO).0.into_iter().map(|r| r.system).collect();
        let england = systems.first();
        assert_eq!(
            settle(england, "y5", None),
            Ok(("Year 5".to_string(), "7-11".to_string()))
        );
        assert_eq!(
            settle(england, "Year 5", Some("7-11")),
            Ok(("Year 5".to_string(), "7-11".to_string()))
        );
        let wrong_band = settle(england, "Year 5", Some("11-14"))
            .unwrap_err()
            .to_string();
        assert!(
            wrong_band.contains("Year 5 is taught from ages 7-11, not 11-14"),
            "{wrong_band}"
        );
        let problem = settle(england, "Year 15", None).unwrap_err();
        assert_eq!(
            problem.short(),
            "`Year 15` is not a year group in England and Wales: use one listed above"
        );
        let unknown = problem.to_string();
        assert!(
            unknown.contains(
                "`Year 15` is not a year group in England and Wales; use one of: Reception, Year 5"
            ),
            "{unknown}"
        );
        assert!(settle(None, "Year 5", None).is_err());
    }

    #[test]
    fn a_later_system_of_the_same_id_replaces_the_earlier_in_place() {
        let mut systems: Vec<YearSystem> = read(TWO).0.into_iter().map(|r| r.system).collect();
        let mut ours = systems[0].clone();
        ours.name = "Our school".into();
        ours.years.truncate(1);
        merge(&mut systems, vec![ours]);
        assert_eq!(systems[0].name, "Our school");
        assert_eq!(systems[0].years.len(), 1);
        assert_eq!(systems.len(), 2);
    }
}
