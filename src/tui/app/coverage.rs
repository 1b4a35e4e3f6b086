//! The Coverage view: what the library teaches each age band in each strand, for a PSHE lead
//! looking for gaps, and a strand's progression from the youngest band to the oldest.

use super::{App, Focus, View};
use crate::library::Library;
use crate::library::coverage::{Cell, Coverage};
use crate::tui::action::{Action, Effect};

/// Where the Coverage view's cursor is, and whether it shows one strand's progression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageView {
    pub grid: Coverage,
    /// For each cell of `grid`: (outcomes some module teaches, outcomes), worked out when the
    /// library is read rather than on every frame.
    pub outcomes: Vec<Vec<(usize, usize)>>,
    /// The library's outcomes that no module teaches.
    pub untaught_outcomes: usize,
    pub strand: usize,
    pub band: usize,
    /// The selected module in the cell's list (or, in the progression, the band's column).
    pub module: usize,
    /// The modules list under the grid has the keys, rather than the grid.
    pub in_modules: bool,
    /// Showing the selected strand's modules band by band, side by side.
    pub progression: bool,
}

impl CoverageView {
    pub fn new(library: &Library) -> CoverageView {
        let outcomes = library.outcome_coverage();
        CoverageView {
            grid: library.coverage(),
            outcomes: outcomes.by_cell(&library.framework),
            untaught_outcomes: outcomes.untaught().count(),
            strand: 0,
            band: 0,
            module: 0,
            in_modules: false,
            progression: false,
        }
    }

    /// The cell of a strand and band, by their places in the grid.
    pub fn cell_at(&self, strand: usize, band: usize) -> Option<&Cell> {
        self.grid.cells.get(strand)?.get(band)
    }

    /// The cell under the cursor.
    pub fn selected_cell(&self) -> Option<&Cell> {
        self.cell_at(self.strand, self.band)
    }

    /// The id of the module under the cursor in the cell's list.
    pub fn selected_module(&self) -> Option<&str> {
        self.selected_cell()?
            .modules
            .get(self.module)
            .map(String::as_str)
    }

    /// Takes in a library read again, keeping the cursor where it still fits.
    pub fn refresh(&mut self, library: &Library) {
        let outcomes = library.outcome_coverage();
        self.grid = library.coverage();
        self.outcomes = outcomes.by_cell(&library.framework);
        self.untaught_outcomes = outcomes.untaught().count();
        self.clamp();
    }

    fn strands(&self) -> usize {
        self.grid.cells.len()
    }

    fn bands(&self) -> usize {
        self.grid.totals.len()
    }

    pub(super) fn clamp(&mut self) {
        self.strand = self.strand.min(self.strands().saturating_sub(1));
        self.band = self.band.min(self.bands().saturating_sub(1));
        let modules = self.selected_cell().map_or(0, |c| c.modules.len());
        self.module = self.module.min(modules.saturating_sub(1));
        if modules == 0 {
            self.in_modules = false;
        }
    }

    /// Moves between cells, or along the cell's modules; in the progression, between bands and
    /// along the band's modules.
    fn step(&mut self, rows: isize, columns: isize) {
        if self.progression {
            if columns != 0 {
                self.band = self.band.saturating_add_signed(columns);
                self.module = 0;
            } else {
                self.module = self.module.saturating_add_signed(rows);
            }
        } else if self.in_modules {
            self.module = self.module.saturating_add_signed(rows);
        } else {
            self.band = self.band.saturating_add_signed(columns);
            self.strand = self.strand.saturating_add_signed(rows);
            self.module = 0;
        }
        self.clamp();
    }
}

impl App {
    /// Keys in the Coverage view; the others are the views' shared keys.
    pub(super) fn update_coverage(&mut self, action: Action) -> Option<Vec<Effect>> {
        let view = &mut self.coverage;
        match action {
            Action::Up => view.step(-1, 0),
            Action::Down => view.step(1, 0),
            Action::PageUp => view.step(-10, 0),
            Action::PageDown => view.step(10, 0),
            Action::Top => view.step(isize::MIN / 2, 0),
            Action::Bottom => view.step(isize::MAX / 2, 0),
            Action::CellLeft => view.step(0, -1),
            Action::CellRight => view.step(0, 1),
            Action::ToggleProgression => {
                view.progression = !view.progression;
                view.in_modules = false;
                view.module = 0;
                view.clamp();
            }
            Action::Submit if view.in_modules || view.progression => {
                view.in_modules = true;
                view.clamp();
                if let Some(id) = view.selected_module().map(str::to_string) {
                    self.show_in_browse(&id);
                }
            }
            Action::Submit => {
                let count = view.selected_cell().map_or(0, |c| c.modules.len());
                if count == 0 {
                    self.info("No module teaches this strand to this age band yet");
                } else {
                    view.in_modules = true;
                    view.module = 0;
                }
            }
            Action::Cancel if view.progression => {
                view.progression = false;
                view.in_modules = false;
            }
            Action::Cancel if view.in_modules => view.in_modules = false,
            _ => return None,
        }
        Some(Vec::new())
    }

    /// Shows the library's module `id` in Browse, selected, clearing any filter that would
    /// hide it.
    fn show_in_browse(&mut self, id: &str) {
        let Some(index) = self.library.modules.iter().position(|m| m.id == id) else {
            return;
        };
        self.view = View::Browse;
        self.focus = Focus::List;
        if !self.hits.iter().any(|h| h.index == index) {
            self.filter = crate::search::Filter::default();
            self.search.reset();
            self.refresh_hits();
        }
        if let Some(row) = self.hits.iter().position(|h| h.index == index) {
            self.selected = row;
            self.detail_scroll = 0;
            self.keep_visible();
        }
        self.info(format!("Showing {id} in Browse"));
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;
    use crate::tui::app::tests::fixture_library;
    use crate::tui::layout;
    use crate::tui::theme::ThemeName;

    fn app() -> App {
        let mut app = App::new(fixture_library(), ThemeName::Dark, Rect::new(0, 0, 100, 30));
        app.update(Action::ShowCoverage);
        app
    }

    fn position(library: &Library, strand: &str, band: &str) -> (usize, usize) {
        let framework = &library.framework;
        (
            framework
                .strands
                .iter()
                .position(|s| s.id == strand)
                .unwrap(),
            framework
                .age_bands
                .iter()
                .position(|b| b.id == band)
                .unwrap(),
        )
    }

    /// The counting itself is tested with the grid, in library/coverage.rs.
    #[test]
    fn the_view_counts_as_the_library_does() {
        let library = fixture_library();
        assert_eq!(CoverageView::new(&library).grid, library.coverage());
    }

    #[test]
    fn the_cursor_stays_on_the_grid_and_enter_lists_then_shows_a_module() {
        let mut app = app();
        for _ in 0..20 {
            app.update(Action::Down);
            app.update(Action::CellRight);
        }
        let (strands, bands) = (
            app.library.framework.strands.len(),
            app.library.framework.age_bands.len(),
        );
        assert_eq!(
            (app.coverage.strand, app.coverage.band),
            (strands - 1, bands - 1)
        );
        app.update(Action::Top);
        app.update(Action::CellLeft);
        app.update(Action::CellLeft);
        app.update(Action::CellLeft);
        app.update(Action::CellLeft);
        assert_eq!(app.coverage.band, 0);
        // Find a cell with a module and one without.
        let grid = app.coverage.grid.clone();
        let (strand, band) = (0..strands)
            .flat_map(|s| (0..bands).map(move |b| (s, b)))
            .find(|&(s, b)| !grid.cells[s][b].modules.is_empty())
            .unwrap();
        let (empty_strand, empty_band) = (0..strands)
            .flat_map(|s| (0..bands).map(move |b| (s, b)))
            .find(|&(s, b)| grid.cells[s][b].modules.is_empty())
            .unwrap();
        app.coverage.strand = empty_strand;
        app.coverage.band = empty_band;
        app.update(Action::Submit);
        assert!(!app.coverage.in_modules);
        assert!(
            app.status
                .as_ref()
                .unwrap()
                .text
                .contains("No module teaches")
        );

        // Filtered so that the module is hidden in Browse: showing it clears the filter.
        app.filter.age_band = Some("no-such-band".into());
        app.refresh_hits();
        app.coverage.strand = strand;
        app.coverage.band = band;
        app.update(Action::Submit);
        assert!(app.coverage.in_modules);
        let wanted = grid.cells[strand][band].modules[0].clone();
        app.update(Action::Submit);
        assert_eq!(app.view, View::Browse);
        assert_eq!(app.selected_module().unwrap().id, wanted);
        // Coming back, Esc leaves the list for the grid.
        app.update(Action::ShowCoverage);
        app.update(Action::Cancel);
        assert!(!app.coverage.in_modules);
    }

    #[test]
    fn the_progression_walks_one_strand_band_by_band() {
        let mut app = app();
        let library = fixture_library();
        let module = &library.modules[0];
        let (strand, band) = position(&library, &module.strands[0], &module.age_band);
        app.coverage.strand = strand;
        app.update(Action::ToggleProgression);
        assert!(app.coverage.progression);
        for _ in 0..band {
            app.update(Action::CellRight);
        }
        // Up and down move along the band's modules, never to another strand.
        app.update(Action::Down);
        app.update(Action::Up);
        assert_eq!(app.coverage.strand, strand);
        app.update(Action::Submit);
        assert_eq!(app.view, View::Browse);
        let shown = &app.selected_module().unwrap().id;
        assert!(
            app.coverage.grid.cells[strand][band]
                .modules
                .iter()
                .any(|id| id == shown)
        );
        app.update(Action::ShowCoverage);
        app.update(Action::Cancel);
        assert!(!app.coverage.progression, "Esc goes back to the grid");
    }

    #[test]
    fn a_click_picks_the_cell_under_it_and_the_module_under_it() {
        // Small enough that the grid scrolls: the click must take the scroll into account.
        let mut app = App::new(fixture_library(), ThemeName::Dark, Rect::new(0, 0, 60, 15));
        app.update(Action::ShowCoverage);
        app.update(Action::Bottom);
        let areas = layout::areas(app.size);
        let (strands, bands) = (
            app.library.framework.strands.len(),
            app.library.framework.age_bands.len(),
        );
        let at = layout::coverage(&areas, strands, bands);
        let first = at.first_strand(app.coverage.strand);
        assert!(first > 0, "the grid is scrolled at this size");
        let x = at.grid.x + 1 + at.label_width + at.cell_width * 2 + 1;
        let y = at.grid.y + 2; // the border, the bands' names, then the first strand shown
        app.update(Action::Click { column: x, row: y });
        assert_eq!((app.coverage.strand, app.coverage.band), (first, 2));
        // The names column and the totals row are no cell.
        app.update(Action::Click {
            column: at.grid.x + 2,
            row: y + 1,
        });
        assert_eq!((app.coverage.strand, app.coverage.band), (first, 2));

        // A module row of the list under the grid selects it.
        let mut app = App::new(fixture_library(), ThemeName::Dark, Rect::new(0, 0, 100, 30));
        app.update(Action::ShowCoverage);
        let grid = app.coverage.grid.clone();
        let (strand, band) = (0..strands)
            .flat_map(|s| (0..bands).map(move |b| (s, b)))
            .find(|&(s, b)| grid.cells[s][b].modules.len() >= 2)
            .expect("a cell with two modules");
        app.coverage.strand = strand;
        app.coverage.band = band;
        let at = layout::coverage(&layout::areas(app.size), strands, bands);
        app.update(Action::Click {
            column: at.modules.x + 3,
            row: at.modules.y + 2,
        });
        assert!(app.coverage.in_modules);
        assert_eq!(app.coverage.module, 1);
    }

    #[test]
    fn a_library_read_again_keeps_the_cursor_where_it_fits() {
        let mut app = app();
        app.update(Action::Bottom);
        app.update(Action::CellRight);
        let before = (app.coverage.strand, app.coverage.band);
        app.update(Action::LibraryLoaded(Box::new(fixture_library())));
        assert_eq!((app.coverage.strand, app.coverage.band), before);
        let mut empty = fixture_library();
        empty.modules.clear();
        app.update(Action::LibraryLoaded(Box::new(empty)));
        assert!(
            app.coverage
                .grid
                .totals
                .iter()
                .all(|c| c.modules.is_empty())
        );
        assert!(!app.coverage.in_modules);
    }
}
