//! Located problems found while loading files, printed like a compiler's.

use std::fmt;
use std::ops::Range;

use serde::Serialize;
use serde::ser::SerializeStruct;

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

/// What kind of problem a diagnostic reports, as a stable kebab-case name that editors and CI
/// scripts match on (`validate --format json`; every name is listed in docs/validate.md). Names
/// are a contract: a code is never renamed or reused, only added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    // Reaching and reading files.
    /// A file, folder or entry that cannot be read (permissions, a broken link).
    CannotRead,
    /// A library folder that does not exist or is not a folder.
    MissingLibrary,
    /// A `.toml` entry that is a pipe, socket or device.
    NotAFile,
    /// A file over the 1 MiB limit.
    TooLarge,
    /// A binary file named `.toml`.
    BinaryFile,
    /// Text that is not UTF-8.
    NotUtf8,
    /// A folder nested too deeply to be searched.
    NestedTooDeeply,
    /// A link to a folder already read.
    FolderAlreadyRead,
    /// Not valid TOML: the rest of that file is not checked.
    TomlSyntax,
    /// A file that cannot be written.
    CannotWrite,
    /// A plan file that cannot be read as a plan.
    InvalidPlan,
    /// A config file that cannot be read as one.
    InvalidConfig,

    // Fields of any file.
    /// A required field, table or list of tables that is not there.
    MissingField,
    /// A value of the wrong type (a date or number in quotes, a string where a list belongs).
    WrongType,
    /// A key the format does not have: probably a typo.
    UnknownField,
    /// Required text that is blank, or a list that must not be empty and is.
    EmptyField,
    /// A one-line field over 200 characters (warning) or 2,000 (error).
    LineTooLong,
    /// A number outside its range (minutes, ages).
    OutOfRange,
    /// `max_age` below `min_age`.
    AgesReversed,
    /// An id with characters other than `a-z 0-9 -`.
    InvalidId,
    /// A `sensitivity` other than standard or sensitive.
    UnknownSensitivity,
    /// An activity `kind` other than starter, main, plenary or assessment.
    UnknownActivityKind,
    /// A resource sheet `kind` other than cards, chat, worksheet or exit-ticket.
    UnknownSheetKind,
    /// A resource sheet no entry of the module's `resources` names.
    SheetNotListed,
    /// A chat sheet's `owner` who sends none of its messages.
    UnknownChatOwner,
    /// A service `audience` the format does not have.
    UnknownAudience,
    /// A service `kind` the format does not have.
    UnknownServiceKind,
    /// A `language` that is not a BCP 47 language tag.
    InvalidLanguage,

    // References between files.
    /// An age band that no framework defines.
    UnknownAgeBand,
    /// A strand that no framework defines.
    UnknownStrand,
    /// A service id that no services.toml defines.
    UnknownService,
    /// A region no library has help services for.
    UnknownRegion,
    /// An id used twice where it must be unique.
    DuplicateId,
    /// A second framework.toml in one library.
    DuplicateFramework,
    /// A module or service replaced by one with the same id from a later library.
    Replaced,

    // What a module says.
    /// A sensitive module that signposts no help service.
    SensitiveNeedsSignposting,
    /// A sensitive module with empty safeguarding notes.
    SensitiveNeedsSafeguarding,
    /// Activity minutes that do not add up to `duration_minutes`.
    MinutesMismatch,
    /// A review or check date more than 12 months ago.
    ReviewOverdue,
    /// A review date in the future.
    ReviewInFuture,
    /// A `[review]` status other than draft, approved or retired.
    UnknownReviewStatus,
    /// A `next_review` before the review it follows.
    NextReviewTooEarly,
    /// `reviewed_on` and `last_reviewed` giving different dates.
    ReviewDatesDisagree,
    /// A `[review]` table that approves a module without naming who reviewed it.
    NoReviewer,
    /// Placeholder text (`TODO`) left in a module.
    Placeholder,
    /// A student handout under 40 words.
    ShortHandout,
    /// A UK law, number or service outside a `::: uk` passage.
    UkOnlyText,
    /// A regional passage fence out of place.
    PassageFence,
    /// Text primary pupils read using a word kept from them.
    PrimaryWording,

    // synonyms.toml.
    /// A word or meaning that cannot be searched for (no letters, too long).
    Unsearchable,
    /// A word with no meanings.
    NoMeanings,
    /// A word given as its own meaning.
    MeaningIsWord,
    /// A word with more than 12 meanings.
    TooManyMeanings,
    /// The same word listed twice.
    DuplicateWord,

    // The config file.
    /// A theme the planner does not have.
    UnknownTheme,
    /// A school logo that cannot be used.
    UnusableLogo,
    /// A `[keys]` setting the planner cannot use: its action keeps its usual keys.
    UnusableKey,
    /// `builds_on` or `leads_to` names a module no loaded library has.
    UnknownModule,
    /// `builds_on` names an older band's module, or `leads_to` a younger one.
    BandsOutOfOrder,
    /// `outcomes` names an outcome no loaded library has.
    UnknownOutcome,
    /// `outcomes` names an outcome of another age band, or of a strand the module does not list.
    OutcomeOutOfPlace,
    /// A module with no success criteria, SEND adaptations or outcomes: still valid, but short
    /// of the lesson design standard.
    IncompleteModule,

    // The school's programme.
    /// A programme entry's year group is not one of the school's system.
    UnknownYearGroup,
    /// A programme entry's term is not one of the calendar's.
    UnknownTerm,
    /// A programme places a plan with another year group than the plan's own.
    OtherYearGroup,
}

impl Code {
    /// Every code, in the order docs/validate.md lists them.
    pub const ALL: [Code; 65] = [
        Code::CannotRead,
        Code::MissingLibrary,
        Code::NotAFile,
        Code::TooLarge,
        Code::BinaryFile,
        Code::NotUtf8,
        Code::NestedTooDeeply,
        Code::FolderAlreadyRead,
        Code::TomlSyntax,
        Code::CannotWrite,
        Code::InvalidPlan,
        Code::InvalidConfig,
        Code::MissingField,
        Code::WrongType,
        Code::UnknownField,
        Code::EmptyField,
        Code::LineTooLong,
        Code::OutOfRange,
        Code::AgesReversed,
        Code::InvalidId,
        Code::UnknownSensitivity,
        Code::UnknownActivityKind,
        Code::UnknownSheetKind,
        Code::SheetNotListed,
        Code::UnknownChatOwner,
        Code::UnknownAudience,
        Code::UnknownServiceKind,
        Code::InvalidLanguage,
        Code::UnknownAgeBand,
        Code::UnknownStrand,
        Code::UnknownService,
        Code::UnknownRegion,
        Code::DuplicateId,
        Code::DuplicateFramework,
        Code::Replaced,
        Code::SensitiveNeedsSignposting,
        Code::SensitiveNeedsSafeguarding,
        Code::MinutesMismatch,
        Code::ReviewOverdue,
        Code::ReviewInFuture,
        Code::UnknownReviewStatus,
        Code::NextReviewTooEarly,
        Code::ReviewDatesDisagree,
        Code::NoReviewer,
        Code::Placeholder,
        Code::ShortHandout,
        Code::UkOnlyText,
        Code::PassageFence,
        Code::PrimaryWording,
        Code::Unsearchable,
        Code::NoMeanings,
        Code::MeaningIsWord,
        Code::TooManyMeanings,
        Code::DuplicateWord,
        Code::UnknownTheme,
        Code::UnusableLogo,
        Code::UnusableKey,
        Code::UnknownModule,
        Code::BandsOutOfOrder,
        Code::UnknownOutcome,
        Code::OutcomeOutOfPlace,
        Code::IncompleteModule,
        Code::UnknownYearGroup,
        Code::UnknownTerm,
        Code::OtherYearGroup,
    ];

    /// The stable name, e.g. `unknown-strand`.
    pub fn name(self) -> &'static str {
        match self {
            Code::CannotRead => "cannot-read",
            Code::MissingLibrary => "missing-library",
            Code::NotAFile => "not-a-file",
            Code::TooLarge => "too-large",
            Code::BinaryFile => "binary-file",
            Code::NotUtf8 => "not-utf8",
            Code::NestedTooDeeply => "nested-too-deeply",
            Code::FolderAlreadyRead => "folder-already-read",
            Code::TomlSyntax => "toml-syntax",
            Code::CannotWrite => "cannot-write",
            Code::InvalidPlan => "invalid-plan",
            Code::InvalidConfig => "invalid-config",
            Code::MissingField => "missing-field",
            Code::WrongType => "wrong-type",
            Code::UnknownField => "unknown-field",
            Code::EmptyField => "empty-field",
            Code::LineTooLong => "line-too-long",
            Code::OutOfRange => "out-of-range",
            Code::AgesReversed => "ages-reversed",
            Code::InvalidId => "invalid-id",
            Code::UnknownSensitivity => "unknown-sensitivity",
            Code::UnknownActivityKind => "unknown-activity-kind",
            Code::UnknownSheetKind => "unknown-sheet-kind",
            Code::SheetNotListed => "sheet-not-listed",
            Code::UnknownChatOwner => "unknown-chat-owner",
            Code::UnknownAudience => "unknown-audience",
            Code::UnknownServiceKind => "unknown-service-kind",
            Code::InvalidLanguage => "invalid-language",
            Code::UnknownAgeBand => "unknown-age-band",
            Code::UnknownStrand => "unknown-strand",
            Code::UnknownService => "unknown-service",
            Code::UnknownRegion => "unknown-region",
            Code::DuplicateId => "duplicate-id",
            Code::DuplicateFramework => "duplicate-framework",
            Code::Replaced => "replaced",
            Code::SensitiveNeedsSignposting => "sensitive-needs-signposting",
            Code::SensitiveNeedsSafeguarding => "sensitive-needs-safeguarding",
            Code::MinutesMismatch => "minutes-mismatch",
            Code::ReviewOverdue => "review-overdue",
            Code::ReviewInFuture => "review-in-future",
            Code::UnknownReviewStatus => "unknown-review-status",
            Code::NextReviewTooEarly => "next-review-too-early",
            Code::ReviewDatesDisagree => "review-dates-disagree",
            Code::NoReviewer => "no-reviewer",
            Code::Placeholder => "placeholder",
            Code::ShortHandout => "short-handout",
            Code::UkOnlyText => "uk-only-text",
            Code::PassageFence => "passage-fence",
            Code::PrimaryWording => "primary-wording",
            Code::Unsearchable => "unsearchable",
            Code::NoMeanings => "no-meanings",
            Code::MeaningIsWord => "meaning-is-word",
            Code::TooManyMeanings => "too-many-meanings",
            Code::DuplicateWord => "duplicate-word",
            Code::UnknownTheme => "unknown-theme",
            Code::UnusableLogo => "unusable-logo",
            Code::UnusableKey => "unusable-key",
            Code::UnknownModule => "unknown-module",
            Code::UnknownOutcome => "unknown-outcome",
            Code::OutcomeOutOfPlace => "outcome-out-of-place",
            Code::IncompleteModule => "incomplete-module",
            Code::BandsOutOfOrder => "bands-out-of-order",
            Code::UnknownYearGroup => "unknown-year-group",
            Code::UnknownTerm => "unknown-term",
            Code::OtherYearGroup => "other-year-group",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as shown to the user (`<bundled>/...` for the built-in library).
    pub file: String,
    /// Where the problem starts (1:1 for a problem with the whole file).
    pub location: Location,
    /// Just past where it ends; `None` for a problem with the whole file.
    pub end: Option<Location>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The source line the problem is on, for the caret display.
    pub source_line: Option<String>,
    /// How many characters the caret underline covers.
    pub width: usize,
}

impl Diagnostic {
    /// A problem with the file as a whole (it could not be read, or it is too large).
    pub fn whole_file(
        file: &str,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            location: Location { line: 1, column: 1 },
            end: None,
            severity,
            code,
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

/// The form `validate --format json` prints (docs/validate.md): positions are 1-based and null
/// for a problem with the whole file; `end_column` is just past the last character.
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let start = self.end.map(|_| self.location);
        let mut problem = serializer.serialize_struct("Diagnostic", 9)?;
        problem.serialize_field("file", &self.file)?;
        problem.serialize_field("line", &start.map(|l| l.line))?;
        problem.serialize_field("column", &start.map(|l| l.column))?;
        problem.serialize_field("end_line", &self.end.map(|l| l.line))?;
        problem.serialize_field("end_column", &self.end.map(|l| l.column))?;
        problem.serialize_field("severity", &self.severity)?;
        problem.serialize_field("code", &self.code)?;
        problem.serialize_field("message", &self.message)?;
        problem.serialize_field("help", &self.hint)?;
        problem.end()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        let number = self.location.line.to_string();
        // `= help` lines up with the `|` of the source lines above it.
        let gutter = match &self.source_line {
            Some(_) => " ".repeat(number.len()),
            None => " ".to_string(),
        };
        if let Some(line) = &self.source_line {
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{number} | {line}")?;
            let pad = " ".repeat(self.location.column.saturating_sub(1));
            writeln!(f, "{gutter} | {pad}{}", "^".repeat(self.width.max(1)))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{gutter} = help: {hint}")?;
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
        code: Code,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let location = self.location(span.start);
        let end = self.location(span.end.max(span.start));
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
            end: Some(end),
            severity,
            code,
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
            Code::UnknownAgeBand,
            "unknown age band",
            "use one of 4-7",
        );
        let shown = d.to_string();
        assert!(shown.starts_with("m.toml:2:12: error: unknown age band\n"));
        assert!(shown.contains("2 | age_band = \"9-99\"\n"));
        assert!(shown.contains("  |            ^^^^^^\n"), "{shown}");
        assert!(shown.contains("\n  = help: use one of 4-7"));

        // Past line 9 the gutter widens, and the help line stays under the `|`.
        let text = format!("{}age_band = \"9-99\"\n", "\n".repeat(11));
        let file = SourceFile::new("m.toml", &text);
        let start = text.find('"').unwrap();
        let d = file.diagnostic(
            start..start + 6,
            Severity::Error,
            Code::UnknownAgeBand,
            "m",
            "h",
        );
        let shown = d.to_string();
        assert!(shown.contains("\n12 | age_band"), "{shown}");
        assert!(
            shown.ends_with("\n   |            ^^^^^^\n   = help: h\n"),
            "{shown}"
        );
    }

    #[test]
    fn spans_past_the_end_do_not_panic() {
        let file = SourceFile::new("m.toml", "abc");
        let d = file.diagnostic(10..20, Severity::Warning, Code::UnknownField, "m", "");
        assert_eq!(d.location, Location { line: 1, column: 4 });
        assert_eq!(d.end, Some(Location { line: 1, column: 4 }));
        assert_eq!(d.hint, None);
    }

    #[test]
    fn codes_are_unique_kebab_case_names() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        for name in &names {
            assert!(
                !name.is_empty()
                    && !name.starts_with('-')
                    && !name.ends_with('-')
                    && !name.contains("--")
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
        }
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "a name is used twice");
    }

    #[test]
    fn the_validate_page_documents_every_code_and_no_other() {
        let page = include_str!("../../docs/validate.md");
        let mut codes: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        codes.sort_unstable();
        let mut table: Vec<&str> = page
            .split("### Codes")
            .nth(1)
            .unwrap_or("")
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split_once('`'))
            .map(|(code, _)| code)
            .collect();
        table.sort_unstable();
        assert_eq!(table, codes, "the codes table of docs/validate.md");
    }

    #[test]
    fn json_gives_the_span_one_based_with_an_exclusive_end() {
        let text = "id = \"x\"\nstrands = [\"online-relationshps\"]\n";
        let file = SourceFile::new("m.toml", text);
        let start = text.find("\"online").unwrap();
        let end = text.find(']').unwrap();
        let d = file.diagnostic(
            start..end,
            Severity::Error,
            Code::UnknownStrand,
            "unknown strand `online-relationshps`",
            "did you mean `online-relationships`?",
        );
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "file": "m.toml",
                "line": 2,
                "column": 12,
                "end_line": 2,
                "end_column": 33,
                "severity": "error",
                "code": "unknown-strand",
                "message": "unknown strand `online-relationshps`",
                "help": "did you mean `online-relationships`?",
            })
        );
    }

    #[test]
    fn json_has_no_position_for_a_problem_with_the_whole_file() {
        let d = Diagnostic::whole_file("b.toml", Severity::Error, Code::BinaryFile, "binary");
        let json = serde_json::to_value(&d).unwrap();
        for key in ["line", "column", "end_line", "end_column", "help"] {
            assert!(json[key].is_null(), "{key}: {json}");
        }
        assert_eq!(json["code"], "binary-file");
        // The text form still names a place, as compilers do.
        assert!(d.to_string().starts_with("b.toml:1:1: error: binary\n"));
    }
}
