//! PDF, made in-process with krilla: the document model laid out by hand on fixed pages, with
//! its fonts embedded (see [`fonts`] for which), page numbers, an outline and a structure tree (headings, lists,
//! tables) so that screen readers and reflow work. The file is checked against PDF/UA-1.
//!
//! Blocks are measured into units ([`flow`]), the page model places them on pages by its
//! typesetting rules ([`crate::export::layout`]), and only then are pages drawn, so that every
//! page knows its handout's page count.

mod flow;
mod fonts;
mod tags;
mod text;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TagTree};
use krilla::{Document as Pdf, SerializeSettings};

use super::document::Document;
use super::layout::{self, Page};
use super::{ExportOptions, Handout, links};
use flow::{Drawing, Layout, Op, Picture, Style};
use fonts::Fonts;
use text::Paragraph;

/// Page margins, in points (about 19 mm).
const MARGIN: f32 = 54.0;
/// Room kept at the foot of each page for the page number.
const FOOTER: f32 = 24.0;

/// One handout's pages.
struct Printed {
    handout: Handout,
    /// What the footer calls it.
    label: &'static str,
    pages: Vec<Page<Drawing>>,
}

/// Why a PDF could not be made.
#[derive(Debug)]
pub enum Failure {
    /// Characters of the text that no font, bundled or installed, has: in code point order.
    Missing(Vec<char>),
    /// A fault in the layout or the PDF library, not in the user's files.
    Fault(String),
}

pub fn write(document: &Document, options: &ExportOptions) -> Result<Vec<u8>, Failure> {
    let fonts = Fonts::new().map_err(Failure::Fault)?;
    let (layout, printed) = typeset(document, options, &fonts)?;
    draw(
        document,
        &fonts,
        &layout,
        printed,
        page_size(document, options),
    )
    .map_err(Failure::Fault)
}

/// The page's width and height: the paper's, turned for a landscape document.
fn page_size(document: &Document, options: &ExportOptions) -> (f32, f32) {
    let (width, height) = options.paper.size_points();
    if document.landscape {
        (height, width)
    } else {
        (width, height)
    }
}

/// The height of a page's text area on this paper.
fn page_room(document: &Document, options: &ExportOptions) -> f32 {
    page_size(document, options).1 - 2.0 * MARGIN - FOOTER
}

/// The handouts measured and placed on pages; fails, before anything is drawn, when the text
/// has characters no font has.
fn typeset<'f>(
    document: &'f Document,
    options: &ExportOptions,
    fonts: &'f Fonts,
) -> Result<(Layout<'f>, Vec<Printed>), Failure> {
    let text_width = page_size(document, options).0 - 2.0 * MARGIN;
    let room = page_room(document, options);
    let mut layout = Layout::new(
        fonts,
        Style::new(options.large_print),
        room,
        &document.phones,
    );
    let mut printed = Vec::new();
    for section in &document.sections {
        layout.last_heading = 0;
        let mut units = layout.blocks(&section.blocks, text_width, None);
        // Each handout's bookmark names the handout: the letter's own heading is the school.
        if let Some(first) = units.first_mut() {
            first.content.bookmark = Some((
                1,
                format!("{}: {}", document.section_label(section), document.title),
            ));
        }
        printed.push(Printed {
            handout: section.handout,
            label: document.section_label(section),
            pages: layout::paginate(units, room),
        });
    }
    // The footer shows the plan's title, however much of it fits.
    text::width(fonts, &document.title, false, false, layout.style.small);
    let missing = fonts.missing();
    if !missing.is_empty() {
        return Err(Failure::Missing(missing));
    }
    Ok((layout, printed))
}

/// The pages the PDF has, read back from the page model: what is on each and how full it is.
pub fn page_model(
    document: &Document,
    options: &ExportOptions,
) -> Result<Vec<super::ModelPage>, Failure> {
    let fonts = Fonts::new().map_err(Failure::Fault)?;
    let (_, printed) = typeset(document, options, &fonts)?;
    let room = page_room(document, options);
    let mut pages = Vec::new();
    for Printed {
        handout,
        pages: printed,
        ..
    } in printed
    {
        let count = printed.len();
        for (at, page) in printed.into_iter().enumerate() {
            let used = page.used();
            let units = page
                .placed
                .into_iter()
                .map(|placed| super::ModelUnit {
                    role: placed.unit.role,
                    y: placed.y,
                    height: placed.unit.height,
                    repeated: placed.repeated,
                    page_break_before: placed.unit.page_break_before,
                    text: placed
                        .unit
                        .content
                        .ops
                        .iter()
                        .filter_map(|op| match op {
                            Op::Text { text, .. } => Some(text.as_str()),
                            Op::Box { .. } | Op::Picture { .. } => None,
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                })
                .collect();
            pages.push(super::ModelPage {
                handout,
                number: at + 1,
                count,
                room,
                used,
                units,
            });
        }
    }
    Ok(pages)
}

fn gray(level: u8) -> rgb::Color {
    rgb::Color::new(level, level, level)
}

fn draw(
    document: &Document,
    fonts: &Fonts,
    layout: &Layout,
    printed: Vec<Printed>,
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
    let style = layout.style;
    let title = Paragraph::plain(&document.title, false);
    // Pages are numbered within each handout, which is printed and handed out on its own.
    let pages = printed.into_iter().flat_map(|printed| {
        let count = printed.pages.len();
        let label = printed.label;
        printed
            .pages
            .into_iter()
            .enumerate()
            .map(move |(at, page)| (page, label, at + 1, count))
    });
    for (index, (placed, label, number, count)) in pages.enumerate() {
        let settings = PageSettings::from_wh(width, height).ok_or("bad paper size")?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        // Links found while drawing, annotated once the page's drawing is finished.
        let mut page_links: Vec<(usize, String, Rect)> = Vec::new();
        for layout::Placed { y, unit, repeated } in placed.placed {
            let top = MARGIN + y;
            if let Some((level, text)) = unit.content.bookmark {
                bookmarks.push((level, text, index, top));
            }
            for op in unit.content.ops {
                match op {
                    Op::Text {
                        x,
                        y,
                        size,
                        bold,
                        rtl,
                        text,
                        content,
                        link,
                    } => {
                        // A repeated table header is new ink, not new text.
                        let content = content.filter(|_| !repeated);
                        if let Some((href, slot)) = link.filter(|_| !repeated) {
                            let area = Rect::from_xywh(
                                MARGIN + x,
                                top + y - size,
                                text::width(fonts, &text, bold, rtl, size).max(1.0),
                                size * 1.3,
                            );
                            if let Some(area) = area {
                                page_links.push((slot, href, area));
                            }
                        }
                        let tag = match content {
                            Some(_) => ContentTag::Span(SpanTag::empty()),
                            None => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
                        };
                        let id = surface.start_tagged(tag);
                        draw_text(
                            &mut surface,
                            fonts,
                            (MARGIN + x, top + y),
                            size,
                            (bold, rtl),
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
                    Op::Picture {
                        rect,
                        picture,
                        content,
                    } => {
                        let id = surface.start_tagged(ContentTag::Other);
                        draw_picture(
                            &mut surface,
                            &picture,
                            (MARGIN + rect.0, top + rect.1, rect.2, rect.3),
                        );
                        surface.end_tagged();
                        ids[content] = Some(id);
                    }
                }
            }
        }
        // The footer: plan title and page number, decoration for screen readers.
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::PageNumber,
        )));
        let baseline = height - MARGIN + style.small;
        let number = format!("{label}, page {number} of {count}");
        let number_width = text::width(fonts, &number, false, false, style.small);
        draw_text(
            &mut surface,
            fonts,
            (width - MARGIN - number_width, baseline),
            style.small,
            (false, false),
            &number,
        );
        let room = width - 2.0 * MARGIN - number_width - 24.0;
        for piece in title.first_line(fonts, style.small, room) {
            draw_text(
                &mut surface,
                fonts,
                (MARGIN + piece.x, baseline),
                style.small,
                (piece.bold, piece.rtl),
                &piece.text,
            );
        }
        surface.end_tagged();
        surface.finish();
        for (slot, href, area) in page_links {
            let description = links::describe(&href);
            let target = Target::Action(Action::Link(LinkAction::new(href)));
            let annotation =
                Annotation::new_link(LinkAnnotation::new(area, target), Some(description));
            ids[slot] = Some(page.add_tagged_annotation(annotation));
        }
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

/// Text of one weight and direction, from its left end at `(x, y)` (the baseline), each run of
/// it in the font that has it.
fn draw_text(
    surface: &mut Surface,
    fonts: &Fonts,
    (mut x, y): (f32, f32),
    size: f32,
    (bold, rtl): (bool, bool),
    text: &str,
) {
    surface.set_fill(Some(Fill {
        paint: gray(17).into(),
        ..Fill::default()
    }));
    for run in text::shape(fonts, text, bold, rtl) {
        surface.draw_glyphs(
            Point::from_xy(x, y),
            &run.glyphs,
            fonts.face(run.face).font.clone(),
            text,
            size,
            false,
        );
        x += run.advance * size;
    }
}

/// The title a PDF reader shows for the file: the plan's, without its bold markers. A tagged PDF
/// must have one, so an untitled plan is called that.
fn metadata_title(title: &str) -> String {
    let plain = crate::markup::plain(title);
    match plain.trim() {
        "" => "Untitled plan".to_string(),
        title => title.to_string(),
    }
}

fn draw_picture(surface: &mut Surface, picture: &Picture, (x, y, w, h): (f32, f32, f32, f32)) {
    let Some(size) = krilla::geom::Size::from_wh(w, h) else {
        return;
    };
    surface.push_transform(&krilla::geom::Transform::from_translate(x, y));
    match picture {
        Picture::Raster(image) => surface.draw_image(image.clone(), size),
        Picture::Svg(tree) => {
            use krilla_svg::SurfaceExt;
            surface.draw_svg(tree, size, krilla_svg::SvgSettings::default());
        }
    }
    surface.pop();
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
