//! Help services that modules signpost to, and who each one is for.
//!
//! A handout lists only the services that fit its reader: a pupil's help box holds services whose
//! ages include the pupil's band, described in words for that band; a parent letter holds services
//! for parents and carers; professionals' lines stay in the teacher plan.

use std::ops::Range;

use serde::Serialize;
use toml::de::DeTable;

use super::diagnostic::Code;
use super::fields::{At, Date, Problems, TableReader};
use super::framework::AgeBand;
use super::wording;

/// Who a service is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// Children and young people themselves.
    YoungPeople,
    /// Parents and carers.
    Parents,
    /// People who work with children: teachers, DSLs, youth workers.
    Professionals,
    /// Any adult: parents, carers and professionals alike.
    Adults,
    Everyone,
}

impl Audience {
    pub const IDS: &'static str = "young-people, parents, professionals, adults, everyone";

    pub fn parse(text: &str) -> Option<Audience> {
        match text {
            "young-people" => Some(Audience::YoungPeople),
            "parents" => Some(Audience::Parents),
            "professionals" => Some(Audience::Professionals),
            "adults" => Some(Audience::Adults),
            "everyone" => Some(Audience::Everyone),
            _ => None,
        }
    }

    pub fn serves_young_people(self) -> bool {
        matches!(self, Audience::YoungPeople | Audience::Everyone)
    }

    pub fn serves_parents(self) -> bool {
        matches!(
            self,
            Audience::Parents | Audience::Adults | Audience::Everyone
        )
    }

    pub fn serves_professionals(self) -> bool {
        matches!(
            self,
            Audience::Professionals | Audience::Adults | Audience::Everyone
        )
    }
}

/// What a service does for the person who contacts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceKind {
    /// Someone to talk to who will listen: a helpline, chat or text line.
    Listening,
    /// Advice and information.
    Advice,
    /// Takes reports: the police, a reporting centre, a regulator.
    Reporting,
    /// Helps get images taken down.
    Removal,
    /// The number to call when someone is in danger now.
    Emergency,
}

impl ServiceKind {
    pub const IDS: &'static str = "listening, advice, reporting, removal, emergency";

    fn parse(text: &str) -> Option<ServiceKind> {
        match text {
            "listening" => Some(ServiceKind::Listening),
            "advice" => Some(ServiceKind::Advice),
            "reporting" => Some(ServiceKind::Reporting),
            "removal" => Some(ServiceKind::Removal),
            "emergency" => Some(ServiceKind::Emergency),
            _ => None,
        }
    }
}

/// The region name a service uses to say it works everywhere.
pub const WORLDWIDE: &str = "worldwide";

/// Regions that have at least one service of their own, sorted (a worldwide service makes no
/// region).
pub fn regions_of(services: &[Service]) -> Vec<&str> {
    let mut regions: Vec<&str> = services
        .iter()
        .flat_map(|s| s.regions.iter().map(String::as_str))
        .filter(|r| *r != WORLDWIDE)
        .collect();
    regions.sort_unstable();
    regions.dedup();
    regions
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    pub id: String,
    pub name: String,
    /// One or more; `adults` means parents and professionals alike.
    pub audience: Vec<Audience>,
    /// Lowercase region ids, or [`WORLDWIDE`].
    pub regions: Vec<String>,
    /// The youngest and oldest age served, where the service sets them.
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    /// `None` where the file does not say: then nothing is claimed.
    pub free: Option<bool>,
    pub confidential: Option<bool>,
    pub anonymous: Option<bool>,
    pub kind: Vec<ServiceKind>,
    pub phone: Option<String>,
    /// A number to send a text message to.
    pub text: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub hours: Option<String>,
    /// For adults: teacher plans and parent letters.
    pub description: String,
    /// For pupils, by age band id: what the service does, in words for the youngest child of the
    /// band. A service with any of these is listed on a band's student handout only where it has
    /// words for that band.
    pub pupil_text: Vec<(String, String)>,
    /// When the facts were last checked against `source`.
    pub checked: Option<Date>,
    /// Where the facts were checked.
    pub source: Option<String>,
    /// The file it was read from, for messages.
    #[serde(skip)]
    pub file: String,
}

impl Service {
    pub fn works_in(&self, region: &str) -> bool {
        self.regions.iter().any(|r| r == region || r == WORLDWIDE)
    }

    pub fn is_worldwide(&self) -> bool {
        self.regions.iter().any(|r| r == WORLDWIDE)
    }

    pub fn serves_young_people(&self) -> bool {
        self.audience.iter().any(|a| a.serves_young_people())
    }

    pub fn serves_parents(&self) -> bool {
        self.audience.iter().any(|a| a.serves_parents())
    }

    pub fn serves_professionals(&self) -> bool {
        self.audience.iter().any(|a| a.serves_professionals())
    }

    /// Only for people who work with children (never listed for pupils or parents).
    pub fn is_for_professionals_only(&self) -> bool {
        self.audience.iter().all(|a| *a == Audience::Professionals)
    }

    pub fn is(&self, kind: ServiceKind) -> bool {
        self.kind.contains(&kind)
    }

    /// How the service's ages meet a band's: not at all, in part, or the whole band.
    pub fn ages_fit(&self, band: Option<&AgeBand>) -> AgeFit {
        let Some((youngest, oldest)) = band.and_then(AgeBand::ages) else {
            return AgeFit::Whole;
        };
        let (min, max) = (self.min_age.unwrap_or(0), self.max_age.unwrap_or(u8::MAX));
        if min > oldest || max < youngest {
            AgeFit::None
        } else if min <= youngest && max >= oldest {
            AgeFit::Whole
        } else {
            AgeFit::Part
        }
    }

    /// The words a pupil of `band` reads about the service; `None` when the service should not be
    /// listed for that band at all.
    pub fn words_for_pupils(&self, band: Option<&AgeBand>) -> Option<PupilWords<'_>> {
        if !self.serves_young_people() || self.ages_fit(band) == AgeFit::None {
            return None;
        }
        if !self.pupil_text.is_empty() {
            let band = band?;
            return self
                .pupil_text
                .iter()
                .find(|(id, _)| *id == band.id)
                .map(|(_, text)| PupilWords::Own(text));
        }
        // A service written without pupil words: its adult description, unless that uses words
        // primary pupils never read, in which case only its name and contact details.
        let primary = band
            .and_then(AgeBand::ages)
            .is_some_and(|(_, oldest)| oldest <= wording::PRIMARY_MAX_AGE);
        if primary && wording::unfit_for_primary_pupils(&self.description).is_some() {
            Some(PupilWords::NameOnly)
        } else {
            Some(PupilWords::Own(&self.description))
        }
    }

    /// "ages 13 and over", "under-18s", "ages 5 to 25": who may use it, when that is narrower
    /// than everyone.
    pub fn ages_label(&self) -> Option<String> {
        match (self.min_age, self.max_age) {
            (None, None) => None,
            (Some(min), None) => Some(format!("ages {min} and over")),
            (None, Some(max)) => Some(format!("under {}s", max.saturating_add(1))),
            (Some(min), Some(max)) => Some(format!("ages {min} to {max}")),
        }
    }

    pub fn regions_label(&self) -> String {
        if self.is_worldwide() {
            "worldwide".to_string()
        } else {
            self.regions
                .iter()
                .map(|r| r.to_uppercase())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeFit {
    None,
    Part,
    Whole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PupilWords<'a> {
    Own(&'a str),
    NameOnly,
}

/// One service as read, with where its id was written, for checks made after loading.
pub struct ReadService {
    pub service: Service,
    pub id_span: Range<usize>,
}

/// What a `services.toml` holds, as far as it could be read.
#[derive(Default)]
pub struct ServicesFile {
    /// The entries without errors.
    pub services: Vec<ReadService>,
    /// Every `pupil_text` band key, with where it was written, for checking against the
    /// framework: those of entries with errors too, so that nothing waits for a second pass.
    pub band_keys: Vec<At<String>>,
}

/// Reads a `services.toml`. Entries with errors are reported and left out.
pub fn read_services(
    table: &DeTable,
    span: Range<usize>,
    file: &str,
    today: Date,
    problems: &mut Problems,
) -> ServicesFile {
    let mut top = TableReader::new(table, span, "");
    let example = "id = \"childline\"\nname = \"Childline\"\naudience = \"young-people\"\n\
                   region = \"uk\"\ndescription = \"...\"";
    let entries = top
        .table_list("services", true, example, problems)
        .unwrap_or_default();
    top.finish(problems);
    let mut out = ServicesFile::default();
    // Every allowed id so far and its line, loaded or not: a duplicate is one either way.
    let mut ids: Vec<(String, usize)> = Vec::new();
    for (index, (entry, entry_span)) in entries.into_iter().enumerate() {
        let errors_before = problems.error_count();
        let mut reader = TableReader::new(entry, entry_span, format!("service {}", index + 1));
        let id = reader.line("id", true, "\"childline\"", problems);
        let name = reader.line("name", true, "\"Childline\"", problems);
        let audience = reader.one_or_more_strings(
            "audience",
            true,
            "[\"young-people\", \"parents\"]",
            problems,
        );
        let regions = reader.one_or_more_strings("region", true, "\"uk\"", problems);
        let min_age = reader.integer("min_age", false, "13", problems);
        let max_age = reader.integer("max_age", false, "18", problems);
        let free = reader.boolean("free", "true", problems);
        let confidential = reader.boolean("confidential", "true", problems);
        let anonymous = reader.boolean("anonymous", "false", problems);
        let kind =
            reader.one_or_more_strings("kind", false, "[\"listening\", \"advice\"]", problems);
        let phone = reader.line("phone", false, "\"0800 1111\"", problems);
        let text = reader.line("text", false, "\"85258\"", problems);
        let email = reader.line("email", false, "\"help@example.org\"", problems);
        let url = reader.line("url", false, "\"https://...\"", problems);
        let hours = reader.line("hours", false, "\"24 hours a day, every day\"", problems);
        let description = reader.string("description", true, "\"What it offers\"", problems);
        let pupil_text = reader.string_table(
            "pupil_text",
            "\"7-11\" = \"A free number where a kind person will listen.\"",
            problems,
        );
        let checked = reader.date("checked", false, "2026-12-02", problems);
        let source = reader.line("source", false, "\"https://...\"", problems);
        reader.finish(problems);

        let audience = audience.map(|list| {
            parse_each(
                list,
                Audience::parse,
                ("audience", Code::UnknownAudience),
                Audience::IDS,
                problems,
            )
        });
        let kind = kind
            .map(|list| {
                parse_each(
                    list,
                    ServiceKind::parse,
                    ("kind", Code::UnknownServiceKind),
                    ServiceKind::IDS,
                    problems,
                )
            })
            .unwrap_or_default();
        let regions: Option<Vec<String>> = regions.map(|list| {
            if list.value.is_empty() {
                problems.error(
                    Code::EmptyField,
                    list.span.clone(),
                    "`region` is empty",
                    "name where the service works, e.g. `region = \"uk\"`, `region = [\"uk\", \"ie\"]` or `region = \"worldwide\"`",
                );
            }
            list.value
                .into_iter()
                .map(|r| r.value.trim().to_lowercase())
                .collect()
        });
        let age = |value: Option<At<i64>>, problems: &mut Problems| {
            value.and_then(|At { value, span }| match u8::try_from(value) {
                Ok(age) if age <= 120 => Some(age),
                _ => {
                    problems.error(
                        Code::OutOfRange,
                        span,
                        format!("{value} is not an age"),
                        "give an age in whole years, from 0 to 120",
                    );
                    None
                }
            })
        };
        let (min, max) = (
            age(min_age.clone(), problems),
            age(max_age.clone(), problems),
        );
        if let (Some(low), Some(high), Some(at)) = (min, max, &max_age)
            && low > high
        {
            problems.error(
                Code::AgesReversed,
                at.span.clone(),
                format!("`max_age` {high} is below `min_age` {low}"),
                "swap them, or correct the one that is wrong",
            );
        }
        if let Some(checked) = &checked {
            let date = checked.value;
            if date.is_over_a_year_before(today) {
                problems.warning(
                    Code::ReviewOverdue,
                    checked.span.clone(),
                    format!("`checked` is {date}, more than 12 months ago"),
                    "check the number and details on the service's own website (`source`), then set `checked` to today's date",
                );
            }
        }
        for (band, text) in &pupil_text {
            if super::framework::ages_from_id(&band.value)
                .is_some_and(|(_, oldest)| oldest <= wording::PRIMARY_MAX_AGE)
                && let Some(word) = wording::unfit_for_primary_pupils(&text.value)
            {
                problems.warning(
                    Code::PrimaryWording,
                    text.span.clone(),
                    format!("pupils aged {} read this, and it uses the word `{word}`", band.value),
                    "use body-safety language for ages 4 to 11: \"private pictures\", \"something that worried you\"",
                );
            }
        }
        out.band_keys
            .extend(pupil_text.iter().map(|(band, _)| band.clone()));
        if let Some(id) = &id {
            if !super::module::is_valid_id(&id.value) {
                problems.error(
                    Code::InvalidId,
                    id.span.clone(),
                    format!("service id `{}` is not allowed", id.value),
                    "use lowercase letters, digits and '-' only",
                );
            } else if let Some((_, line)) = ids.iter().find(|(seen, _)| *seen == id.value) {
                problems.error(
                    Code::DuplicateId,
                    id.span.clone(),
                    format!(
                        "service `{}` is defined twice in this file (first on line {line})",
                        id.value
                    ),
                    "remove one of them or give it a different id",
                );
            } else {
                let line = problems.source.location(id.span.start).line;
                ids.push((id.value.clone(), line));
            }
        }
        if problems.error_count() > errors_before {
            continue;
        }
        if let (Some(id), Some(name), Some(audience), Some(regions), Some(description)) =
            (id, name, audience, regions, description)
        {
            out.services.push(ReadService {
                id_span: id.span,
                service: Service {
                    id: id.value,
                    name: name.value,
                    audience,
                    regions,
                    min_age: min,
                    max_age: max,
                    free: free.map(|v| v.value),
                    confidential: confidential.map(|v| v.value),
                    anonymous: anonymous.map(|v| v.value),
                    kind,
                    phone: phone.map(|v| v.value),
                    text: text.map(|v| v.value),
                    email: email.map(|v| v.value),
                    url: url.map(|v| v.value),
                    hours: hours.map(|v| v.value),
                    description: description.value,
                    pupil_text: pupil_text
                        .into_iter()
                        .map(|(band, text)| (band.value, text.value))
                        .collect(),
                    checked: checked.map(|v| v.value),
                    source: source.map(|v| v.value),
                    file: file.to_string(),
                },
            });
        }
    }
    out
}

/// Parses each listed word, reporting the unknown ones.
fn parse_each<T>(
    list: At<Vec<At<String>>>,
    parse: fn(&str) -> Option<T>,
    (key, unknown): (&str, Code),
    known: &str,
    problems: &mut Problems,
) -> Vec<T> {
    if list.value.is_empty() {
        problems.error(
            Code::EmptyField,
            list.span.clone(),
            format!("`{key}` is empty"),
            format!("use one or more of: {known}"),
        );
    }
    list.value
        .into_iter()
        .filter_map(|At { value, span }| {
            let parsed = parse(&value);
            if parsed.is_none() {
                problems.error(
                    unknown,
                    span,
                    format!("unknown {key} `{value}`"),
                    format!("use one of: {known}"),
                );
            }
            parsed
        })
        .collect()
}
