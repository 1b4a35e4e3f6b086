//! Commands for the people who curate a library: review, adapt, new, library init.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Context, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, mention_problems, parse_date};
use crate::atomic::{self, Replace};
use crate::cli::{NewArgs, ReviewArgs};
use crate::library::curation::{self, ReviewChange, ReviewFileError};
use crate::library::template::{self, NewModule};
use crate::library::{
    self, BUNDLED_PREFIX, Date, Library, LibrarySource, LoadOptions, Module, ReviewStatus,
    Severity, fields,
};
use crate::words;

/// The libraries a curating command works on: the folders given, checked against the bundled
/// framework and services (as `validate DIR` checks them), or without any, every configured
/// library.
pub fn load_given(context: &Context, dirs: &[PathBuf]) -> Library {
    if dirs.is_empty() {
        return context.load();
    }
    let mut sources = vec![LibrarySource::Bundled];
    sources.extend(dirs.iter().cloned().map(LibrarySource::Folder));
    let options = LoadOptions {
        bundled_modules: false,
        ..context.options.clone()
    };
    library::load(&sources, &options)
}

/// `review`: the list, or one change recorded.
pub fn review(
    context: &Context,
    args: &ReviewArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let change = match (&args.approve, &args.retire, &args.draft) {
        (Some(id), _, _) => Some((id, None)),
        (_, Some(id), _) => Some((id, Some(ReviewStatus::Retired))),
        (_, _, Some(id)) => Some((id, Some(ReviewStatus::Draft))),
        _ => None,
    };
    match change {
        Some((id, status)) => record(context, args, id, status, out, err),
        None => list_reviews(context, args, out, err),
    }
}

/// One row of the review list, as `--json` prints it.
#[derive(serde::Serialize)]
struct ReviewRow<'a> {
    id: &'a str,
    title: &'a str,
    age_band: &'a str,
    status: ReviewStatus,
    reviewed_by: Option<&'a str>,
    reviewed_on: Date,
    /// `None` for a retired module.
    next_review: Option<Date>,
    overdue: bool,
    file: &'a str,
}

impl<'a> ReviewRow<'a> {
    fn of(module: &'a Module, today: Date) -> Self {
        ReviewRow {
            id: &module.id,
            title: &module.title,
            age_band: &module.age_band,
            status: module.status(),
            reviewed_by: module.review.reviewed_by.as_deref(),
            reviewed_on: module.last_reviewed,
            next_review: module.next_review_due(),
            overdue: module.is_overdue(today),
            file: &module.file,
        }
    }
}

/// The modules in review order: overdue first, then by due date, retired modules last; the
/// same date by id.
fn review_order(modules: &[Module], today: Date) -> Vec<&Module> {
    let mut ordered: Vec<&Module> = modules.iter().collect();
    ordered.sort_by_key(|m| {
        let rank = if m.is_overdue(today) {
            0
        } else if m.next_review_due().is_some() {
            1
        } else {
            2
        };
        (rank, m.next_review_due(), m.id.clone())
    });
    ordered
}

fn list_reviews(
    context: &Context,
    args: &ReviewArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let library = load_given(context, &args.dirs);
    if let Some(band) = &args.age
        && library.framework.age_band(band).is_none()
    {
        writeln!(
            err,
            "lessonplan: unknown age band `{band}`; use one of: {}",
            library.framework.band_ids().join(", ")
        )?;
        return Ok(EXIT_USAGE);
    }
    let today = context.options.today;
    let modules: Vec<&Module> = review_order(&library.modules, today)
        .into_iter()
        .filter(|m| args.age.as_ref().is_none_or(|band| &m.age_band == band))
        .collect();
    let rows: Vec<ReviewRow> = modules.iter().map(|m| ReviewRow::of(m, today)).collect();
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    let due = |row: &ReviewRow| match (row.next_review, row.overdue) {
        (Some(date), true) => format!("{date} (overdue)"),
        (Some(date), false) => date.to_string(),
        (None, _) => "-".to_string(),
    };
    let by = |row: &ReviewRow| row.reviewed_by.unwrap_or("-").to_string();
    let due_width = rows.iter().map(|r| due(r).len()).max().unwrap_or(0).max(3);
    let by_width = rows
        .iter()
        .map(|r| by(r).chars().count())
        .max()
        .unwrap_or(0)
        .max(11);
    writeln!(
        out,
        "{:<due_width$}  {:<8}  {:<10}  {:<by_width$}  MODULE",
        "DUE", "STATUS", "REVIEWED", "REVIEWED BY"
    )?;
    for row in &rows {
        writeln!(
            out,
            "{:<due_width$}  {:<8}  {:<10}  {:<by_width$}  {}",
            due(row),
            row.status.name(),
            row.reviewed_on.to_string(),
            by(row),
            row.id
        )?;
    }
    let count = |wanted: &dyn Fn(&ReviewRow) -> bool| rows.iter().filter(|r| wanted(r)).count();
    writeln!(
        out,
        "{} as of {today}: {} overdue, {} draft, {} retired",
        words::count(rows.len(), "module"),
        count(&|r| r.overdue),
        count(&|r| r.status == ReviewStatus::Draft),
        count(&|r| r.status == ReviewStatus::Retired),
    )?;
    // A module whose file has errors is not listed: say so.
    mention_problems(&library, err)?;
    Ok(EXIT_OK)
}

/// Records an approval (`status` `None`, with `--by` and `--on`) or a new status in the file
/// the module was loaded from.
fn record(
    context: &Context,
    args: &ReviewArgs,
    id: &str,
    status: Option<ReviewStatus>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let today = context.options.today;
    let on = match &args.on {
        None => today,
        Some(text) => match parse_date(text) {
            Some(date) if date <= today => date,
            Some(date) => {
                writeln!(
                    err,
                    "lessonplan: --on {date} is in the future; give the day the module was reviewed"
                )?;
                return Ok(EXIT_USAGE);
            }
            None => {
                writeln!(
                    err,
                    "lessonplan: --on `{text}` is not a date; write it as YYYY-MM-DD, e.g. {today}"
                )?;
                return Ok(EXIT_USAGE);
            }
        },
    };
    let by = args.by.as_deref().map(str::trim).unwrap_or_default();
    if status.is_none() && (by.is_empty() || by.contains('\n')) {
        writeln!(
            err,
            "lessonplan: --by needs the name or role of who reviewed the module, on one line"
        )?;
        return Ok(EXIT_USAGE);
    }

    let library = load_given(context, &args.dirs);
    let module = match library.module(id) {
        Some(module) if !module.file.starts_with(BUNDLED_PREFIX) => module,
        found => {
            let bundled = found.is_some() || is_bundled_id(context, id);
            writeln!(err, "lessonplan: {}", not_recordable(&library, id, bundled))?;
            return Ok(EXIT_PROBLEM);
        }
    };
    let change = match status {
        Some(status) => ReviewChange::Status(status),
        None => ReviewChange::Approve {
            by: by.to_string(),
            on,
            next_review: on.plus_months(module.review.interval_months),
        },
    };
    let what = match &change {
        ReviewChange::Approve {
            by,
            on,
            next_review,
        } => format!("approved by {by} on {on}; next review due {next_review}"),
        ReviewChange::Status(ReviewStatus::Retired) => {
            "retired: no longer taught, and never due for review".to_string()
        }
        ReviewChange::Status(status) => {
            format!("{status}: waiting for approval (`lessonplan review --approve {id}`)")
        }
    };
    match curation::record_review_in_file(Path::new(&module.file), &change) {
        Ok(true) => {}
        Ok(false) => {
            writeln!(
                out,
                "`{id}` is already {what}; {} is unchanged",
                module.file
            )?;
            return Ok(EXIT_OK);
        }
        Err(ReviewFileError::Problem(problem)) => {
            write!(err, "{problem}")?;
            writeln!(err, "lessonplan: nothing was changed in {}", module.file)?;
            return Ok(EXIT_PROBLEM);
        }
        Err(ReviewFileError::Io(message)) => {
            writeln!(err, "lessonplan: {message}")?;
            return Ok(EXIT_PROBLEM);
        }
    }
    writeln!(out, "`{id}` is {what}.\nRecorded in {}", module.file)?;
    if status.is_some() {
        return Ok(EXIT_OK);
    }
    // What is left to do in the file, such as placeholder text, is worth seeing at approval.
    let reloaded = library.reload();
    let left: Vec<_> = reloaded
        .diagnostics
        .iter()
        .filter(|d| d.file == module.file && d.severity >= Severity::Warning)
        .collect();
    for problem in &left {
        writeln!(err, "{}", problem.headline())?;
    }
    if !left.is_empty() {
        writeln!(
            err,
            "note: {} has {}; `lessonplan validate` shows them in full",
            module.file,
            words::count(left.len(), "problem")
        )?;
    }
    Ok(EXIT_OK)
}

fn is_bundled_id(context: &Context, id: &str) -> bool {
    Library::bundled(&context.options).module(id).is_some()
}

/// Why no review can be recorded for `id`: it is bundled, or no library has it.
fn not_recordable(library: &Library, id: &str, bundled: bool) -> String {
    if bundled {
        return format!(
            "`{id}` is a bundled module, built into lessonplan, so its file cannot be changed. \
             Copy it into your library with `lessonplan adapt {id} --into DIR`, then record the \
             review of your copy (`lessonplan review --approve {id} --by NAME DIR`)"
        );
    }
    let ids: Vec<&str> = library.modules.iter().map(|m| m.id.as_str()).collect();
    let near = match fields::closest(id, &ids) {
        Some(near) => format!("did you mean `{near}`? "),
        None => String::new(),
    };
    format!(
        "no module with id `{id}` is loaded; {near}A module whose file has errors is not loaded: \
         `lessonplan validate` shows them"
    )
}

/// How to make lessonplan read `dir`, in the words of `--library` and the config's `libraries`.
fn how_to_use_folder(context: &Context, dir: &Path, what: &str) -> String {
    if is_library_folder(context, dir) {
        format!(
            "{} is one of your library folders, so lessonplan uses {what} from now on.",
            dir.display()
        )
    } else {
        format!(
            "{dir} is not one of your library folders yet. Use it for one run with \
             `lessonplan --library {dir} ...`, or for good by adding it to `libraries = [...]` in \
             the config file ({config}).",
            dir = dir.display(),
            config = context.paths.config_file().display()
        )
    }
}

/// Whether `dir` is one of the library folders lessonplan reads (from --library,
/// LESSONPLAN_LIBRARY or the config).
fn is_library_folder(context: &Context, dir: &Path) -> bool {
    context.sources.iter().any(|source| match source {
        LibrarySource::Folder(folder) => same_folder(folder, dir),
        LibrarySource::Bundled | LibrarySource::File(_) => false,
    })
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Writes a new file, never over one that is there (even one made a moment ago).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    atomic::write(path, text.as_bytes(), Replace::No).map(|_| ())
}

/// `adapt ID --into DIR`: the bundled module's file, copied as it is.
pub fn adapt(
    context: &Context,
    id: &str,
    into: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let bundled = Library::bundled(&context.options);
    let Some(module) = bundled.module(id) else {
        let ids: Vec<&str> = bundled.modules.iter().map(|m| m.id.as_str()).collect();
        let hint = match fields::closest(id, &ids) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "`lessonplan list` shows the ids".to_string(),
        };
        writeln!(
            err,
            "lessonplan: no bundled module has the id `{id}`; {hint} (a module of your own needs \
             no adapting: edit its file)"
        )?;
        return Ok(EXIT_PROBLEM);
    };
    let target = match curation::adapt_into(module, into) {
        Ok(target) => target,
        Err(problem) => {
            writeln!(err, "lessonplan: {problem}")?;
            return Ok(EXIT_PROBLEM);
        }
    };
    writeln!(
        out,
        "Copied the bundled module `{id}` to {}.\nIt keeps the id `{id}`, so it replaces the \
         bundled module wherever {} is one of your library folders.\n{}\nAfter changing it, check it \
         with `lessonplan validate {}` and record your review with `lessonplan review --approve \
         {id} --by NAME {}`.",
        target.display(),
        into.display(),
        how_to_use_folder(context, into, "your copy instead of the bundled module"),
        into.display(),
        into.display(),
    )?;
    Ok(EXIT_OK)
}

/// `new`: a commented draft module.
pub fn new_module(
    context: &Context,
    args: &NewArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let dir = args.into.clone().unwrap_or_else(|| PathBuf::from("."));
    // The folder's own framework and modules count too, when it is not yet a library folder.
    let mut sources = context.sources.clone();
    if dir.is_dir() && !is_library_folder(context, &dir) {
        sources.push(LibrarySource::Folder(dir.clone()));
    }
    let library = library::load(&sources, &context.options);
    let framework = &library.framework;
    let Some(band) = framework.age_band(&args.age) else {
        writeln!(
            err,
            "lessonplan: unknown age band `{}`; use one of: {}",
            args.age,
            framework.band_ids().join(", ")
        )?;
        return Ok(EXIT_USAGE);
    };
    let Some(strand) = framework.strand(&args.strand) else {
        let ids = framework.strand_ids();
        let near = fields::closest(&args.strand, &ids)
            .map(|near| format!("did you mean `{near}`? "))
            .unwrap_or_default();
        writeln!(
            err,
            "lessonplan: unknown strand `{}`; {near}Strands are: {}",
            args.strand,
            ids.join(", ")
        )?;
        return Ok(EXIT_USAGE);
    };
    let title = args.title.trim();
    if title.is_empty() || title.contains('\n') || title.chars().count() > fields::LINE_WARN_CHARS {
        writeln!(
            err,
            "lessonplan: --title needs the module's title: one line of at most {} characters",
            fields::LINE_WARN_CHARS
        )?;
        return Ok(EXIT_USAGE);
    }
    let id = match &args.id {
        Some(id) if library::module::is_valid_id(id) => id.clone(),
        Some(id) => {
            writeln!(
                err,
                "lessonplan: --id `{id}` is not allowed; use lowercase letters, digits and '-' \
                 only, e.g. group-chats-{}",
                band.id
            )?;
            return Ok(EXIT_USAGE);
        }
        None => match template::id_from_title(title, &band.id) {
            Some(id) => id,
            None => {
                writeln!(
                    err,
                    "lessonplan: no id can be made from the title `{title}`; give one with --id \
                     (lowercase letters, digits and '-')"
                )?;
                return Ok(EXIT_USAGE);
            }
        },
    };
    if let Some(existing) = library.module(&id) {
        let adapt = if existing.file.starts_with(BUNDLED_PREFIX) {
            format!(" (to change the bundled module, `lessonplan adapt {id} --into DIR`)")
        } else {
            String::new()
        };
        writeln!(
            err,
            "lessonplan: the id `{id}` is already used by {}; give the new module another with \
             --id{adapt}",
            existing.file
        )?;
        return Ok(EXIT_PROBLEM);
    }
    let new = NewModule {
        id: &id,
        title,
        band,
        strand,
        today: context.options.today,
    };
    let (target, text) = match curation::write_new_module(&dir, &new) {
        Ok(written) => written,
        Err(problem) => {
            writeln!(err, "lessonplan: {problem}")?;
            return Ok(EXIT_PROBLEM);
        }
    };
    let places: usize = text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.matches(template::PLACEHOLDER).count())
        .sum();
    writeln!(
        out,
        "Wrote the draft module `{id}` to {}.\nWrite your own text in the {places} places marked \
         {}, then check it with `lessonplan validate {}`; once it is reviewed, approve it with \
         `lessonplan review --approve {id} --by NAME {}`.\n{}",
        target.display(),
        template::PLACEHOLDER,
        dir.display(),
        dir.display(),
        how_to_use_folder(context, &dir, "the module"),
    )?;
    Ok(EXIT_OK)
}

/// The files `library init` makes, relative to the folder, and whether each is a program.
fn library_files(context: &Context, library: &Library) -> Vec<(PathBuf, String, bool)> {
    let framework = &library.framework;
    let band = framework
        .age_band("7-11")
        .or_else(|| framework.age_bands.first());
    let strand = framework
        .strand("online-relationships")
        .or_else(|| framework.strands.first());
    let region = context
        .config
        .checked_region(&library.regions())
        .ok()
        .flatten()
        .unwrap_or_else(|| "uk".to_string());
    let mut files = vec![
        (
            PathBuf::from("README.md"),
            include_str!("../../assets/school-library/README.md").to_string(),
            false,
        ),
        (
            PathBuf::from("services.toml"),
            include_str!("../../assets/school-library/services.toml").replace("{region}", &region),
            false,
        ),
        (
            PathBuf::from("hooks/pre-commit"),
            include_str!("../../assets/school-library/pre-commit").to_string(),
            true,
        ),
        (
            PathBuf::from(".github/workflows/validate.yml"),
            include_str!("../../assets/school-library/validate.yml").to_string(),
            false,
        ),
    ];
    if let (Some(band), Some(strand)) = (band, strand) {
        let id = format!("example-lesson-{}", band.id);
        let text = template::module_template(&NewModule {
            id: &id,
            title: "Example lesson: rewrite or delete me",
            band,
            strand,
            today: context.options.today,
        });
        files.push((Path::new(&band.id).join(format!("{id}.toml")), text, false));
    }
    files
}

/// `library init DIR`.
pub fn library_init(
    context: &Context,
    dir: &Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if dir.exists() && !dir.is_dir() {
        writeln!(err, "lessonplan: {} is not a folder", dir.display())?;
        return Ok(EXIT_PROBLEM);
    }
    let has_files = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if has_files && !force {
        writeln!(
            err,
            "lessonplan: {} is not empty; nothing was written. `--force` adds only the files \
             that are missing and changes none that are there",
            dir.display()
        )?;
        return Ok(EXIT_PROBLEM);
    }
    let library = context.load();
    let mut made = Vec::new();
    let mut kept = Vec::new();
    for (relative, text, program) in library_files(context, &library) {
        let path = dir.join(&relative);
        if std::fs::symlink_metadata(&path).is_ok() {
            kept.push(relative);
            continue;
        }
        if let Err(error) = write_new(&path, &text).and_then(|()| make_runnable(&path, program)) {
            writeln!(err, "lessonplan: cannot write {}: {error}", path.display())?;
            return Ok(EXIT_PROBLEM);
        }
        made.push(relative);
    }
    for relative in &made {
        writeln!(out, "made  {}", dir.join(relative).display())?;
    }
    for relative in &kept {
        writeln!(
            out,
            "kept  {} (already there)",
            dir.join(relative).display()
        )?;
    }
    writeln!(
        out,
        "\nA library folder for your school: its README.md says how to add, adapt, validate and \
         approve modules, and how a trust shares one library through git.\n{}\nTo check it before \
         every commit: cd {} && git init && git config core.hooksPath hooks",
        how_to_use_folder(context, dir, "its modules"),
        dir.display()
    )?;
    Ok(EXIT_OK)
}

#[cfg(unix)]
fn make_runnable(path: &Path, program: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if program {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_runnable(_path: &Path, _program: bool) -> std::io::Result<()> {
    Ok(())
}
