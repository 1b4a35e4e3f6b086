//! A PSHE lead's changes to the library from the planner: adapting a bundled module into the
//! school's folder, approving a module, and starting a new one for a gap in the coverage.

use std::path::PathBuf;

use tui_input::Input;

use super::{App, MAX_FIELD_CHARS, Overlay, edit_within, paste_into};
use crate::library::{BUNDLED_PREFIX, LibrarySource, ReviewStatus};
use crate::tui::action::{Action, Curated, Effect};

/// What the dialog is about to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurateKind {
    /// Copy the bundled module `id` into the school's folder `into`, then edit the copy.
    Adapt {
        id: String,
        title: String,
        into: PathBuf,
    },
    /// Record that the module in `file` was reviewed and approved; the input is who by.
    Approve { id: String, file: PathBuf },
    /// Write a new draft module for a band and strand into `into`; the input is its title.
    NewModule {
        band: String,
        strand: String,
        /// The strand's name, as the dialog says it.
        strand_label: String,
        into: PathBuf,
    },
}

#[derive(Debug, Clone)]
pub struct CurateForm {
    pub kind: CurateKind,
    /// Who approved, or the new module's title; unused when adapting.
    pub input: Input,
    pub error: Option<String>,
}

impl CurateForm {
    /// Whether the dialog has a field to type into.
    pub fn has_input(&self) -> bool {
        !matches!(self.kind, CurateKind::Adapt { .. })
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            CurateKind::Adapt { .. } => " Adapt a bundled module (Enter copy, Esc cancel) ",
            CurateKind::Approve { .. } => " Approve a module (Enter approve, Esc cancel) ",
            CurateKind::NewModule { .. } => " New module (Enter write it, Esc cancel) ",
        }
    }

    /// What the dialog says above its field.
    pub fn question(&self) -> String {
        match &self.kind {
            CurateKind::Adapt { title, into, .. } => format!(
                "\u{201c}{title}\u{201d} is part of lessonplan. Copy it into {} to change it \
                 there? The copy keeps its id, so it replaces the bundled module for your school; \
                 it opens in your editor.",
                into.display()
            ),
            CurateKind::Approve { id, file } => format!(
                "Record that `{id}` has been reviewed and is approved for teaching today, in {}. \
                 Reviewed by:",
                file.display()
            ),
            CurateKind::NewModule {
                band,
                strand_label,
                into,
                ..
            } => format!(
                "A new draft module for \u{201c}{strand_label}\u{201d}, ages {band}, written \
                 into {} from the commented template; it opens in your editor. Title:",
                into.display()
            ),
        }
    }
}

impl App {
    /// The first library folder of the school's own, where adapted and new modules go.
    pub fn school_folder(&self) -> Option<PathBuf> {
        self.library.sources.iter().find_map(|source| match source {
            LibrarySource::Folder(path) => Some(path.clone()),
            _ => None,
        })
    }

    fn no_school_folder(&mut self) {
        self.error(
            "No library folder of your school's to write into: make one with `lessonplan library \
             init DIR` and add it to the config's libraries (or start with --library DIR)",
        );
    }

    /// `e` on a bundled module: offer to adapt it into the school's folder.
    pub(super) fn offer_adapt(&mut self, id: String, title: String) {
        let Some(into) = self.school_folder() else {
            self.no_school_folder();
            return;
        };
        self.overlay = Some(Overlay::Curate(Box::new(CurateForm {
            kind: CurateKind::Adapt { id, title, into },
            input: Input::default(),
            error: None,
        })));
    }

    /// Approve the selected module: asks who reviewed it.
    pub(super) fn offer_approve(&mut self) {
        let Some(module) = self.selected_module() else {
            self.error("No module selected to approve");
            return;
        };
        if module.file.starts_with(BUNDLED_PREFIX) {
            let text = format!(
                "\u{201c}{}\u{201d} is a bundled module, reviewed by lessonplan's content team: \
                 adapt it (e) to keep a review of your own",
                module.title
            );
            self.error(text);
            return;
        }
        if module.status() == ReviewStatus::Approved && !module.is_overdue(self.today) {
            let text = format!(
                "\u{201c}{}\u{201d} is already approved; it is next due for review on {}",
                module.title,
                module
                    .next_review_due()
                    .map_or_else(|| "no date".to_string(), |d| d.to_string())
            );
            self.info(text);
            return;
        }
        let kind = CurateKind::Approve {
            id: module.id.clone(),
            file: PathBuf::from(&module.file),
        };
        let reviewer = self.school.sign_off_name.clone().unwrap_or_default();
        self.overlay = Some(Overlay::Curate(Box::new(CurateForm {
            kind,
            input: Input::new(reviewer),
            error: None,
        })));
    }

    /// A new module for the Coverage view's selected cell.
    pub(super) fn offer_new_module(&mut self) {
        let framework = &self.library.framework;
        let (Some(strand), Some(band)) = (
            framework.strands.get(self.coverage.strand),
            framework.age_bands.get(self.coverage.band),
        ) else {
            return;
        };
        let (strand, strand_label, band) =
            (strand.id.clone(), strand.label.clone(), band.id.clone());
        let Some(into) = self.school_folder() else {
            self.no_school_folder();
            return;
        };
        self.overlay = Some(Overlay::Curate(Box::new(CurateForm {
            kind: CurateKind::NewModule {
                band,
                strand,
                strand_label,
                into,
            },
            input: Input::default(),
            error: None,
        })));
    }

    pub(super) fn update_curate_form(
        &mut self,
        mut form: Box<CurateForm>,
        action: Action,
    ) -> Vec<Effect> {
        match action {
            Action::Edit(request) if form.has_input() => {
                edit_within(&mut form.input, request, MAX_FIELD_CHARS);
            }
            Action::Paste(text) if form.has_input() => {
                let cut = paste_into(&mut form.input, &text, MAX_FIELD_CHARS);
                self.pasted(cut, MAX_FIELD_CHARS);
            }
            Action::Submit => {
                let typed = form.input.value().trim().to_string();
                let effect = match &form.kind {
                    CurateKind::Adapt { id, into, .. } => Some(Effect::Adapt {
                        id: id.clone(),
                        into: into.clone(),
                    }),
                    CurateKind::Approve { .. } | CurateKind::NewModule { .. }
                        if typed.is_empty() || typed.contains('\n') =>
                    {
                        form.error = Some("Type it on one line first".into());
                        None
                    }
                    CurateKind::Approve { file, .. } => Some(Effect::Approve {
                        file: file.clone(),
                        by: typed,
                        on: self.today,
                    }),
                    CurateKind::NewModule {
                        band, strand, into, ..
                    } => Some(Effect::NewModule {
                        band: band.clone(),
                        strand: strand.clone(),
                        title: typed,
                        into: into.clone(),
                    }),
                };
                if let Some(effect) = effect {
                    self.overlay = Some(Overlay::Curate(form));
                    return vec![effect];
                }
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Curate(form));
        Vec::new()
    }

    /// A curator's change is made (or why not): the dialog closes, and the file opens in the
    /// editor or the library is read again, so the change shows.
    pub(super) fn curated(&mut self, result: Result<Curated, String>) -> Vec<Effect> {
        match result {
            Ok(done) => {
                if matches!(self.overlay, Some(Overlay::Curate(_))) {
                    self.overlay = None;
                }
                self.info(done.message);
                match done.edit {
                    Some(path) => vec![Effect::EditFile { path, line: None }],
                    None => self.reload_after_change(),
                }
            }
            Err(error) => {
                if let Some(Overlay::Curate(form)) = &mut self.overlay {
                    form.error = Some(error.clone());
                }
                self.error(error);
                Vec::new()
            }
        }
    }
}
