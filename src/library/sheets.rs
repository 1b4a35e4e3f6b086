//! Resource sheets: the printable things a lesson uses that are made of text (cut-out cards, a
//! chat laid out as a phone conversation, a worksheet, an exit ticket), written into the module
//! so that a teacher prints them instead of retyping them.

use serde::Serialize;
use toml::de::DeTable;

use super::diagnostic::Code;
use super::fields::{At, Problems, TableReader};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceSheet {
    pub title: String,
    /// The activity it is used in, counted from 1, where the module says.
    pub activity: Option<usize>,
    /// For whoever prepares it: how many to print, what to cut.
    pub instructions: Option<String>,
    pub content: SheetContent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SheetContent {
    /// One text per card, printed in a grid to cut out.
    Cards { cards: Vec<String> },
    /// A conversation as it looks on `owner`'s phone: their messages on the right.
    Chat {
        owner: String,
        app: Option<String>,
        messages: Vec<Message>,
    },
    /// Questions, each with `lines` lines to write on.
    Worksheet {
        questions: Vec<String>,
        lines: u32,
        /// Whether pupils write their name, where the module says; see [`asks_name`].
        #[serde(skip_serializing_if = "Option::is_none")]
        name_line: Option<bool>,
    },
    /// A slip of questions; several print on a page to cut apart.
    ExitTicket {
        questions: Vec<String>,
        lines: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        name_line: Option<bool>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub from: String,
    pub text: String,
}

impl SheetContent {
    pub fn kind(&self) -> &'static str {
        match self {
            SheetContent::Cards { .. } => "cards",
            SheetContent::Chat { .. } => "chat",
            SheetContent::Worksheet { .. } => "worksheet",
            SheetContent::ExitTicket { .. } => "exit-ticket",
        }
    }
}

impl ResourceSheet {
    /// Every text on the sheet, changed by `f` (a region's passages chosen, for one).
    pub fn map_texts(&self, f: impl Fn(&str) -> String) -> ResourceSheet {
        let list = |items: &[String]| items.iter().map(|t| f(t)).collect();
        let content = match &self.content {
            SheetContent::Cards { cards } => SheetContent::Cards { cards: list(cards) },
            SheetContent::Chat {
                owner,
                app,
                messages,
            } => SheetContent::Chat {
                owner: f(owner),
                app: app.as_deref().map(&f),
                messages: messages
                    .iter()
                    .map(|m| Message {
                        from: f(&m.from),
                        text: f(&m.text),
                    })
                    .collect(),
            },
            SheetContent::Worksheet {
                questions,
                lines,
                name_line,
            } => SheetContent::Worksheet {
                questions: list(questions),
                lines: *lines,
                name_line: *name_line,
            },
            SheetContent::ExitTicket {
                questions,
                lines,
                name_line,
            } => SheetContent::ExitTicket {
                questions: list(questions),
                lines: *lines,
                name_line: *name_line,
            },
        };
        ResourceSheet {
            title: f(&self.title),
            activity: self.activity,
            instructions: self.instructions.as_deref().map(&f),
            content,
        }
    }
}

/// Whether a sheet of questions asks for the pupil's name: as its `name_line` says, and otherwise
/// not in a sensitive lesson, whose answers are anonymous unless a teacher must follow one up.
pub fn asks_name(name_line: Option<bool>, sensitive: bool) -> bool {
    name_line.unwrap_or(!sensitive)
}

pub const KINDS: [&str; 4] = ["cards", "chat", "worksheet", "exit-ticket"];
pub const LINES_RANGE: std::ops::RangeInclusive<i64> = 1..=12;

/// Lines to write on under each question, where a sheet does not say: younger pupils write
/// bigger and less.
pub fn default_lines(youngest_age: Option<u8>) -> u32 {
    match youngest_age {
        Some(age) if age < 7 => 2,
        Some(age) if age < 11 => 3,
        Some(age) if age < 14 => 4,
        Some(_) => 5,
        None => 4,
    }
}

/// What the module's reader needs to check a module's sheets.
pub struct SheetContext<'a> {
    pub activity_count: usize,
    pub youngest_age: Option<u8>,
    /// The module's `resources` entries, which each sheet's title should start one of.
    pub resources: &'a [String],
}

/// The texts a sheet holds, with whether pupils read them, for the module's wording checks.
pub type SheetTexts = Vec<(At<String>, bool)>;

/// Reads the `[[resource_sheets]]` of a module. A broken sheet is reported and left out.
pub fn read_sheets(
    entries: Vec<(&DeTable, std::ops::Range<usize>)>,
    context: &SheetContext,
    problems: &mut Problems,
    texts: &mut SheetTexts,
) -> Vec<ResourceSheet> {
    let mut sheets = Vec::new();
    for (index, (table, span)) in entries.into_iter().enumerate() {
        let place = format!("resource sheet {}", index + 1);
        let at = span.start..span.start;
        let mut reader = TableReader::new(table, span, place.clone());
        if let Some(sheet) = read_sheet(&mut reader, &place, at, context, problems, texts) {
            sheets.push(sheet);
        }
        reader.finish(problems);
    }
    sheets
}

fn read_sheet(
    reader: &mut TableReader,
    place: &str,
    at: std::ops::Range<usize>,
    context: &SheetContext,
    problems: &mut Problems,
    texts: &mut SheetTexts,
) -> Option<ResourceSheet> {
    let errors_before = problems.error_count();
    let title = reader.line("title", true, "\"Profile cards\"", problems);
    if let Some(title) = &title {
        texts.push((title.clone(), true));
        if title.value.trim().is_empty() {
            problems.error(
                Code::EmptyField,
                title.span.clone(),
                format!("`title` in {place} is empty"),
                "name the sheet as the module's `resources` list names it",
            );
        } else if !context
            .resources
            .iter()
            .any(|resource| names_resource(&title.value, resource))
        {
            problems.warning(
                Code::SheetNotListed,
                title.span.clone(),
                format!(
                    "no entry of `resources` starts with the sheet's title \"{}\"",
                    title.value
                ),
                "start the matching `resources` entry with the sheet's title, e.g. \
                 \"Profile cards (activity 2), one set per group\", so the teacher plan says it \
                 is printed with the resources",
            );
        }
    }
    let kind = reader.string("kind", true, "\"cards\"", problems);
    let activity = reader
        .integer("activity", false, "2", problems)
        .and_then(|At { value, span }| {
            let count = context.activity_count;
            if value >= 1 && usize::try_from(value).is_ok_and(|v| v <= count) {
                return usize::try_from(value).ok();
            }
            problems.error(
                Code::OutOfRange,
                span,
                format!(
                    "{place} is for activity {value}, but the module has {count} activit{}",
                    if count == 1 { "y" } else { "ies" }
                ),
                format!("give the number of the activity that uses it, from 1 to {count}, or leave `activity` out"),
            );
            None
        });
    let instructions = reader.string(
        "instructions",
        false,
        "\"Cut out the cards. One set per group.\"",
        problems,
    );
    texts.extend(instructions.iter().map(|t| (t.clone(), false)));
    let content = match kind.as_ref().map(|k| k.value.as_str()) {
        Some("cards") => read_cards(reader, place, problems, texts),
        Some("chat") => read_chat(reader, place, at, problems, texts),
        Some(kind @ ("worksheet" | "exit-ticket")) => read_questions(
            reader, place, context, problems, texts,
        )
        .map(|(questions, lines, name_line)| {
            if kind == "worksheet" {
                SheetContent::Worksheet {
                    questions,
                    lines,
                    name_line,
                }
            } else {
                SheetContent::ExitTicket {
                    questions,
                    lines,
                    name_line,
                }
            }
        }),
        Some(other) => {
            let at = kind.as_ref().map(|k| k.span.clone()).unwrap_or_default();
            problems.error(
                Code::UnknownSheetKind,
                at,
                format!("unknown kind of resource sheet `{other}` in {place}"),
                format!("use one of: {}", KINDS.join(", ")),
            );
            None
        }
        None => None,
    };
    if problems.error_count() > errors_before {
        return None;
    }
    Some(ResourceSheet {
        title: title?.value,
        activity,
        instructions: instructions.map(|i| i.value),
        content: content?,
    })
}

/// Whether an entry of the resources list starts with the sheet's title (letter case aside).
pub fn names_resource(title: &str, resource: &str) -> bool {
    resource
        .trim()
        .to_lowercase()
        .starts_with(&title.trim().to_lowercase())
}

/// A required list of one-line texts with at least one item, none blank.
fn texts_list(
    reader: &mut TableReader,
    key: &'static str,
    example: &str,
    place: &str,
    problems: &mut Problems,
    texts: &mut SheetTexts,
) -> Option<Vec<String>> {
    let list = reader.line_list(key, true, example, problems)?;
    if list.value.is_empty() {
        problems.error(
            Code::EmptyField,
            list.span.clone(),
            format!("`{key}` in {place} is empty"),
            format!("add at least one, e.g. `{key} = {example}`"),
        );
    }
    for item in &list.value {
        texts.push((item.clone(), true));
        if item.value.trim().is_empty() {
            problems.error(
                Code::EmptyField,
                item.span.clone(),
                format!("an item of `{key}` in {place} is empty"),
                "write its text, or remove the empty item",
            );
        }
    }
    Some(list.value.into_iter().map(|i| i.value).collect())
}

fn read_cards(
    reader: &mut TableReader,
    place: &str,
    problems: &mut Problems,
    texts: &mut SheetTexts,
) -> Option<SheetContent> {
    let cards = texts_list(
        reader,
        "cards",
        "[\"A card's text\", \"Another card\"]",
        place,
        problems,
        texts,
    )?;
    Some(SheetContent::Cards { cards })
}

fn read_chat(
    reader: &mut TableReader,
    place: &str,
    at: std::ops::Range<usize>,
    problems: &mut Problems,
    texts: &mut SheetTexts,
) -> Option<SheetContent> {
    let owner = reader.line("owner", false, "\"Sam\"", problems);
    let app = reader.line("app", false, "\"Build Bay chat\"", problems);
    texts.extend(owner.iter().chain(&app).map(|t| (t.clone(), true)));
    let example = "{ from = \"Sam\", text = \"hi\" }";
    let entries = reader.table_list("messages", true, example, problems)?;
    if entries.is_empty() {
        problems.error(
            Code::EmptyField,
            at,
            format!("`messages` in {place} is empty"),
            format!("add the conversation, e.g. `messages = [{example}]`"),
        );
    }
    let mut messages = Vec::new();
    for (index, (table, span)) in entries.into_iter().enumerate() {
        let mut message =
            TableReader::new(table, span, format!("message {} of {place}", index + 1));
        let from = message.line("from", true, "\"Sam\"", problems);
        let text = message.line("text", true, "\"hi, are you on tonight?\"", problems);
        message.finish(problems);
        texts.extend(from.iter().chain(&text).map(|t| (t.clone(), true)));
        if let (Some(from), Some(text)) = (from, text) {
            messages.push(Message {
                from: from.value,
                text: text.value,
            });
        }
    }
    let owner = match owner {
        Some(owner) => {
            if !messages.iter().any(|m| m.from == owner.value) {
                problems.warning(
                    Code::UnknownChatOwner,
                    owner.span.clone(),
                    format!("`owner` {} sends no message in {place}", owner.value),
                    "name the person whose phone it is, as their messages' `from` names them",
                );
            }
            owner.value
        }
        None => messages.first().map(|m| m.from.clone()).unwrap_or_default(),
    };
    Some(SheetContent::Chat {
        owner,
        app: app.map(|a| a.value),
        messages,
    })
}

fn read_questions(
    reader: &mut TableReader,
    place: &str,
    context: &SheetContext,
    problems: &mut Problems,
    texts: &mut SheetTexts,
) -> Option<(Vec<String>, u32, Option<bool>)> {
    let questions = texts_list(
        reader,
        "questions",
        "[\"What could Jade say back?\"]",
        place,
        problems,
        texts,
    );
    let lines = reader
        .integer("lines", false, "4", problems)
        .and_then(|At { value, span }| {
            if LINES_RANGE.contains(&value) {
                return u32::try_from(value).ok();
            }
            problems.error(
                Code::OutOfRange,
                span,
                format!("`lines` in {place} is {value}, outside 1 to 12"),
                "give the number of lines to write on under each question, from 1 to 12, or \
                 leave `lines` out for the band's usual space",
            );
            None
        })
        .unwrap_or_else(|| default_lines(context.youngest_age));
    let name_line = reader
        .boolean("name_line", "true", problems)
        .map(|b| b.value);
    Some((questions?, lines, name_line))
}
