//! Printable handouts from a plan: the teacher plan, the student handout and the parent/carer
//! letter, as PDF, HTML or Markdown.
//!
//! A plan is first turned into one format-neutral [`document::Document`]; each writer only lays
//! that out, so the three formats always say the same thing.

pub mod document;
mod html;
pub mod ics;
pub mod layout;
pub mod links;
mod markdown;
mod pdf;
pub mod programme;
mod sources;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::library::{Date, Library, TextChanged};
use crate::plan::{self, Plan};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Handout {
    Teacher,
    Student,
    Parent,
    /// The lessons' printable resources: cards, chats, worksheets, exit tickets.
    Resources,
}

impl Handout {
    /// In the order they are printed.
    pub const ALL: [Handout; 4] = [
        Handout::Teacher,
        Handout::Resources,
        Handout::Student,
        Handout::Parent,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Handout::Teacher => "teacher",
            Handout::Student => "student",
            Handout::Parent => "parent",
            Handout::Resources => "resources",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Handout::Teacher => "Teacher plan",
            Handout::Student => "Student handout",
            Handout::Parent => "Parent/carer letter",
            Handout::Resources => "Resource sheets",
        }
    }
}

/// A document for the whole school, printed from its programme rather than from one plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchoolDocument {
    /// Year groups by terms, the lessons in each: one page for governors and inspectors.
    LongTermPlan,
    /// What each year group is taught in each strand, the gaps, and the sensitive lessons.
    ProgrammeCoverage,
}

impl SchoolDocument {
    pub fn id(self) -> &'static str {
        match self {
            SchoolDocument::LongTermPlan => "long-term-plan",
            SchoolDocument::ProgrammeCoverage => "programme-coverage",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SchoolDocument::LongTermPlan => "Long-term plan",
            SchoolDocument::ProgrammeCoverage => "Programme coverage",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Pdf,
    Html,
    Markdown,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Markdown => "md",
        }
    }

    /// The format a file name's extension names, if any (`.pdf`, `.html`/`.htm`,
    /// `.md`/`.markdown`, in any case).
    pub fn for_path(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(Format::Pdf),
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Html => "HTML",
            Format::Markdown => "Markdown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub fn label(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "US Letter",
        }
    }

    /// Width and height in PostScript points.
    pub fn size_points(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// Which handouts, printed in [`Handout::ALL`] order whatever order they are given in.
    pub handouts: Vec<Handout>,
    pub format: Format,
    /// Whose help services the "Where to get help" boxes list, e.g. `uk`.
    pub region: String,
    pub paper: Paper,
    /// Bigger type and more space, for readers with low vision.
    pub large_print: bool,
    /// Print without the plan's modules that no loaded library has (the teacher plan lists them
    /// with their notes), instead of refusing.
    pub skip_missing: bool,
    /// Who the parent letter comes from.
    pub school: School,
    /// The date the letter is dated; none leaves the date out.
    pub date: Option<Date>,
    /// End the parent letter with a slip to cut off and return.
    pub reply_slip: bool,
    /// Start each session of the teacher plan on a new page, so one session prints alone.
    pub session_per_page: bool,
    /// The school's calendar: with it, a plan with a weekly slot prints the date of each lesson.
    pub calendar: Option<crate::school_year::Calendar>,
}

/// The school a parent letter comes from: the `[school]` table of the config file. Every field
/// is optional; the letter reads well with none of them.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct School {
    pub name: Option<String>,
    /// Lines of the postal address, in one string (newlines or commas between lines).
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// The Designated Safeguarding Lead, named in the letter's contact paragraph and help box.
    pub dsl_name: Option<String>,
    /// How to reach the DSL (a phone number or email).
    pub dsl_contact: Option<String>,
    /// Who signs letters when the plan names no teacher, and their role ("Headteacher").
    pub sign_off_name: Option<String>,
    pub sign_off_role: Option<String>,
    /// The school's logo for the letterhead: a PNG, JPEG or SVG file. The config file may give
    /// it relative to its own folder; once loaded it is that path resolved, and only set when
    /// the file was checked and can be used ([`crate::config::check_logo`]).
    pub logo: Option<PathBuf>,
    /// Keys this version does not know, reported as warnings.
    #[serde(flatten)]
    pub unknown: toml::Table,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            handouts: Handout::ALL.to_vec(),
            format: Format::Pdf,
            region: "uk".to_string(),
            paper: Paper::A4,
            large_print: false,
            skip_missing: false,
            school: School::default(),
            date: None,
            reply_slip: false,
            session_per_page: false,
            calendar: None,
        }
    }
}

#[derive(Debug)]
pub enum ExportError {
    NoHandouts,
    EmptyPlan,
    /// The plan names modules no loaded library has, and skipping them was not asked for.
    MissingModules(Vec<String>),
    /// The text has characters that no font, bundled or installed, has: the PDF cannot show
    /// them.
    MissingCharacters(Vec<MissingCharacter>),
    /// A module's file changed after the library was read: its text is not printed half-changed.
    Changed(TextChanged),
    /// The PDF could not be produced (a fault in the layout, not in the user's files).
    Pdf(String),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// A character the PDF cannot show, and where it was written ("module `x`, field `title`").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingCharacter {
    pub character: char,
    pub place: Option<String>,
}

impl std::fmt::Display for MissingCharacter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.character;
        write!(f, "U+{:04X}", u32::from(c))?;
        if !c.is_control() {
            write!(f, " {c}")?;
        }
        match &self.place {
            Some(place) => write!(f, " in {place}"),
            None => Ok(()),
        }
    }
}

/// How many missing characters a message lists before it says how many more there are.
const MISSING_LISTED: usize = 8;

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::NoHandouts => write!(
                f,
                "no handouts chosen: pick at least one of teacher, student or parent"
            ),
            ExportError::EmptyPlan => write!(
                f,
                "the plan has no modules yet: add some before exporting handouts"
            ),
            ExportError::MissingModules(ids) => write!(
                f,
                "the plan names {} no loaded library has: {}. Add the library folder that holds \
                 {} (`lessonplan paths` shows where libraries are read from), remove {} from the \
                 plan, or export without {} (--skip-missing, or \"Skip missing modules\" in the \
                 export dialog)",
                if ids.len() == 1 {
                    "a module"
                } else {
                    "modules"
                },
                ids.join(", "),
                if ids.len() == 1 { "it" } else { "them" },
                if ids.len() == 1 { "it" } else { "them" },
                if ids.len() == 1 { "it" } else { "them" },
            ),
            ExportError::MissingCharacters(missing) => {
                let listed: Vec<String> = missing
                    .iter()
                    .take(MISSING_LISTED)
                    .map(ToString::to_string)
                    .collect();
                let more = missing.len().saturating_sub(MISSING_LISTED);
                let one = missing.len() == 1;
                write!(
                    f,
                    "no font on this machine has {}: {}{}. Install a font that has {} and export \
                     again, or change the text (HTML and Markdown exports show it as written)",
                    if one {
                        "this character"
                    } else {
                        "these characters"
                    },
                    listed.join("; "),
                    if more > 0 {
                        format!("; and {more} more")
                    } else {
                        String::new()
                    },
                    if one { "it" } else { "them" },
                )
            }
            ExportError::Changed(changed) => write!(f, "{changed}, then export again"),
            ExportError::Pdf(message) => write!(f, "the PDF could not be made: {message}"),
            ExportError::Io { path, error } => write!(
                f,
                "cannot write {}: {error}; choose a folder you can write to",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ExportError {}

/// The handouts as the bytes of one file in the chosen format.
pub fn render(
    plan: &Plan,
    library: &Library,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let document = checked_document(plan, library, options)?;
    match options.format {
        Format::Markdown => Ok(markdown::write(&document).into_bytes()),
        Format::Html => Ok(html::write(&document, options).into_bytes()),
        Format::Pdf => {
            pdf::write(&document, options).map_err(|f| pdf_error(f, plan, library, options))
        }
    }
}

/// A document already built (a school document, see [`programme`]) as the bytes of one file in
/// the chosen format. Its text comes from many files, so a missing character is named alone.
pub fn render_document(
    document: &document::Document,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    match options.format {
        Format::Markdown => Ok(markdown::write(document).into_bytes()),
        Format::Html => Ok(html::write(document, options).into_bytes()),
        Format::Pdf => pdf::write(document, options).map_err(|failure| match failure {
            pdf::Failure::Missing(characters) => ExportError::MissingCharacters(
                characters
                    .into_iter()
                    .map(|character| MissingCharacter {
                        character,
                        place: None,
                    })
                    .collect(),
            ),
            pdf::Failure::Fault(message) => ExportError::Pdf(message),
        }),
    }
}

/// A PDF failure as the user is told it: a missing character with the file and field it is in.
fn pdf_error(
    failure: pdf::Failure,
    plan: &Plan,
    library: &Library,
    options: &ExportOptions,
) -> ExportError {
    match failure {
        pdf::Failure::Missing(characters) => ExportError::MissingCharacters(
            characters
                .into_iter()
                .map(|character| MissingCharacter {
                    character,
                    place: sources::place_of(character, plan, library, options),
                })
                .collect(),
        ),
        pdf::Failure::Fault(message) => ExportError::Pdf(message),
    }
}

/// The document for the plan, or why it cannot be printed.
fn checked_document(
    plan: &Plan,
    library: &Library,
    options: &ExportOptions,
) -> Result<document::Document, ExportError> {
    if options.handouts.is_empty() {
        return Err(ExportError::NoHandouts);
    }
    if plan.items.is_empty() {
        return Err(ExportError::EmptyPlan);
    }
    let missing: Vec<String> = plan
        .items
        .iter()
        .zip(plan.resolve(library))
        .filter(|(_, module)| module.is_none())
        .map(|(item, _)| item.module.clone())
        .collect();
    if !missing.is_empty() && !options.skip_missing {
        return Err(ExportError::MissingModules(missing));
    }
    if missing.len() == plan.items.len() {
        return Err(ExportError::MissingModules(missing));
    }
    document::build(plan, library, options).map_err(ExportError::Changed)
}

/// One page of a PDF export as the page model holds it, for checking how the handouts print.
#[derive(Debug, Clone)]
pub struct ModelPage {
    pub handout: Handout,
    /// The page's number within its handout, and the handout's page count.
    pub number: usize,
    pub count: usize,
    /// The height of the page's text area, and how much of it the content takes.
    pub room: f32,
    pub used: f32,
    pub units: Vec<ModelUnit>,
}

/// One unit on a page: a line, a table row or a box, with the text it shows.
#[derive(Debug, Clone)]
pub struct ModelUnit {
    pub role: layout::Role,
    pub y: f32,
    pub height: f32,
    /// A table header repeated at the top of a continued page.
    pub repeated: bool,
    /// The unit was asked to start a page (a new session or lesson sheet).
    pub page_break_before: bool,
    pub text: String,
}

/// The PDF's pages as its page model lays them out, after the same checks as [`render`].
pub fn page_model(
    plan: &Plan,
    library: &Library,
    options: &ExportOptions,
) -> Result<Vec<ModelPage>, ExportError> {
    let document = checked_document(plan, library, options)?;
    pdf::page_model(&document, options).map_err(|f| pdf_error(f, plan, library, options))
}

/// A file name for the export: the plan's title, which handout (when only one), the extension.
pub fn default_file_name(plan_title: &str, options: &ExportOptions) -> String {
    let stem = plan::file_stem_for(plan_title);
    let part = match options.handouts.as_slice() {
        [one] => one.id(),
        _ => "handouts",
    };
    format!("{stem}-{part}.{}", options.format.extension())
}

/// Renders and saves atomically: a reader of `path` sees the old file or the whole new one.
pub fn write(
    plan: &Plan,
    library: &Library,
    options: &ExportOptions,
    path: &Path,
) -> Result<(), ExportError> {
    let bytes = render(plan, library, options)?;
    save(&bytes, path)
}

/// Saves rendered handouts atomically: a reader of `path` sees the old file or the whole new one.
pub fn save(bytes: &[u8], path: &Path) -> Result<(), ExportError> {
    let io = |error| ExportError::Io {
        path: path.to_path_buf(),
        error,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder).map_err(io)?;
    let mut file = new_file_in(folder)
        .map_err(without_temporary_name)
        .map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    file.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// The error without the name of the temporary file the handouts were to be written to first
/// (the `tempfile` crate adds ` at path "..."`): the teacher asked for another name, and is told
/// that one.
fn without_temporary_name(error: std::io::Error) -> std::io::Error {
    let text = error.to_string();
    match text.find(" at path \"") {
        Some(end) => std::io::Error::new(error.kind(), &text[..end]),
        None => error,
    }
}

/// A temporary file that, once renamed into place, has the permissions any file the user writes
/// gets (0666 less the umask), not the 0600 of a private temporary file: handouts are shared.
fn new_file_in(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".lessonplan-export-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

#[cfg(test)]
mod tests;
