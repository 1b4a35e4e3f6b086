//! The age bands and strands that modules are classified by.

use serde::Serialize;
use toml::de::DeTable;

use super::fields::{Problems, TableReader};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Framework {
    pub name: String,
    pub age_bands: Vec<AgeBand>,
    pub strands: Vec<Strand>,
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

/// Reads a `framework.toml` table. Returns `None` when it has errors.
pub fn read_framework(
    table: &DeTable,
    span: std::ops::Range<usize>,
    problems: &mut Problems,
) -> Option<Framework> {
    let errors_before = problems.error_count();
    let mut top = TableReader::new(table, span, "");
    let name = top.string("name", true, "\"Our school's framework\"", problems);
    let mut age_bands = Vec::new();
    let band_example = "id = \"7-11\"\nlabel = \"Ages 7 to 11\"\ndescription = \"...\"";
    for (index, (entry, entry_span)) in top
        .table_list("age_bands", true, band_example, problems)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let mut reader = TableReader::new(entry, entry_span, format!("age band {}", index + 1));
        let id = reader.string("id", true, "\"7-11\"", problems);
        let label = reader.string("label", true, "\"Ages 7 to 11\"", problems);
        let description = reader.string("description", false, "\"...\"", problems);
        reader.finish(problems);
        if let (Some(id), Some(label)) = (id, label) {
            if age_bands.iter().any(|b: &AgeBand| b.id == id.value) {
                problems.error(
                    id.span,
                    format!("age band `{}` is defined twice", id.value),
                    "give each age band a different id",
                );
                continue;
            }
            age_bands.push(AgeBand {
                id: id.value,
                label: label.value,
                description: description.map(|d| d.value).unwrap_or_default(),
            });
        }
    }
    let mut strands = Vec::new();
    let strand_example = "id = \"online-relationships\"\nlabel = \"Online relationships\"";
    for (index, (entry, entry_span)) in top
        .table_list("strands", true, strand_example, problems)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let mut reader = TableReader::new(entry, entry_span, format!("strand {}", index + 1));
        let id = reader.string("id", true, "\"online-relationships\"", problems);
        let label = reader.string("label", true, "\"Online relationships\"", problems);
        let description = reader.string("description", false, "\"...\"", problems);
        reader.finish(problems);
        if let (Some(id), Some(label)) = (id, label) {
            if strands.iter().any(|s: &Strand| s.id == id.value) {
                problems.error(
                    id.span,
                    format!("strand `{}` is defined twice", id.value),
                    "give each strand a different id",
                );
                continue;
            }
            strands.push(Strand {
                id: id.value,
                label: label.value,
                description: description.map(|d| d.value).unwrap_or_default(),
            });
        }
    }
    top.finish(problems);
    if problems.error_count() > errors_before {
        return None;
    }
    Some(Framework {
        name: name.map(|n| n.value).unwrap_or_default(),
        age_bands,
        strands,
    })
}
