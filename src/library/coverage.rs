//! What the library teaches each age band, strand by strand: a grid of modules and minutes,
//! the data behind `lessonplan coverage` and the planner's Coverage view.

use super::framework::{AgeBand, Framework, Strand};
use super::module::Module;
use super::outcomes::Outcome;

/// The modules in one place of the grid, and their minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Module ids, in library order.
    pub modules: Vec<String>,
    /// Their `duration_minutes`, added up.
    pub minutes: u32,
}

impl Cell {
    pub fn count(&self) -> usize {
        self.modules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    fn add(&mut self, module: &Module) {
        // A strand listed twice in one module still counts the module once.
        if !self.modules.contains(&module.id) {
            self.modules.push(module.id.clone());
            self.minutes += module.duration_minutes;
        }
    }
}

/// How a module with several strands is counted, said under every form of the grid.
pub const COUNTING: &str = "A module with several strands is counted in each of them, with \
    its whole duration, so a band's strands can add up to more than the band has; the total \
    counts each module once.";

/// The library's modules by strand (rows) and age band (columns), in the framework's order.
///
/// A module with several strands is in the cell of each of its strands, with its whole
/// duration in each, so a column's cells can add up to more than the band has: `totals`
/// counts each module of a band once. A module whose band or strand the framework does not
/// have (no loaded module has one) is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub bands: Vec<AgeBand>,
    pub strands: Vec<Strand>,
    /// `cells[strand][band]`, indexed as `strands` and `bands` are.
    pub cells: Vec<Vec<Cell>>,
    /// Each band's modules, each once, indexed as `bands` is.
    pub totals: Vec<Cell>,
}

impl Coverage {
    pub fn of(framework: &Framework, modules: &[Module]) -> Coverage {
        let bands = framework.age_bands.clone();
        let strands = framework.strands.clone();
        let mut cells = vec![vec![Cell::default(); bands.len()]; strands.len()];
        let mut totals = vec![Cell::default(); bands.len()];
        for module in modules {
            let Some(band) = bands.iter().position(|b| b.id == module.age_band) else {
                continue;
            };
            let rows: Vec<usize> = module
                .strands
                .iter()
                .filter_map(|id| strands.iter().position(|s| s.id == *id))
                .collect();
            if rows.is_empty() {
                continue;
            }
            for row in rows {
                cells[row][band].add(module);
            }
            totals[band].add(module);
        }
        Coverage {
            bands,
            strands,
            cells,
            totals,
        }
    }

    /// The cell of a strand and band, by id.
    pub fn cell(&self, strand: &str, band: &str) -> Option<&Cell> {
        let row = self.strands.iter().position(|s| s.id == strand)?;
        let column = self.bands.iter().position(|b| b.id == band)?;
        Some(&self.cells[row][column])
    }

    /// A band's modules, each once, by id.
    pub fn total(&self, band: &str) -> Option<&Cell> {
        let column = self.bands.iter().position(|b| b.id == band)?;
        Some(&self.totals[column])
    }

    /// Every module in the grid, each once.
    pub fn module_count(&self) -> usize {
        self.totals.iter().map(Cell::count).sum()
    }

    /// How many of them have more than one strand (and so are in more than one cell).
    pub fn multi_strand_count(&self) -> usize {
        let mut rows_of = std::collections::HashMap::<&str, usize>::new();
        for cell in self.cells.iter().flatten() {
            for id in &cell.modules {
                *rows_of.entry(id.as_str()).or_default() += 1;
            }
        }
        rows_of.values().filter(|&&rows| rows > 1).count()
    }

    /// Places where a strand is not taught to a band at all: the gaps to fill.
    pub fn empty_cells(&self) -> usize {
        self.cells.iter().flatten().filter(|c| c.is_empty()).count()
    }
}

/// One outcome and the modules that name it, in library order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeTaught<'a> {
    pub outcome: &'a Outcome,
    pub modules: Vec<&'a Module>,
}

/// Which modules teach each outcome, for finding outcomes no module teaches and modules that
/// name no outcome: the data behind `lessonplan coverage --outcomes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeCoverage<'a> {
    /// Every outcome, in the library's order (strand, then band).
    pub outcomes: Vec<OutcomeTaught<'a>>,
    /// Modules whose `outcomes` name no outcome the library has.
    pub modules_without: Vec<&'a Module>,
}

impl<'a> OutcomeCoverage<'a> {
    pub fn of(outcomes: &'a [Outcome], modules: &'a [Module]) -> OutcomeCoverage<'a> {
        let taught = outcomes
            .iter()
            .map(|outcome| OutcomeTaught {
                outcome,
                modules: modules
                    .iter()
                    .filter(|m| m.outcomes.contains(&outcome.id))
                    .collect(),
            })
            .collect();
        let modules_without = modules
            .iter()
            .filter(|m| {
                !m.outcomes
                    .iter()
                    .any(|id| outcomes.iter().any(|o| &o.id == id))
            })
            .collect();
        OutcomeCoverage {
            outcomes: taught,
            modules_without,
        }
    }

    /// For each strand and band of `framework`, indexed as [`Coverage::cells`] is: how many of
    /// that cell's outcomes some module teaches, and how many outcomes it has.
    pub fn by_cell(&self, framework: &Framework) -> Vec<Vec<(usize, usize)>> {
        let mut cells = vec![vec![(0, 0); framework.age_bands.len()]; framework.strands.len()];
        for taught in &self.outcomes {
            let row = framework
                .strands
                .iter()
                .position(|s| s.id == taught.outcome.strand);
            let column = framework
                .age_bands
                .iter()
                .position(|b| b.id == taught.outcome.age_band);
            if let (Some(row), Some(column)) = (row, column) {
                let cell = &mut cells[row][column];
                cell.1 += 1;
                if !taught.modules.is_empty() {
                    cell.0 += 1;
                }
            }
        }
        cells
    }

    /// The outcomes no module teaches.
    pub fn untaught(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes
            .iter()
            .filter(|t| t.modules.is_empty())
            .map(|t| t.outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Date, Sensitivity, TextSource};

    fn framework() -> Framework {
        let band = |id: &str| AgeBand {
            id: id.into(),
            label: format!("Ages {id}"),
            description: String::new(),
        };
        let strand = |id: &str| Strand {
            id: id.into(),
            label: id.to_uppercase(),
            description: String::new(),
        };
        Framework {
            name: "Test".into(),
            age_bands: vec![band("4-7"), band("7-11")],
            strands: vec![strand("bullying"), strand("privacy"), strand("reputation")],
            review_interval: None,
        }
    }

    fn module(id: &str, band: &str, strands: &[&str], minutes: u32) -> Module {
        Module {
            id: id.into(),
            title: id.into(),
            age_band: band.into(),
            strands: strands.iter().map(|s| s.to_string()).collect(),
            duration_minutes: minutes,
            summary: String::new(),
            sensitivity: Sensitivity::Standard,
            last_reviewed: Date {
                year: 2026,
                month: 9,
                day: 1,
            },
            keywords: Vec::new(),
            language: None,
            objectives: Vec::new(),
            success_criteria: Vec::new(),
            send_adaptations: Vec::new(),
            builds_on: Vec::new(),
            leads_to: Vec::new(),
            outcomes: Vec::new(),
            resources: Vec::new(),
            signposting: Vec::new(),
            vocabulary: Vec::new(),
            activities: Vec::new(),
            review: Default::default(),
            file: format!("{id}.toml"),
            source: TextSource::Kept(Default::default()),
        }
    }

    fn ids(cell: &Cell) -> Vec<&str> {
        cell.modules.iter().map(String::as_str).collect()
    }

    #[test]
    fn each_module_is_in_the_cell_of_each_of_its_strands_with_its_minutes() {
        let modules = [
            module("a", "7-11", &["bullying", "privacy"], 45),
            module("b", "7-11", &["privacy"], 30),
            module("c", "4-7", &["reputation"], 20),
        ];
        let grid = Coverage::of(&framework(), &modules);
        let privacy = grid.cell("privacy", "7-11").unwrap();
        assert_eq!(ids(privacy), ["a", "b"]);
        assert_eq!(privacy.minutes, 75);
        let bullying = grid.cell("bullying", "7-11").unwrap();
        assert_eq!((ids(bullying), bullying.minutes), (vec!["a"], 45));
        assert!(grid.cell("bullying", "4-7").unwrap().is_empty());
        assert_eq!(ids(grid.cell("reputation", "4-7").unwrap()), ["c"]);
        assert_eq!(grid.cell("privacy", "14-18"), None);
    }

    #[test]
    fn totals_count_a_multi_strand_module_once() {
        let modules = [
            module("a", "7-11", &["bullying", "privacy", "reputation"], 45),
            module("b", "7-11", &["privacy"], 30),
        ];
        let grid = Coverage::of(&framework(), &modules);
        let column: usize = (0..grid.strands.len())
            .map(|row| grid.cells[row][1].count())
            .sum();
        assert_eq!(column, 4, "a counted in each of its three strands, b once");
        let total = grid.total("7-11").unwrap();
        assert_eq!((ids(total), total.minutes), (vec!["a", "b"], 75));
        assert_eq!(grid.total("4-7").unwrap(), &Cell::default());
        assert_eq!(grid.module_count(), 2);
        assert_eq!(grid.multi_strand_count(), 1);
    }

    #[test]
    fn each_cell_counts_its_outcomes_and_the_ones_a_module_teaches() {
        let outcome = |id: &str, band: &str, strand: &str| Outcome {
            id: id.into(),
            age_band: band.into(),
            strand: strand.into(),
            statement: "I can.".into(),
            file: String::new(),
        };
        let outcomes = [
            outcome("p1", "4-7", "privacy"),
            outcome("p2", "4-7", "privacy"),
            outcome("r1", "7-11", "reputation"),
            outcome("elsewhere", "16-19", "privacy"),
        ];
        let mut teaching = module("m", "4-7", &["privacy"], 30);
        teaching.outcomes = vec!["p2".into()];
        let modules = [teaching];
        let report = OutcomeCoverage::of(&outcomes, &modules);
        let cells = report.by_cell(&framework());
        // Strands bullying, privacy, reputation; bands 4-7, 7-11.
        assert_eq!(cells[1][0], (1, 2));
        assert_eq!(cells[2][1], (0, 1));
        assert_eq!(cells[0], [(0, 0), (0, 0)]);
        let untaught: Vec<&str> = report.untaught().map(|o| o.id.as_str()).collect();
        assert_eq!(untaught, ["p1", "r1", "elsewhere"]);
    }

    #[test]
    fn rows_and_columns_follow_the_framework_and_gaps_are_counted() {
        let modules = [module("b", "4-7", &["privacy"], 30)];
        let grid = Coverage::of(&framework(), &modules);
        let strands: Vec<&str> = grid.strands.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(strands, ["bullying", "privacy", "reputation"]);
        let bands: Vec<&str> = grid.bands.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(bands, ["4-7", "7-11"]);
        assert_eq!(grid.cells.len(), 3);
        assert!(grid.cells.iter().all(|row| row.len() == 2));
        assert_eq!(grid.empty_cells(), 5);
    }

    #[test]
    fn a_strand_listed_twice_counts_once_and_unknown_places_are_left_out() {
        let modules = [
            module("twice", "7-11", &["privacy", "privacy"], 40),
            module("no-band", "16-19", &["privacy"], 40),
            module("no-strand", "7-11", &["nowhere"], 40),
        ];
        let grid = Coverage::of(&framework(), &modules);
        let privacy = grid.cell("privacy", "7-11").unwrap();
        assert_eq!((ids(privacy), privacy.minutes), (vec!["twice"], 40));
        assert_eq!(ids(grid.total("7-11").unwrap()), ["twice"]);
        assert_eq!(grid.module_count(), 1);
        assert_eq!(grid.multi_strand_count(), 0);
    }

    #[test]
    fn the_bundled_library_totals_match_its_modules_per_band() {
        let library = crate::library::Library::bundled(&crate::library::LoadOptions::default());
        let grid = Coverage::of(&library.framework, &library.modules);
        for band in &library.framework.age_bands {
            let of_band: Vec<&Module> = library
                .modules
                .iter()
                .filter(|m| m.age_band == band.id)
                .collect();
            let total = grid.total(&band.id).unwrap();
            assert_eq!(total.count(), of_band.len(), "{}", band.id);
            assert_eq!(
                total.minutes,
                of_band.iter().map(|m| m.duration_minutes).sum::<u32>(),
                "{}",
                band.id
            );
        }
        assert_eq!(grid.module_count(), library.modules.len());
    }
}
