//! `lessonplan validate`: every problem in library folders or single files, for people (text)
//! or for editors and CI (one JSON document, described in docs/validate.md).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Context, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE};
use crate::cli::{ValidateArgs, ValidateFormat};
use crate::library::{
    self, BUNDLED_PREFIX, Diagnostic, FileKind, Library, LibrarySource, Severity,
};
use crate::words;

pub fn run(
    context: &Context,
    args: &ValidateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            folders.push(path.clone());
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path.clone());
        } else if path.exists() {
            writeln!(
                err,
                "lessonplan: {} is neither a folder nor a .toml file; validate checks library \
                 folders and the .toml files in them",
                path.display()
            )?;
            return Ok(EXIT_USAGE);
        } else {
            // Reported in the output, as any library folder that is not there is.
            folders.push(path.clone());
        }
    }

    let mut report = Report::default();
    if args.paths.is_empty() {
        report.add_library(&context.load(), true);
    }
    if !folders.is_empty() {
        let mut sources = vec![LibrarySource::Bundled];
        sources.extend(folders.into_iter().map(LibrarySource::Folder));
        report.add_library(&load_without_bundled_modules(context, &sources), false);
    }
    if !files.is_empty() {
        // Loaded once, to find the files in it and check them as the planner would.
        let configured = context.load();
        for file in &files {
            report.add_file(context, &configured, file);
        }
    }

    report.finish();
    match args.format {
        ValidateFormat::Text => report.write_text(out)?,
        ValidateFormat::Json => report.write_json(out)?,
    }
    Ok(if report.errors > 0 {
        EXIT_PROBLEM
    } else {
        EXIT_OK
    })
}

/// The given sources with the bundled framework and services, but not the bundled modules:
/// the library being checked is the school's, not the program's. A module that has the id of a
/// bundled one is noted as replacing it, as it would be with the bundled modules loaded.
fn load_without_bundled_modules(context: &Context, sources: &[LibrarySource]) -> Library {
    let options = library::LoadOptions {
        bundled_modules: false,
        ..context.options.clone()
    };
    let mut library = library::load(sources, &options);
    let bundled = Library::bundled(&context.options);
    let notes = library::curation::bundled_replacement_notes(&library, &bundled);
    if !notes.is_empty() {
        library.diagnostics.extend(notes);
        library::diagnostic::sort_diagnostics(&mut library.diagnostics);
    }
    library
}

/// The configured library folder that reads `file`, and the name the file has in its messages.
/// A file in a hidden folder of a library, which the library does not read, is in none.
fn library_reading(library: &Library, file: &Path) -> Option<(PathBuf, String)> {
    let given = std::fs::canonicalize(file).ok()?;
    library
        .sources
        .iter()
        .zip(&library.files_read)
        .rev()
        .find_map(|(source, names)| {
            let LibrarySource::Folder(folder) = source else {
                return None;
            };
            names
                .iter()
                .find(|name| std::fs::canonicalize(name).is_ok_and(|name| name == given))
                .map(|name| (folder.clone(), name.clone()))
        })
}

/// What every check found, in the form the output takes.
#[derive(Default, Serialize)]
struct Report {
    files_checked: usize,
    modules_loaded: usize,
    errors: usize,
    warnings: usize,
    /// Each file given on its own: what it is and what it was checked against.
    single_files: Vec<SingleFile>,
    problems: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct SingleFile {
    file: String,
    kind: FileKind,
    /// The configured library folder it was checked in; `None` when it is in none, and was
    /// checked against the bundled framework and services alone.
    library: Option<String>,
}

impl SingleFile {
    /// What it is and what it was checked against, for people.
    fn said(&self) -> String {
        let what = format!("{} is {}", self.file, self.kind.described());
        match &self.library {
            Some(folder) => {
                format!(
                    "{what}; checked in its library, {folder}, with every library the planner loads"
                )
            }
            None => format!(
                "{what}; it is in no configured library, so it was checked against the bundled \
                 framework and services (give its library with --library DIR to check it in that)"
            ),
        }
    }
}

impl Report {
    /// Every file of a library and its problems; with `bundled_too` false, those of the
    /// school's folders alone (the bundled framework and services are only checked against).
    fn add_library(&mut self, library: &Library, bundled_too: bool) {
        let counted = |file: &str| bundled_too || !file.starts_with(BUNDLED_PREFIX);
        self.files_checked += library
            .files_read
            .iter()
            .flatten()
            .filter(|f| counted(f))
            .count();
        self.modules_loaded += library.modules.iter().filter(|m| counted(&m.file)).count();
        self.problems.extend(
            library
                .diagnostics
                .iter()
                .filter(|d| counted(&d.file))
                .cloned(),
        );
    }

    /// One file: checked in the configured library that reads it, else on its own.
    fn add_file(&mut self, context: &Context, configured: &Library, file: &Path) {
        let kind = FileKind::of(&file.file_name().unwrap_or_default().to_string_lossy());
        let alone;
        let (library, name, folder) = match library_reading(configured, file) {
            Some((folder, name)) => (configured, name, Some(folder)),
            None => {
                let sources = [
                    LibrarySource::Bundled,
                    LibrarySource::File(file.to_path_buf()),
                ];
                alone = load_without_bundled_modules(context, &sources);
                (&alone, file.display().to_string(), None)
            }
        };
        let read = library.files_read.iter().flatten().any(|n| *n == name);
        self.files_checked += usize::from(read);
        self.modules_loaded += library.modules.iter().filter(|m| m.file == name).count();
        self.problems.extend(
            library
                .diagnostics
                .iter()
                .filter(|d| d.file == name)
                .cloned(),
        );
        // A file that could not be read has its problem, and was checked against nothing.
        if read {
            self.single_files.push(SingleFile {
                file: name,
                kind,
                library: folder.map(|f| f.display().to_string()),
            });
        }
    }

    /// Sorted, each problem once (a file given twice, or in a folder also given, is checked
    /// twice), and counted.
    fn finish(&mut self) {
        library::diagnostic::sort_diagnostics(&mut self.problems);
        self.problems.dedup();
        self.errors = self.count(Severity::Error);
        self.warnings = self.count(Severity::Warning);
    }

    fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        for d in &self.problems {
            writeln!(out, "{d}")?;
        }
        for file in &self.single_files {
            writeln!(out, "{}", file.said())?;
        }
        writeln!(
            out,
            "checked {}: {} loaded, {}, {}",
            words::count(self.files_checked, "file"),
            words::count(self.modules_loaded, "module"),
            words::count(self.errors, "error"),
            words::count(self.warnings, "warning")
        )
    }

    fn write_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }
}
