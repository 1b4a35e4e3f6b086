//! Where library files come from: the bundled copy compiled into the binary, or a folder.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::diagnostic::{Diagnostic, Severity, SourceFile};

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lessons");

/// How files of the bundled library are named in messages.
pub const BUNDLED_PREFIX: &str = "<bundled>/";

/// Lesson files are small; anything bigger is not a lesson module and is not read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Folders deeper than this are not searched (guards against link loops).
const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibrarySource {
    Bundled,
    Folder(PathBuf),
}

impl std::fmt::Display for LibrarySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LibrarySource::Bundled => f.write_str("bundled library"),
            LibrarySource::Folder(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One file's bytes, before decoding.
pub struct RawFile {
    /// As shown in messages.
    pub display: String,
    /// The file name alone (`framework.toml`, `services.toml` or a module).
    pub name: String,
    pub bytes: Vec<u8>,
}

impl LibrarySource {
    /// Every `.toml` file, in a stable order. Problems reaching files become diagnostics.
    pub fn files(&self, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawFile> {
        let mut files = Vec::new();
        match self {
            LibrarySource::Bundled => collect_bundled(&BUNDLED, &mut files),
            LibrarySource::Folder(root) => {
                if !root.is_dir() {
                    let what = if root.exists() {
                        "is not a folder"
                    } else {
                        "does not exist"
                    };
                    diagnostics.push(
                        Diagnostic::whole_file(
                            &root.display().to_string(),
                            Severity::Error,
                            format!("library folder {what}"),
                        )
                        .with_hint(
                            "check the path given with --library, LESSONPLAN_LIBRARY or the config file",
                        ),
                    );
                } else {
                    collect_folder(root, 0, &mut files, diagnostics);
                }
            }
        }
        files.sort_by(|a, b| a.display.cmp(&b.display));
        files
    }
}

fn collect_bundled(dir: &Dir<'static>, out: &mut Vec<RawFile>) {
    for file in dir.files() {
        let path = file.path();
        if path.extension().is_some_and(|e| e == "toml") {
            out.push(RawFile {
                display: format!("{BUNDLED_PREFIX}{}", path.display()),
                name: file_name(path),
                bytes: file.contents().to_vec(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_bundled(sub, out);
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn collect_folder(
    dir: &Path,
    depth: usize,
    out: &mut Vec<RawFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if depth > MAX_DEPTH {
        diagnostics.push(
            Diagnostic::whole_file(
                &dir.display().to_string(),
                Severity::Warning,
                "folder nested too deeply; not searched",
            )
            .with_hint(format!(
                "keep lesson files within {MAX_DEPTH} folders of the library folder"
            )),
        );
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(
                Diagnostic::whole_file(
                    &dir.display().to_string(),
                    Severity::Error,
                    format!("cannot read folder: {error}"),
                )
                .with_hint("check the folder exists and you have permission to read it"),
            );
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = file_name(&path);
        if name.starts_with('.') {
            continue; // editor swap files, .git and the like
        }
        let display = path.display().to_string();
        let Ok(meta) = std::fs::metadata(&path) else {
            diagnostics.push(
                Diagnostic::whole_file(
                    &display,
                    Severity::Warning,
                    "cannot read this entry (a broken link?)",
                )
                .with_hint("remove it or fix the link"),
            );
            continue;
        };
        if meta.is_dir() {
            collect_folder(&path, depth + 1, out, diagnostics);
        } else if meta.is_file() && path.extension().is_some_and(|e| e == "toml") {
            if meta.len() > MAX_FILE_BYTES {
                diagnostics.push(
                    Diagnostic::whole_file(
                        &display,
                        Severity::Error,
                        format!(
                            "file is too large ({} bytes; the limit is {MAX_FILE_BYTES})",
                            meta.len()
                        ),
                    )
                    .with_hint(
                        "a lesson module is a few kilobytes; check this is the file you meant",
                    ),
                );
                continue;
            }
            match std::fs::read(&path) {
                Ok(bytes) => out.push(RawFile {
                    display,
                    name,
                    bytes,
                }),
                Err(error) => diagnostics.push(
                    Diagnostic::whole_file(
                        &display,
                        Severity::Error,
                        format!("cannot read file: {error}"),
                    )
                    .with_hint("check you have permission to read it"),
                ),
            }
        }
    }
}

/// Bytes to text, or a located error when they are not UTF-8 text.
pub fn decode(display: &str, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes); // a BOM from Windows editors
    if bytes.len() as u64 > MAX_FILE_BYTES {
        diagnostics.push(
            Diagnostic::whole_file(
                display,
                Severity::Error,
                format!("file is too large ({} bytes)", bytes.len()),
            )
            .with_hint("a lesson module is a few kilobytes; check this is the file you meant"),
        );
        return None;
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        diagnostics.push(
            Diagnostic::whole_file(
                display,
                Severity::Error,
                "this is a binary file, not TOML text",
            )
            .with_hint(
                "remove it from the library folder, or give it a name that does not end in .toml",
            ),
        );
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.to_string()),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let file = SourceFile::new(display, prefix);
            let mut diagnostic = file.diagnostic(
                prefix.len()..prefix.len(),
                Severity::Error,
                format!(
                    "not valid UTF-8 text (byte 0x{:02X})",
                    bytes[error.valid_up_to()]
                ),
                "save the file with UTF-8 encoding (in most editors: Save As, then choose UTF-8)",
            );
            diagnostic.source_line = None;
            diagnostics.push(diagnostic);
            None
        }
    }
}
