//! The plans folder: finding a plan file, naming a new one, and renaming, copying or deleting
//! one, always under the plan's lock and never over another file.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{Plan, lock_file_for, with_plan_lock};
use crate::atomic::folder_of;
use crate::library::diagnostic::{Code, Diagnostic};

/// A plan file found in a folder of plans, to choose one from.
#[derive(Debug)]
pub struct ListedPlan {
    pub path: PathBuf,
    /// The plan, or why it cannot be read: an unreadable file is listed all the same, so that
    /// nothing in the folder is hidden.
    pub plan: Result<Plan, Box<Diagnostic>>,
}

/// The plans (`*.toml`) in `dir`, newest first; none if the folder does not exist yet. What is
/// not a regular file (a named pipe, a folder named `.toml`) is no plan and is left out: reading
/// a named pipe would wait forever.
pub fn list_plans(dir: &Path) -> io::Result<Vec<ListedPlan>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut listed: Vec<(SystemTime, ListedPlan)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|x| x == "toml"))
        .filter_map(|path| {
            let meta = std::fs::metadata(&path).ok().filter(|m| m.is_file())?;
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            let plan = Plan::load(&path);
            Some((modified, ListedPlan { path, plan }))
        })
        .collect();
    listed.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    Ok(listed.into_iter().map(|(_, plan)| plan).collect())
}

/// `name` in `dir`, or `name-2`, `name-3`, ... if taken, so a new plan never overwrites another.
pub fn unused_path(dir: &Path, name: &str) -> PathBuf {
    let candidate = dir.join(name);
    if !candidate.exists() {
        return candidate;
    }
    let stem = name.trim_end_matches(".toml");
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.toml")))
        .find(|p| !p.exists())
        .unwrap_or(candidate)
}

/// The planner's title for a plan not given one yet; its file is `untitled-plan.toml`.
pub const NEW_PLAN_TITLE: &str = "Untitled plan";

/// Renames a plan's file after its title changed from `old_title` to `new_title`, when the file's
/// name was made from the old title the way new plans are named (`year-5.toml`, or `year-5-2.toml`
/// when that was taken), or is a new plan's `untitled-plan.toml`. The new name is made from the
/// new title in the same folder and never replaces another file (`-2`, `-3`, ... as for new
/// plans). A name the teacher chose, or a symbolic link, is kept. Returns where the plan now is.
///
/// Done under the plan's lock, so no lessonplan process writes the old file meanwhile; its lock
/// file goes with it.
pub fn rename_for_title(path: &Path, old_title: &str, new_title: &str) -> io::Result<PathBuf> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(path.to_path_buf());
    };
    let named_after_title = name_made_from(name, old_title) || name_made_from(name, NEW_PLAN_TITLE);
    if !named_after_title || name_made_from(name, new_title) {
        return Ok(path.to_path_buf());
    }
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Ok(path.to_path_buf());
    }
    let dir = folder_of(path);
    let new_name = file_name_for(new_title);
    with_plan_lock(path, || {
        loop {
            let target = unused_path(dir, &new_name);
            match with_plan_lock(&target, || move_without_replacing(path, &target))? {
                Ok(()) => {
                    // A process that was waiting for the old lock finds no plan at the old name
                    // and says so; it cannot write one there, because it takes the lock first.
                    let _ = std::fs::remove_file(lock_file_for(path));
                    return Ok(target);
                }
                // Someone made a file of that name meanwhile: take the next one.
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(error),
            }
        }
    })?
}

/// Whether `name` is what [`file_name_for`] makes of `title`, with or without the `-N` that
/// [`unused_path`] adds.
fn name_made_from(name: &str, title: &str) -> bool {
    let Some(stem) = name.strip_suffix(".toml") else {
        return false;
    };
    let made = file_name_for(title);
    let made = made.trim_end_matches(".toml");
    match stem.strip_prefix(made) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('-')
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n >= 2 && !rest.starts_with("-0")),
        None => false,
    }
}

/// Moves `from` to `to`, refusing with `AlreadyExists` rather than replacing a file at `to`. A
/// hard link then an unlink cannot replace anything; where the file system has no hard links, a
/// check then a rename, which no lessonplan process can race as the caller holds both locks.
fn move_without_replacing(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from).inspect_err(|_| {
            // Never leave the plan under two names.
            let _ = std::fs::remove_file(to);
        }),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
        Err(_) if std::fs::symlink_metadata(to).is_ok() => {
            Err(io::Error::from(io::ErrorKind::AlreadyExists))
        }
        Err(_) => std::fs::rename(from, to),
    }
}

/// A file name for a new plan, from its title: lowercase words joined by '-'.
pub fn file_name_for(title: &str) -> String {
    format!("{}.toml", file_stem_for(title))
}

/// [`file_name_for`] without its `.toml`: what the files made from a plan (its handouts, its
/// calendar file) are named after.
pub fn file_stem_for(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() {
        "plan".to_string()
    } else {
        slug
    }
}

/// Where deleted plans go, inside the plans folder: out of every list, and back with a move.
pub const DELETED_FOLDER: &str = ".deleted";

/// A copy of the plan at `path`, titled "... (copy)" and saved beside it under a name of its own.
pub fn duplicate(path: &Path) -> Result<super::StoredPlan, Box<Diagnostic>> {
    let mut plan = Plan::load(path)?;
    plan.title = format!("{} (copy)", plan.title);
    let dir = folder_of(path);
    let problem = |error: io::Error| {
        Box::new(Diagnostic::whole_file(
            &path.display().to_string(),
            crate::library::Severity::Error,
            Code::CannotWrite,
            format!("cannot write a copy beside it: {error}"),
        ))
    };
    loop {
        let target = unused_path(dir, &file_name_for(&plan.title));
        match plan.save_new(&target) {
            Ok(stored) => return Ok(stored),
            // Someone made a file of that name meanwhile: take the next one.
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(problem(error)),
        }
    }
}

/// Moves the plan at `path` into the plans folder's [`DELETED_FOLDER`], where nothing lists it and
/// from where it can be moved back by hand. Never replaces an earlier deleted plan of the same
/// name. Returns where it went.
pub fn delete(path: &Path) -> io::Result<PathBuf> {
    let bin = folder_of(path).join(DELETED_FOLDER);
    std::fs::create_dir_all(&bin)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a plan file name"))?
        .to_string();
    with_plan_lock(path, || {
        loop {
            let target = unused_path(&bin, &name);
            match move_without_replacing(path, &target) {
                Ok(()) => {
                    let _ = std::fs::remove_file(lock_file_for(path));
                    return Ok(target);
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(error),
            }
        }
    })?
}

/// Gives the plan at `path` a new title, and its file a name from that title where its name was
/// made from the old one (see [`rename_for_title`]). Returns the plan as saved, where it now is.
pub fn retitle(path: &Path, title: &str) -> Result<super::StoredPlan, super::EditFileError> {
    let mut old = String::new();
    let plan = Plan::edit_file(path, |plan| {
        old = std::mem::replace(&mut plan.title, title.to_string());
        Ok(())
    })?;
    let path = rename_for_title(path, &old, title).map_err(super::EditFileError::Write)?;
    let stored = super::StoredPlan::load(&path).map_err(super::EditFileError::Unreadable)?;
    debug_assert_eq!(stored.plan, plan);
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_saved_beside_the_plan_under_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("year-5.toml");
        let mut plan = Plan::new("Year 5");
        plan.add("passwords-7-11");
        plan.save(&path).unwrap();
        let first = duplicate(&path).unwrap();
        assert_eq!(first.path, dir.path().join("year-5-copy.toml"));
        assert_eq!(first.plan.title, "Year 5 (copy)");
        assert_eq!(first.plan.items, plan.items);
        let second = duplicate(&path).unwrap();
        assert_eq!(second.path, dir.path().join("year-5-copy-2.toml"));
        assert_eq!(
            Plan::load(&path).unwrap(),
            plan,
            "the original is untouched"
        );
    }

    #[test]
    fn a_deleted_plan_is_moved_aside_never_over_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("year-5.toml");
        for title in ["first", "second"] {
            Plan::new(title).save(&path).unwrap();
            delete(&path).unwrap();
            assert!(!path.exists());
        }
        let bin = dir.path().join(DELETED_FOLDER);
        assert_eq!(Plan::load(&bin.join("year-5.toml")).unwrap().title, "first");
        assert_eq!(
            Plan::load(&bin.join("year-5-2.toml")).unwrap().title,
            "second"
        );
        assert!(
            list_plans(dir.path()).unwrap().is_empty(),
            "deleted plans are not listed"
        );
        assert!(!dir.path().join(".year-5.toml.lock").exists());
    }

    #[test]
    fn a_new_title_renames_a_file_named_after_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("year-5.toml");
        Plan::new("Year 5").save(&path).unwrap();
        let stored = retitle(&path, "Year 5 spring").unwrap();
        assert_eq!(stored.path, dir.path().join("year-5-spring.toml"));
        assert_eq!(stored.plan.title, "Year 5 spring");
        assert!(!path.exists());
        let chosen = dir.path().join("ours.toml");
        Plan::new("Year 6").save(&chosen).unwrap();
        assert_eq!(retitle(&chosen, "Year 6 spring").unwrap().path, chosen);
    }
}
