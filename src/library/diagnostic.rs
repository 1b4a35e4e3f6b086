//! Located problems found while loading files, printed like a compiler's.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something worth knowing that needs no action (e.g. one module shadows another).
    Note,
    /// The file loaded, but something is probably wrong.
    Warning,
    /// The file (or the part named) was not loaded.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file as shown to the user (`<bundled>/...` for the built-in library).
    pub file: String,
    pub location: Location,
    pub severity: Severity,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The source line the problem is on, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters the caret underline covers.
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    /// A problem with the file as a whole (it could not be read, or it is too large).
    pub fn whole_file(file: &str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            location: Location { line: 1, column: 1 },
            severity,
            message: message.into(),
            hint: None,
            source_line: None,
            width: 0,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line form: `file:line:col: severity: message`.
    pub fn headline(&self) -> String {
        format!(
            "{}:{}:{}: {}: {}",
            self.file, self.location.line, self.location.column, self.severity, self.message
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        if let Some(line) = &self.source_line {
            let number = self.location.line.to_string();
            let gutter = " ".repeat(number.len());
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{number} | {line}")?;
            let pad = " ".repeat(self.location.column.saturating_sub(1));
            writeln!(f, "{gutter} | {pad}{}", "^".repeat(self.width.max(1)))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Turns byte offsets in one file's text into located diagnostics.
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceFile<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let column = self.text[line_start..floor_char_boundary(self.text, offset)]
            .chars()
            .count()
            + 1;
        Location {
            line: line_index + 1,
            column,
        }
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// A diagnostic pointing at `span` (byte range) in this file.
    pub fn diagnostic(
        &self,
        span: Range<usize>,
        severity: Severity,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let location = self.location(span.start);
        let line = self.line_text(location.line);
        // Underline the span, but never past the end of its first line.
        let line_chars = line.chars().count();
        let available = line_chars.saturating_sub(location.column - 1);
        let span_text = &self.text[floor_char_boundary(self.text, span.start.min(self.text.len()))
            ..floor_char_boundary(self.text, span.end.min(self.text.len()))];
        let width = span_text.chars().take_while(|&c| c != '\n').count();
        let hint = hint.into();
        Diagnostic {
            file: self.name.to_string(),
            location,
            severity,
            message: message.into(),
            hint: (!hint.is_empty()).then_some(hint),
            source_line: Some(shorten(line)),
            width: width.clamp(1, available.max(1)),
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Keeps caret lines readable when a file has one enormous line.
fn shorten(line: &str) -> String {
    const MAX: usize = 200;
    if line.chars().count() <= MAX {
        line.to_string()
    } else {
        let mut short: String = line.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

/// Sorts problems by file, then position, so output is stable.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.file.as_str(), a.location, b.severity).cmp(&(b.file.as_str(), b.location, a.severity))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_one_based_and_count_characters() {
        let file = SourceFile::new("x.toml", "a = 1\ntitle = \"é b\"\n");
        assert_eq!(file.location(0), Location { line: 1, column: 1 });
        let b = file.text.find('b').unwrap();
        assert_eq!(
            file.location(b),
            Location {
                line: 2,
                column: 12
            }
        );
    }

    #[test]
    fn display_shows_caret_under_the_span() {
        let text = "id = \"x\"\nage_band = \"9-99\"\n";
        let file = SourceFile::new("m.toml", text);
        let start = text.find("\"9-99\"").unwrap();
        let d = file.diagnostic(
            start..start + 6,
            Severity::Error,
            "unknown age band",
            "use one of 4-7",
        );
        let shown = d.to_string();
        assert!(shown.starts_with("m.toml:2:12: error: unknown age band\n"));
        assert!(shown.contains("2 | age_band = \"9-99\"\n"));
        assert!(shown.contains("  |            ^^^^^^\n"), "{shown}");
        assert!(shown.contains("= help: use one of 4-7"));
    }

    #[test]
    fn spans_past_the_end_do_not_panic() {
        let file = SourceFile::new("m.toml", "abc");
        let d = file.diagnostic(10..20, Severity::Warning, "m", "");
        assert_eq!(d.location, Location { line: 1, column: 4 });
        assert_eq!(d.hint, None);
    }
}
