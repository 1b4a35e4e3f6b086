//! What a programme actually teaches: each year group's modules and minutes in each strand of
//! the framework, the strands an age band never reaches, lessons taught out of order, and the
//! sensitive lessons with their dates and whether the Designated Safeguarding Lead was briefed.

use serde::Serialize;

use super::Grid;
use crate::library::{Date, Library, Module};
use crate::plan::Plan;
use crate::plan::sessions::{sessions, sessions_of};
use crate::school_year::Calendar;
use crate::school_year::schedule::lay_out;

/// A sensitive lesson dated this many days ahead, or fewer, wants its briefing now.
pub const BRIEFING_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub strands: Vec<Named>,
    /// One per row of the grid, in school order.
    pub years: Vec<YearCoverage>,
    /// Per age band the programme teaches, the strands none of its year groups reaches.
    pub unreached: Vec<BandGap>,
    pub progression: Vec<Progression>,
    pub sensitive: Vec<SensitiveLesson>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearCoverage {
    pub year_group: String,
    pub age_band: String,
    /// One per strand of the framework, in its order. A module with several strands is in the
    /// cell of each, so a year's strands can add up to more than it is taught.
    pub strands: Vec<StrandTaught>,
    /// Every lesson the year group is taught, each counted once.
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrandTaught {
    pub strand: String,
    /// Module ids, in the order they are taught.
    pub modules: Vec<String>,
    /// Each lesson's minutes as its plan keeps them (activities left out or shortened).
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandGap {
    pub age_band: String,
    pub year_groups: Vec<String>,
    pub strands: Vec<String>,
}

/// A lesson taught out of order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Progression {
    /// A year group taught a module written for an older age band.
    OlderModule {
        year_group: String,
        term: String,
        module: String,
        age_band: String,
    },
    /// A module whose `builds_on` modules no year group is taught before it (an earlier year
    /// group, an earlier term of the same one, or earlier in the same plan).
    NotBuiltOn {
        year_group: String,
        term: String,
        module: String,
        builds_on: Vec<String>,
    },
}

impl std::fmt::Display for Progression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Progression::OlderModule {
                year_group,
                term,
                module,
                age_band,
            } => write!(
                f,
                "{year_group} is taught `{module}` ({term}), written for ages {age_band}"
            ),
            Progression::NotBuiltOn {
                year_group,
                term,
                module,
                builds_on,
            } => {
                let named: Vec<String> = builds_on.iter().map(|m| format!("`{m}`")).collect();
                write!(
                    f,
                    "{year_group} is taught `{module}` ({term}), which builds on {}; no year group is taught {} before it",
                    named.join(" and "),
                    if builds_on.len() == 1 {
                        "that"
                    } else {
                        "those"
                    }
                )
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitiveLesson {
    pub year_group: String,
    pub term: String,
    /// The plan as the programme names it.
    pub plan: String,
    pub module: String,
    pub title: String,
    /// The day of the lesson's first session, on the calendar from the plan's `[schedule]`.
    pub date: Option<Date>,
    /// Why it has no date, when it has none.
    pub undated: Option<String>,
    /// When the Designated Safeguarding Lead was briefed (`dsl_briefed` in the plan).
    pub briefed: Option<Date>,
    /// Dated within [`BRIEFING_DAYS`] of today, or past, and not briefed.
    pub needs_briefing: bool,
}

impl SensitiveLesson {
    /// The briefing as a list says it: "briefed 2026-11-20", "NOT BRIEFED: lesson in 5 days".
    pub fn briefing(&self, today: Date) -> String {
        match (self.briefed, self.date) {
            (Some(on), _) => format!("briefed {on}"),
            (None, Some(date)) if self.needs_briefing => {
                let days = date.days_since_epoch() - today.days_since_epoch();
                match days {
                    ..0 => "NOT BRIEFED: the lesson has been taught".to_string(),
                    0 => "NOT BRIEFED: the lesson is today".to_string(),
                    1 => "NOT BRIEFED: the lesson is tomorrow".to_string(),
                    _ => format!("NOT BRIEFED: the lesson is in {days} days"),
                }
            }
            (None, _) => "not yet briefed".to_string(),
        }
    }
}

/// One lesson as the programme teaches it.
struct Taught<'a> {
    row: usize,
    term: usize,
    entry: usize,
    item: usize,
    module: &'a Module,
    minutes: u32,
}

impl Taught<'_> {
    /// Whether `self` is taught before `other`: to an earlier year group, in an earlier term of
    /// the same one, or earlier in the same plan.
    fn is_before(&self, other: &Taught) -> bool {
        self.row < other.row
            || (self.row == other.row && self.term < other.term)
            || (self.entry == other.entry && self.item < other.item)
    }
}

pub fn coverage(grid: &Grid, library: &Library, calendar: &Calendar, today: Date) -> Coverage {
    let framework = &library.framework;
    let mut taught: Vec<Taught> = Vec::new();
    let mut sensitive = Vec::new();
    for (row_index, row) in grid.rows.iter().enumerate() {
        for (term, cell) in row.cells.iter().enumerate() {
            for placed in cell {
                let Ok(plan) = &placed.plan else {
                    continue;
                };
                for (index, item) in plan.items.iter().enumerate() {
                    let Some(module) = library.module(&item.module) else {
                        continue;
                    };
                    taught.push(Taught {
                        row: row_index,
                        term,
                        entry: placed.entry,
                        item: index,
                        module,
                        minutes: item.minutes(module),
                    });
                    if !module.is_sensitive() {
                        continue;
                    }
                    let dated = first_date(plan, index, library, calendar, &grid.terms[term]);
                    let (date, undated) = match dated {
                        Ok(date) => (Some(date), None),
                        Err(why) => (None, Some(why)),
                    };
                    let briefed = item.dsl_briefed.map(|d| d.0);
                    let soon = date.is_some_and(|d| {
                        d.days_since_epoch() - today.days_since_epoch() <= BRIEFING_DAYS
                    });
                    sensitive.push(SensitiveLesson {
                        year_group: row.year.name.clone(),
                        term: grid.terms[term].clone(),
                        plan: placed.name.clone(),
                        module: module.id.clone(),
                        title: module.title.clone(),
                        date,
                        undated,
                        briefed,
                        needs_briefing: briefed.is_none() && soon,
                    });
                }
            }
        }
    }

    let years: Vec<YearCoverage> = grid
        .rows
        .iter()
        .enumerate()
        .map(|(row_index, row)| {
            let of_year: Vec<&Taught> = taught.iter().filter(|t| t.row == row_index).collect();
            YearCoverage {
                year_group: row.year.name.clone(),
                age_band: row.year.age_band.clone(),
                strands: framework
                    .strands
                    .iter()
                    .map(|strand| {
                        let in_strand = of_year
                            .iter()
                            .filter(|t| t.module.strands.contains(&strand.id));
                        let mut modules: Vec<String> = Vec::new();
                        let mut minutes = 0;
                        for lesson in in_strand {
                            minutes += lesson.minutes;
                            if !modules.contains(&lesson.module.id) {
                                modules.push(lesson.module.id.clone());
                            }
                        }
                        StrandTaught {
                            strand: strand.id.clone(),
                            modules,
                            minutes,
                        }
                    })
                    .collect(),
                minutes: of_year.iter().map(|t| t.minutes).sum(),
            }
        })
        .collect();

    let mut bands: Vec<&str> = years.iter().map(|y| y.age_band.as_str()).collect();
    bands.sort_by_key(|b| framework.band_order(b));
    bands.dedup();
    let unreached = bands
        .into_iter()
        .filter_map(|band| {
            let of_band: Vec<&YearCoverage> = years.iter().filter(|y| y.age_band == band).collect();
            let strands: Vec<String> = framework
                .strands
                .iter()
                .enumerate()
                .filter(|(at, _)| of_band.iter().all(|y| y.strands[*at].modules.is_empty()))
                .map(|(_, s)| s.id.clone())
                .collect();
            (!strands.is_empty()).then(|| BandGap {
                age_band: band.to_string(),
                year_groups: of_band.iter().map(|y| y.year_group.clone()).collect(),
                strands,
            })
        })
        .collect();

    let mut progression = Vec::new();
    for lesson in &taught {
        let row = &grid.rows[lesson.row];
        let (year_group, term) = (row.year.name.clone(), grid.terms[lesson.term].clone());
        if framework.band_order(&lesson.module.age_band) > framework.band_order(&row.year.age_band)
        {
            progression.push(Progression::OlderModule {
                year_group: year_group.clone(),
                term: term.clone(),
                module: lesson.module.id.clone(),
                age_band: lesson.module.age_band.clone(),
            });
        }
        let missing: Vec<String> = lesson
            .module
            .builds_on
            .iter()
            .filter(|earlier| {
                !taught
                    .iter()
                    .any(|t| &t.module.id == *earlier && t.is_before(lesson))
            })
            .cloned()
            .collect();
        if !missing.is_empty() {
            progression.push(Progression::NotBuiltOn {
                year_group,
                term,
                module: lesson.module.id.clone(),
                builds_on: missing,
            });
        }
    }

    Coverage {
        strands: framework
            .strands
            .iter()
            .map(|s| Named {
                id: s.id.clone(),
                label: s.label.clone(),
            })
            .collect(),
        years,
        unreached,
        progression,
        sensitive,
    }
}

/// The day item `index` is first taught: its first session, dated from the plan's weekly slot.
/// A schedule that names no term or first day starts in the term the programme places it in.
fn first_date(
    plan: &Plan,
    index: usize,
    library: &Library,
    calendar: &Calendar,
    term: &str,
) -> Result<Date, String> {
    let schedule = plan
        .schedule
        .as_ref()
        .ok_or("the plan has no [schedule] (the day and time of its lessons)")?;
    let laid = sessions(plan, library).ok_or("the plan has no lesson length (lesson_minutes)")?;
    let first = *sessions_of(&laid, index)
        .first()
        .ok_or("the lesson is in none of the plan's sessions")?;
    let mut schedule = schedule.clone();
    if schedule.term.is_none() && schedule.starts.is_none() {
        schedule.term = Some(term.to_string());
    }
    let dates = lay_out(calendar, &schedule, laid.len()).map_err(|e| e.to_string())?;
    dates
        .of_session(first)
        .ok_or_else(|| "the calendar's terms end before this session".to_string())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{calendar, system};
    use super::super::{Programme, resolve};
    use super::*;
    use crate::library::LoadOptions;
    use crate::plan::PlanItem;
    use crate::school_year::schedule::{PlanDate, Schedule, Weekday};

    fn day(month: u8, day: u8) -> Date {
        Date {
            year: 2026,
            month,
            day,
        }
    }

    /// A bundled module of `band` in `strand`, sensitive or not.
    fn module_of<'l>(library: &'l Library, band: &str, sensitive: bool) -> &'l Module {
        library
            .modules
            .iter()
            .find(|m| m.age_band == band && m.is_sensitive() == sensitive)
            .unwrap()
    }

    #[test]
    fn coverage_counts_kept_minutes_finds_gaps_and_lessons_out_of_order() {
        let library = Library::bundled(&LoadOptions::default());
        let later = library
            .modules
            .iter()
            .find(|m| m.age_band == "7-11" && !m.builds_on.is_empty())
            .unwrap();
        let older = module_of(&library, "11-14", true);
        let dir = tempfile::tempdir().unwrap();
        let plans = dir.path().join("plans");
        let save = |name: &str, year: &str, plan: Plan| {
            let plan = Plan {
                year_group: Some(year.into()),
                ..plan
            };
            plan.save(&plans.join(format!("{name}.toml"))).unwrap();
        };
        let mut y5 = Plan::new("Year 5");
        y5.add(later.id.clone());
        y5.items[0].leave_out = vec![1];
        save("y5", "Year 5", y5);
        let mut y2 = Plan::new("Year 2");
        y2.add(older.id.clone());
        y2.lesson_minutes = Some(60);
        let mut schedule = Schedule::new(Weekday::Friday);
        schedule.starts = Some(PlanDate(day(12, 1)));
        y2.schedule = Some(schedule);
        save("y2", "Year 2", y2);
        let text = "[[plans]]\nyear_group = \"Year 5\"\nterm = \"Autumn 1\"\nplan = \"y5\"\n\
                    [[plans]]\nyear_group = \"Year 2\"\nterm = \"Autumn 2\"\nplan = \"y2\"\n";
        let programme = Programme::from_toml(text.into(), &dir.path().join("programme.toml"))
            .0
            .unwrap();
        let grid = resolve(&programme, Some(&system()), &calendar(), &plans);
        assert!(!grid.has_errors(), "{:?}", grid.problems);
        let found = coverage(&grid, &library, &calendar(), day(12, 2));

        let year5 = &found.years[1];
        assert_eq!(year5.year_group, "Year 5");
        let kept = PlanItem {
            leave_out: vec![1],
            ..PlanItem::new(later.id.clone())
        }
        .minutes(later);
        assert!(kept < later.duration_minutes);
        assert_eq!(year5.minutes, kept, "the minutes the plan keeps");
        let strand = library
            .framework
            .strand_ids()
            .iter()
            .position(|s| *s == later.strands[0])
            .unwrap();
        assert_eq!(year5.strands[strand].modules, vec![later.id.clone()]);

        let band_gap = found
            .unreached
            .iter()
            .find(|g| g.age_band == "7-11")
            .unwrap();
        assert!(!band_gap.strands.contains(&later.strands[0]));
        assert_eq!(band_gap.year_groups, ["Year 5"]);

        let said: Vec<String> = found.progression.iter().map(ToString::to_string).collect();
        assert!(
            said.contains(&format!(
                "Year 2 is taught `{}` (Autumn 2), written for ages 11-14",
                older.id
            )),
            "{said:?}"
        );
        assert!(
            said.iter().any(|s| s.starts_with(&format!(
                "Year 5 is taught `{}` (Autumn 1), which builds on",
                later.id
            ))),
            "nothing is taught before Year 5: {said:?}"
        );

        let lesson = &found.sensitive[0];
        assert_eq!(lesson.module, older.id);
        assert_eq!(
            lesson.date,
            Some(day(12, 4)),
            "the first Friday from 1 December"
        );
        assert!(lesson.needs_briefing, "two days away and not briefed");
        assert_eq!(
            lesson.briefing(day(12, 2)),
            "NOT BRIEFED: the lesson is in 2 days"
        );
        let later_on = coverage(&grid, &library, &calendar(), day(11, 2));
        assert!(!later_on.sensitive[0].needs_briefing, "a month away");
        assert_eq!(
            later_on.sensitive[0].briefing(day(11, 2)),
            "not yet briefed"
        );
    }
}
