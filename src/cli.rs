//! Command-line definitions (clap). Behaviour lives in `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "lessonplan",
    version,
    about = "Plan age-appropriate online-safety lessons and print the handouts",
    long_about = "Plan age-appropriate online-safety lessons and print the handouts.\n\n\
        With no command, opens the full-screen planner. The bundled lesson library is always \
        loaded; add your school's folders with --library, LESSONPLAN_LIBRARY or the config file \
        (see `lessonplan paths`)."
)]
pub struct Cli {
    /// Also load lesson modules from this folder (repeatable; later folders win on equal ids)
    #[arg(long = "library", short = 'L', value_name = "DIR", global = true)]
    pub libraries: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List modules, optionally filtered
    List(ListArgs),
    /// Show one module in full
    Show {
        /// The module id (see `lessonplan list`)
        id: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Check library folders and report every problem (exit 1 on any error)
    Validate {
        /// Library folders to check; without any, checks every configured library
        dirs: Vec<PathBuf>,
    },
    /// Count modules for each age band and strand, to find gaps
    Coverage {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Show where configuration, plans and libraries are read from
    Paths,
    /// Create and edit lesson plan files
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Print a plan's handouts: teacher plan, student handout, parent/carer letter
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The plan file (.toml)
    pub plan: PathBuf,
    /// Which handouts (repeatable); all three unless given
    #[arg(long = "handout", value_enum, value_name = "WHICH")]
    pub handouts: Vec<HandoutArg>,
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: FormatArg,
    /// Whose help services to list (e.g. uk, ie, au, nz, us); default from the config, else uk
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    /// Bigger type and more space, for readers with low vision
    #[arg(long)]
    pub large_print: bool,
    /// Where to write; default: beside the plan, named after its title
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HandoutArg {
    Teacher,
    Student,
    Parent,
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
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Create a new, empty plan file
    New {
        /// Where to save the plan (a .toml file)
        file: PathBuf,
        #[arg(long, default_value = "Online safety")]
        title: String,
        /// Class or year group, e.g. 5B
        #[arg(long)]
        group: Option<String>,
        /// The group's age band, e.g. 7-11
        #[arg(long, value_name = "BAND")]
        age: Option<String>,
        #[arg(long)]
        teacher: Option<String>,
        /// Replace the file if it already exists
        #[arg(long)]
        force: bool,
    },
    /// Add modules to the end of a plan (or at a position)
    Add {
        file: PathBuf,
        /// Module ids, in teaching order
        #[arg(required = true)]
        modules: Vec<String>,
        /// Insert at this position (1 = first) instead of the end
        #[arg(long, value_name = "N")]
        at: Option<usize>,
    },
    /// Remove the item at a position (1 = first)
    Remove { file: PathBuf, position: usize },
    /// Move an item from one position to another (1 = first)
    Move {
        file: PathBuf,
        from: usize,
        to: usize,
    },
    /// Set (or clear, with "") the note on an item
    Note {
        file: PathBuf,
        position: usize,
        text: String,
    },
    /// Show a plan with timings and checks
    Show {
        file: PathBuf,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}
