//! What each CLI command does. Every command writes to the given output and returns an exit code,
//! so tests can run them in-process as well as through the binary.

mod catalogue;
mod coverage;
mod curate;
mod export;
mod keys;
mod outcome_coverage;
mod plan;
mod programme;
mod schedule;
mod validate;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::{
    Cli, Command, CoverageFormat, LibraryCommand, PlanCommand, ProgrammeCommand, ValidateFormat,
};
use crate::config::Config;
use crate::library::{
    self, Date, Diagnostic, Library, LibrarySource, LoadOptions, Severity, fields,
};
use crate::paths::{self, Paths};
use crate::tui::keymap::Keymap;

pub use catalogue::module_text;

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
    /// The planner's keys, with the config file's `[keys]` settings.
    pub keymap: Keymap,
    pub sources: Vec<LibrarySource>,
    pub options: LoadOptions,
}

impl Context {
    pub fn new(flag_libraries: &[PathBuf], env: impl Fn(&str) -> Option<OsString>) -> Context {
        let paths = Paths::resolve(&env);
        let (config, mut config_problems) = Config::load(&paths.config_file());
        let keymap = Keymap::configured(&config.key_settings);
        config_problems.extend(keymap.problems.iter().cloned());
        let sources =
            paths::library_sources(&config.libraries, env(paths::LIBRARY_VAR), flag_libraries);
        let today = env(TODAY_VAR)
            .and_then(|v| parse_date(&v.to_string_lossy()))
            .unwrap_or_else(Date::today);
        Context {
            paths,
            config,
            config_problems,
            keymap,
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
    /// The school's calendar file: `--calendar` if given, else the config's `calendar`, else
    /// `calendar.toml` in the data folder.
    pub fn calendar_path(&self, flag: Option<&Path>) -> PathBuf {
        flag.map(Path::to_path_buf)
            .or_else(|| self.config.calendar.clone())
            .unwrap_or_else(|| self.paths.calendar_file())
    }

    /// The school's programme file: `--programme` if given, else the config's `programme`,
    /// else `programme.toml` in the data folder.
    pub fn programme_path(&self, flag: Option<&Path>) -> PathBuf {
        flag.map(Path::to_path_buf)
            .or_else(|| self.config.programme.clone())
            .unwrap_or_else(|| self.paths.programme_file())
    }

    /// The school's calendar, with its warnings; or every problem that stops it dating lessons.
    pub fn calendar(
        &self,
        flag: Option<&Path>,
    ) -> Result<(crate::school_year::Calendar, Vec<Diagnostic>), Vec<Diagnostic>> {
        match crate::school_year::Calendar::load(&self.calendar_path(flag)) {
            (Some(calendar), warnings) => Ok((calendar, warnings)),
            (None, problems) => Err(problems),
        }
    }

    /// The year groups plans name: the config's `year_groups` system, else its region's.
    pub fn year_system<'l>(
        &self,
        library: &'l Library,
    ) -> Option<&'l crate::library::year_groups::YearSystem> {
        library.year_system(
            self.config.year_groups.as_deref(),
            self.config.region.as_deref(),
        )
    }

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

/// Runs a command. With no command, a plan given alone is shown as `plan show` shows it, and
/// with no plan either the modules are listed: the caller opens the planner instead when there
/// is a terminal.
///
/// What is printed for a person goes through `TerminalText`, so nothing in a library or plan
/// file can drive the terminal. Output for programs (JSON, completion scripts, the manual page)
/// keeps the text as it is (serde_json writes ESC and the other C0 controls as `\u001b` escapes).
pub fn run(cli: &Cli, context: &Context, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut err = TerminalText::new(err);
    let mut text_out;
    let out: &mut dyn Write = if writes_for_programs(cli) {
        out
    } else {
        text_out = TerminalText::new(out);
        &mut text_out
    };
    run_command(cli, context, out, &mut err)
}

/// Whether the command prints for programs (JSON, scripts, roff) rather than text for a person.
fn writes_for_programs(cli: &Cli) -> bool {
    match &cli.command {
        Some(Command::List(args)) => args.json,
        Some(Command::Show { json, .. }) => *json,
        Some(Command::Coverage(args)) => args.format() == CoverageFormat::Json,
        Some(Command::Review(args)) => args.json,
        Some(Command::Plan(
            PlanCommand::Show { json, .. }
            | PlanCommand::List { json }
            | PlanCommand::Schedule { json, .. },
        )) => *json,
        Some(Command::Programme(
            ProgrammeCommand::Show { json, .. } | ProgrammeCommand::Coverage { json, .. },
        )) => *json,
        Some(Command::Validate(args)) => args.format == ValidateFormat::Json,
        Some(Command::Completions { .. } | Command::Man { .. }) => true,
        _ => false,
    }
}

fn run_command(cli: &Cli, context: &Context, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match &cli.command {
        None => match &cli.plan {
            Some(given) => plan::show_given(context, given, out, err),
            None => catalogue::list(context, &crate::cli::ListArgs::default(), out, err),
        },
        Some(Command::List(args)) => catalogue::list(context, args, out, err),
        Some(Command::Show { id, json }) => catalogue::show(context, id, *json, out, err),
        Some(Command::Validate(args)) => validate::run(context, args, out, err),
        Some(Command::Coverage(args)) if args.outcomes => {
            outcome_coverage::run(context, args.format(), out, err)
        }
        Some(Command::Coverage(args)) => coverage::run(context, args.format(), out, err),
        Some(Command::Paths) => catalogue::paths(context, out),
        Some(Command::Keys) => keys::list(context, out),
        Some(Command::Plan(command)) => plan::run(context, command, out, err),
        Some(Command::Programme(command)) => programme::run(context, command, out, err),
        Some(Command::Export(args)) => export::run(context, args, out, err),
        Some(Command::Review(args)) => curate::review(context, args, out, err),
        Some(Command::Adapt { id, into }) => curate::adapt(context, id, into, out, err),
        Some(Command::New(args)) => curate::new_module(context, args, out, err),
        Some(Command::Library(LibraryCommand::Init { dir, force })) => {
            curate::library_init(context, dir, *force, out, err)
        }
        Some(Command::Completions { shell }) => {
            // Written whole afterwards: the generators panic if the output closes early.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "lessonplan", &mut script);
            out.write_all(&script).map(|()| EXIT_OK)
        }
        Some(Command::Man { command }) => manual_page(command, out, err),
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

/// The manual page of lessonplan, or of the command named by `path` (`plan add`), in roff.
fn manual_page(path: &[String], out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    // Built, so that each command is named as its page is (`lessonplan-plan-add`).
    let mut page = Cli::command();
    page.set_bin_name("lessonplan");
    page.build();
    for name in path {
        let Some(sub) = page.find_subcommand(name).cloned() else {
            let names: Vec<&str> = page.get_subcommands().map(|c| c.get_name()).collect();
            writeln!(
                err,
                "lessonplan: `{}` has no command `{name}`; its commands are: {}",
                page.get_bin_name().unwrap_or("lessonplan"),
                names.join(", ")
            )?;
            return Ok(EXIT_USAGE);
        };
        page = sub;
    }
    clap_mangen::Man::new(page)
        .source(format!("lessonplan {}", env!("CARGO_PKG_VERSION")))
        .render(out)?;
    Ok(EXIT_OK)
}

/// The plan a command was given (see [`paths::find_plan`]), or `None` once the error output says
/// it is not there, where plans are kept and how to list them.
fn find_plan(
    context: &Context,
    given: &Path,
    err: &mut dyn Write,
) -> std::io::Result<Option<PathBuf>> {
    match paths::find_plan(given, &context.paths.plans_dir()) {
        Ok(found) => Ok(Some(found)),
        Err(looked) => {
            writeln!(err, "{}", no_such_plan(context, given, &looked))?;
            Ok(None)
        }
    }
}

fn no_such_plan(context: &Context, given: &Path, looked: &[PathBuf]) -> String {
    let missing = if paths::is_bare_name(given) {
        let mut names: Vec<String> = looked
            .iter()
            .filter_map(|path| path.file_name())
            .map(|name| name.to_string_lossy().into_owned())
            .collect();
        names.sort();
        names.dedup();
        format!(
            "there is no plan `{}` in this folder or the plans folder (looked for {})",
            given.display(),
            names.join(" and ")
        )
    } else {
        format!("there is no plan at {}", given.display())
    };
    format!(
        "lessonplan: {missing}. Plans are kept in {}; `lessonplan plan list` lists them",
        context.paths.plans_dir().display()
    )
}

/// The plan given alone, as in `lessonplan year5`, or `None` once the error output says it is
/// neither a plan nor a command.
pub fn find_plan_given_alone(
    context: &Context,
    given: &Path,
    err: &mut dyn Write,
) -> std::io::Result<Option<PathBuf>> {
    let looked = match paths::find_plan(given, &context.paths.plans_dir()) {
        Ok(found) => return Ok(Some(found)),
        Err(looked) => looked,
    };
    writeln!(err, "{}", no_such_plan(context, given, &looked))?;
    if paths::is_bare_name(given) {
        let word = given.to_string_lossy();
        let command = Cli::command();
        let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        match fields::closest(&word, &names) {
            Some(near) => writeln!(
                err,
                "`{word}` is not a command either; did you mean `{near}`?"
            )?,
            None => writeln!(
                err,
                "`{word}` is not a command either; `lessonplan --help` lists the commands"
            )?,
        }
    }
    Ok(None)
}

/// Text for a person at a terminal. Control characters other than line breaks and tabs are
/// shown, not sent: a title holding `ESC ]0;...BEL` would otherwise retitle the window, `ESC [2J`
/// clear the screen, and OSC 52 write to the clipboard. C0 characters and DEL are shown in caret
/// notation as `cat -v` and `less` show them (`ESC` as `^[`), the 8-bit C1 ones as `\u{9b}`.
struct TerminalText<W: Write> {
    inner: W,
    /// The first byte of a two-byte UTF-8 character that may be a C1 control, when a write
    /// ended on it.
    pending_c2: bool,
}

impl<W: Write> TerminalText<W> {
    fn new(inner: W) -> Self {
        TerminalText {
            inner,
            pending_c2: false,
        }
    }
}

/// The lead byte of U+0080 to U+00BF in UTF-8; C1 controls are U+0080 to U+009F.
const C2: u8 = 0xC2;

impl<W: Write> Write for TerminalText<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut shown = Vec::with_capacity(bytes.len());
        for &byte in bytes {
            if self.pending_c2 {
                self.pending_c2 = false;
                if (0x80..=0x9F).contains(&byte) {
                    shown.extend(format!("\\u{{{byte:x}}}").bytes());
                    continue;
                }
                shown.push(C2);
            }
            match byte {
                C2 => self.pending_c2 = true,
                b'\n' | b'\t' => shown.push(byte),
                0x7F => shown.extend(b"^?"),
                control if control < 0x20 => shown.extend([b'^', control + 0x40]),
                _ => shown.push(byte),
            }
        }
        self.inner.write_all(&shown)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalText<W> {
    /// A character cut short at the end of the output is written as it was.
    fn drop(&mut self) {
        if self.pending_c2 {
            let _ = self.inner.write_all(&[C2]);
        }
    }
}

/// Every problem, as a compiler prints them.
fn report(problems: &[Diagnostic], err: &mut dyn Write) -> std::io::Result<()> {
    for problem in problems {
        write!(err, "{problem}")?;
    }
    Ok(())
}

/// After a command that used the library, a one-line reminder of any load problems.
fn mention_problems(library: &Library, err: &mut dyn Write) -> std::io::Result<()> {
    let errors = library.count(Severity::Error);
    let warnings = library.count(Severity::Warning);
    if errors + warnings > 0 {
        writeln!(
            err,
            "note: the library has {} and {}; run `lessonplan validate` to see them",
            crate::words::count(errors, "error"),
            crate::words::count(warnings, "warning")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_shows_control_characters_and_keeps_other_text() {
        let mut shown = Vec::new();
        {
            let mut out = TerminalText::new(&mut shown);
            // A C1 control split across two writes, beside ¢ and é that share its lead byte.
            out.write_all("a\u{1b}]0;x\u{7}\tb\r\n\u{7f}¢é\u{0}".as_bytes())
                .unwrap();
            out.write_all(&[0xC2]).unwrap();
            out.write_all(&[0x9B, b'2', b'J']).unwrap();
        }
        assert_eq!(
            String::from_utf8(shown).unwrap(),
            "a^[]0;x^G\tb^M\n^?¢é^@\\u{9b}2J"
        );
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(crate::words::count(0, "item"), "0 items");
        assert_eq!(crate::words::count(1, "item"), "1 item");
        assert_eq!(crate::words::count(2, "error"), "2 errors");
    }

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
