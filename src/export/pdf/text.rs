//! Text set for print: each cluster in the first font that has it, shaped (joined Arabic
//! letters, kerning), put in reading order by the Unicode bidirectional algorithm, and broken
//! greedily into lines by its shaped widths, in time linear in its length.
//!
//! Text is shaped in *units*: the stretches between spaces and between the characters of
//! scripts written without spaces (Chinese, Japanese). A unit is shaped the same wherever it
//! stands, so a line is exactly as wide as the sum of its units measured while breaking, and
//! what is drawn is what was measured.

use std::ops::Range;
use std::rc::Rc;

use krilla::text::KrillaGlyph;
use unicode_bidi::{BidiInfo, Level};
use unicode_segmentation::UnicodeSegmentation;

use super::fonts::{FaceId, Fonts, is_ignorable};
use crate::markup;

/// Glyphs in one face, ready to draw; their text ranges are into the text they were shaped from.
#[derive(Clone)]
pub(super) struct Run {
    pub(super) face: FaceId,
    pub(super) glyphs: Vec<KrillaGlyph>,
    /// In ems.
    pub(super) advance: f32,
}

/// Text of one weight and direction shaped, in the order it is drawn (from the left).
pub(super) fn shape(fonts: &Fonts, text: &str, bold: bool, rtl: bool) -> Vec<Run> {
    let mut units: Vec<Vec<Run>> = units(text)
        .map(|range| {
            let mut runs = unit_runs(fonts, &text[range.clone()], bold, rtl).to_vec();
            for glyph in runs.iter_mut().flat_map(|run| &mut run.glyphs) {
                glyph.text_range =
                    glyph.text_range.start + range.start..glyph.text_range.end + range.start;
            }
            runs
        })
        .collect();
    if rtl {
        units.reverse();
    }
    let mut runs: Vec<Run> = Vec::new();
    for run in units.into_iter().flatten() {
        match runs.last_mut() {
            Some(last) if last.face == run.face => {
                last.glyphs.extend(run.glyphs);
                last.advance += run.advance;
            }
            _ => runs.push(run),
        }
    }
    runs
}

/// How wide `text` prints at `size`, in points.
pub(super) fn width(fonts: &Fonts, text: &str, bold: bool, rtl: bool, size: f32) -> f32 {
    units(text)
        .map(|range| unit_advance(fonts, text, range, bold, rtl))
        .sum::<f32>()
        * size
}

fn unit_advance(fonts: &Fonts, text: &str, range: Range<usize>, bold: bool, rtl: bool) -> f32 {
    unit_runs(fonts, &text[range], bold, rtl)
        .iter()
        .map(|run| run.advance)
        .sum()
}

/// One unit shaped (see [`shape_unit`]), once per export.
fn unit_runs(fonts: &Fonts, unit: &str, bold: bool, rtl: bool) -> Rc<[Run]> {
    fonts.shaped(unit, bold, rtl, || {
        shape_unit(fonts, unit, 0..unit.len(), bold, rtl)
    })
}

/// Scripts written without spaces between words: a line may break between any two of their
/// characters.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}'   // CJK radicals
        | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3100}'..='\u{312F}' // Bopomofo
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}' // full-width forms
        | '\u{20000}'..='\u{3FFFF}')
}

/// Punctuation that may not start a line, and that may not end one.
const NO_LINE_START: &str = "，。、；：！？）」』】〉》〕］｝〜・ー,.;:!?)]}%";
const NO_LINE_END: &str = "（「『【〈《〔［｛([{";

/// Whether a line may break between two clusters with no space between them.
fn break_between(before: char, after: char) -> bool {
    (is_unspaced(before) || is_unspaced(after))
        && !NO_LINE_START.contains(after)
        && !NO_LINE_END.contains(before)
}

/// The units of `text`: spaces alone, and the stretches between them and between clusters a
/// line may break between.
fn units(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut clusters = text.grapheme_indices(true).peekable();
    let mut start = 0;
    std::iter::from_fn(move || {
        let (at, first) = clusters.next()?;
        debug_assert_eq!(at, start);
        let mut end = at + first.len();
        if first != " " {
            let mut last = first.chars().last();
            while let Some(&(next_at, next)) = clusters.peek() {
                let next_first = next.chars().next();
                let split = next == " "
                    || matches!((last, next_first), (Some(a), Some(b)) if break_between(a, b));
                if split {
                    break;
                }
                last = next.chars().last();
                end = next_at + next.len();
                clusters.next();
            }
        }
        start = end;
        Some(at..end)
    })
}

/// A cluster that takes the font of the text around it where that font has it: punctuation,
/// digits, symbols.
fn is_neutral(cluster: &str) -> bool {
    !cluster.chars().any(char::is_alphabetic)
}

/// One unit shaped, in drawing order: its clusters in the faces that have them, one run per face.
fn shape_unit(fonts: &Fonts, text: &str, range: Range<usize>, bold: bool, rtl: bool) -> Vec<Run> {
    let unit = &text[range.clone()];
    if unit == " " {
        let face = fonts.base(bold);
        return vec![shaped(fonts, face, text, range, rtl)];
    }
    // Each cluster's face; a cluster no one font has all of is taken character by character.
    let mut pieces: Vec<(Range<usize>, Option<FaceId>, bool)> = Vec::new();
    for (at, cluster) in unit.grapheme_indices(true) {
        let start = range.start + at;
        match fonts.face_for(cluster, bold) {
            Some(face) => pieces.push((
                start..start + cluster.len(),
                Some(face),
                is_neutral(cluster),
            )),
            None => {
                for (offset, c) in cluster.char_indices() {
                    let at = start + offset;
                    let face = fonts.face_for(c.encode_utf8(&mut [0; 4]), bold);
                    pieces.push((at..at + c.len_utf8(), face, !c.is_alphabetic()));
                }
            }
        }
    }
    // Punctuation and digits stay in the face of the letters before them, or else after them,
    // where that face has them: a full stop after Arabic is set in the Arabic font.
    let letters_face = |from: &mut dyn Iterator<Item = usize>| {
        let mut last = None;
        let mut faces = vec![None; pieces.len()];
        for at in from {
            let (_, face, neutral) = &pieces[at];
            faces[at] = last;
            if !neutral {
                last = *face;
            }
        }
        faces
    };
    let before = letters_face(&mut (0..pieces.len()));
    let after = letters_face(&mut (0..pieces.len()).rev());
    let settled: Vec<Option<FaceId>> = pieces
        .iter()
        .enumerate()
        .map(|(at, (range, face, neutral))| {
            if !neutral {
                return *face;
            }
            let cluster = &text[range.clone()];
            [before[at], after[at]]
                .into_iter()
                .flatten()
                .find(|&other| fonts.covers(other, cluster))
                .or(*face)
        })
        .collect();
    // Consecutive clusters in one face are shaped together.
    let mut runs: Vec<Run> = Vec::new();
    let mut current: Option<(Range<usize>, FaceId)> = None;
    for ((range, _, _), face) in pieces.iter().zip(settled) {
        let Some(face) = face else {
            // Recorded as missing: the export fails before anything is drawn.
            continue;
        };
        current = match current {
            Some((open, open_face)) if open_face == face && open.end == range.start => {
                Some((open.start..range.end, face))
            }
            Some((open, open_face)) => {
                runs.push(shaped(fonts, open_face, text, open, rtl));
                Some((range.clone(), face))
            }
            None => Some((range.clone(), face)),
        };
    }
    if let Some((open, face)) = current {
        runs.push(shaped(fonts, face, text, open, rtl));
    }
    if rtl {
        runs.reverse();
    }
    runs
}

/// `text[range]` shaped in one face, glyph ranges relative to `text`.
fn shaped(fonts: &Fonts, face: FaceId, text: &str, range: Range<usize>, rtl: bool) -> Run {
    let mut glyphs = fonts.face(face).shape(&text[range.clone()], rtl);
    for glyph in &mut glyphs {
        glyph.text_range = glyph.text_range.start + range.start..glyph.text_range.end + range.start;
    }
    // A glyph the face lacks can only be a joiner or selector it does not know: it draws nothing.
    glyphs.retain(|g| {
        g.glyph_id.to_u32() != 0 || !text[g.text_range.clone()].chars().all(is_ignorable)
    });
    let advance = glyphs.iter().map(|g| g.x_advance).sum();
    Run {
        face,
        glyphs,
        advance,
    }
}

/// A paragraph's text as printed: whitespace runs as one space, control characters left out
/// (they show nothing on paper), with each byte's weight and bidirectional level.
pub(super) struct Paragraph {
    text: String,
    bold: Vec<bool>,
    levels: Vec<Level>,
    /// Whether it reads right to left: its first letter of a strong direction does.
    pub(super) rtl: bool,
}

/// A piece of a line in one weight and direction; pieces come in reading order, each with its
/// place from the line's left edge.
pub(super) struct Piece {
    pub(super) text: String,
    /// Where the text starts in the paragraph's [`Paragraph::text`].
    pub(super) start: usize,
    pub(super) bold: bool,
    pub(super) rtl: bool,
    pub(super) x: f32,
}

/// A unit of a paragraph, measured.
struct Atom {
    range: Range<usize>,
    width: f32,
    space: bool,
    /// Whether a line may break just before it.
    break_before: bool,
}

impl Paragraph {
    /// Markdown-lite text; `bold` makes all of it bold.
    pub(super) fn new(text: &str, bold: bool) -> Paragraph {
        let runs = markup::runs(text);
        Paragraph::from_runs(runs.iter().map(|run| (run.text, bold || run.bold)))
    }

    /// The text as printed, that pieces' `start` counts into.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// Text taken as it is written, in one weight.
    pub(super) fn plain(text: &str, bold: bool) -> Paragraph {
        Paragraph::from_runs(std::iter::once((text, bold)))
    }

    fn from_runs<'t>(runs: impl Iterator<Item = (&'t str, bool)>) -> Paragraph {
        let mut text = String::new();
        let mut weights: Vec<bool> = Vec::new();
        let mut gap = false;
        for (run, bold) in runs {
            for c in run.chars() {
                if c.is_whitespace() {
                    gap = true;
                    continue;
                }
                if c.is_control() {
                    continue;
                }
                // A space takes the weight of the word after it.
                if gap && !text.is_empty() {
                    text.push(' ');
                    weights.push(bold);
                }
                gap = false;
                text.push(c);
                weights.extend(std::iter::repeat_n(bold, c.len_utf8()));
            }
        }
        let (levels, rtl) = {
            let info = BidiInfo::new(&text, None);
            let rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
            (info.levels, rtl)
        };
        Paragraph {
            text,
            bold: weights,
            levels,
            rtl,
        }
    }

    /// `range` split where the weight or the level changes: (range, bold, level).
    fn spans(&self, range: Range<usize>) -> Vec<(Range<usize>, bool, Level)> {
        let mut spans: Vec<(Range<usize>, bool, Level)> = Vec::new();
        for (offset, c) in self.text[range.clone()].char_indices() {
            let at = range.start + offset;
            let end = at + c.len_utf8();
            let (bold, level) = (self.bold[at], self.levels[at]);
            match spans.last_mut() {
                Some((open, b, l)) if *b == bold && *l == level => open.end = end,
                _ => spans.push((at..end, bold, level)),
            }
        }
        spans
    }

    /// How wide `range` prints, shaped as it is drawn.
    fn measure(&self, fonts: &Fonts, range: Range<usize>, size: f32) -> f32 {
        self.spans(range)
            .into_iter()
            .map(|(span, bold, level)| width(fonts, &self.text[span], bold, level.is_rtl(), size))
            .sum()
    }

    fn atoms(&self, fonts: &Fonts, size: f32) -> Vec<Atom> {
        let mut atoms: Vec<Atom> = Vec::new();
        for (span, bold, level) in self.spans(0..self.text.len()) {
            for unit in units(&self.text[span.clone()]) {
                let range = span.start + unit.start..span.start + unit.end;
                let space = &self.text[range.clone()] == " ";
                let break_before = match atoms.last() {
                    None => false,
                    Some(last) => {
                        space
                            || last.space
                            || matches!(
                                (self.text[last.range.clone()].chars().last(),
                                 self.text[range.clone()].chars().next()),
                                (Some(a), Some(b)) if break_between(a, b)
                            )
                    }
                };
                let width =
                    unit_advance(fonts, &self.text, range.clone(), bold, level.is_rtl()) * size;
                atoms.push(Atom {
                    range,
                    width,
                    space,
                    break_before,
                });
            }
        }
        atoms
    }

    /// The glyph clusters of `atoms` in reading order: where each starts and how wide it is.
    fn clusters(&self, fonts: &Fonts, atoms: &[Atom], size: f32) -> Vec<(usize, f32)> {
        let mut clusters: Vec<(usize, f32)> = Vec::new();
        for atom in atoms {
            let at = atom.range.start;
            let (bold, rtl) = (self.bold[at], self.levels[at].is_rtl());
            let mut glyphs: Vec<(usize, f32)> =
                unit_runs(fonts, &self.text[atom.range.clone()], bold, rtl)
                    .iter()
                    .flat_map(|run| &run.glyphs)
                    .map(|g| (at + g.text_range.start, g.x_advance * size))
                    .collect();
            if rtl {
                glyphs.reverse();
            }
            if !glyphs.is_sorted_by_key(|g| g.0) {
                glyphs.sort_by_key(|g| g.0);
            }
            for (start, advance) in glyphs {
                match clusters.last_mut() {
                    Some(last) if last.0 == start => last.1 += advance,
                    _ => clusters.push((start, advance)),
                }
            }
        }
        clusters
    }

    /// `atoms` cut into pieces no wider than `room` (each at least one cluster), every piece but
    /// the last as long as fits. Each cut is checked by measuring the piece as it will be drawn.
    fn cut(&self, fonts: &Fonts, atoms: &[Atom], size: f32, room: f32) -> Vec<(Range<usize>, f32)> {
        let (Some(first), Some(last)) = (atoms.first(), atoms.last()) else {
            return Vec::new();
        };
        let end = last.range.end;
        let clusters = self.clusters(fonts, atoms, size);
        let boundary = |at: usize| clusters.get(at).map_or(end, |c| c.0);
        let mut pieces = Vec::new();
        let (mut start, mut from) = (first.range.start, 0);
        while start < end {
            // By the clusters' own widths, then as the piece measures when shaped alone.
            let mut to = from;
            let mut used = 0.0;
            while to < clusters.len() && (to == from || used + clusters[to].1 <= room) {
                used += clusters[to].1;
                to += 1;
            }
            let mut width = self.measure(fonts, start..boundary(to), size);
            while to > from + 1 && width > room {
                to -= 1;
                width = self.measure(fonts, start..boundary(to), size);
            }
            while to < clusters.len() {
                let longer = self.measure(fonts, start..boundary(to + 1), size);
                if longer > room {
                    break;
                }
                to += 1;
                width = longer;
            }
            pieces.push((start..boundary(to), width));
            start = boundary(to);
            from = to;
            if to >= clusters.len() {
                break;
            }
        }
        pieces
    }

    /// Greedy line breaking: as many words on a line as fit in `width`; a word wider than a line
    /// starts a new line and is cut where it must be.
    pub(super) fn lines(&self, fonts: &Fonts, size: f32, width: f32) -> Vec<Vec<Piece>> {
        let atoms = self.atoms(fonts, size);
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut line: Option<Range<usize>> = None;
        let mut used = 0.0;
        let mut at = 0;
        while at < atoms.len() {
            let mut gap = 0.0;
            while at < atoms.len() && atoms[at].space {
                gap += atoms[at].width;
                at += 1;
            }
            let Some(start) = atoms.get(at) else {
                break;
            };
            let mut next = at + 1;
            while next < atoms.len() && !atoms[next].space && !atoms[next].break_before {
                next += 1;
            }
            let word = &atoms[at..next];
            let word_width: f32 = word.iter().map(|a| a.width).sum();
            let end = word[word.len() - 1].range.end;
            if line.is_some() && used + gap + word_width > width {
                lines.extend(line.take());
            }
            if word_width > width {
                for (piece, piece_width) in self.cut(fonts, word, size, width) {
                    lines.extend(line.take());
                    line = Some(piece);
                    used = piece_width;
                }
            } else {
                match &mut line {
                    Some(open) => {
                        open.end = end;
                        used += gap + word_width;
                    }
                    None => {
                        line = Some(start.range.start..end);
                        used = word_width;
                    }
                }
            }
            at = next;
        }
        lines.extend(line);
        lines
            .into_iter()
            .map(|line| self.place(fonts, line, size, width, self.rtl))
            .collect()
    }

    /// The longest start of the paragraph no wider than `room`, as one line from the left edge.
    pub(super) fn first_line(&self, fonts: &Fonts, size: f32, room: f32) -> Vec<Piece> {
        let atoms = self.atoms(fonts, size);
        if atoms.iter().map(|a| a.width).sum::<f32>() <= room {
            return self.place(fonts, 0..self.text.len(), size, room, false);
        }
        match self.cut(fonts, &atoms, size, room).into_iter().next() {
            Some((piece, width)) if width <= room => self.place(fonts, piece, size, room, false),
            _ => Vec::new(),
        }
    }

    /// One line's pieces in reading order, placed left to right in the order the bidirectional
    /// algorithm shows them; a right-to-left paragraph's lines end at the right edge.
    fn place(
        &self,
        fonts: &Fonts,
        line: Range<usize>,
        size: f32,
        room: f32,
        right: bool,
    ) -> Vec<Piece> {
        let spans = self.spans(line);
        let widths: Vec<f32> = spans
            .iter()
            .map(|(span, bold, level)| {
                width(fonts, &self.text[span.clone()], *bold, level.is_rtl(), size)
            })
            .collect();
        let levels: Vec<Level> = spans.iter().map(|s| s.2).collect();
        let mut xs = vec![0.0; spans.len()];
        let mut x = 0.0;
        for at in BidiInfo::reorder_visual(&levels) {
            xs[at] = x;
            x += widths[at];
        }
        let offset = if right { (room - x).max(0.0) } else { 0.0 };
        spans
            .into_iter()
            .zip(xs)
            .map(|((span, bold, level), x)| Piece {
                start: span.start,
                text: self.text[span].to_string(),
                bold,
                rtl: level.is_rtl(),
                x: x + offset,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &[Piece]) -> Vec<&str> {
        line.iter().map(|p| p.text.as_str()).collect()
    }

    /// Whether the machine has a font for `c`; outside CI a test that needs one is skipped.
    fn font_for(fonts: &Fonts, c: char) -> bool {
        if fonts.face_for(c.encode_utf8(&mut [0; 4]), false).is_some() {
            return true;
        }
        assert!(
            std::env::var_os("CI").is_none(),
            "no installed font has {c}: .ci/run installs fonts-noto-cjk and fonts-noto-color-emoji"
        );
        eprintln!("SKIPPED: no installed font has {c}");
        false
    }

    #[test]
    fn a_right_to_left_word_in_an_english_line_is_its_own_piece_shown_in_place() {
        let fonts = Fonts::new().unwrap();
        let paragraph = Paragraph::new("Say مرحبا to **everyone**", false);
        assert!(!paragraph.rtl);
        let lines = paragraph.lines(&fonts, 11.0, 500.0);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        // A space goes with the word after it.
        assert_eq!(texts(line), ["Say ", "مرحبا", " to", " everyone"]);
        assert_eq!(
            line.iter().map(|p| (p.bold, p.rtl)).collect::<Vec<_>>(),
            [(false, false), (false, true), (false, false), (true, false)]
        );
        // Left to right in reading order, each piece where the one before it ends.
        for (piece, next) in line.iter().zip(&line[1..]) {
            let end = piece.x + width(&fonts, &piece.text, piece.bold, piece.rtl, 11.0);
            assert!((end - next.x).abs() < 0.01, "{:?}", texts(line));
        }
        assert_eq!(line[0].x, 0.0);
    }

    #[test]
    fn a_paragraph_that_starts_in_arabic_reads_right_to_left_and_ends_at_the_right_edge() {
        let fonts = Fonts::new().unwrap();
        let paragraph = Paragraph::new("كن لطيفا with 25 friends", false);
        assert!(paragraph.rtl);
        let lines = paragraph.lines(&fonts, 11.0, 400.0);
        let line = &lines[0];
        let (arabic, english) = (&line[0], &line[1]);
        assert_eq!(arabic.text, "كن لطيفا ");
        assert!(arabic.rtl && !english.rtl);
        // The English that follows the Arabic in reading order stands to its left.
        assert!(english.x < arabic.x);
        let right = line
            .iter()
            .map(|p| p.x + width(&fonts, &p.text, p.bold, p.rtl, 11.0))
            .fold(0.0, f32::max);
        assert!((right - 400.0).abs() < 0.01, "{right}");
        // Numbers read left to right even inside right-to-left text.
        let numbers = Paragraph::new("العدد 25 هنا", false);
        let line = &numbers.lines(&fonts, 11.0, 400.0)[0];
        let number = line.iter().find(|p| p.text.contains("25")).unwrap();
        assert!(!number.rtl);
    }

    #[test]
    fn punctuation_stays_in_the_font_of_the_letters_beside_it() {
        let fonts = Fonts::new().unwrap();
        let runs = shape(&fonts, "«مرحبا».", false, true);
        assert_eq!(runs.len(), 1, "one run, in the Arabic font");
        assert!(runs[0].glyphs.iter().all(|g| g.glyph_id.to_u32() != 0));
        let runs = shape(&fonts, "Hello, مرحبا", false, true);
        assert_eq!(
            runs.len(),
            2,
            "English with its comma and space, then Arabic"
        );
        assert_eq!(
            runs[0].face,
            fonts.face_for("م", false).unwrap(),
            "drawn first"
        );
    }

    #[test]
    fn lines_of_mixed_scripts_stay_within_the_width_and_keep_every_character() {
        let fonts = Fonts::new().unwrap();
        let text = "Be kind online. Να είσαι ευγενικός. Будь добрым. كن لطيفا على الإنترنت، \
                    وأخبر شخصا بالغا تثق به. آن لائن مہربان رہیں۔ "
            .repeat(20);
        let paragraph = Paragraph::new(&text, false);
        for room in [80.0, 150.0, 400.0] {
            let lines = paragraph.lines(&fonts, 11.0, room);
            let mut shown = String::new();
            for line in &lines {
                let used: f32 = line
                    .iter()
                    .map(|p| width(&fonts, &p.text, p.bold, p.rtl, 11.0))
                    .sum();
                assert!(used <= room + 0.01, "{used} > {room}: {:?}", texts(line));
                shown.push_str(&line.iter().map(|p| p.text.as_str()).collect::<String>());
                shown.push(' ');
            }
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(words(&shown), words(&text));
        }
    }

    #[test]
    fn an_arabic_word_longer_than_a_line_is_cut_into_full_lines() {
        let fonts = Fonts::new().unwrap();
        let word = "بت".repeat(5_000);
        let (size, room) = (11.0, 200.0);
        let lines = Paragraph::new(&word, false).lines(&fonts, size, room);
        assert!(lines.len() > 10);
        let texts: Vec<String> = lines.iter().map(|l| texts(l).concat()).collect();
        assert_eq!(texts.concat(), word);
        for text in &texts {
            assert!(width(&fonts, text, false, true, size) <= room + 0.01);
        }
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_its_closing_punctuation() {
        let fonts = Fonts::new().unwrap();
        if !font_for(&fonts, '你') {
            return;
        }
        let text = "在网上要友善。如果有什么让你担心，请告诉你信任的大人。".repeat(10);
        let (size, room) = (11.0, 120.0);
        let lines = Paragraph::new(&text, false).lines(&fonts, size, room);
        assert!(lines.len() > 5);
        let texts: Vec<String> = lines.iter().map(|l| texts(l).concat()).collect();
        assert_eq!(texts.concat(), text, "no spaces are added or lost");
        for text in &texts {
            assert!(width(&fonts, text, false, false, size) <= room + 0.01);
            let first = text.chars().next().unwrap();
            assert!(!NO_LINE_START.contains(first), "{text}");
        }
    }

    #[test]
    fn an_emoji_sequence_is_one_cluster_in_one_font() {
        let fonts = Fonts::new().unwrap();
        if !font_for(&fonts, '🙂') {
            return;
        }
        let family = "👩\u{200D}👧";
        let runs = shape(&fonts, family, false, false);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].glyphs.len(), 1, "the joined family is one picture");
        assert!(fonts.missing().is_empty());
    }

    #[test]
    fn control_characters_are_left_out_and_whitespace_reads_as_one_space() {
        let paragraph = Paragraph::plain("  a\u{7}b \n\t c  ", false);
        assert_eq!(paragraph.text, "ab c");
    }
}
