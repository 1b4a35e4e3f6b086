//! The export dialog: which handouts, which format, which region's help services, and where.

use std::path::{Path, PathBuf};

use tui_input::{Input, InputRequest};

use crate::export::{self, ExportOptions, Format, Handout, Paper};

/// The rows of the dialog, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportRow {
    Handout(Handout),
    Format,
    Region,
    Paper,
    LargePrint,
    SessionPerPage,
    ReplySlip,
    SkipMissing,
    /// The school the letter comes from; Space opens the school details dialog.
    School,
    Path,
}

pub const EXPORT_ROWS: [ExportRow; 13] = [
    ExportRow::Handout(Handout::Teacher),
    ExportRow::Handout(Handout::Resources),
    ExportRow::Handout(Handout::Student),
    ExportRow::Handout(Handout::Parent),
    ExportRow::Format,
    ExportRow::Region,
    ExportRow::Paper,
    ExportRow::LargePrint,
    ExportRow::SessionPerPage,
    ExportRow::ReplySlip,
    ExportRow::SkipMissing,
    ExportRow::School,
    ExportRow::Path,
];

const FORMATS: [Format; 3] = [Format::Pdf, Format::Html, Format::Markdown];
const PAPERS: [Paper; 2] = [Paper::A4, Paper::Letter];

#[derive(Debug, Clone)]
pub struct ExportForm {
    pub options: ExportOptions,
    /// Regions that have help services, for the "Where to get help" boxes.
    pub regions: Vec<String>,
    pub path: Input,
    /// The teacher typed a path: stop renaming it to follow the other choices.
    pub path_edited: bool,
    pub focused: usize,
    pub error: Option<String>,
    /// The file exists and the teacher has been asked whether to replace it.
    pub confirm_replace: bool,
    plan_title: String,
    folder: PathBuf,
}

impl ExportForm {
    pub fn new(plan_title: &str, folder: &Path, regions: Vec<String>, region: &str) -> ExportForm {
        // An unknown region is kept, shown as unknown and refused on Enter, never swapped for
        // another country's services without the teacher seeing it.
        let region = regions
            .iter()
            .find(|r| r.eq_ignore_ascii_case(region.trim()))
            .cloned()
            .unwrap_or_else(|| region.to_string());
        let mut form = ExportForm {
            options: ExportOptions {
                region,
                ..ExportOptions::default()
            },
            regions,
            path: Input::default(),
            path_edited: false,
            focused: 0,
            error: None,
            confirm_replace: false,
            plan_title: plan_title.to_string(),
            folder: folder.to_path_buf(),
        };
        form.rename();
        form
    }

    pub fn region_is_known(&self) -> bool {
        self.regions.contains(&self.options.region)
    }

    pub fn focused_row(&self) -> ExportRow {
        EXPORT_ROWS[self.focused.min(EXPORT_ROWS.len() - 1)]
    }

    pub fn focus_next(&mut self, forward: bool) {
        let len = EXPORT_ROWS.len();
        self.focused = (self.focused + if forward { 1 } else { len - 1 }) % len;
    }

    pub fn is_chosen(&self, handout: Handout) -> bool {
        self.options.handouts.contains(&handout)
    }

    /// What a row shows as its current value.
    pub fn value(&self, row: ExportRow) -> String {
        let tick = |on: bool| if on { "[x]" } else { "[ ]" }.to_string();
        match row {
            ExportRow::Handout(handout) => tick(self.is_chosen(handout)),
            ExportRow::Format => self.options.format.label().to_string(),
            ExportRow::Region if !self.region_is_known() => {
                format!("{} (unknown: press Space to choose)", self.options.region)
            }
            ExportRow::Region => self.options.region.clone(),
            ExportRow::Paper => self.options.paper.label().to_string(),
            ExportRow::LargePrint => tick(self.options.large_print),
            ExportRow::SessionPerPage => tick(self.options.session_per_page),
            ExportRow::ReplySlip => tick(self.options.reply_slip),
            ExportRow::SkipMissing => tick(self.options.skip_missing),
            ExportRow::School => match &self.options.school.name {
                Some(name) => format!("{name} · Space to edit"),
                None => "no school details yet · Space to add them".to_string(),
            },
            ExportRow::Path => self.path.value().to_string(),
        }
    }

    pub fn label(row: ExportRow) -> &'static str {
        match row {
            ExportRow::Handout(handout) => handout.label(),
            ExportRow::Format => "Format",
            ExportRow::Region => "Help services for",
            ExportRow::Paper => "Paper",
            ExportRow::LargePrint => "Large print",
            ExportRow::SessionPerPage => "Session per page",
            ExportRow::ReplySlip => "Reply slip on letter",
            ExportRow::SkipMissing => "Skip missing modules",
            ExportRow::School => "Letter from",
            ExportRow::Path => "Save to",
        }
    }

    /// Space, ← and → change the focused option; on the path they edit the text.
    pub fn edit(&mut self, request: InputRequest) {
        self.error = None;
        self.confirm_replace = false;
        match (self.focused_row(), request) {
            (ExportRow::Path, request) => {
                self.path.handle(request);
                self.path_edited = true;
                return;
            }
            (_, InputRequest::GoToPrevChar) => self.change(false),
            (_, InputRequest::InsertChar(' ') | InputRequest::GoToNextChar) => self.change(true),
            _ => return,
        }
        self.rename();
    }

    fn change(&mut self, forward: bool) {
        let row = self.focused_row();
        let options = &mut self.options;
        match row {
            ExportRow::Handout(handout) => {
                if let Some(at) = options.handouts.iter().position(|h| *h == handout) {
                    options.handouts.remove(at);
                } else {
                    // Keep the handouts in their printed order whatever order they were ticked.
                    options.handouts.push(handout);
                    options
                        .handouts
                        .sort_by_key(|h| Handout::ALL.iter().position(|a| a == h));
                }
            }
            ExportRow::Format => options.format = step(&FORMATS, options.format, forward),
            ExportRow::Paper => options.paper = step(&PAPERS, options.paper, forward),
            ExportRow::Region => match self.regions.iter().position(|r| *r == options.region) {
                Some(position) => {
                    let next = step_index(self.regions.len(), position, forward);
                    options.region = self.regions[next].clone();
                }
                None => {
                    if let Some(first) = self.regions.first() {
                        options.region = first.clone();
                    }
                }
            },
            ExportRow::LargePrint => options.large_print = !options.large_print,
            ExportRow::SessionPerPage => options.session_per_page = !options.session_per_page,
            ExportRow::ReplySlip => options.reply_slip = !options.reply_slip,
            ExportRow::SkipMissing => options.skip_missing = !options.skip_missing,
            ExportRow::School | ExportRow::Path => {}
        }
    }

    /// Keeps the suggested file name in step with the choices until the teacher types their own.
    fn rename(&mut self) {
        if !self.path_edited {
            let name = export::default_file_name(&self.plan_title, &self.options);
            let path = self.folder.join(name);
            self.path = Input::new(path.display().to_string());
        }
    }

    /// The export to run, or what to fix first.
    /// What to export and the file to write, or what to fix first. `home` stands for `~`.
    pub fn request(&self, home: &Path) -> Result<(ExportOptions, PathBuf), String> {
        if self.options.handouts.is_empty() {
            return Err("Tick at least one handout".to_string());
        }
        if !self.region_is_known() {
            return Err(format!(
                "No help services are known for region `{}`: choose one of {}",
                self.options.region,
                self.regions.join(", ")
            ));
        }
        let typed = self.path.value().trim();
        if typed.is_empty() {
            return Err("Say where to save the file".to_string());
        }
        // A bare name goes in the exports folder shown, not wherever the planner was started.
        let path = self.folder.join(super::expand_home(typed, home));
        if let Some(named) = crate::export::Format::for_path(&path)
            && named != self.options.format
        {
            return Err(format!(
                "The name ends .{} but the format is {}: change the format or the name",
                path.extension().unwrap_or_default().to_string_lossy(),
                self.options.format.label()
            ));
        }
        Ok((self.options.clone(), path))
    }
}

fn step<T: Copy + PartialEq>(choices: &[T], current: T, forward: bool) -> T {
    let position = choices.iter().position(|c| *c == current).unwrap_or(0);
    choices[step_index(choices.len(), position, forward)]
}

fn step_index(len: usize, position: usize, forward: bool) -> usize {
    if forward {
        (position + 1) % len
    } else {
        (position + len - 1) % len
    }
}
