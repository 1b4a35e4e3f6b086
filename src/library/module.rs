//! A lesson module: the unit teachers browse and plan with.

use std::ops::Range;

use serde::Serialize;
use toml::de::DeTable;

use super::fields::{At, Date, Problems, TableReader};

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub title: String,
    pub minutes: u32,
    pub kind: Option<ActivityKind>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handout {
    pub student: String,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub objectives: Vec<String>,
    pub resources: Vec<String>,
    pub signposting: Vec<String>,
    pub vocabulary: Vec<Term>,
    pub activities: Vec<Activity>,
    pub safeguarding_notes: String,
    pub handout: Handout,
    /// The file it came from, as shown to the user.
    pub file: String,
}

impl Module {
    pub fn is_sensitive(&self) -> bool {
        self.sensitivity == Sensitivity::Sensitive
    }
}

/// Where the cross-referenced values of a module were written, so that checks made after every
/// library has loaded (age bands, strands, services, duplicate ids) can still point at them.
#[derive(Debug, Clone)]
pub struct ModuleSpans {
    pub id: Range<usize>,
    pub age_band: Range<usize>,
    pub strands: Vec<Range<usize>>,
    pub signposting: Vec<Range<usize>>,
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

/// Reads a module file's table, checking everything that needs no other file.
/// Returns `None` when the module has errors (they are in `problems`).
pub fn read_module(
    table: &DeTable,
    span: Range<usize>,
    file: &str,
    today: Date,
    problems: &mut Problems,
) -> Option<(Module, ModuleSpans)> {
    let errors_before = problems.error_count();
    let mut top = TableReader::new(table, span.clone(), "");
    let id = top.string("id", true, "\"trusted-adults-7-11\"", problems);
    if let Some(id) = &id
        && !is_valid_id(&id.value)
    {
        problems.error(
            id.span.clone(),
            format!("module id `{}` is not allowed", id.value),
            "use lowercase letters, digits and '-' only, e.g. `trusted-adults-7-11`",
        );
    }
    let title = top.string("title", true, "\"Who can I tell?\"", problems);
    if let Some(title) = &title
        && title.value.trim().is_empty()
    {
        problems.error(
            title.span.clone(),
            "`title` is empty",
            "give the module a title",
        );
    }
    let age_band = top.string("age_band", true, "\"7-11\"", problems);
    let strands = top.string_list("strands", true, "[\"online-relationships\"]", problems);
    if let Some(list) = &strands
        && list.value.is_empty()
    {
        problems.error(
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
    let sensitivity = top
        .string("sensitivity", true, "\"standard\"", problems)
        .and_then(|At { value, span }| match value.as_str() {
            "standard" => Some(Sensitivity::Standard),
            "sensitive" => Some(Sensitivity::Sensitive),
            _ => {
                problems.error(
                    span,
                    format!("unknown sensitivity `{value}`"),
                    "use `standard` or `sensitive` (sensitive for abuse, grooming, nudes, sextortion or self-harm)",
                );
                None
            }
        });
    let last_reviewed = top.date("last_reviewed", true, "2026-09-01", problems);
    if let Some(reviewed) = &last_reviewed {
        let date = reviewed.value;
        let anniversary = Date {
            year: date.year.saturating_add(1),
            ..date
        };
        if anniversary < today {
            problems.warning(
                reviewed.span.clone(),
                format!("`last_reviewed` is {date}, more than 12 months ago"),
                "check the module's facts and signposting, then set `last_reviewed` to today's date",
            );
        } else if date > today {
            problems.warning(
                reviewed.span.clone(),
                format!("`last_reviewed` is {date}, which is in the future"),
                "set it to the date the module was actually checked",
            );
        }
    }
    let keywords = top.string_list("keywords", false, "[\"secrets\", \"help\"]", problems);
    let objectives = top.string_list(
        "objectives",
        true,
        "[\"I can name three trusted adults.\"]",
        problems,
    );
    if let Some(list) = &objectives
        && list.value.is_empty()
    {
        problems.error(
            list.span.clone(),
            "`objectives` is empty",
            "add at least one \"I can ...\" objective",
        );
    }
    let resources = top.string_list("resources", false, "[\"Sticky notes\"]", problems);
    let signposting = top.string_list("signposting", false, "[\"childline\"]", problems);

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
        let term = reader.string("term", true, "\"Trusted adult\"", problems);
        let definition = reader.string(
            "definition",
            true,
            "\"A grown-up who helps you.\"",
            problems,
        );
        reader.finish(problems);
        if let (Some(term), Some(definition)) = (term, definition) {
            vocabulary.push(Term {
                term: term.value,
                definition: definition.value,
            });
        }
    }

    let mut activities = Vec::new();
    let mut activity_minutes: Vec<i64> = Vec::new();
    let activity_example =
        "title = \"Warm-up\"\nminutes = 10\nkind = \"starter\"\ndescription = \"...\"";
    let activity_tables = top.table_list("activities", true, activity_example, problems);
    if let Some(list) = &activity_tables
        && list.is_empty()
    {
        problems.error(
            span.start..span.start,
            "`activities` is empty",
            format!("add at least one:\n[[activities]]\n{activity_example}"),
        );
    }
    for (index, (entry, entry_span)) in activity_tables.unwrap_or_default().into_iter().enumerate()
    {
        let mut reader = TableReader::new(entry, entry_span, format!("activity {}", index + 1));
        let title = reader.string("title", true, "\"Warm-up\"", problems);
        let minutes = reader.integer("minutes", true, "10", problems);
        if let Some(m) = &minutes
            && !ACTIVITY_MINUTES_RANGE.contains(&m.value)
        {
            problems.error(
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
        if let Some(m) = &minutes {
            activity_minutes.push(m.value);
        }
        if let (Some(title), Some(minutes), Some(description)) = (title, minutes, description) {
            activities.push(Activity {
                title: title.value,
                minutes: u32::try_from(minutes.value).unwrap_or(0),
                kind: kind.flatten(),
                description: description.value,
            });
        }
    }

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
        if sensitivity == Some(Sensitivity::Sensitive)
            && let Some((notes, notes_span)) = &safeguarding_notes
            && notes.trim().is_empty()
        {
            problems.error(
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
        if let Some(student) = &student {
            let words = student.value.split_whitespace().count();
            if words < SHORT_HANDOUT_WORDS {
                problems.warning(
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

    // Only compare totals that are themselves valid; an out-of-range value is already an error.
    let all_in_range = activity_minutes
        .iter()
        .all(|m| ACTIVITY_MINUTES_RANGE.contains(m));
    if let Some(duration) = duration
        .as_ref()
        .filter(|d| DURATION_RANGE.contains(&d.value))
    {
        let total: i64 = activity_minutes.iter().sum();
        if all_in_range && !activity_minutes.is_empty() && total != duration.value {
            problems.warning(
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
            at,
            "a sensitive module must signpost at least one help service",
            "add e.g. `signposting = [\"childline\", \"nspcc-helpline\"]` (ids from services.toml)",
        );
    }
    top.finish(problems);

    if problems.error_count() > errors_before {
        return None;
    }
    let (id, title, age_band, strands, duration, summary, sensitivity, last_reviewed, objectives) = (
        id?,
        title?,
        age_band?,
        strands?,
        duration?,
        summary?,
        sensitivity?,
        last_reviewed?,
        objectives?,
    );
    let (safeguarding_notes, _) = safeguarding_notes?;
    let spans = ModuleSpans {
        id: id.span,
        age_band: age_band.span,
        strands: strands.value.iter().map(|s| s.span.clone()).collect(),
        signposting: signposting
            .as_ref()
            .map(|s| s.value.iter().map(|v| v.span.clone()).collect())
            .unwrap_or_default(),
    };
    let values = |list: Option<At<Vec<At<String>>>>| -> Vec<String> {
        list.map(|l| l.value.into_iter().map(|v| v.value).collect())
            .unwrap_or_default()
    };
    let module = Module {
        id: id.value,
        title: title.value,
        age_band: age_band.value,
        strands: strands.value.into_iter().map(|s| s.value).collect(),
        duration_minutes: u32::try_from(duration.value).unwrap_or(0),
        summary: summary.value,
        sensitivity,
        last_reviewed: last_reviewed.value,
        keywords: values(keywords),
        objectives: values(Some(objectives)),
        resources: values(resources),
        signposting: values(signposting),
        vocabulary,
        activities,
        safeguarding_notes,
        handout: handout_texts?,
        file: file.to_string(),
    };
    Some((module, spans))
}
