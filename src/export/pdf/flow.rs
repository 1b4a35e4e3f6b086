//! Blocks measured into the page model's units: lines broken to the text width, table rows,
//! boxed panels, each with its drawing and its place in the structure tree.

use super::fonts::Fonts;
use super::tags::{Child, Kind, Tree};
use super::text::{self, Paragraph, Piece};
use crate::config::ImageKind;
use crate::export::document::{Block, ChatMessage, Image};
use crate::export::layout::{self, Role};
use crate::export::links::{self, Link};
use crate::markup;

/// Type sizes and spacing, in points.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub(super) body: f32,
    pub(super) small: f32,
    heading: [f32; 4],
    leading: f32,
    /// Space between blocks.
    gap: f32,
}

impl Style {
    pub(super) fn new(large_print: bool) -> Style {
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

/// A drawing instruction, placed relative to the top left of its unit.
#[derive(Debug, Clone)]
pub(super) enum Op {
    Text {
        x: f32,
        /// Baseline, from the top of the unit.
        y: f32,
        size: f32,
        bold: bool,
        /// Shaped right to left: a run of Arabic or Urdu, say.
        rtl: bool,
        /// In reading order; spaces are kept so that copied text reads right.
        text: String,
        /// Where it sits in the structure tree; `None` for decoration.
        content: Option<usize>,
        /// Where the text links to, and the content slot of its annotation.
        link: Option<(String, usize)>,
    },
    Box {
        rect: (f32, f32, f32, f32),
        fill: Option<u8>,
        stroke: Option<(u8, f32)>,
    },
    /// A picture scaled into `rect`, a figure in the structure tree.
    Picture {
        rect: (f32, f32, f32, f32),
        picture: Picture,
        content: usize,
    },
}

/// An image decoded for drawing.
#[derive(Clone)]
pub(super) enum Picture {
    Raster(krilla::image::Image),
    Svg(std::sync::Arc<usvg::Tree>),
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Picture::Raster(_) => "Picture::Raster",
            Picture::Svg(_) => "Picture::Svg",
        })
    }
}

impl Picture {
    /// The image decoded, with its width and height; `None` if its bytes are not the image
    /// they claimed to be.
    fn decode(image: &Image) -> Option<(Picture, f32, f32)> {
        let data = image.data.clone();
        match image.kind {
            ImageKind::Png | ImageKind::Jpeg => {
                let decoded = if image.kind == ImageKind::Png {
                    krilla::image::Image::from_png(data.into(), true)
                } else {
                    krilla::image::Image::from_jpeg(data.into(), true)
                }
                .ok()?;
                let (width, height) = decoded.size();
                Some((Picture::Raster(decoded), width as f32, height as f32))
            }
            ImageKind::Svg => {
                // An SVG logo may not reach for other files: only images inside it are drawn.
                let options = usvg::Options {
                    image_href_resolver: usvg::ImageHrefResolver {
                        resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                        resolve_string: Box::new(|_, _| None),
                    },
                    ..usvg::Options::default()
                };
                let tree = usvg::Tree::from_data(&data, &options).ok()?;
                let size = tree.size();
                Some((
                    Picture::Svg(std::sync::Arc::new(tree)),
                    size.width(),
                    size.height(),
                ))
            }
        }
    }
}

/// What one unit of the page model draws.
#[derive(Debug, Clone, Default)]
pub(super) struct Drawing {
    pub(super) ops: Vec<Op>,
    /// A heading for the outline: level and text.
    pub(super) bookmark: Option<(u8, String)>,
}

pub(super) type Unit = layout::Unit<Drawing>;

fn unit(role: Role, height: f32) -> Unit {
    Unit::new(role, height, Drawing::default())
}

/// The unit's drawing moved by `(dx, dy)`, to go inside another unit.
fn shifted(mut unit: Unit, dx: f32, dy: f32) -> Vec<Op> {
    shift(&mut unit.content.ops, dx, dy);
    unit.content.ops
}

/// Units drawn one below the other from `(dx, y)`, each after its space above; returns where
/// the last one ends.
fn stack(ops: &mut Vec<Op>, units: Vec<Unit>, (dx, mut y): (f32, f32)) -> f32 {
    for unit in units {
        y += unit.space_before;
        let height = unit.height;
        ops.extend(shifted(unit, dx, y));
        y += height;
    }
    y
}

fn shift(ops: &mut [Op], dx: f32, dy: f32) {
    for op in ops {
        match op {
            Op::Text { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Op::Box { rect, .. } | Op::Picture { rect, .. } => {
                rect.0 += dx;
                rect.1 += dy;
            }
        }
    }
}

/// A piece of a wrapped line cut where links start and end, each part with its link.
fn split_at_links<'p>(piece: &'p Piece, links: &'p [Link]) -> Vec<(&'p str, Option<&'p Link>)> {
    let (start, end) = (piece.start, piece.start + piece.text.len());
    let part = |from: usize, to: usize| &piece.text[from - start..to - start];
    let mut parts = Vec::new();
    let mut at = start;
    for link in links
        .iter()
        .filter(|l| l.range.start < end && start < l.range.end)
    {
        let (from, to) = (link.range.start.max(start), link.range.end.min(end));
        if from > at {
            parts.push((part(at, from), None));
        }
        parts.push((part(from, to), Some(link)));
        at = to;
    }
    if at < end {
        parts.push((part(at, end), None));
    }
    parts
}

/// A dashed line to cut along from `(x, y)`, `length` long, across or down: decoration only.
fn dashes(ops: &mut Vec<Op>, (x, y): (f32, f32), length: f32, across: bool) {
    let dash: f32 = 6.0;
    let mut at = 0.0;
    while at < length {
        let run = dash.min(length - at);
        let rect = if across {
            (x + at, y, run, 0.8)
        } else {
            (x, y + at, 0.8, run)
        };
        ops.push(Op::Box {
            rect,
            fill: Some(60),
            stroke: None,
        });
        at += dash * 2.0;
    }
}

/// Measures a handout's blocks into the page model's units, building the structure tree as it
/// goes.
pub(super) struct Layout<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) style: Style,
    pub(super) tree: Tree,
    pub(super) content_count: usize,
    pub(super) last_heading: u8,
    /// The height of a page's text area: no unit may be taller.
    pub(super) page_room: f32,
    /// Numbers the paragraphs, list items and tables for the breaking rules.
    next_group: usize,
    /// The numbers to dial that are printed as links (see [`links::find`]).
    phones: &'f [String],
}

impl<'f> Layout<'f> {
    pub(super) fn new(
        fonts: &'f Fonts,
        style: Style,
        page_room: f32,
        phones: &'f [String],
    ) -> Layout<'f> {
        Layout {
            fonts,
            style,
            tree: Tree::default(),
            content_count: 0,
            last_heading: 0,
            page_room,
            next_group: 0,
            phones,
        }
    }

    fn group(&mut self) -> usize {
        self.next_group += 1;
        self.next_group
    }

    fn content(&mut self, element: usize) -> usize {
        let id = self.content_count;
        self.content_count += 1;
        self.tree.children[element].push(Child::Content(id));
        id
    }

    fn line_height(&self, size: f32) -> f32 {
        size * self.style.leading
    }

    /// Greedy line breaking of Markdown-lite text by shaped widths; `bold` makes all of it
    /// bold. Each line's pieces come in reading order, placed left to right as they show (a
    /// right-to-left paragraph's lines end at the right edge).
    #[cfg(test)]
    fn wrap(&self, text: &str, size: f32, width: f32, bold: bool) -> Vec<Vec<Piece>> {
        Paragraph::new(text, bold).lines(self.fonts, size, width)
    }

    /// One unit per line of text, each line's pieces tagged into `element`.
    fn text_units(
        &mut self,
        text: &str,
        size: f32,
        width: f32,
        bold: bool,
        element: usize,
        role: Role,
    ) -> Vec<Unit> {
        let line_height = self.line_height(size);
        let paragraph = Paragraph::new(text, bold);
        let links = links::find(paragraph.text(), self.phones);
        let mut units = Vec::new();
        for pieces in paragraph.lines(self.fonts, size, width) {
            let mut unit = unit(role, line_height);
            for piece in pieces {
                let measure =
                    |text: &str| text::width(self.fonts, text, piece.bold, piece.rtl, size);
                // Parts run from the piece's start: its left edge, or its right edge when it
                // reads right to left.
                let mut pen = if piece.rtl {
                    piece.x + measure(&piece.text)
                } else {
                    piece.x
                };
                let parts = split_at_links(&piece, &links);
                for (part, link) in parts {
                    let link = link.map(|link| {
                        let element = self.tree.open(Kind::Link, Some(element));
                        (element, link.href.clone())
                    });
                    for segment in markup::segments(part) {
                        let (text, blank) = match segment {
                            markup::Segment::Text(text) => (text.to_string(), false),
                            markup::Segment::Blank(count) => ("_".repeat(count), true),
                        };
                        let advance = measure(&text);
                        let x = if piece.rtl { pen - advance } else { pen };
                        pen += if piece.rtl { -advance } else { advance };
                        if blank {
                            // A line to write on, as long as the underscores it replaces: ink
                            // for the pen, not text for a screen reader to spell out.
                            unit.content.ops.push(Op::Box {
                                rect: (x, size * 1.2, advance, 0.7),
                                fill: Some(40),
                                stroke: None,
                            });
                            continue;
                        }
                        let (content, link) = match &link {
                            Some((element, href)) => {
                                let content = self.content(*element);
                                let slot = self.content(*element);
                                (content, Some((href.clone(), slot)))
                            }
                            None => (self.content(element), None),
                        };
                        unit.content.ops.push(Op::Text {
                            x,
                            y: size * 1.05,
                            size,
                            bold: piece.bold,
                            rtl: piece.rtl,
                            text,
                            content: Some(content),
                            link,
                        });
                    }
                }
            }
            units.push(unit);
        }
        units
    }

    pub(super) fn blocks(
        &mut self,
        blocks: &[Block],
        width: f32,
        parent: Option<usize>,
    ) -> Vec<Unit> {
        let mut units: Vec<Unit> = Vec::new();
        let mut new_page = false;
        for block in blocks {
            if *block == Block::PageBreak {
                new_page = true;
                continue;
            }
            let mut block_units = self.block(block, width, parent);
            if let Some(first) = block_units.first_mut() {
                if !units.is_empty() {
                    first.space_before = first.space_before.max(self.style.gap);
                }
                first.page_break_before = std::mem::take(&mut new_page);
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
                let mut units = self.text_units(text, size, width, true, element, Role::Heading);
                if let Some(first) = units.first_mut() {
                    first.space_before = if level >= 4 { style.gap } else { size * 0.8 };
                    if level <= 2 {
                        first.content.bookmark = Some((level, markup::plain(text)));
                    }
                }
                if level == 1
                    && let Some(last) = units.last_mut()
                {
                    // A rule under the handout's title.
                    last.height += 6.0;
                    let y = last.height - 3.0;
                    last.content.ops.push(Op::Box {
                        rect: (0.0, y, width, 1.2),
                        fill: Some(60),
                        stroke: None,
                    });
                }
                units
            }
            Block::Paragraph(text) => self.paragraph(text, width, false, parent),
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
                    let role = Role::Line {
                        group: self.group(),
                    };
                    let mut lines =
                        self.text_units(item, style.body, width - indent, false, body, role);
                    // An item in Arabic or Urdu has its marker on the right, as it is read.
                    let rtl = Paragraph::new(item, false).rtl;
                    let text_at = if rtl { 0.0 } else { indent };
                    // Where a marker `w` wide goes, `left` from the line's start.
                    let marker_x = |left: f32, w: f32| if rtl { width - left - w } else { left };
                    for line in &mut lines {
                        for op in &mut line.content.ops {
                            if let Op::Text { x, .. } = op {
                                *x += text_at;
                            }
                        }
                    }
                    if let Some(first) = lines.first_mut() {
                        first.space_before = style.gap * 0.4;
                        if checklist {
                            let side = style.body * 0.8;
                            first.content.ops.push(Op::Box {
                                rect: (marker_x(2.0, side), style.body * 0.3, side, side),
                                fill: None,
                                stroke: Some((0, 0.8)),
                            });
                        } else {
                            let bullet =
                                super::text::width(self.fonts, "•", false, false, style.body);
                            first.content.ops.push(Op::Text {
                                x: marker_x(style.body * 0.3, bullet),
                                y: style.body * 1.05,
                                size: style.body,
                                bold: false,
                                rtl: false,
                                text: "•".into(),
                                content: marker,
                                link: None,
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
                let group = self.group();
                let mut units = Vec::new();
                for (index, cells) in std::iter::once(header).chain(rows).enumerate() {
                    units.extend(self.table_row(table, group, cells, &columns, index == 0));
                }
                units
            }
            Block::Panel { title, blocks } => self.panel(title, blocks, width, parent),
            Block::Signature {
                closing,
                name,
                role,
            } => vec![self.signature(closing, name, role.as_deref(), width, parent)],
            Block::ReplySlip {
                title,
                lead,
                fields,
            } => vec![self.reply_slip(title, lead, fields, width, parent)],
            // Handled by `blocks`, which marks the next unit.
            Block::PageBreak => Vec::new(),
            Block::Image(image) => self.image(image, width, parent).into_iter().collect(),
            Block::InLanguage { language, blocks } => {
                let element = self.tree.open(Kind::Language(language.clone()), parent);
                self.blocks(blocks, width, Some(element))
            }
            Block::SpareCopy(blocks) => {
                let inner = self.blocks(blocks, width, parent);
                let height = inner.iter().map(|u| u.height + u.space_before).sum();
                let mut copy = Self::kept(inner, height, (0.0, 0.0), Vec::new());
                copy.spare = true;
                vec![copy]
            }
            Block::Cards(cards) => self.cards(cards, width, parent),
            Block::Chat {
                app,
                owner,
                messages,
            } => self.chat(app.as_deref(), owner, messages, width, parent),
            Block::WritingLines { lines, tall } => vec![self.writing_lines(*lines, *tall, width)],
            Block::CutLine => {
                let height = style.body * 1.6;
                let mut cut = unit(Role::Boxed, height);
                dashes(&mut cut.content.ops, (0.0, height * 0.5), width, true);
                vec![cut]
            }
        }
    }

    /// Cards two to a row, each in a dashed box to cut along; a row too tall for a page flows
    /// as lines instead.
    fn cards(&mut self, cards: &[String], width: f32, parent: Option<usize>) -> Vec<Unit> {
        let style = self.style;
        let pad = style.body * 0.8;
        let column = width / 2.0;
        let list = self.tree.open(Kind::List, parent);
        let mut units = Vec::new();
        for pair in cards.chunks(2) {
            let mut row: Vec<Vec<Unit>> = Vec::new();
            for card in pair {
                let item = self.tree.open(Kind::Item, Some(list));
                let body = self.tree.open(Kind::Body, Some(item));
                let role = Role::Line {
                    group: self.group(),
                };
                row.push(self.text_units(card, style.body, column - 2.0 * pad, false, body, role));
            }
            // Room to hold a card in the hand: never less than four lines high.
            let height = row
                .iter()
                .map(|lines| lines.iter().map(|l| l.height).sum::<f32>())
                .fold(self.line_height(style.body) * 4.0, f32::max)
                + 2.0 * pad;
            if height > self.page_room {
                units.extend(row.into_iter().flatten());
                continue;
            }
            let mut boxed = unit(Role::Boxed, height);
            for (index, lines) in row.into_iter().enumerate() {
                let x = index as f32 * column;
                let ops = &mut boxed.content.ops;
                dashes(ops, (x, 0.0), column, true);
                dashes(ops, (x, height), column, true);
                dashes(ops, (x, 0.0), height, false);
                dashes(ops, (x + column, 0.0), height, false);
                stack(&mut boxed.content.ops, lines, (x + pad, pad));
            }
            units.push(boxed);
        }
        units
    }

    /// A conversation drawn as a phone: a bar with the app's name, then each message as a
    /// bubble under its sender's name, the owner's on the right. Every unit draws its part of
    /// the phone's sides, so the phone may continue on the next page.
    fn chat(
        &mut self,
        app: Option<&str>,
        owner: &str,
        messages: &[ChatMessage],
        width: f32,
        parent: Option<usize>,
    ) -> Vec<Unit> {
        let style = self.style;
        let phone = (width * 0.75).max(width.min(260.0));
        let left = (width - phone) / 2.0;
        let pad = style.body * 0.7;
        let bubble_width = phone * 0.72;
        let element = self.tree.open(Kind::Panel, parent);
        let sides = |ops: &mut Vec<Op>, height: f32| {
            for x in [left, left + phone - 0.8] {
                ops.push(Op::Box {
                    rect: (x, 0.0, 0.8, height),
                    fill: Some(90),
                    stroke: None,
                });
            }
        };
        let mut units = Vec::new();
        let title = match app {
            Some(app) => format!("**{app}** · {owner}'s phone"),
            None => format!("**{owner}'s phone**"),
        };
        let bar_element = self.tree.open(Kind::Paragraph, Some(element));
        let role = Role::Line {
            group: self.group(),
        };
        let bar_lines = self.text_units(
            &title,
            style.body,
            phone - 2.0 * pad,
            false,
            bar_element,
            role,
        );
        let bar_height: f32 = bar_lines.iter().map(|l| l.height).sum::<f32>() + 2.0 * pad;
        let mut bar = unit(Role::Boxed, bar_height);
        bar.content.ops.push(Op::Box {
            rect: (left, 0.0, phone, bar_height),
            fill: Some(225),
            stroke: Some((90, 0.8)),
        });
        stack(&mut bar.content.ops, bar_lines, (left + pad, pad));
        units.push(bar);
        for message in messages {
            let paragraph = self.tree.open(Kind::Paragraph, Some(element));
            let role = Role::Line {
                group: self.group(),
            };
            let name = self.text_units(
                &format!("**{}**", message.from),
                style.small,
                bubble_width,
                false,
                paragraph,
                role,
            );
            let text = self.text_units(
                &message.text,
                style.body,
                bubble_width - 2.0 * pad,
                false,
                paragraph,
                role,
            );
            let name_height: f32 = name.iter().map(|l| l.height).sum();
            let text_height: f32 = text.iter().map(|l| l.height).sum();
            let bubble_height = text_height + pad;
            let height = pad + name_height + bubble_height;
            if height > self.page_room {
                units.extend(name.into_iter().chain(text));
                continue;
            }
            let mut boxed = unit(Role::Boxed, height);
            sides(&mut boxed.content.ops, height);
            let x = if message.mine {
                left + phone - pad - bubble_width
            } else {
                left + pad
            };
            let y = stack(&mut boxed.content.ops, name, (x + pad * 0.5, pad));
            boxed.content.ops.push(Op::Box {
                rect: (x, y, bubble_width, bubble_height),
                fill: Some(if message.mine { 215 } else { 238 }),
                stroke: Some((150, 0.5)),
            });
            stack(&mut boxed.content.ops, text, (x + pad, y + pad * 0.5));
            units.push(boxed);
        }
        // The bottom of the phone.
        let mut foot = unit(Role::Boxed, pad * 2.0);
        sides(&mut foot.content.ops, pad * 2.0);
        foot.content.ops.push(Op::Box {
            rect: (left, pad * 2.0 - 0.8, phone, 0.8),
            fill: Some(90),
            stroke: None,
        });
        units.push(foot);
        units
    }

    /// Ruled lines to write on, spaced for the writers: wider for young children.
    fn writing_lines(&self, lines: u32, tall: bool, width: f32) -> Unit {
        let spacing = self.style.body * if tall { 3.2 } else { 2.4 };
        let height = spacing * lines as f32;
        let mut ruled = unit(Role::Boxed, height);
        for line in 1..=lines {
            ruled.content.ops.push(Op::Box {
                rect: (0.0, spacing * line as f32 - 1.0, width, 0.6),
                fill: Some(110),
                stroke: None,
            });
        }
        ruled
    }

    /// A row as one unit; a row taller than a page (a cell of very long text) is printed as its
    /// cells' lines one after another instead, so that nothing runs off the page.
    fn table_row(
        &mut self,
        table: usize,
        group: usize,
        cells: &[String],
        columns: &[f32],
        header: bool,
    ) -> Vec<Unit> {
        let style = self.style;
        let pad = 4.0;
        let row = self.tree.open(Kind::Row, Some(table));
        let mut cell_units: Vec<Vec<Unit>> = Vec::new();
        for (cell, width) in cells.iter().zip(columns) {
            let kind = if header { Kind::HeaderCell } else { Kind::Cell };
            let element = self.tree.open(kind, Some(row));
            let role = Role::Line {
                group: self.group(),
            };
            let lines = cell.split('\n').flat_map(|line| {
                self.text_units(line, style.body, width - 2.0 * pad, header, element, role)
            });
            cell_units.push(lines.collect());
        }
        let height = cell_units
            .iter()
            .map(|lines| lines.iter().map(|l| l.height).sum::<f32>())
            .fold(self.line_height(style.body), f32::max)
            + 2.0 * pad;
        if height > self.page_room {
            return cell_units.into_iter().flatten().collect();
        }
        let mut unit = unit(
            Role::Row {
                table: group,
                header,
            },
            height,
        );
        let mut x = 0.0;
        for (lines, width) in cell_units.into_iter().zip(columns) {
            unit.content.ops.push(Op::Box {
                rect: (x, 0.0, *width, height),
                fill: header.then_some(225),
                stroke: Some((90, 0.6)),
            });
            stack(&mut unit.content.ops, lines, (x + pad, pad));
            x += width;
        }
        vec![unit]
    }

    /// Units drawn as one, kept whole on a page: each placed below the last, `(dx, dy)` in.
    fn kept(inner: Vec<Unit>, height: f32, at: (f32, f32), mut ops: Vec<Op>) -> Unit {
        stack(&mut ops, inner, at);
        let mut kept = unit(Role::Boxed, height);
        kept.content.ops = ops;
        kept
    }

    fn paragraph(
        &mut self,
        text: &str,
        width: f32,
        bold: bool,
        parent: Option<usize>,
    ) -> Vec<Unit> {
        let element = self.tree.open(Kind::Paragraph, parent);
        let role = Role::Line {
            group: self.group(),
        };
        self.text_units(text, self.style.body, width, bold, element, role)
    }

    /// A picture at most a logo's height and 40% of the width, in its own proportions.
    fn image(&mut self, image: &Image, width: f32, parent: Option<usize>) -> Option<Unit> {
        let (picture, pixels_wide, pixels_high) = Picture::decode(image)?;
        if pixels_wide <= 0.0 || pixels_high <= 0.0 {
            return None;
        }
        let height_limit = self.style.body * 3.6;
        let scale = (height_limit / pixels_high).min(width * 0.4 / pixels_wide);
        let (w, h) = (pixels_wide * scale, pixels_high * scale);
        let figure = self.tree.open(Kind::Figure(image.alt.clone()), parent);
        let content = self.content(figure);
        let mut unit = unit(Role::Boxed, h + self.style.gap);
        unit.content.ops.push(Op::Picture {
            rect: (0.0, 0.0, w, h),
            picture,
            content,
        });
        Some(unit)
    }

    /// The sign-off: the closing, room for a signature, then the name and role beneath a rule.
    fn signature(
        &mut self,
        closing: &str,
        name: &str,
        role: Option<&str>,
        width: f32,
        parent: Option<usize>,
    ) -> Unit {
        let style = self.style;
        let element = self.tree.open(Kind::Panel, parent);
        let mut inner = self.paragraph(closing, width, false, Some(element));
        let space = style.body * 3.5;
        let mut name_lines = self.paragraph(name, width, true, Some(element));
        if let Some(first) = name_lines.first_mut() {
            first.space_before = space;
        }
        inner.extend(name_lines);
        if let Some(role) = role {
            inner.extend(self.paragraph(role, width, false, Some(element)));
        }
        let rule_y = inner.first().map_or(0.0, |u| u.height) + space - style.body * 0.4;
        let rule = Op::Box {
            rect: (0.0, rule_y, (width * 0.45).min(220.0), 0.6),
            fill: Some(120),
            stroke: None,
        };
        let height: f32 = inner.iter().map(|u| u.height + u.space_before).sum();
        let mut kept = Self::kept(inner, height, (0.0, 0.0), vec![rule]);
        kept.space_before = style.gap * 2.0;
        kept
    }

    /// A slip below a dashed cut line: its title, what it is for, and labelled write-in lines.
    fn reply_slip(
        &mut self,
        title: &str,
        lead: &str,
        fields: &[String],
        width: f32,
        parent: Option<usize>,
    ) -> Unit {
        let style = self.style;
        let element = self.tree.open(Kind::Panel, parent);
        let cut = style.body * 1.6;
        let mut ops = Vec::new();
        dashes(&mut ops, (0.0, cut * 0.5), width, true);
        let saved_level = self.last_heading;
        let mut inner = self.block(
            &Block::Heading {
                level: 2,
                text: title.to_string(),
            },
            width,
            Some(element),
        );
        self.last_heading = saved_level;
        for unit in &mut inner {
            unit.content.bookmark = None;
        }
        let mut lead = self.paragraph(lead, width, false, Some(element));
        if let Some(first) = lead.first_mut() {
            first.space_before = style.gap;
        }
        inner.extend(lead);
        for field in fields {
            let label = format!("{field}:");
            let label_width = text::width(self.fonts, &label, false, false, style.body) + 6.0;
            let mut lines = self.paragraph(&label, width, false, Some(element));
            if let Some(first) = lines.first_mut() {
                first.space_before = style.body * 1.2;
            }
            if let Some(last) = lines.last_mut() {
                // The line to write on runs from the label to the right edge.
                let start = label_width.min(width * 0.6);
                last.content.ops.push(Op::Box {
                    rect: (start, style.body * 1.2, width - start, 0.7),
                    fill: Some(40),
                    stroke: None,
                });
            }
            inner.extend(lines);
        }
        // The last field asks for a message: two more lines to write it on.
        for _ in 0..2 {
            let mut line = unit(Role::Boxed, style.body * 1.5);
            line.space_before = style.body * 0.6;
            line.content.ops.push(Op::Box {
                rect: (0.0, style.body * 1.2, width, 0.7),
                fill: Some(40),
                stroke: None,
            });
            inner.push(line);
        }
        let height: f32 = cut + inner.iter().map(|u| u.height + u.space_before).sum::<f32>();
        let mut kept = Self::kept(inner, height, (0.0, cut), ops);
        kept.space_before = style.gap * 3.0;
        kept
    }

    /// A boxed panel, kept whole on one page; one too tall for a page flows without its box.
    fn panel(
        &mut self,
        title: &str,
        blocks: &[Block],
        width: f32,
        parent: Option<usize>,
    ) -> Vec<Unit> {
        // A slip to cut out (an exit ticket) must stay one piece: it gives up writing lines, a
        // line under each question at a time, then the young writers' taller spacing, before it
        // would break across pages.
        let most_lines = blocks
            .iter()
            .filter_map(|b| match b {
                Block::WritingLines { lines, .. } => Some(*lines),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let any_tall = blocks
            .iter()
            .any(|b| matches!(b, Block::WritingLines { tall: true, .. }));
        let mut attempts: Vec<(u32, bool)> =
            (1..=most_lines).rev().map(|cap| (cap, true)).collect();
        if any_tall {
            attempts.push((1, false));
        }
        let count = attempts.len();
        for (at, (cap, keep_tall)) in attempts.into_iter().enumerate() {
            let fitted: Vec<Block> = blocks
                .iter()
                .map(|b| match b {
                    Block::WritingLines { lines, tall } => Block::WritingLines {
                        lines: (*lines).min(cap),
                        tall: *tall && keep_tall,
                    },
                    other => other.clone(),
                })
                .collect();
            let marks = (self.tree.mark(), self.content_count, self.next_group);
            if let Some(units) = self.panel_within(title, &fitted, width, parent, at + 1 < count) {
                return units;
            }
            self.tree.rewind(marks.0, marks.1);
            (self.content_count, self.next_group) = (marks.1, marks.2);
        }
        self.panel_within(title, blocks, width, parent, false)
            .unwrap_or_default()
    }

    /// The panel kept whole, or `None` when `only_whole` and it is too tall to keep whole
    /// (otherwise its lines flow on).
    fn panel_within(
        &mut self,
        title: &str,
        blocks: &[Block],
        width: f32,
        parent: Option<usize>,
        only_whole: bool,
    ) -> Option<Vec<Unit>> {
        let pad = self.style.body * 0.9;
        let element = self.tree.open(Kind::Panel, parent);
        let title_block = Block::Heading {
            level: self.last_heading + 1,
            text: title.to_string(),
        };
        let saved_level = self.last_heading;
        let mut inner = self.block(&title_block, width - 2.0 * pad, Some(element));
        for unit in &mut inner {
            unit.content.bookmark = None;
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
        // A panel kept whole must fit below a heading and the lines that open a page; one
        // nearly a page tall would leave that heading alone, so its lines flow instead.
        if height > self.page_room * 0.7 {
            if only_whole {
                return None;
            }
            // Too tall to keep whole: its lines flow on, inside the same structure element.
            for unit in &mut inner {
                shift(&mut unit.content.ops, pad, 0.0);
            }
            if let Some(first) = inner.first_mut() {
                first.space_before = self.style.gap * 2.0;
            }
            return Some(inner);
        }
        let frame = Op::Box {
            rect: (0.0, 0.0, width, height),
            fill: Some(242),
            stroke: Some((40, 1.5)),
        };
        let mut panel = Self::kept(inner, height, (pad, pad), vec![frame]);
        panel.space_before = self.style.gap * 2.0;
        Some(vec![panel])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(fonts: &Fonts) -> Layout<'_> {
        Layout::new(fonts, Style::new(false), 700.0, &[])
    }

    fn line_text(line: &[Piece]) -> String {
        line.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn a_link_that_wraps_is_cut_at_each_piece_edge() {
        let text = "Call 0800 1111 now";
        let links = links::find(text, &["0800 1111".to_string()]);
        let piece = |text: &str, start: usize| Piece {
            text: text.into(),
            start,
            bold: false,
            rtl: false,
            x: 0.0,
        };
        let (first, second) = (piece("Call 0800 ", 0), piece("1111 now", 10));
        let parts = |piece| -> Vec<(String, bool)> {
            split_at_links(piece, &links)
                .into_iter()
                .map(|(text, link)| (text.to_string(), link.is_some()))
                .collect()
        };
        assert_eq!(
            parts(&first),
            [("Call ".into(), false), ("0800 ".into(), true)]
        );
        assert_eq!(
            parts(&second),
            [("1111".into(), true), (" now".into(), false)]
        );
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
        let measure = |text: &str| super::super::text::width(&fonts, text, false, false, size);
        for (text, next) in texts.iter().zip(&texts[1..]) {
            assert!(measure(text) <= width, "{text}");
            // Full: the next line's first character would not have fitted.
            let first = next.chars().next().unwrap();
            assert!(measure(&format!("{text}{first}")) > width);
        }
        assert!(measure(texts.last().unwrap()) <= width);
    }

    #[test]
    fn an_item_in_arabic_has_its_bullet_on_the_right() {
        let fonts = Fonts::new().unwrap();
        let mut layout = layout(&fonts);
        let width = 300.0;
        let items = vec!["مرحبا بالعالم".to_string(), "Hello".to_string()];
        let units = layout.block(&Block::Bullets(items), width, None);
        let texts = |unit: &Unit| -> Vec<(f32, String)> {
            unit.content
                .ops
                .iter()
                .filter_map(|op| match op {
                    Op::Text { x, text, .. } => Some((*x, text.clone())),
                    Op::Box { .. } | Op::Picture { .. } => None,
                })
                .collect()
        };
        let arabic = texts(&units[0]);
        let bullet = arabic.iter().find(|(_, t)| t == "•").unwrap().0;
        let text = arabic.iter().find(|(_, t)| t != "•").unwrap().0;
        assert!(bullet > text && bullet > width / 2.0, "{arabic:?}");
        let english = texts(&units[1]);
        let bullet = english.iter().find(|(_, t)| t == "•").unwrap().0;
        let text = english.iter().find(|(_, t)| t != "•").unwrap().0;
        assert!(bullet < text && bullet < 10.0, "{english:?}");
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
}
