//! The school details dialog: who parent letters come from, saved into the config file's
//! `[school]` table.

use std::path::{Path, PathBuf};

use tui_input::Input;

use super::ExportForm;
use crate::config::{SCHOOL_KEYS, SchoolChange};
use crate::export::School;

/// How the dialog names each key of [`SCHOOL_KEYS`], in the same order.
pub const SCHOOL_LABELS: [&str; 10] = [
    "School name",
    "Address",
    "Phone",
    "Email",
    "Website",
    "DSL name",
    "DSL contact",
    "Signed by",
    "Signer's role",
    "Logo file",
];

/// What each field is for, shown under the dialog while it has the cursor.
const SCHOOL_NOTES: [&str; 10] = [
    "Heads every parent/carer letter.",
    "Commas between the lines of the address.",
    "The school office, for parents to call.",
    "The school office's email address.",
    "The school's website.",
    "Your Designated Safeguarding Lead, named in the letter.",
    "How parents reach the DSL: a phone number or email.",
    "Signs the letter when the plan names no teacher.",
    "Their role, e.g. Headteacher.",
    "A PNG, JPEG or SVG file of at most 2 MB for the letterhead; a relative path is \
     relative to the config file's folder.",
];

/// The row after the fields: Enter there saves.
pub const SAVE_ROW: usize = SCHOOL_KEYS.len();

#[derive(Debug, Clone)]
pub struct SchoolForm {
    /// One field per key of [`SCHOOL_KEYS`].
    pub fields: [Input; 10],
    /// What each field held when the dialog opened. Only fields changed since are saved, so a
    /// value written by hand in a way one line cannot show (an address over several lines, a
    /// logo path relative to the config folder) stays as it was written.
    opened_with: [String; 10],
    /// A field, or [`SAVE_ROW`].
    pub focused: usize,
    pub error: Option<String>,
    /// The config file the details are saved into.
    pub path: PathBuf,
    /// The export dialog this one was opened from, shown again when it closes.
    pub export: Option<Box<ExportForm>>,
}

impl SchoolForm {
    pub fn new(school: &School, path: &Path, export: Option<Box<ExportForm>>) -> SchoolForm {
        let text = |value: &Option<String>| one_line(value.as_deref().unwrap_or_default());
        let opened_with = [
            text(&school.name),
            text(&school.address),
            text(&school.phone),
            text(&school.email),
            text(&school.website),
            text(&school.dsl_name),
            text(&school.dsl_contact),
            text(&school.sign_off_name),
            text(&school.sign_off_role),
            school
                .logo
                .as_ref()
                .map(|logo| logo.display().to_string())
                .unwrap_or_default(),
        ];
        SchoolForm {
            fields: opened_with.clone().map(Input::new),
            opened_with,
            focused: 0,
            error: None,
            path: path.to_path_buf(),
            export,
        }
    }

    /// The field with the cursor, unless it is on the Save row.
    pub fn focused_field(&mut self) -> Option<&mut Input> {
        self.fields.get_mut(self.focused)
    }

    /// The note for the focused row.
    pub fn note(&self) -> &'static str {
        SCHOOL_NOTES
            .get(self.focused)
            .copied()
            .unwrap_or("Enter saves. Blank fields are left out of the letter.")
    }

    pub fn is_logo(&self) -> bool {
        SCHOOL_KEYS.get(self.focused) == Some(&"logo")
    }

    pub fn focus_next(&mut self, forward: bool) {
        let rows = SAVE_ROW + 1;
        self.focused = (self.focused + if forward { 1 } else { rows - 1 }) % rows;
    }

    /// The keys changed since the dialog opened, each with its new value (none when blanked).
    pub fn changes(&self) -> Vec<SchoolChange> {
        SCHOOL_KEYS
            .iter()
            .zip(&self.fields)
            .zip(&self.opened_with)
            .filter(|((_, field), before)| field.value().trim() != before.trim())
            .map(|((key, field), _)| {
                let value = field.value().trim();
                SchoolChange {
                    key,
                    value: (!value.is_empty()).then(|| value.to_string()),
                }
            })
            .collect()
    }
}

/// A value as one line: its lines trimmed and joined with commas (how an address is typed).
fn one_line(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(", ")
}
