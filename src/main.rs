use std::process::ExitCode;

use clap::Parser;
use lessonplan::cli::Cli;
use lessonplan::commands::{self, Context};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let context = Context::new(&cli.libraries, |name| std::env::var_os(name));
    let code = commands::run(
        &cli,
        &context,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
