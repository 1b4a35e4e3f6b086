//! The user's config file (`config.toml` in the config folder). Every key is optional.

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::export::School;
use crate::library::diagnostic::{Code, Diagnostic, Severity, SourceFile};

/// The colour themes the planner offers.
pub const THEMES: [&str; 3] = ["dark", "light", "high-contrast"];

/// The keys of the `[school]` table, in the order the planner's dialog shows them.
pub const SCHOOL_KEYS: [&str; 10] = [
    "name",
    "address",
    "phone",
    "email",
    "website",
    "dsl_name",
    "dsl_contact",
    "sign_off_name",
    "sign_off_role",
    "logo",
];

/// The largest logo file accepted: a letterhead needs no more, and every export reads it.
pub const MAX_LOGO_BYTES: u64 = 2 * 1024 * 1024;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Config {
    /// Extra library folders, loaded after the bundled one. Relative paths are relative to the
    /// config folder.
    pub libraries: Vec<PathBuf>,
    /// Region whose help services handouts list (`uk`, `ie`, `au`, `nz`, `us`).
    pub region: Option<String>,
    /// TUI colour theme: `dark`, `light` or `high-contrast`.
    pub theme: Option<String>,
    /// Which school system's year groups plans use (an id from year-groups.toml, e.g.
    /// `scotland`); without it, the first system of the region.
    pub year_groups: Option<String>,
    /// The school's calendar of terms and closures, when not `calendar.toml` in the data folder.
    /// Relative to the config folder.
    pub calendar: Option<PathBuf>,
    /// The school's programme of plans, when not `programme.toml` in the data folder. Relative
    /// to the config folder.
    pub programme: Option<PathBuf>,
    /// Who parent letters come from: name, address, contacts, the DSL, who signs.
    pub school: School,
    /// The `[keys]` table as written; read into [`Config::key_settings`].
    #[serde(rename = "keys")]
    pub keys_table: toml::Table,
    /// The planner's key bindings the file changes (`[keys]` and `[keys.dialogs]`), each with
    /// where it is written, so the planner can say exactly which line is wrong.
    #[serde(skip)]
    pub key_settings: Vec<KeySetting>,
    /// Keys this version does not know, reported as warnings.
    #[serde(flatten)]
    pub unknown: toml::Table,
    /// Where `region` is written, for an error if the libraries have no such region (known only
    /// once they have loaded).
    #[serde(skip)]
    pub region_at: Option<Diagnostic>,
}

impl Config {
    /// The config's region checked against the regions the libraries have services for, in any
    /// case (`IE` is `ie`). An unknown one is an error located in the config file.
    pub fn checked_region(&self, known: &[&str]) -> Result<Option<String>, Box<Diagnostic>> {
        let Some(region) = &self.region else {
            return Ok(None);
        };
        let wanted = region.trim().to_lowercase();
        if known.contains(&wanted.as_str()) {
            return Ok(Some(wanted));
        }
        let mut problem = self.region_at.clone().unwrap_or_else(|| {
            Diagnostic::whole_file(
                "config.toml",
                Severity::Error,
                Code::UnknownRegion,
                String::new(),
            )
        });
        problem.severity = Severity::Error;
        problem.message = format!("no help services are known for region `{region}`");
        problem.hint = Some(format!(
            "use one of: {}; or add a library whose services.toml lists services for `{wanted}`",
            known.join(", ")
        ));
        Err(Box::new(problem))
    }
}

impl Config {
    /// Reads the config file; a missing file is an empty config. Problems are returned as
    /// diagnostics alongside whatever could be read.
    pub fn load(path: &Path) -> (Config, Vec<Diagnostic>) {
        let display = path.display().to_string();
        let text = match crate::paths::read_regular_file(path).and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
        }) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return (Config::default(), Vec::new());
            }
            Err(error) => {
                let d = Diagnostic::whole_file(
                    &display,
                    Severity::Error,
                    Code::CannotRead,
                    format!("cannot read config file: {error}"),
                )
                .with_hint(
                    "make it a plain text file (UTF-8) you have permission to read, or remove it",
                );
                return (Config::default(), vec![d]);
            }
        };
        let source = SourceFile::new(&display, &text);
        match toml::from_str::<Config>(&text) {
            Ok(mut config) => {
                let base = path.parent().unwrap_or(Path::new("."));
                config.libraries = config
                    .libraries
                    .iter()
                    .map(|p| crate::paths::relative_to(base, p))
                    .collect();
                for path in [&mut config.calendar, &mut config.programme]
                    .into_iter()
                    .flatten()
                {
                    *path = crate::paths::relative_to(base, path);
                }
                // Problems point at keys as the TOML parser read them, so that a quoted key or
                // the same word in a comment or another table never sends them elsewhere.
                let document = DeTable::parse(&text).ok();
                let top = document.as_ref().map(|d| d.get_ref());
                let school = top
                    .and_then(|t| t.get("school"))
                    .and_then(|v| match v.get_ref() {
                        DeValue::Table(t) => Some(t),
                        _ => None,
                    });
                let mut warnings: Vec<Diagnostic> = config
                    .unknown
                    .keys()
                    .map(|key| {
                        source.diagnostic(
                            key_span(top, key),
                            Severity::Warning,
                            Code::UnknownField,
                            format!("unknown key `{key}` in the config file"),
                            "known keys are: libraries, region, theme, year_groups, calendar, programme, and the [school] and [keys] tables",
                        )
                    })
                    .collect();
                for key in config.school.unknown.keys() {
                    warnings.push(source.diagnostic(
                        key_span(school, key),
                        Severity::Warning,
                        Code::UnknownField,
                        format!("unknown key `{key}` in the [school] table"),
                        format!("known keys are: {}", SCHOOL_KEYS.join(", ")),
                    ));
                }
                if let Some(problem) = resolve_logo(
                    &mut config.school,
                    base,
                    &source,
                    value_span(school, "logo"),
                ) {
                    warnings.push(problem);
                }
                config.key_settings = read_key_settings(top, &source);
                if config.region.is_some() {
                    let at = value_span(top, "region");
                    config.region_at =
                        Some(source.diagnostic(at, Severity::Error, Code::UnknownRegion, "", ""));
                }
                if let Some(theme) = &config.theme
                    && !THEMES.contains(&theme.as_str())
                {
                    warnings.push(source.diagnostic(
                        key_span(top, "theme"),
                        Severity::Warning,
                        Code::UnknownTheme,
                        format!("unknown theme `{theme}`; the dark theme is used"),
                        format!("use one of: {}", THEMES.join(", ")),
                    ));
                }
                (config, warnings)
            }
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = error.message().lines().next().unwrap_or("").to_string();
                let d = source.diagnostic(
                    span,
                    Severity::Error,
                    Code::InvalidConfig,
                    format!("config file ignored: {message}"),
                    "example: libraries = [\"/srv/school-lessons\"]\nregion = \"uk\"\ntheme = \"dark\"",
                );
                (Config::default(), vec![d])
            }
        }
    }
}

/// Which set of bindings a `[keys]` entry changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySection {
    /// `[keys]`: the Browse and Plan views.
    Views,
    /// `[keys.dialogs]`: help, problems, open and the other dialogs that are not typed into.
    Dialogs,
}

impl KeySection {
    pub fn table_name(self) -> &'static str {
        match self {
            KeySection::Views => "[keys]",
            KeySection::Dialogs => "[keys.dialogs]",
        }
    }
}

/// One `action = "key"` or `action = ["key", ...]` line of the `[keys]` tables. The keys are
/// kept as written; the planner reads them (an unknown action or key is its to report).
#[derive(Debug, Clone, PartialEq)]
pub struct KeySetting {
    pub section: KeySection,
    pub action: String,
    /// `None` when the value is neither a string nor a list of strings.
    pub keys: Option<Vec<String>>,
    /// A diagnostic located at the action's name, its message left for the reader to fill in.
    pub name_at: Diagnostic,
    /// Likewise, located at the value.
    pub value_at: Diagnostic,
}

fn as_table<'a, 'i>(value: &'a DeValue<'i>) -> Option<&'a DeTable<'i>> {
    match value {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

fn read_key_settings(top: Option<&DeTable>, source: &SourceFile) -> Vec<KeySetting> {
    let table = as_table;
    let Some(keys) = top
        .and_then(|t| t.get("keys"))
        .and_then(|v| table(v.get_ref()))
    else {
        return Vec::new();
    };
    let at =
        |span: Range<usize>| source.diagnostic(span, Severity::Warning, Code::UnusableKey, "", "");
    let mut settings = Vec::new();
    let mut read = |section: KeySection, table: &DeTable| {
        for (name, value) in table {
            if section == KeySection::Views && name.get_ref() == "dialogs" {
                continue;
            }
            let keys = match value.get_ref() {
                DeValue::String(key) => Some(vec![key.to_string()]),
                DeValue::Array(list) => list
                    .iter()
                    .map(|item| match item.get_ref() {
                        DeValue::String(key) => Some(key.to_string()),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            };
            settings.push(KeySetting {
                section,
                action: name.get_ref().to_string(),
                keys,
                name_at: at(name.span()),
                value_at: at(value.span()),
            });
        }
    };
    read(KeySection::Views, keys);
    if let Some(dialogs) = keys.get("dialogs").and_then(|v| table(v.get_ref())) {
        read(KeySection::Dialogs, dialogs);
    }
    settings
}

/// Makes the school's logo path absolute (relative to the config folder `base`) and checks the
/// file. A logo that cannot be used is dropped, so letters print without it, and the returned
/// error says why, located at `at`, where `source` holds the `logo` value.
fn resolve_logo(
    school: &mut School,
    base: &Path,
    source: &SourceFile,
    at: Range<usize>,
) -> Option<Diagnostic> {
    let written = school.logo.take()?;
    if written.as_os_str().is_empty() {
        return None;
    }
    let path = crate::paths::relative_to(base, &written);
    match check_logo(&path) {
        Ok(_) => {
            school.logo = Some(path);
            None
        }
        Err(reason) => Some(source.diagnostic(
            at,
            Severity::Error,
            Code::UnusableLogo,
            format!("the school logo cannot be used: {reason}; letters are printed without it"),
            "give `logo` a PNG, JPEG or SVG file of at most 2 MB; a relative path is \
                 relative to the config file's folder",
        )),
    }
}

/// The kinds of image a school logo may be, told by the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Svg,
}

/// Checks that `path` is a logo the letter can use: a regular file of at most
/// [`MAX_LOGO_BYTES`] that starts as a PNG, JPEG or SVG image does, whatever its name. Says why
/// not in words for the person who set it.
pub fn check_logo(path: &Path) -> Result<ImageKind, String> {
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("there is no file at {shown}"));
        }
        Err(error) => return Err(format!("cannot read {shown}: {error}")),
    };
    // Checked before opening: opening a named pipe would wait for a writer that may never come.
    if !meta.is_file() {
        let kind = crate::paths::describe_file_type(meta.file_type());
        return Err(format!("{shown} is {kind}, not a file"));
    }
    if meta.len() > MAX_LOGO_BYTES {
        return Err(format!(
            "{shown} is {:.1} MB, and a logo may be at most 2 MB",
            meta.len() as f64 / (1024.0 * 1024.0)
        ));
    }
    let mut start = Vec::with_capacity(IMAGE_SNIFF_BYTES);
    std::fs::File::open(path)
        .and_then(|file| file.take(IMAGE_SNIFF_BYTES as u64).read_to_end(&mut start))
        .map_err(|error| format!("cannot read {shown}: {error}"))?;
    image_kind(&start).ok_or_else(|| format!("{shown} is not a PNG, JPEG or SVG image"))
}

/// The most of a file's start that [`image_kind`] looks at.
const IMAGE_SNIFF_BYTES: usize = 4096;

/// What image a file's bytes (its first [`IMAGE_SNIFF_BYTES`] are enough) show it to be, if it
/// is one a logo may be.
pub fn image_kind(bytes: &[u8]) -> Option<ImageKind> {
    let start = &bytes[..bytes.len().min(IMAGE_SNIFF_BYTES)];
    if start.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(ImageKind::Png);
    }
    if start.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(ImageKind::Jpeg);
    }
    // SVG is text: its root element `<svg` comes first, or after an XML declaration, comments
    // and a doctype.
    let text = String::from_utf8_lossy(start);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let prologue = ["<?xml", "<!--", "<!doctype"].iter().any(|p| {
        text.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    });
    let svg = text.starts_with("<svg") || (prologue && text.contains("<svg"));
    svg.then_some(ImageKind::Svg)
}

/// One key of the `[school]` table given a new value, or removed (`None` or a blank value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolChange {
    /// One of [`SCHOOL_KEYS`].
    pub key: &'static str,
    pub value: Option<String>,
}

/// What a save of the `[school]` table wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolSaved {
    /// The config file, as the planner was given it.
    pub path: PathBuf,
    /// The school as the saved file now describes it, read back as at start-up.
    pub school: School,
    /// The saved file's problems, as loading it reports them (ones the save did not make, such
    /// as another key's).
    pub problems: Vec<Diagnostic>,
}

#[derive(Debug)]
pub enum ConfigSaveError {
    /// The file is not valid TOML (or `school` in it is not a table): it is left as it is
    /// rather than overwritten.
    Unreadable(Box<Diagnostic>),
    /// The new logo cannot be used; nothing was written.
    Logo(String),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl std::fmt::Display for ConfigSaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigSaveError::Unreadable(problem) => write!(
                f,
                "{}. Nothing was saved: fix the config file there, then save again",
                problem.headline()
            ),
            ConfigSaveError::Logo(reason) => write!(
                f,
                "the logo cannot be used: {reason}. Nothing was saved: choose a PNG, JPEG or SVG \
                 file of at most 2 MB, or leave the logo blank"
            ),
            ConfigSaveError::Io { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

/// Sets keys of the config file's `[school]` table and writes the file back, changing nothing
/// else: comments, layout, other keys and tables stay as the user wrote them. A key given no
/// value (or a blank one) is removed, never written as `""`; a key not named keeps its value.
/// The folder and file are made if missing; the write is atomic, keeps the file's mode and goes
/// through a symbolic link to the file it points to. A file that is not valid TOML is never
/// overwritten: the error says where it is.
pub fn save_school(path: &Path, changes: &[SchoolChange]) -> Result<SchoolSaved, ConfigSaveError> {
    edit_config(
        path,
        |document, source| {
            if let Some(item) = document.get("school")
                && !item.is_table_like()
            {
                let message =
                    "`school` is not a table: it should be a [school] section".to_string();
                return Err(located(source, item.span(), message));
            }
            let base = path.parent().unwrap_or(Path::new("."));
            for change in changes {
                if change.key == "logo"
                    && let Some(logo) = non_blank(change.value.as_deref())
                {
                    check_logo(&crate::paths::relative_to(base, Path::new(logo)))
                        .map_err(ConfigSaveError::Logo)?;
                }
            }
            Ok(())
        },
        |document| edit_school(document, changes),
    )?;
    let (config, problems) = Config::load(path);
    Ok(SchoolSaved {
        path: path.to_path_buf(),
        school: config.school,
        problems,
    })
}

/// Remembers the colour theme chosen in the planner: sets the config file's `theme`, keeping
/// everything else in the file as it is.
pub fn save_theme(path: &Path, theme: &str) -> Result<(), ConfigSaveError> {
    edit_config(
        path,
        |_, _| Ok(()),
        |document| match document.get_mut("theme").and_then(|i| i.as_value_mut()) {
            // The old value's spacing and comment stay with the new one.
            Some(old) => {
                let decor = old.decor().clone();
                *old = theme.into();
                *old.decor_mut() = decor;
            }
            None => document["theme"] = toml_edit::value(theme),
        },
    )
}

/// Changes the config file in place: comments, order and other keys stay as they are. `check`
/// sees the file as parsed and may refuse; `edit` makes the change. The folder and file are made
/// if missing; the write is atomic, keeps the file's mode and goes through a symbolic link. A file
/// that is not valid TOML is never overwritten: the error says where it is.
fn edit_config(
    path: &Path,
    check: impl FnOnce(&toml_edit::Document<&str>, &SourceFile) -> Result<(), ConfigSaveError>,
    edit: impl FnOnce(&mut toml_edit::DocumentMut),
) -> Result<(), ConfigSaveError> {
    let io_error = |error| ConfigSaveError::Io {
        path: path.to_path_buf(),
        error,
    };
    let target = crate::atomic::real_path(path).map_err(io_error)?;
    let text = match crate::paths::read_regular_file(&target) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            io_error(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "it is not UTF-8 text",
            ))
        })?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(io_error(error)),
    };
    let display = path.display().to_string();
    let source = SourceFile::new(&display, &text);
    let parsed = toml_edit::Document::parse(text.as_str()).map_err(|error| {
        let message = error.message().lines().next().unwrap_or("").to_string();
        located(&source, error.span(), message)
    })?;
    check(&parsed, &source)?;
    let mut document = parsed.into_mut();
    edit(&mut document);
    let edited = document.to_string();
    if edited != text {
        crate::atomic::write(&target, edited.as_bytes(), crate::atomic::Replace::Yes)
            .map_err(io_error)?;
    }
    Ok(())
}

fn located(
    source: &SourceFile,
    span: Option<std::ops::Range<usize>>,
    message: String,
) -> ConfigSaveError {
    let problem = source.diagnostic(
        span.unwrap_or(0..0),
        Severity::Error,
        Code::InvalidConfig,
        message,
        "",
    );
    ConfigSaveError::Unreadable(Box::new(problem))
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

/// Makes the changes in the document's `[school]` table (which must be table-like if present),
/// adding the table only when there is something to put in it.
fn edit_school(document: &mut toml_edit::DocumentMut, changes: &[SchoolChange]) {
    let adds = changes
        .iter()
        .any(|c| non_blank(c.value.as_deref()).is_some());
    if document.get("school").is_none() && !adds {
        return;
    }
    let Some(school) = document
        .entry("school")
        .or_insert_with(toml_edit::table)
        .as_table_like_mut()
    else {
        return;
    };
    for change in changes {
        let Some(value) = non_blank(change.value.as_deref()) else {
            school.remove(change.key);
            continue;
        };
        match school.get_mut(change.key) {
            // The new value keeps the old one's spacing and its comment at the end of the line.
            Some(toml_edit::Item::Value(old)) => {
                let mut new = toml_edit::Value::from(value);
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
            _ => {
                school.insert(change.key, toml_edit::value(value));
            }
        }
    }
    // A key left blank by hand means "not set": it goes too, so no letter prints it empty.
    for key in SCHOOL_KEYS {
        if school
            .get(key)
            .and_then(toml_edit::Item::as_str)
            .is_some_and(|v| v.trim().is_empty())
        {
            school.remove(key);
        }
    }
}

/// Where `key` is written in `table` (the start of the file if it cannot be found).
fn key_span(table: Option<&DeTable>, key: &str) -> Range<usize> {
    table
        .and_then(|t| t.get_key_value(key))
        .map_or(0..0, |(key, _)| key.span())
}

/// Where the value of `key` is written in `table` (the start of the file if it cannot be found).
fn value_span(table: Option<&DeTable>, key: &str) -> Range<usize> {
    table
        .and_then(|t| t.get(key))
        .map_or(0..0, |value| value.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_libraries_resolve_against_the_config_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "libraries = [\"ours\", \"/abs\"]\nregion = \"ie\"\n").unwrap();
        let (config, problems) = Config::load(&file);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            config.libraries,
            [dir.path().join("ours"), PathBuf::from("/abs")]
        );
        assert_eq!(config.region.as_deref(), Some("ie"));
    }

    #[test]
    fn a_broken_config_is_reported_with_its_location() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "region = \"uk\"\nlibraries = \"not a list\"\n").unwrap();
        let (config, problems) = Config::load(&file);
        assert_eq!(config, Config::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.line, 2);
        assert!(problems[0].is_error());
    }

    #[test]
    fn unknown_keys_are_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "regoin = \"uk\"\n").unwrap();
        let (_, problems) = Config::load(&file);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Warning);
        assert!(problems[0].message.contains("regoin"));
    }

    #[test]
    fn an_unknown_theme_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "theme = \"neon\"\n").unwrap();
        let (_, problems) = Config::load(&file);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("unknown theme `neon`"));
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    /// A config folder with `config.toml` holding `[school]` and the given logo line.
    fn config_with_logo(logo: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let text = format!("region = \"uk\"\n\n[school]\nname = \"Hillside\"\nlogo = {logo:?}\n");
        std::fs::write(&file, text).unwrap();
        (dir, file)
    }

    #[test]
    fn a_relative_logo_resolves_against_the_config_folder() {
        let (dir, file) = config_with_logo("images/crest.png");
        std::fs::create_dir(dir.path().join("images")).unwrap();
        std::fs::write(dir.path().join("images/crest.png"), PNG).unwrap();
        let (config, problems) = Config::load(&file);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            config.school.logo,
            Some(dir.path().join("images/crest.png"))
        );
        assert_eq!(config.school.name.as_deref(), Some("Hillside"));
    }

    #[test]
    fn logos_are_told_apart_by_their_bytes_not_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], Option<ImageKind>); 6] = [
            ("a.png", PNG, Some(ImageKind::Png)),
            (
                "a.dat",
                b"\xFF\xD8\xFF\xE0\0\x10JFIF",
                Some(ImageKind::Jpeg),
            ),
            (
                "a.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                Some(ImageKind::Svg),
            ),
            (
                "b.svg",
                b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- crest -->\n<svg/>",
                Some(ImageKind::Svg),
            ),
            ("fake.png", b"this is a text file", None),
            ("page.svg", b"<html><body><svg/></body></html>", None),
        ];
        for (name, bytes, kind) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let checked = check_logo(&path);
            assert_eq!(checked.as_ref().ok(), kind.as_ref(), "{name}: {checked:?}");
            if kind.is_none() {
                assert!(
                    checked
                        .unwrap_err()
                        .contains("is not a PNG, JPEG or SVG image"),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn a_missing_logo_is_a_located_error_and_the_rest_of_the_config_loads() {
        let (_dir, file) = config_with_logo("crest.png");
        let (config, problems) = Config::load(&file);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problem = &problems[0];
        assert!(problem.is_error());
        assert_eq!((problem.location.line, problem.location.column), (5, 8));
        assert!(problem.message.contains("there is no file at"), "{problem}");
        assert!(problem.message.contains("printed without it"), "{problem}");
        assert_eq!(
            config.school.logo, None,
            "a logo that cannot be used is dropped"
        );
        assert_eq!(config.school.name.as_deref(), Some("Hillside"));
        assert_eq!(config.region.as_deref(), Some("uk"));
    }

    #[test]
    fn a_logo_that_is_a_folder_or_too_large_is_refused() {
        let (dir, file) = config_with_logo("crest");
        std::fs::create_dir(dir.path().join("crest")).unwrap();
        let (config, problems) = Config::load(&file);
        assert_eq!(config.school.logo, None);
        assert!(
            problems[0].message.contains("is a folder, not a file"),
            "{problems:?}"
        );

        let big = dir.path().join("big.png");
        let mut bytes = PNG.to_vec();
        bytes.resize(usize::try_from(MAX_LOGO_BYTES).unwrap() + 1, 0);
        std::fs::write(&big, &bytes).unwrap();
        let refused = check_logo(&big).unwrap_err();
        assert!(refused.contains("at most 2 MB"), "{refused}");
        bytes.truncate(usize::try_from(MAX_LOGO_BYTES).unwrap());
        std::fs::write(&big, &bytes).unwrap();
        assert_eq!(
            check_logo(&big),
            Ok(ImageKind::Png),
            "2 MB exactly is accepted"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_logo_that_is_a_named_pipe_is_refused_without_waiting() {
        let (dir, file) = config_with_logo("crest.png");
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("crest.png"))
            .status()
            .unwrap();
        assert!(made.success());
        let (_, problems) = Config::load(&file);
        assert!(
            problems[0].message.contains("is a named pipe, not a file"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_empty_logo_is_no_logo() {
        let (_dir, file) = config_with_logo("");
        let (config, problems) = Config::load(&file);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.school.logo, None);
    }

    fn change(key: &'static str, value: &str) -> SchoolChange {
        SchoolChange {
            key,
            value: Some(value.to_string()),
        }
    }

    fn removal(key: &'static str) -> SchoolChange {
        SchoolChange { key, value: None }
    }

    const COMMENTED: &str = "\
# Our school's lessonplan set-up.
libraries = [\"lessons\"]   # the school's own modules
theme = \"light\"

[school]
# Shown at the head of every letter.
name = \"Hillside\"     # the full name
phone = \"01234 567890\"
website = \"\"
motto = \"Learning together\"

[future]
setting = 3
";

    #[test]
    fn saving_the_school_keeps_comments_and_other_keys_and_removes_emptied_fields() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, COMMENTED).unwrap();
        let saved = save_school(
            &file,
            &[
                change("name", "Hillside Primary School"),
                removal("phone"),
                change("email", "  "),
                change("dsl_name", "Mr Khan"),
            ],
        )
        .unwrap();
        let expected = "\
# Our school's lessonplan set-up.
libraries = [\"lessons\"]   # the school's own modules
theme = \"light\"

[school]
# Shown at the head of every letter.
name = \"Hillside Primary School\"     # the full name
motto = \"Learning together\"
dsl_name = \"Mr Khan\"

[future]
setting = 3
";
        assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
        assert_eq!(saved.path, file);
        assert_eq!(
            saved.school.name.as_deref(),
            Some("Hillside Primary School")
        );
        assert_eq!(saved.school.dsl_name.as_deref(), Some("Mr Khan"));
        assert_eq!(saved.school.phone, None);
        // The keys this version does not know are kept, and still reported.
        let messages: Vec<&str> = saved.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `future` in the config file",
                "unknown key `motto` in the [school] table"
            ]
        );
    }

    #[test]
    fn saving_the_school_makes_a_missing_config_folder_and_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("new/folder/config.toml");
        save_school(&file, &[change("name", "Hillside")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "[school]\nname = \"Hillside\"\n"
        );
        let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["config.toml"], "no temporary file is left");
        // Nothing to set makes no table.
        let empty = dir.path().join("empty/config.toml");
        save_school(&empty, &[removal("phone"), change("email", "")]).unwrap();
        assert!(!empty.exists());
    }

    #[test]
    fn a_config_with_a_syntax_error_is_not_overwritten_and_the_error_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let broken = "theme = \"dark\"\n[school]\nname = \"Hillside\n";
        std::fs::write(&file, broken).unwrap();
        let error = save_school(&file, &[change("name", "Other")]).unwrap_err();
        let ConfigSaveError::Unreadable(problem) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(problem.location.line, 3);
        assert!(problem.file.ends_with("config.toml"));
        let message = error.to_string();
        assert!(message.contains("config.toml:3:"), "{message}");
        assert!(message.contains("Nothing was saved"), "{message}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);

        std::fs::write(&file, "school = \"Hillside\"\n").unwrap();
        let error = save_school(&file, &[change("name", "Other")]).unwrap_err();
        assert!(error.to_string().contains("config.toml:1:10:"), "{error}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "school = \"Hillside\"\n"
        );
    }

    #[test]
    fn a_logo_is_checked_before_saving_and_kept_as_typed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "[school]\nname = \"Hillside\"\n").unwrap();
        let error = save_school(&file, &[change("logo", "crest.png")]).unwrap_err();
        assert!(matches!(error, ConfigSaveError::Logo(_)), "{error:?}");
        assert!(error.to_string().contains("there is no file at"), "{error}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "[school]\nname = \"Hillside\"\n"
        );

        std::fs::write(dir.path().join("crest.png"), PNG).unwrap();
        let saved = save_school(&file, &[change("logo", "crest.png")]).unwrap();
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .ends_with("logo = \"crest.png\"\n")
        );
        assert_eq!(saved.school.logo, Some(dir.path().join("crest.png")));
    }

    #[cfg(unix)]
    #[test]
    fn saving_the_school_writes_through_a_link_and_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles/lessonplan.toml");
        std::fs::create_dir(dir.path().join("dotfiles")).unwrap();
        std::fs::write(&real, "theme = \"dark\"\n").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        save_school(&link, &[change("name", "Hillside")]).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(
            std::fs::read_to_string(&real).unwrap(),
            "theme = \"dark\"\n\n[school]\nname = \"Hillside\"\n"
        );
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn problems_point_at_the_key_however_it_is_written_and_wherever_its_name_appears() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let text = "# the region, theme and colour are set below
                    theme = \"dark\"\n\
                    colour = \"red\"\n\
                    \"region\" = \"fr\"\n\
                    [school]\n\
                    theme = \"x\"\n";
        std::fs::write(&file, text).unwrap();
        let (config, problems) = Config::load(&file);
        let at = |key: &str| {
            let problem = problems
                .iter()
                .find(|p| p.message.contains(key))
                .unwrap_or_else(|| panic!("{key}: {problems:?}"));
            (problem.location.line, problem.location.column)
        };
        assert_eq!(at("unknown key `colour`"), (3, 1));
        assert_eq!(at("unknown key `theme` in the [school] table"), (6, 1));

        let problem = config.checked_region(&["ie", "uk"]).unwrap_err();
        assert_eq!(problem.file, file.display().to_string());
        assert_eq!((problem.location.line, problem.location.column), (4, 12));
    }

    #[test]
    fn a_missing_config_is_empty_and_silent() {
        let (config, problems) = Config::load(Path::new("/nonexistent/config.toml"));
        assert_eq!(config, Config::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn a_region_matches_in_any_case_and_an_unknown_one_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "theme = \"dark\"\nregion = \"IE\"\n").unwrap();
        let (config, _) = Config::load(&file);
        assert_eq!(config.checked_region(&["ie", "uk"]), Ok(Some("ie".into())));

        std::fs::write(&file, "theme = \"dark\"\nregion = \"fr\"\n").unwrap();
        let (config, _) = Config::load(&file);
        let problem = config.checked_region(&["ie", "uk"]).unwrap_err();
        assert!(problem.is_error());
        assert_eq!((problem.location.line, problem.location.column), (2, 10));
        assert!(problem.file.ends_with("config.toml"));
        assert!(problem.message.contains("`fr`"), "{}", problem.message);
        assert!(problem.hint.as_deref().unwrap().contains("ie, uk"));
        assert_eq!(Config::default().checked_region(&["uk"]), Ok(None));
    }
}
