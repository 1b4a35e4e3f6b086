//! The commented module that `lessonplan new` writes, and the check that its placeholders have
//! all been filled in.

use super::diagnostic::Code;
use super::fields::{At, Date, Problems};
use super::framework::{AgeBand, Strand};
use super::module::is_valid_id;

/// Marks each place in a new module that its author still has to write.
pub const PLACEHOLDER: &str = "TODO";

/// The length of the template's lesson, and of its three activities (which add up to it).
pub const TEMPLATE_MINUTES: u32 = 60;
const TEMPLATE_ACTIVITY_MINUTES: [u32; 3] = [10, 40, 10];

/// What a new module is made from.
pub struct NewModule<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub band: &'a AgeBand,
    pub strand: &'a Strand,
    /// The day it is made: its `reviewed_on`.
    pub today: Date,
}

/// The id `new` gives a module: the title's letters and digits joined by '-', then the band
/// (`Group chats!` for 7-11 is `group-chats-7-11`). `None` when the title has no ASCII letter or
/// digit to make one from.
pub fn id_from_title(title: &str, band: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in title.chars().chain([' ']) {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Don't" is one word, `dont`, not `don-t`.
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if words.is_empty() {
        return None;
    }
    let mut id = words.join("-");
    if !id.ends_with(&format!("-{band}")) && id != band {
        id = format!("{id}-{band}");
    }
    is_valid_id(&id).then_some(id)
}

/// A TOML string with every character that needs it escaped.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

/// Where the comments of the template's one-line fields start.
const COMMENT_COLUMN: usize = 38;

/// `assignment`, then `comment` at [`COMMENT_COLUMN`] (or two spaces after a longer assignment).
fn commented(assignment: &str, comment: &str) -> String {
    let width = COMMENT_COLUMN.max(assignment.chars().count() + 2);
    format!("{assignment:<width$}# {comment}\n")
}

/// A module with every field written out, each with a comment on what goes there, and `TODO`
/// where its author writes. It loads with no errors; its warnings point at what is left to write.
pub fn module_template(new: &NewModule) -> String {
    let [starter, main, plenary] = TEMPLATE_ACTIVITY_MINUTES;
    let id = new.id;
    let mut text = format!(
        "# A new lesson module. Write your own text wherever it says {PLACEHOLDER} (`lessonplan validate`\n\
         # lists every place left). Once a colleague has checked it, approve it:\n\
         #   lessonplan review --approve {id} --by \"NAME\"\n\
         # Every field is described in docs/file-formats.md (\"A lesson module\").\n\n"
    );
    let fields = [
        (
            format!("id = {}", quoted(id)),
            "unique: lowercase letters, digits and '-'; plans name it".to_string(),
        ),
        (
            format!("title = {}", quoted(new.title)),
            "as teachers and pupils see it".to_string(),
        ),
        (
            format!("age_band = {}", quoted(&new.band.id)),
            new.band.label.clone(),
        ),
        (
            format!("strands = [{}]", quoted(&new.strand.id)),
            format!("strand ids, the main one first: {}", new.strand.label),
        ),
        (
            format!("duration_minutes = {TEMPLATE_MINUTES}"),
            "whole minutes, 5 to 240; the activities add up to it".to_string(),
        ),
    ];
    for (assignment, comment) in &fields {
        text.push_str(&commented(assignment, comment));
    }
    text.push_str(&format!(
        "summary = \"\"\"\n{PLACEHOLDER}: one paragraph for teachers on what the lesson does and why.\n\"\"\"\n"
    ));
    text.push_str(&commented(
        "sensitivity = \"standard\"",
        "or \"sensitive\" (abuse, grooming, nudes, sextortion, self-harm):",
    ));
    text.push_str(&commented(
        "",
        "then signposting and safeguarding notes are required",
    ));
    text.push_str(&commented(
        "keywords = []",
        "words people search for, e.g. [\"group chat\", \"kindness\"]",
    ));
    text.push_str(&commented(
        "# language = \"ar\"",
        "only for a module not written in English: a BCP 47 tag",
    ));
    text.push_str(&commented(
        "objectives = [",
        "one or more, as pupils would say them",
    ));
    text.push_str(&format!("  \"{PLACEHOLDER}: I can ...\",\n]\n"));
    text.push_str(&commented(
        "success_criteria = [",
        "what you see or hear when the objectives are met",
    ));
    text.push_str(&format!("  \"{PLACEHOLDER}: Pupils can ...\",\n]\n"));
    text.push_str(&commented(
        "send_adaptations = [",
        "for pupils with SEND: visual supports, words to teach first, a check-in",
    ));
    text.push_str(&format!("  \"{PLACEHOLDER}: what the adult does\",\n]\n"));
    text.push_str(&commented(
        "outcomes = []",
        "outcome ids it teaches: `lessonplan coverage --outcomes` lists them",
    ));
    text.push_str(&commented(
        "# builds_on = []",
        "modules this follows, for the same or younger pupils",
    ));
    text.push_str(&commented(
        "# leads_to = []",
        "modules that follow it, for the same or older pupils",
    ));
    text.push_str(&commented(
        "resources = []",
        "what the teacher prepares, e.g. [\"Sticky notes\"]",
    ));
    text.push_str(&commented(
        "signposting = []",
        "help services from services.toml, e.g. [\"childline\"]",
    ));
    text.push_str(&format!(
        r#"
[[vocabulary]]                        # a word the lesson teaches; repeat for more, or remove
term = "{PLACEHOLDER}"                         # the word or phrase
definition = "{PLACEHOLDER}: what it means, in words a pupil of this age understands."  # one line

[[activities]]                        # in teaching order; their minutes add up to duration_minutes
title = "{PLACEHOLDER}: the starter's name"   # its name; the kind below is shown before it
minutes = {starter}                          # whole minutes, 1 to 240
kind = "starter"                      # starter | main | plenary | assessment
description = """
{PLACEHOLDER}: what the teacher and pupils do. Paragraphs are separated by blank lines, a line
starting '- ' is a bullet, and **two stars** make bold.
"""

[[activities]]
title = "{PLACEHOLDER}: the main activity's name"
minutes = {main}
kind = "main"
description = """
{PLACEHOLDER}: the main activity.
"""

[[activities]]
title = "{PLACEHOLDER}: the plenary's name"
minutes = {plenary}
kind = "plenary"
description = """
{PLACEHOLDER}: how the lesson ends: what pupils remember, and who they can tell.
"""

[safeguarding]
notes = """
{PLACEHOLDER}: what the teacher prepares: ground rules, distancing, likely disclosures, and who the
Designated Safeguarding Lead is.
"""

[handout]
student = """
{PLACEHOLDER}: the text pupils take home: the key ideas, what to remember and who to tell.
"""
parent = """
{PLACEHOLDER}: In this lesson, your child's class ... (one or two paragraphs for the letter home)
"""

[review]
"#
    ));
    text.push_str(&commented(
        "status = \"draft\"",
        "draft until approved; then approved, or retired",
    ));
    text.push_str(&commented(
        "reviewed_by = \"\"",
        "who approved it: a name or a role",
    ));
    text.push_str(&commented(
        &format!("reviewed_on = {}", new.today),
        "when it was last checked (a date, no quotes)",
    ));
    text.push_str(&commented(
        &format!(
            "# next_review = {}",
            new.today
                .plus_months(super::review::DEFAULT_INTERVAL_MONTHS)
        ),
        "when it is due again; without it, reviewed_on plus",
    ));
    text.push_str(&commented(
        "",
        "the library's review interval (12 months unless it says)",
    ));
    text
}

/// Warns when text still holds the template's placeholder.
pub fn check_placeholder(text: &At<String>, problems: &mut Problems) {
    let found = text.value.match_indices(PLACEHOLDER).any(|(at, _)| {
        let before = text.value[..at].chars().next_back();
        let after = text.value[at + PLACEHOLDER.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    });
    if found {
        problems.warning(
            Code::Placeholder,
            text.span.start..text.span.start + 1,
            format!("placeholder text `{PLACEHOLDER}` is still here"),
            "write the module's own text in its place before it is approved and taught",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_title_and_band() {
        assert_eq!(
            id_from_title("Group chats!", "7-11").as_deref(),
            Some("group-chats-7-11")
        );
        assert_eq!(
            id_from_title("  Don't share   your PIN ", "11-14").as_deref(),
            Some("dont-share-your-pin-11-14")
        );
        assert_eq!(
            id_from_title("Sleep 7-11", "7-11").as_deref(),
            Some("sleep-7-11")
        );
        assert_eq!(id_from_title("نصائح", "7-11"), None);
    }

    #[test]
    fn placeholders_are_found_as_words() {
        let source = super::super::diagnostic::SourceFile::new("m.toml", "x");
        let mut problems = Problems::new(&source);
        let at = |text: &str| At {
            value: text.to_string(),
            span: 0..1,
        };
        check_placeholder(&at("TODOS and MASTODON"), &mut problems);
        assert!(problems.found.is_empty());
        check_placeholder(&at("Main: TODO"), &mut problems);
        assert_eq!(problems.found.len(), 1);
    }
}
