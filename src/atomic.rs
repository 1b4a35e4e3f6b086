//! Files written whole or not at all: a temporary file beside the target, flushed, given the
//! target's permissions, then renamed over it, so a crash or a full disk never leaves half a file.
//! Plans and the config file are saved this way.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Whether a save may replace a file already at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    Yes,
    No,
}

/// The folder a file is in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The file a path's bytes really live in: `path` with symbolic links followed, so that a save
/// renames its new file over the file a link points to instead of over the link. A path that
/// does not exist yet (or a link to one) is where the new file will be.
pub fn real_path(path: &Path) -> io::Result<PathBuf> {
    // Linux gives up after 40 links too; a loop of links must not hang a save.
    const MOST_LINKS: usize = 40;
    let mut current = path.to_path_buf();
    for _ in 0..MOST_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                // A relative link is relative to the folder holding it; `join` keeps absolute ones.
                current = folder_of(&current).join(link);
            }
            Ok(_) => return Ok(current),
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Temporary files are named `.lessonplan-NAME.XXXXXX.tmp` after the file they will replace, so
/// that a save can recognise those of its own file that a crash left behind.
const TEMP_PREFIX: &str = ".lessonplan-";
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM_CHARS: usize = 6;

/// Writes `bytes` to `target` atomically, creating its folder if need be. `target` is the real
/// file, links already followed ([`real_path`]). Returns the new file's modification time.
///
/// The owner cannot be kept (only root may give a file away); the mode is.
pub fn write(target: &Path, bytes: &[u8], replace: Replace) -> io::Result<Option<SystemTime>> {
    let dir = folder_of(target);
    std::fs::create_dir_all(dir)?;
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    remove_stale_temp_files(dir, &name);
    let permissions = match std::fs::metadata(target) {
        Ok(meta) => Some(meta.permissions()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{name}."))
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM_CHARS)
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file().sync_all()?;
    // Renaming keeps the modification time, so it can come from our own handle.
    let modified = temp.as_file().metadata()?.modified().ok();
    match replace {
        Replace::Yes => temp.persist(target).map_err(|e| e.error)?,
        Replace::No => temp.persist_noclobber(target).map_err(|e| e.error)?,
    };
    Ok(modified)
}

/// Removes temporary files of the file `name` left by a save that crashed before its rename.
/// Only this file's: another file's save may be running. Best effort: a file that cannot be
/// removed only takes up room.
fn remove_stale_temp_files(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{TEMP_PREFIX}{name}.");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let is_stale = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
            .is_some_and(|random| {
                random.len() == TEMP_RANDOM_CHARS
                    && random.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if is_stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
