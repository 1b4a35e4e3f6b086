//! Markdown-lite, the text format of module fields: paragraphs separated by blank lines, `- `
//! bullet lists and `**bold**`. The planner and the handouts both read it through here, so a
//! paragraph wrapped by hand in a TOML file reflows the same way on screen and on paper.
//!
//! Text that holds only in some regions (a law, an emergency number, a service named in prose) is
//! fenced as a regional passage (see [`for_region`]), so one module prints right for any region.

/// One piece of Markdown-lite text, with hand-wrapped lines joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Bullet(String),
    /// One or more blank lines in the source.
    Break,
}

/// Splits text into paragraphs, bullets and breaks. A line that is neither blank nor a bullet
/// continues the paragraph or bullet above it.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for line in text.trim().lines().map(str::trim) {
        if line.is_empty() {
            if !matches!(blocks.last(), Some(Block::Break) | None) {
                blocks.push(Block::Break);
            }
        } else if let Some(item) = line.strip_prefix("- ").or((line == "-").then_some("")) {
            blocks.push(Block::Bullet(item.trim_start().to_string()));
        } else {
            match blocks.last_mut() {
                Some(Block::Paragraph(text) | Block::Bullet(text)) => {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(line);
                }
                _ => blocks.push(Block::Paragraph(line.to_string())),
            }
        }
    }
    blocks
}

/// A run of text that is bold or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    pub text: &'a str,
    pub bold: bool,
}

/// `**bold**` runs; an unclosed `**` is kept as written.
pub fn runs(text: &str) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("**") {
        let Some(length) = rest[start + 2..].find("**") else {
            break;
        };
        if start > 0 {
            runs.push(Run {
                text: &rest[..start],
                bold: false,
            });
        }
        let bold = &rest[start + 2..start + 2 + length];
        if !bold.is_empty() {
            runs.push(Run {
                text: bold,
                bold: true,
            });
        }
        rest = &rest[start + 2 + length + 2..];
    }
    if !rest.is_empty() {
        runs.push(Run {
            text: rest,
            bold: false,
        });
    }
    runs
}

/// A piece of a run: text, or a write-in blank (three or more underscores, as a worksheet's
/// "At home: ________" is written), printed as a line to write on rather than read aloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    /// The number of underscores, which sets the line's length.
    Blank(usize),
}

/// The shortest run of underscores that is a write-in blank.
const BLANK_UNDERSCORES: usize = 3;

/// The text and write-in blanks of `text`, in order.
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut start = 0;
    let mut underscores: Option<usize> = None;
    let bytes = text.as_bytes();
    for at in 0..=bytes.len() {
        let is_underscore = bytes.get(at) == Some(&b'_');
        match (underscores, is_underscore) {
            (None, true) => underscores = Some(at),
            (Some(from), false) => {
                if at - from >= BLANK_UNDERSCORES {
                    if from > start {
                        segments.push(Segment::Text(&text[start..from]));
                    }
                    segments.push(Segment::Blank(at - from));
                    start = at;
                }
                underscores = None;
            }
            _ => {}
        }
    }
    if start < text.len() {
        segments.push(Segment::Text(&text[start..]));
    }
    segments
}

/// The text without its `**` markers, for places that cannot show bold.
pub fn plain(text: &str) -> String {
    runs(text).iter().map(|r| r.text).collect()
}

/// A line that opens, switches or closes a regional passage:
///
/// ```text
/// ::: uk
/// Text printed only for the UK.
/// ::: else
/// Text printed for every other region (optional).
/// :::
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fence {
    Open(Vec<String>),
    Else,
    Close,
}

fn fence(line: &str) -> Option<Fence> {
    let rest = line.trim().strip_prefix(":::")?;
    let words: Vec<String> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    Some(match words.as_slice() {
        [] => Fence::Close,
        [word] if word == "else" => Fence::Else,
        _ => Fence::Open(words),
    })
}

/// The text as printed for `region`: regional passages for other regions are left out, and a
/// passage's `::: else` part is kept only where the passage itself is not. Text without fences is
/// returned as it is.
pub fn for_region<'t>(text: &'t str, region: &str) -> std::borrow::Cow<'t, str> {
    if !text.contains(":::") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    // Inside a passage: whether the part we are in is printed for this region.
    let mut printing: Option<bool> = None;
    let mut matched = false;
    for line in text.split_inclusive('\n') {
        match fence(line) {
            Some(Fence::Open(regions)) => {
                matched = regions.iter().any(|r| r == region);
                printing = Some(matched);
            }
            Some(Fence::Else) if printing.is_some() => printing = Some(!matched),
            Some(Fence::Close) => printing = None,
            Some(Fence::Else) => {}
            None => {
                if printing.unwrap_or(true) {
                    out.push_str(line);
                }
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The text of every region's passages, with the fence lines left out: what search reads, so that
/// a word is found whichever region it prints in.
pub fn every_region(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(":::") {
        return std::borrow::Cow::Borrowed(text);
    }
    text.split_inclusive('\n')
        .filter(|line| fence(line).is_none())
        .collect()
}

/// Where a text's regional passages are, for the validator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Passages {
    /// Byte ranges of the text that print in every region (outside any passage, fences excluded).
    pub everywhere: Vec<std::ops::Range<usize>>,
    /// The regions each passage names, with the byte range of its opening fence.
    pub opened: Vec<(Vec<String>, std::ops::Range<usize>)>,
    /// Fences out of place: the byte range and what is wrong.
    pub problems: Vec<(std::ops::Range<usize>, &'static str)>,
}

pub fn passages(text: &str) -> Passages {
    let mut found = Passages::default();
    let mut open: Option<std::ops::Range<usize>> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let range = offset..offset + line.len();
        offset = range.end;
        match fence(line) {
            Some(Fence::Open(regions)) => {
                if open.is_some() {
                    found
                        .problems
                        .push((range.clone(), "a regional passage opens inside another"));
                }
                found.opened.push((regions, range.clone()));
                open = Some(range);
            }
            Some(Fence::Else) if open.is_none() => found
                .problems
                .push((range, "`::: else` outside a regional passage")),
            Some(Fence::Close) if open.is_none() => found
                .problems
                .push((range, "`:::` closes no regional passage")),
            Some(Fence::Close) => open = None,
            Some(Fence::Else) => {}
            None if open.is_none() => match found.everywhere.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => found.everywhere.push(range),
            },
            None => {}
        }
    }
    if let Some(range) = open {
        found
            .problems
            .push((range, "a regional passage is never closed"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_keeps_every_passage_and_drops_the_fences() {
        let text = "Everyone.\n::: uk\nThe UK.\n::: else\nElsewhere.\n:::\nEveryone again.";
        assert_eq!(
            every_region(text),
            "Everyone.\nThe UK.\nElsewhere.\nEveryone again."
        );
        assert_eq!(every_region("No fences."), "No fences.");
    }

    #[test]
    fn runs_of_three_or_more_underscores_are_write_in_blanks() {
        assert_eq!(
            segments("At home: ________ At school: ___"),
            [
                Segment::Text("At home: "),
                Segment::Blank(8),
                Segment::Text(" At school: "),
                Segment::Blank(3),
            ]
        );
        assert_eq!(
            segments("snake_case __x"),
            [Segment::Text("snake_case __x")]
        );
        assert_eq!(segments("____"), [Segment::Blank(4)]);
        assert_eq!(segments(""), []);
        assert_eq!(
            segments("é___ü"),
            [Segment::Text("é"), Segment::Blank(3), Segment::Text("ü")]
        );
    }

    #[test]
    fn hand_wrapped_lines_join_into_one_paragraph() {
        let text = "Pupils learn what\nsextortion is.\n\nThey practise\n  the response.";
        assert_eq!(
            blocks(text),
            vec![
                Block::Paragraph("Pupils learn what sextortion is.".into()),
                Block::Break,
                Block::Paragraph("They practise the response.".into()),
            ]
        );
    }

    #[test]
    fn bullets_keep_their_continuation_lines_and_follow_a_lead_in() {
        let text = "Ask:\n- How might Mia\n  feel?\n- What should she do?\n\n\nDone.";
        assert_eq!(
            blocks(text),
            vec![
                Block::Paragraph("Ask:".into()),
                Block::Bullet("How might Mia feel?".into()),
                Block::Bullet("What should she do?".into()),
                Block::Break,
                Block::Paragraph("Done.".into()),
            ]
        );
        assert_eq!(blocks("  \n\n "), vec![]);
    }

    #[test]
    fn bold_runs_are_found_and_unclosed_markers_kept() {
        let bold = |text| Run { text, bold: true };
        let normal = |text| Run { text, bold: false };
        assert_eq!(
            runs("Say **stop**, then **tell**."),
            vec![
                normal("Say "),
                bold("stop"),
                normal(", then "),
                bold("tell"),
                normal(".")
            ]
        );
        assert_eq!(runs("2 ** 3"), vec![normal("2 ** 3")]);
        assert_eq!(plain("**Stop.** Tell."), "Stop. Tell.");
        assert_eq!(runs("****"), vec![]);
    }

    #[test]
    fn regional_passages_print_only_in_their_region_and_else_elsewhere() {
        let text =
            "Always.\n::: uk ie\nCall 999.\n::: else\nCall your local emergency number.\n:::\nEnd.";
        assert_eq!(for_region(text, "uk"), "Always.\nCall 999.\nEnd.");
        assert_eq!(for_region(text, "ie"), "Always.\nCall 999.\nEnd.");
        assert_eq!(
            for_region(text, "au"),
            "Always.\nCall your local emergency number.\nEnd."
        );
        let no_else = "A.\n:::uk\nThe law (England and Wales).\n:::\nB.";
        assert_eq!(for_region(no_else, "nz"), "A.\nB.");
        assert!(matches!(
            for_region("Plain.", "uk"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn passages_show_what_prints_everywhere_and_misplaced_fences() {
        let text = "One.\n::: uk\nUK.\n:::\nTwo.\n";
        let found = passages(text);
        let everywhere: Vec<&str> = found.everywhere.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(everywhere, ["One.\n", "Two.\n"]);
        assert_eq!(found.opened[0].0, ["uk"]);
        assert!(found.problems.is_empty());

        let bad = passages("::: else\nA\n:::\n::: uk\nB\n::: us\nC");
        let messages: Vec<&str> = bad.problems.iter().map(|p| p.1).collect();
        assert_eq!(
            messages,
            [
                "`::: else` outside a regional passage",
                "`:::` closes no regional passage",
                "a regional passage opens inside another",
                "a regional passage is never closed",
            ]
        );
    }
}
