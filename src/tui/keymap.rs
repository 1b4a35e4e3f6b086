//! Every key binding in one table. The key-hint bar and the help screen are generated from it, so
//! they always tell the truth.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

use super::action::Action;
use super::app::{App, Overlay};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Browse and Plan views.
    Main,
    Browse,
    Plan,
    /// Help, Problems and Open dialogs.
    Dialog,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Main => "Anywhere",
            Scope::Browse => "Browse",
            Scope::Plan => "Plan",
            Scope::Dialog => "Dialogs",
        }
    }
}

#[derive(Debug, Clone, Copy)]
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
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    pub description: &'static str,
    /// Shown in the hint bar under this short name.
    pub hint: Option<&'static str>,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    scope: Scope,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
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
        &[key('/')],
        Action::StartSearch,
        Scope::Browse,
        "Search titles, keywords, vocabulary and summaries",
        Some("search"),
    ),
    bind(
        &[key('a')],
        Action::NextAgeBand,
        Scope::Browse,
        "Next age band filter",
        Some("ages"),
    ),
    bind(
        &[key('A')],
        Action::PreviousAgeBand,
        Scope::Browse,
        "Previous age band filter",
        None,
    ),
    bind(
        &[key('s')],
        Action::NextStrand,
        Scope::Browse,
        "Next strand filter",
        Some("strand"),
    ),
    bind(
        &[key('S')],
        Action::PreviousStrand,
        Scope::Browse,
        "Previous strand filter",
        None,
    ),
    bind(
        &[key('x')],
        Action::CycleSensitivity,
        Scope::Browse,
        "Show all / sensitive only / standard only",
        Some("sensitive"),
    ),
    bind(
        &[key('c'), special(Esc)],
        Action::ClearFilters,
        Scope::Browse,
        "Clear search and filters",
        None,
    ),
    bind(
        &[special(Enter), key('+')],
        Action::AddToPlan,
        Scope::Browse,
        "Add the selected module to the plan",
        Some("add"),
    ),
    bind(
        &[special(Left), special(Right), key('h'), key('l')],
        Action::SwitchFocus,
        Scope::Browse,
        "Move between the list and the detail pane",
        Some("pane"),
    ),
    bind(
        &[special(Left), special(Right), key('h'), key('l')],
        Action::SwitchFocus,
        Scope::Plan,
        "Move between the items and the details pane",
        Some("pane"),
    ),
    bind(
        &[key('d'), special(Delete)],
        Action::RemoveFromPlan,
        Scope::Plan,
        "Remove the selected item",
        Some("remove"),
    ),
    bind(
        &[key('K')],
        Action::MoveItemUp,
        Scope::Plan,
        "Move the selected item up",
        Some("move up"),
    ),
    bind(
        &[key('J')],
        Action::MoveItemDown,
        Scope::Plan,
        "Move the selected item down",
        Some("move down"),
    ),
    bind(
        &[key('n')],
        Action::EditItemNote,
        Scope::Plan,
        "Write a note on the selected item",
        Some("note"),
    ),
    bind(
        &[key('u')],
        Action::Undo,
        Scope::Main,
        "Undo the last change to the plan",
        Some("undo"),
    ),
    bind(
        &[ctrl('r')],
        Action::Redo,
        Scope::Main,
        "Redo the change just undone",
        None,
    ),
    bind(
        &[key('e')],
        Action::EditPlanDetails,
        Scope::Plan,
        "Edit title, group, age band, teacher, notes",
        Some("details"),
    ),
    bind(
        &[special(Tab)],
        Action::SwitchView,
        Scope::Main,
        "Switch between Browse and Plan",
        Some("browse/plan"),
    ),
    bind(
        &[key('1')],
        Action::ShowBrowse,
        Scope::Main,
        "Show Browse",
        None,
    ),
    bind(
        &[key('2')],
        Action::ShowPlan,
        Scope::Main,
        "Show the plan",
        None,
    ),
    bind(
        &[key('j'), special(Down)],
        Action::Down,
        Scope::Main,
        "Move down (or scroll the pane on the right)",
        None,
    ),
    bind(
        &[key('k'), special(Up)],
        Action::Up,
        Scope::Main,
        "Move up (or scroll the pane on the right)",
        None,
    ),
    bind(
        &[special(PageDown), ctrl('d')],
        Action::PageDown,
        Scope::Main,
        "Page down",
        None,
    ),
    bind(
        &[special(PageUp), ctrl('u')],
        Action::PageUp,
        Scope::Main,
        "Page up",
        None,
    ),
    bind(
        &[key('g'), special(Home)],
        Action::Top,
        Scope::Main,
        "Go to the top",
        None,
    ),
    bind(
        &[key('G'), special(End)],
        Action::Bottom,
        Scope::Main,
        "Go to the bottom",
        None,
    ),
    bind(
        &[key('o')],
        Action::OpenPlanDialog,
        Scope::Main,
        "Open a saved plan",
        Some("open"),
    ),
    bind(
        &[key('p')],
        Action::ExportDialog,
        Scope::Main,
        "Print: export handouts as PDF, HTML or Markdown",
        Some("print"),
    ),
    bind(
        &[key('r')],
        Action::ReloadLibrary,
        Scope::Main,
        "Reload the library folders (also done when their files change)",
        None,
    ),
    bind(
        &[key('O')],
        Action::OpenExported,
        Scope::Main,
        "Open the file just exported in the system's viewer",
        None,
    ),
    bind(
        &[key('i')],
        Action::SchoolDialog,
        Scope::Main,
        "School details: who parent letters come from",
        Some("school"),
    ),
    bind(
        &[key('N')],
        Action::NewPlan,
        Scope::Main,
        "Start a new plan",
        None,
    ),
    bind(
        &[ctrl('s')],
        Action::Save,
        Scope::Main,
        "Save the plan now (it also saves after every change)",
        None,
    ),
    bind(
        &[key('!')],
        Action::ShowProblems,
        Scope::Main,
        "Show problems found in the library files",
        None,
    ),
    bind(
        &[key('t')],
        Action::CycleTheme,
        Scope::Main,
        "Switch colour theme (dark, light, high contrast)",
        None,
    ),
    bind(
        &[key('?')],
        Action::ToggleHelp,
        Scope::Main,
        "Show this help",
        Some("help"),
    ),
    bind(
        &[key('q'), ctrl('c')],
        Action::Quit,
        Scope::Main,
        "Quit (asks first if the plan has changes that could not be saved)",
        Some("quit"),
    ),
    bind(
        &[ctrl('z')],
        Action::Suspend,
        Scope::Main,
        "Suspend to the shell (type fg to come back)",
        None,
    ),
    bind(
        &[key('j'), special(Down)],
        Action::Down,
        Scope::Dialog,
        "Next line",
        None,
    ),
    bind(
        &[key('k'), special(Up)],
        Action::Up,
        Scope::Dialog,
        "Previous line",
        None,
    ),
    bind(
        &[special(PageDown)],
        Action::PageDown,
        Scope::Dialog,
        "Page down",
        None,
    ),
    bind(
        &[special(PageUp)],
        Action::PageUp,
        Scope::Dialog,
        "Page up",
        None,
    ),
    bind(
        &[key('g'), special(Home)],
        Action::Top,
        Scope::Dialog,
        "Go to the top",
        None,
    ),
    bind(
        &[key('G'), special(End)],
        Action::Bottom,
        Scope::Dialog,
        "Go to the bottom",
        None,
    ),
    bind(
        &[special(Enter)],
        Action::Submit,
        Scope::Dialog,
        "Choose",
        Some("choose"),
    ),
    bind(
        &[special(Esc), key('q')],
        Action::Cancel,
        Scope::Dialog,
        "Close",
        Some("close"),
    ),
    bind(
        &[key('r')],
        Action::RenamePlanFile,
        Scope::Dialog,
        "Open dialog: rename the selected plan",
        None,
    ),
    bind(
        &[key('c')],
        Action::DuplicatePlanFile,
        Scope::Dialog,
        "Open dialog: copy the selected plan",
        None,
    ),
    bind(
        &[key('d'), special(Delete)],
        Action::DeletePlanFile,
        Scope::Dialog,
        "Open dialog: delete the selected plan (it asks first, and keeps a copy)",
        None,
    ),
    bind(
        &[ctrl('c')],
        Action::Quit,
        Scope::Dialog,
        "Quit the planner",
        None,
    ),
    bind(
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
        Some(Overlay::Export(_)) => Context::Export,
        Some(Overlay::School(_)) => Context::School,
        Some(Overlay::Quit(_)) => Context::Quit,
        Some(_) => Context::Dialog,
        None if app.searching => Context::Search,
        None => match app.view {
            super::app::View::Browse => Context::Browse,
            super::app::View::Plan => Context::Plan,
        },
    }
}

fn scopes(context: Context) -> &'static [Scope] {
    match context {
        Context::Browse => &[Scope::Browse, Scope::Main],
        Context::Plan => &[Scope::Plan, Scope::Main],
        Context::Dialog => &[Scope::Dialog],
        Context::Search | Context::Form | Context::Export | Context::School | Context::Quit => &[],
    }
}

fn matches(key: &Key, event: &KeyEvent) -> bool {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    key.code == event.code && key.ctrl == ctrl
}

/// The action a key press means in this context, if any.
pub fn action_for(event: KeyEvent, context: Context) -> Option<Action> {
    if matches!(
        context,
        Context::Search | Context::Form | Context::Export | Context::School | Context::Quit
    ) {
        return text_action(event, context);
    }
    let scopes = scopes(context);
    BINDINGS
        .iter()
        .filter(|b| scopes.contains(&b.scope))
        .find(|b| b.keys.iter().any(|k| matches(k, &event)))
        .map(|b| b.action.clone())
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
        _ => "?".into(),
    };
    if key.ctrl {
        format!("Ctrl-{name}")
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

/// The hint bar's entries in this context, in the order they are shown.
pub fn hints(context: Context) -> Vec<Hint> {
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
            let mut hints: Vec<Hint> = BINDINGS
                .iter()
                .filter(|b| scopes.contains(&b.scope))
                .filter_map(|b| {
                    let label = b.hint?;
                    Some(hint(&key_label(&b.keys[0]), label, priority(&b.action)))
                })
                .collect();
            // Help and quit come first, where the eye starts; the rest keep the table's order.
            hints.sort_by_key(|h| h.priority != Priority::Essential);
            hints
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            action_for(press(KeyCode::Char('d')), Context::Plan),
            Some(Action::RemoveFromPlan)
        );
        assert_eq!(action_for(press(KeyCode::Char('d')), Context::Browse), None);
        assert_eq!(
            action_for(press(KeyCode::Char('q')), Context::Search),
            Some(Action::Edit(InputRequest::InsertChar('q')))
        );
        assert_eq!(
            action_for(press(KeyCode::Char('q')), Context::Dialog),
            Some(Action::Cancel)
        );
        let shifted = KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(
            action_for(shifted, Context::Plan),
            Some(Action::MoveItemDown)
        );
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(action_for(ctrl_s, Context::Browse), Some(Action::Save));
    }

    #[test]
    fn the_school_dialog_opens_from_both_views_and_types_its_keys() {
        for context in [Context::Browse, Context::Plan] {
            assert_eq!(
                action_for(press(KeyCode::Char('i')), context),
                Some(Action::SchoolDialog)
            );
        }
        assert!(has_hint(Context::Browse, "i", "school"));
        // In the dialog, letters are typed (q and i too), Enter moves on and Ctrl-S saves.
        for c in ['i', 'q', 'S'] {
            assert_eq!(
                action_for(press(KeyCode::Char(c)), Context::School),
                Some(Action::Edit(InputRequest::InsertChar(c)))
            );
        }
        assert_eq!(
            action_for(press(KeyCode::Enter), Context::School),
            Some(Action::Submit)
        );
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(action_for(ctrl_s, Context::School), Some(Action::Save));
        assert_eq!(action_for(ctrl_s, Context::Form), None);
        assert!(has_hint(Context::School, "Ctrl-S", "save"));
    }

    fn has_hint(context: Context, key: &str, label: &str) -> bool {
        hints(context)
            .iter()
            .any(|h| h.key == key && h.label == label)
    }

    #[test]
    fn hints_come_from_the_table() {
        assert!(has_hint(Context::Plan, "d", "remove"));
        assert!(has_hint(Context::Plan, "?", "help"));
        assert!(has_hint(Context::Plan, "←", "pane"));
        assert!(!hints(Context::Plan).iter().any(|h| h.label == "search"));
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
                action_for(ctrl_z, context),
                Some(Action::Suspend),
                "{context:?}"
            );
        }
        assert_eq!(
            action_for(press(KeyCode::Char('z')), Context::Search),
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
                action_for(press(code), Context::Plan),
                Some(Action::SwitchFocus)
            );
        }
    }
}
