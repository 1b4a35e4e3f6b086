//! Markdown-lite, the text format of module fields: paragraphs separated by blank lines, `- `
//! bullet lists and `**bold**`. The planner and the handouts both read it through here, so a
//! paragraph wrapped by hand in a TOML file reflows the same way on screen and on paper.

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

/// The text without its `**` markers, for places that cannot show bold.
pub fn plain(text: &str) -> String {
    runs(text).iter().map(|r| r.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
