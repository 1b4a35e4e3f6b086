//! The school's programme as printed documents for governors and inspectors: the one-page
//! long-term plan (year groups by terms, the lessons in each) and the coverage report. Each is a
//! [`Document`], so the Markdown, HTML and PDF writers print it as they print handouts.

use super::document::{Block, Document, Section, language_for, phones};
use super::{ExportOptions, Handout, SchoolDocument};
use crate::library::Library;
use crate::school_year::programme::coverage::{Coverage, Progression, SensitiveLesson};
use crate::school_year::programme::{Grid, Placed};
use crate::school_year::{Calendar, long_date};

/// What both documents are printed from.
pub struct Printed<'a> {
    pub grid: &'a Grid,
    pub calendar: &'a Calendar,
    pub library: &'a Library,
    pub options: &'a ExportOptions,
}

impl Printed<'_> {
    /// Year groups down the side, the calendar's terms across, each cell the titles of the
    /// lessons taught then; printed across one page.
    pub fn long_term_plan(&self) -> Document {
        let grid = self.grid;
        let mut blocks = vec![
            heading(1, &grid.title),
            Block::Paragraph(self.school_and_year()),
        ];
        if grid.rows.is_empty() {
            blocks.push(Block::Paragraph(
                "No plans are placed in the programme yet.".to_string(),
            ));
        } else {
            let header = std::iter::once("Year group".to_string())
                .chain(grid.terms.iter().cloned())
                .collect();
            let rows = grid
                .rows
                .iter()
                .map(|row| {
                    let year = format!("**{}**\nages {}", row.year.name, row.year.age_band);
                    std::iter::once(year)
                        .chain(row.cells.iter().map(|cell| self.cell_text(cell)))
                        .collect()
                })
                .collect();
            // The year group's column is narrower than a term's.
            blocks.push(Block::Table {
                header,
                rows,
                widths: std::iter::once(0.6)
                    .chain(grid.terms.iter().map(|_| 1.0))
                    .collect(),
            });
        }
        self.document(SchoolDocument::LongTermPlan, blocks, true)
    }

    /// The lessons of a cell's plans, a line each by title; where a term has several plans,
    /// each is headed by its own title. A plan that cannot be read says so.
    fn cell_text(&self, cell: &[Placed]) -> String {
        let several = cell.len() > 1;
        let lines: Vec<String> = cell
            .iter()
            .flat_map(|placed| match &placed.plan {
                Err(_) => vec![format!("(the plan {} cannot be read)", placed.name)],
                Ok(plan) => {
                    // A mark at each lesson tells a title that wraps from the next one.
                    let lessons = plan
                        .items
                        .iter()
                        .map(|item| format!("• {}", short_title(&self.title_of(&item.module))));
                    let title = several.then(|| format!("**{}**", plan.title));
                    title.into_iter().chain(lessons).collect()
                }
            })
            .collect();
        if lines.is_empty() {
            "–".to_string()
        } else {
            lines.join("\n")
        }
    }

    /// A module's title, or its id where no library has it (the long-term plan shortens it).
    fn title_of(&self, id: &str) -> String {
        self.library
            .module(id)
            .map_or(id.to_string(), |m| m.title.clone())
    }

    /// A progression warning as a governor reads it: lessons by their titles.
    fn progression_text(&self, warning: &Progression) -> String {
        match warning {
            Progression::OlderModule {
                year_group,
                term,
                module,
                age_band,
            } => format!(
                "**{year_group}** is taught “{}” ({term}), written for ages {age_band}",
                self.title_of(module)
            ),
            Progression::NotBuiltOn {
                year_group,
                term,
                module,
                builds_on,
            } => {
                let earlier: Vec<String> = builds_on
                    .iter()
                    .map(|id| format!("“{}”", self.title_of(id)))
                    .collect();
                format!(
                    "**{year_group}** is taught “{}” ({term}), which builds on {}: no year group \
                     is taught {} before it",
                    self.title_of(module),
                    earlier.join(" and "),
                    if builds_on.len() == 1 {
                        "that"
                    } else {
                        "those"
                    }
                )
            }
        }
    }

    /// Minutes per year group and strand, the strands an age band never reaches, lessons out
    /// of order, and the sensitive lessons with their dates and DSL briefings.
    pub fn coverage_report(&self, found: &Coverage) -> Document {
        let framework = &self.library.framework;
        let today = self.options.date;
        let mut lead = self.school_and_year();
        if let Some(today) = today {
            lead.push_str(&format!(" · As of {}", long_date(today)));
        }
        let mut blocks = vec![
            heading(1, &format!("Programme coverage: {}", self.grid.title)),
            Block::Paragraph(lead),
            heading(2, "Minutes taught, by strand and year group"),
        ];
        if found.years.is_empty() {
            blocks.push(Block::Paragraph(
                "No plans are placed in the programme yet.".to_string(),
            ));
        } else {
            blocks.push(Block::Paragraph(
                "Each lesson's minutes as its plan teaches it. A lesson in several strands is \
                 counted in each; the last row counts every lesson once."
                    .to_string(),
            ));
            let header = std::iter::once("Strand".to_string())
                .chain(found.years.iter().map(|y| y.year_group.clone()))
                .collect();
            let minutes = |m: u32| {
                if m == 0 {
                    "–".to_string()
                } else {
                    format!("{m} min")
                }
            };
            let mut rows: Vec<Vec<String>> = found
                .strands
                .iter()
                .enumerate()
                .map(|(at, strand)| {
                    std::iter::once(strand.label.clone())
                        .chain(found.years.iter().map(|y| minutes(y.strands[at].minutes)))
                        .collect()
                })
                .collect();
            rows.push(
                std::iter::once("**All lessons**".to_string())
                    .chain(
                        found
                            .years
                            .iter()
                            .map(|y| format!("**{}**", minutes(y.minutes))),
                    )
                    .collect(),
            );
            blocks.push(Block::Table {
                header,
                rows,
                widths: std::iter::once(2.0)
                    .chain(found.years.iter().map(|_| 1.0))
                    .collect(),
            });
        }

        blocks.push(heading(2, "Strands an age band never reaches"));
        if found.unreached.is_empty() {
            blocks.push(Block::Paragraph(
                "Every age band the programme teaches reaches every strand.".to_string(),
            ));
        } else {
            blocks.push(Block::Bullets(
                found
                    .unreached
                    .iter()
                    .map(|gap| {
                        let band = framework
                            .age_band(&gap.age_band)
                            .map_or(format!("Ages {}", gap.age_band), |b| b.label.clone());
                        let strands: Vec<&str> = gap
                            .strands
                            .iter()
                            .map(|s| framework.strand_label(s))
                            .collect();
                        format!(
                            "**{band}** ({}): {}",
                            gap.year_groups.join(", "),
                            strands.join(", ")
                        )
                    })
                    .collect(),
            ));
        }

        blocks.push(heading(2, "Progression"));
        if found.progression.is_empty() {
            blocks.push(Block::Paragraph(
                "No year group is taught a lesson written for older pupils, and every lesson \
                 comes after the lessons it builds on."
                    .to_string(),
            ));
        } else {
            blocks.push(Block::Bullets(
                found
                    .progression
                    .iter()
                    .map(|warning| self.progression_text(warning))
                    .collect(),
            ));
        }

        blocks.push(heading(2, "Sensitive lessons"));
        if found.sensitive.is_empty() {
            blocks.push(Block::Paragraph(
                "The programme has no sensitive lessons.".to_string(),
            ));
        } else {
            blocks.push(Block::Paragraph(
                "The Designated Safeguarding Lead is briefed before each sensitive lesson; one \
                 dated within a week, or past, without a briefing is marked."
                    .to_string(),
            ));
            blocks.push(Block::Table {
                header: ["Year group", "Term", "Lesson", "Date", "DSL briefing"]
                    .map(String::from)
                    .to_vec(),
                rows: found
                    .sensitive
                    .iter()
                    .map(|lesson| self.sensitive_row(lesson))
                    .collect(),
                widths: vec![0.14, 0.14, 0.32, 0.2, 0.2],
            });
        }
        // Across the page when many year groups share the minutes table.
        let landscape = found.years.len() > 6;
        self.document(SchoolDocument::ProgrammeCoverage, blocks, landscape)
    }

    fn sensitive_row(&self, lesson: &SensitiveLesson) -> Vec<String> {
        let date = match (lesson.date, &lesson.undated) {
            (Some(date), _) => long_date(date),
            (None, Some(why)) => format!("Not dated: {why}"),
            (None, None) => "Not dated".to_string(),
        };
        let briefing = match self.options.date {
            Some(today) => lesson.briefing(today),
            None => lesson
                .briefed
                .map_or("not yet briefed".to_string(), |d| format!("briefed {d}")),
        };
        let briefing = if lesson.needs_briefing {
            format!("**{briefing}**")
        } else {
            briefing
        };
        vec![
            lesson.year_group.clone(),
            lesson.term.clone(),
            format!("{} ({})", lesson.title, lesson.plan),
            date,
            briefing,
        ]
    }

    /// "Hillside Primary · School year 2026-27 (Thursday 3 September 2026 to ...)".
    fn school_and_year(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(name) = self
            .options
            .school
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
        {
            parts.push(name.trim().to_string());
        }
        let terms = &self.calendar.terms;
        if let (Some(first), Some(last)) = (terms.first(), terms.last()) {
            let (from, to) = (first.starts.year, last.ends.year);
            let year = if from == to {
                from.to_string()
            } else {
                format!("{from}-{:02}", to % 100)
            };
            parts.push(format!(
                "School year {year} ({} to {})",
                long_date(first.starts),
                long_date(last.ends)
            ));
        }
        if let Some(title) = self
            .calendar
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            parts.push(format!("Calendar: {}", title.trim()));
        }
        parts.join(" · ")
    }

    fn document(&self, kind: SchoolDocument, blocks: Vec<Block>, landscape: bool) -> Document {
        Document {
            title: self.grid.title.clone(),
            language: language_for(&self.options.region),
            phones: phones(self.library, self.options),
            sections: vec![Section {
                handout: Handout::Teacher,
                blocks,
            }],
            school: Some(kind),
            landscape,
        }
    }
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_string(),
    }
}

/// A title as a one-page overview gives it: the part before its subtitle ("All about me" for
/// "All about me: the real me and pretend me"), so that a term's lessons fit its cell.
fn short_title(title: &str) -> String {
    match title.split_once(": ") {
        Some((main, _)) if !main.trim().is_empty() => main.trim().to_string(),
        _ => title.to_string(),
    }
}

#[cfg(test)]
mod short_title_tests {
    #[test]
    fn a_title_loses_its_subtitle_and_nothing_else() {
        assert_eq!(
            super::short_title("All about me: the real me and pretend me"),
            "All about me"
        );
        assert_eq!(
            super::short_title("Not who they say they are"),
            "Not who they say they are"
        );
        assert_eq!(super::short_title(": odd"), ": odd");
    }
}
