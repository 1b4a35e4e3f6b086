//! Turning module text into styled lines: Markdown-lite (paragraphs, `- ` bullets, `**bold**`)
//! and search-match highlighting. Text is measured in terminal columns (unicode-width), never in
//! characters: an emoji or a CJK character takes two, a combining accent none.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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

/// The graphemes of `text` that show in `width` columns, each with the index of its first
/// character, and whether the text was cut (then one column is left for an ellipsis). Only the
/// graphemes that can show are looked at, however long the text.
fn visible(text: &str, width: usize) -> (Vec<(usize, &str)>, bool) {
    let mut kept: Vec<(usize, &str)> = Vec::new();
    let mut used = 0;
    let mut char_index = 0;
    for grapheme in text.graphemes(true) {
        let columns = grapheme.width();
        if used + columns > width {
            // Make room for the ellipsis.
            while used + 1 > width {
                let Some((_, last)) = kept.pop() else { break };
                used -= last.width();
            }
            return (kept, true);
        }
        used += columns;
        kept.push((char_index, grapheme));
        char_index += grapheme.chars().count();
    }
    (kept, false)
}

/// The text with the characters at `positions` (character indices) styled as matches, cut to
/// `width` columns.
pub fn highlighted(
    text: &str,
    positions: &[usize],
    width: usize,
    base: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let (shown, cut) = visible(text, width);
    let mut run = String::new();
    let mut run_matched = false;
    for (first, grapheme) in shown {
        let count = grapheme.chars().count();
        let is_match = (first..first + count).any(|i| positions.binary_search(&i).is_ok());
        if is_match != run_matched && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_matched { matched } else { base },
            ));
        }
        run_matched = is_match;
        run.push_str(grapheme);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_matched { matched } else { base }));
    }
    if cut && width > 0 {
        spans.push(Span::styled("…", base));
    }
    spans
}

/// Word-wraps lines to `width` columns, keeping each line's indent (and a bullet's hanging
/// indent) on the lines it continues onto, which ratatui's own wrapping drops.
pub fn wrap(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in lines {
        if line.width() <= width {
            out.push(line);
            continue;
        }
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let leading = text.chars().take_while(|c| *c == ' ').count();
        let bullet = if text[leading..].starts_with("• ") {
            2
        } else {
            0
        };
        wrap_into(&mut out, line, width, leading + bullet);
    }
    out
}

/// Word-wraps one line to `width` columns, starting the lines it continues onto with `indent`
/// spaces (at most half the width).
pub fn wrap_hanging(line: Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    if line.width() <= width {
        return vec![line];
    }
    let mut out = Vec::new();
    wrap_into(&mut out, line, width, indent);
    out
}

fn wrap_into(out: &mut Vec<Line<'static>>, line: Line<'static>, width: usize, indent: usize) {
    let indent = indent.min(width / 2);
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in line.spans {
        for piece in split_keeping_spaces(&span.content) {
            let length = piece.width();
            let is_space = piece.starts_with(' ');
            if used + length > width && used > indent {
                out.push(finish(std::mem::take(&mut current)));
                current.push(Span::styled(" ".repeat(indent), span.style));
                used = indent;
                if is_space {
                    continue;
                }
            }
            // A word longer than a whole line is cut where the line ends. Each cut walks only
            // the characters it keeps, so a word of any length wraps in one pass.
            let mut rest = piece.as_str();
            let mut rest_length = length;
            while used + rest_length > width {
                let (mut cut, mut columns) = head_within(rest, width - used);
                if cut == 0 {
                    if used > indent {
                        // The next character is wider than the room left: it starts a new line.
                        out.push(Line::from(std::mem::take(&mut current)));
                        current.push(Span::styled(" ".repeat(indent), span.style));
                        used = indent;
                        continue;
                    }
                    // Wider than a whole line: it gets a line of its own.
                    let first = rest.graphemes(true).next().unwrap_or(rest);
                    (cut, columns) = (first.len(), first.width());
                }
                current.push(Span::styled(rest[..cut].to_string(), span.style));
                rest = &rest[cut..];
                rest_length -= columns;
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

/// How many bytes of `text`'s start fit in `room` columns, and how many columns they take.
fn head_within(text: &str, room: usize) -> (usize, usize) {
    let mut bytes = 0;
    let mut columns = 0;
    for grapheme in text.graphemes(true) {
        let width = grapheme.width();
        if columns + width > room {
            break;
        }
        bytes += grapheme.len();
        columns += width;
    }
    (bytes, columns)
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

/// Pads or cuts to exactly `width` columns (a wide character that would straddle the edge is
/// left out, and a space takes its place).
pub fn fit(text: &str, width: usize) -> String {
    let (shown, cut) = visible(text, width);
    let mut fitted: String = shown.into_iter().map(|(_, g)| g).collect();
    if cut && width > 0 {
        fitted.push('…');
    }
    let used = fitted.width();
    fitted.push_str(&" ".repeat(width.saturating_sub(used)));
    fitted
}

/// The columns `text` takes on a terminal: two for a wide character (CJK, most emoji), none for
/// a combining mark.
pub fn columns(text: &str) -> usize {
    text.width()
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
        // Four characters take five columns: a line is full at 37, or at 36 when the next
        // character is a wide one that would straddle the edge.
        let (last, full) = texts.split_last().unwrap();
        assert!(full.iter().all(|t| (36..=37).contains(&columns(t))));
        assert!(columns(last) <= 37);
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
    fn wide_characters_and_combining_marks_are_measured_in_columns() {
        // "é" as e and a combining acute: one column, two characters.
        let combining = "Cafe\u{301} rules";
        assert_eq!(columns(combining), 10);
        assert_eq!(fit(combining, 12), format!("{combining}  "));
        assert_eq!(
            fit(combining, 5),
            "Cafe\u{301}…",
            "the accent stays on its letter"
        );
        assert_eq!(columns("📱 网络安全"), 11);
        assert_eq!(fit("📱 网络安全", 11), "📱 网络安全");
        // Cut inside a wide character: the ellipsis and a space make up the width.
        assert_eq!(fit("📱 网络安全", 9), "📱 网络… ");
        assert_eq!(columns(&fit("网络安全网络安全", 7)), 7);
        let spans = highlighted("网络安全网络", &[2], 7, Style::new(), Style::new().bold());
        assert_eq!(plain(&spans), "网络安…");
        assert_eq!(spans[1].content, "安", "character 2 is the match");
    }

    #[test]
    fn wrapping_wide_text_never_overflows_and_loses_no_letter() {
        let note = "Ask about 📱 rules: 网络安全 means online safety, and 网络安全网络安全网络安全 is long";
        for width in 3..40 {
            let wrapped = wrap(vec![Line::from(format!("  Note: {note}"))], width);
            let texts: Vec<String> = wrapped.iter().map(|l| plain(&l.spans)).collect();
            for text in &texts {
                assert!(columns(text) <= width, "{width}: {text:?} in {texts:?}");
            }
            let rejoined: String = texts.concat().split_whitespace().collect();
            let original: String = format!("Note: {note}").split_whitespace().collect();
            assert_eq!(rejoined, original, "at {width} columns");
        }
    }

    #[test]
    fn a_hanging_indent_lines_continuations_up_under_the_text() {
        let line = Line::from(vec![
            Span::raw("  Enter +         "),
            Span::raw("Add the selected module to the plan"),
        ]);
        let texts: Vec<String> = wrap_hanging(line, 40, 18)
            .iter()
            .map(|l| plain(&l.spans))
            .collect();
        assert_eq!(
            texts,
            [
                "  Enter +         Add the selected",
                "                  module to the plan",
            ]
        );
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
