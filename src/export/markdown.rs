//! Plain Markdown, for editing the handouts in a word processor before printing.

use super::document::{Block, Document};

pub fn write(document: &Document) -> String {
    let document = &escaped(document);
    let mut out = String::new();
    for (index, section) in document.sections.iter().enumerate() {
        if index > 0 {
            out.push_str("---\n\n");
        }
        blocks(&mut out, &section.blocks);
    }
    // Trailing spaces are not wanted in files people edit.
    let mut out: String = out
        .lines()
        .map(|line| line.trim_end().to_string() + "\n")
        .collect();
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Writes blocks, each followed by a blank line.
fn blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let hashes = "#".repeat(usize::from(*level).clamp(1, 6));
                out.push_str(&format!("{hashes} {text}\n\n"));
            }
            Block::Paragraph(text) => out.push_str(&format!("{text}\n\n")),
            Block::Bullets(items) => {
                for item in items {
                    out.push_str(&format!("- {item}\n"));
                }
                out.push('\n');
            }
            Block::Checklist(items) => {
                for item in items {
                    out.push_str(&format!("- [ ] {item}\n"));
                }
                out.push('\n');
            }
            Block::Table { header, rows, .. } => {
                out.push_str(&format!("{}\n", row(header)));
                let rule = vec!["---".to_string(); header.len()];
                out.push_str(&format!("{}\n", row(&rule)));
                for cells in rows {
                    out.push_str(&format!("{}\n", row(cells)));
                }
                out.push('\n');
            }
            Block::Panel {
                title,
                blocks: inner,
            } => {
                // The panel is written on its own, then quoted line by line: its end is known
                // from its blocks, never guessed from the text written so far.
                let mut panel = format!("**{title}**\n\n");
                self::blocks(&mut panel, inner);
                for line in panel.trim_end().lines() {
                    out.push_str(if line.is_empty() { ">" } else { "> " });
                    out.push_str(line);
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
}

/// A copy whose text cannot open HTML tags when the Markdown is converted (`\<` is a literal
/// `<` in Markdown).
fn escaped(document: &Document) -> Document {
    let text = |t: &String| t.replace('<', "\\<");
    fn map(blocks: &[Block], text: &dyn Fn(&String) -> String) -> Vec<Block> {
        blocks
            .iter()
            .map(|block| match block {
                Block::Heading { level, text: t } => Block::Heading {
                    level: *level,
                    text: text(t),
                },
                Block::Paragraph(t) => Block::Paragraph(text(t)),
                Block::Bullets(items) => Block::Bullets(items.iter().map(text).collect()),
                Block::Checklist(items) => Block::Checklist(items.iter().map(text).collect()),
                Block::Table {
                    header,
                    rows,
                    widths,
                } => Block::Table {
                    header: header.iter().map(text).collect(),
                    rows: rows.iter().map(|r| r.iter().map(text).collect()).collect(),
                    widths: widths.clone(),
                },
                Block::Panel { title, blocks } => Block::Panel {
                    title: text(title),
                    blocks: map(blocks, text),
                },
            })
            .collect()
    }
    Document {
        title: text(&document.title),
        sections: document
            .sections
            .iter()
            .map(|s| super::document::Section {
                handout: s.handout,
                blocks: map(&s.blocks, &text),
            })
            .collect(),
    }
}

fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
    format!("| {} |", cells.join(" | "))
}
