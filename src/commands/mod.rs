//! What each CLI command does. Every command writes to the given output and returns an exit code,
//! so tests can run them in-process as well as through the binary.

mod catalogue;
mod export;
mod plan;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::library::{self, Date, Diagnostic, Library, LibrarySource, LoadOptions, Severity};
use crate::paths::{self, Paths};

pub use catalogue::{coverage_table, module_text};

/// Exit codes: 0 success, 1 a problem with the input (bad file, unknown id), 2 misuse.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEM: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Lets checks of review dates be reproduced as of a given day (`YYYY-MM-DD`).
pub const TODAY_VAR: &str = "LESSONPLAN_TODAY";

/// Everything resolved before a command runs: folders, config, and which libraries to load.
pub struct Context {
    pub paths: Paths,
    pub config: Config,
    pub config_problems: Vec<Diagnostic>,
    pub sources: Vec<LibrarySource>,
    pub options: LoadOptions,
}

impl Context {
    pub fn new(flag_libraries: &[PathBuf], env: impl Fn(&str) -> Option<OsString>) -> Context {
        let paths = Paths::resolve(&env);
        let (config, config_problems) = Config::load(&paths.config_file());
        let sources =
            paths::library_sources(&config.libraries, env(paths::LIBRARY_VAR), flag_libraries);
        let today = env(TODAY_VAR)
            .and_then(|v| parse_date(&v.to_string_lossy()))
            .unwrap_or_else(Date::today);
        Context {
            paths,
            config,
            config_problems,
            sources,
            options: LoadOptions {
                today,
                ..LoadOptions::default()
            },
        }
    }

    pub fn load(&self) -> Library {
        let mut library = library::load(&self.sources, &self.options);
        library
            .diagnostics
            .extend(self.config_problems.iter().cloned());
        library
    }
}

impl Context {
    /// Whose help services handouts list: `--region` if given, else the config's `region`, else
    /// `uk`; matched in any case against the regions the libraries have services for. An unknown
    /// region is an error that says where it was set and lists the known ones.
    pub fn region(&self, flag: Option<&str>, library: &Library) -> Result<String, String> {
        let known = library.regions();
        if let Some(flag) = flag {
            return library.region(flag).map(String::from).ok_or_else(|| {
                format!(
                    "lessonplan: no help services are known for region `{flag}` (from --region); use one of: {}",
                    known.join(", ")
                )
            });
        }
        match self.config.checked_region(&known) {
            Ok(Some(region)) => Ok(region),
            Ok(None) => Ok("uk".to_string()),
            Err(problem) => Err(problem.to_string()),
        }
    }
}

fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-').map(str::parse::<u16>);
    let (year, month, day) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date {
        year,
        month: month as u8,
        day: day as u8,
    })
}

/// Runs a command. `None` (no command) is handled by the caller, which opens the TUI.
pub fn run(cli: &Cli, context: &Context, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match &cli.command {
        None => catalogue::list(context, &crate::cli::ListArgs::default(), out, err),
        Some(Command::List(args)) => catalogue::list(context, args, out, err),
        Some(Command::Show { id, json }) => catalogue::show(context, id, *json, out, err),
        Some(Command::Validate { dirs }) => catalogue::validate(context, dirs, out),
        Some(Command::Coverage { json }) => catalogue::coverage(context, *json, out, err),
        Some(Command::Paths) => catalogue::paths(context, out),
        Some(Command::Plan(command)) => plan::run(context, command, out, err),
        Some(Command::Export(args)) => export::run(context, args, out, err),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // Output closed early (e.g. piped into `head`): nothing more to say.
            if error.kind() != std::io::ErrorKind::BrokenPipe {
                let _ = writeln!(err, "lessonplan: {error}");
            }
            EXIT_PROBLEM
        }
    }
}

/// After a command that used the library, a one-line reminder of any load problems.
fn mention_problems(library: &Library, err: &mut dyn Write) -> std::io::Result<()> {
    let errors = library.count(Severity::Error);
    let warnings = library.count(Severity::Warning);
    if errors + warnings > 0 {
        writeln!(
            err,
            "note: the library has {errors} error(s) and {warnings} warning(s); run `lessonplan validate` to see them"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_date("2027-01-31"),
            Some(Date {
                year: 2027,
                month: 1,
                day: 31
            })
        );
        assert_eq!(parse_date("2027-13-01"), None);
        assert_eq!(parse_date("soon"), None);
    }
}
