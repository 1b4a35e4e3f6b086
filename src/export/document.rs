//! The handouts as a format-neutral document: headings, paragraphs, lists, tables and boxed
//! panels. Text keeps its Markdown-lite `**bold**`; each writer decides how to show it.

use std::collections::BTreeSet;

use super::{ExportOptions, Handout, SchoolDocument};
use crate::config::ImageKind;
use crate::library::{
    AgeBand, AgeFit, Audience, FullModule, Library, Module, PupilWords, ResourceSheet, Service,
    ServiceKind, SheetContent, TextChanged,
};
use crate::markup;
use crate::plan::Plan;
use crate::plan::sessions::{Session, session_label, sessions_of};

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// The BCP 47 language tag of the text, e.g. `en-GB` (screen readers pick a voice by it).
    pub language: String,
    /// The phone numbers of the region's help services and the school: printed as links to
    /// dial wherever they appear.
    pub phones: Vec<String>,
    pub sections: Vec<Section>,
    /// Set for a document printed for the whole school rather than from one plan: the writers
    /// name its sections by it instead of by their handout.
    pub school: Option<SchoolDocument>,
    /// Printed across the page, for a wide grid.
    pub landscape: bool,
}

impl Document {
    /// What a section is called where it is printed on its own (a PDF footer, an HTML label).
    pub fn section_label(&self, section: &Section) -> &'static str {
        self.school
            .map_or(section.handout.label(), SchoolDocument::label)
    }

    /// The section's name in a page's markup (an HTML class).
    pub fn section_id(&self, section: &Section) -> &'static str {
        self.school.map_or(section.handout.id(), SchoolDocument::id)
    }
}

/// The English of the region's readers: spelling and a screen reader's voice follow it.
pub fn language_for(region: &str) -> String {
    match region {
        "uk" => "en-GB",
        "ie" => "en-IE",
        "au" => "en-AU",
        "nz" => "en-NZ",
        "us" => "en-US",
        _ => "en",
    }
    .to_string()
}

/// One handout; each starts on a new page.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Which of the plan's handouts; the one section of a school document is for staff, as the
    /// teacher plan is, and is named by [`Document::school`].
    pub handout: Handout,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 is the handout's title, 2 a module or part, 3 a part of a module, 4 an activity.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    Bullets(Vec<String>),
    /// Boxes to tick on paper.
    Checklist(Vec<String>),
    Table {
        header: Vec<String>,
        /// A line break in a cell starts a new line within it (a list of lessons in a term).
        rows: Vec<Vec<String>>,
        /// Relative column widths.
        widths: Vec<f32>,
    },
    /// A boxed panel with a title, kept on one page where it fits.
    Panel {
        title: String,
        blocks: Vec<Block>,
    },
    /// A letter's sign-off, kept together: the closing, space to sign, the name and role.
    Signature {
        closing: String,
        name: String,
        role: Option<String>,
    },
    /// A slip to cut off and return: a title, what it is for, and labelled lines to write on.
    ReplySlip {
        title: String,
        lead: String,
        fields: Vec<String>,
    },
    /// Cards to cut out, in a grid of dashed boxes.
    Cards(Vec<String>),
    /// A conversation as it shows on a phone: the app's name at the top, each message a bubble,
    /// the phone owner's on the right.
    Chat {
        app: Option<String>,
        owner: String,
        messages: Vec<ChatMessage>,
    },
    /// Ruled lines to write on; `tall` ones for young writers.
    WritingLines {
        lines: u32,
        tall: bool,
    },
    /// A dashed line to cut along, between slips printed on one page.
    CutLine,
    /// Another copy of what came before (an exit ticket slip, after its cut line), printed where
    /// it fits on the same page and left out where it would start a new one.
    SpareCopy(Vec<Block>),
    /// What follows starts a new page, where the format has pages.
    PageBreak,
    /// A picture, such as the school's logo, with the words a screen reader says for it.
    Image(Image),
    /// Blocks in a language of their own: a module's text where the module names its language.
    InLanguage {
        /// A BCP 47 tag, e.g. `ar` or `zh-Hans`.
        language: String,
        blocks: Vec<Block>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatMessage {
    pub from: String,
    pub text: String,
    /// Sent by the phone's owner: shown on the right.
    pub mine: bool,
}

/// An image's bytes as read from its file, and what kind of image they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub data: std::sync::Arc<Vec<u8>>,
    pub kind: ImageKind,
    pub alt: String,
}

impl Block {
    /// Every piece of text in the block, in reading order: headings, paragraphs, items, cells,
    /// and what boxes, sign-offs and slips hold.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) => vec![text],
            Block::Bullets(items) | Block::Checklist(items) => {
                items.iter().map(String::as_str).collect()
            }
            Block::Table { header, rows, .. } => header
                .iter()
                .chain(rows.iter().flatten())
                .map(String::as_str)
                .collect(),
            Block::Panel { title, blocks } => std::iter::once(title.as_str())
                .chain(blocks.iter().flat_map(Block::texts))
                .collect(),
            Block::Signature {
                closing,
                name,
                role,
            } => [Some(closing), Some(name), role.as_ref()]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect(),
            Block::ReplySlip {
                title,
                lead,
                fields,
            } => [title, lead]
                .into_iter()
                .chain(fields)
                .map(String::as_str)
                .collect(),
            Block::InLanguage { blocks, .. } | Block::SpareCopy(blocks) => {
                blocks.iter().flat_map(Block::texts).collect()
            }
            Block::Cards(cards) => cards.iter().map(String::as_str).collect(),
            Block::Chat { app, messages, .. } => app
                .iter()
                .map(String::as_str)
                .chain(
                    messages
                        .iter()
                        .flat_map(|m| [m.from.as_str(), m.text.as_str()]),
                )
                .collect(),
            Block::PageBreak | Block::Image(_) | Block::WritingLines { .. } | Block::CutLine => {
                Vec::new()
            }
        }
    }
}

/// Turns the plan into the chosen handouts, in printed order; or names a module whose file has
/// changed since the library was read, so that nothing is printed from a file half-changed.
pub fn build(
    plan: &Plan,
    library: &Library,
    options: &ExportOptions,
) -> Result<Document, TextChanged> {
    // Each module in full as printed for the region, its regional passages chosen once here.
    let mut modules: Vec<Option<FullModule>> = Vec::with_capacity(plan.items.len());
    for module in plan.resolve(library) {
        modules.push(match module {
            Some(module) => Some(module.in_full()?.for_region(&options.region)),
            None => None,
        });
    }
    // Every handout counts the same lessons: those the libraries have. The rest are listed, with
    // their notes, in the teacher plan.
    let mut items: Vec<Item> = Vec::new();
    let mut left_out: Vec<(&str, Option<&str>)> = Vec::new();
    for (index, (item, module)) in plan.items.iter().zip(&modules).enumerate() {
        let notes = item.notes.as_deref().filter(|n| !n.trim().is_empty());
        match module {
            Some(module) => items.push(Item {
                notes,
                module,
                planned: item,
                index,
            }),
            None => left_out.push((&item.module, notes)),
        }
    }
    let context = Context {
        plan,
        options,
        library,
        items,
        left_out,
        region: &options.region,
        sessions: crate::plan::sessions::sessions(plan, library),
        dated: options
            .calendar
            .as_ref()
            .and_then(|calendar| crate::school_year::date_plan(plan, library, calendar).ok()),
    };
    let sections = Handout::ALL
        .into_iter()
        .filter(|h| options.handouts.contains(h))
        .map(|handout| Section {
            handout,
            blocks: settle_subheadings(match handout {
                Handout::Teacher => teacher_plan(&context),
                Handout::Student => student_handout(&context),
                Handout::Parent => parent_letter(&context),
                Handout::Resources => resource_sheets(&context),
            }),
        })
        // Asked for among others, resource sheets are left out of a plan that has none; asked
        // for alone, the section says there are none rather than print nothing.
        .filter(|section| {
            section.handout != Handout::Resources
                || options.handouts == [Handout::Resources]
                || context
                    .modules()
                    .any(|m| !m.text.resource_sheets.is_empty())
        })
        .collect();
    Ok(Document {
        title: plan.title.clone(),
        language: language_for(&options.region),
        phones: phones(library, options),
        sections,
        school: None,
        landscape: false,
    })
}

/// Every number to dial that the handouts may print: the services for the region (longest
/// first, so that a number inside another never takes its place) and the school's.
pub(super) fn phones(library: &Library, options: &ExportOptions) -> Vec<String> {
    let school = &options.school;
    let fields = library
        .services
        .iter()
        .filter(|s| s.works_in(&options.region))
        .filter_map(|s| s.phone.as_deref())
        .chain(
            [&school.phone, &school.dsl_contact]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
    let mut numbers: Vec<String> = fields.flat_map(super::links::phone_numbers).collect();
    numbers.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    numbers.dedup();
    numbers
}

struct Item<'a> {
    notes: Option<&'a str>,
    module: &'a FullModule,
    /// The plan's item: which activities this lesson leaves out or shortens.
    planned: &'a crate::plan::PlanItem,
    /// Its position in the plan.
    index: usize,
}

impl Item<'_> {
    fn minutes(&self) -> u32 {
        self.planned.minutes(self.module)
    }
}

struct Context<'a> {
    plan: &'a Plan,
    options: &'a ExportOptions,
    library: &'a Library,
    items: Vec<Item<'a>>,
    /// Modules of the plan no library has, with their notes.
    left_out: Vec<(&'a str, Option<&'a str>)>,
    region: &'a str,
    /// The plan's lessons laid into its slots, when it has a lesson length.
    sessions: Option<Vec<Session>>,
    /// The sessions' dates, when the plan has a weekly slot and the school's calendar is given.
    dated: Option<crate::school_year::DatedPlan>,
}

impl Context<'_> {
    fn modules(&self) -> impl Iterator<Item = &FullModule> {
        self.items.iter().map(|i| i.module)
    }

    fn total_minutes(&self) -> u32 {
        self.items.iter().map(Item::minutes).sum()
    }

    /// The session or sessions that teach the `number`th lesson (from 1): "session 2", or
    /// "sessions 2-3" where a lesson goes on into the next slot.
    fn session_label(&self, number: usize) -> String {
        let taught = match (&self.sessions, self.items.get(number.wrapping_sub(1))) {
            (Some(sessions), Some(item)) => sessions_of(sessions, item.index),
            _ => vec![number],
        };
        session_label(&taught).unwrap_or_else(|| format!("session {number}"))
    }

    /// The dates item `index` is taught on, as the region writes them: "Tuesday 3 February".
    fn item_dates(&self, index: usize) -> Vec<String> {
        self.dated.as_ref().map_or_else(Vec::new, |dated| {
            dated
                .item_dates(index)
                .into_iter()
                .map(|d| crate::school_year::day_and_date_in(d, self.region))
                .collect()
        })
    }

    fn band(&self, module: &Module) -> Option<&AgeBand> {
        self.library.framework.age_band(&module.age_band)
    }

    /// The services a help box lists: those the modules signpost that work in the region and fit
    /// the reader; where none of them is somewhere to talk, the region's listening lines that fit
    /// too, so every box has one where the region has one. In library order.
    fn help_services(&self, modules: &[&Module], fits: impl Fn(&Service) -> bool) -> Vec<&Service> {
        let signposted: BTreeSet<&str> = modules
            .iter()
            .flat_map(|m| m.signposting.iter().map(String::as_str))
            .collect();
        let fitting = || {
            self.library
                .services
                .iter()
                .filter(|s| s.works_in(self.region) && fits(s))
        };
        let mut chosen: Vec<&Service> = fitting()
            .filter(|s| signposted.contains(s.id.as_str()))
            .collect();
        if chosen.iter().any(|s| s.is(ServiceKind::Listening)) {
            chosen.sort_by_key(|s| reading_order(s));
            return chosen;
        }
        // Lines meant for this reader come before lines for everyone (a parent is pointed to a
        // parents' helpline before a general crisis line).
        let listening: Vec<&Service> = fitting().filter(|s| s.is(ServiceKind::Listening)).collect();
        let for_reader: Vec<&Service> = listening
            .iter()
            .copied()
            .filter(|s| !s.audience.contains(&Audience::Everyone))
            .collect();
        let added = if for_reader.is_empty() {
            listening
        } else {
            for_reader
        };
        // A service that says nothing of its kind (written before `kind` existed, such as a
        // school's own counsellor) is offered as it always was, wherever nothing is signposted.
        let mut listed: Vec<&Service> = fitting()
            .filter(|s| chosen.contains(s) || added.contains(s) || s.kind.is_empty())
            .collect();
        listed.sort_by_key(|s| reading_order(s));
        listed
    }

    /// A pupil's box for one module.
    fn pupil_services(&self, module: &Module) -> Vec<&Service> {
        let band = self.band(module);
        self.help_services(&[module], |s| s.words_for_pupils(band).is_some())
    }

    /// The parent letter's box: services for parents and carers, and the emergency number.
    fn parent_services(&self, modules: &[&FullModule]) -> Vec<&Service> {
        let modules: Vec<&Module> = modules.iter().map(|m| &m.module).collect();
        let mut services = self.help_services(&modules, Service::serves_parents);
        for emergency in self.library.services.iter().filter(|s| {
            s.works_in(self.region) && s.serves_parents() && s.is(ServiceKind::Emergency)
        }) {
            if !services.iter().any(|s| s.id == emergency.id) {
                services.push(emergency);
            }
        }
        services
    }

    /// How the region is named in a sentence.
    fn region_name(&self) -> String {
        region_name(self.region)
    }
}

/// Somewhere to talk first, the emergency number last; otherwise the library's order.
fn reading_order(service: &Service) -> u8 {
    let order = [
        ServiceKind::Listening,
        ServiceKind::Advice,
        ServiceKind::Reporting,
        ServiceKind::Removal,
    ];
    if service.is(ServiceKind::Emergency) {
        return u8::MAX;
    }
    order
        .iter()
        .position(|k| service.is(*k))
        .map_or(order.len() as u8, |p| p as u8)
}

/// `uk` as "the UK", a region the program has no name for as its id in capitals.
pub fn region_name(region: &str) -> String {
    match region {
        "uk" => "the UK".into(),
        "ie" => "Ireland".into(),
        "au" => "Australia".into(),
        "nz" => "New Zealand".into(),
        "us" => "the United States".into(),
        other => other.to_uppercase(),
    }
}

fn h(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

/// The level of a heading written in module text as a bold line of its own ("**What to do**"):
/// one below the heading before it, settled once the handout is built.
const SUBHEADING: u8 = 0;

/// Markdown-lite text as paragraphs, bullet lists and sub-headings.
pub fn prose(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for block in markup::blocks(text) {
        match block {
            markup::Block::Paragraph(text) if is_bold_line(&text) => {
                blocks.push(h(SUBHEADING, markup::plain(&text)));
            }
            markup::Block::Paragraph(text) => blocks.push(Block::Paragraph(text)),
            markup::Block::Bullet(text) => match blocks.last_mut() {
                Some(Block::Bullets(items)) => items.push(text),
                _ => blocks.push(Block::Bullets(vec![text])),
            },
            markup::Block::Break => {
                // A break ends a list; the next bullet starts a new one.
                if matches!(blocks.last(), Some(Block::Bullets(_))) {
                    blocks.push(Block::Paragraph(String::new()));
                }
            }
        }
    }
    blocks.retain(|b| !matches!(b, Block::Paragraph(p) if p.is_empty()));
    blocks
}

/// A paragraph that is one bold run and nothing else, short enough to be a heading.
fn is_bold_line(text: &str) -> bool {
    matches!(markup::runs(text).as_slice(), [run] if run.bold && run.text.chars().count() <= 80)
}

/// Gives each sub-heading the level below the heading before it, so headings never skip a level.
fn settle_subheadings(blocks: Vec<Block>) -> Vec<Block> {
    settle_after(blocks, &mut 1)
}

fn settle_after(blocks: Vec<Block>, last: &mut u8) -> Vec<Block> {
    blocks
        .into_iter()
        .map(|block| match block {
            Block::Heading { level, text } if level == SUBHEADING => Block::Heading {
                level: (*last + 1).min(6),
                text,
            },
            Block::Heading { level, text } => {
                *last = level;
                Block::Heading { level, text }
            }
            Block::InLanguage { language, blocks } => Block::InLanguage {
                language,
                blocks: settle_after(blocks, last),
            },
            other => other,
        })
        .collect()
}

/// The module's own text, marked with its language where it names one, so that screen readers
/// and browsers read it in that language.
fn in_language(module: &Module, blocks: Vec<Block>) -> Vec<Block> {
    match &module.language {
        Some(language) if !blocks.is_empty() => vec![Block::InLanguage {
            language: language.clone(),
            blocks,
        }],
        _ => blocks,
    }
}

fn minutes(total: u32) -> String {
    match (total / 60, total % 60) {
        (0, m) => format!("{m} minutes"),
        (h, 0) => format!("{h} h ({total} minutes)"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn band_label(library: &Library, band: &str) -> String {
    library
        .framework
        .age_band(band)
        .map_or_else(|| band.to_string(), |b| b.label.clone())
}

const PREFLIGHT: [&str; 6] = [
    "Designated Safeguarding Lead (DSL) briefed on this lesson and the date it is taught",
    "Pupils with known concerns identified, and support or an alternative arranged",
    "Ground rules agreed with the class: no personal stories, no names, the right to pass",
    "Anonymous question box ready, and time set aside to answer it",
    "Help services for this lesson displayed and on the student handout",
    "Time kept free after the lesson for any pupil who wants to talk",
];

fn teacher_plan(cx: &Context) -> Vec<Block> {
    let plan = cx.plan;
    let mut blocks = vec![h(1, format!("Teacher plan: {}", plan.title))];
    let mut facts = Vec::new();
    if let Some(group) = &plan.group {
        facts.push(format!("**Group:** {group}"));
    }
    if let Some(year) = &plan.year_group {
        facts.push(format!("**Year group:** {year}"));
    }
    if let Some(band) = &plan.age_band {
        facts.push(format!("**Age band:** {}", band_label(cx.library, band)));
    }
    if let Some(teacher) = &plan.teacher {
        facts.push(format!("**Teacher:** {teacher}"));
    }
    let count = cx.sessions.as_ref().map_or(cx.items.len(), Vec::len);
    let slot = plan.lesson_minutes.filter(|_| cx.sessions.is_some());
    facts.push(format!(
        "**Total time:** {} in {count} session{}{}",
        minutes(cx.total_minutes()),
        if count == 1 { "" } else { "s" },
        slot.map_or(String::new(), |m| format!(" of {m} minutes"))
    ));
    if let (Some(dated), Some(schedule)) = (&cx.dated, &plan.schedule) {
        let mut when = format!("{}s", schedule.day.name());
        if let Some(time) = schedule.time {
            when.push_str(&format!(" at {time}"));
        }
        if let Some((first, last)) = dated.span() {
            when.push_str(&format!(
                ", {} to {}",
                crate::school_year::long_date_in(first, cx.region),
                crate::school_year::long_date_in(last, cx.region)
            ));
        }
        facts.push(format!("**Lessons:** {when}"));
    }
    blocks.push(Block::Bullets(facts));
    if let Some(dated) = &cx.dated {
        blocks.extend(dates_table(cx, dated));
    }
    // A session longer than its slot is said before anything else about the lessons.
    if let (Some(sessions), Some(slot)) = (&cx.sessions, slot) {
        let over: Vec<String> = sessions
            .iter()
            .enumerate()
            .filter(|(_, s)| s.over_by(slot) > 0)
            .map(|(n, s)| {
                format!(
                    "Session {} takes {} minutes, {} more than the slot: one activity is longer \
                     than a lesson. Shorten it or leave something out.",
                    n + 1,
                    s.minutes,
                    s.over_by(slot)
                )
            })
            .collect();
        if !over.is_empty() {
            blocks.push(Block::Panel {
                title: "Sessions that run over".into(),
                blocks: vec![Block::Bullets(over)],
            });
        }
    }
    if let Some(notes) = &plan.notes {
        blocks.push(h(2, "Plan notes"));
        blocks.extend(prose(notes));
    }
    if !cx.left_out.is_empty() {
        let lines = cx
            .left_out
            .iter()
            .map(|(id, notes)| match notes {
                Some(notes) => format!("**{id}** (your note: {notes})"),
                None => format!("**{id}**"),
            })
            .collect();
        blocks.push(Block::Panel {
            title: "Left out of these handouts".into(),
            blocks: vec![
                Block::Paragraph(
                    "These modules are in the plan, but no loaded library has them, so no handout \
                     includes them. They stay in the plan; add the library folder that holds them \
                     and print again."
                        .into(),
                ),
                Block::Bullets(lines),
            ],
        });
    }
    let sensitive: Vec<String> = cx
        .items
        .iter()
        .filter(|item| item.module.is_sensitive())
        .map(|item| {
            let mut line = item.module.title.clone();
            let dates = cx.item_dates(item.index);
            if !dates.is_empty() {
                line.push_str(&format!(", taught {}", and_list(&dates)));
            }
            match item.planned.dsl_briefed {
                Some(on) => line.push_str(&format!(
                    ": DSL briefed on {}",
                    crate::school_year::long_date_in(on.0, cx.region)
                )),
                None => line.push_str(": **DSL not yet briefed**"),
            }
            line
        })
        .collect();
    if !sensitive.is_empty() {
        blocks.push(Block::Panel {
            title: "Sensitive lessons in this plan".into(),
            blocks: vec![
                Block::Paragraph(
                    "Brief your Designated Safeguarding Lead before teaching these, and complete \
                     the pre-flight checklist in each one:"
                        .into(),
                ),
                Block::Bullets(sensitive),
            ],
        });
    }
    for (number, item) in cx.items.iter().enumerate() {
        let number = number + 1;
        let module = item.module;
        if cx.options.session_per_page {
            blocks.push(Block::PageBreak);
        }
        let label = cx.session_label(number);
        let mut heading = label.clone();
        if let Some(first) = heading.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        blocks.push(h(2, format!("{heading}: {}", module.title)));
        let strands: Vec<&str> = module
            .strands
            .iter()
            .map(|s| cx.library.framework.strand_label(s))
            .collect();
        let mut about = format!(
            "**{}** · **{} minutes** · {}",
            band_label(cx.library, &module.age_band),
            item.minutes(),
            strands.join(", ")
        );
        if module.is_sensitive() {
            about.push_str(" · **Sensitive**");
        }
        let dates = cx.item_dates(item.index);
        if !dates.is_empty() {
            about.push_str(&format!(" · {}", and_list(&dates)));
        }
        blocks.push(Block::Paragraph(about));
        // A lesson that goes on into the next slot says where each part is taught.
        if let Some(sessions) = &cx.sessions {
            let parts: Vec<String> = sessions
                .iter()
                .enumerate()
                .flat_map(|(n, s)| s.parts.iter().map(move |p| (n + 1, p)))
                .filter(|(_, p)| p.item == item.index)
                .map(|(n, p)| {
                    let numbers: Vec<String> = p.activities.iter().map(usize::to_string).collect();
                    format!(
                        "session {n}: activities {} ({} min)",
                        numbers.join(", "),
                        p.minutes
                    )
                })
                .collect();
            if parts.len() > 1 {
                blocks.push(Block::Paragraph(format!(
                    "**Over {}:** {}.",
                    label,
                    parts.join("; ")
                )));
            }
        }
        if let Some(notes) = item.notes {
            blocks.push(Block::Paragraph(format!("**Your note:** {notes}")));
        }
        blocks.extend(in_language(module, prose(&module.summary)));
        if module.is_sensitive() {
            // Before the lesson plan itself: these are done before the lesson, not after it.
            blocks.push(Block::Panel {
                title: "Safeguarding pre-flight checklist".into(),
                blocks: vec![Block::Checklist(
                    PREFLIGHT.iter().map(|s| s.to_string()).collect(),
                )],
            });
        }
        blocks.push(h(3, "Objectives"));
        blocks.extend(in_language(
            module,
            vec![Block::Bullets(module.objectives.clone())],
        ));
        // The library's own statements, in its language rather than the module's.
        let outcomes = cx.library.outcome_statements(module);
        if !outcomes.is_empty() {
            blocks.push(h(3, "Outcomes"));
            blocks.push(Block::Bullets(outcomes));
        }
        for (title, list) in [
            ("Success criteria", &module.success_criteria),
            ("Adaptations for pupils with SEND", &module.send_adaptations),
        ] {
            if !list.is_empty() {
                blocks.push(h(3, title));
                blocks.extend(in_language(module, vec![Block::Bullets(list.clone())]));
            }
        }
        let titled = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .map(|id| match cx.library.module(id) {
                    Some(other) => {
                        format!("{} (ages {})", markup::plain(&other.title), other.age_band)
                    }
                    None => id.clone(),
                })
                .collect()
        };
        for (title, ids) in [
            ("Builds on", &module.builds_on),
            ("Leads to", &module.leads_to),
        ] {
            if !ids.is_empty() {
                blocks.push(h(3, title));
                blocks.push(Block::Bullets(titled(ids)));
            }
        }
        blocks.push(h(3, "Timings"));
        // As this plan teaches it: a left-out activity stays listed, so nothing vanishes unseen.
        let mut rows: Vec<Vec<String>> = module
            .activities
            .iter()
            .enumerate()
            .map(|(index, a)| {
                let (time, title) = match item.planned.activity_minutes(module, index + 1) {
                    None => (
                        "left out".to_string(),
                        format!("{} (left out in this plan)", markup::plain(&a.title)),
                    ),
                    Some(m) if m < a.minutes => (
                        format!("{m} min"),
                        format!(
                            "{} (shortened from {} min)",
                            markup::plain(&a.title),
                            a.minutes
                        ),
                    ),
                    Some(m) => (format!("{m} min"), markup::plain(&a.title)),
                };
                vec![time, a.kind.map_or("", |k| k.label()).to_string(), title]
            })
            .collect();
        rows.push(vec![
            format!("{} min", item.minutes()),
            "Total".into(),
            format!("of a {}-minute lesson", module.duration_minutes),
        ]);
        blocks.push(Block::Table {
            header: vec!["Time".into(), "Stage".into(), "Activity".into()],
            rows,
            widths: vec![0.14, 0.18, 0.68],
        });
        blocks.push(h(3, "Activities"));
        for (activity, description) in module.activities_described() {
            let stage = activity
                .kind
                .map_or(String::new(), |k| format!("{}: ", k.label()));
            blocks.push(h(
                4,
                format!(
                    "{stage}{} ({} min)",
                    markup::plain(&activity.title),
                    activity.minutes
                ),
            ));
            blocks.extend(in_language(module, prose(description)));
        }
        blocks.extend(vocabulary(module, "Vocabulary"));
        if !module.resources.is_empty() {
            blocks.push(h(3, "Resources"));
            blocks.extend(in_language(
                module,
                vec![Block::Bullets(
                    module
                        .resources
                        .iter()
                        .map(|resource| {
                            let printed = module.text.resource_sheets.iter().any(|sheet| {
                                crate::library::sheets::names_resource(&sheet.title, resource)
                            });
                            if printed {
                                format!("{resource} (printed with the resource sheets)")
                            } else {
                                resource.clone()
                            }
                        })
                        .collect(),
                )],
            ));
        }
        if !module.text.safeguarding_notes.trim().is_empty() {
            blocks.push(h(3, "Safeguarding notes"));
            blocks.extend(in_language(module, prose(&module.text.safeguarding_notes)));
        }
    }
    blocks.extend(services_for_staff(cx));
    blocks
}

/// The teacher plan's last part: every service the handouts list, and the lines for staff.
fn services_for_staff(cx: &Context) -> Vec<Block> {
    let modules: Vec<&FullModule> = cx.modules().collect();
    let mut pupils: Vec<&Service> = Vec::new();
    for module in &modules {
        for service in cx.pupil_services(module) {
            if !pupils.iter().any(|s| s.id == service.id) {
                pupils.push(service);
            }
        }
    }
    let parents = cx.parent_services(&modules);
    let signposted: BTreeSet<&str> = modules
        .iter()
        .flat_map(|m| m.signposting.iter().map(String::as_str))
        .collect();
    let listed = |s: &Service| pupils.iter().chain(&parents).any(|l| l.id == s.id);
    let staff: Vec<&Service> = cx
        .library
        .services
        .iter()
        .filter(|s| s.works_in(cx.region) && s.serves_professionals() && !listed(s))
        .filter(|s| s.is_for_professionals_only() || signposted.contains(s.id.as_str()))
        .collect();
    let mut blocks = vec![
        h(2, format!("Help services for {}", cx.region_name())),
        Block::Paragraph(
            "What the handouts list for pupils and families, and the lines for staff. Follow your \
             school's safeguarding policy first: a concern about a child goes to the DSL the same day."
                .into(),
        ),
    ];
    for (heading, list) in [
        ("On the student handouts", &pupils),
        ("In the parent and carer letter", &parents),
        ("For you and the DSL", &staff),
    ] {
        if !list.is_empty() {
            blocks.push(h(3, heading));
            blocks.push(Block::Bullets(service_lines(list, Reader::Staff)));
        }
    }
    blocks
}

/// The module's terms and definitions under a heading, if it has any.
fn vocabulary(module: &Module, heading: &str) -> Vec<Block> {
    if module.vocabulary.is_empty() {
        return Vec::new();
    }
    let terms = module
        .vocabulary
        .iter()
        .map(|t| format!("**{}**: {}", t.term, t.definition))
        .collect();
    let mut blocks = vec![h(3, heading)];
    blocks.extend(in_language(module, vec![Block::Bullets(terms)]));
    blocks
}

/// Who a list of services is written for.
#[derive(Clone, Copy)]
enum Reader<'a> {
    Pupil(Option<&'a AgeBand>),
    Adult,
    /// The teacher plan: adult words plus what kind of service it is.
    Staff,
}

/// A service's name and contact details: "**Childline** · 0800 1111 · www.childline.org.uk".
fn contact_line(s: &Service) -> String {
    let mut contact: Vec<String> = Vec::new();
    if let Some(phone) = &s.phone {
        contact.push(phone.clone());
    }
    if let Some(text) = &s.text {
        contact.push(format!("text {text}"));
    }
    if let Some(email) = &s.email {
        contact.push(email.clone());
    }
    if let Some(url) = &s.url {
        contact.push(short_url(url));
    }
    let mut line = format!("**{}**", s.name);
    if !contact.is_empty() {
        line.push_str(&format!(" · {}", contact.join(" · ")));
    }
    line
}

/// What the teacher plan says of a service beyond its description: "Free · confidential ·
/// listening line · 24 hours a day".
fn staff_tags(s: &Service) -> String {
    let mut tags: Vec<String> = Vec::new();
    let flags = [
        (s.free, "free"),
        (s.confidential, "confidential"),
        (s.anonymous, "anonymous"),
    ];
    tags.extend(
        flags
            .into_iter()
            .filter(|(flag, _)| *flag == Some(true))
            .map(|(_, word)| word.to_string()),
    );
    tags.extend(s.kind.iter().map(|k| {
        match k {
            ServiceKind::Listening => "listening line",
            ServiceKind::Advice => "advice",
            ServiceKind::Reporting => "reporting route",
            ServiceKind::Removal => "image removal",
            ServiceKind::Emergency => "emergency",
        }
        .to_string()
    }));
    if let Some(ages) = s.ages_label() {
        tags.push(ages);
    }
    if let Some(hours) = &s.hours {
        tags.push(hours.clone());
    }
    let mut text = tags.join(" · ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text
}

/// One line per service: name and contact details, then what it offers in the reader's words.
fn service_lines(services: &[&Service], reader: Reader) -> Vec<String> {
    services
        .iter()
        .map(|s| {
            let mut line = contact_line(s);
            let words = match reader {
                Reader::Pupil(band) => match s.words_for_pupils(band) {
                    Some(PupilWords::Own(text)) => Some(text),
                    _ => None,
                },
                Reader::Adult | Reader::Staff => Some(s.description.as_str()),
            };
            if let Reader::Pupil(band) = reader
                && s.ages_fit(band) == AgeFit::Part
                && let Some(ages) = s.ages_label()
            {
                line.push_str(&format!(" (for {ages})"));
            }
            if let Some(words) = words.map(str::trim).filter(|w| !w.is_empty()) {
                line.push_str(&format!(". {words}"));
            }
            if let Reader::Staff = reader {
                let tags = staff_tags(s);
                if !tags.is_empty() {
                    line.push_str(&format!(" ({tags})"));
                }
            }
            line
        })
        .collect()
}

/// What is true of every service listed, said once above them; nothing is claimed that is not.
fn shared_facts(services: &[&Service], pupil: bool) -> Vec<&'static str> {
    // One entry says what it is in its own words; repeating them above it only adds length.
    let all = |test: fn(&Service) -> bool| services.len() > 1 && services.iter().all(|s| test(s));
    let mut facts = Vec::new();
    if all(|s| s.free == Some(true)) {
        facts.push(if pupil {
            "They are all free."
        } else {
            "All of them are free to use."
        });
    }
    if all(|s| s.is(ServiceKind::Listening)) {
        facts.push(if pupil {
            "At each one, someone will listen to you."
        } else {
            "Each one is somewhere to talk, with someone who will listen."
        });
    }
    if all(|s| s.confidential == Some(true)) {
        facts.push(if pupil {
            "What you tell them stays private, unless someone is in danger."
        } else {
            "Each is confidential, unless someone is at risk of harm."
        });
    }
    facts
}

/// `https://www.childline.org.uk/` as people say it: `www.childline.org.uk`.
fn short_url(url: &str) -> String {
    url.trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

fn student_handout(cx: &Context) -> Vec<Block> {
    let mut blocks = vec![h(1, format!("Student handout: {}", cx.plan.title))];
    for (index, module) in cx.modules().enumerate() {
        // Each lesson's sheet starts a page, to be handed out on the day it is taught; its text
        // speaks of "the help box on this sheet".
        if index > 0 {
            blocks.push(Block::PageBreak);
        }
        let mut text = prose(&module.text.handout.student);
        // Handouts often open with their title in bold; the heading already says it.
        if let Some(Block::Heading { text: first, .. } | Block::Paragraph(first)) = text.first()
            && markup::plain(first).trim() == module.title.trim()
        {
            text.remove(0);
        }
        text.insert(0, h(2, module.title.clone()));
        blocks.extend(in_language(module, text));
        blocks.extend(vocabulary(module, "Key words"));
        let band = cx.band(module);
        let services = cx.pupil_services(module);
        let youngest = band
            .and_then(AgeBand::ages)
            .is_some_and(|(_, oldest)| oldest <= 7);
        let mut help = vec![Block::Paragraph(if youngest {
            "You can always tell a grown-up you trust, at home or at school. If something \
             worries you, it is never your fault."
                .into()
        } else {
            "You can always talk to a grown-up you trust, at home or at school. If something \
             worries you, it is never your fault, and telling someone is the right thing to do."
                .into()
        })];
        if !services.is_empty() {
            let mut lead = vec![if services.len() == 1 {
                "This can help too."
            } else {
                "These can help too."
            }];
            lead.extend(shared_facts(&services, true));
            help.push(Block::Paragraph(lead.join(" ")));
            help.push(Block::Bullets(service_lines(
                &services,
                Reader::Pupil(band),
            )));
        }
        blocks.push(Block::Panel {
            title: "Where to get help".into(),
            blocks: help,
        });
    }
    blocks
}

/// Each lesson's resource sheets, one to a page, each naming its lesson and activity.
fn resource_sheets(cx: &Context) -> Vec<Block> {
    let mut blocks = vec![h(1, format!("Resource sheets: {}", cx.plan.title))];
    let mut printed = 0;
    for (number, item) in cx.items.iter().enumerate() {
        let module = item.module;
        for sheet in &module.text.resource_sheets {
            if printed > 0 {
                blocks.push(Block::PageBreak);
            }
            printed += 1;
            // A sheet for one activity names the session that activity is taught in.
            let in_session = sheet.activity.and_then(|activity| {
                let sessions = cx.sessions.as_ref()?;
                let at = sessions.iter().position(|s| {
                    s.parts
                        .iter()
                        .any(|p| p.item == item.index && p.activities.contains(&activity))
                })?;
                Some(format!("session {}", at + 1))
            });
            let label = in_session.unwrap_or_else(|| cx.session_label(number + 1));
            blocks.extend(in_language(module, sheet_blocks(module, &label, sheet)));
        }
    }
    if printed == 0 {
        blocks.push(Block::Paragraph(
            "None of the lessons in this plan has resource sheets to print. The teacher plan \
             lists what each lesson needs under Resources."
                .into(),
        ));
    }
    blocks
}

/// The most exit ticket slips printed on one page to cut apart.
const SLIPS_A_PAGE: usize = 3;

fn sheet_blocks(module: &Module, session: &str, sheet: &ResourceSheet) -> Vec<Block> {
    let mut place = format!("**{}** · {session}", markup::plain(&module.title));
    if let Some(activity) = sheet
        .activity
        .and_then(|number| Some((number, module.activities.get(number.checked_sub(1)?)?)))
    {
        place.push_str(&format!(
            " · activity {}: {}",
            activity.0,
            markup::plain(&activity.1.title)
        ));
    }
    let mut blocks = vec![Block::Paragraph(place), h(2, sheet.title.clone())];
    if let Some(instructions) = &sheet.instructions {
        blocks.extend(prose(instructions));
    }
    let tall = crate::library::framework::ages_from_id(&module.age_band)
        .is_some_and(|(youngest, _)| youngest < 7);
    let questions = |questions: &[String], lines: u32| -> Vec<Block> {
        questions
            .iter()
            .enumerate()
            .flat_map(|(index, question)| {
                let text = if questions.len() == 1 {
                    question.clone()
                } else {
                    format!("**{}.** {question}", index + 1)
                };
                [Block::Paragraph(text), Block::WritingLines { lines, tall }]
            })
            .collect()
    };
    match &sheet.content {
        SheetContent::Cards { cards } => blocks.push(Block::Cards(cards.clone())),
        SheetContent::Chat {
            owner,
            app,
            messages,
        } => blocks.push(Block::Chat {
            app: app.clone(),
            owner: owner.clone(),
            messages: messages
                .iter()
                .map(|m| ChatMessage {
                    from: m.from.clone(),
                    text: m.text.clone(),
                    mine: &m.from == owner,
                })
                .collect(),
        }),
        SheetContent::Worksheet {
            questions: asked,
            lines,
            name_line: asks,
        } => {
            blocks.push(name_line(*asks, module));
            blocks.extend(questions(asked, *lines));
        }
        SheetContent::ExitTicket {
            questions: asked,
            lines,
            name_line: asks,
        } => {
            let mut slip = vec![name_line(*asks, module)];
            slip.extend(questions(asked, *lines));
            // Cut apart, each slip still says which lesson it belongs to.
            let slip = Block::Panel {
                title: format!("{}: {}", sheet.title, markup::plain(&module.title)),
                blocks: slip,
            };
            // As many copies as the page holds: the layout leaves out those that do not fit.
            let spare = Block::SpareCopy(vec![Block::CutLine, slip.clone()]);
            blocks.push(slip);
            blocks.extend(std::iter::repeat_n(spare, SLIPS_A_PAGE - 1));
        }
    }
    blocks
}

/// Where a pupil writes their name, or, on a sensitive lesson's anonymous sheets, that they need
/// not: nobody has to put their name to what they think about it.
fn name_line(asks: Option<bool>, module: &Module) -> Block {
    Block::Paragraph(
        if crate::library::sheets::asks_name(asks, module.is_sensitive()) {
            "Name: ____________________".into()
        } else {
            "No name needed.".into()
        },
    )
}

fn parent_letter(cx: &Context) -> Vec<Block> {
    let plan = cx.plan;
    let school = &cx.options.school;
    let modules: Vec<&FullModule> = cx.modules().collect();
    let class = plan
        .group
        .clone()
        .or_else(|| plan.year_group.clone())
        .unwrap_or_else(|| "your child's class".to_string());
    let mut blocks: Vec<Block> = logo(school).map(Block::Image).into_iter().collect();
    blocks.push(h(
        1,
        // A letter is headed by who sends it.
        school
            .name
            .clone()
            .unwrap_or_else(|| "A letter to parents and carers".to_string()),
    ));
    blocks.extend(letterhead(school));
    if let Some(date) = cx.options.date {
        blocks.push(Block::Paragraph(long_date(date, cx.region)));
    }
    let lessons = match modules.len() {
        1 => "an online-safety lesson".to_string(),
        n => format!("{} online-safety lessons", number_word(n)),
    };
    let each = if modules.len() == 1 { "it" } else { "each one" };
    blocks.push(Block::Paragraph("Dear parent or carer,".into()));
    // The lessons' own texts say what each one covered, so the letter is written as after them;
    // with dates, it lists when each was taught.
    if let Some((first, last)) = cx.dated.as_ref().and_then(|d| d.span()) {
        // Lessons from one term to the next are not "this term's".
        let one_term = cx
            .options
            .calendar
            .as_ref()
            .is_some_and(|c| c.term_of(first) == c.term_of(last));
        let when = if one_term { "This term" } else { "This year" };
        blocks.push(Block::Paragraph(format!(
            "{when}, {class} has had {lessons} as part of our Personal, Social, Health and \
             Economic (PSHE) education. This letter says what {each} covered and how you can \
             help at home."
        )));
        let when: Vec<String> = cx
            .items
            .iter()
            .map(|item| {
                let dates = cx.item_dates(item.index);
                match dates.is_empty() {
                    true => format!("**{}**", item.module.title),
                    false => format!("**{}**, on {}", item.module.title, and_list(&dates)),
                }
            })
            .collect();
        blocks.push(Block::Bullets(when));
    } else {
        let titles: Vec<String> = modules.iter().map(|m| format!("**{}**", m.title)).collect();
        blocks.push(Block::Paragraph(format!(
            "This term, {class} has had {lessons} as part of our Personal, Social, Health and \
             Economic (PSHE) education: {}. This letter says what {each} covered and how you \
             can help at home.",
            and_list(&titles),
        )));
    }
    blocks.push(h(2, "What your child learned"));
    for module in &modules {
        let mut part = vec![h(3, module.title.clone())];
        match &module.text.handout.parent {
            Some(text) if !text.trim().is_empty() => part.extend(prose(text)),
            _ => part.extend(prose(&module.summary)),
        }
        blocks.extend(in_language(module, part));
    }
    // Each lesson's text ends with something to try at home; this says what matters most.
    blocks.push(h(2, "Talking about it at home"));
    blocks.push(Block::Paragraph(
        "Above all, tell your child often that they can come to you about anything they see or \
         anyone they meet online, and that they will not be in trouble for telling. Listening \
         matters more than having every answer. If your child tells you something worrying, stay \
         calm, thank them, keep any evidence without sharing it, and contact the school."
            .into(),
    ));
    // Help comes before the sign-off's paragraph, so that the letter ends as a letter does:
    // how to reach the school, then who signs.
    let dsl = dsl_phrase(school);
    let services = cx.parent_services(&modules);
    let danger = if services.iter().any(|s| s.is(ServiceKind::Emergency)) {
        "If a child is in immediate danger, call the emergency number listed below."
    } else {
        "If a child is in immediate danger, call your local emergency number."
    };
    let mut help = vec![Block::Paragraph(format!(
        "If you are worried about a child, talk to {dsl}. {danger}"
    ))];
    if !services.is_empty() {
        let mut lead = vec!["These services can also help."];
        lead.extend(shared_facts(&services, false));
        help.push(Block::Paragraph(lead.join(" ")));
        help.push(Block::Bullets(service_lines(&services, Reader::Adult)));
    }
    blocks.push(Block::Panel {
        title: "Where to get help".into(),
        blocks: help,
    });
    let teacher = plan
        .teacher
        .clone()
        .unwrap_or_else(|| "your child's class teacher".to_string());
    let mut contact = format!(
        "You are welcome to see the lesson materials, before or after they are taught: ask {teacher}"
    );
    if let Some(reach) = school_contact(school) {
        contact.push_str(&format!(", or contact the school ({reach})"));
    }
    contact.push('.');
    if modules.iter().any(|m| m.is_sensitive()) {
        contact.push_str(
            " Some of these lessons cover sensitive topics. They are taught carefully, in a way \
             that suits your child's age, with clear ground rules and without anyone being asked \
             about their own experiences.",
        );
    }
    blocks.push(Block::Paragraph(contact));
    let (name, role) = signer(plan.teacher.as_deref(), school);
    blocks.push(Block::Signature {
        closing: "Yours sincerely,".into(),
        name,
        role,
    });
    if cx.options.reply_slip {
        blocks.push(reply_slip(plan));
    }
    blocks
}

/// A slip for parents to return, so the school knows the letter arrived and hears any worries.
fn reply_slip(plan: &Plan) -> Block {
    // "Year 5's lessons", or without a group "my child's lessons" (not "your child's class's").
    let whose = match &plan.group {
        Some(group) => format!("{group}'s"),
        None => "my child's".to_string(),
    };
    Block::ReplySlip {
        title: "Reply slip".into(),
        lead: format!(
            "Please return this to school. I have read the letter about {whose} online-safety \
             lessons ({}).",
            plan.title
        ),
        fields: vec![
            "Child's name".into(),
            "Class".into(),
            "Parent or carer's name".into(),
            "Signature".into(),
            "Date".into(),
            "Anything you would like us to know".into(),
        ],
    }
}

/// The school's logo, read from the file the config names (and checked when the config was
/// loaded). A logo that has gone since is left out: the letter still reads as the school's.
fn logo(school: &super::School) -> Option<Image> {
    let path = school.logo.as_ref()?;
    // Read once: the same checks as when the config was loaded, on the bytes that will print.
    let data = crate::paths::read_regular_file(path).ok()?;
    if data.len() as u64 > crate::config::MAX_LOGO_BYTES {
        return None;
    }
    let kind = crate::config::image_kind(&data)?;
    let alt = match &school.name {
        Some(name) => format!("The logo of {name}"),
        None => "The school's logo".to_string(),
    };
    Some(Image {
        data: std::sync::Arc::new(data),
        kind,
        alt,
    })
}

/// The school's name, address and contact details at the head of the letter.
fn letterhead(school: &super::School) -> Vec<Block> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(address) = &school.address {
        let parts: Vec<&str> = address
            .split(['\n', ','])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if !parts.is_empty() {
            lines.push(parts.join(", "));
        }
    }
    let reach: Vec<&str> = [&school.phone, &school.email, &school.website]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !reach.is_empty() {
        lines.push(reach.join(" · "));
    }
    lines.into_iter().map(Block::Paragraph).collect()
}

/// How parents reach the school office, if the config says.
fn school_contact(school: &super::School) -> Option<String> {
    let reach: Vec<&str> = [&school.phone, &school.email]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    (!reach.is_empty()).then(|| reach.join(" or "))
}

/// "the school's Designated Safeguarding Lead, Mr Khan (0161 000 0000)", or without a name set,
/// "the school's Designated Safeguarding Lead (DSL)".
fn dsl_phrase(school: &super::School) -> String {
    match (&school.dsl_name, &school.dsl_contact) {
        (Some(name), Some(reach)) => {
            format!("the school's Designated Safeguarding Lead, {name} ({reach})")
        }
        (Some(name), None) => format!("the school's Designated Safeguarding Lead, {name}"),
        (None, Some(reach)) => format!("the school's Designated Safeguarding Lead ({reach})"),
        (None, None) => "the school's Designated Safeguarding Lead (DSL)".to_string(),
    }
}

/// Who signs: the plan's teacher as class teacher, else the school's usual signer.
fn signer(teacher: Option<&str>, school: &super::School) -> (String, Option<String>) {
    match (teacher, &school.sign_off_name) {
        (Some(teacher), _) => (teacher.to_string(), Some("Class teacher".to_string())),
        (None, Some(name)) => (name.clone(), school.sign_off_role.clone()),
        (None, None) => match &school.name {
            Some(name) => (format!("The staff of {name}"), None),
            None => ("Your child's class teacher".to_string(), None),
        },
    }
}

/// Small numbers as a letter writes them: "two", "ten", then "11".
fn number_word(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn long_date(date: crate::library::Date, region: &str) -> String {
    let month = crate::school_year::month_name(date);
    if region == "us" {
        format!("{month} {}, {}", date.day, date.year)
    } else {
        format!("{} {month} {}", date.day, date.year)
    }
}

/// Every week's slot from the first session to the last, with what it teaches or why there is
/// no lesson; and the sessions the calendar has no date for, said where they cannot be missed.
fn dates_table(cx: &Context, dated: &crate::school_year::DatedPlan) -> Vec<Block> {
    use crate::school_year::SlotKind;
    let title_of = |session: &Session| -> String {
        let parts: Vec<String> = session
            .parts
            .iter()
            .map(|part| {
                let title = cx
                    .items
                    .iter()
                    .find(|i| i.index == part.item)
                    .map_or("", |i| i.module.title.as_str());
                if part.continued {
                    format!("{title} (continued)")
                } else {
                    title.to_string()
                }
            })
            .collect();
        parts.join("; ")
    };
    let mut rows: Vec<Vec<String>> = dated
        .dates
        .slots
        .iter()
        .map(|slot| {
            let date = crate::school_year::day_and_date_in(slot.date, cx.region);
            match &slot.kind {
                SlotKind::Session { number } => vec![
                    number.to_string(),
                    date,
                    dated
                        .sessions
                        .get(number - 1)
                        .map(title_of)
                        .unwrap_or_default(),
                ],
                SlotKind::Closed { reason } => {
                    vec![
                        "–".into(),
                        date,
                        format!("No lesson: school closed ({reason})"),
                    ]
                }
                SlotKind::Lost { reason } => vec![
                    "–".into(),
                    date,
                    match reason {
                        Some(reason) => format!("No lesson: {reason}"),
                        None => "No lesson".into(),
                    },
                ],
            }
        })
        .collect();
    let undated = dated.undated();
    for number in &undated {
        rows.push(vec![
            number.to_string(),
            "No date".into(),
            dated
                .sessions
                .get(number - 1)
                .map(title_of)
                .unwrap_or_default(),
        ]);
    }
    let mut blocks = vec![
        h(2, "Dates"),
        Block::Table {
            header: vec!["Session".into(), "Date".into(), "Lesson".into()],
            rows,
            widths: vec![1.0, 2.2, 4.0],
        },
    ];
    if let Some(first) = undated.first() {
        blocks.push(Block::Panel {
            title: "Sessions without a date".into(),
            blocks: vec![Block::Paragraph(format!(
                "The school calendar ends before session {first}: add the next terms to it, or \
                 teach fewer lessons, and print again."
            ))],
        });
    }
    blocks
}
