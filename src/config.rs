//! The user's config file (`config.toml` in the config folder). Every key is optional.

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    /// Keys this version does not know, reported as warnings.
    #[serde(flatten)]
    pub unknown: toml::Table,
}

impl Config {
    /// Reads the config file; a missing file is an empty config. Problems are returned as
    /// diagnostics alongside whatever could be read.
    pub fn load(path: &Path) -> (Config, Vec<Diagnostic>) {
        let display = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
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
                .with_hint("fix the file's permissions or encoding (UTF-8), or remove it");
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
                let mut warnings: Vec<Diagnostic> = config
                    .unknown
                    .keys()
                    .map(|key| {
                        let at = text.find(key.as_str()).unwrap_or(0);
                        source.diagnostic(
                            at..at + key.len(),
                            Severity::Warning,
                            format!("unknown key `{key}` in the config file"),
                            "known keys are: libraries, region, theme",
                        )
                    })
                    .collect();
                if let Some(theme) = &config.theme
                    && !THEMES.contains(&theme.as_str())
                {
                    let at = text.find("theme").unwrap_or(0);
                    warnings.push(source.diagnostic(
                        at..at + "theme".len(),
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
    fn a_missing_config_is_empty_and_silent() {
        let (config, problems) = Config::load(Path::new("/nonexistent/config.toml"));
        assert_eq!(config, Config::default());
        assert!(problems.is_empty());
    }
}
