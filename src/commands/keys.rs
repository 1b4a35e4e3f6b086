//! `lessonplan keys`: the planner's key bindings as the config file can change them.

use std::io::Write;

use super::{Context, EXIT_OK};
use crate::config::KeySection;
use crate::tui::keymap::{BINDINGS, Scope, key_label};

/// Prints each `[keys]` section with every action's name, its keys now (marked where the config
/// file changed them) and what it does, then any settings that could not be used (they are
/// warnings: the planner starts with the usual keys for those).
pub fn list(context: &Context, out: &mut dyn Write) -> std::io::Result<u8> {
    let keymap = &context.keymap;
    let config = context.paths.config_file();
    writeln!(
        out,
        "Keys of the planner. Change them in {} with the action's name, for example:\n\n  \
         [keys]\n  search = [\"/\", \"Ctrl-f\"]\n  [keys.dialogs]\n  close = [\"Esc\", \"q\"]\n",
        config.display()
    )?;
    for section in [KeySection::Views, KeySection::Dialogs] {
        writeln!(out, "{}", section.table_name())?;
        let mut seen: Vec<&str> = Vec::new();
        let rows = keymap
            .bindings()
            .enumerate()
            .filter(|(_, (b, _))| (b.scope == Scope::Dialog) == (section == KeySection::Dialogs));
        for (row, (binding, keys)) in rows {
            // switch_pane is one setting for both views: listed once.
            if seen.contains(&binding.name) {
                continue;
            }
            seen.push(binding.name);
            let written: Vec<String> = keys.iter().map(key_label).collect();
            let written = if written.is_empty() {
                "(no key)".to_string()
            } else {
                written.join(" ")
            };
            let changed = if keymap.is_changed(row) { " *" } else { "" };
            writeln!(
                out,
                "  {:<18} {:<16} {}{changed}",
                binding.name, written, binding.description
            )?;
        }
        writeln!(out)?;
    }
    if BINDINGS
        .iter()
        .enumerate()
        .any(|(row, _)| keymap.is_changed(row))
    {
        writeln!(out, "* set in the config file")?;
    }
    for problem in &keymap.problems {
        writeln!(out, "{problem}")?;
    }
    Ok(EXIT_OK)
}
