//! Where library files come from: the bundled copy compiled into the binary, or a folder.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use super::module::{FileStamp, TextSource};

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lessons");

/// How files of the bundled library are named in messages.
pub const BUNDLED_PREFIX: &str = "<bundled>/";

/// Lesson files are small; anything bigger is not a lesson module and is not read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Folders deeper than this are not searched: a lesson library is a few folders deep, so more is
/// a library pointed at the wrong place.
const MAX_DEPTH: usize = 16;

/// What makes two paths one folder, however many links lead there: its device and inode.
#[cfg(unix)]
type FolderId = (u64, u64);
/// What makes two paths one folder, however many links lead there: its resolved path.
#[cfg(not(unix))]
type FolderId = PathBuf;

#[cfg(unix)]
fn folder_id(_path: &Path, meta: &std::fs::Metadata) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn folder_id(path: &Path, _meta: &std::fs::Metadata) -> Option<FolderId> {
    std::fs::canonicalize(path).ok()
}

/// A walk of one library folder: what it found, and the folders already read (with the path
/// they were first read by), so that links back up the tree or to the same folder twice never
/// read a folder again.
struct FolderWalk<'a> {
    files: &'a mut Vec<RawFile>,
    diagnostics: &'a mut Vec<Diagnostic>,
    read: HashMap<FolderId, PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibrarySource {
    Bundled,
    Folder(PathBuf),
    /// One `.toml` file as a library of its own, for checking a file that is in no library.
    File(PathBuf),
}

impl std::fmt::Display for LibrarySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LibrarySource::Bundled => f.write_str("bundled library"),
            LibrarySource::Folder(path) | LibrarySource::File(path) => {
                write!(f, "{}", path.display())
            }
        }
    }
}

/// One library file, found but not read yet: a large library is read file by file on the
/// workers that parse it, so its text is never all in memory at once.
pub struct RawFile {
    /// As shown in messages.
    pub display: String,
    /// The file name alone (`framework.toml`, `services.toml` or a module).
    pub name: String,
    origin: Origin,
}

enum Origin {
    Bundled(&'static [u8]),
    Disk(PathBuf),
}

impl RawFile {
    /// Its text, or `None` with the problem in `diagnostics` when it cannot be read or is not
    /// UTF-8 text.
    pub fn text(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
        self.read(diagnostics).map(|(text, _)| text.into_owned())
    }

    /// Its text, as [`RawFile::text`], and where a module read from it finds its text again.
    pub fn read(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(Cow<'static, str>, TextSource)> {
        match &self.origin {
            Origin::Bundled(bytes) => checked_text(&self.display, bytes, diagnostics)
                .map(|text| (Cow::Borrowed(text), TextSource::Bundled(text))),
            Origin::Disk(path) => match read_stamped(path) {
                Ok((bytes, stamp)) => decode_owned(&self.display, bytes, diagnostics)
                    .map(|text| (Cow::Owned(text), TextSource::File(stamp))),
                Err(error) => {
                    diagnostics.push(
                        Diagnostic::whole_file(
                            &self.display,
                            Severity::Error,
                            Code::CannotRead,
                            format!("cannot read file: {error}"),
                        )
                        .with_hint("check you have permission to read it"),
                    );
                    None
                }
            },
        }
    }
}

/// A file's bytes with its stamp, taken from the open file so that it is the one read.
pub(super) fn read_stamped(path: &Path) -> std::io::Result<(Vec<u8>, FileStamp)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let stamp = FileStamp::of(path, &file)?;
    let mut bytes = Vec::with_capacity(usize::try_from(stamp.len).unwrap_or(0).saturating_add(1));
    file.read_to_end(&mut bytes)?;
    Ok((bytes, stamp))
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
                            Code::MissingLibrary,
                            format!("library folder {what}"),
                        )
                        .with_hint(
                            "check the path given with --library, LESSONPLAN_LIBRARY or the config file",
                        ),
                    );
                } else {
                    let mut walk = FolderWalk {
                        files: &mut files,
                        diagnostics,
                        read: HashMap::new(),
                    };
                    walk.folder(root, 0);
                }
            }
            LibrarySource::File(path) => {
                let display = path.display().to_string();
                match std::fs::metadata(path) {
                    Ok(meta) if meta.is_file() => {
                        let mut walk = FolderWalk {
                            files: &mut files,
                            diagnostics,
                            read: HashMap::new(),
                        };
                        walk.file(path.clone(), display, file_name(path), meta.len());
                    }
                    Ok(meta) => diagnostics.push(not_a_file(&display, meta.file_type())),
                    Err(error) => diagnostics.push(
                        Diagnostic::whole_file(
                            &display,
                            Severity::Error,
                            Code::CannotRead,
                            format!("cannot read file: {error}"),
                        )
                        .with_hint("check the path and that you have permission to read it"),
                    ),
                }
            }
        }
        files.sort_by(|a, b| a.display.cmp(&b.display));
        files
    }
}

/// What the library folders hold, in one number that changes when any lesson file is added,
/// removed, resized or touched, or a folder appears or goes: cheap enough (names and metadata,
/// no contents) to check every second or two, so the planner can reload when a file is fixed.
/// The bundled library never changes and counts for nothing.
pub fn fingerprint(sources: &[LibrarySource]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    let mut read = std::collections::HashSet::new();
    for source in sources {
        if let LibrarySource::Folder(root) = source {
            root.hash(&mut hasher);
            fingerprint_folder(root, 0, &mut read, &mut hasher);
        }
    }
    hasher.finish()
}

fn fingerprint_folder(
    dir: &Path,
    depth: usize,
    read: &mut std::collections::HashSet<FolderId>,
    hasher: &mut impl std::hash::Hasher,
) {
    use std::hash::Hash;
    let Ok(meta) = std::fs::metadata(dir) else {
        "missing".hash(hasher);
        return;
    };
    // Each folder once, as the loader reads it: a link back up the tree is no loop here.
    if depth > MAX_DEPTH || folder_id(dir, &meta).is_some_and(|id| !read.insert(id)) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        "unreadable".hash(hasher);
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if file_name(&path).starts_with('.') {
            continue;
        }
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            fingerprint_folder(&path, depth + 1, read, hasher);
        } else if path.extension().is_some_and(|e| e == "toml") {
            path.hash(hasher);
            meta.len().hash(hasher);
            meta.modified().ok().hash(hasher);
        }
    }
}

/// The original text of a bundled library file, named as messages name it
/// (`<bundled>/7-11/trusted-adults-7-11.toml`, as in [`crate::library::Module::file`]).
/// The bundled modules as (age band, id), from their places in the bundled library
/// (`<band>/<id>.toml`): what a school's module can name in `builds_on` when the bundled modules
/// themselves were not read.
pub fn bundled_module_ids() -> Vec<(String, String)> {
    BUNDLED
        .dirs()
        .flat_map(|dir| {
            let band = dir.path().display().to_string();
            dir.files().filter_map(move |file| {
                let path = file.path();
                if path.extension()? != "toml" {
                    return None;
                }
                Some((band.clone(), path.file_stem()?.to_str()?.to_string()))
            })
        })
        .collect()
}

pub fn bundled_text(display: &str) -> Option<&'static str> {
    let path = display.strip_prefix(BUNDLED_PREFIX)?;
    BUNDLED.get_file(path)?.contents_utf8()
}

fn collect_bundled(dir: &Dir<'static>, out: &mut Vec<RawFile>) {
    for file in dir.files() {
        let path = file.path();
        if path.extension().is_some_and(|e| e == "toml") {
            out.push(RawFile {
                display: format!("{BUNDLED_PREFIX}{}", path.display()),
                name: file_name(path),
                origin: Origin::Bundled(file.contents()),
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

impl FolderWalk<'_> {
    fn folder(&mut self, dir: &Path, depth: usize) {
        if depth > MAX_DEPTH {
            self.diagnostics.push(
                Diagnostic::whole_file(
                    &dir.display().to_string(),
                    Severity::Warning,
                    Code::NestedTooDeeply,
                    "folder nested too deeply; not searched",
                )
                .with_hint(format!(
                    "keep lesson files within {MAX_DEPTH} folders of the library folder"
                )),
            );
            return;
        }
        if let Some(id) = std::fs::metadata(dir)
            .ok()
            .and_then(|meta| folder_id(dir, &meta))
        {
            if let Some(first) = self.read.get(&id) {
                self.diagnostics.push(
                    Diagnostic::whole_file(
                        &dir.display().to_string(),
                        Severity::Note,
                        Code::FolderAlreadyRead,
                        format!(
                            "a link to a folder already read as {}; not read again",
                            first.display()
                        ),
                    )
                    .with_hint("links back into the library are harmless; remove the link if it is a mistake"),
                );
                return;
            }
            self.read.insert(id, dir.to_path_buf());
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => {
                self.diagnostics.push(
                    Diagnostic::whole_file(
                        &dir.display().to_string(),
                        Severity::Error,
                        Code::CannotRead,
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
                self.diagnostics.push(
                    Diagnostic::whole_file(
                        &display,
                        Severity::Warning,
                        Code::CannotRead,
                        "cannot read this entry (a broken link?)",
                    )
                    .with_hint("remove it or fix the link"),
                );
                continue;
            };
            if meta.is_dir() {
                self.folder(&path, depth + 1);
            } else if path.extension().is_some_and(|e| e == "toml") {
                if meta.is_file() {
                    self.file(path, display, name, meta.len());
                } else {
                    self.diagnostics
                        .push(not_a_file(&display, meta.file_type()));
                }
            }
        }
    }

    fn file(&mut self, path: PathBuf, display: String, name: String, len: u64) {
        if len > MAX_FILE_BYTES {
            self.diagnostics.push(
                Diagnostic::whole_file(
                    &display,
                    Severity::Error,
                    Code::TooLarge,
                    format!("file is too large ({len} bytes; the limit is {MAX_FILE_BYTES})"),
                )
                .with_hint("a lesson module is a few kilobytes; check this is the file you meant"),
            );
            return;
        }
        self.files.push(RawFile {
            display,
            name,
            origin: Origin::Disk(path),
        });
    }
}

/// A `.toml` entry that is a named pipe, a socket or a device: opening a pipe would wait forever
/// for something to write to it, so it is not read.
fn not_a_file(display: &str, file_type: std::fs::FileType) -> Diagnostic {
    Diagnostic::whole_file(
        display,
        Severity::Warning,
        Code::NotAFile,
        format!(
            "not read: it is {}, not a file",
            crate::paths::describe_file_type(file_type)
        ),
    )
    .with_hint("lesson modules are plain text files; remove it from the library folder")
}

/// Bytes to text, or a located error when they are not UTF-8 text.
/// As [`decode`], keeping the bytes as the text where they already are UTF-8 (nearly always), so
/// that a large library is never held in memory twice.
pub fn decode_owned(
    display: &str,
    bytes: Vec<u8>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let plain = !bytes.starts_with(b"\xEF\xBB\xBF")
        && bytes.len() as u64 <= MAX_FILE_BYTES
        && !bytes.iter().take(8192).any(|&b| b == 0);
    if !plain {
        return decode(display, &bytes, diagnostics);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(error) => decode(display, error.as_bytes(), diagnostics),
    }
}

pub fn decode(display: &str, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    checked_text(display, bytes, diagnostics).map(str::to_string)
}

/// The text of `bytes`, less a byte order mark, if it is a text file a library may hold.
fn checked_text<'b>(
    display: &str,
    bytes: &'b [u8],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'b str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes); // a BOM from Windows editors
    if bytes.len() as u64 > MAX_FILE_BYTES {
        diagnostics.push(
            Diagnostic::whole_file(
                display,
                Severity::Error,
                Code::TooLarge,
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
                Code::BinaryFile,
                "this is a binary file, not TOML text",
            )
            .with_hint(
                "remove it from the library folder, or give it a name that does not end in .toml",
            ),
        );
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let file = SourceFile::new(display, prefix);
            let mut diagnostic = file.diagnostic(
                prefix.len()..prefix.len(),
                Severity::Error,
                Code::NotUtf8,
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

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn names(files: &[RawFile], root: &Path) -> Vec<String> {
        let root = root.display().to_string();
        files
            .iter()
            .map(|f| f.display.trim_start_matches(&root).to_string())
            .collect()
    }

    #[test]
    fn the_fingerprint_changes_with_lesson_files_and_only_them() {
        let dir = tempfile::tempdir().unwrap();
        let sources = [
            LibrarySource::Bundled,
            LibrarySource::Folder(dir.path().into()),
        ];
        let empty = fingerprint(&sources);
        assert_eq!(fingerprint(&sources), empty, "stable while nothing changes");
        std::fs::write(dir.path().join("notes.txt"), "not a lesson").unwrap();
        std::fs::write(dir.path().join(".module.toml.swp"), "editor").unwrap();
        assert_eq!(fingerprint(&sources), empty, "other files do not count");
        std::fs::create_dir(dir.path().join("year-5")).unwrap();
        let module = dir.path().join("year-5/module.toml");
        std::fs::write(&module, "id = \"a\"").unwrap();
        let added = fingerprint(&sources);
        assert_ne!(added, empty);
        std::fs::write(&module, "id = \"ab\"").unwrap();
        let edited = fingerprint(&sources);
        assert_ne!(edited, added, "a fixed file counts");
        std::fs::remove_file(&module).unwrap();
        assert_ne!(fingerprint(&sources), edited);
        assert_eq!(
            fingerprint(&[LibrarySource::Bundled]),
            fingerprint(&[LibrarySource::Bundled])
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_fingerprint_follows_no_link_round_in_circles() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/up")).unwrap();
        std::fs::write(dir.path().join("a/m.toml"), "").unwrap();
        let sources = [LibrarySource::Folder(dir.path().into())];
        assert_eq!(fingerprint(&sources), fingerprint(&sources));
    }

    #[test]
    fn a_link_back_up_the_tree_is_not_followed_round() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("one.toml"), "").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/two.toml"), "").unwrap();
        symlink("..", dir.path().join("sub/up")).unwrap();
        let mut diagnostics = Vec::new();
        let files = LibrarySource::Folder(dir.path().to_path_buf()).files(&mut diagnostics);
        assert_eq!(files.len(), 2, "each file once");
        assert_eq!(names(&files, dir.path()), ["/one.toml", "/sub/two.toml"]);
        assert!(
            !diagnostics.iter().any(Diagnostic::is_error),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn two_links_to_the_library_itself_read_each_module_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("one.toml"), "").unwrap();
        std::fs::write(dir.path().join("two.toml"), "").unwrap();
        symlink(".", dir.path().join("a")).unwrap();
        symlink(".", dir.path().join("b")).unwrap();
        let mut diagnostics = Vec::new();
        let files = LibrarySource::Folder(dir.path().to_path_buf()).files(&mut diagnostics);
        assert_eq!(files.len(), 2, "each file once");
        assert_eq!(names(&files, dir.path()), ["/one.toml", "/two.toml"]);
        assert!(
            !diagnostics.iter().any(Diagnostic::is_error),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn a_linked_folder_is_read_once_however_many_links_reach_it() {
        let outer = tempfile::tempdir().unwrap();
        let library = outer.path().join("library");
        let shared = outer.path().join("shared");
        std::fs::create_dir(&library).unwrap();
        std::fs::create_dir(&shared).unwrap();
        std::fs::write(shared.join("three.toml"), "").unwrap();
        symlink(&shared, library.join("shared")).unwrap();
        symlink(library.join("shared"), library.join("also-shared")).unwrap();
        let mut diagnostics = Vec::new();
        let files = LibrarySource::Folder(library.clone()).files(&mut diagnostics);
        assert_eq!(files.len(), 1, "each file once");
        assert_eq!(names(&files, &library), ["/also-shared/three.toml"]);
    }
}
