//! Every key binding in one table. The key-hint bar and the help screen are generated from it, so
//! they always tell the truth.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

use super::action::Action;
use super::app::{App, Overlay};
use crate::config::{KeySection, KeySetting};
use crate::library::diagnostic::{Diagnostic, Severity};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Browse and Plan views.
    Main,
    Browse,
    Plan,
    Coverage,
    Programme,
    /// Help, Problems and Open dialogs.
    Dialog,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Main => "Anywhere",
            Scope::Browse => "Browse",
            Scope::Plan => "Plan",
            Scope::Coverage => "Coverage",
            Scope::Programme => "Programme",
            Scope::Dialog => "Dialogs",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn special(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub struct Binding {
    /// What the config file's `[keys]` (or `[keys.dialogs]`) table calls it.
    pub name: &'static str,
    /// The keys it has unless the config file says otherwise.
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    pub description: &'static str,
    /// Shown in the hint bar under this short name.
    pub hint: Option<&'static str>,
}

const fn bind(
    name: &'static str,
    keys: &'static [Key],
    action: Action,
    scope: Scope,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        name,
        keys,
        action,
        scope,
        description,
        hint,
    }
}

use KeyCode::{
    BackTab, Backspace, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

pub static BINDINGS: &[Binding] = &[
    bind(
        "search",
        &[key('/')],
        Action::StartSearch,
        Scope::Browse,
        "Search titles, keywords, vocabulary and summaries",
        Some("search"),
    ),
    bind(
        "next_age_band",
        &[key('a')],
        Action::NextAgeBand,
        Scope::Browse,
        "Next age band filter",
        Some("ages"),
    ),
    bind(
        "previous_age_band",
        &[key('A')],
        Action::PreviousAgeBand,
        Scope::Browse,
        "Previous age band filter",
        None,
    ),
    bind(
        "next_strand",
        &[key('s')],
        Action::NextStrand,
        Scope::Browse,
        "Next strand filter",
        Some("strand"),
    ),
    bind(
        "previous_strand",
        &[key('S')],
        Action::PreviousStrand,
        Scope::Browse,
        "Previous strand filter",
        None,
    ),
    bind(
        "cycle_sensitive",
        &[key('x')],
        Action::CycleSensitivity,
        Scope::Browse,
        "Show all / sensitive only / standard only",
        Some("sensitive"),
    ),
    bind(
        "edit_module",
        &[key('e')],
        Action::EditModule,
        Scope::Browse,
        "Edit the selected module's file in your editor ($VISUAL or $EDITOR); the library is read again after",
        None,
    ),
    bind(
        "approve_module",
        &[key('R')],
        Action::ApproveModule,
        Scope::Browse,
        "Approve the selected module of your school's library (review done)",
        None,
    ),
    bind(
        "clear_filters",
        &[key('c'), special(Esc)],
        Action::ClearFilters,
        Scope::Browse,
        "Clear search and filters",
        None,
    ),
    bind(
        "add_to_plan",
        &[special(Enter), key('+')],
        Action::AddToPlan,
        Scope::Browse,
        "Add the selected module to the plan",
        Some("add"),
    ),
    bind(
        "switch_pane",
        &[special(Left), special(Right), key('h'), key('l')],
        Action::SwitchFocus,
        Scope::Browse,
        "Move between the list and the detail pane",
        Some("pane"),
    ),
    bind(
        "switch_pane",
        &[special(Left), special(Right), key('h'), key('l')],
        Action::SwitchFocus,
        Scope::Plan,
        "Move between the items and the details pane",
        Some("pane"),
    ),
    bind(
        "remove_item",
        &[key('d'), special(Delete)],
        Action::RemoveFromPlan,
        Scope::Plan,
        "Remove the selected item",
        Some("remove"),
    ),
    bind(
        "move_item_up",
        &[key('K')],
        Action::MoveItemUp,
        Scope::Plan,
        "Move the selected item up",
        Some("move up"),
    ),
    bind(
        "move_item_down",
        &[key('J')],
        Action::MoveItemDown,
        Scope::Plan,
        "Move the selected item down",
        Some("move down"),
    ),
    bind(
        "item_note",
        &[key('n')],
        Action::EditItemNote,
        Scope::Plan,
        "Write a note on the selected item",
        Some("note"),
    ),
    bind(
        "activities",
        &[key('a')],
        Action::EditActivities,
        Scope::Plan,
        "Leave out or shorten the selected lesson's activities (this plan only)",
        Some("activities"),
    ),
    bind(
        "calendar_file",
        &[key('c')],
        Action::SaveCalendarFile,
        Scope::Plan,
        "Save the lesson dates as a calendar file (.ics) for Outlook or Google Calendar",
        None,
    ),
    bind(
        "undo",
        &[key('u')],
        Action::Undo,
        Scope::Main,
        "Undo the last change to the plan",
        Some("undo"),
    ),
    bind(
        "redo",
        &[ctrl('r')],
        Action::Redo,
        Scope::Main,
        "Redo the change just undone",
        None,
    ),
    bind(
        "plan_details",
        &[key('e')],
        Action::EditPlanDetails,
        Scope::Plan,
        "Edit title, group, age band, teacher, notes",
        Some("details"),
    ),
    bind(
        "switch_view",
        &[special(Tab)],
        Action::SwitchView,
        Scope::Main,
        "Switch between Browse, Plan, Coverage and Programme",
        Some("views"),
    ),
    bind(
        "show_browse",
        &[key('1')],
        Action::ShowBrowse,
        Scope::Main,
        "Show Browse",
        None,
    ),
    bind(
        "show_plan",
        &[key('2')],
        Action::ShowPlan,
        Scope::Main,
        "Show the plan",
        None,
    ),
    bind(
        "show_coverage",
        &[key('3')],
        Action::ShowCoverage,
        Scope::Main,
        "Show coverage: what the library teaches each age band in each strand",
        None,
    ),
    bind(
        "show_programme",
        &[key('4')],
        Action::ShowProgramme,
        Scope::Main,
        "Show the programme: each year group's plans, term by term",
        None,
    ),
    bind(
        "term_left",
        &[special(Left), key('h')],
        Action::CellLeft,
        Scope::Programme,
        "The term to the left",
        Some("term"),
    ),
    bind(
        "term_right",
        &[special(Right), key('l')],
        Action::CellRight,
        Scope::Programme,
        "The term to the right",
        None,
    ),
    bind(
        "open_cell_plan",
        &[special(Enter)],
        Action::Submit,
        Scope::Programme,
        "Open the plan at the cursor",
        Some("open plan"),
    ),
    bind(
        "new_cell_plan",
        &[key('a')],
        Action::AddPlanToCell,
        Scope::Programme,
        "Make a new plan for this year group and term",
        Some("new plan here"),
    ),
    bind(
        "put_plan_in_cell",
        &[key('+')],
        Action::PutPlanInCell,
        Scope::Programme,
        "Put the open plan in this year group and term",
        Some("put open plan here"),
    ),
    bind(
        "remove_from_programme",
        &[key('d'), special(Delete)],
        Action::RemoveFromProgramme,
        Scope::Programme,
        "Take the plan out of the programme (its file stays)",
        Some("take out"),
    ),
    bind(
        "cell_left",
        &[special(Left), key('h')],
        Action::CellLeft,
        Scope::Coverage,
        "The age band to the left",
        Some("band"),
    ),
    bind(
        "cell_right",
        &[special(Right), key('l')],
        Action::CellRight,
        Scope::Coverage,
        "The age band to the right",
        None,
    ),
    bind(
        "progression",
        &[key('v')],
        Action::ToggleProgression,
        Scope::Coverage,
        "One strand band by band (its progression), or the whole grid",
        Some("progression"),
    ),
    bind(
        "open_cell",
        &[special(Enter)],
        Action::Submit,
        Scope::Coverage,
        "List the cell's modules; on a module, show it in Browse",
        Some("open"),
    ),
    bind(
        "new_module",
        &[key('n')],
        Action::NewModuleHere,
        Scope::Coverage,
        "Start a new module for this cell, in your school's library",
        Some("new module"),
    ),
    bind(
        "back",
        &[special(Esc)],
        Action::Cancel,
        Scope::Coverage,
        "Back from the modules list to the grid, or from the progression",
        None,
    ),
    bind(
        "down",
        &[key('j'), special(Down)],
        Action::Down,
        Scope::Main,
        "Move down (or scroll the pane on the right)",
        None,
    ),
    bind(
        "up",
        &[key('k'), special(Up)],
        Action::Up,
        Scope::Main,
        "Move up (or scroll the pane on the right)",
        None,
    ),
    bind(
        "page_down",
        &[special(PageDown), ctrl('d')],
        Action::PageDown,
        Scope::Main,
        "Page down",
        None,
    ),
    bind(
        "page_up",
        &[special(PageUp), ctrl('u')],
        Action::PageUp,
        Scope::Main,
        "Page up",
        None,
    ),
    bind(
        "top",
        &[key('g'), special(Home)],
        Action::Top,
        Scope::Main,
        "Go to the top",
        None,
    ),
    bind(
        "bottom",
        &[key('G'), special(End)],
        Action::Bottom,
        Scope::Main,
        "Go to the bottom",
        None,
    ),
    bind(
        "open_plan",
        &[key('o')],
        Action::OpenPlanDialog,
        Scope::Main,
        "Open a saved plan",
        Some("open"),
    ),
    bind(
        "print",
        &[key('p')],
        Action::ExportDialog,
        Scope::Main,
        "Print: export handouts as PDF, HTML or Markdown",
        Some("print"),
    ),
    bind(
        "reload_library",
        &[key('r')],
        Action::ReloadLibrary,
        Scope::Main,
        "Reload the library folders (also done when their files change)",
        None,
    ),
    bind(
        "open_exported",
        &[key('O')],
        Action::OpenExported,
        Scope::Main,
        "Open the file just exported in the system's viewer",
        None,
    ),
    bind(
        "school_details",
        &[key('i')],
        Action::SchoolDialog,
        Scope::Main,
        "School details: who parent letters come from",
        Some("school"),
    ),
    bind(
        "new_plan",
        &[key('N')],
        Action::NewPlan,
        Scope::Main,
        "Start a new plan",
        None,
    ),
    bind(
        "save",
        &[ctrl('s')],
        Action::Save,
        Scope::Main,
        "Save the plan now (it also saves after every change)",
        None,
    ),
    bind(
        "problems",
        &[key('!')],
        Action::ShowProblems,
        Scope::Main,
        "Show problems found in the library files",
        None,
    ),
    bind(
        "theme",
        &[key('t')],
        Action::CycleTheme,
        Scope::Main,
        "Switch colour theme (dark, light, high contrast)",
        None,
    ),
    bind(
        "help",
        &[key('?')],
        Action::ToggleHelp,
        Scope::Main,
        "Show this help",
        Some("help"),
    ),
    bind(
        "quit",
        &[key('q'), ctrl('c')],
        Action::Quit,
        Scope::Main,
        "Quit (asks first if the plan has changes that could not be saved)",
        Some("quit"),
    ),
    bind(
        "suspend",
        &[ctrl('z')],
        Action::Suspend,
        Scope::Main,
        "Suspend to the shell (type fg to come back)",
        None,
    ),
    bind(
        "down",
        &[key('j'), special(Down)],
        Action::Down,
        Scope::Dialog,
        "Next line",
        None,
    ),
    bind(
        "up",
        &[key('k'), special(Up)],
        Action::Up,
        Scope::Dialog,
        "Previous line",
        None,
    ),
    bind(
        "page_down",
        &[special(PageDown)],
        Action::PageDown,
        Scope::Dialog,
        "Page down",
        None,
    ),
    bind(
        "page_up",
        &[special(PageUp)],
        Action::PageUp,
        Scope::Dialog,
        "Page up",
        None,
    ),
    bind(
        "top",
        &[key('g'), special(Home)],
        Action::Top,
        Scope::Dialog,
        "Go to the top",
        None,
    ),
    bind(
        "bottom",
        &[key('G'), special(End)],
        Action::Bottom,
        Scope::Dialog,
        "Go to the bottom",
        None,
    ),
    bind(
        "choose",
        &[special(Enter)],
        Action::Submit,
        Scope::Dialog,
        "Choose; in the problems list, open the file at the problem's line in your editor",
        Some("choose"),
    ),
    bind(
        "leave_out",
        &[key(' ')],
        Action::ToggleOption,
        Scope::Dialog,
        "In the activities dialog: leave the activity out, or put it back",
        None,
    ),
    bind(
        "shorter",
        &[key('-')],
        Action::Shorter,
        Scope::Dialog,
        "In the activities dialog: a minute less for the activity",
        None,
    ),
    bind(
        "longer",
        &[key('+'), key('=')],
        Action::Longer,
        Scope::Dialog,
        "In the activities dialog: a minute more, up to the module's",
        None,
    ),
    bind(
        "close",
        &[special(Esc), key('q')],
        Action::Cancel,
        Scope::Dialog,
        "Close",
        Some("close"),
    ),
    bind(
        "rename_plan",
        &[key('r')],
        Action::RenamePlanFile,
        Scope::Dialog,
        "Open dialog: rename the selected plan",
        None,
    ),
    bind(
        "copy_plan",
        &[key('c')],
        Action::DuplicatePlanFile,
        Scope::Dialog,
        "Open dialog: copy the selected plan",
        None,
    ),
    bind(
        "delete_plan",
        &[key('d'), special(Delete)],
        Action::DeletePlanFile,
        Scope::Dialog,
        "Open dialog: delete the selected plan (it asks first, and keeps a copy)",
        None,
    ),
    bind(
        "quit",
        &[ctrl('c')],
        Action::Quit,
        Scope::Dialog,
        "Quit the planner",
        None,
    ),
    bind(
        "suspend",
        &[ctrl('z')],
        Action::Suspend,
        Scope::Dialog,
        "Suspend to the shell (type fg to come back)",
        None,
    ),
];

/// What the keyboard is talking to right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Browse,
    Plan,
    Coverage,
    Programme,
    Dialog,
    /// Typing into the search box.
    Search,
    /// Typing into a form field.
    Form,
    /// The export dialog: options change with Space and arrows, the path is typed.
    Export,
    /// The school details dialog: fields typed, Enter moves on, Ctrl-S saves.
    School,
    /// Asked on quit with unsaved changes: ↑↓ choose, the path is typed.
    Quit,
}

pub fn context(app: &App) -> Context {
    match &app.overlay {
        Some(Overlay::PlanForm(_) | Overlay::ItemNote { .. }) => Context::Form,
        Some(Overlay::OpenPlan(dialog)) if dialog.is_typing() => Context::Form,
        Some(Overlay::Curate(form)) if form.has_input() => Context::Form,
        Some(Overlay::Export(_)) => Context::Export,
        Some(Overlay::School(_)) => Context::School,
        Some(Overlay::Quit(_)) => Context::Quit,
        Some(_) => Context::Dialog,
        None if app.searching => Context::Search,
        None => match app.view {
            super::app::View::Browse => Context::Browse,
            super::app::View::Plan => Context::Plan,
            super::app::View::Coverage => Context::Coverage,
            super::app::View::Programme => Context::Programme,
        },
    }
}

fn scopes(context: Context) -> &'static [Scope] {
    match context {
        Context::Browse => &[Scope::Browse, Scope::Main],
        Context::Plan => &[Scope::Plan, Scope::Main],
        Context::Coverage => &[Scope::Coverage, Scope::Main],
        Context::Programme => &[Scope::Programme, Scope::Main],
        Context::Dialog => &[Scope::Dialog],
        Context::Search | Context::Form | Context::Export | Context::School | Context::Quit => &[],
    }
}

fn matches(key: &Key, event: &KeyEvent) -> bool {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    key.code == event.code && key.ctrl == ctrl
}

/// The key bindings in use: the table's, with the config file's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// Each binding's keys, in [`BINDINGS`] order.
    keys: Vec<Vec<Key>>,
    /// Why settings of the config file were not used, located there.
    pub problems: Vec<Diagnostic>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            keys: BINDINGS.iter().map(|b| b.keys.to_vec()).collect(),
            problems: Vec::new(),
        }
    }
}

fn section(scope: Scope) -> KeySection {
    match scope {
        Scope::Dialog => KeySection::Dialogs,
        Scope::Main | Scope::Browse | Scope::Plan | Scope::Coverage | Scope::Programme => {
            KeySection::Views
        }
    }
}

/// Actions a teacher cannot do without: a setting that leaves them no key is refused.
fn needs_a_key(binding: &Binding) -> bool {
    matches!(
        (binding.scope, &binding.action),
        (Scope::Main, Action::ToggleHelp | Action::Quit) | (Scope::Dialog, Action::Cancel)
    )
}

impl Keymap {
    /// The bindings with the config file's `[keys]` settings applied. A setting that cannot be
    /// used (an unknown action or key, a key already taken) is left out and reported, located in
    /// the config file; the binding keeps its usual keys.
    pub fn configured(settings: &[KeySetting]) -> Keymap {
        let mut keymap = Keymap::default();
        let mut problems = Vec::new();
        // Which setting changed each binding, so a clash can name it.
        let mut changed_by: Vec<Option<&KeySetting>> = vec![None; BINDINGS.len()];
        for setting in settings {
            let rows: Vec<usize> = BINDINGS
                .iter()
                .enumerate()
                .filter(|(_, b)| section(b.scope) == setting.section && b.name == setting.action)
                .map(|(i, _)| i)
                .collect();
            if rows.is_empty() {
                let names = action_names(setting.section);
                let hint = match crate::library::fields::closest(&setting.action, &names) {
                    Some(near) => {
                        format!("did you mean `{near}`? `lessonplan keys` lists every action")
                    }
                    None => "`lessonplan keys` lists every action and its keys".to_string(),
                };
                problems.push(problem(
                    &setting.name_at,
                    format!(
                        "unknown action `{}` in {}; it is left as it was",
                        setting.action,
                        setting.section.table_name()
                    ),
                    hint,
                ));
                continue;
            }
            let Some(written) = &setting.keys else {
                problems.push(problem(
                    &setting.value_at,
                    format!("`{}` should be a key or a list of keys", setting.action),
                    format!("for example {} = [\"j\", \"Down\"]", setting.action),
                ));
                continue;
            };
            let mut keys = Vec::new();
            let mut bad = None;
            for text in written {
                match parse_key(text) {
                    Ok(key) => keys.push(key),
                    Err(why) => {
                        bad = Some(why);
                        break;
                    }
                }
            }
            if let Some(why) = bad {
                problems.push(problem(
                    &setting.value_at,
                    format!("`{}`: {why}; its usual keys are kept", setting.action),
                    KEY_SYNTAX,
                ));
                continue;
            }
            if keys.is_empty() && rows.iter().any(|&i| needs_a_key(&BINDINGS[i])) {
                problems.push(problem(
                    &setting.value_at,
                    format!(
                        "`{}` needs at least one key; its usual keys are kept",
                        setting.action
                    ),
                    "give it the key you would like instead",
                ));
                continue;
            }
            for &row in &rows {
                keymap.keys[row] = keys.clone();
                changed_by[row] = Some(setting);
            }
        }
        // A key can mean one thing only where it is pressed. The defaults never clash, so
        // undoing the settings that do always ends.
        while let Some((first, second, key)) = keymap.clash() {
            let (undo, other) = match (changed_by[first], changed_by[second]) {
                (_, Some(_)) => (second, first),
                _ => (first, second),
            };
            let setting = changed_by[undo].expect("defaults never clash");
            problems.push(problem(
                &setting.value_at,
                format!(
                    "`{}` is already the key for `{}`; `{}` keeps its usual keys",
                    key_label(&key),
                    BINDINGS[other].name,
                    setting.action
                ),
                format!(
                    "choose another key, or give `{}` a different one too",
                    BINDINGS[other].name
                ),
            ));
            for (row, by) in changed_by.iter_mut().enumerate() {
                if by.is_some_and(|b| std::ptr::eq(b, setting)) {
                    keymap.keys[row] = BINDINGS[row].keys.to_vec();
                    *by = None;
                }
            }
        }
        crate::library::diagnostic::sort_diagnostics(&mut problems);
        keymap.problems = problems;
        keymap
    }

    /// Whether the binding at `row` of [`BINDINGS`] has keys the config file chose.
    pub fn is_changed(&self, row: usize) -> bool {
        self.keys[row] != BINDINGS[row].keys
    }

    /// Two bindings heard in one context that share a key: their rows and the key.
    fn clash(&self) -> Option<(usize, usize, Key)> {
        for context in [
            Context::Browse,
            Context::Plan,
            Context::Coverage,
            Context::Dialog,
        ] {
            let scopes = scopes(context);
            let heard: Vec<usize> = (0..BINDINGS.len())
                .filter(|&i| scopes.contains(&BINDINGS[i].scope))
                .collect();
            for (n, &a) in heard.iter().enumerate() {
                for &b in &heard[n + 1..] {
                    // The Browse and Plan rows of one action (switch_pane) are one setting.
                    if BINDINGS[a].name == BINDINGS[b].name {
                        continue;
                    }
                    if let Some(key) = self.keys[a].iter().find(|k| self.keys[b].contains(k)) {
                        return Some((a, b, *key));
                    }
                }
            }
        }
        None
    }

    /// Every binding with its keys now, in the table's order.
    pub fn bindings(&self) -> impl Iterator<Item = (&'static Binding, &[Key])> {
        BINDINGS.iter().zip(self.keys.iter().map(Vec::as_slice))
    }

    /// How the first key for `action` in the main views is written ("p", "Ctrl-S"), for
    /// messages that tell the teacher what to press; `None` if the config file left it no key.
    pub fn key_for(&self, action: &Action) -> Option<String> {
        self.bindings()
            .find(|(b, keys)| b.scope != Scope::Dialog && &b.action == action && !keys.is_empty())
            .map(|(_, keys)| key_label(&keys[0]))
    }

    /// "press p to print" when the action has a key, else the words after it on their own.
    pub fn press(&self, action: &Action, to: &str) -> String {
        match self.key_for(action) {
            Some(key) => format!("press {key} to {to}"),
            None => format!("use the help (?) to {to}"),
        }
    }

    /// The action a key press means in this context, if any.
    pub fn action_for(&self, event: KeyEvent, context: Context) -> Option<Action> {
        if matches!(
            context,
            Context::Search | Context::Form | Context::Export | Context::School | Context::Quit
        ) {
            return text_action(event, context);
        }
        let scopes = scopes(context);
        let bound = self
            .bindings()
            .filter(|(b, _)| scopes.contains(&b.scope))
            .find(|(_, keys)| keys.iter().any(|k| matches(k, &event)))
            .map(|(b, _)| b.action.clone());
        // Ctrl-C quits, whatever the config file says, as in any terminal program.
        let ctrl_c =
            event.code == KeyCode::Char('c') && event.modifiers.contains(KeyModifiers::CONTROL);
        bound.or(ctrl_c.then_some(Action::Quit))
    }

    /// The hint bar's entries in this context, in the order they are shown.
    pub fn hints(&self, context: Context) -> Vec<Hint> {
        use Priority::{Essential, Main};
        match context {
            Context::Search => vec![
                hint("type", "filter", Main),
                hint("↑↓", "move", Main),
                hint("Enter", "keep", Essential),
                hint("Esc", "clear", Essential),
            ],
            Context::Form => vec![
                hint("Tab", "next field", Main),
                hint("Enter", "save", Essential),
                hint("Esc", "cancel", Essential),
            ],
            Context::Export => vec![
                hint("↑↓", "field", Main),
                hint("Space ←→", "change", Main),
                hint("Enter", "export", Essential),
                hint("Esc", "cancel", Essential),
            ],
            Context::School => vec![
                hint("↑↓", "field", Main),
                hint("Enter", "next", Main),
                hint("Ctrl-S", "save", Essential),
                hint("Esc", "cancel", Essential),
            ],
            Context::Quit => vec![
                hint("↑↓", "choose", Main),
                hint("Enter", "do it", Essential),
                hint("Esc", "stay", Essential),
            ],
            _ => {
                let scopes = scopes(context);
                let mut hints: Vec<Hint> = self
                    .bindings()
                    .filter(|(b, _)| scopes.contains(&b.scope))
                    .filter_map(|(b, keys)| {
                        let label = b.hint?;
                        Some(hint(&key_label(keys.first()?), label, priority(&b.action)))
                    })
                    .collect();
                // Help and quit come first, where the eye starts; the rest keep the table's order.
                hints.sort_by_key(|h| h.priority != Priority::Essential);
                hints
            }
        }
    }
}

fn problem(at: &Diagnostic, message: String, hint: impl Into<String>) -> Diagnostic {
    let mut problem = at.clone();
    problem.severity = Severity::Warning;
    problem.message = message;
    problem.hint = Some(hint.into());
    problem
}

/// The action names a `[keys]` section knows, each once.
pub fn action_names(section_wanted: KeySection) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for b in BINDINGS
        .iter()
        .filter(|b| section(b.scope) == section_wanted)
    {
        if !names.contains(&b.name) {
            names.push(b.name);
        }
    }
    names
}

/// How keys are written in the config file.
pub const KEY_SYNTAX: &str = "write a key as a letter or symbol (\"a\", \"A\", \"?\"), a name (Enter, Esc, Tab, \
     Shift-Tab, Space, Up, Down, Left, Right, PageUp, PageDown, Home, End, Delete, Backspace, F1-F12), \
     or Ctrl- and either (\"Ctrl-r\")";

/// Reads a key as the config file writes it: `a`, `A`, `?`, `Enter`, `PageDown`, `F5`,
/// `Ctrl-r` (also `ctrl+r`, `C-r`). Names are read in any case; a letter's case matters except
/// after Ctrl.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let trimmed = text.trim();
    let lower = trimmed.to_lowercase();
    for prefix in ["ctrl-", "ctrl+", "c-"] {
        if lower.starts_with(prefix) && trimmed.len() > prefix.len() {
            let rest = &trimmed[prefix.len()..];
            let mut key = parse_key(rest)?;
            if let KeyCode::Char(c) = key.code {
                key.code = KeyCode::Char(c.to_ascii_lowercase());
            }
            if key.ctrl {
                return Err(format!("`{text}` says Ctrl twice"));
            }
            key.ctrl = true;
            return Ok(key);
        }
    }
    let mut chars = trimmed.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        return Ok(special(KeyCode::Char(c)));
    }
    let code = match lower.as_str() {
        "enter" | "return" => Enter,
        "esc" | "escape" => Esc,
        "tab" => Tab,
        "shift-tab" | "shift+tab" | "backtab" => BackTab,
        "space" => KeyCode::Char(' '),
        "up" => Up,
        "down" => Down,
        "left" => Left,
        "right" => Right,
        "pageup" | "pgup" => PageUp,
        "pagedown" | "pgdn" => PageDown,
        "home" => Home,
        "end" => End,
        "delete" | "del" => Delete,
        "backspace" => Backspace,
        _ => match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            Some(n @ 1..=12) => KeyCode::F(n),
            _ if trimmed.is_empty() => return Err("an empty key".to_string()),
            _ => return Err(format!("`{text}` is not a key lessonplan knows")),
        },
    };
    Ok(special(code))
}

/// Keys while typing: editing keys edit, Enter confirms, Esc cancels.
fn text_action(event: KeyEvent, context: Context) -> Option<Action> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let edit = |request| Some(Action::Edit(request));
    match event.code {
        KeyCode::Enter => Some(Action::Submit),
        KeyCode::Esc => Some(Action::Cancel),
        KeyCode::Tab => Some(Action::NextField),
        BackTab => Some(Action::PreviousField),
        Up => Some(Action::Up),
        Down => Some(Action::Down),
        Backspace => edit(InputRequest::DeletePrevChar),
        Delete => edit(InputRequest::DeleteNextChar),
        Left => edit(InputRequest::GoToPrevChar),
        Right => edit(InputRequest::GoToNextChar),
        Home => edit(InputRequest::GoToStart),
        End => edit(InputRequest::GoToEnd),
        // Ctrl-C quits from anywhere, as in any terminal program (asking first if anything is
        // unsaved).
        KeyCode::Char('c') if ctrl => Some(Action::Quit),
        KeyCode::Char('s') if ctrl && context == Context::School => Some(Action::Save),
        KeyCode::Char('z') if ctrl => Some(Action::Suspend),
        KeyCode::Char('w') if ctrl => edit(InputRequest::DeletePrevWord),
        KeyCode::Char('u') if ctrl => edit(InputRequest::DeleteLine),
        KeyCode::Char(c) if !ctrl => edit(InputRequest::InsertChar(c)),
        _ => None,
    }
}

/// How a key is written in hints and help.
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        Enter => "Enter".into(),
        Esc => "Esc".into(),
        Tab => "Tab".into(),
        BackTab => "Shift-Tab".into(),
        Up => "↑".into(),
        Down => "↓".into(),
        Left => "←".into(),
        Right => "→".into(),
        PageUp => "PgUp".into(),
        PageDown => "PgDn".into(),
        Home => "Home".into(),
        End => "End".into(),
        Delete => "Del".into(),
        Backspace => "Backspace".into(),
        KeyCode::F(n) => format!("F{n}"),
        _ => "?".into(),
    };
    if key.ctrl {
        // Ctrl-R, as menus and manuals write it; the letter's case does not matter with Ctrl.
        match key.code {
            KeyCode::Char(c) if c != ' ' => format!("Ctrl-{}", c.to_uppercase()),
            _ => format!("Ctrl-{name}"),
        }
    } else {
        name
    }
}

/// How much a hint matters when the hint bar is too narrow for them all: the less important are
/// left out first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Help, quit, confirm and cancel: without them a teacher is stuck.
    Essential,
    /// What the view is for: search, add, print; remove and note items.
    Main,
    /// Moving around: between panes and views, reordering.
    Useful,
    Extra,
    /// Keys the screen already shows: the filter bar's chips, the details pane's title.
    ShownElsewhere,
}

/// One entry of the hint bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub label: &'static str,
    pub priority: Priority,
}

fn hint(key: &str, label: &'static str, priority: Priority) -> Hint {
    Hint {
        key: key.to_string(),
        label,
        priority,
    }
}

/// How much the hint for a binding's action matters.
fn priority(action: &Action) -> Priority {
    match action {
        Action::ToggleHelp | Action::Quit | Action::Submit | Action::Cancel => Priority::Essential,
        Action::StartSearch
        | Action::AddToPlan
        | Action::ExportDialog
        | Action::RemoveFromPlan
        | Action::EditItemNote => Priority::Main,
        Action::SwitchFocus
        | Action::SwitchView
        | Action::MoveItemUp
        | Action::MoveItemDown
        | Action::Undo => Priority::Useful,
        Action::NextAgeBand
        | Action::NextStrand
        | Action::CycleSensitivity
        | Action::EditPlanDetails => Priority::ShownElsewhere,
        _ => Priority::Extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// The keymap a config file with this text sets up.
    fn configured(text: &str) -> Keymap {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, text).unwrap();
        let (config, problems) = Config::load(&file);
        assert!(problems.is_empty(), "{problems:?}");
        Keymap::configured(&config.key_settings)
    }

    fn ctrl_key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Each problem as `line:column message`.
    fn problems(keymap: &Keymap) -> Vec<String> {
        keymap
            .problems
            .iter()
            .map(|p| {
                let at = (p.location.line, p.location.column);
                format!("{}:{} {}", at.0, at.1, p.message)
            })
            .collect()
    }

    #[test]
    fn the_config_file_changes_keys_in_the_views_and_the_dialogs() {
        let keymap = configured(
            "[keys]\nadd_to_plan = [\"Enter\", \"Insert\"]\nsearch = [\"/\", \"Ctrl-f\"]\n\
             remove_item = \"x\"\nundo = \"z\"\n[keys.dialogs]\nclose = [\"Esc\", \"Q\"]\n",
        );
        // `Insert` is not a key lessonplan knows: that setting is refused, the others apply.
        assert_eq!(problems(&keymap).len(), 1, "{:?}", problems(&keymap));
        assert!(problems(&keymap)[0].starts_with("2:15 `add_to_plan`: `Insert` is not a key"));
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('+')), Context::Browse),
            Some(Action::AddToPlan),
            "a refused setting keeps the usual keys"
        );
        assert_eq!(
            keymap.action_for(ctrl_key('f'), Context::Browse),
            Some(Action::StartSearch)
        );
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('x')), Context::Plan),
            Some(Action::RemoveFromPlan)
        );
        // The keys it replaced no longer do it.
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('d')), Context::Plan),
            None
        );
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('u')), Context::Plan),
            None
        );
        // The dialogs' table is their own: q no longer closes a dialog, Q does; in the views
        // q still quits.
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('q')), Context::Dialog),
            None
        );
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('Q')), Context::Dialog),
            Some(Action::Cancel)
        );
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('q')), Context::Browse),
            Some(Action::Quit)
        );
        // Hints, the help's rows and messages say the keys now in use.
        let hints = keymap.hints(Context::Plan);
        assert!(
            hints.iter().any(|h| h.key == "x" && h.label == "remove"),
            "{hints:?}"
        );
        assert!(
            hints.iter().any(|h| h.key == "z" && h.label == "undo"),
            "{hints:?}"
        );
        assert_eq!(keymap.key_for(&Action::Undo).as_deref(), Some("z"));
        assert_eq!(keymap.key_for(&Action::StartSearch).as_deref(), Some("/"));
        let row = BINDINGS
            .iter()
            .position(|b| b.name == "remove_item")
            .unwrap();
        assert!(keymap.is_changed(row));
        assert!(!keymap.is_changed(row - 1));
    }

    #[test]
    fn settings_that_cannot_be_used_are_located_and_keep_the_usual_keys() {
        let keymap = configured(
            "[keys]\nadd_to_pln = \"a\"\nadd_to_plan = \"a\"\nquit = []\nprint = 5\n\
             help = \"Ctrl-Ctrl-h\"\nnew_plan = []\n",
        );
        let found = problems(&keymap);
        let expect = [
            "2:1 unknown action `add_to_pln` in [keys]",
            "3:15 `a` is already the key for `next_age_band`; `add_to_plan` keeps its usual keys",
            "4:8 `quit` needs at least one key",
            "5:9 `print` should be a key or a list of keys",
            "6:8 `help`: `Ctrl-Ctrl-h` says Ctrl twice",
        ];
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        for (found, expect) in found.iter().zip(expect) {
            assert!(found.starts_with(expect), "{found} should start {expect}");
        }
        let hint = keymap.problems[0].hint.as_deref().unwrap();
        assert!(hint.contains("did you mean `add_to_plan`?"), "{hint}");
        // Each keeps the usual keys; `new_plan = []` takes N away (it needs no key).
        let usual = Keymap::default();
        for action in [
            Action::AddToPlan,
            Action::Quit,
            Action::ExportDialog,
            Action::ToggleHelp,
        ] {
            assert_eq!(
                keymap.key_for(&action),
                usual.key_for(&action),
                "{action:?}"
            );
        }
        assert_eq!(keymap.key_for(&Action::NewPlan), None);
        assert_eq!(
            keymap.press(&Action::NewPlan, "start"),
            "use the help (?) to start"
        );
    }

    #[test]
    fn ctrl_c_quits_whatever_the_config_file_says() {
        let keymap = configured("[keys]\nquit = \"Q\"\n");
        assert_eq!(
            keymap.action_for(ctrl_key('c'), Context::Browse),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('q')), Context::Browse),
            None
        );
        assert_eq!(
            keymap.action_for(press(KeyCode::Char('Q')), Context::Plan),
            Some(Action::Quit)
        );
    }

    #[test]
    fn keys_are_read_as_people_write_them() {
        let read = |text: &str| parse_key(text).map(|k| key_label(&k));
        for (written, label) in [
            ("a", "a"),
            ("A", "A"),
            ("?", "?"),
            ("Ctrl-r", "Ctrl-R"),
            ("ctrl+R", "Ctrl-R"),
            ("C-d", "Ctrl-D"),
            ("enter", "Enter"),
            ("ESCAPE", "Esc"),
            ("PgDn", "PgDn"),
            ("pagedown", "PgDn"),
            ("Shift-Tab", "Shift-Tab"),
            ("space", "Space"),
            ("F5", "F5"),
            ("Del", "Del"),
            ("ctrl-space", "Ctrl-Space"),
        ] {
            assert_eq!(read(written).as_deref(), Ok(label), "{written}");
        }
        for bad in ["", "F13", "Insert", "ctrl-", "ab"] {
            assert!(parse_key(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn every_action_has_a_name_unique_in_its_table() {
        for section in [KeySection::Views, KeySection::Dialogs] {
            for name in action_names(section) {
                let actions: Vec<&Action> = BINDINGS
                    .iter()
                    .filter(|b| self::section(b.scope) == section && b.name == name)
                    .map(|b| &b.action)
                    .collect();
                assert!(
                    actions.windows(2).all(|w| w[0] == w[1]),
                    "{name} names two actions"
                );
                assert!(
                    name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{name}"
                );
            }
        }
    }

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn no_key_means_two_things_in_one_context() {
        for scope_set in [
            scopes(Context::Browse),
            scopes(Context::Plan),
            scopes(Context::Dialog),
        ] {
            let keys: Vec<(KeyCode, bool)> = BINDINGS
                .iter()
                .filter(|b| scope_set.contains(&b.scope))
                .flat_map(|b| b.keys.iter().map(|k| (k.code, k.ctrl)))
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{k:?} is bound twice");
            }
        }
    }

    #[test]
    fn keys_depend_on_context() {
        assert_eq!(
            Keymap::default().action_for(press(KeyCode::Char('d')), Context::Plan),
            Some(Action::RemoveFromPlan)
        );
        assert_eq!(
            Keymap::default().action_for(press(KeyCode::Char('d')), Context::Browse),
            None
        );
        assert_eq!(
            Keymap::default().action_for(press(KeyCode::Char('q')), Context::Search),
            Some(Action::Edit(InputRequest::InsertChar('q')))
        );
        assert_eq!(
            Keymap::default().action_for(press(KeyCode::Char('q')), Context::Dialog),
            Some(Action::Cancel)
        );
        let shifted = KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(
            Keymap::default().action_for(shifted, Context::Plan),
            Some(Action::MoveItemDown)
        );
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(
            Keymap::default().action_for(ctrl_s, Context::Browse),
            Some(Action::Save)
        );
    }

    #[test]
    fn the_school_dialog_opens_from_both_views_and_types_its_keys() {
        for context in [Context::Browse, Context::Plan] {
            assert_eq!(
                Keymap::default().action_for(press(KeyCode::Char('i')), context),
                Some(Action::SchoolDialog)
            );
        }
        assert!(has_hint(Context::Browse, "i", "school"));
        // In the dialog, letters are typed (q and i too), Enter moves on and Ctrl-S saves.
        for c in ['i', 'q', 'S'] {
            assert_eq!(
                Keymap::default().action_for(press(KeyCode::Char(c)), Context::School),
                Some(Action::Edit(InputRequest::InsertChar(c)))
            );
        }
        assert_eq!(
            Keymap::default().action_for(press(KeyCode::Enter), Context::School),
            Some(Action::Submit)
        );
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(
            Keymap::default().action_for(ctrl_s, Context::School),
            Some(Action::Save)
        );
        assert_eq!(Keymap::default().action_for(ctrl_s, Context::Form), None);
        assert!(has_hint(Context::School, "Ctrl-S", "save"));
    }

    fn has_hint(context: Context, key: &str, label: &str) -> bool {
        Keymap::default()
            .hints(context)
            .iter()
            .any(|h| h.key == key && h.label == label)
    }

    #[test]
    fn hints_come_from_the_table() {
        assert!(has_hint(Context::Plan, "d", "remove"));
        assert!(has_hint(Context::Plan, "?", "help"));
        assert!(has_hint(Context::Plan, "←", "pane"));
        assert!(
            !Keymap::default()
                .hints(Context::Plan)
                .iter()
                .any(|h| h.label == "search")
        );
    }

    #[test]
    fn ctrl_z_suspends_in_every_context() {
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        for context in [
            Context::Browse,
            Context::Plan,
            Context::Dialog,
            Context::Search,
            Context::Form,
            Context::Export,
            Context::School,
        ] {
            assert_eq!(
                Keymap::default().action_for(ctrl_z, context),
                Some(Action::Suspend),
                "{context:?}"
            );
        }
        assert_eq!(
            Keymap::default().action_for(press(KeyCode::Char('z')), Context::Search),
            Some(Action::Edit(InputRequest::InsertChar('z')))
        );
    }

    #[test]
    fn the_plan_details_pane_is_reached_with_the_browse_keys() {
        for code in [
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Char('h'),
            KeyCode::Char('l'),
        ] {
            assert_eq!(
                Keymap::default().action_for(press(code), Context::Plan),
                Some(Action::SwitchFocus)
            );
        }
    }
}
