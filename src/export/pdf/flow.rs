//! Blocks measured into the page model's units: lines broken to the text width, table rows,
//! boxed panels, each with its drawing and its place in the structure tree.

use super::fonts::Fonts;
use super::tags::{Child, Kind, Tree};
use super::text::{Paragraph, Piece};
use crate::export::document::Block;
use crate::export::layout::{self, Role};
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
    },
    Box {
        rect: (f32, f32, f32, f32),
        fill: Option<u8>,
        stroke: Option<(u8, f32)>,
    },
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

fn shift(ops: &mut [Op], dx: f32, dy: f32) {
    for op in ops {
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
}

impl<'f> Layout<'f> {
    pub(super) fn new(fonts: &'f Fonts, style: Style, page_room: f32) -> Layout<'f> {
        Layout {
            fonts,
            style,
            tree: Tree::default(),
            content_count: 0,
            last_heading: 0,
            page_room,
            next_group: 0,
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
        self.wrap(text, size, width, bold)
            .into_iter()
            .map(|pieces| {
                let mut unit = unit(role, line_height);
                for piece in pieces {
                    let content = Some(self.content(element));
                    unit.content.ops.push(Op::Text {
                        x: piece.x,
                        y: size * 1.05,
                        size,
                        bold: piece.bold,
                        rtl: piece.rtl,
                        text: piece.text,
                        content,
                    });
                }
                unit
            })
            .collect()
    }

    pub(super) fn blocks(
        &mut self,
        blocks: &[Block],
        width: f32,
        parent: Option<usize>,
    ) -> Vec<Unit> {
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
                let element = self
                    .tree
                    .open(Kind::Heading(level, markup::plain(text)), parent);
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
            Block::Paragraph(text) => {
                let element = self.tree.open(Kind::Paragraph, parent);
                let role = Role::Line {
                    group: self.group(),
                };
                self.text_units(text, style.body, width, false, element, role)
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
            Block::InLanguage { language, blocks } => {
                let element = self.tree.open(Kind::Language(language.clone()), parent);
                self.blocks(blocks, width, Some(element))
            }
        }
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
            cell_units.push(self.text_units(
                cell,
                style.body,
                width - 2.0 * pad,
                header,
                element,
                role,
            ));
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
            let mut y = pad;
            for line in lines {
                let line_height = line.height;
                unit.content.ops.extend(shifted(line, x + pad, y));
                y += line_height;
            }
            x += width;
        }
        vec![unit]
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
        if height > self.page_room {
            // Too tall for any page: its lines flow on, inside the same structure element.
            for unit in &mut inner {
                shift(&mut unit.content.ops, pad, 0.0);
            }
            if let Some(first) = inner.first_mut() {
                first.space_before = self.style.gap * 2.0;
            }
            return inner;
        }
        let mut panel = unit(Role::Boxed, height);
        panel.space_before = self.style.gap * 2.0;
        panel.content.ops.push(Op::Box {
            rect: (0.0, 0.0, width, height),
            fill: Some(242),
            stroke: Some((40, 1.5)),
        });
        let mut y = pad;
        for unit in inner {
            y += unit.space_before;
            let unit_height = unit.height;
            panel.content.ops.extend(shifted(unit, pad, y));
            y += unit_height;
        }
        vec![panel]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(fonts: &Fonts) -> Layout<'_> {
        Layout::new(fonts, Style::new(false), 700.0)
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
                    Op::Box { .. } => None,
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
