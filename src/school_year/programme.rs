//! The school's programme (`programme.toml`): which plan each year group is taught in which
//! term. Resolved against the school's year groups, its calendar and the plan files, it is the
//! long-term plan: a grid of year groups (in school order) by terms, each cell the plans there.
//!
//! The file is edited with toml_edit rather than written anew, so its comments and any keys this
//! version does not know stay as they were.

pub mod coverage;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml::de::DeTable;

use super::calendar::Calendar;
use crate::atomic::{self, Replace, folder_of, real_path};
use crate::library::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use crate::library::fields::{Problems, TableReader};
use crate::library::year_groups::{self, YearGroup, YearProblem, YearSystem};
use crate::paths;
use crate::plan::Plan;

/// The programme file's usual name, in the data folder.
pub const PROGRAMME_FILE: &str = "programme.toml";

/// A new programme's title.
pub const NEW_TITLE: &str = "Online safety programme";

#[derive(Debug, Clone)]
pub struct Programme {
    pub title: Option<String>,
    pub entries: Vec<Entry>,
    /// The file it was read from (or is to be saved to): plan paths are relative to its folder.
    pub path: PathBuf,
    /// The file's text as read, for locating problems at the entries that cause them.
    text: String,
    /// The file as toml_edit holds it, changed by [`Programme::add`] and [`Programme::remove`].
    document: toml_edit::DocumentMut,
}

/// One `[[plans]]` entry: a plan taught to a year group in a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub year_group: String,
    pub term: String,
    /// As written: a bare name is a plan in the plans folder, a path is relative to the
    /// programme file.
    pub plan: String,
    /// Where the entry's values are written, for entries read from the file.
    #[serde(skip)]
    pub spans: Option<EntrySpans>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySpans {
    pub year_group: Range<usize>,
    pub term: Range<usize>,
    pub plan: Range<usize>,
}

/// Why an entry cannot be added or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgrammeError {
    /// No year groups are known, or the typed one is not among them.
    Year(YearProblem),
    UnknownTerm {
        typed: String,
        names: Vec<String>,
    },
    AlreadyThere {
        year_group: String,
        term: String,
        plan: String,
    },
    NotThere {
        year_group: String,
        term: String,
        plan: String,
    },
}

impl std::fmt::Display for ProgrammeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProgrammeError::Year(problem) => problem.fmt(f),
            ProgrammeError::UnknownTerm { typed, names } if names.is_empty() => write!(
                f,
                "the calendar has no terms, so there is no term `{typed}`: add the school's terms to the calendar first"
            ),
            ProgrammeError::UnknownTerm { typed, names } => write!(
                f,
                "the calendar has no term called `{typed}`; its terms are: {}",
                names.join(", ")
            ),
            ProgrammeError::AlreadyThere {
                year_group,
                term,
                plan,
            } => write!(
                f,
                "the programme already has `{plan}` for {year_group} in {term}"
            ),
            ProgrammeError::NotThere {
                year_group,
                term,
                plan,
            } => write!(
                f,
                "the programme has no `{plan}` for {year_group} in {term}; `lessonplan programme show` lists what it has"
            ),
        }
    }
}

impl std::error::Error for ProgrammeError {}

impl Programme {
    /// A programme with no plans yet, to be saved at `path`.
    pub fn new(title: &str, path: &Path) -> Programme {
        let text = format!(
            "# The school's programme: each year group's plans, term by term.\n\
             # See docs/file-formats.md (programme.toml).\n\
             title = {}\n",
            toml_edit::Value::from(title)
        );
        let document = text.parse::<toml_edit::DocumentMut>().unwrap_or_default();
        Programme {
            title: Some(title.to_string()),
            entries: Vec::new(),
            path: path.to_path_buf(),
            text,
            document,
        }
    }

    /// Reads a programme file: the programme, with every problem found; `None` when an error
    /// leaves it unusable (it is never saved over then, so nothing in it is lost).
    pub fn load(path: &Path) -> (Option<Programme>, Vec<Diagnostic>) {
        match super::read_text(path, "programme") {
            Err(problem) => (None, vec![*problem]),
            Ok(text) => Programme::from_toml(text, path),
        }
    }

    pub fn from_toml(text: String, path: &Path) -> (Option<Programme>, Vec<Diagnostic>) {
        let file = path.display().to_string();
        let (read, problems) = super::parse_with(&file, &text, read_programme);
        let has_errors = problems.iter().any(Diagnostic::is_error);
        let document = text.parse::<toml_edit::DocumentMut>().ok();
        let programme = match (read, document) {
            (Some((title, entries)), Some(document)) if !has_errors => Some(Programme {
                title,
                entries,
                path: path.to_path_buf(),
                text,
                document,
            }),
            _ => None,
        };
        (programme, problems)
    }

    /// The title to print: the file's, else a plain one.
    pub fn title(&self) -> &str {
        self.title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(NEW_TITLE)
    }

    /// The file's text as it would be saved now.
    pub fn to_toml(&self) -> String {
        self.document.to_string()
    }

    /// Writes the programme atomically (see [`atomic::write`]); a link is followed, and stays.
    pub fn save(&self, replace: Replace) -> std::io::Result<()> {
        let target = real_path(&self.path)?;
        atomic::write(&target, self.to_toml().as_bytes(), replace)?;
        Ok(())
    }

    /// Places `plan` with `year_group` in `term`, both in the school's own names (matched in any
    /// case and spacing: "y5", "autumn 1"), which are what the file gets.
    pub fn add(
        &mut self,
        system: Option<&YearSystem>,
        calendar: &Calendar,
        year_group: &str,
        term: &str,
        plan: &str,
    ) -> Result<&Entry, ProgrammeError> {
        let year = find_year(system, year_group)?.name.clone();
        let term = find_term(calendar, term)?;
        let plan = plan.trim().to_string();
        if self
            .entries
            .iter()
            .any(|e| e.is_for(system, &year, &term) && same_plan(&e.plan, &plan))
        {
            return Err(ProgrammeError::AlreadyThere {
                year_group: year,
                term,
                plan,
            });
        }
        let mut table = toml_edit::Table::new();
        table.insert("year_group", toml_edit::value(year.as_str()));
        table.insert("term", toml_edit::value(term.as_str()));
        table.insert("plan", toml_edit::value(plan.as_str()));
        match self.document.get_mut("plans") {
            Some(toml_edit::Item::Value(toml_edit::Value::Array(inline))) => {
                inline.push(table.into_inline_table());
            }
            Some(toml_edit::Item::ArrayOfTables(tables)) => tables.push(table),
            _ => {
                let mut tables = toml_edit::ArrayOfTables::new();
                tables.push(table);
                self.document
                    .insert("plans", toml_edit::Item::ArrayOfTables(tables));
            }
        }
        self.entries.push(Entry {
            year_group: year,
            term,
            plan,
            spans: None,
        });
        Ok(self.entries.last().expect("just pushed"))
    }

    /// Takes `plan` out of `year_group`'s `term`; the names are matched as [`Programme::add`]
    /// matches them, and the plan as written or without its `.toml`.
    pub fn remove(
        &mut self,
        system: Option<&YearSystem>,
        year_group: &str,
        term: &str,
        plan: &str,
    ) -> Result<Entry, ProgrammeError> {
        let found = self
            .entries
            .iter()
            .position(|e| e.is_for(system, year_group, term) && same_plan(&e.plan, plan));
        let Some(index) = found else {
            return Err(ProgrammeError::NotThere {
                year_group: year_group.trim().to_string(),
                term: term.trim().to_string(),
                plan: plan.trim().to_string(),
            });
        };
        // Entries are only ever read from a file without errors, so the file's n-th entry is
        // `entries[n]`.
        match self.document.get_mut("plans") {
            Some(toml_edit::Item::Value(toml_edit::Value::Array(inline))) => {
                inline.remove(index);
            }
            Some(toml_edit::Item::ArrayOfTables(tables)) => {
                tables.remove(index);
            }
            _ => {}
        }
        Ok(self.entries.remove(index))
    }

    /// How the programme names a plan file: by its name alone when it is in the plans folder,
    /// else by its path from the programme's folder (absolute when it is elsewhere).
    pub fn name_for(&self, path: &Path, plans_dir: &Path) -> String {
        if paths::is_directly_in(path, plans_dir)
            && let Some(name) = path.file_name()
        {
            return name.to_string_lossy().into_owned();
        }
        let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let plan = absolute(path);
        let folder = absolute(folder_of(&self.path));
        plan.strip_prefix(&folder)
            .map(Path::to_path_buf)
            .unwrap_or(plan)
            .display()
            .to_string()
    }

    /// Where an entry's plan file is: a bare name in the plans folder (`.toml` added if it has
    /// none), a path relative to the programme's folder.
    pub fn plan_path(&self, plan: &str, plans_dir: &Path) -> PathBuf {
        let given = Path::new(plan.trim());
        if paths::is_bare_name(given) {
            paths::new_plan_path(given, plans_dir)
        } else {
            paths::relative_to(folder_of(&self.path), given)
        }
    }

    /// A problem at one of an entry's values (`at` picks which), or at the whole file for an
    /// entry added since it was read.
    fn problem(
        &self,
        entry: &Entry,
        at: fn(&EntrySpans) -> &Range<usize>,
        code: Code,
        message: String,
        hint: &str,
    ) -> Diagnostic {
        let file = self.path.display().to_string();
        match &entry.spans {
            Some(spans) => SourceFile::new(&file, &self.text).diagnostic(
                at(spans).clone(),
                Severity::Error,
                code,
                message,
                hint,
            ),
            None => Diagnostic::whole_file(&file, Severity::Error, code, message).with_hint(hint),
        }
    }
}

impl Entry {
    /// Whether the entry is for this year group and term, as typed.
    fn is_for(&self, system: Option<&YearSystem>, year_group: &str, term: &str) -> bool {
        let same_year = match system.and_then(|s| s.find(year_group)) {
            Some(year) => year.is_named(&self.year_group),
            None => squash(&self.year_group) == squash(year_group),
        };
        same_year && squash(&self.term) == squash(term)
    }
}

fn find_year<'s>(
    system: Option<&'s YearSystem>,
    typed: &str,
) -> Result<&'s YearGroup, ProgrammeError> {
    year_groups::find(system, typed).map_err(ProgrammeError::Year)
}

fn find_term(calendar: &Calendar, typed: &str) -> Result<String, ProgrammeError> {
    calendar
        .term(typed)
        .map(|(_, term)| term.name.clone())
        .ok_or_else(|| ProgrammeError::UnknownTerm {
            typed: typed.trim().to_string(),
            names: calendar
                .term_names()
                .into_iter()
                .map(String::from)
                .collect(),
        })
}

/// `year-5` and `year-5.toml` name the same plan.
fn same_plan(a: &str, b: &str) -> bool {
    let bare = |p: &str| p.trim().trim_end_matches(".toml").to_string();
    bare(a) == bare(b)
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const ENTRY_EXAMPLE: &str =
    "year_group = \"Year 5\"\nterm = \"Autumn 1\"\nplan = \"year-5-autumn-1.toml\"";

fn read_programme(
    table: &DeTable,
    span: Range<usize>,
    problems: &mut Problems,
) -> (Option<String>, Vec<Entry>) {
    let mut top = TableReader::new(table, span, "");
    let title = top.line(
        "title",
        false,
        "\"Online safety programme 2026-27\"",
        problems,
    );
    let plans = top
        .table_list("plans", false, ENTRY_EXAMPLE, problems)
        .unwrap_or_default();
    top.finish(problems);
    let mut entries = Vec::new();
    for (number, (entry, entry_span)) in plans.into_iter().enumerate() {
        let mut reader = TableReader::new(entry, entry_span, format!("plan {}", number + 1));
        let year_group = reader.line("year_group", true, "\"Year 5\"", problems);
        let term = reader.line("term", true, "\"Autumn 1\"", problems);
        let plan = reader.line("plan", true, "\"year-5-autumn-1.toml\"", problems);
        reader.finish(problems);
        let (Some(year_group), Some(term), Some(plan)) = (year_group, term, plan) else {
            continue;
        };
        entries.push(Entry {
            year_group: year_group.value.trim().to_string(),
            term: term.value.trim().to_string(),
            plan: plan.value.trim().to_string(),
            spans: Some(EntrySpans {
                year_group: year_group.span,
                term: term.span,
                plan: plan.span,
            }),
        });
    }
    (title.map(|t| t.value), entries)
}

/// The programme resolved: its year groups by the calendar's terms, each cell the plans there.
#[derive(Debug, Clone)]
pub struct Grid {
    pub title: String,
    /// The calendar's terms, in order: the grid's columns.
    pub terms: Vec<String>,
    /// The year groups the programme uses, in school order: the grid's rows.
    pub rows: Vec<Row>,
    /// Each entry that could not be placed or whose plan is wrong, located at the entry; and
    /// each plan that could not be read, located in the plan.
    pub problems: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub year: YearGroup,
    /// One cell per term.
    pub cells: Vec<Vec<Placed>>,
}

/// A plan placed in a cell: loaded, or why it could not be.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The entry's position in the programme.
    pub entry: usize,
    /// As the programme names it.
    pub name: String,
    pub path: PathBuf,
    pub plan: Result<Plan, Box<Diagnostic>>,
}

impl Grid {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }

    /// Every loaded plan with its row and term: in school order, then term order.
    pub fn plans(&self) -> impl Iterator<Item = (&Row, usize, &Placed, &Plan)> {
        self.rows.iter().flat_map(|row| {
            row.cells.iter().enumerate().flat_map(move |(term, cell)| {
                cell.iter()
                    .filter_map(move |placed| Some((row, term, placed, placed.plan.as_ref().ok()?)))
            })
        })
    }
}

/// Places each entry in its year group's row and its term's column, loading its plan. Nothing
/// stops at the first problem: an entry that cannot be placed, or a plan that cannot be read,
/// is reported and every other entry is placed.
pub fn resolve(
    programme: &Programme,
    system: Option<&YearSystem>,
    calendar: &Calendar,
    plans_dir: &Path,
) -> Grid {
    let terms: Vec<String> = calendar.terms.iter().map(|t| t.name.clone()).collect();
    let mut problems = Vec::new();
    let mut placed: Vec<(usize, usize, Placed)> = Vec::new();
    for (index, entry) in programme.entries.iter().enumerate() {
        let year = match find_year(system, &entry.year_group) {
            Ok(year) => Some(year),
            Err(error) => {
                problems.push(programme.problem(
                    entry,
                    |s| &s.year_group,
                    Code::UnknownYearGroup,
                    error.to_string(),
                    "write the year group as the school's system names it (the config's `year_groups` chooses the system)",
                ));
                None
            }
        };
        let term = match calendar.term(&entry.term) {
            Some((term, _)) => Some(term),
            None => {
                problems.push(
                    programme.problem(
                        entry,
                        |s| &s.term,
                        Code::UnknownTerm,
                        find_term(calendar, &entry.term)
                            .err()
                            .map(|e| e.to_string())
                            .unwrap_or_default(),
                        "use a term the calendar names, or add the term to calendar.toml",
                    ),
                );
                None
            }
        };
        let (Some(year), Some(term)) = (year, term) else {
            continue;
        };
        let path = programme.plan_path(&entry.plan, plans_dir);
        let plan = if path.exists() {
            Plan::load(&path)
        } else {
            Err(Box::new(programme.problem(
                entry,
                |s| &s.plan,
                Code::CannotRead,
                format!("there is no plan file at {}", path.display()),
                "a bare name is a plan in the plans folder (`lessonplan plan list` lists them); a path is relative to the programme file",
            )))
        };
        match &plan {
            Err(problem) => problems.push((**problem).clone()),
            Ok(loaded) => {
                if let Some(own) = loaded.year_group.as_deref()
                    && !year.is_named(own)
                {
                    problems.push(programme.problem(
                        entry,
                        |s| &s.year_group,
                        Code::OtherYearGroup,
                        format!(
                            "`{}` is a plan for {own}, but the programme places it with {}",
                            entry.plan, year.name
                        ),
                        "place it with its own year group, or change the plan's year group (`lessonplan plan set PLAN --year ...`)",
                    ));
                }
            }
        }
        let row = system
            .and_then(|s| s.years.iter().position(|y| y.name == year.name))
            .unwrap_or(usize::MAX);
        placed.push((
            row,
            term,
            Placed {
                entry: index,
                name: entry.plan.clone(),
                path,
                plan,
            },
        ));
    }
    let mut rows: Vec<Row> = Vec::new();
    if let Some(system) = system {
        for (position, year) in system.years.iter().enumerate() {
            if !placed.iter().any(|(row, _, _)| *row == position) {
                continue;
            }
            let mut cells = vec![Vec::new(); terms.len()];
            for (_, term, plan) in placed.iter().filter(|(row, _, _)| *row == position) {
                cells[*term].push(plan.clone());
            }
            rows.push(Row {
                year: year.clone(),
                cells,
            });
        }
    }
    Grid {
        title: programme.title().to_string(),
        terms,
        rows,
        problems,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::library::year_groups::YearGroup;

    pub(crate) fn system() -> YearSystem {
        let year = |name: &str, band: &str, alias: &str| YearGroup {
            name: name.into(),
            ages: None,
            age_band: band.into(),
            aliases: vec![alias.into()],
        };
        YearSystem {
            id: "england-wales".into(),
            name: "England and Wales".into(),
            region: Some("uk".into()),
            years: vec![
                year("Reception", "4-7", "R"),
                year("Year 2", "4-7", "Y2"),
                year("Year 5", "7-11", "Y5"),
                year("Year 9", "11-14", "Y9"),
            ],
            file: String::new(),
        }
    }

    pub(crate) fn calendar() -> Calendar {
        Calendar::from_toml(super::super::calendar::tests::HILLSIDE, "calendar.toml")
            .0
            .unwrap()
    }

    fn read(text: &str) -> (Option<Programme>, Vec<(usize, Code)>) {
        let (programme, problems) =
            Programme::from_toml(text.to_string(), Path::new("programme.toml"));
        (
            programme,
            problems.iter().map(|p| (p.location.line, p.code)).collect(),
        )
    }

    #[test]
    fn entries_are_read_and_mistakes_are_located() {
        let (programme, problems) = read(
            "title = \"Ours\"\n[[plans]]\nyear_group = \"Year 5\"\nterm = \"Autumn 1\"\nplan = \"y5\"\n",
        );
        assert_eq!(problems, []);
        let programme = programme.unwrap();
        assert_eq!(programme.title(), "Ours");
        assert_eq!(programme.entries[0].plan, "y5");

        let (programme, problems) = read(
            "[[plans]]\nyear_group = 5\nterm = \"Autumn 1\"\n\n[[plans]]\nyear_group = \"Year 5\"\nterm = \"Autumn 1\"\nplan = \"y5\"\ncolour = \"red\"\n",
        );
        assert!(programme.is_none(), "a programme with errors is not used");
        assert_eq!(
            problems,
            [
                (2, Code::WrongType),
                (1, Code::MissingField),
                (9, Code::UnknownField)
            ]
        );
    }

    #[test]
    fn adding_and_removing_keep_comments_and_unknown_keys() {
        let text = "# Our programme\ntitle = \"Ours\"\nowner = \"PSHE lead\"\n\n[[plans]]\nyear_group = \"Year 5\"\nterm = \"Autumn 1\"\nplan = \"y5\"\nnote = \"kept\"\n";
        let (programme, problems) = read(text);
        assert_eq!(
            problems,
            [(3, Code::UnknownField), (9, Code::UnknownField)],
            "warnings only"
        );
        let mut programme = programme.unwrap();
        let (system, calendar) = (system(), calendar());
        let added = programme
            .add(Some(&system), &calendar, "y9", "autumn 2", "y9-autumn")
            .unwrap();
        assert_eq!(
            (added.year_group.as_str(), added.term.as_str()),
            ("Year 9", "Autumn 2"),
            "the school's own names are written"
        );
        let saved = programme.to_toml();
        assert!(saved.starts_with("# Our programme\n"), "{saved}");
        assert!(saved.contains("owner = \"PSHE lead\""), "{saved}");
        assert!(saved.contains("note = \"kept\""), "{saved}");
        assert!(saved.contains("year_group = \"Year 9\""), "{saved}");

        assert_eq!(
            programme.add(
                Some(&system),
                &calendar,
                "Year 9",
                "Autumn 2",
                "y9-autumn.toml"
            ),
            Err(ProgrammeError::AlreadyThere {
                year_group: "Year 9".into(),
                term: "Autumn 2".into(),
                plan: "y9-autumn.toml".into()
            })
        );
        let unknown = programme
            .add(Some(&system), &calendar, "Year 15", "Autumn 1", "x")
            .unwrap_err()
            .to_string();
        assert!(
            unknown.contains("use one of: Reception, Year 2, Year 5, Year 9"),
            "{unknown}"
        );
        let unknown = programme
            .add(Some(&system), &calendar, "Year 5", "Summer 3", "x")
            .unwrap_err()
            .to_string();
        assert!(
            unknown.contains("its terms are: Autumn 1, Autumn 2"),
            "{unknown}"
        );

        let removed = programme
            .remove(Some(&system), "Y5", "AUTUMN 1", "y5.toml")
            .unwrap();
        assert_eq!(removed.plan, "y5");
        let saved = programme.to_toml();
        assert!(!saved.contains("note = \"kept\""), "{saved}");
        assert!(saved.contains("owner = \"PSHE lead\""), "{saved}");
        let (again, problems) = read(&saved);
        assert_eq!(problems, [(3, Code::UnknownField)]);
        assert_eq!(again.unwrap().entries.len(), 1);
        assert!(
            programme
                .remove(Some(&system), "Y5", "Autumn 1", "y5")
                .is_err()
        );
    }

    #[test]
    fn the_grid_places_every_plan_it_can_and_locates_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let plans = dir.path().join("plans");
        std::fs::create_dir_all(&plans).unwrap();
        let plan = |name: &str, year: &str| {
            let plan = Plan {
                year_group: Some(year.into()),
                ..Plan::new(name)
            };
            plan.save(&plans.join(format!("{name}.toml"))).unwrap();
        };
        plan("y5", "Year 5");
        plan("rec", "Reception");
        plan("y9", "Year 2");
        std::fs::write(plans.join("broken.toml"), "title = [").unwrap();
        let text = "[[plans]]\nyear_group = \"Year 5\"\nterm = \"Autumn 2\"\nplan = \"y5\"\n\n\
                    [[plans]]\nyear_group = \"Year 9\"\nterm = \"Autumn 1\"\nplan = \"y9.toml\"\n\n\
                    [[plans]]\nyear_group = \"R\"\nterm = \"Autumn 1\"\nplan = \"rec\"\n\n\
                    [[plans]]\nyear_group = \"Year 5\"\nterm = \"Autumn 1\"\nplan = \"broken\"\n\n\
                    [[plans]]\nyear_group = \"Year 7\"\nterm = \"Spring 1\"\nplan = \"gone\"\n\n\
                    [[plans]]\nyear_group = \"Year 5\"\nterm = \"Autumn 1\"\nplan = \"gone\"\n";
        let path = dir.path().join("programme.toml");
        let (programme, problems) = Programme::from_toml(text.into(), &path);
        assert_eq!(problems, []);
        let grid = resolve(&programme.unwrap(), Some(&system()), &calendar(), &plans);
        let rows: Vec<&str> = grid.rows.iter().map(|r| r.year.name.as_str()).collect();
        assert_eq!(rows, ["Reception", "Year 5", "Year 9"], "in school order");
        assert_eq!(grid.terms, ["Autumn 1", "Autumn 2"]);
        let year5 = &grid.rows[1];
        assert_eq!(year5.cells[1][0].plan.as_ref().unwrap().title, "y5");
        assert_eq!(
            year5.cells[0].len(),
            2,
            "the broken plan and the missing one"
        );
        assert!(year5.cells[0].iter().all(|p| p.plan.is_err()));
        let found: Vec<(String, usize, Code)> = grid
            .problems
            .iter()
            .map(|p| {
                let file = Path::new(&p.file).file_name().unwrap().to_string_lossy();
                (file.into_owned(), p.location.line, p.code)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("programme.toml".into(), 7, Code::OtherYearGroup),
                ("broken.toml".into(), 1, Code::InvalidPlan),
                ("programme.toml".into(), 22, Code::UnknownYearGroup),
                ("programme.toml".into(), 23, Code::UnknownTerm),
                ("programme.toml".into(), 29, Code::CannotRead),
            ]
        );
        assert!(grid.problems[0].message.contains("a plan for Year 2"));
        assert!(
            grid.problems[3]
                .message
                .contains("its terms are: Autumn 1, Autumn 2")
        );
    }
}
