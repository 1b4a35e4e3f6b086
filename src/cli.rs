//! Command-line definitions (clap). Behaviour lives in `commands`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, CommandFactory, Parser, Subcommand};

/// How a plan is named on the command line, for every help text that takes one.
const PLAN_HELP: &str =
    "The plan: a path, or a name alone (e.g. year5), looked for here, then in the plans folder";

#[derive(Debug, Parser)]
#[command(
    name = "lessonplan",
    version,
    about = "Plan age-appropriate online-safety lessons and print the handouts",
    long_about = "Plan age-appropriate online-safety lessons and print the handouts.\n\n\
        With no command, opens the full-screen planner on the most recent plan, or on PLAN if \
        given. The bundled lesson library is always loaded; add your school's folders with \
        --library, LESSONPLAN_LIBRARY or the config file (see `lessonplan paths`).\n\n\
        A plan is named by its path, or by its name alone (`year5` or `year5.toml`): a file of \
        that name in the current folder if there is one, else the plan of that name in the \
        plans folder.",
    override_usage = "lessonplan [OPTIONS] [PLAN]\n       lessonplan [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    /// Also load lesson modules from this folder (repeatable; later folders win on equal ids)
    #[arg(long = "library", short = 'L', value_name = "DIR", global = true)]
    pub libraries: Vec<PathBuf>,

    /// A plan to open in the planner (a path, or a name in the plans folder); without a
    /// terminal, it is shown as `lessonplan plan show` shows it
    #[arg(value_name = "PLAN")]
    pub plan: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Parses the process's arguments, exiting with clap's usage message (exit 2) on misuse.
    pub fn parse_args() -> Cli {
        let cli = Cli::parse();
        // Not declared to clap: a positional that conflicts with subcommands would make clap take
        // `lessonplan -L DIR list` as the plan `list`.
        if let (Some(plan), Some(_)) = (&cli.plan, &cli.command) {
            Cli::command()
                .error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "a plan ({}) cannot come before a command; commands that work on a plan \
                         take it after the command, e.g. `lessonplan plan show {0}`",
                        plan.display()
                    ),
                )
                .exit();
        }
        cli
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List modules, optionally filtered
    List(ListArgs),
    /// Show one module in full
    Show {
        /// The module's id (see `lessonplan list`)
        id: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Check library folders or files and report every problem (exit 1 on any error)
    ///
    /// A folder is checked as a library, against the bundled framework and services. A single
    /// .toml file (a module, services.toml, framework.toml or synonyms.toml) is checked against
    /// the configured library it is in, or, in none, against the bundled framework and
    /// services; the output says which. Exit codes: 0 no errors (warnings allowed), 1 errors,
    /// 2 a mistake in the command.
    Validate(ValidateArgs),
    /// Count modules and minutes for each age band and strand, to find gaps
    ///
    /// A module with several strands is counted in each of its strands, so a band's strands
    /// can add up to more than the band has; the total row counts each module once.
    Coverage(CoverageArgs),
    /// Show where configuration, plans and libraries are read from
    Paths,
    /// List the planner's keys: every action's name (as the config file's [keys] table calls
    /// it), its keys now and what it does
    Keys,
    /// Create and edit lesson plan files
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Print a plan's handouts: teacher plan, resource sheets, student handout, parent/carer letter
    Export(ExportArgs),
    /// Plan the school's year: which plan each year group is taught in which term
    ///
    /// The programme (programme.toml) places plans with year groups and terms of the school's
    /// calendar (calendar.toml); see docs/file-formats.md. Exit codes: 0 done, 1 a problem with
    /// a file (or, for `check`, any error in the programme), 2 a mistake in the command.
    #[command(subcommand)]
    Programme(ProgrammeCommand),
    /// List modules by when their review is due, or record a review in a module's file
    ///
    /// Without --approve, --retire or --draft, lists the modules, overdue first, then by due
    /// date. Those three change the `[review]` table of the file the module was loaded from,
    /// keeping the rest of the file as it is; the bundled modules cannot be changed (copy one
    /// with `lessonplan adapt` first).
    Review(ReviewArgs),
    /// Copy a bundled module into a library folder of your own, to change it there
    ///
    /// The copy keeps the bundled module's id, so it replaces the bundled module wherever the
    /// folder is one of your library folders (`--library DIR` or `libraries` in the config).
    Adapt {
        /// The bundled module's id (see `lessonplan list`)
        id: String,
        /// The library folder to copy it into (made if missing); the copy goes in the age
        /// band's subfolder, as in the bundled library
        #[arg(long, value_name = "DIR")]
        into: PathBuf,
    },
    /// Write a new module from a commented template, as a draft
    New(NewArgs),
    /// Set up a library folder for a school or trust
    #[command(subcommand)]
    Library(LibraryCommand),
    /// Print a shell completion script (e.g. `lessonplan completions bash`)
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `lessonplan man > ~/.local/share/man/man1/lessonplan.1`
    Man {
        /// A command to print the page of instead (e.g. `plan add`, whose page is
        /// lessonplan-plan-add)
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Library folders or .toml files to check; without any, checks every configured library
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// text for people; json for editors and CI (one document, described in docs/validate.md)
    #[arg(long, value_enum, default_value = "text")]
    pub format: ValidateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// table for the terminal, md for documents, csv for spreadsheets, json for programs
    #[arg(long, value_enum, default_value = "table")]
    pub format: CoverageFormat,
    /// The same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// List every outcome statement with the modules that teach it, instead of the grid, to
    /// find outcomes no module teaches
    #[arg(long)]
    pub outcomes: bool,
}

impl CoverageArgs {
    pub fn format(&self) -> CoverageFormat {
        if self.json {
            CoverageFormat::Json
        } else {
            self.format
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    Table,
    Md,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(help = PLAN_HELP)]
    pub plan: PathBuf,
    /// Which handouts (repeatable); all of them unless given (resource sheets only where the
    /// lessons have some)
    #[arg(long = "handout", value_enum, value_name = "WHICH")]
    pub handouts: Vec<HandoutArg>,
    /// The file format; default: from the --out name's ending (.pdf, .html, .md), else pdf
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Whose help services to list (e.g. uk, ie, au, nz, us); default from the config, else uk
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// The paper size, for PDF
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    /// Bigger type and more space, for readers with low vision
    #[arg(long)]
    pub large_print: bool,
    /// Where to write (its folder must exist); default: named after the plan's title, in the
    /// exports folder for a plan in the plans folder, else beside the plan
    #[arg(long, short = 'o', value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
    /// Print without the plan's modules that no loaded library has (the teacher plan lists
    /// them), instead of stopping
    #[arg(long)]
    pub skip_missing: bool,
    /// End the parent/carer letter with a reply slip to cut off and return
    #[arg(long)]
    pub reply_slip: bool,
    /// Start each session of the teacher plan on a new page
    #[arg(long)]
    pub session_per_page: bool,
    /// Write the lesson dates as a calendar file (.ics) to import into Outlook or Google
    /// Calendar, instead of handouts; also chosen by an --out name ending in .ics
    #[arg(long, conflicts_with_all = ["handouts", "format", "large_print", "reply_slip", "session_per_page"])]
    pub ics: bool,
    /// The school's calendar of terms and closures, which dates the lessons; default from the config, else
    /// calendar.toml in the data folder
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
}

/// The school's files a programme command reads.
#[derive(Debug, Default, Args)]
pub struct SchoolFiles {
    /// The programme file; default: the config's `programme`, else programme.toml in the data
    /// folder
    #[arg(long, value_name = "FILE")]
    pub programme: Option<PathBuf>,
    /// The school's calendar of terms; default: the config's `calendar`, else calendar.toml in
    /// the data folder
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ProgrammeCommand {
    /// Create an empty programme file
    New {
        /// The programme's title, e.g. "Online safety programme 2026-27"
        #[arg(long)]
        title: Option<String>,
        /// Replace the file if it already exists
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        files: SchoolFiles,
    },
    /// Show the programme: each year group's plans and their lessons, term by term
    Show {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        files: SchoolFiles,
    },
    /// Place a plan with a year group in a term
    ///
    /// The year group is one of the school's system (see `lessonplan paths` for the config
    /// that chooses it), the term one of the calendar's; the plan file must exist and be for
    /// that year group.
    Add {
        /// The year group, e.g. "Year 5" or Y5
        #[arg(value_name = "YEAR_GROUP")]
        year_group: String,
        /// The term, as the calendar names it, e.g. "Autumn 1"
        #[arg(value_name = "TERM")]
        term: String,
        #[arg(help = PLAN_HELP)]
        plan: PathBuf,
        #[command(flatten)]
        files: SchoolFiles,
    },
    /// Take a plan out of a year group's term
    Remove {
        /// The year group, e.g. "Year 5" or Y5
        #[arg(value_name = "YEAR_GROUP")]
        year_group: String,
        /// The term, as the calendar names it, e.g. "Autumn 1"
        #[arg(value_name = "TERM")]
        term: String,
        /// The plan as the programme names it (`programme show` lists them)
        #[arg(value_name = "PLAN")]
        plan: String,
        #[command(flatten)]
        files: SchoolFiles,
    },
    /// What each year group is taught in each strand, the strands an age band never reaches,
    /// lessons out of order, and the sensitive lessons with their dates and DSL briefings
    Coverage {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        files: SchoolFiles,
    },
    /// Check the programme against the year groups, the calendar and its plans (exit 1 on
    /// errors)
    Check {
        #[command(flatten)]
        files: SchoolFiles,
    },
    /// Print the long-term plan or the coverage report, for governors and inspectors
    #[command(group(ArgGroup::new("document").required(true)))]
    Export {
        /// The one-page long-term plan: year groups by terms, the lessons in each
        #[arg(long, group = "document")]
        long_term_plan: bool,
        /// The coverage report: minutes per year group and strand, gaps, progression and
        /// sensitive lessons
        #[arg(long, group = "document")]
        coverage: bool,
        /// Where to write: a .pdf, .html or .md file (its folder must exist)
        #[arg(long, short = 'o', value_name = "PATH")]
        out: PathBuf,
        /// The paper size, for PDF
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Replace the output file if it exists
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        files: SchoolFiles,
    },
}

#[derive(Debug, Default, Args)]
#[command(group(ArgGroup::new("change").args(["approve", "retire", "draft"])))]
pub struct ReviewArgs {
    /// Library folders to list or look in; without any, every configured library
    #[arg(value_name = "DIRS")]
    pub dirs: Vec<PathBuf>,
    /// Only modules for this age band (e.g. 7-11)
    #[arg(long, value_name = "BAND", conflicts_with = "change")]
    pub age: Option<String>,
    /// Print JSON instead of a table
    #[arg(long, conflicts_with = "change")]
    pub json: bool,
    /// Record that this module was checked and approved (with --by)
    #[arg(long, value_name = "ID", requires = "by")]
    pub approve: Option<String>,
    /// Mark this module retired: no longer taught, and never due for review
    #[arg(long, value_name = "ID")]
    pub retire: Option<String>,
    /// Mark this module a draft again: changed, and waiting for approval
    #[arg(long, value_name = "ID")]
    pub draft: Option<String>,
    /// Who reviewed it: a name or a role (with --approve)
    #[arg(long, value_name = "NAME", requires = "approve")]
    pub by: Option<String>,
    /// The day it was reviewed, YYYY-MM-DD (with --approve); default: today
    #[arg(long, value_name = "DATE", requires = "approve")]
    pub on: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The age band it is for (e.g. 7-11)
    #[arg(long, value_name = "BAND")]
    pub age: String,
    /// Its main strand (e.g. online-relationships)
    #[arg(long, value_name = "ID")]
    pub strand: String,
    /// Its title
    #[arg(long)]
    pub title: String,
    /// The library folder to write it in (made if missing); it goes in the age band's
    /// subfolder. Default: the current folder
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Its id; default: made from the title and age band (e.g. group-chats-7-11)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LibraryCommand {
    /// Make a library folder: a README for staff, an example module, a services.toml, a git
    /// pre-commit hook that validates, and a CI example
    Init {
        /// The folder to make (it must be empty or missing, unless --force)
        dir: PathBuf,
        /// Add only the files that are missing to a folder that is not empty
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HandoutArg {
    Teacher,
    Student,
    Parent,
    /// The lessons' printable cards, chats, worksheets and exit tickets
    Resources,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Pdf,
    Html,
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Debug, Default, Args)]
pub struct ListArgs {
    /// Only modules for this age band (e.g. 7-11)
    #[arg(long, value_name = "BAND")]
    pub age: Option<String>,
    /// Only modules in this strand (e.g. online-relationships)
    #[arg(long, value_name = "ID")]
    pub strand: Option<String>,
    /// Only modules whose title, keywords, vocabulary or summary have every word (typos and
    /// synonyms count), best match first
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only sensitive modules
    #[arg(long, conflicts_with = "standard")]
    pub sensitive: bool,
    /// Only standard (not sensitive) modules
    #[arg(long)]
    pub standard: bool,
    /// Also list retired modules (no longer taught), which are left out otherwise
    #[arg(long)]
    pub retired: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Create a new, empty plan file
    New {
        /// Where to save the plan: a path, or a name alone (e.g. year5), which makes it in the
        /// plans folder
        file: PathBuf,
        /// The plan's title
        #[arg(long, default_value = "Online safety")]
        title: String,
        /// The class, e.g. 5B
        #[arg(long)]
        group: Option<String>,
        /// The year group in the school's own system, e.g. "Year 5" or P4; sets the age band
        #[arg(long, value_name = "YEAR")]
        year: Option<String>,
        /// The group's age band, e.g. 7-11
        #[arg(long, value_name = "BAND")]
        age: Option<String>,
        /// How long one lesson (slot) is, in minutes: the plan is laid into sessions that fit
        #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(5..=480))]
        lesson: Option<u32>,
        /// Who teaches it
        #[arg(long)]
        teacher: Option<String>,
        /// Replace the file if it already exists
        #[arg(long)]
        force: bool,
    },
    /// List the plans in the plans folder, newest first
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Add modules to the end of a plan (or at a position)
    Add {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// Module ids, in teaching order
        #[arg(required = true)]
        modules: Vec<String>,
        /// Insert at this position (1 = first) instead of the end
        #[arg(long, value_name = "N")]
        at: Option<usize>,
    },
    /// Remove the item at a position (1 = first)
    Remove {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// The item's position (1 = first)
        position: usize,
    },
    /// Move an item from one position to another (1 = first)
    Move {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// The item's position now (1 = first)
        from: usize,
        /// The position it moves to
        to: usize,
    },
    /// Set (or clear, with "") the note on an item
    Note {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// The item's position (1 = first)
        position: usize,
        /// The note; "" clears it
        text: String,
    },
    /// Leave out, shorten or restore one activity of an item, in this plan only
    ///
    /// The module is never changed; the plan's totals and handouts use what the item keeps.
    #[command(group(ArgGroup::new("how").required(true)))]
    Activity {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// The item's position (1 = first)
        position: usize,
        /// The activity's number in its module (1 = first), as `plan show` lists them
        activity: usize,
        /// Leave the activity out of this lesson
        #[arg(long, group = "how")]
        leave_out: bool,
        /// Give the activity fewer minutes in this lesson
        #[arg(long, value_name = "MINUTES", group = "how", value_parser = clap::value_parser!(u32).range(1..))]
        minutes: Option<u32>,
        /// Teach the activity as the module has it
        #[arg(long, group = "how")]
        restore: bool,
    },
    /// Change a plan's title, group, age band, teacher or notes
    ///
    /// "" clears any of them but the title. A file named after the old title (as new plans are
    /// named) is renamed after the new one, never over another file; a name you chose is kept.
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Set {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// The plan's title
        #[arg(long, group = "change")]
        title: Option<String>,
        /// The class, e.g. 5B
        #[arg(long, group = "change")]
        group: Option<String>,
        /// The year group in the school's own system, e.g. "Year 5" or P4; sets the age band
        #[arg(long, value_name = "YEAR", group = "change")]
        year: Option<String>,
        /// The group's age band, e.g. 7-11
        #[arg(long, value_name = "BAND", group = "change")]
        age: Option<String>,
        /// How long one lesson (slot) is, in minutes, 5 to 480; "" clears it
        #[arg(long, value_name = "MINUTES", group = "change")]
        lesson: Option<String>,
        /// Who teaches it
        #[arg(long, group = "change")]
        teacher: Option<String>,
        /// Notes on the whole plan
        #[arg(long, group = "change")]
        notes: Option<String>,
    },
    /// Show or set when a group has its lessons, and the date of every session
    ///
    /// The weekly slot (day, time) and the first term, with the plan's lesson length and the
    /// school's calendar (calendar.toml: terms, half-terms and closures), date each session.
    /// With no change, prints the dates.
    Schedule {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// The day of the week of the group's lesson, e.g. Tuesday
        #[arg(long, value_name = "DAY")]
        day: Option<String>,
        /// When the lesson starts, on the 24-hour clock, e.g. 10:45; "" clears it
        #[arg(long, value_name = "HH:MM")]
        time: Option<String>,
        /// The calendar's term the lessons begin in, e.g. "Spring 1"; "" clears it
        #[arg(long, value_name = "TERM")]
        term: Option<String>,
        /// The first day a lesson may fall on (YYYY-MM-DD), if not the term's first; "" clears it
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Remove the weekly slot (and the slots marked lost)
        #[arg(long, conflicts_with_all = ["day", "time", "term", "from"])]
        clear: bool,
        /// The school's calendar file (default: the config's `calendar`, else calendar.toml in
        /// the data folder)
        #[arg(long, value_name = "FILE")]
        calendar: Option<PathBuf>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Move a lost session (a trip, an assembly) and every later one on to the next slot
    ///
    /// The slot's date is kept in the plan as lost; `--restore DATE` gives it back.
    #[command(group(ArgGroup::new("which").required(true)))]
    Bump {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// The session that is lost, numbered from 1 as `plan schedule` lists them
        #[arg(group = "which")]
        session: Option<usize>,
        /// Why it is lost, e.g. "Trip to the museum"
        #[arg(long, value_name = "TEXT", conflicts_with = "restore")]
        reason: Option<String>,
        /// Give back a slot marked lost, by its date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", group = "which")]
        restore: Option<String>,
        /// The school's calendar file
        #[arg(long, value_name = "FILE")]
        calendar: Option<PathBuf>,
    },
    /// Record that the Designated Safeguarding Lead was briefed on a lesson
    Brief {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// The item's position (1 = first)
        position: usize,
        /// The day of the briefing (YYYY-MM-DD; default today)
        #[arg(long, value_name = "DATE", conflicts_with = "clear")]
        on: Option<String>,
        /// Remove the record
        #[arg(long)]
        clear: bool,
    },
    /// Show a plan with timings and checks
    Show {
        #[arg(help = PLAN_HELP)]
        file: PathBuf,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_positional_argument_says_what_it_is() {
        fn check(command: &clap::Command, path: &str) {
            for arg in command.get_positionals() {
                assert!(
                    arg.get_help().is_some(),
                    "`{path}` has no help for <{}>",
                    arg.get_id()
                );
            }
            for sub in command.get_subcommands() {
                check(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        check(&Cli::command(), "lessonplan");
    }
}
