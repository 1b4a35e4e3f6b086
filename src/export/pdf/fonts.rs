//! The bundled fonts (Liberation Sans) and text measurement for the PDF writer.

use std::cell::RefCell;
use std::collections::HashMap;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
// ---------------------------------------------------------------------------------------------

pub(super) struct Face {
    pub(super) font: Font,
    data: &'static [u8],
    /// Glyph id and advance (in ems) of each character seen so far.
    glyphs: RefCell<HashMap<char, Option<(u32, f32)>>>,
}

impl Face {
    pub(super) fn new(data: &'static [u8]) -> Result<Face, String> {
        let font = Font::new(data.to_vec().into(), 0).ok_or("the bundled font cannot be read")?;
        FontRef::new(data).map_err(|e| format!("the bundled font cannot be read: {e}"))?;
        Ok(Face {
            font,
            data,
            glyphs: RefCell::default(),
        })
    }

    pub(super) fn glyph(&self, c: char) -> Option<(u32, f32)> {
        *self.glyphs.borrow_mut().entry(c).or_insert_with(|| {
            let font = FontRef::new(self.data).ok()?;
            let id = font.charmap().map(c)?;
            let upem = font.head().ok()?.units_per_em() as f32;
            let advance = font
                .glyph_metrics(Size::unscaled(), LocationRef::default())
                .advance_width(id)?;
            Some((id.to_u32(), advance / upem))
        })
    }

    /// The text as the font can show it: characters it has no glyph for (emoji, rare symbols)
    /// become `?` rather than vanishing or breaking the file.
    pub(super) fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|c| if self.glyph(c).is_some() { c } else { '?' })
            .collect()
    }

    /// How far a character moves the pen, in ems (an unknown one is drawn as `?`).
    pub(super) fn advance(&self, c: char) -> f32 {
        self.glyph(c)
            .or_else(|| self.glyph('?'))
            .map_or(0.0, |g| g.1)
    }

    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// The longest start of `text` no wider than `room`, found in one pass.
    pub(super) fn prefix_within<'t>(&self, text: &'t str, size: f32, room: f32) -> &'t str {
        let mut ems = 0.0;
        for (at, c) in text.char_indices() {
            ems += self.advance(c);
            if ems * size > room {
                return &text[..at];
            }
        }
        text
    }

    /// A word cut into pieces no wider than `room` (each at least one character), in one pass.
    pub(super) fn cut_to_width(&self, word: &str, size: f32, room: f32) -> Vec<String> {
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut ems = 0.0;
        for (at, c) in word.char_indices() {
            let advance = self.advance(c);
            if at > start && (ems + advance) * size > room {
                pieces.push(word[start..at].to_string());
                start = at;
                ems = 0.0;
            }
            ems += advance;
        }
        pieces.push(word[start..].to_string());
        pieces
    }

    pub(super) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .filter_map(|(at, c)| {
                let (id, advance) = self.glyph(c)?;
                Some(KrillaGlyph {
                    glyph_id: GlyphId::new(id),
                    text_range: at..at + c.len_utf8(),
                    x_advance: advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                })
            })
            .collect()
    }
}

pub(super) struct Fonts {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

impl Fonts {
    pub(super) fn new() -> Result<Fonts, String> {
        Ok(Fonts {
            regular: Face::new(REGULAR)?,
            bold: Face::new(BOLD)?,
        })
    }

    pub(super) fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footer_title_is_cut_to_the_longest_start_that_fits() {
        let fonts = Fonts::new().unwrap();
        let face = fonts.face(false);
        let title = "Year 5 online safety ".repeat(5_000);
        let shown = face.prefix_within(&title, 8.5, 300.0);
        assert!(title.starts_with(shown));
        assert!(face.width(shown, 8.5) <= 300.0);
        let one_more = &title[..shown.len() + 1];
        assert!(face.width(one_more, 8.5) > 300.0);
        assert_eq!(face.prefix_within("Short", 8.5, 300.0), "Short");
        assert_eq!(face.prefix_within("Short", 8.5, 0.0), "");
    }
}
