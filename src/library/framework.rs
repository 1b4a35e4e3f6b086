//! The age bands and strands that modules are classified by.

use serde::Serialize;
use toml::de::DeTable;

use super::diagnostic::Code;
use super::fields::{Problems, TableReader};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Framework {
    pub name: String,
    pub age_bands: Vec<AgeBand>,
    pub strands: Vec<Strand>,
    /// `review_interval_months`: how long a module's review holds when it gives no
    /// `next_review` (see [`Framework::review_interval_months`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_interval: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgeBand {
    pub id: String,
    pub label: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Strand {
    pub id: String,
    pub label: String,
    pub description: String,
}

impl Framework {
    pub fn age_band(&self, id: &str) -> Option<&AgeBand> {
        self.age_bands.iter().find(|b| b.id == id)
    }

    pub fn strand(&self, id: &str) -> Option<&Strand> {
        self.strands.iter().find(|s| s.id == id)
    }

    /// Position of a band in teaching order, for sorting (unknown bands last).
    pub fn band_order(&self, id: &str) -> usize {
        self.age_bands
            .iter()
            .position(|b| b.id == id)
            .unwrap_or(usize::MAX)
    }

    /// The strand's label, or its id when the framework does not know it.
    pub fn strand_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.strand(id).map_or(id, |s| s.label.as_str())
    }

    /// Months between a module's reviews in this framework's library (12 unless it says).
    pub fn review_interval_months(&self) -> u32 {
        self.review_interval
            .unwrap_or(super::review::DEFAULT_INTERVAL_MONTHS)
    }

    pub fn band_ids(&self) -> Vec<&str> {
        self.age_bands.iter().map(|b| b.id.as_str()).collect()
    }

    pub fn strand_ids(&self) -> Vec<&str> {
        self.strands.iter().map(|s| s.id.as_str()).collect()
    }

    /// Adds bands and strands this framework lacks (used to show every library's terms together).
    pub fn extend_with(&mut self, other: &Framework) {
        for band in &other.age_bands {
            if self.age_band(&band.id).is_none() {
                self.age_bands.push(band.clone());
            }
        }
        for strand in &other.strands {
            if self.strand(&strand.id).is_none() {
                self.strands.push(strand.clone());
            }
        }
    }
}

impl AgeBand {
    /// The youngest and oldest ages in the band, from an id of the form `4-7`.
    pub fn ages(&self) -> Option<(u8, u8)> {
        ages_from_id(&self.id)
    }
}

/// `"7-11"` is ages 7 to 11; an id of another form names no ages.
pub fn ages_from_id(id: &str) -> Option<(u8, u8)> {
    let (youngest, oldest) = id.split_once('-')?;
    let (youngest, oldest) = (youngest.parse().ok()?, oldest.parse().ok()?);
    (youngest <= oldest).then_some((youngest, oldest))
}

/// Reads a `framework.toml` table. Returns `None` when it has errors.
pub fn read_framework(
    table: &DeTable,
    span: std::ops::Range<usize>,
    problems: &mut Problems,
) -> Option<Framework> {
    let errors_before = problems.error_count();
    let mut top = TableReader::new(table, span, "");
    let name = top.line("name", true, "\"Our school's framework\"", problems);
    let review_interval = super::review::read_interval(&mut top, problems);
    let age_bands = read_entries(
        &mut top,
        "age_bands",
        "age band",
        ["7-11", "Ages 7 to 11"],
        problems,
    )
    .into_iter()
    .map(|(id, label, description)| AgeBand {
        id,
        label,
        description,
    })
    .collect();
    let strands = read_entries(
        &mut top,
        "strands",
        "strand",
        ["online-relationships", "Online relationships"],
        problems,
    )
    .into_iter()
    .map(|(id, label, description)| Strand {
        id,
        label,
        description,
    })
    .collect();
    top.finish(problems);
    if problems.error_count() > errors_before {
        return None;
    }
    Some(Framework {
        name: name.map(|n| n.value).unwrap_or_default(),
        age_bands,
        strands,
        review_interval,
    })
}

/// Reads `[[age_bands]]` or `[[strands]]`: (id, label, description) each, ids unique.
fn read_entries(
    top: &mut TableReader,
    key: &'static str,
    what: &str,
    [id_example, label_example]: [&str; 2],
    problems: &mut Problems,
) -> Vec<(String, String, String)> {
    let example =
        format!("id = \"{id_example}\"\nlabel = \"{label_example}\"\ndescription = \"...\"");
    let mut entries: Vec<(String, String, String)> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let tables = top
        .table_list(key, true, &example, problems)
        .unwrap_or_default();
    for (index, (entry, entry_span)) in tables.into_iter().enumerate() {
        let mut reader = TableReader::new(entry, entry_span, format!("{what} {}", index + 1));
        let id = reader.line("id", true, &format!("\"{id_example}\""), problems);
        let label = reader.line("label", true, &format!("\"{label_example}\""), problems);
        let description = reader.string("description", false, "\"...\"", problems);
        reader.finish(problems);
        let Some(id) = id else {
            continue;
        };
        // Looked for whatever else is wrong with the entry, so that fixing that hides nothing.
        if ids.contains(&id.value) {
            problems.error(
                Code::DuplicateId,
                id.span,
                format!("{what} `{}` is defined twice", id.value),
                format!("give each {what} a different id"),
            );
            continue;
        }
        ids.push(id.value.clone());
        let Some(label) = label else {
            continue;
        };
        entries.push((
            id.value,
            label.value,
            description.map(|d| d.value).unwrap_or_default(),
        ));
    }
    entries
}
