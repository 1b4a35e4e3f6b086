//! What the fuzz targets check, shared with the bounded run in `cargo test` (which includes this
//! file from `tests/fuzz_loaders.rs`), so that both hold the loaders to the same rules: nothing
//! panics, every problem is located in the file it is about, and nothing is loaded that the
//! checks should have refused.

use std::path::PathBuf;
use std::sync::OnceLock;

use lessonplan::config::Config;
use lessonplan::library::fields::LINE_MAX_CHARS;
use lessonplan::library::{self, Date, Diagnostic, Library, LibrarySource, LoadOptions};
use lessonplan::plan::Plan;

/// The day review dates are compared with, fixed so that every run can be repeated.
pub const TODAY: Date = Date {
    year: 2026,
    month: 12,
    day: 2,
};

/// A folder the checks write their files into: one library folder, plan and config file,
/// rewritten for each input.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }
}

impl Scratch {
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("writing into the temporary folder");
        path
    }

    fn library_folder(&self, kind: LibraryFile) -> PathBuf {
        let folder = self
            .dir
            .path()
            .join(kind.file_name().trim_end_matches(".toml"));
        std::fs::create_dir_all(&folder).expect("a library folder");
        folder
    }
}

/// The bundled library, loaded once.
pub fn bundled() -> &'static Library {
    static BUNDLED: OnceLock<Library> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        Library::bundled(&LoadOptions {
            today: TODAY,
            bundled_modules: true,
        })
    })
}

/// The three kinds of file a library folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibraryFile {
    Module,
    Services,
    Framework,
}

impl LibraryFile {
    pub fn file_name(self) -> &'static str {
        match self {
            LibraryFile::Module => "fuzzed-module.toml",
            LibraryFile::Services => "services.toml",
            LibraryFile::Framework => "framework.toml",
        }
    }
}

/// Loads `bytes` as the one file of a school's library folder, after the bundled library, the
/// way `lessonplan validate DIR` does, and checks what came of it.
pub fn check_library_file(scratch: &Scratch, kind: LibraryFile, bytes: &[u8]) {
    let folder = scratch.library_folder(kind);
    let path = folder.join(kind.file_name());
    std::fs::write(&path, bytes).expect("writing into the temporary folder");
    let options = LoadOptions {
        today: TODAY,
        bundled_modules: false,
    };
    let library = library::load(
        &[LibrarySource::Bundled, LibrarySource::Folder(folder)],
        &options,
    );
    let display = path.display().to_string();
    let text = as_text(bytes);
    for problem in &library.diagnostics {
        assert_eq!(
            problem.file, display,
            "a problem reported against another file:\n{problem}"
        );
        assert_located(problem, &text);
    }
    let has_errors = library.diagnostics.iter().any(Diagnostic::is_error);
    let table = parsed(bytes);
    if table.is_none() {
        assert!(
            has_errors,
            "a file that is not TOML loaded without an error"
        );
    }
    match kind {
        LibraryFile::Module => check_module(&library, &display, has_errors),
        LibraryFile::Services => check_services(&library, &display, has_errors, table.as_ref()),
        LibraryFile::Framework => check_framework(&library, has_errors, table.as_ref()),
    }
}

/// A module loads exactly when it has no errors, and what loads keeps within the limits.
fn check_module(library: &Library, display: &str, has_errors: bool) {
    let loaded = library.modules.iter().find(|m| m.file == display);
    assert_eq!(
        loaded.is_some(),
        !has_errors,
        "a module loads exactly when it has no errors: {:#?}",
        library.diagnostics
    );
    let Some(module) = loaded else {
        return;
    };
    let lines = [&module.id, &module.title, &module.age_band]
        .into_iter()
        .chain(&module.strands)
        .chain(&module.keywords)
        .chain(&module.objectives)
        .chain(&module.resources)
        .chain(&module.signposting)
        .chain(
            module
                .vocabulary
                .iter()
                .flat_map(|t| [&t.term, &t.definition]),
        )
        .chain(module.activities.iter().map(|a| &a.title));
    for line in lines {
        assert_one_line(line);
    }
    // What the planner and the handouts do first with a module.
    let _ = module.for_region("uk");
}

/// Every service entry of a file without errors loads, and what loads keeps within the limits.
fn check_services(library: &Library, display: &str, has_errors: bool, table: Option<&toml::Table>) {
    let ours: Vec<_> = library
        .services
        .iter()
        .filter(|s| s.file == display)
        .collect();
    for service in &ours {
        for line in [&service.id, &service.name]
            .into_iter()
            .chain(&service.phone)
            .chain(&service.text)
            .chain(&service.email)
            .chain(&service.url)
            .chain(&service.hours)
            .chain(&service.source)
        {
            assert_one_line(line);
        }
        let _ = (service.ages_label(), service.regions_label());
        for band in &library.framework.age_bands {
            let _ = service.words_for_pupils(Some(band));
        }
    }
    if !has_errors {
        let entries = table
            .and_then(|t| t.get("services"))
            .and_then(toml::Value::as_array)
            .map_or(0, Vec::len);
        assert_eq!(
            ours.len(),
            entries,
            "a service without errors was not loaded"
        );
    }
}

/// Every band and strand of a framework without errors is known to the library.
fn check_framework(library: &Library, has_errors: bool, table: Option<&toml::Table>) {
    let framework = &library.framework;
    for band in &framework.age_bands {
        assert_one_line(&band.id);
        assert_one_line(&band.label);
        let _ = band.ages();
    }
    for strand in &framework.strands {
        assert_one_line(&strand.id);
        assert_one_line(&strand.label);
    }
    if has_errors {
        return;
    }
    let ids = |key: &str| -> Vec<String> {
        table
            .and_then(|t| t.get(key))
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.get("id")?.as_str().map(str::to_string))
            .collect()
    };
    for id in ids("age_bands") {
        assert!(framework.age_band(&id).is_some(), "age band `{id}` lost");
    }
    for id in ids("strands") {
        assert!(framework.strand(&id).is_some(), "strand `{id}` lost");
    }
}

/// Loads `bytes` as a plan file. A plan that loads writes itself out as text that loads back
/// the same; one that does not gets one located error.
pub fn check_plan(scratch: &Scratch, bytes: &[u8]) {
    let path = scratch.write("plan.toml", bytes);
    match Plan::load(&path) {
        Ok(plan) => {
            assert!(parsed(bytes).is_some(), "a plan that is not TOML loaded");
            let text = plan.to_toml();
            let again = Plan::from_toml(&text, "again.toml")
                .unwrap_or_else(|problem| panic!("a saved plan does not load:\n{problem}{text}"));
            assert_eq!(again.to_toml(), text, "a plan changed between saves");
            let library = bundled();
            let _ = (plan.warnings(library), plan.total_minutes(library));
        }
        Err(problem) => {
            assert!(problem.is_error(), "{problem}");
            assert_eq!(problem.file, path.display().to_string());
            assert_located(&problem, &as_text(bytes));
        }
    }
}

/// Loads `bytes` as the config file. Its problems are located in it, and a config with an error
/// is ignored as a whole.
pub fn check_config(scratch: &Scratch, bytes: &[u8]) {
    let path = scratch.write("config.toml", bytes);
    let display = path.display().to_string();
    let text = as_text(bytes);
    let (config, problems) = Config::load(&path);
    for problem in &problems {
        assert_eq!(problem.file, display, "{problem}");
        assert_located(problem, &text);
    }
    if problems.iter().any(Diagnostic::is_error) {
        assert_eq!(config, Config::default(), "a config with an error was used");
    }
    if let Err(problem) = config.checked_region(&["ie", "uk"]) {
        assert_eq!(problem.file, display, "{problem}");
        assert_located(&problem, &text);
    }
}

/// The file as the loaders see it: a byte order mark dropped, invalid UTF-8 replaced.
fn as_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// The file as a TOML table, when it is UTF-8 text that is valid TOML.
fn parsed(bytes: &[u8]) -> Option<toml::Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return None; // read as a binary file
    }
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

/// A problem points at a line and column that exist in `text`, and prints.
fn assert_located(problem: &Diagnostic, text: &str) {
    let lines = text.split('\n').count();
    let at = problem.location;
    assert!(
        (1..=lines).contains(&at.line) && at.column >= 1,
        "{at:?} is not in the file ({lines} lines):\n{problem}"
    );
    assert!(!problem.message.is_empty(), "{problem:?}");
    let _ = problem.to_string();
}

fn assert_one_line(text: &str) {
    let length = text.chars().count();
    assert!(
        length <= LINE_MAX_CHARS,
        "a one-line field of {length} characters was loaded"
    );
}
