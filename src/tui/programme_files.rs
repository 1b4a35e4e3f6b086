//! The runner's side of the Programme view: reading the programme file and its plans, and
//! changing it, off the app's pure update step.

use std::path::Path;

use crate::atomic::Replace;
use crate::library::Library;
use crate::library::year_groups::YearSystem;
use crate::plan::{self, Plan, StoredPlan};
use crate::school_year::{Calendar, Programme};
use crate::tui::app::programme::{ProgrammeChange, ProgrammeChanged, ProgrammeGrid};

/// The programme at `file` (an empty one when there is no file yet) as the view shows it.
pub fn load(
    file: &Path,
    calendar: &Calendar,
    system: Option<&YearSystem>,
    plans_dir: &Path,
    library: &Library,
) -> Result<ProgrammeGrid, String> {
    let (programme, exists) = read(file)?;
    Ok(ProgrammeGrid::build(
        &programme, exists, system, calendar, plans_dir, library,
    ))
}

/// The programme file, or a new empty programme where there is none yet.
fn read(file: &Path) -> Result<(Programme, bool), String> {
    if !file.exists() {
        return Ok((Programme::new("Online safety programme", file), false));
    }
    match Programme::load(file) {
        (Some(programme), _) => Ok((programme, true)),
        (None, problems) => Err(match problems.first() {
            Some(problem) => format!(
                "The programme file has a mistake, so it is left as it is: {}",
                problem.headline()
            ),
            None => format!("{} cannot be read", file.display()),
        }),
    }
}

/// Makes `change` in the programme at `file` and reads it again.
pub fn change(
    file: &Path,
    calendar: &Calendar,
    system: Option<&YearSystem>,
    change: ProgrammeChange,
    plans_dir: &Path,
    library: &Library,
) -> Result<ProgrammeChanged, String> {
    let (mut programme, exists) = read(file)?;
    let mut new_plan = None;
    let said = match change {
        ProgrammeChange::New { year, term } => {
            // A plan for the year group, in the plans folder, named after the cell.
            let band = system
                .and_then(|s| s.find(&year))
                .map(|y| y.age_band.clone());
            let title = format!("{year} {term}");
            let made = Plan {
                year_group: Some(year.clone()),
                age_band: band,
                ..Plan::new(title.clone())
            };
            let path = plan::unused_path(plans_dir, &plan::file_name_for(&title));
            let stored = made
                .save_new(&path)
                .map_err(|e| format!("Cannot make the plan {}: {e}", path.display()))?;
            let name = programme.name_for(&path, plans_dir);
            programme
                .add(system, calendar, &year, &term, &name)
                .map_err(|e| e.to_string())?;
            new_plan = Some((stored, term.clone()));
            format!("New plan “{title}” in the programme: give it its lesson day")
        }
        ProgrammeChange::Put { year, term, path } => {
            let name = programme.name_for(&path, plans_dir);
            programme
                .add(system, calendar, &year, &term, &name)
                .map_err(|e| e.to_string())?;
            format!("{name} is in the programme for {year}, {term}")
        }
        ProgrammeChange::Remove { year, term, plan } => {
            programme
                .remove(system, &year, &term, &plan)
                .map_err(|e| e.to_string())?;
            format!("{plan} is out of {year}, {term} (its file stays)")
        }
    };
    let replace = if exists { Replace::Yes } else { Replace::No };
    programme
        .save(replace)
        .map_err(|e| format!("Cannot save {}: {e}", file.display()))?;
    Ok(ProgrammeChanged {
        grid: Box::new(ProgrammeGrid::build(
            &programme, true, system, calendar, plans_dir, library,
        )),
        said,
        new_plan: new_plan.map(|(stored, term): (StoredPlan, String)| (stored, term)),
    })
}
