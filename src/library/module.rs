//! A lesson module: the unit teachers browse and plan with.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::Serialize;
use toml::de::DeTable;

use super::diagnostic::Code;
use super::fields::{At, Date, Problems, TableReader};
use super::review::{self, Review};
use super::sheets::{self, ResourceSheet, SheetContext};
use super::{template, wording};
use crate::markup;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sensitivity {
    Standard,
    Sensitive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    Starter,
    Main,
    Plenary,
    Assessment,
}

impl ActivityKind {
    fn parse(text: &str) -> Option<ActivityKind> {
        match text {
            "starter" => Some(ActivityKind::Starter),
            "main" => Some(ActivityKind::Main),
            "plenary" => Some(ActivityKind::Plenary),
            "assessment" => Some(ActivityKind::Assessment),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Starter => "Starter",
            ActivityKind::Main => "Main",
            ActivityKind::Plenary => "Plenary",
            ActivityKind::Assessment => "Assessment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub term: String,
    pub definition: String,
}

/// An activity as browsed and planned: what it is called and how long it takes. What the teacher
/// and pupils do is in the module's [`ModuleText`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub title: String,
    pub minutes: u32,
    pub kind: Option<ActivityKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Handout {
    pub student: String,
    pub parent: Option<String>,
}

/// A module as a library holds it: everything browsing, searching, filtering, planning and
/// coverage look at. The rest of its text, most of its words, is read from where the module came
/// from when it is shown or printed (see [`Module::in_full`]), so that a library of thousands of
/// modules is not held in memory twice over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    pub id: String,
    pub title: String,
    pub age_band: String,
    pub strands: Vec<String>,
    pub duration_minutes: u32,
    pub summary: String,
    pub sensitivity: Sensitivity,
    pub last_reviewed: Date,
    pub keywords: Vec<String>,
    /// The BCP 47 tag of the language the module is written in (`ar`, `zh-Hans`), where it says:
    /// screen readers and browsers read its text in that language.
    pub language: Option<String>,
    pub objectives: Vec<String>,
    /// What a teacher sees a pupil do or say when the objectives are met ("Pupils can ...").
    pub success_criteria: Vec<String>,
    /// Adaptations for pupils with special educational needs and disabilities: visual
    /// supports, simpler scenarios, vocabulary taught first, extra check-ins.
    pub send_adaptations: Vec<String>,
    /// Modules this one follows on from (younger or the same band), and ones it leads to.
    pub builds_on: Vec<String>,
    pub leads_to: Vec<String>,
    /// The ids of the outcomes (from an `outcomes.toml`) this module teaches.
    pub outcomes: Vec<String>,
    pub resources: Vec<String>,
    pub signposting: Vec<String>,
    pub vocabulary: Vec<Term>,
    pub activities: Vec<Activity>,
    /// Its review status, reviewer and due date (its review date is `last_reviewed`).
    pub review: Review,
    /// The file it came from, as shown to the user.
    pub file: String,
    /// Where the rest of its text is.
    pub source: TextSource,
}

/// What a module says beyond what is browsed and planned: what each activity asks of the teacher
/// and pupils, the resource sheets, the safeguarding notes and the handouts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModuleText {
    /// One for each of the module's activities, in their order.
    pub activity_descriptions: Vec<String>,
    /// The printable resources made of text: cards, a chat, a worksheet, an exit ticket.
    pub resource_sheets: Vec<ResourceSheet>,
    pub safeguarding_notes: String,
    pub handout: Handout,
}

impl ModuleText {
    /// The text as printed for `region`, its regional passages chosen.
    pub fn for_region(&self, region: &str) -> ModuleText {
        let text = |t: &String| markup::for_region(t, region).into_owned();
        ModuleText {
            activity_descriptions: self.activity_descriptions.iter().map(text).collect(),
            resource_sheets: self
                .resource_sheets
                .iter()
                .map(|s| s.map_texts(|t| markup::for_region(t, region).into_owned()))
                .collect(),
            safeguarding_notes: text(&self.safeguarding_notes),
            handout: Handout {
                student: text(&self.handout.student),
                parent: self.handout.parent.as_ref().map(text),
            },
        }
    }
}

/// Where the rest of a module's text ([`ModuleText`]) is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextSource {
    /// Held with the module: one made in a program rather than read from a library.
    Kept(Arc<ModuleText>),
    /// A file of the bundled library, compiled into the program: it cannot change.
    Bundled(&'static str),
    /// A file of a library folder, with its length and modification time when it was read, which
    /// tell whether it has been changed since.
    File(FileStamp),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub path: PathBuf,
    pub len: u64,
    pub modified: Option<SystemTime>,
}

impl FileStamp {
    /// The stamp of `file`, open for reading.
    pub fn of(path: &Path, file: &std::fs::File) -> std::io::Result<FileStamp> {
        let meta = file.metadata()?;
        Ok(FileStamp {
            path: path.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// A module's file can no longer give the text it had when the library was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChanged {
    /// The file, as shown to the user.
    pub file: String,
    /// What happened to it: "it was edited", "it cannot be read: ...".
    pub what: String,
}

impl std::fmt::Display for TextChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} has changed since the library was read ({}); read the library again to see it as \
             it is now",
            self.file, self.what
        )
    }
}

impl std::error::Error for TextChanged {}

/// A module with all of its text: what is shown in full and printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullModule {
    pub module: Module,
    pub text: ModuleText,
}

impl std::ops::Deref for FullModule {
    type Target = Module;

    fn deref(&self) -> &Module {
        &self.module
    }
}

impl FullModule {
    /// The module as printed for `region`: every text with its regional passages chosen.
    pub fn for_region(&self, region: &str) -> FullModule {
        FullModule {
            module: self.module.for_region(region),
            text: self.text.for_region(region),
        }
    }

    /// Each activity with what it asks of the teacher and pupils.
    pub fn activities_described(&self) -> impl Iterator<Item = (&Activity, &str)> {
        self.module
            .activities
            .iter()
            .enumerate()
            .map(|(at, activity)| {
                let description = self.text.activity_descriptions.get(at);
                (activity, description.map_or("", String::as_str))
            })
    }

    /// The module as it is written, to be held on its own: its text kept with it.
    pub fn into_kept(self) -> Module {
        Module {
            source: TextSource::Kept(Arc::new(self.text)),
            ..self.module
        }
    }
}

/// A module in full as JSON (`show --json`, `list --json`): its fields as the file writes them,
/// each activity with its description.
impl Serialize for FullModule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Written<'a> {
            id: &'a str,
            title: &'a str,
            age_band: &'a str,
            strands: &'a [String],
            duration_minutes: u32,
            summary: &'a str,
            sensitivity: Sensitivity,
            last_reviewed: Date,
            keywords: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            language: Option<&'a str>,
            objectives: &'a [String],
            success_criteria: &'a [String],
            send_adaptations: &'a [String],
            builds_on: &'a [String],
            leads_to: &'a [String],
            outcomes: &'a [String],
            resources: &'a [String],
            signposting: &'a [String],
            vocabulary: &'a [Term],
            activities: Vec<WrittenActivity<'a>>,
            resource_sheets: &'a [ResourceSheet],
            safeguarding_notes: &'a str,
            handout: &'a Handout,
            review: &'a Review,
            file: &'a str,
        }
        #[derive(Serialize)]
        struct WrittenActivity<'a> {
            title: &'a str,
            minutes: u32,
            kind: Option<ActivityKind>,
            description: &'a str,
        }
        let m = &self.module;
        Written {
            id: &m.id,
            title: &m.title,
            age_band: &m.age_band,
            strands: &m.strands,
            duration_minutes: m.duration_minutes,
            summary: &m.summary,
            sensitivity: m.sensitivity,
            last_reviewed: m.last_reviewed,
            keywords: &m.keywords,
            language: m.language.as_deref(),
            objectives: &m.objectives,
            success_criteria: &m.success_criteria,
            send_adaptations: &m.send_adaptations,
            builds_on: &m.builds_on,
            leads_to: &m.leads_to,
            outcomes: &m.outcomes,
            resources: &m.resources,
            signposting: &m.signposting,
            vocabulary: &m.vocabulary,
            activities: self
                .activities_described()
                .map(|(a, description)| WrittenActivity {
                    title: &a.title,
                    minutes: a.minutes,
                    kind: a.kind,
                    description,
                })
                .collect(),
            resource_sheets: &self.text.resource_sheets,
            safeguarding_notes: &self.text.safeguarding_notes,
            handout: &self.text.handout,
            review: &m.review,
            file: &m.file,
        }
        .serialize(serializer)
    }
}

impl Module {
    pub fn is_sensitive(&self) -> bool {
        self.sensitivity == Sensitivity::Sensitive
    }

    /// The module with all its text, read from where it came from. A file changed since the
    /// library was read is never mixed with what the library holds: that is an error, and the
    /// library is read again.
    pub fn in_full(&self) -> Result<FullModule, TextChanged> {
        let changed = |what: String| TextChanged {
            file: self.file.clone(),
            what,
        };
        let source = match &self.source {
            TextSource::Kept(text) => {
                return Ok(FullModule {
                    module: self.clone(),
                    text: ModuleText::clone(text),
                });
            }
            TextSource::Bundled(text) => std::borrow::Cow::Borrowed(*text),
            TextSource::File(stamp) => {
                std::borrow::Cow::Owned(read_unchanged(&self.file, stamp).map_err(changed)?)
            }
        };
        let file = super::diagnostic::SourceFile::new(&self.file, &source);
        let mut problems = Problems::new(&file);
        let document = toml::de::DeTable::parse(&source)
            .map_err(|_| changed("it is no longer valid TOML".to_string()))?;
        let (read, _) = read_module(
            document.get_ref(),
            document.span(),
            (&self.file, self.source.clone()),
            self.last_reviewed,
            &mut problems,
        );
        let Some(read) = read else {
            return Err(changed("it now has errors".to_string()));
        };
        // The stamp says the file is as it was; this is what the text is matched to.
        if read.module.id != self.id || read.module.activities.len() != self.activities.len() {
            return Err(changed("it was edited".to_string()));
        }
        Ok(FullModule {
            module: self.clone(),
            text: read.text,
        })
    }

    /// The module as printed for `region`: every text with its regional passages chosen (see
    /// [`markup::for_region`]).
    pub fn for_region(&self, region: &str) -> Module {
        let text = |t: &String| markup::for_region(t, region).into_owned();
        let texts = |list: &[String]| list.iter().map(text).collect();
        Module {
            title: text(&self.title),
            summary: text(&self.summary),
            objectives: texts(&self.objectives),
            success_criteria: texts(&self.success_criteria),
            send_adaptations: texts(&self.send_adaptations),
            resources: texts(&self.resources),
            vocabulary: self
                .vocabulary
                .iter()
                .map(|t| Term {
                    term: text(&t.term),
                    definition: text(&t.definition),
                })
                .collect(),
            activities: self
                .activities
                .iter()
                .map(|a| Activity {
                    title: text(&a.title),
                    ..a.clone()
                })
                .collect(),
            ..self.clone()
        }
    }
}

/// The text of a library folder's file (`file` as shown), if it is as it was when stamped; read
/// and decoded as the library read it.
fn read_unchanged(file: &str, stamp: &FileStamp) -> Result<String, String> {
    let (bytes, now) = super::sources::read_stamped(&stamp.path)
        .map_err(|error| format!("it cannot be read: {error}"))?;
    if now != *stamp {
        return Err("it was edited".to_string());
    }
    super::sources::decode_owned(file, bytes, &mut Vec::new())
        .ok_or_else(|| "it is no longer text".to_string())
}

/// The values of a module that are checked against other files (its age band, strands and
/// services against the framework and services, its id against the library's other modules),
/// with where they were written. Each is kept whenever it was read validly, even when other
/// fields of the module are broken, so that one bad field never hides these problems.
#[derive(Debug, Clone, Default)]
pub struct References {
    /// Only an id that is allowed (`a-z 0-9 -`).
    pub id: Option<At<String>>,
    pub age_band: Option<At<String>>,
    pub strands: Vec<At<String>>,
    pub signposting: Vec<At<String>>,
    /// `builds_on` and `leads_to`, checked once every module is known.
    pub builds_on: Vec<At<String>>,
    pub leads_to: Vec<At<String>>,
    /// `outcomes`, checked once every library's outcomes are known.
    pub outcomes: Vec<At<String>>,
    /// The lesson design fields it leaves out (`success_criteria`, `send_adaptations`).
    pub short_of_standard: Vec<&'static str>,
    /// The regions named by regional passages (`::: uk`), for checking against known regions.
    pub passage_regions: Vec<At<String>>,
    /// Its review record, checked for being overdue once the library's interval is known.
    pub review: Option<review::ReadReview>,
}

pub const DURATION_RANGE: std::ops::RangeInclusive<i64> = 5..=240;
pub const ACTIVITY_MINUTES_RANGE: std::ops::RangeInclusive<i64> = 1..=240;
/// Below this many words a student handout is probably unfinished.
pub const SHORT_HANDOUT_WORDS: usize = 40;

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An entry's id, checked where it is written: allowed characters, and not one an earlier entry
/// of the file has (`taken`). `what` names the entry in messages: "outcome".
pub fn check_entry_id(
    id: &At<String>,
    what: &str,
    example: &str,
    taken: bool,
    problems: &mut Problems,
) {
    if !is_valid_id(&id.value) {
        problems.error(
            Code::InvalidId,
            id.span.clone(),
            format!("{what} id `{}` is not allowed", id.value),
            format!("use lower-case letters, digits and hyphens, e.g. \"{example}\""),
        );
    } else if taken {
        problems.error(
            Code::DuplicateId,
            id.span.clone(),
            format!("{what} `{}` is already defined in this file", id.value),
            format!("give each {what} a unique id"),
        );
    }
}

/// Whether `tag` looks like a BCP 47 language tag: a language of two or three letters, then
/// subtags of one to eight letters or digits (`ar`, `ur-PK`, `zh-Hans`, `sr-Latn-RS`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Reads a module file's table, checking everything that needs no other file. Every field is
/// checked on its own: a bad one is reported and left out, and the checks that need it are
/// skipped, while every other check still runs. The module is `None` when it has errors (they
/// are in `problems`); its references are returned either way, for the checks against other
/// files.
pub fn read_module(
    table: &DeTable,
    span: Range<usize>,
    file: (&str, TextSource),
    today: Date,
    problems: &mut Problems,
) -> (Option<FullModule>, References) {
    let mut references = References::default();
    let module = read_fields(table, span, file, today, problems, &mut references);
    (module, references)
}

/// The fields of a module file: `file` is its name as shown and where its text is found again.
fn read_fields(
    table: &DeTable,
    span: Range<usize>,
    (file, source): (&str, TextSource),
    today: Date,
    problems: &mut Problems,
    references: &mut References,
) -> Option<FullModule> {
    let errors_before = problems.error_count();
    let mut top = TableReader::new(table, span.clone(), "");
    let id = top.line("id", true, "\"trusted-adults-7-11\"", problems);
    if let Some(id) = &id {
        if is_valid_id(&id.value) {
            references.id = Some(id.clone());
        } else {
            problems.error(
                Code::InvalidId,
                id.span.clone(),
                format!("module id `{}` is not allowed", id.value),
                "use lowercase letters, digits and '-' only, e.g. `trusted-adults-7-11`",
            );
        }
    }
    let title = top.line("title", true, "\"Who can I tell?\"", problems);
    not_empty(&title, "`title`", "give the module a title", problems);
    let age_band = top.line("age_band", true, "\"7-11\"", problems);
    references.age_band = age_band.clone();
    let strands = top.line_list("strands", true, "[\"online-relationships\"]", problems);
    references.strands = strands.iter().flat_map(|l| l.value.clone()).collect();
    if let Some(list) = &strands
        && list.value.is_empty()
    {
        problems.error(
            Code::EmptyField,
            list.span.clone(),
            "`strands` is empty",
            "name at least one strand, e.g. `strands = [\"online-relationships\"]`",
        );
    }
    let duration = top.integer("duration_minutes", true, "50", problems);
    if let Some(d) = &duration
        && !DURATION_RANGE.contains(&d.value)
    {
        problems.error(
            Code::OutOfRange,
            d.span.clone(),
            format!("`duration_minutes` is {}, outside 5 to 240", d.value),
            "give the lesson length in whole minutes, from 5 to 240",
        );
    }
    let summary = top.string(
        "summary",
        true,
        "\"What the lesson does and why.\"",
        problems,
    );
    not_empty(
        &summary,
        "`summary`",
        "say in a sentence or two what the lesson does and why",
        problems,
    );
    let sensitivity = top
        .string("sensitivity", true, "\"standard\"", problems)
        .and_then(|At { value, span }| match value.as_str() {
            "standard" => Some(Sensitivity::Standard),
            "sensitive" => Some(Sensitivity::Sensitive),
            _ => {
                problems.error(
                    Code::UnknownSensitivity,
                    span,
                    format!("unknown sensitivity `{value}`"),
                    "use `standard` or `sensitive` (sensitive for abuse, grooming, nudes, sextortion or self-harm)",
                );
                None
            }
        });
    // `last_reviewed` and the `[review]` table; whether the review is overdue is checked once
    // the library's review interval is known.
    let review = review::read_review(&mut top, span.clone(), today, problems);
    references.review = review.clone();
    let keywords = top.line_list("keywords", false, "[\"secrets\", \"help\"]", problems);
    let language =
        top.line("language", false, "\"ar\"", problems)
            .and_then(|At { value, span }| {
                if is_language_tag(&value) {
                    return Some(value);
                }
                let hint = if value.contains('_') {
                    format!(
                        "separate the parts with '-', not '_': `language = \"{}\"`",
                        value.replace('_', "-")
                    )
                } else {
                    "write a BCP 47 language tag, such as `ar` (Arabic), `ur` (Urdu), `zh-Hans` \
                 (Chinese in simplified characters) or `en-GB`, or leave `language` out"
                        .to_string()
                };
                problems.warning(
                    Code::InvalidLanguage,
                    span,
                    format!("`language` is `{value}`, which is not a language tag; it is ignored"),
                    hint,
                );
                None
            });
    let objectives = top.line_list(
        "objectives",
        true,
        "[\"I can name three trusted adults.\"]",
        problems,
    );
    for objective in objectives.iter().flat_map(|list| &list.value) {
        not_empty(
            &Some(objective.clone()),
            "an objective",
            "write it as \"I can ...\", or remove the empty item",
            problems,
        );
    }
    if let Some(list) = &objectives
        && list.value.is_empty()
    {
        problems.error(
            Code::EmptyField,
            list.span.clone(),
            "`objectives` is empty",
            "add at least one \"I can ...\" objective",
        );
    }
    let resources = top.line_list("resources", false, "[\"Sticky notes\"]", problems);
    let success_criteria = top.line_list(
        "success_criteria",
        false,
        "[\"Pupils can name two adults they would tell.\"]",
        problems,
    );
    let send_adaptations = top.line_list(
        "send_adaptations",
        false,
        "[\"Give the three steps as a picture card.\"]",
        problems,
    );
    // Files written before the lesson design standard stay valid, but are reminded of it.
    for (key, list) in [
        ("success_criteria", &success_criteria),
        ("send_adaptations", &send_adaptations),
    ] {
        if list.as_ref().is_none_or(|l| l.value.is_empty()) {
            references.short_of_standard.push(key);
        }
    }
    let builds_on = top.line_list("builds_on", false, "[\"trusted-adults-7-11\"]", problems);
    let leads_to = top.line_list("leads_to", false, "[\"sextortion-14-18\"]", problems);
    references.builds_on = builds_on.iter().flat_map(|l| l.value.clone()).collect();
    references.leads_to = leads_to.iter().flat_map(|l| l.value.clone()).collect();
    let outcomes = top.line_list(
        "outcomes",
        false,
        "[\"privacy-7-11-strong-passwords\"]",
        problems,
    );
    references.outcomes = outcomes.iter().flat_map(|l| l.value.clone()).collect();
    // Every text that reaches a reader, and whether pupils read it on their handout.
    let mut texts: Vec<(At<String>, bool)> = Vec::new();
    texts.extend(title.iter().map(|t| (t.clone(), true)));
    texts.extend(summary.iter().map(|t| (t.clone(), false)));
    for list in [
        &objectives,
        &resources,
        &success_criteria,
        &send_adaptations,
    ]
    .into_iter()
    .flatten()
    {
        texts.extend(list.value.iter().map(|t| (t.clone(), false)));
    }
    let signposting = top.line_list("signposting", false, "[\"childline\"]", problems);
    references.signposting = signposting.iter().flat_map(|l| l.value.clone()).collect();

    let mut vocabulary = Vec::new();
    let term_example = "term = \"Trusted adult\"\ndefinition = \"...\"";
    for (index, (entry, entry_span)) in top
        .table_list("vocabulary", false, term_example, problems)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let mut reader =
            TableReader::new(entry, entry_span, format!("vocabulary entry {}", index + 1));
        let term = reader.line("term", true, "\"Trusted adult\"", problems);
        let definition = reader.line(
            "definition",
            true,
            "\"A grown-up who helps you.\"",
            problems,
        );
        reader.finish(problems);
        let place = format!("vocabulary entry {}", index + 1);
        not_empty(
            &term,
            &format!("`term` in {place}"),
            "name the word being taught",
            problems,
        );
        not_empty(
            &definition,
            &format!("`definition` in {place}"),
            "explain the word in words a pupil of the band understands",
            problems,
        );
        texts.extend(term.iter().chain(&definition).map(|t| (t.clone(), true)));
        if let (Some(term), Some(definition)) = (term, definition) {
            vocabulary.push(Term {
                term: term.value,
                definition: definition.value,
            });
        }
    }

    let mut activities = Vec::new();
    let mut activity_descriptions = Vec::new();
    let mut activity_minutes: Vec<i64> = Vec::new();
    let activity_example =
        "title = \"Warm-up\"\nminutes = 10\nkind = \"starter\"\ndescription = \"...\"";
    let activity_tables = top.table_list("activities", true, activity_example, problems);
    let activity_count = activity_tables.as_ref().map_or(0, Vec::len);
    if let Some(list) = &activity_tables
        && list.is_empty()
    {
        problems.error(
            Code::EmptyField,
            span.start..span.start,
            "`activities` is empty",
            format!("add at least one:\n[[activities]]\n{activity_example}"),
        );
    }
    for (index, (entry, entry_span)) in activity_tables.unwrap_or_default().into_iter().enumerate()
    {
        let mut reader = TableReader::new(entry, entry_span, format!("activity {}", index + 1));
        let title = reader.line("title", true, "\"Warm-up\"", problems);
        let minutes = reader.integer("minutes", true, "10", problems);
        if let Some(m) = &minutes
            && !ACTIVITY_MINUTES_RANGE.contains(&m.value)
        {
            problems.error(
                Code::OutOfRange,
                m.span.clone(),
                format!(
                    "activity {} lasts {} minutes, outside 1 to 240",
                    index + 1,
                    m.value
                ),
                "give the activity's length in whole minutes, from 1 to 240",
            );
        }
        let kind = reader
            .string("kind", false, "\"starter\"", problems)
            .and_then(|At { value, span }| {
                let parsed = ActivityKind::parse(&value);
                if parsed.is_none() {
                    problems.error(
                        Code::UnknownActivityKind,
                        span,
                        format!("unknown activity kind `{value}`"),
                        "use one of: starter, main, plenary, assessment (or leave `kind` out)",
                    );
                }
                parsed.map(Some)
            });
        let description =
            reader.string("description", true, "\"\"\"What pupils do.\"\"\"", problems);
        reader.finish(problems);
        let place = format!("activity {}", index + 1);
        not_empty(
            &title,
            &format!("`title` in {place}"),
            "name the activity",
            problems,
        );
        not_empty(
            &description,
            &format!("`description` in {place}"),
            "say what the teacher and pupils do",
            problems,
        );
        texts.extend(title.iter().chain(&description).map(|t| (t.clone(), false)));
        if let Some(m) = &minutes {
            activity_minutes.push(m.value);
        }
        if let (Some(title), Some(minutes), Some(description)) = (title, minutes, description) {
            activities.push(Activity {
                title: title.value,
                minutes: u32::try_from(minutes.value).unwrap_or(0),
                kind: kind.flatten(),
            });
            activity_descriptions.push(description.value);
        }
    }

    let sheet_example = "title = \"Profile cards\"\nkind = \"cards\"\ncards = [\"...\"]";
    let resource_entries: Vec<String> = resources
        .iter()
        .flat_map(|l| l.value.iter().map(|r| r.value.clone()))
        .collect();
    let sheet_context = SheetContext {
        activity_count,
        youngest_age: age_band
            .as_ref()
            .and_then(|band| super::framework::ages_from_id(&band.value))
            .map(|(youngest, _)| youngest),
        resources: &resource_entries,
    };
    let resource_sheets = sheets::read_sheets(
        top.table_list("resource_sheets", false, sheet_example, problems)
            .unwrap_or_default(),
        &sheet_context,
        problems,
        &mut texts,
    );

    let safeguarding = top.table(
        "safeguarding",
        true,
        "notes = \"\"\"Ground rules, distancing, likely disclosures, who the DSL is.\"\"\"",
        problems,
    );
    let mut safeguarding_notes = None;
    if let Some((table, table_span)) = safeguarding {
        let mut reader = TableReader::new(table, table_span.clone(), "`[safeguarding]`");
        safeguarding_notes = reader
            .string("notes", true, "\"\"\"Ground rules, ...\"\"\"", problems)
            .map(|n| (n.value, n.span));
        reader.finish(problems);
        if let Some((notes, span)) = &safeguarding_notes {
            texts.push((
                At {
                    value: notes.clone(),
                    span: span.clone(),
                },
                false,
            ));
        }
        if sensitivity == Some(Sensitivity::Sensitive)
            && let Some((notes, notes_span)) = &safeguarding_notes
            && notes.trim().is_empty()
        {
            problems.error(
                Code::SensitiveNeedsSafeguarding,
                notes_span.clone(),
                "a sensitive module has empty safeguarding notes",
                "write what the teacher must prepare: ground rules, distancing, likely disclosures, \
                 who the DSL is",
            );
        }
    }

    let handout = top.table(
        "handout",
        true,
        "student = \"\"\"Text for the student handout.\"\"\"",
        problems,
    );
    let mut handout_texts = None;
    if let Some((table, table_span)) = handout {
        let mut reader = TableReader::new(table, table_span.clone(), "`[handout]`");
        let student = reader.string("student", true, "\"\"\"Text for pupils.\"\"\"", problems);
        let parent = reader.string("parent", false, "\"\"\"Text for families.\"\"\"", problems);
        reader.finish(problems);
        texts.extend(student.iter().map(|t| (t.clone(), true)));
        texts.extend(parent.iter().map(|t| (t.clone(), false)));
        if let Some(student) = &student {
            let words = student.value.split_whitespace().count();
            if words < SHORT_HANDOUT_WORDS {
                problems.warning(
                    Code::ShortHandout,
                    student.span.clone(),
                    format!("the student handout is very short ({words} words)"),
                    format!(
                        "a handout pupils can take away usually has {SHORT_HANDOUT_WORDS} words or more: \
                         key ideas, what to remember, who to tell"
                    ),
                );
            }
        }
        handout_texts = student.map(|s| Handout {
            student: s.value,
            parent: parent.map(|p| p.value),
        });
    }

    // Compared whenever every number is known, even one out of range (already an error): the
    // curator then learns in one pass that the totals must agree too.
    if let Some(duration) = &duration
        && !activity_minutes.is_empty()
        && activity_minutes.len() == activity_count
    {
        let total: i64 = activity_minutes.iter().sum();
        if total != duration.value {
            problems.warning(
                Code::MinutesMismatch,
                duration.span.clone(),
                format!(
                    "the activities add up to {total} minutes but `duration_minutes` is {}",
                    duration.value
                ),
                "change an activity's `minutes` or `duration_minutes` so that they agree",
            );
        }
    }
    if sensitivity == Some(Sensitivity::Sensitive)
        && signposting.as_ref().is_none_or(|s| s.value.is_empty())
    {
        let at = signposting
            .as_ref()
            .map_or(span.start..span.start, |s| s.span.clone());
        problems.error(
            Code::SensitiveNeedsSignposting,
            at,
            "a sensitive module must signpost at least one help service",
            "add e.g. `signposting = [\"childline\", \"nspcc-helpline\"]` (ids from services.toml)",
        );
    }
    top.finish(problems);
    let primary = age_band
        .as_ref()
        .and_then(|band| super::framework::ages_from_id(&band.value))
        .is_some_and(|(_, oldest)| oldest <= wording::PRIMARY_MAX_AGE);
    for (text, pupils_read_it) in &texts {
        template::check_placeholder(text, problems);
        check_regional_text(text, problems, &mut references.passage_regions);
        if primary && *pupils_read_it {
            check_primary_pupil_text(text, problems);
        }
    }

    if problems.error_count() > errors_before {
        return None;
    }
    let (id, title, age_band, strands, duration, summary, sensitivity, review, objectives) = (
        id?,
        title?,
        age_band?,
        strands?,
        duration?,
        summary?,
        sensitivity?,
        review?,
        objectives?,
    );
    let (safeguarding_notes, _) = safeguarding_notes?;
    // Collected in place, a list of strings would keep the allocation of the larger located
    // values it was read as: close to twice its size, in every list of every module held.
    let values = |list: Option<At<Vec<At<String>>>>| -> Vec<String> {
        list.map(|l| exact(l.value.into_iter().map(|v| v.value).collect()))
            .unwrap_or_default()
    };
    let module = Module {
        id: id.value,
        title: title.value,
        age_band: age_band.value,
        strands: values(Some(strands)),
        duration_minutes: u32::try_from(duration.value).unwrap_or(0),
        summary: summary.value,
        sensitivity,
        last_reviewed: review.reviewed_on,
        keywords: values(keywords),
        language,
        objectives: values(Some(objectives)),
        success_criteria: values(success_criteria),
        send_adaptations: values(send_adaptations),
        builds_on: values(builds_on),
        leads_to: values(leads_to),
        outcomes: values(outcomes),
        resources: values(resources),
        signposting: values(signposting),
        vocabulary: exact(vocabulary),
        activities: exact(activities),
        review: review.review,
        file: file.to_string(),
        source,
    };
    Some(FullModule {
        module,
        text: ModuleText {
            activity_descriptions,
            resource_sheets,
            safeguarding_notes,
            handout: handout_texts?,
        },
    })
}

/// The list without room to grow: a module's lists are held as long as the library is.
fn exact<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

/// Where in the file the text of a string value starts: past its opening quotes, and past the
/// newline that TOML drops right after `"""` or `\'\'\'`.
fn text_start_in_file(file: &str, value: &Range<usize>) -> usize {
    let raw = file.get(value.clone()).unwrap_or("");
    let quotes = if raw.starts_with("\"\"\"") || raw.starts_with("\'\'\'") {
        3
    } else {
        1
    };
    let after = &raw[quotes.min(raw.len())..];
    let newline = if after.starts_with("\r\n") {
        2
    } else {
        usize::from(after.starts_with('\n'))
    };
    value.start + quotes + newline
}

/// The file range of `range` within a string value's text. Exact for text without escapes; where
/// an escape shifts it, the term is looked for nearby, and failing that the value itself is named.
fn span_in_file(file: &str, value: &Range<usize>, range: Range<usize>, term: &str) -> Range<usize> {
    let start = text_start_in_file(file, value) + range.start;
    let fits = |at: usize| {
        file.get(at..at + term.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(term))
    };
    if fits(start) {
        return start..start + term.len();
    }
    let window = file.get(start.min(value.end)..value.end).unwrap_or("");
    match window.to_lowercase().find(&term.to_lowercase()) {
        Some(offset) if fits(start + offset) => start + offset..start + offset + term.len(),
        _ => value.clone(),
    }
}

/// Warns about UK-only laws, numbers and services outside a `::: uk` passage, and about fences
/// out of place; collects the regions the passages name.
fn check_regional_text(text: &At<String>, problems: &mut Problems, regions: &mut Vec<At<String>>) {
    let file = problems.source.text;
    let found = markup::passages(&text.value);
    for (names, fence) in &found.opened {
        let at = span_in_file(file, &text.span, fence.clone(), ":::");
        regions.extend(names.iter().map(|name| At {
            value: name.clone(),
            span: at.clone(),
        }));
    }
    for (fence, message) in &found.problems {
        let at = span_in_file(file, &text.span, fence.clone(), ":::");
        problems.warning(
            Code::PassageFence,
            at,
            *message,
            "a regional passage is `::: uk` on a line of its own, the text, an optional \
             `::: else` with the text for other regions, then `:::` to close it",
        );
    }
    for part in &found.everywhere {
        for (range, term) in wording::uk_only_mentions(&text.value[part.clone()]) {
            let range = part.start + range.start..part.start + range.end;
            let at = span_in_file(file, &text.span, range, term);
            problems.warning(
                Code::UkOnlyText,
                at,
                format!(
                    "`{}` is UK-only (a UK law, number or service), but this text prints for every region",
                    term.trim()
                ),
                "put the sentence in a regional passage: a line `::: uk`, the sentence, then \
                 `::: else` and wording for other regions (or nothing), then `:::`; in a one-line \
                 field, say it in words that hold everywhere",
            );
        }
    }
}

/// Warns when text that pupils of a primary band read uses words kept from them.
fn check_primary_pupil_text(text: &At<String>, problems: &mut Problems) {
    let lower = text.value.to_lowercase();
    for word in wording::NOT_FOR_PRIMARY_PUPILS {
        if let Some(offset) = lower.find(word) {
            let at = span_in_file(
                problems.source.text,
                &text.span,
                offset..offset + word.len(),
                word,
            );
            problems.warning(
                Code::PrimaryWording,
                at,
                format!("primary pupils read this text, and it uses the word `{word}`"),
                "use body-safety language for ages 4 to 11: \"private pictures\", \"something that \
                 worried you\", \"people whose job is to keep children safe\"",
            );
        }
    }
}

/// A required text that is present but blank is an error: it would print as nothing.
fn not_empty(text: &Option<At<String>>, what: &str, hint: &str, problems: &mut Problems) {
    if let Some(text) = text
        && text.value.trim().is_empty()
    {
        problems.error(
            Code::EmptyField,
            text.span.clone(),
            format!("{what} is empty"),
            hint,
        );
    }
}
