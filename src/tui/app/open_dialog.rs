//! The Open dialog: the plans folder's plans, to open one, or to rename, copy or delete it.
//! Deleting moves the file aside (see [`crate::plan::delete`]), so it asks once and can be undone
//! by hand; renaming types a new title in place.

use std::path::PathBuf;

use tui_input::Input;

use super::{App, MAX_FIELD_CHARS, Overlay, edit_within, paste_into};
use crate::tui::action::{Action, Effect, PlanFile, PlanFileChange};

#[derive(Debug, Clone, Default)]
pub struct OpenDialog {
    /// `None` while the folder is being read.
    pub files: Option<Vec<PlanFile>>,
    pub selected: usize,
    pub error: Option<String>,
    pub mode: OpenMode,
    /// The plan to select once the folder has been read again (a renamed or copied one).
    pub select: Option<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub enum OpenMode {
    #[default]
    Choosing,
    /// Typing the selected plan's new title.
    Renaming(Input),
    /// Asked whether to delete the selected plan.
    ConfirmingDelete,
}

impl OpenDialog {
    pub fn selected_file(&self) -> Option<&PlanFile> {
        self.files.as_ref()?.get(self.selected)
    }

    /// How many lines the dialog shows above the list: what went wrong, and the new title being
    /// typed or the question about deleting.
    pub fn notice_lines(&self) -> usize {
        let mode = match self.mode {
            OpenMode::Choosing => 0,
            OpenMode::Renaming(_) => 2,
            OpenMode::ConfirmingDelete => 3,
        };
        usize::from(self.error.is_some()) + mode
    }

    pub fn is_typing(&self) -> bool {
        matches!(self.mode, OpenMode::Renaming(_))
    }

    /// Takes in the folder as read; selects the plan asked for, if it is there.
    pub fn listed(&mut self, files: Vec<PlanFile>) {
        if let Some(wanted) = self.select.take()
            && let Some(at) = files.iter().position(|f| f.path == wanted)
        {
            self.selected = at;
        }
        self.selected = self.selected.min(files.len().saturating_sub(1));
        self.files = Some(files);
    }
}

impl App {
    pub(super) fn update_open_dialog(
        &mut self,
        mut dialog: OpenDialog,
        action: Action,
    ) -> Vec<Effect> {
        let mode = std::mem::take(&mut dialog.mode);
        let effects = match mode {
            OpenMode::Renaming(mut input) => match action {
                Action::Edit(request) => {
                    edit_within(&mut input, request, MAX_FIELD_CHARS);
                    dialog.mode = OpenMode::Renaming(input);
                    Vec::new()
                }
                Action::Paste(text) => {
                    let cut = paste_into(&mut input, &text, MAX_FIELD_CHARS);
                    self.pasted(cut, MAX_FIELD_CHARS);
                    dialog.mode = OpenMode::Renaming(input);
                    Vec::new()
                }
                Action::Submit => {
                    let title = input.value().trim().to_string();
                    match dialog.selected_file() {
                        _ if title.is_empty() => {
                            dialog.error = Some("Give the plan a title".into());
                            dialog.mode = OpenMode::Renaming(input);
                            Vec::new()
                        }
                        Some(file) => vec![Effect::RetitlePlanFile {
                            path: file.path.clone(),
                            title,
                        }],
                        None => Vec::new(),
                    }
                }
                // Esc (or Ctrl-C) leaves the renaming, not the dialog.
                Action::Cancel | Action::Quit => Vec::new(),
                _ => {
                    dialog.mode = OpenMode::Renaming(input);
                    Vec::new()
                }
            },
            OpenMode::ConfirmingDelete => match action {
                Action::Submit | Action::DeletePlanFile => dialog
                    .selected_file()
                    .map(|file| vec![Effect::DeletePlanFile(file.path.clone())])
                    .unwrap_or_default(),
                Action::Quit => return self.request_quit(),
                _ => Vec::new(), // anything else keeps the plan
            },
            OpenMode::Choosing => return self.choose_in_open_dialog(dialog, action),
        };
        self.overlay = Some(Overlay::OpenPlan(dialog));
        effects
    }

    fn choose_in_open_dialog(&mut self, mut dialog: OpenDialog, action: Action) -> Vec<Effect> {
        let count = dialog.files.as_ref().map_or(0, Vec::len);
        let selected = dialog.selected_file().cloned();
        let mut effects = Vec::new();
        match action {
            Action::Cancel => return Vec::new(),
            Action::Quit => return self.request_quit(),
            Action::Up => dialog.selected = dialog.selected.saturating_sub(1),
            Action::Down => dialog.selected = (dialog.selected + 1).min(count.saturating_sub(1)),
            Action::Top => dialog.selected = 0,
            Action::Bottom => dialog.selected = count.saturating_sub(1),
            Action::Submit => {
                if let Some(file) = selected {
                    effects.push(Effect::OpenPlan(file.path));
                }
            }
            Action::RenamePlanFile => {
                if let Some(file) = selected.clone().filter(|f| f.readable) {
                    dialog.error = None;
                    dialog.mode = OpenMode::Renaming(Input::new(file.title));
                } else if selected.is_some() {
                    dialog.error = Some("This file cannot be read as a plan, so it has no title to change: fix it or delete it".into());
                }
            }
            Action::DuplicatePlanFile => {
                if let Some(file) = selected {
                    effects.push(Effect::DuplicatePlanFile(file.path));
                }
            }
            Action::DeletePlanFile if selected.is_some() => {
                dialog.error = None;
                dialog.mode = OpenMode::ConfirmingDelete;
            }
            _ => {}
        }
        self.overlay = Some(Overlay::OpenPlan(dialog));
        effects
    }

    /// Takes in how a rename, copy or delete went: the open plan follows its file, the dialog
    /// reads the folder again and selects the plan concerned.
    pub(super) fn plan_file_changed(
        &mut self,
        result: Result<PlanFileChange, String>,
    ) -> Vec<Effect> {
        let change = match result {
            Ok(change) => change,
            Err(error) => {
                if let Some(Overlay::OpenPlan(dialog)) = &mut self.overlay {
                    dialog.error = Some(error.clone());
                }
                self.error(error);
                return Vec::new();
            }
        };
        let select = match &change {
            PlanFileChange::Retitled { from, stored } => {
                if self.plan_path.as_ref() == Some(from) {
                    self.plan_path = Some(stored.path.clone());
                    self.plan_stamp = Some(stored.stamp.clone());
                    self.plan.title = stored.plan.title.clone();
                }
                self.info(format!(
                    "Renamed to \u{201c}{}\u{201d} ({})",
                    stored.plan.title,
                    stored.path.display()
                ));
                Some(stored.path.clone())
            }
            PlanFileChange::Duplicated { stored } => {
                self.info(format!(
                    "Copied as \u{201c}{}\u{201d} ({})",
                    stored.plan.title,
                    stored.path.display()
                ));
                Some(stored.path.clone())
            }
            PlanFileChange::Deleted { from, to } => {
                let name = from.file_name().unwrap_or_default().to_string_lossy();
                let kept = to.file_name().unwrap_or_default().to_string_lossy();
                let mut text = format!(
                    "Deleted {name}: move it back from {}/{kept} in the plans folder to restore it",
                    crate::plan::DELETED_FOLDER
                );
                // The open plan's file is gone: carry on with a new plan, not a ghost of it.
                if self.plan_path.as_ref() == Some(from) {
                    self.start_new_plan();
                    text.push_str(". A new plan is open");
                }
                self.info(text);
                None
            }
        };
        if let Some(Overlay::OpenPlan(dialog)) = &mut self.overlay {
            dialog.files = None;
            dialog.select = select;
        }
        vec![Effect::ListPlans]
    }
}
