//! A lesson plan: an ordered list of modules for one group, saved as TOML.
//!
//! A plan never loses anything it was given: items naming modules the library no longer has are
//! kept, and keys this version does not know are written back unchanged.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::library::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::library::{Library, Module};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default)]
    pub items: Vec<PlanItem>,
    /// Keys this version does not know; kept so that saving never drops them.
    #[serde(flatten)]
    pub other: toml::Table,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub module: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(flatten)]
    pub other: toml::Table,
}

impl PlanItem {
    pub fn new(module: impl Into<String>) -> Self {
        PlanItem {
            module: module.into(),
            ..PlanItem::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    NoSuchItem { position: usize, len: usize },
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::NoSuchItem { position, len } => write!(
                f,
                "there is no item {position} (the plan has {len} item{}); items are numbered from 1",
                if *len == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for PlanError {}

/// A check on a plan that a teacher should see before teaching it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanWarning {
    /// The item's module is not in any loaded library (it is kept in the plan).
    MissingModule { item: usize, module: String },
    /// The module is for a different age band than the plan's.
    OutsideAgeBand {
        item: usize,
        module: String,
        band: String,
    },
    /// The same module appears more than once.
    Duplicate {
        item: usize,
        module: String,
        first: usize,
    },
    /// A sensitive module: brief the Designated Safeguarding Lead first.
    Sensitive { item: usize, module: String },
}

impl PlanWarning {
    /// The 0-based item the warning is about.
    pub fn item(&self) -> usize {
        match self {
            PlanWarning::MissingModule { item, .. }
            | PlanWarning::OutsideAgeBand { item, .. }
            | PlanWarning::Duplicate { item, .. }
            | PlanWarning::Sensitive { item, .. } => *item,
        }
    }
}

impl std::fmt::Display for PlanWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanWarning::MissingModule { item, module } => write!(
                f,
                "item {}: module `{module}` is not in the library (kept in the plan; check the library folders)",
                item + 1
            ),
            PlanWarning::OutsideAgeBand { item, module, band } => write!(
                f,
                "item {}: `{module}` is written for ages {band}, not this plan's age band",
                item + 1
            ),
            PlanWarning::Duplicate {
                item,
                module,
                first,
            } => write!(
                f,
                "item {}: `{module}` is already item {}",
                item + 1,
                first + 1
            ),
            PlanWarning::Sensitive { item, module } => write!(
                f,
                "item {}: `{module}` is sensitive: brief your Designated Safeguarding Lead before teaching it",
                item + 1
            ),
        }
    }
}

impl Plan {
    pub fn new(title: impl Into<String>) -> Self {
        Plan {
            title: title.into(),
            ..Plan::default()
        }
    }

    fn check_position(&self, position: usize) -> Result<(), PlanError> {
        if position < self.items.len() {
            Ok(())
        } else {
            Err(PlanError::NoSuchItem {
                position: position + 1,
                len: self.items.len(),
            })
        }
    }

    /// Appends a module; returns its 0-based position.
    pub fn add(&mut self, module: impl Into<String>) -> usize {
        self.items.push(PlanItem::new(module));
        self.items.len() - 1
    }

    /// Inserts a module at a 0-based position (clamped to the end).
    pub fn insert(&mut self, position: usize, module: impl Into<String>) -> usize {
        let position = position.min(self.items.len());
        self.items.insert(position, PlanItem::new(module));
        position
    }

    pub fn remove(&mut self, position: usize) -> Result<PlanItem, PlanError> {
        self.check_position(position)?;
        Ok(self.items.remove(position))
    }

    /// Moves an item from one 0-based position to another.
    pub fn move_item(&mut self, from: usize, to: usize) -> Result<(), PlanError> {
        self.check_position(from)?;
        self.check_position(to)?;
        let item = self.items.remove(from);
        self.items.insert(to, item);
        Ok(())
    }

    pub fn set_item_notes(&mut self, position: usize, notes: &str) -> Result<(), PlanError> {
        self.check_position(position)?;
        self.items[position].notes = non_empty(notes);
        Ok(())
    }

    /// Each item's module, or `None` where the library lacks it.
    pub fn resolve<'l>(&self, library: &'l Library) -> Vec<Option<&'l Module>> {
        self.items
            .iter()
            .map(|item| library.module(&item.module))
            .collect()
    }

    /// Total minutes of the modules that are present.
    pub fn total_minutes(&self, library: &Library) -> u32 {
        self.resolve(library)
            .iter()
            .flatten()
            .map(|m| m.duration_minutes)
            .sum()
    }

    pub fn warnings(&self, library: &Library) -> Vec<PlanWarning> {
        let mut warnings = Vec::new();
        for (index, item) in self.items.iter().enumerate() {
            let module = item.module.clone();
            if let Some(first) = self.items[..index]
                .iter()
                .position(|i| i.module == item.module)
            {
                warnings.push(PlanWarning::Duplicate {
                    item: index,
                    module: module.clone(),
                    first,
                });
            }
            match library.module(&item.module) {
                None => warnings.push(PlanWarning::MissingModule {
                    item: index,
                    module,
                }),
                Some(found) => {
                    if let Some(band) = &self.age_band
                        && !band.is_empty()
                        && &found.age_band != band
                    {
                        warnings.push(PlanWarning::OutsideAgeBand {
                            item: index,
                            module: module.clone(),
                            band: found.age_band.clone(),
                        });
                    }
                    if found.is_sensitive() {
                        warnings.push(PlanWarning::Sensitive {
                            item: index,
                            module,
                        });
                    }
                }
            }
        }
        warnings
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self)
            .unwrap_or_else(|error| format!("# could not write plan: {error}\n"))
    }

    pub fn from_toml(text: &str, file: &str) -> Result<Plan, Box<Diagnostic>> {
        toml::from_str::<Plan>(text).map_err(|error| {
            let source = SourceFile::new(file, text);
            let message = error.message().lines().next().unwrap_or("").to_string();
            Box::new(source.diagnostic(
                error.span().unwrap_or(0..0),
                Severity::Error,
                format!("cannot read plan: {message}"),
                "a plan has `title = \"...\"` and `[[items]]` entries with `module = \"id\"`",
            ))
        })
    }

    pub fn load(path: &Path) -> Result<Plan, Box<Diagnostic>> {
        let display = path.display().to_string();
        let bytes = crate::paths::read_regular_file(path).map_err(|error| {
            Box::new(
                Diagnostic::whole_file(
                    &display,
                    Severity::Error,
                    format!("cannot read plan: {error}"),
                )
                .with_hint("check the path; saved plans are listed by `lessonplan paths`"),
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Box::new(
                Diagnostic::whole_file(&display, Severity::Error, "plan is not UTF-8 text")
                    .with_hint("save the plan with UTF-8 encoding"),
            )
        })?;
        Plan::from_toml(&text, &display)
    }

    /// Writes the plan atomically: a temporary file in the same folder, flushed, then renamed over
    /// the target, so a crash or full disk never leaves a half-written plan.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)?;
        let mut temp = tempfile::Builder::new()
            .prefix(".lessonplan-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        temp.write_all(self.to_toml().as_bytes())?;
        temp.as_file().sync_all()?;
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A file name for a new plan, from its title: lowercase words joined by '-'.
pub fn file_name_for(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() {
        "plan.toml".to_string()
    } else {
        format!("{slug}.toml")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(ids: &[&str]) -> Plan {
        let mut plan = Plan::new("Test");
        for id in ids {
            plan.add(*id);
        }
        plan
    }

    fn ids(plan: &Plan) -> Vec<&str> {
        plan.items.iter().map(|i| i.module.as_str()).collect()
    }

    #[test]
    fn move_item_reorders() {
        let mut plan = plan_of(&["a", "b", "c"]);
        plan.move_item(0, 2).unwrap();
        assert_eq!(ids(&plan), ["b", "c", "a"]);
        plan.move_item(2, 0).unwrap();
        assert_eq!(ids(&plan), ["a", "b", "c"]);
    }

    #[test]
    fn out_of_range_edits_are_errors_not_panics() {
        let mut plan = plan_of(&["a"]);
        assert_eq!(
            plan.remove(3),
            Err(PlanError::NoSuchItem {
                position: 4,
                len: 1
            })
        );
        assert!(plan.move_item(0, 1).is_err());
        assert!(plan.set_item_notes(1, "x").is_err());
        assert_eq!(ids(&plan), ["a"]);
    }

    #[test]
    fn unknown_keys_and_missing_modules_survive_a_round_trip() {
        let text = "title = \"Y5\"\nfuture_key = 3\n\n[[items]]\nmodule = \"gone-module\"\nnotes = \"n\"\nextra = true\n";
        let plan = Plan::from_toml(text, "p.toml").unwrap();
        let again = Plan::from_toml(&plan.to_toml(), "p.toml").unwrap();
        assert_eq!(plan, again);
        assert_eq!(
            again.other.get("future_key").and_then(|v| v.as_integer()),
            Some(3)
        );
        assert_eq!(again.items[0].module, "gone-module");
        assert!(again.items[0].other.contains_key("extra"));
    }

    #[test]
    fn save_is_atomic_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans").join("y5.toml");
        let plan = plan_of(&["a", "b"]);
        plan.save(&path).unwrap();
        plan_of(&["c"]).save(&path).unwrap();
        assert_eq!(ids(&Plan::load(&path).unwrap()), ["c"]);
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["y5.toml"]);
    }

    #[test]
    fn broken_plans_report_line_and_column() {
        let error =
            Plan::from_toml("title = \"x\"\n[[items]]\nmodule = 5\n", "p.toml").unwrap_err();
        assert_eq!(error.location.line, 3);
        assert!(error.message.contains("cannot read plan"));
    }

    #[test]
    fn file_names_come_from_titles() {
        assert_eq!(
            file_name_for("Year 5: staying safe online!"),
            "year-5-staying-safe-online.toml"
        );
        assert_eq!(file_name_for("???"), "plan.toml");
    }
}
