//! Commands for the people who curate a library.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Context, EXIT_OK, EXIT_PROBLEM};
use crate::atomic::{self, Replace};
use crate::library::{self, BUNDLED_PREFIX, Library, LibrarySource, LoadOptions, fields};

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
        LibrarySource::Bundled => false,
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
    let (Some(relative), Some(text)) = (
        module.file.strip_prefix(BUNDLED_PREFIX),
        library::bundled_text(&module.file),
    ) else {
        writeln!(err, "lessonplan: the bundled file of `{id}` cannot be read")?;
        return Ok(EXIT_PROBLEM);
    };
    let target = into.join(relative);
    if let Some(problem) = refuse_new_module(into, id, &target) {
        writeln!(err, "lessonplan: {problem}")?;
        return Ok(EXIT_PROBLEM);
    }
    if let Err(error) = write_new(&target, text) {
        writeln!(
            err,
            "lessonplan: cannot write {}: {error}",
            target.display()
        )?;
        return Ok(EXIT_PROBLEM);
    }
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

/// Why a module `id` cannot be written at `target` in the library folder `dir`, if it cannot:
/// a file is there, or the folder already has a module of that id.
fn refuse_new_module(dir: &Path, id: &str, target: &Path) -> Option<String> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Some(format!(
            "there is already a file at {}; nothing was written (edit that file, or choose \
             another folder with --into)",
            target.display()
        ));
    }
    if !dir.is_dir() {
        return None;
    }
    let options = LoadOptions {
        bundled_modules: false,
        ..LoadOptions::default()
    };
    let here = library::load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(dir.to_path_buf()),
        ],
        &options,
    );
    here.module(id).map(|existing| {
        format!(
            "{} already has a module `{id}`, in {}; nothing was written (edit that file, or \
             give the new module another id)",
            dir.display(),
            existing.file
        )
    })
}
