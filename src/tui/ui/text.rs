//! Turning module text into styled lines: Markdown-lite (paragraphs, `- ` bullets, `**bold**`)
//! and search-match highlighting.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::markup::{self, Block};

/// Markdown-lite text as lines, each prefixed with `indent`; hand-wrapped lines are joined so
/// that the pane wraps them to its own width.
pub fn markdown_lines(text: &str, indent: &str, base: Style) -> Vec<Line<'static>> {
    let styled = |text: &str| -> Vec<Span<'static>> {
        markup::runs(text)
            .into_iter()
            .map(|run| {
                let style = if run.bold {
                    base.add_modifier(Modifier::BOLD)
                } else {
                    base
                };
                Span::styled(run.text.to_string(), style)
            })
            .collect()
    };
    markup::blocks(text)
        .into_iter()
        .map(|block| match block {
            Block::Paragraph(text) => {
                let mut spans = vec![Span::styled(indent.to_string(), base)];
                spans.extend(styled(&text));
                Line::from(spans)
            }
            Block::Bullet(text) => {
                let mut spans = vec![Span::styled(format!("{indent}  • "), base)];
                spans.extend(styled(&text));
                Line::from(spans)
            }
            Block::Break => Line::from(""),
        })
        .collect()
}

/// The text with the characters at `positions` styled as matches, cut to `width` characters.
pub fn highlighted(
    text: &str,
    positions: &[usize],
    width: usize,
    base: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    // Only the characters that can show are looked at, however long the text.
    let cut = text.chars().nth(width).is_some();
    let visible = if cut { width.saturating_sub(1) } else { width };
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in text.chars().take(visible).enumerate() {
        let is_match = positions.binary_search(&i).is_ok();
        if is_match != run_matched && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_matched { matched } else { base },
            ));
        }
        run_matched = is_match;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_matched { matched } else { base }));
    }
    if cut && width > 0 {
        spans.push(Span::styled("…", base));
    }
    spans
}

/// Word-wraps lines to `width`, keeping each line's indent (and a bullet's hanging indent) on the
/// lines it continues onto, which ratatui's own wrapping drops.
pub fn wrap(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        if text.chars().count() <= width {
            out.push(line);
            continue;
        }
        let leading = text.chars().take_while(|c| *c == ' ').count();
        let bullet = if text[leading..].starts_with("• ") {
            2
        } else {
            0
        };
        let indent = (leading + bullet).min(width / 2);
        let mut current: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for span in line.spans {
            for piece in split_keeping_spaces(&span.content) {
                let length = piece.chars().count();
                let is_space = piece.starts_with(' ');
                if used + length > width && used > indent {
                    out.push(finish(std::mem::take(&mut current)));
                    current.push(Span::styled(" ".repeat(indent), span.style));
                    used = indent;
                    if is_space {
                        continue;
                    }
                }
                // A word longer than a whole line is cut where the line ends. Each cut walks
                // only the characters it keeps, so a word of any length wraps in one pass.
                let mut rest = piece.as_str();
                let mut rest_length = length;
                while used + rest_length > width {
                    let room = width.saturating_sub(used).max(1).min(rest_length);
                    let cut = rest
                        .char_indices()
                        .nth(room)
                        .map_or(rest.len(), |(at, _)| at);
                    current.push(Span::styled(rest[..cut].to_string(), span.style));
                    rest = &rest[cut..];
                    rest_length -= room;
                    out.push(Line::from(std::mem::take(&mut current)));
                    current.push(Span::styled(" ".repeat(indent), span.style));
                    used = indent;
                }
                used += rest_length;
                current.push(Span::styled(rest.to_string(), span.style));
            }
        }
        out.push(Line::from(current));
    }
    out
}

/// A wrapped line without the spaces it broke at.
fn finish(mut spans: Vec<Span<'static>>) -> Line<'static> {
    while let Some(last) = spans.last_mut() {
        let trimmed = last.content.trim_end().to_string();
        if trimmed.is_empty() {
            spans.pop();
        } else {
            last.content = trimmed.into();
            break;
        }
    }
    Line::from(spans)
}

/// Splits into runs of spaces and runs of other characters.
fn split_keeping_spaces(text: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for c in text.chars() {
        match pieces.last_mut() {
            Some(last) if last.starts_with(' ') == (c == ' ') => last.push(c),
            _ => pieces.push(c.to_string()),
        }
    }
    pieces
}

/// Pads or cuts to exactly `width` characters.
pub fn fit(text: &str, width: usize) -> String {
    // Only the characters that can show are looked at, however long the text.
    if text.chars().nth(width).is_some() {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        if width > 0 {
            cut.push('…');
        }
        cut
    } else {
        let count = text.chars().count();
        format!("{text}{}", " ".repeat(width - count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn bold_runs_and_bullets() {
        let lines = markdown_lines(
            "Intro **key** word\n\n- first\n- **second**",
            "",
            Style::new(),
        );
        assert_eq!(lines.len(), 4);
        assert_eq!(plain(&lines[0].spans), "Intro key word");
        let key = lines[0].spans.iter().find(|s| s.content == "key").unwrap();
        assert!(key.style.add_modifier.contains(Modifier::BOLD));
        assert_eq!(plain(&lines[3].spans), "  • second");
        let reflowed = markdown_lines("one\ntwo\n- three\n  four", "> ", Style::new());
        let texts: Vec<String> = reflowed.iter().map(|l| plain(&l.spans)).collect();
        assert_eq!(texts, ["> one two", ">   • three four"]);
    }

    #[test]
    fn wrapping_keeps_indents_and_styles() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let line = Line::from(vec![
            Span::raw("    • "),
            Span::styled("alpha", bold),
            Span::raw(" beta gamma delta"),
        ]);
        let wrapped = wrap(vec![line], 16);
        let texts: Vec<String> = wrapped.iter().map(|l| plain(&l.spans)).collect();
        assert_eq!(texts, ["    • alpha beta", "      gamma", "      delta"]);
        assert!(
            wrapped[0]
                .spans
                .iter()
                .any(|s| s.content == "alpha" && s.style == bold)
        );
        let long = wrap(vec![Line::from("abcdefghij")], 4);
        let texts: Vec<String> = long.iter().map(|l| plain(&l.spans)).collect();
        assert_eq!(texts, ["abcd", "efgh", "ij"]);
        assert!(!wrap(vec![Line::from("x y")], 0).is_empty());
    }

    #[test]
    fn a_word_of_many_lines_is_cut_into_full_lines_that_join_back_into_it() {
        let word: String = (0..100_000).map(|i| ['a', 'é', '字', 'z'][i % 4]).collect();
        let wrapped = wrap(vec![Line::from(word.clone())], 37);
        let texts: Vec<String> = wrapped.iter().map(|l| plain(&l.spans)).collect();
        assert_eq!(texts.len(), 100_000_usize.div_ceil(37));
        let (last, full) = texts.split_last().unwrap();
        assert!(full.iter().all(|t| t.chars().count() == 37));
        assert_eq!(last.chars().count(), 100_000 % 37);
        assert_eq!(texts.concat(), word);
    }

    #[test]
    fn a_long_word_in_a_bullet_continues_under_the_bullet_text() {
        let word = "é".repeat(20);
        let line = Line::from(vec![Span::raw("  • "), Span::raw(format!("go {word} end"))]);
        let texts: Vec<String> = wrap(vec![line], 10)
            .iter()
            .map(|l| plain(&l.spans))
            .collect();
        assert_eq!(
            texts,
            [
                "  • go",
                "    éééééé",
                "    éééééé",
                "    éééééé",
                "    éé end",
            ]
        );
    }

    #[test]
    fn cutting_long_text_to_a_width_looks_only_as_far_as_the_width() {
        let long = "x".repeat(1_000_000);
        assert_eq!(fit(&long, 5), "xxxx…");
        let spans = highlighted(&long, &[0], 5, Style::new(), Style::new());
        assert_eq!(plain(&spans), "xxxx…");
        assert_eq!(fit("héllo", 5), "héllo");
    }

    #[test]
    fn unclosed_bold_is_kept() {
        let lines = markdown_lines("a ** b", "", Style::new());
        assert_eq!(plain(&lines[0].spans), "a ** b");
    }

    #[test]
    fn highlighting_cuts_long_titles_with_an_ellipsis() {
        let spans = highlighted(
            "Sextortion",
            &[0, 1],
            6,
            Style::new(),
            Style::new().add_modifier(Modifier::BOLD),
        );
        assert_eq!(plain(&spans), "Sexto…");
        assert!(spans[0].style.add_modifier.contains(Modifier::BOLD));
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 0), "");
    }
}
