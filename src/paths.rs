//! Every decision about where files live, in one place: flags, then environment, then the
//! platform's usual folders (XDG on Linux, Application Support on macOS, AppData on Windows).

use std::ffi::OsString;
use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};

use crate::library::LibrarySource;

pub const CONFIG_DIR_VAR: &str = "LESSONPLAN_CONFIG_DIR";
pub const DATA_DIR_VAR: &str = "LESSONPLAN_DATA_DIR";
pub const LIBRARY_VAR: &str = "LESSONPLAN_LIBRARY";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// Resolves the folders from the environment (read through `env`, so tests can supply one).
    pub fn resolve(env: impl Fn(&str) -> Option<OsString>) -> Paths {
        let project = directories::ProjectDirs::from("org", "lessonplan", "lessonplan");
        // Without a home folder (some CI and service accounts) fall back to the working folder.
        let fallback = || PathBuf::from(".lessonplan");
        let config_dir = env(CONFIG_DIR_VAR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| project.as_ref().map(|p| p.config_dir().to_path_buf()))
            .unwrap_or_else(fallback);
        let data_dir = env(DATA_DIR_VAR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| project.as_ref().map(|p| p.data_dir().to_path_buf()))
            .unwrap_or_else(fallback);
        Paths {
            config_dir,
            data_dir,
        }
    }

    pub fn from_process_env() -> Paths {
        Paths::resolve(|name| std::env::var_os(name))
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// Where saved lesson plans live.
    pub fn plans_dir(&self) -> PathBuf {
        self.data_dir.join("plans")
    }

    /// The school's calendar of terms and closures, unless the config names another.
    pub fn calendar_file(&self) -> PathBuf {
        self.data_dir
            .join(crate::school_year::calendar::CALENDAR_FILE)
    }

    /// The school's programme of plans, unless the config names another.
    pub fn programme_file(&self) -> PathBuf {
        self.data_dir.join("programme.toml")
    }

    /// Where the planner puts exported handouts unless the teacher picks another path.
    pub fn exports_dir(&self) -> PathBuf {
        self.data_dir.join("exports")
    }
}

/// Whether a plan was named by its name alone (`year5`, `year5.toml`) rather than by a path: a
/// path with a folder in it is always taken as it is.
pub fn is_bare_name(given: &Path) -> bool {
    let mut components = given.components();
    matches!(
        (components.next(), components.next()),
        (Some(std::path::Component::Normal(_)), None)
    )
}

/// Where `plan new NAME` puts a plan: a bare name goes into the plans folder (with `.toml` added if
/// it has no such ending), a path where it says.
pub fn new_plan_path(given: &Path, plans_dir: &Path) -> PathBuf {
    if is_bare_name(given) {
        plans_dir.join(with_toml_ending(given))
    } else {
        given.to_path_buf()
    }
}

/// The plan a command was given. A path is taken as it is. A bare name is looked for as given
/// and with `.toml` added, first in the current folder, then in the plans folder. `Err` lists
/// every place looked.
pub fn find_plan(given: &Path, plans_dir: &Path) -> Result<PathBuf, Vec<PathBuf>> {
    let candidates = if is_bare_name(given) {
        let mut names = vec![given.to_path_buf()];
        if !has_toml_ending(given) {
            names.push(with_toml_ending(given));
        }
        let in_plans: Vec<PathBuf> = names.iter().map(|name| plans_dir.join(name)).collect();
        names.extend(in_plans);
        names
    } else {
        vec![given.to_path_buf()]
    };
    // A folder of that name is no plan; anything else (even a named pipe) is the one meant, and
    // loading it says what is wrong with it.
    let is_there = |path: &PathBuf| std::fs::metadata(path).is_ok_and(|m| !m.is_dir());
    match candidates.iter().find(|path| is_there(path)) {
        Some(found) => Ok(found.clone()),
        None => Err(candidates),
    }
}

/// Whether `path` is in `dir` itself (not a folder below it), comparing real paths when both
/// exist.
pub fn is_directly_in(path: &Path, dir: &Path) -> bool {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder.unwrap_or(Path::new("."));
    match (folder.canonicalize(), dir.canonicalize()) {
        (Ok(folder), Ok(dir)) => folder == dir,
        _ => folder == dir,
    }
}

fn has_toml_ending(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "toml")
}

fn with_toml_ending(path: &Path) -> PathBuf {
    if has_toml_ending(path) {
        path.to_path_buf()
    } else {
        let mut name = path.as_os_str().to_owned();
        name.push(".toml");
        PathBuf::from(name)
    }
}

/// The libraries to load, in order: bundled, then the config file's, then `LESSONPLAN_LIBRARY`,
/// then `--library` flags. Later ones win when ids collide.
pub fn library_sources(
    config_libraries: &[PathBuf],
    env_value: Option<OsString>,
    flags: &[PathBuf],
) -> Vec<LibrarySource> {
    let mut sources = vec![LibrarySource::Bundled];
    sources.extend(config_libraries.iter().cloned().map(LibrarySource::Folder));
    if let Some(value) = env_value {
        sources.extend(
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .map(LibrarySource::Folder),
        );
    }
    sources.extend(flags.iter().cloned().map(LibrarySource::Folder));
    sources
}

/// Makes a path from the config file absolute, relative to the config file's folder.
pub fn relative_to(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// Reads a whole file, refusing anything that is not a regular file before opening it: opening a
/// named pipe waits for a writer that may never come, and a device may never end.
pub fn read_regular_file(path: &Path) -> io::Result<Vec<u8>> {
    let kind = std::fs::metadata(path)?.file_type();
    if !kind.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {}, not a file", describe_file_type(kind)),
        ));
    }
    std::fs::read(path)
}

/// What something that is not a regular file is, in a reader's words ("a named pipe").
pub fn describe_file_type(kind: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_platform_folders() {
        let paths = Paths::resolve(|name| match name {
            CONFIG_DIR_VAR => Some("/tmp/cfg".into()),
            DATA_DIR_VAR => Some("/tmp/data".into()),
            _ => None,
        });
        assert_eq!(paths.config_file(), PathBuf::from("/tmp/cfg/config.toml"));
        assert_eq!(paths.plans_dir(), PathBuf::from("/tmp/data/plans"));
        assert_eq!(paths.exports_dir(), PathBuf::from("/tmp/data/exports"));
    }

    #[test]
    fn empty_environment_values_are_ignored() {
        let paths = Paths::resolve(|_| Some(OsString::new()));
        assert_ne!(paths.config_dir, PathBuf::new());
    }

    #[test]
    fn libraries_are_ordered_bundled_config_env_flags() {
        let env = std::env::join_paths(["/env/a", "/env/b"]).unwrap();
        let sources = library_sources(
            &[PathBuf::from("/config")],
            Some(env),
            &[PathBuf::from("/flag")],
        );
        let names: Vec<String> = sources.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            ["bundled library", "/config", "/env/a", "/env/b", "/flag"]
        );
    }

    #[test]
    fn a_plan_named_alone_is_found_in_the_plans_folder() {
        // The current folder is the crate's, which has no plans; the CLI tests look there.
        let plans = tempfile::tempdir().unwrap();
        let plans = plans.path();
        std::fs::write(plans.join("year5.toml"), "").unwrap();
        std::fs::create_dir(plans.join("year5")).unwrap();
        assert_eq!(
            find_plan(Path::new("year5"), plans),
            Ok(plans.join("year5.toml")),
            "a folder is no plan"
        );
        assert_eq!(
            find_plan(Path::new("year5.toml"), plans),
            Ok(plans.join("year5.toml"))
        );
        let missing = find_plan(Path::new("year6"), plans).unwrap_err();
        assert_eq!(
            missing,
            [
                PathBuf::from("year6"),
                PathBuf::from("year6.toml"),
                plans.join("year6"),
                plans.join("year6.toml")
            ]
        );
        // A path is taken as it is, never looked for elsewhere.
        let path = plans.join("elsewhere").join("year5.toml");
        assert_eq!(find_plan(&path, plans), Err(vec![path.clone()]));
        assert_eq!(
            find_plan(Path::new("./year5.toml"), plans),
            Err(vec![PathBuf::from("./year5.toml")])
        );
    }

    #[test]
    fn new_plans_named_alone_go_into_the_plans_folder() {
        let plans = Path::new("/data/plans");
        assert_eq!(
            new_plan_path(Path::new("year5"), plans),
            plans.join("year5.toml")
        );
        assert_eq!(
            new_plan_path(Path::new("year5.toml"), plans),
            plans.join("year5.toml")
        );
        assert_eq!(
            new_plan_path(Path::new("./year5"), plans),
            PathBuf::from("./year5")
        );
        assert!(!is_bare_name(Path::new("a/b.toml")));
        assert!(!is_bare_name(Path::new("/b.toml")));
        assert!(!is_bare_name(Path::new("..")));
    }
}
