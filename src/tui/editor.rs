//! Opening a library file in the teacher's own editor, at the line a problem names.

use std::path::Path;
use std::process::Command;

/// The editor to use: `$VISUAL`, else `$EDITOR`, else `vi`, as other terminal programs choose.
pub fn chosen(env: impl Fn(&str) -> Option<String>) -> String {
    ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(env)
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// The command that opens `file` in `editor` (which may carry arguments, as in `code -w`), at
/// `line` where the editor is known to take one: `+N file` for the vi, emacs and nano families,
/// `file:N` for helix and kakoune's `+N`, `--goto file:N` for VS Code.
pub fn command(editor: &str, file: &Path, line: Option<usize>) -> Command {
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let mut command = Command::new(program);
    command.args(words);
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    let file_text = file.display().to_string();
    match line {
        Some(line) if matches!(name, "hx" | "helix") => {
            command.arg(format!("{file_text}:{line}"));
        }
        Some(line) if matches!(name, "code" | "codium" | "code-insiders") => {
            command.arg("--goto").arg(format!("{file_text}:{line}"));
        }
        Some(line) if knows_plus_line(name) => {
            command.arg(format!("+{line}")).arg(file);
        }
        _ => {
            command.arg(file);
        }
    }
    command
}

fn knows_plus_line(name: &str) -> bool {
    matches!(
        name,
        "vi" | "vim"
            | "nvim"
            | "gvim"
            | "view"
            | "nano"
            | "pico"
            | "emacs"
            | "emacsclient"
            | "micro"
            | "kak"
            | "joe"
            | "ne"
            | "mg"
            | "jed"
            | "mcedit"
            | "vis"
            | "ed"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(command: &Command) -> Vec<String> {
        std::iter::once(command.get_program())
            .chain(command.get_args())
            .map(|s| s.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn visual_comes_before_editor_and_vi_is_the_last_resort() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            chosen(env(&[("VISUAL", "nvim"), ("EDITOR", "nano")])),
            "nvim"
        );
        assert_eq!(chosen(env(&[("VISUAL", " "), ("EDITOR", "nano")])), "nano");
        assert_eq!(chosen(env(&[])), "vi");
    }

    #[test]
    fn each_editor_is_told_the_line_its_own_way() {
        let file = Path::new("/lib/7-11/x.toml");
        let cases: [(&str, Option<usize>, &[&str]); 6] = [
            ("vim", Some(12), &["vim", "+12", "/lib/7-11/x.toml"]),
            (
                "/usr/bin/nano",
                Some(3),
                &["/usr/bin/nano", "+3", "/lib/7-11/x.toml"],
            ),
            ("hx", Some(12), &["hx", "/lib/7-11/x.toml:12"]),
            (
                "code -w",
                Some(4),
                &["code", "-w", "--goto", "/lib/7-11/x.toml:4"],
            ),
            ("gedit", Some(4), &["gedit", "/lib/7-11/x.toml"]),
            ("vim", None, &["vim", "/lib/7-11/x.toml"]),
        ];
        for (editor, line, expected) in cases {
            assert_eq!(words(&command(editor, file, line)), expected, "{editor}");
        }
    }
}
