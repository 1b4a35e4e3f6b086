use std::io::IsTerminal;
use std::process::ExitCode;

use lessonplan::cli::Cli;
use lessonplan::commands::{self, Context};
use lessonplan::tui::{self, theme::ThemeName};

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let context = Context::new(&cli.libraries, |name| std::env::var_os(name));
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if cli.command.is_none() && interactive {
        // A plan that is not there is said before the screen is taken over.
        let open_plan = match &cli.plan {
            Some(given) => {
                match commands::find_plan_given_alone(&context, given, &mut std::io::stderr()) {
                    Ok(Some(found)) => Some(found),
                    _ => return ExitCode::from(commands::EXIT_PROBLEM),
                }
            }
            None => None,
        };
        let theme = context
            .config
            .theme
            .as_deref()
            .and_then(ThemeName::parse)
            .unwrap_or_default();
        // The planner comes up at once and reads the library behind its first frame.
        let library = lessonplan::library::Library::unloaded(&context.sources, &context.options);
        let mut config_problems = context.config_problems.clone();
        // A school without a calendar yet plans undated; one whose calendar has mistakes sees
        // them with the library's problems.
        let calendar_file = context.calendar_path(None);
        let calendar = if calendar_file.exists() {
            let (calendar, problems) = lessonplan::school_year::Calendar::load(&calendar_file);
            config_problems.extend(problems);
            calendar
        } else {
            None
        };
        let settings = tui::Settings {
            plans_dir: context.paths.plans_dir(),
            exports_dir: context.paths.exports_dir(),
            theme,
            region: context.config.region.clone().unwrap_or_else(|| "uk".into()),
            year_groups: context.config.year_groups.clone(),
            calendar,
            programme_file: context.programme_path(None),
            school: context.config.school.clone(),
            config_file: context.paths.config_file(),
            config_problems,
            config: context.config.clone(),
            today: context.options.today,
            open_plan,
            keymap: context.keymap.clone(),
        };
        return match tui::run(library, settings) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("lessonplan: the terminal could not be used: {error}");
                ExitCode::FAILURE
            }
        };
    }
    // Without a terminal (piped, scripted) there is no planner to open: a plan given alone is
    // shown, and without one the modules are listed.
    let code = commands::run(
        &cli,
        &context,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
