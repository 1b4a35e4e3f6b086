//! PDF, made in-process with krilla: the document model laid out by hand on fixed pages, with
//! Liberation Sans embedded, page numbers, an outline and a structure tree (headings, lists,
//! tables) so that screen readers and reflow work. The file is checked against PDF/UA-1.
//!
//! Layout works in two steps: blocks become unbreakable *units* (a line of text, a table row, a
//! whole help panel) with their height; units are then placed on pages, and only then drawn,
//! so that every page knows how many pages there are.

use std::cell::RefCell;
use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as Pdf, SerializeSettings};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

use super::ExportOptions;
use super::document::{Block, Document};
use crate::markup;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// Page margins, in points (about 19 mm).
const MARGIN: f32 = 54.0;
/// Room kept at the foot of each page for the page number.
const FOOTER: f32 = 24.0;

pub fn write(document: &Document, options: &ExportOptions) -> Result<Vec<u8>, String> {
    let fonts = Fonts::new()?;
    let (width, height) = options.paper.size_points();
    let style = Style::new(options.large_print);
    let mut layout = Layout {
        fonts: &fonts,
        style,
        tree: Tree::default(),
        content_count: 0,
        last_heading: 0,
    };
    let text_width = width - 2.0 * MARGIN;
    let page_room = height - 2.0 * MARGIN - FOOTER;
    let mut pages: Vec<Vec<Placed>> = Vec::new();
    for section in &document.sections {
        layout.last_heading = 0;
        let units = layout.blocks(&section.blocks, text_width, None);
        paginate(units, page_room, &mut pages);
    }
    draw(document, &fonts, &layout, pages, (width, height))
}

// ---------------------------------------------------------------------------------------------
// Fonts and text measurement

struct Face {
    font: Font,
    data: &'static [u8],
    /// Glyph id and advance (in ems) of each character seen so far.
    glyphs: RefCell<HashMap<char, Option<(u32, f32)>>>,
}

impl Face {
    fn new(data: &'static [u8]) -> Result<Face, String> {
        let font = Font::new(data.to_vec().into(), 0).ok_or("the bundled font cannot be read")?;
        FontRef::new(data).map_err(|e| format!("the bundled font cannot be read: {e}"))?;
        Ok(Face {
            font,
            data,
            glyphs: RefCell::default(),
        })
    }

    fn glyph(&self, c: char) -> Option<(u32, f32)> {
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
    fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|c| if self.glyph(c).is_some() { c } else { '?' })
            .collect()
    }

    /// How far a character moves the pen, in ems (an unknown one is drawn as `?`).
    fn advance(&self, c: char) -> f32 {
        self.glyph(c)
            .or_else(|| self.glyph('?'))
            .map_or(0.0, |g| g.1)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// The longest start of `text` no wider than `room`, found in one pass.
    fn prefix_within<'t>(&self, text: &'t str, size: f32, room: f32) -> &'t str {
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
    fn cut_to_width(&self, word: &str, size: f32, room: f32) -> Vec<String> {
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

    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
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

struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    fn new() -> Result<Fonts, String> {
        Ok(Fonts {
            regular: Face::new(REGULAR)?,
            bold: Face::new(BOLD)?,
        })
    }

    fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

#[derive(Debug, Clone, Copy)]
struct Style {
    body: f32,
    small: f32,
    heading: [f32; 4],
    leading: f32,
    /// Space between blocks.
    gap: f32,
}

impl Style {
    fn new(large_print: bool) -> Style {
        if large_print {
            Style {
                body: 16.0,
                small: 12.0,
                heading: [26.0, 21.0, 18.0, 16.0],
                leading: 1.5,
                gap: 10.0,
            }
        } else {
            Style {
                body: 11.0,
                small: 8.5,
                heading: [20.0, 15.0, 12.5, 11.0],
                leading: 1.35,
                gap: 6.0,
            }
        }
    }

    fn heading_size(&self, level: u8) -> f32 {
        self.heading[usize::from(level.clamp(1, 4)) - 1]
    }
}

// ---------------------------------------------------------------------------------------------
// The structure tree, built while laying out and filled with content ids while drawing

#[derive(Debug, Clone)]
enum Kind {
    /// Level and text (the text is the heading's title for screen readers).
    Heading(u8, String),
    Paragraph,
    List,
    Item,
    Label,
    Body,
    Table,
    Row,
    HeaderCell,
    Cell,
    Panel,
}

enum Child {
    Element(usize),
    Content(usize),
}

#[derive(Default)]
struct Tree {
    kinds: Vec<Kind>,
    children: Vec<Vec<Child>>,
    roots: Vec<usize>,
}

impl Tree {
    fn open(&mut self, kind: Kind, parent: Option<usize>) -> usize {
        let id = self.kinds.len();
        self.kinds.push(kind);
        self.children.push(Vec::new());
        match parent {
            Some(parent) => self.children[parent].push(Child::Element(id)),
            None => self.roots.push(id),
        }
        id
    }

    fn group(&self, element: usize, ids: &[Option<Identifier>]) -> TagGroup {
        let tag: TagKind = match &self.kinds[element] {
            Kind::Heading(level, text) => Tag::Hn(
                NonZeroU16::new((*level).into()).unwrap_or(NonZeroU16::MIN),
                Some(text.clone()),
            )
            .into(),
            Kind::Paragraph => Tag::P.into(),
            Kind::List => Tag::L(ListNumbering::Disc).into(),
            Kind::Item => Tag::LI.into(),
            Kind::Label => Tag::Lbl.into(),
            Kind::Body => Tag::LBody.into(),
            Kind::Table => Tag::Table.into(),
            Kind::Row => Tag::TR.into(),
            Kind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
            Kind::Cell => Tag::TD.into(),
            Kind::Panel => Tag::Div.into(),
        };
        let children = self.children[element]
            .iter()
            .filter_map(|child| match child {
                Child::Element(e) => Some(Node::Group(self.group(*e, ids))),
                Child::Content(c) => ids.get(*c).copied().flatten().map(Node::Leaf),
            })
            .collect();
        TagGroup::with_children(tag, children)
    }
}

// ---------------------------------------------------------------------------------------------
// Units: what the page breaker moves around

enum Op {
    Text {
        x: f32,
        /// Baseline, from the top of the unit.
        y: f32,
        size: f32,
        bold: bool,
        text: String,
        /// Where it sits in the structure tree; `None` for decoration.
        content: Option<usize>,
    },
    Box {
        rect: (f32, f32, f32, f32),
        fill: Option<u8>,
        stroke: Option<(u8, f32)>,
    },
}

struct Unit {
    height: f32,
    /// Space above, dropped at the top of a page.
    space_before: f32,
    /// Headings stay with what follows them.
    keep_with_next: bool,
    /// A heading for the outline: level and text.
    bookmark: Option<(u8, String)>,
    ops: Vec<Op>,
}

impl Unit {
    fn new(height: f32) -> Unit {
        Unit {
            height,
            space_before: 0.0,
            keep_with_next: false,
            bookmark: None,
            ops: Vec::new(),
        }
    }

    fn shifted(mut self, dx: f32, dy: f32) -> Unit {
        for op in &mut self.ops {
            match op {
                Op::Text { x, y, .. } => {
                    *x += dx;
                    *y += dy;
                }
                Op::Box { rect, .. } => {
                    rect.0 += dx;
                    rect.1 += dy;
                }
            }
        }
        self
    }
}

struct Placed {
    y: f32,
    unit: Unit,
}

/// A piece of a line in one style; spaces are kept in the text so that copied text reads right.
struct Piece {
    text: String,
    bold: bool,
}

struct Layout<'f> {
    fonts: &'f Fonts,
    style: Style,
    tree: Tree,
    content_count: usize,
    last_heading: u8,
}

impl Layout<'_> {
    fn content(&mut self, element: usize) -> usize {
        let id = self.content_count;
        self.content_count += 1;
        self.tree.children[element].push(Child::Content(id));
        id
    }

    fn line_height(&self, size: f32) -> f32 {
        size * self.style.leading
    }

    /// Greedy line breaking of Markdown-lite text; `bold` makes all of it bold.
    fn wrap(&self, text: &str, size: f32, width: f32, bold: bool) -> Vec<Vec<Piece>> {
        // Words with their style and whether a space came before them.
        let mut words: Vec<(String, bool, bool)> = Vec::new();
        let mut gap = false;
        for run in markup::runs(text) {
            let run_bold = bold || run.bold;
            let mut word_started = false;
            for c in run.text.chars() {
                if c.is_whitespace() {
                    gap = true;
                    word_started = false;
                } else {
                    if !word_started {
                        words.push((String::new(), run_bold, gap && !words.is_empty()));
                        gap = false;
                        word_started = true;
                    }
                    if let Some(word) = words.last_mut() {
                        word.0.push(c);
                    }
                }
            }
        }
        let mut lines: Vec<Vec<Piece>> = Vec::new();
        let mut line: Vec<Piece> = Vec::new();
        let mut used = 0.0;
        for (word, word_bold, space) in words {
            let face = self.fonts.face(word_bold);
            let word = face.printable(&word);
            let space_width = if space && !line.is_empty() {
                face.width(" ", size)
            } else {
                0.0
            };
            let word_width = face.width(&word, size);
            if !line.is_empty() && space && used + space_width + word_width > width {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            // A word wider than the line is cut where it must be.
            let pieces = if word_width > width {
                face.cut_to_width(&word, size, width)
            } else {
                vec![word]
            };
            for (index, piece) in pieces.into_iter().enumerate() {
                if index > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                let lead = if index == 0 && space && !line.is_empty() {
                    " "
                } else {
                    ""
                };
                used += face.width(lead, size) + face.width(&piece, size);
                match line.last_mut() {
                    Some(last) if last.bold == word_bold => {
                        last.text.push_str(lead);
                        last.text.push_str(&piece);
                    }
                    _ => line.push(Piece {
                        text: format!("{lead}{piece}"),
                        bold: word_bold,
                    }),
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// One unit per line of text, each line's pieces tagged into `element`.
    fn text_units(
        &mut self,
        text: &str,
        size: f32,
        width: f32,
        bold: bool,
        element: usize,
    ) -> Vec<Unit> {
        let line_height = self.line_height(size);
        self.wrap(text, size, width, bold)
            .into_iter()
            .map(|pieces| {
                let mut unit = Unit::new(line_height);
                let mut x = 0.0;
                for piece in pieces {
                    let advance = self.fonts.face(piece.bold).width(&piece.text, size);
                    let content = Some(self.content(element));
                    unit.ops.push(Op::Text {
                        x,
                        y: size * 1.05,
                        size,
                        bold: piece.bold,
                        text: piece.text,
                        content,
                    });
                    x += advance;
                }
                unit
            })
            .collect()
    }

    fn blocks(&mut self, blocks: &[Block], width: f32, parent: Option<usize>) -> Vec<Unit> {
        let mut units = Vec::new();
        for (index, block) in blocks.iter().enumerate() {
            let mut block_units = self.block(block, width, parent);
            if index > 0
                && let Some(first) = block_units.first_mut()
            {
                first.space_before = first.space_before.max(self.style.gap);
            }
            units.extend(block_units);
        }
        units
    }

    fn block(&mut self, block: &Block, width: f32, parent: Option<usize>) -> Vec<Unit> {
        let style = self.style;
        match block {
            Block::Heading { level, text } => {
                // Levels never skip, which screen-reader users rely on to find their way.
                let level = (*level).min(self.last_heading + 1).max(1);
                self.last_heading = level;
                let size = style.heading_size(level);
                // A tagged heading needs a title for screen readers; one with no text to give
                // (a title of bold markers alone) is tagged as the paragraph it looks like.
                let title = markup::plain(text);
                let kind = if title.trim().is_empty() {
                    Kind::Paragraph
                } else {
                    Kind::Heading(level, title)
                };
                let element = self.tree.open(kind, parent);
                let mut units = self.text_units(text, size, width, true, element);
                for unit in &mut units {
                    unit.keep_with_next = true;
                }
                if let Some(first) = units.first_mut() {
                    first.space_before = if level >= 4 { style.gap } else { size * 0.8 };
                    if level <= 2 {
                        first.bookmark = Some((level, markup::plain(text)));
                    }
                }
                if level == 1
                    && let Some(last) = units.last_mut()
                {
                    // A rule under the handout's title.
                    last.height += 6.0;
                    let y = last.height - 3.0;
                    last.ops.push(Op::Box {
                        rect: (0.0, y, width, 1.2),
                        fill: Some(60),
                        stroke: None,
                    });
                }
                units
            }
            Block::Paragraph(text) => {
                let element = self.tree.open(Kind::Paragraph, parent);
                self.text_units(text, style.body, width, false, element)
            }
            Block::Bullets(items) | Block::Checklist(items) => {
                let checklist = matches!(block, Block::Checklist(_));
                let list = self.tree.open(Kind::List, parent);
                let indent = style.body * 1.4;
                let mut units = Vec::new();
                for item in items {
                    let element = self.tree.open(Kind::Item, Some(list));
                    let marker = if checklist {
                        None
                    } else {
                        let label = self.tree.open(Kind::Label, Some(element));
                        Some(self.content(label))
                    };
                    let body = self.tree.open(Kind::Body, Some(element));
                    let mut lines = self.text_units(item, style.body, width - indent, false, body);
                    for line in &mut lines {
                        for op in &mut line.ops {
                            if let Op::Text { x, .. } = op {
                                *x += indent;
                            }
                        }
                    }
                    if let Some(first) = lines.first_mut() {
                        first.space_before = style.gap * 0.4;
                        if checklist {
                            let side = style.body * 0.8;
                            first.ops.push(Op::Box {
                                rect: (2.0, style.body * 0.3, side, side),
                                fill: None,
                                stroke: Some((0, 0.8)),
                            });
                        } else {
                            first.ops.push(Op::Text {
                                x: style.body * 0.3,
                                y: style.body * 1.05,
                                size: style.body,
                                bold: false,
                                text: "•".into(),
                                content: marker,
                            });
                        }
                    }
                    units.extend(lines);
                }
                units
            }
            Block::Table {
                header,
                rows,
                widths,
            } => {
                let table = self.tree.open(Kind::Table, parent);
                let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
                let columns: Vec<f32> = widths.iter().map(|w| w / total * width).collect();
                let mut units = Vec::new();
                for (index, cells) in std::iter::once(header).chain(rows).enumerate() {
                    units.push(self.table_row(table, cells, &columns, index == 0));
                }
                units
            }
            Block::Panel { title, blocks } => self.panel(title, blocks, width, parent),
        }
    }

    fn table_row(&mut self, table: usize, cells: &[String], columns: &[f32], header: bool) -> Unit {
        let style = self.style;
        let pad = 4.0;
        let row = self.tree.open(Kind::Row, Some(table));
        let mut cell_units: Vec<Vec<Unit>> = Vec::new();
        for (cell, width) in cells.iter().zip(columns) {
            let kind = if header { Kind::HeaderCell } else { Kind::Cell };
            let element = self.tree.open(kind, Some(row));
            cell_units.push(self.text_units(cell, style.body, width - 2.0 * pad, header, element));
        }
        let height = cell_units
            .iter()
            .map(|lines| lines.iter().map(|l| l.height).sum::<f32>())
            .fold(self.line_height(style.body), f32::max)
            + 2.0 * pad;
        let mut unit = Unit::new(height);
        let mut x = 0.0;
        for (lines, width) in cell_units.into_iter().zip(columns) {
            unit.ops.push(Op::Box {
                rect: (x, 0.0, *width, height),
                fill: header.then_some(225),
                stroke: Some((90, 0.6)),
            });
            let mut y = pad;
            for line in lines {
                let line_height = line.height;
                unit.ops.extend(line.shifted(x + pad, y).ops);
                y += line_height;
            }
            x += width;
        }
        unit
    }

    /// A boxed panel, kept whole on one page; one too tall for a page flows without its box.
    fn panel(
        &mut self,
        title: &str,
        blocks: &[Block],
        width: f32,
        parent: Option<usize>,
    ) -> Vec<Unit> {
        let pad = self.style.body * 0.9;
        let element = self.tree.open(Kind::Panel, parent);
        let title_block = Block::Heading {
            level: self.last_heading + 1,
            text: title.to_string(),
        };
        let saved_level = self.last_heading;
        let mut inner = self.block(&title_block, width - 2.0 * pad, Some(element));
        for unit in &mut inner {
            unit.bookmark = None;
        }
        if let Some(first) = inner.first_mut() {
            first.space_before = 0.0;
        }
        let mut rest = self.blocks(blocks, width - 2.0 * pad, Some(element));
        if let Some(first) = rest.first_mut() {
            first.space_before = first.space_before.max(self.style.gap * 0.5);
        }
        inner.extend(rest);
        self.last_heading = saved_level;
        let content_height: f32 = inner.iter().map(|u| u.height + u.space_before).sum();
        let height = content_height + 2.0 * pad;
        let mut panel = Unit::new(height);
        panel.space_before = self.style.gap * 2.0;
        panel.ops.push(Op::Box {
            rect: (0.0, 0.0, width, height),
            fill: Some(242),
            stroke: Some((40, 1.5)),
        });
        let mut y = pad;
        for unit in inner {
            y += unit.space_before;
            let unit_height = unit.height;
            panel.ops.extend(unit.shifted(pad, y).ops);
            y += unit_height;
        }
        vec![panel]
    }
}

/// Places units on pages. Each call starts a new page (one handout per call).
fn paginate(units: Vec<Unit>, room: f32, pages: &mut Vec<Vec<Placed>>) {
    let heights: Vec<(f32, f32, bool)> = units
        .iter()
        .map(|u| (u.height, u.space_before, u.keep_with_next))
        .collect();
    pages.push(Vec::new());
    let mut y = 0.0;
    for (index, unit) in units.into_iter().enumerate() {
        let space = if y > 0.0 { unit.space_before } else { 0.0 };
        // A heading needs the heading and the first line (or unit) after it on the same page.
        let mut needed = space + unit.height;
        if unit.keep_with_next {
            let mut next = index + 1;
            while let Some(&(height, before, keep)) = heights.get(next) {
                needed += height + before;
                if !keep {
                    break;
                }
                next += 1;
            }
        }
        if y > 0.0 && y + needed > room {
            pages.push(Vec::new());
            y = 0.0;
        }
        let space = if y > 0.0 { unit.space_before } else { 0.0 };
        y += space;
        let height = unit.height;
        if let Some(page) = pages.last_mut() {
            page.push(Placed { y, unit });
        }
        y += height;
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing

fn gray(level: u8) -> rgb::Color {
    rgb::Color::new(level, level, level)
}

fn draw(
    document: &Document,
    fonts: &Fonts,
    layout: &Layout,
    pages: Vec<Vec<Placed>>,
    (width, height): (f32, f32),
) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| format!("{e:?}"))?;
    let settings = SerializeSettings {
        enable_tagging: true,
        configuration,
        ..SerializeSettings::default()
    };
    let mut pdf = Pdf::new_with(settings);
    let mut ids: Vec<Option<Identifier>> = vec![None; layout.content_count];
    let mut bookmarks: Vec<(u8, String, usize, f32)> = Vec::new();
    let page_count = pages.len();
    let style = layout.style;
    let title = fonts.regular.printable(&document.title);
    for (index, placed) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(width, height).ok_or("bad paper size")?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        for Placed { y, unit } in placed {
            let top = MARGIN + y;
            if let Some((level, text)) = unit.bookmark {
                bookmarks.push((level, text, index, top));
            }
            for op in unit.ops {
                match op {
                    Op::Text {
                        x,
                        y,
                        size,
                        bold,
                        text,
                        content,
                    } => {
                        let tag = match content {
                            Some(_) => ContentTag::Span(SpanTag::empty()),
                            None => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
                        };
                        let id = surface.start_tagged(tag);
                        draw_text(
                            &mut surface,
                            fonts.face(bold),
                            MARGIN + x,
                            top + y,
                            size,
                            &text,
                        );
                        surface.end_tagged();
                        if let Some(content) = content {
                            ids[content] = Some(id);
                        }
                    }
                    Op::Box { rect, fill, stroke } => {
                        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                            ArtifactType::Layout,
                        )));
                        draw_box(
                            &mut surface,
                            (MARGIN + rect.0, top + rect.1, rect.2, rect.3),
                            fill,
                            stroke,
                        );
                        surface.end_tagged();
                    }
                }
            }
        }
        // The footer: plan title and page number, decoration for screen readers.
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::PageNumber,
        )));
        let baseline = height - MARGIN + style.small;
        let number = format!("Page {} of {page_count}", index + 1);
        let face = &fonts.regular;
        let number_width = face.width(&number, style.small);
        draw_text(
            &mut surface,
            face,
            width - MARGIN - number_width,
            baseline,
            style.small,
            &number,
        );
        let room = width - 2.0 * MARGIN - number_width - 24.0;
        let shown = face.prefix_within(&title, style.small, room);
        draw_text(&mut surface, face, MARGIN, baseline, style.small, shown);
        surface.end_tagged();
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(document.language.clone()));
    for &root in &layout.tree.roots {
        tree.push(layout.tree.group(root, &ids));
    }
    pdf.set_tag_tree(tree);
    pdf.set_outline(outline(bookmarks));
    pdf.set_metadata(
        Metadata::new()
            .title(metadata_title(&document.title))
            .language(document.language.clone())
            .creator("lessonplan".to_string()),
    );
    pdf.finish().map_err(|e| format!("{e:?}"))
}

/// The title a PDF reader shows for the file: the plan's, without its bold markers. A tagged PDF
/// must have one, so an untitled plan is called that.
fn metadata_title(title: &str) -> String {
    let plain = markup::plain(title);
    match plain.trim() {
        "" => "Untitled plan".to_string(),
        title => title.to_string(),
    }
}

fn draw_text(surface: &mut Surface, face: &Face, x: f32, y: f32, size: f32, text: &str) {
    let text = face.printable(text);
    let glyphs = face.glyphs(&text);
    surface.set_fill(Some(Fill {
        paint: gray(17).into(),
        ..Fill::default()
    }));
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &glyphs,
        face.font.clone(),
        &text,
        size,
        false,
    );
}

fn draw_box(
    surface: &mut Surface,
    (x, y, w, h): (f32, f32, f32, f32),
    fill: Option<u8>,
    stroke: Option<(u8, f32)>,
) {
    let Some(rect) = Rect::from_xywh(x, y, w.max(0.1), h.max(0.1)) else {
        return;
    };
    let mut builder = PathBuilder::new();
    builder.push_rect(rect);
    let Some(path) = builder.finish() else {
        return;
    };
    surface.set_fill(fill.map(|level| Fill {
        paint: gray(level).into(),
        ..Fill::default()
    }));
    surface.set_stroke(stroke.map(|(level, width)| Stroke {
        paint: gray(level).into(),
        width,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
}

/// One bookmark per handout, with one per module beneath it.
fn outline(bookmarks: Vec<(u8, String, usize, f32)>) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for (level, text, page, y) in bookmarks {
        let node = OutlineNode::new(text, XyzDestination::new(page, Point::from_xy(MARGIN, y)));
        if level <= 1 {
            if let Some(done) = current.take() {
                outline.push_child(done);
            }
            current = Some(node.with_open(true));
        } else if let Some(parent) = &mut current {
            parent.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(fonts: &Fonts) -> Layout<'_> {
        Layout {
            fonts,
            style: Style::new(false),
            tree: Tree::default(),
            content_count: 0,
            last_heading: 0,
        }
    }

    fn line_text(line: &[Piece]) -> String {
        line.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn a_word_of_many_lines_is_cut_into_full_lines_that_join_back_into_it() {
        let fonts = Fonts::new().unwrap();
        let layout = layout(&fonts);
        let word: String = (0..20_000).map(|i| ['w', 'i', 'é', 'M'][i % 4]).collect();
        let (size, width) = (11.0, 200.0);
        let lines = layout.wrap(&word, size, width, false);
        let texts: Vec<String> = lines.iter().map(|l| line_text(l)).collect();
        assert_eq!(texts.concat(), word);
        let face = fonts.face(false);
        for (text, next) in texts.iter().zip(&texts[1..]) {
            assert!(face.width(text, size) <= width, "{text}");
            // Full: the next line's first character would not have fitted.
            let first = next.chars().next().unwrap();
            assert!(face.width(&format!("{text}{first}"), size) > width);
        }
        assert!(face.width(texts.last().unwrap(), size) <= width);
    }

    #[test]
    fn a_long_word_starts_its_own_line_and_the_text_after_it_follows_on() {
        let fonts = Fonts::new().unwrap();
        let layout = layout(&fonts);
        let word = "x".repeat(100);
        let lines = layout.wrap(&format!("before {word} after"), 11.0, 100.0, false);
        let texts: Vec<String> = lines.iter().map(|l| line_text(l)).collect();
        assert_eq!(texts[0], "before");
        assert!(texts.last().unwrap().ends_with(" after"));
        assert_eq!(texts[1..].concat(), format!("{word} after"));
    }

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
