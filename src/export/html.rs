//! One self-contained HTML file with print CSS. Every value from a file is escaped; the page
//! has no scripts and loads nothing.

use super::document::{Block, Document};
use super::{ExportOptions, Paper, links};
use crate::config::ImageKind;
use crate::markup;

pub fn write(document: &Document, options: &ExportOptions) -> String {
    let mut body = String::new();
    for section in &document.sections {
        body.push_str(&format!(
            "<section class=\"handout {}\" aria-label=\"{}\">\n",
            document.section_id(section),
            escape(document.section_label(section))
        ));
        blocks(&mut body, &section.blocks, &document.phones);
        body.push_str("</section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n{body}</main>\n\
         </body>\n</html>\n",
        escape(&document.language),
        escape(&markup::plain(&document.title)),
        css(options, document.landscape)
    )
}

/// Escapes the five characters that could end text and start markup, and leaves out control
/// characters: they show nothing on paper, and an escape sequence in a file could reach the
/// terminal of whoever reads the file there.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Markdown-lite inline text: escaped runs, bold ones in `<strong>`, write-in blanks as lines.
fn inline(text: &str, phones: &[String]) -> String {
    markup::runs(text)
        .iter()
        .map(|run| {
            let text = with_blanks(run.text, phones);
            if run.bold {
                format!("<strong>{text}</strong>")
            } else {
                text
            }
        })
        .collect()
}

/// A write-in blank is a line to write on, as long as the underscores it replaces; a screen
/// reader says "blank" rather than spelling out the underscores.
fn with_blanks(text: &str, phones: &[String]) -> String {
    markup::segments(text)
        .into_iter()
        .map(|segment| match segment {
            markup::Segment::Text(text) => linked(text, phones),
            markup::Segment::Blank(count) => format!(
                "<span class=\"write-in\" role=\"img\" aria-label=\"blank\" \
                 style=\"width:{:.1}em\"></span>",
                count as f32 * 0.55
            ),
        })
        .collect()
}

/// Escaped text with its web and email addresses, and the help services' phone numbers, as
/// links (see [`links`]): a letter sent by email can be followed with a click or a tap.
fn linked(text: &str, phones: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for link in links::find(text, phones) {
        out.push_str(&escape(&text[at..link.range.start]));
        out.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            escape(&link.href),
            escape(&text[link.range.clone()])
        ));
        at = link.range.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

// Each block takes its direction from its own text (`dir="auto"`), so a paragraph in Arabic or
// Urdu reads right to left beside English ones.
fn blocks(out: &mut String, blocks: &[Block], phones: &[String]) {
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let level = level.clamp(&1, &6);
                out.push_str(&format!(
                    "<h{level} dir=\"auto\">{}</h{level}>\n",
                    inline(text, phones)
                ));
            }
            Block::Paragraph(text) => {
                out.push_str(&format!("<p dir=\"auto\">{}</p>\n", inline(text, phones)))
            }
            Block::Bullets(items) => list(out, items, "ul", "", phones),
            Block::Checklist(items) => list(out, items, "ul class=\"checklist\"", "☐ ", phones),
            Block::Table {
                header,
                rows,
                widths,
            } => {
                out.push_str("<table>\n<colgroup>");
                // Widths are relative: each column's share of their sum, as the PDF lays them.
                let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
                for width in widths {
                    out.push_str(&format!(
                        "<col style=\"width:{:.0}%\">",
                        width / total * 100.0
                    ));
                }
                out.push_str("</colgroup>\n<thead><tr>");
                for cell in header {
                    out.push_str(&format!(
                        "<th scope=\"col\" dir=\"auto\">{}</th>",
                        inline(cell, phones)
                    ));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        let lines: Vec<String> =
                            cell.split('\n').map(|line| inline(line, phones)).collect();
                        out.push_str(&format!("<td dir=\"auto\">{}</td>", lines.join("<br>")));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Panel {
                title,
                blocks: inner,
            } => {
                out.push_str(&format!(
                    "<aside class=\"panel\">\n<h3 class=\"panel-title\">{}</h3>\n",
                    inline(title, phones)
                ));
                self::blocks(out, inner, phones);
                out.push_str("</aside>\n");
            }
            Block::Signature {
                closing,
                name,
                role,
            } => {
                out.push_str(&format!(
                    "<div class=\"signature\">\n<p dir=\"auto\">{}</p>\n\
                     <div class=\"signature-space\" aria-hidden=\"true\"></div>\n\
                     <p dir=\"auto\"><strong>{}</strong></p>\n",
                    inline(closing, phones),
                    inline(name, phones)
                ));
                if let Some(role) = role {
                    out.push_str(&format!("<p dir=\"auto\">{}</p>\n", inline(role, phones)));
                }
                out.push_str("</div>\n");
            }
            Block::ReplySlip {
                title,
                lead,
                fields,
            } => {
                out.push_str(&format!(
                    "<section class=\"reply-slip\">\n<h2 dir=\"auto\">{}</h2>\n\
                     <p dir=\"auto\">{}</p>\n",
                    inline(title, phones),
                    inline(lead, phones)
                ));
                for field in fields {
                    out.push_str(&format!(
                        "<p class=\"field\" dir=\"auto\">{}: <span class=\"write-in\" \
                         role=\"img\" aria-label=\"blank\"></span></p>\n",
                        inline(field, phones)
                    ));
                }
                out.push_str("</section>\n");
            }
            Block::Cards(cards) => {
                out.push_str("<ul class=\"cards\">\n");
                for card in cards {
                    out.push_str(&format!("<li dir=\"auto\">{}</li>\n", inline(card, phones)));
                }
                out.push_str("</ul>\n");
            }
            Block::Chat {
                app,
                owner,
                messages,
            } => {
                out.push_str(&format!(
                    "<div class=\"chat\" role=\"log\" aria-label=\"{}\">\n",
                    escape(&format!("Messages on {owner}'s phone"))
                ));
                if let Some(app) = app {
                    out.push_str(&format!(
                        "<p class=\"chat-app\" dir=\"auto\">{}</p>\n",
                        inline(app, phones)
                    ));
                }
                for message in messages {
                    let side = if message.mine { "mine" } else { "theirs" };
                    out.push_str(&format!(
                        "<p class=\"message {side}\" dir=\"auto\"><span class=\"from\">{}:</span> \
                         <span class=\"text\">{}</span></p>\n",
                        inline(&message.from, phones),
                        inline(&message.text, phones)
                    ));
                }
                out.push_str("</div>\n");
            }
            Block::WritingLines { lines, tall } => {
                let class = if *tall { "writing tall" } else { "writing" };
                out.push_str(&format!(
                    "<div class=\"{class}\" role=\"img\" aria-label=\"{lines} lines to write on\">"
                ));
                for _ in 0..*lines {
                    out.push_str("<div class=\"line\"></div>");
                }
                out.push_str("</div>\n");
            }
            Block::CutLine => out.push_str("<hr class=\"cut\" aria-hidden=\"true\">\n"),
            // A browser cannot leave out a copy that would start a new page: one slip prints.
            Block::SpareCopy(_) => {}
            Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
            // Inside the file, so that it loads nothing from elsewhere; an SVG shown by `<img>`
            // runs no script it may hold.
            Block::Image(image) => {
                use base64::Engine;
                let mime = match image.kind {
                    ImageKind::Png => "image/png",
                    ImageKind::Jpeg => "image/jpeg",
                    ImageKind::Svg => "image/svg+xml",
                };
                out.push_str(&format!(
                    "<p class=\"logo\"><img src=\"data:{mime};base64,{}\" alt=\"{}\"></p>\n",
                    base64::engine::general_purpose::STANDARD.encode(image.data.as_slice()),
                    escape(&image.alt)
                ));
            }
            Block::InLanguage {
                language,
                blocks: inner,
            } => {
                out.push_str(&format!("<div lang=\"{}\">\n", escape(language)));
                self::blocks(out, inner, phones);
                out.push_str("</div>\n");
            }
        }
    }
}

fn list(out: &mut String, items: &[String], tag: &str, marker: &str, phones: &[String]) {
    out.push_str(&format!("<{tag}>\n"));
    for item in items {
        out.push_str(&format!(
            "<li dir=\"auto\">{marker}{}</li>\n",
            inline(item, phones)
        ));
    }
    let close = tag.split_whitespace().next().unwrap_or(tag);
    out.push_str(&format!("</{close}>\n"));
}

fn css(options: &ExportOptions, landscape: bool) -> String {
    let page = match options.paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    // A wide grid is printed across the page, and given the screen's width.
    let (orientation, measure) = if landscape {
        (" landscape", "72em")
    } else {
        ("", "48em")
    };
    let (size, leading) = if options.large_print {
        ("16pt", "1.6")
    } else {
        ("11pt", "1.4")
    };
    format!(
        "@page {{ size: {page}{orientation}; margin: 18mm;
  @bottom-center {{ content: \"Page \" counter(page) \" of \" counter(pages); font-size: 9pt; }} }}
html {{ font-family: \"Liberation Sans\", Arial, Helvetica, sans-serif; font-size: {size};
  line-height: {leading}; color: #111; background: #fff; }}
main {{ max-width: {measure}; margin: 0 auto; padding: 1em; }}
h1 {{ font-size: 1.8em; margin: 0 0 0.6em; border-bottom: 2px solid #333; }}
h2 {{ font-size: 1.35em; margin: 1.2em 0 0.4em; }}
h3 {{ font-size: 1.1em; margin: 1em 0 0.3em; }}
h1, h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
p, li {{ orphans: 3; widows: 3; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.5em 0; }}
th, td {{ border: 1px solid #555; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }}
th {{ background: #e6e6e6; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
.panel {{ border: 2px solid #333; border-radius: 4px; padding: 0.2em 1em 0.6em; margin: 1em 0;
  background: #f3f3f3; break-inside: avoid; page-break-inside: avoid; }}
.panel-title {{ margin-top: 0.6em; }}
.checklist {{ list-style: none; padding-left: 0.5em; }}
.signature {{ break-inside: avoid; margin-top: 1.2em; }}
.signature-space {{ height: 3em; }}
.reply-slip {{ break-inside: avoid; border-top: 2px dashed #333; margin-top: 2em; padding-top: 0.6em; }}
.reply-slip .field {{ display: flex; gap: 0.5em; margin: 1.1em 0 0; }}
.reply-slip .field .write-in {{ flex: 1; }}
.page-break {{ break-before: page; }}
.cards {{ list-style: none; padding: 0; display: grid; grid-template-columns: 1fr 1fr; gap: 0; }}
.cards li {{ border: 1.5px dashed #333; padding: 1em; min-height: 5em; font-size: 1.25em;
  break-inside: avoid; page-break-inside: avoid; }}
.chat {{ border: 2px solid #333; border-radius: 1.2em; padding: 0.8em 1em; max-width: 28em; margin: 1em auto; }}
.chat-app {{ text-align: center; font-weight: bold; border-bottom: 1px solid #999; margin: 0 0 0.6em; padding-bottom: 0.4em; }}
.message {{ max-width: 75%; border: 1px solid #777; border-radius: 0.9em; padding: 0.35em 0.8em; margin: 0.5em 0;
  background: #eee; break-inside: avoid; }}
.message.mine {{ margin-left: auto; background: #d6d6d6; }}
.message .from {{ display: block; font-size: 0.8em; font-weight: bold; }}
.writing .line {{ border-bottom: 1px solid #222; height: 2.2em; }}
.writing.tall .line {{ height: 3em; }}
.writing {{ margin-bottom: 0.8em; break-inside: avoid; }}
hr.cut {{ border: none; border-top: 2px dashed #333; margin: 1.5em 0; }}
.logo img {{ max-height: 2.2cm; max-width: 40%; }}
.write-in {{ display: inline-block; max-width: 100%; border-bottom: 1px solid #222; height: 1em; vertical-align: baseline; }}
.handout + .handout {{ break-before: page; page-break-before: always; }}
@media screen {{ .handout + .handout {{ border-top: 3px dashed #999; margin-top: 2em; padding-top: 1em; }} }}
"
    )
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn addresses_and_service_numbers_become_links_and_other_words_stay_text() {
        let phones = vec!["0800 1111".to_string()];
        assert_eq!(
            linked("Call 0800 1111 · www.childline.org.uk.", &phones),
            "Call <a href=\"tel:08001111\">0800 1111</a> · \
             <a href=\"https://www.childline.org.uk\">www.childline.org.uk</a>."
        );
        assert_eq!(
            linked("(help@nspcc.org.uk)", &[]),
            "(<a href=\"mailto:help@nspcc.org.uk\">help@nspcc.org.uk</a>)"
        );
        for plain in [
            "e.g. this",
            "Node.js",
            "a@b",
            "javascript:alert(1)",
            "1.5 hours",
            "0800 11112",
        ] {
            assert!(!linked(plain, &phones).contains("<a"), "{plain}");
        }
        assert_eq!(
            linked("https://x.example/?a=<b>", &[]),
            "<a href=\"https://x.example/?a=&lt;b\">https://x.example/?a=&lt;b</a>&gt;"
        );
    }

    #[test]
    fn table_columns_take_their_share_of_the_width() {
        let mut out = String::new();
        let table = Block::Table {
            header: vec!["Session".into(), "Date".into(), "Lesson".into()],
            rows: Vec::new(),
            widths: vec![1.0, 2.2, 4.0],
        };
        blocks(&mut out, &[table], &[]);
        assert!(
            out.contains(
                "<col style=\"width:14%\"><col style=\"width:31%\"><col style=\"width:56%\">"
            ),
            "{out}"
        );
    }
}
