//! Help services that modules signpost to.

use serde::Serialize;
use toml::de::DeTable;

use super::fields::{At, Problems, TableReader};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    YoungPeople,
    Adults,
    Everyone,
}

impl Audience {
    pub fn parse(text: &str) -> Option<Audience> {
        match text {
            "young-people" => Some(Audience::YoungPeople),
            "adults" => Some(Audience::Adults),
            "everyone" => Some(Audience::Everyone),
            _ => None,
        }
    }

    pub fn serves_young_people(self) -> bool {
        matches!(self, Audience::YoungPeople | Audience::Everyone)
    }

    pub fn serves_adults(self) -> bool {
        matches!(self, Audience::Adults | Audience::Everyone)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub audience: Audience,
    pub region: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub description: String,
    /// Where the facts were checked (an extension to the contract; optional).
    pub source: Option<String>,
    /// The file it was read from, for messages.
    #[serde(skip)]
    pub file: String,
}

/// One service as read, with the span of its id for duplicate reports.
pub struct ReadService {
    pub service: Service,
    pub id_span: std::ops::Range<usize>,
}

/// Reads a `services.toml`. Entries with errors are skipped; the rest are returned.
pub fn read_services(
    table: &DeTable,
    span: std::ops::Range<usize>,
    file: &str,
    problems: &mut Problems,
) -> Vec<ReadService> {
    let mut top = TableReader::new(table, span, "");
    let example = "id = \"childline\"\nname = \"Childline\"\naudience = \"young-people\"\n\
                   region = \"uk\"\ndescription = \"...\"";
    let entries = top
        .table_list("services", true, example, problems)
        .unwrap_or_default();
    top.finish(problems);
    let mut out: Vec<ReadService> = Vec::new();
    for (index, (entry, entry_span)) in entries.into_iter().enumerate() {
        let errors_before = problems.error_count();
        let mut reader = TableReader::new(entry, entry_span, format!("service {}", index + 1));
        let id = reader.string("id", true, "\"childline\"", problems);
        let name = reader.string("name", true, "\"Childline\"", problems);
        let audience = reader.string("audience", true, "\"young-people\"", problems);
        let region = reader.string("region", true, "\"uk\"", problems);
        let phone = reader.string("phone", false, "\"0800 1111\"", problems);
        let email = reader.string("email", false, "\"help@example.org\"", problems);
        let url = reader.string("url", false, "\"https://...\"", problems);
        let description = reader.string("description", true, "\"What it offers\"", problems);
        let source = reader.string("source", false, "\"https://...\"", problems);
        reader.finish(problems);
        let audience = audience.and_then(|At { value, span }| {
            let parsed = Audience::parse(&value);
            if parsed.is_none() {
                problems.error(
                    span,
                    format!("unknown audience `{value}`"),
                    "use one of: young-people, adults, everyone",
                );
            }
            parsed
        });
        if let Some(id) = &id {
            if !super::module::is_valid_id(&id.value) {
                problems.error(
                    id.span.clone(),
                    format!("service id `{}` is not allowed", id.value),
                    "use lowercase letters, digits and '-' only",
                );
            } else if let Some(first) = out.iter().find(|s| s.service.id == id.value) {
                let line = problems.source.location(first.id_span.start).line;
                problems.error(
                    id.span.clone(),
                    format!(
                        "service `{}` is defined twice in this file (first on line {line})",
                        id.value
                    ),
                    "remove one of them or give it a different id",
                );
            }
        }
        if problems.error_count() > errors_before {
            continue;
        }
        if let (Some(id), Some(name), Some(audience), Some(region), Some(description)) =
            (id, name, audience, region, description)
        {
            out.push(ReadService {
                id_span: id.span,
                service: Service {
                    id: id.value,
                    name: name.value,
                    audience,
                    region: region.value.to_lowercase(),
                    phone: phone.map(|v| v.value),
                    email: email.map(|v| v.value),
                    url: url.map(|v| v.value),
                    description: description.value,
                    source: source.map(|v| v.value),
                    file: file.to_string(),
                },
            });
        }
    }
    out
}
