//! Plain Markdown, for editing the handouts in a word processor before printing.
//!
//! Text from files is escaped so that any Markdown converter (CommonMark, GitHub's, pandoc's)
//! shows it as the same text: only the document's own structure and Markdown-lite `**bold**`
//! become markup. Nothing in a title, note or module can open a tag, a link or an image, which
//! would run or load when the file is converted to a web page.

use super::document::{Block, Document};
use crate::markup;

pub fn write(document: &Document) -> String {
    let mut out = String::new();
    for (index, section) in document.sections.iter().enumerate() {
        if index > 0 {
            out.push_str("---\n\n");
        }
        blocks(&mut out, &section.blocks);
    }
    // Trailing spaces (after an empty heading or item) are not wanted in files people edit;
    // other white space, such as a no-break space, is text.
    let mut out: String = out
        .lines()
        .map(|line| line.trim_end_matches(' ').to_string() + "\n")
        .collect();
    out.truncate(out.trim_end_matches('\n').len());
    out.push('\n');
    out
}

/// Writes blocks, each followed by a blank line.
fn blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let hashes = "#".repeat(usize::from(*level).clamp(1, 6));
                out.push_str(&format!("{hashes} {}\n\n", inline(text)));
            }
            Block::Paragraph(text) => out.push_str(&format!("{}\n\n", inline(text))),
            Block::Bullets(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", inline(item)));
                }
                out.push('\n');
            }
            Block::Checklist(items) => {
                for item in items {
                    out.push_str(&format!("- [ ] {}\n", inline(item)));
                }
                out.push('\n');
            }
            Block::Table { header, rows, .. } => {
                out.push_str(&format!("{}\n", row(header)));
                let rule = vec!["---"; header.len()];
                out.push_str(&format!("| {} |\n", rule.join(" | ")));
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
                let mut panel = format!("{}\n\n", strong(title));
                self::blocks(&mut panel, inner);
                for line in panel.trim_end_matches('\n').lines() {
                    out.push_str(if line.is_empty() { ">" } else { "> " });
                    out.push_str(line);
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Signature {
                closing,
                name,
                role,
            } => {
                out.push_str(&format!("{}\n\n{}\n\n", inline(closing), strong(name)));
                if let Some(role) = role {
                    out.push_str(&format!("{}\n\n", inline(role)));
                }
            }
            Block::ReplySlip {
                title,
                lead,
                fields,
            } => {
                out.push_str(&format!(
                    "---\n\n## {}\n\n{}\n\n",
                    inline(title),
                    inline(lead)
                ));
                for field in fields {
                    out.push_str(&format!("- {}:\n", inline(field)));
                }
                out.push('\n');
            }
            Block::Cards(cards) => {
                for card in cards {
                    out.push_str(&format!("- {}\n", inline(card)));
                }
                out.push('\n');
            }
            Block::Chat { app, messages, .. } => {
                if let Some(app) = app {
                    out.push_str(&format!("{}\n\n", strong(app)));
                }
                for message in messages {
                    out.push_str(&format!(
                        "{} {}\n\n",
                        strong(&format!("{}:", message.from)),
                        inline(&message.text)
                    ));
                }
            }
            // Space to write is for paper: print the sheet from PDF or HTML.
            Block::WritingLines { .. } => {}
            Block::CutLine => out.push_str("- - - - - - - - - - - - - - - - - - - -\n\n"),
            // Copies to fill a printed page: one is enough to copy from.
            Block::SpareCopy(_) => {}
            // Markdown has no pages, and an image would be a file beside the text to keep
            // with it: the logo is added in the word processor.
            Block::PageBreak | Block::Image(_) => {}
            // Markdown has no way to say a language: the text is written as it is.
            Block::InLanguage { blocks: inner, .. } => self::blocks(out, inner),
        }
    }
}

/// A table row on one line: a line break within a cell is written as `<br>`, which tables in
/// GitHub's Markdown and pandoc's show as one.
fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| c.split('\n').map(inline).collect::<Vec<_>>().join("<br>"))
        .collect();
    format!("| {} |", cells.join(" | "))
}

/// Markdown-lite inline text as one line of Markdown: its `**bold**` runs bold, all else text.
fn inline(text: &str) -> String {
    let runs: Vec<Piece> = markup::runs(text)
        .iter()
        .map(|run| Piece {
            text: one_line(run.text),
            bold: run.bold,
        })
        .collect();
    write_pieces(runs)
}

/// Text shown bold throughout, such as a panel's title.
fn strong(text: &str) -> String {
    write_pieces(vec![Piece {
        text: one_line(&markup::plain(text)),
        bold: true,
    }])
}

struct Piece {
    text: String,
    bold: bool,
}

/// The text on one line, so that nothing in it starts a new block: line breaks and tabs are
/// spaces, and control characters are left out (they show nothing, and an escape sequence
/// could reach the terminal of whoever reads the file there).
fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn write_pieces(runs: Vec<Piece>) -> String {
    // Spaces at the edge of a bold run go outside it: `** x **` is not bold in CommonMark.
    let mut pieces: Vec<Piece> = Vec::new();
    for run in runs {
        if run.bold {
            let text = run.text.as_str();
            let core = text.trim_matches(' ');
            let lead = text.len() - text.trim_start_matches(' ').len();
            let trail = text.trim_end_matches(' ').len().max(lead);
            for (text, bold) in [
                (&text[..lead], false),
                (core, true),
                (&text[trail..], false),
            ] {
                pieces.push(Piece {
                    text: text.to_string(),
                    bold,
                });
            }
        } else {
            pieces.push(run);
        }
    }
    // One space between words, across pieces too, and none at either end of the line.
    let mut after_space = true;
    for piece in &mut pieces {
        let text = std::mem::take(&mut piece.text);
        for c in text.chars() {
            if c != ' ' || !after_space {
                piece.text.push(c);
            }
            after_space = c == ' ';
        }
    }
    if let Some(last) = pieces.iter_mut().rev().find(|p| !p.text.is_empty()) {
        last.text.truncate(last.text.trim_end_matches(' ').len());
    }
    // Neighbours of one style join: `**a****b**` would not be bold.
    let mut joined: Vec<Piece> = Vec::new();
    for piece in pieces.into_iter().filter(|p| !p.text.is_empty()) {
        match joined.last_mut() {
            Some(last) if last.bold == piece.bold => last.text.push_str(&piece.text),
            _ => joined.push(piece),
        }
    }
    let escaped: Vec<String> = joined
        .iter()
        .enumerate()
        .map(|(index, p)| escape(&p.text, index == 0))
        .collect();
    let mut out = String::new();
    for (index, piece) in joined.iter().enumerate() {
        let text = &escaped[index];
        let before = index.checked_sub(1).and_then(|i| escaped[i].chars().last());
        let after = escaped.get(index + 1).and_then(|t| t.chars().next());
        if piece.bold && can_be_bold(text, before, after) {
            out.push_str(&format!("**{text}**"));
        } else {
            out.push_str(text);
        }
    }
    out
}

/// Whether `**text**` between `before` and `after` reads as bold in CommonMark: the opening
/// `**` must be left-flanking and the closing one right-flanking. Where that is unsure (a
/// symbol or a space other than ASCII at the edge) the text stays plain: it still reads the
/// same, only not bold.
fn can_be_bold(text: &str, before: Option<char>, after: Option<char>) -> bool {
    let calm = |c: Option<char>| c.is_none_or(|c| c == ' ' || c.is_ascii_punctuation());
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
        return false;
    };
    let opens = is_word(first) || (first.is_ascii_punctuation() && calm(before));
    let closes = is_word(last) || (last.is_ascii_punctuation() && calm(after));
    opens && closes
}

/// A letter or digit, which CommonMark never counts as punctuation. The enclosed letters
/// (Ⓐ, 🄰) are letters to Rust but symbols to CommonMark.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F189}')
}

/// Backslash-escapes what could be read as Markdown: anywhere in a line, what starts inline
/// markup in CommonMark or a common extension (tables, strikethrough, math, superscript,
/// heading attributes); `&` where it could start an entity; and, at the start of a line, what
/// starts a block (a list, a quote, a definition).
fn escape(text: &str, line_start: bool) -> String {
    const ANYWHERE: &[char] = &[
        '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '$', '^', '{', '}',
    ];
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let entity = c == '&'
            && chars
                .peek()
                .is_some_and(|(_, next)| next.is_ascii_alphanumeric() || *next == '#');
        let block = line_start && at == 0 && matches!(c, '-' | '+' | ':' | '=' | '%');
        if ANYWHERE.contains(&c) || entity || block {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        escape_list_number(&mut out);
    }
    out
}

/// `1.`, `a)` or `(iv)` opening a line is a numbered list in CommonMark or pandoc: the
/// mark after it is escaped.
fn escape_list_number(line: &mut String) {
    let word = line.split(' ').next().unwrap_or("");
    let Some(mark) = word.chars().last().filter(|c| matches!(c, '.' | ')')) else {
        return;
    };
    let number = &word[..word.len() - 1];
    let number = number.strip_prefix('(').unwrap_or(number);
    if !number.is_empty() && number.chars().all(|c| c.is_alphanumeric() || c == '@') {
        let at = word.len() - mark.len_utf8();
        line.insert(at, '\\');
    }
}
