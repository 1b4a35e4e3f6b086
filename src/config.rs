//! The user's config file (`config.toml` in the config folder). Every key is optional.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::library::diagnostic::{Diagnostic, Severity, SourceFile};

/// The colour themes the planner offers.
pub const THEMES: [&str; 3] = ["dark", "light", "high-contrast"];

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
    /// Who parent letters come from: name, address, contacts, the DSL, who signs.
    pub school: crate::export::School,
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
            Diagnostic::whole_file("config.toml", Severity::Error, String::new())
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
                            format!("unknown key `{key}` in the config file"),
                            "known keys are: libraries, region, theme, and the [school] table",
                        )
                    })
                    .collect();
                for key in config.school.unknown.keys() {
                    warnings.push(source.diagnostic(
                        key_span(school, key),
                        Severity::Warning,
                        format!("unknown key `{key}` in the [school] table"),
                        "known keys are: name, address, phone, email, website, dsl_name, \
                         dsl_contact, sign_off_name, sign_off_role",
                    ));
                }
                if config.region.is_some() {
                    let at = value_span(top, "region");
                    config.region_at = Some(source.diagnostic(at, Severity::Error, "", ""));
                }
                if let Some(theme) = &config.theme
                    && !THEMES.contains(&theme.as_str())
                {
                    warnings.push(source.diagnostic(
                        key_span(top, "theme"),
                        Severity::Warning,
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
                    format!("config file ignored: {message}"),
                    "example: libraries = [\"/srv/school-lessons\"]\nregion = \"uk\"\ntheme = \"dark\"",
                );
                (Config::default(), vec![d])
            }
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
