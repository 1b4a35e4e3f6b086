//! Changes curators make to a module's own file: recording a review in its `[review]` table.
//!
//! The file is edited with toml_edit, not written anew, so its comments, layout and every line
//! the change does not touch stay byte for byte as the curator wrote them.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use super::fields::Date;
use super::framework::{AgeBand, Strand};
use super::module::Module;
use super::review::ReviewStatus;
use super::template::{self, NewModule};
use super::{BUNDLED_PREFIX, Library, LibrarySource, LoadOptions, sources};
use crate::atomic::{self, Replace};

/// How `validate` says that a module replaces one loaded before it (`old_file:old_line`).
pub fn replacement_message(id: &str, old_file: &str, old_line: usize) -> String {
    let replaced = if old_file.starts_with(BUNDLED_PREFIX) {
        "the bundled module of the same id, in"
    } else {
        "the one in"
    };
    format!("module `{id}` here replaces {replaced} {old_file}:{old_line}")
}

/// Where a module file's `id` value is written, if it parses.
fn id_span(text: &str) -> Option<Range<usize>> {
    let document = toml::de::DeTable::parse(text).ok()?;
    document.get_ref().get("id").map(|value| value.span())
}

/// Notes for the modules of `library` whose id a bundled module has: checking a school's folder
/// alone does not load the bundled modules, so the loader cannot say that one replaces another.
/// `bundled` is the bundled library, loaded with its modules.
pub fn bundled_replacement_notes(library: &Library, bundled: &Library) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    let mut identical = 0;
    for module in &library.modules {
        let Some(original) = bundled.module(&module.id) else {
            continue;
        };
        if module.file.starts_with(BUNDLED_PREFIX) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&module.file) else {
            continue;
        };
        let original_text = sources::bundled_text(&original.file);
        identical += usize::from(original_text == Some(text.as_str()));
        let original_line = original_text
            .and_then(|original_text| {
                let at = id_span(original_text)?.start;
                Some(
                    SourceFile::new(&original.file, original_text)
                        .location(at)
                        .line,
                )
            })
            .unwrap_or(1);
        let file = SourceFile::new(&module.file, &text);
        notes.push(file.diagnostic(
            id_span(&text).unwrap_or(0..0),
            Severity::Note,
            Code::Replaced,
            replacement_message(&module.id, &original.file, original_line),
            "libraries given later win; rename the id if you want to keep both modules",
        ));
    }
    // A folder holding every bundled module unchanged is the bundled library itself (lessons/
    // in lessonplan's own source): it replaces nothing, and 47 notes would hide what matters.
    if identical == bundled.modules.len() && identical == notes.len() {
        notes.clear();
    }
    notes
}

/// What a curator records about a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewChange {
    /// Checked and approved `by` someone `on` a day; due again on `next_review`.
    Approve {
        by: String,
        on: Date,
        next_review: Date,
    },
    /// Marked as a draft again, or retired; nothing else changes.
    Status(ReviewStatus),
}

/// `text` (a module file, shown as `display` in messages) with `change` recorded. A file that
/// is not valid TOML, or whose `review` is not a table, is refused with where the problem is.
///
/// Approving sets `status`, `reviewed_by`, `reviewed_on` and `next_review` in the `[review]`
/// table (adding it at the end of the file if missing) and, when the file has a top-level
/// `last_reviewed`, that too, so that both dates agree and older lessonplans still read the file.
/// A changed value keeps its spacing and the comment after it.
pub fn record_review(
    display: &str,
    text: &str,
    change: &ReviewChange,
) -> Result<String, Box<Diagnostic>> {
    let source = SourceFile::new(display, text);
    let located = |code, span: Option<Range<usize>>, message: String, hint: &str| {
        Box::new(source.diagnostic(span.unwrap_or(0..0), Severity::Error, code, message, hint))
    };
    let parsed = toml_edit::Document::parse(text).map_err(|error| {
        let message = error.message().lines().next().unwrap_or("").trim().to_string();
        located(
            Code::TomlSyntax,
            error.span(),
            format!("not valid TOML: {message}"),
            "fix the file first (`lessonplan validate` shows every problem), then record the review",
        )
    })?;
    if let Some(item) = parsed.get("review")
        && !item.is_table_like()
    {
        return Err(located(
            Code::WrongType,
            item.span(),
            "`review` is not a table".into(),
            "write the review as a section of its own: a line `[review]`, then `status = ...`",
        ));
    }
    let mut document = parsed.into_mut();
    let table_positions: Vec<isize> = document
        .iter()
        .filter_map(|(_, item)| match item {
            toml_edit::Item::Table(t) => t.position(),
            toml_edit::Item::ArrayOfTables(a) => a.iter().filter_map(|t| t.position()).max(),
            _ => None,
        })
        .collect();
    let is_new = document.get("review").is_none();
    let review = document
        .entry("review")
        .or_insert_with(toml_edit::table)
        .as_table_like_mut()
        .ok_or_else(|| located(Code::WrongType, None, "`review` is not a table".into(), ""))?;
    match change {
        ReviewChange::Approve {
            by,
            on,
            next_review,
        } => {
            set(review, "status", ReviewStatus::Approved.name().into());
            set(review, "reviewed_by", by.as_str().into());
            set(review, "reviewed_on", date_value(*on));
            set(review, "next_review", date_value(*next_review));
        }
        ReviewChange::Status(status) => set(review, "status", status.name().into()),
    }
    if is_new && let Some(toml_edit::Item::Table(table)) = document.get_mut("review") {
        // After every other table: the new lines go at the end of the file.
        let last = table_positions.into_iter().max().unwrap_or(0);
        table.set_position(Some(last + 1));
    }
    if let ReviewChange::Approve { on, .. } = change
        && let Some(last_reviewed) = document
            .get_mut("last_reviewed")
            .and_then(toml_edit::Item::as_value_mut)
    {
        replace_value(last_reviewed, date_value(*on));
    }
    Ok(document.to_string())
}

fn date_value(date: Date) -> toml_edit::Value {
    let datetime = toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year,
            month: date.month,
            day: date.day,
        }),
        time: None,
        offset: None,
    };
    toml_edit::Value::from(datetime)
}

/// Sets `key` in `table`, keeping the old value's spacing and comment if it had one.
fn set(table: &mut dyn toml_edit::TableLike, key: &str, value: toml_edit::Value) {
    match table.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
        Some(old) => replace_value(old, value),
        None => {
            table.insert(key, toml_edit::Item::Value(value));
        }
    }
}

/// Replaces a value in place, unless it already is that value: an unchanged line stays exactly
/// as written (`"approved"` written as `'approved'` is left alone).
fn replace_value(old: &mut toml_edit::Value, mut new: toml_edit::Value) {
    let same = match (&*old, &new) {
        (toml_edit::Value::String(a), toml_edit::Value::String(b)) => a.value() == b.value(),
        (toml_edit::Value::Datetime(a), toml_edit::Value::Datetime(b)) => a.value() == b.value(),
        _ => false,
    };
    if !same {
        *new.decor_mut() = old.decor().clone();
        *old = new;
    }
}

/// Why a module `id` cannot be written at `target` in the library folder `dir`, if it cannot:
/// a file is there, or the folder already has a module of that id.
pub fn refuse_new_module(dir: &Path, id: &str, target: &Path) -> Option<String> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Some(format!(
            "there is already a file at {}; nothing was written (edit that file, or choose \
             another folder with --into)",
            target.display()
        ));
    }
    if !dir.is_dir() {
        return None;
    }
    let options = LoadOptions {
        bundled_modules: false,
        ..LoadOptions::default()
    };
    let here = super::load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(dir.to_path_buf()),
        ],
        &options,
    );
    here.module(id).map(|existing| {
        format!(
            "{} already has a module `{id}`, in {}; nothing was written (edit that file, or \
             give the new module another id)",
            dir.display(),
            existing.file
        )
    })
}

/// Copies the bundled `module`'s file, byte for byte, into the library folder `into` (under its
/// band's folder, as in the bundled library) to be changed there; it keeps its id, so it
/// replaces the bundled module wherever `into` is loaded. Says where it went, or why not.
pub fn adapt_into(module: &Module, into: &Path) -> Result<PathBuf, String> {
    let (Some(relative), Some(text)) = (
        module.file.strip_prefix(BUNDLED_PREFIX),
        sources::bundled_text(&module.file),
    ) else {
        return Err(format!("`{}` is not a bundled module", module.id));
    };
    let target = into.join(relative);
    if let Some(problem) = refuse_new_module(into, &module.id, &target) {
        return Err(problem);
    }
    atomic::write(&target, text.as_bytes(), Replace::No)
        .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    Ok(target)
}

/// Writes a new draft module titled `title` for `band` and `strand` into the library folder
/// `into`, from the commented template, with an id made from the title. Says its id and file,
/// or why not (no id can be made, the id is taken, the file exists).
pub fn create_module(
    library: &Library,
    into: &Path,
    title: &str,
    band: &AgeBand,
    strand: &Strand,
    today: Date,
) -> Result<(String, PathBuf), String> {
    let title = title.trim();
    let Some(id) = template::id_from_title(title, &band.id) else {
        return Err(format!(
            "no id can be made from the title `{title}`: use some letters"
        ));
    };
    if let Some(existing) = library.module(&id) {
        return Err(format!(
            "the id `{id}` is already used by {}",
            existing.file
        ));
    }
    let (target, _) = write_new_module(
        into,
        &NewModule {
            id: &id,
            title,
            band,
            strand,
            today,
        },
    )?;
    Ok((id, target))
}

/// Writes `new` from the commented template as `<band>/<id>.toml` in the library folder `into`,
/// never over a file or beside a module of the same id. Says where it went and what it wrote.
pub fn write_new_module(into: &Path, new: &NewModule) -> Result<(PathBuf, String), String> {
    let target = into.join(&new.band.id).join(format!("{}.toml", new.id));
    if let Some(problem) = refuse_new_module(into, new.id, &target) {
        return Err(problem);
    }
    let text = template::module_template(new);
    atomic::write(&target, text.as_bytes(), Replace::No)
        .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    Ok((target, text))
}

/// Why a review could not be recorded in a module's file.
#[derive(Debug)]
pub enum ReviewFileError {
    /// The file could not be read or written: a sentence saying so.
    Io(String),
    /// The file is not one a review can be recorded in (not TOML, `review` not a table).
    Problem(Box<Diagnostic>),
}

impl std::fmt::Display for ReviewFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReviewFileError::Io(message) => f.write_str(message),
            ReviewFileError::Problem(problem) => f.write_str(&problem.headline()),
        }
    }
}

/// Records `change` in the module file `file` (as [`record_review`] edits it), replacing the
/// file atomically. `Ok(false)`: the file already said so and is unchanged.
pub fn record_review_in_file(file: &Path, change: &ReviewChange) -> Result<bool, ReviewFileError> {
    let display = file.display().to_string();
    let io = |e: String| ReviewFileError::Io(e);
    let target = atomic::real_path(file).map_err(|e| io(format!("cannot read {display}: {e}")))?;
    let bytes = crate::paths::read_regular_file(&target)
        .map_err(|e| io(format!("cannot read {display}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| io(format!("{display} is not UTF-8 text")))?;
    let edited = record_review(&display, &text, change).map_err(ReviewFileError::Problem)?;
    if edited == text {
        return Ok(false);
    }
    atomic::write(&target, edited.as_bytes(), Replace::Yes)
        .map_err(|e| io(format!("cannot write {display}: {e}")))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    fn approve() -> ReviewChange {
        ReviewChange::Approve {
            by: "Head of PSHE".into(),
            on: date(2027, 3, 1),
            next_review: date(2028, 3, 1),
        }
    }

    #[test]
    fn a_review_table_is_added_at_the_end_and_last_reviewed_follows() {
        let text = "# Our lesson\nid = \"a-7-11\"   # the id\nlast_reviewed = 2026-01-01  # checked\n\n[handout]\nstudent = \"\"\"\nHi\n\"\"\"\n";
        let edited = record_review("a.toml", text, &approve()).unwrap();
        assert_eq!(
            edited,
            "# Our lesson\nid = \"a-7-11\"   # the id\nlast_reviewed = 2027-03-01  # checked\n\n[handout]\nstudent = \"\"\"\nHi\n\"\"\"\n\n[review]\nstatus = \"approved\"\nreviewed_by = \"Head of PSHE\"\nreviewed_on = 2027-03-01\nnext_review = 2028-03-01\n"
        );
    }

    #[test]
    fn an_existing_review_table_is_changed_in_place() {
        let text = "id = \"a\"\n\n[review]   # who checked it\nstatus = \"draft\"      # not yet\nreviewed_on = 2026-01-01\n\n[handout]\nstudent = \"x\"\n";
        let edited = record_review("a.toml", text, &approve()).unwrap();
        assert_eq!(
            edited,
            "id = \"a\"\n\n[review]   # who checked it\nstatus = \"approved\"      # not yet\nreviewed_on = 2027-03-01\nreviewed_by = \"Head of PSHE\"\nnext_review = 2028-03-01\n\n[handout]\nstudent = \"x\"\n"
        );
        let retired =
            record_review("a.toml", text, &ReviewChange::Status(ReviewStatus::Retired)).unwrap();
        assert_eq!(retired, text.replace("\"draft\"", "\"retired\""));
    }

    #[test]
    fn an_inline_review_table_is_kept_inline() {
        let text = "id = \"a\"\nreview = { status = \"approved\" }\n";
        let edited =
            record_review("a.toml", text, &ReviewChange::Status(ReviewStatus::Draft)).unwrap();
        assert_eq!(edited, "id = \"a\"\nreview = { status = \"draft\" }\n");
    }

    #[test]
    fn broken_files_and_a_review_that_is_no_table_are_refused_with_where() {
        let broken = record_review("a.toml", "id = \"a\"\ntitle = \n", &approve()).unwrap_err();
        assert_eq!(broken.location.line, 2, "{broken}");
        assert!(broken.message.starts_with("not valid TOML"), "{broken}");
        let scalar =
            record_review("a.toml", "id = \"a\"\nreview = \"ok\"\n", &approve()).unwrap_err();
        assert_eq!(
            (scalar.location.line, scalar.message.as_str()),
            (2, "`review` is not a table")
        );
    }
}
