//! What curators are told about the modules they keep: which replace bundled ones.

use std::ops::Range;

use super::diagnostic::{Diagnostic, Severity, SourceFile};
use super::{BUNDLED_PREFIX, Library, sources};

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
        let original_line = sources::bundled_text(&original.file)
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
            replacement_message(&module.id, &original.file, original_line),
            "libraries given later win; rename the id if you want to keep both modules",
        ));
    }
    notes
}
