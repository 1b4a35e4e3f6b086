//! Plain Markdown, for editing the handouts in a word processor before printing.

use super::document::{Block, Document};

pub fn write(document: &Document) -> String {
    let document = &escaped(document);
    let mut out = String::new();
    for (index, section) in document.sections.iter().enumerate() {
        if index > 0 {
            out.push_str("---\n\n");
        }
        blocks(&mut out, &section.blocks, "");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Writes blocks, each line prefixed with `quote` (`> ` inside a panel).
fn blocks(out: &mut String, blocks: &[Block], quote: &str) {
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let hashes = "#".repeat(usize::from(*level).clamp(1, 6));
                out.push_str(&format!("{quote}{hashes} {text}\n{quote}\n"));
            }
            Block::Paragraph(text) => out.push_str(&format!("{quote}{text}\n{quote}\n")),
            Block::Bullets(items) => {
                for item in items {
                    out.push_str(&format!("{quote}- {item}\n"));
                }
                out.push_str(&format!("{quote}\n"));
            }
            Block::Checklist(items) => {
                for item in items {
                    out.push_str(&format!("{quote}- [ ] {item}\n"));
                }
                out.push_str(&format!("{quote}\n"));
            }
            Block::Table { header, rows, .. } => {
                out.push_str(&format!("{quote}{}\n", row(header)));
                let rule = vec!["---".to_string(); header.len()];
                out.push_str(&format!("{quote}{}\n", row(&rule)));
                for cells in rows {
                    out.push_str(&format!("{quote}{}\n", row(cells)));
                }
                out.push_str(&format!("{quote}\n"));
            }
            Block::Panel {
                title,
                blocks: inner,
            } => {
                out.push_str(&format!("> **{title}**\n>\n"));
                self::blocks(out, inner, "> ");
                trim_quote_tail(out);
                out.push('\n');
            }
        }
    }
    // Lines that are only a quote marker end the quote cleanly; a bare `>` is fine Markdown,
    // but trailing spaces are not wanted in files people edit.
    if quote.is_empty() {
        *out = out
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n");
        out.push('\n');
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
        language: document.language.clone(),
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

/// Drops the blank quote line after the last block of a panel.
fn trim_quote_tail(out: &mut String) {
    while out.ends_with(">\n") || out.ends_with("> \n") {
        let cut = out.trim_end_matches('\n').trim_end_matches(' ');
        let cut = cut.strip_suffix('>').unwrap_or(cut).len();
        out.truncate(cut);
    }
}
