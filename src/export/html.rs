//! One self-contained HTML file with print CSS. Every value from a file is escaped; the page
//! has no scripts and loads nothing.

use super::document::{Block, Document};
use super::{ExportOptions, Paper};
use crate::markup;

pub fn write(document: &Document, options: &ExportOptions) -> String {
    let mut body = String::new();
    for section in &document.sections {
        body.push_str(&format!(
            "<section class=\"handout {}\" aria-label=\"{}\">\n",
            section.handout.id(),
            escape(section.handout.label())
        ));
        blocks(&mut body, &section.blocks);
        body.push_str("</section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n{body}</main>\n\
         </body>\n</html>\n",
        escape(&document.language),
        escape(&markup::plain(&document.title)),
        css(options)
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

/// Markdown-lite inline text: escaped runs, bold ones in `<strong>`.
fn inline(text: &str) -> String {
    markup::runs(text)
        .iter()
        .map(|run| {
            if run.bold {
                format!("<strong>{}</strong>", escape(run.text))
            } else {
                escape(run.text)
            }
        })
        .collect()
}

fn blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let level = level.clamp(&1, &6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", inline(text)));
            }
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", inline(text))),
            Block::Bullets(items) => list(out, items, "ul", ""),
            Block::Checklist(items) => list(out, items, "ul class=\"checklist\"", "☐ "),
            Block::Table {
                header,
                rows,
                widths,
            } => {
                out.push_str("<table>\n<colgroup>");
                for width in widths {
                    out.push_str(&format!("<col style=\"width:{:.0}%\">", width * 100.0));
                }
                out.push_str("</colgroup>\n<thead><tr>");
                for cell in header {
                    out.push_str(&format!("<th scope=\"col\">{}</th>", inline(cell)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str(&format!("<td>{}</td>", inline(cell)));
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
                    inline(title)
                ));
                self::blocks(out, inner);
                out.push_str("</aside>\n");
            }
        }
    }
}

fn list(out: &mut String, items: &[String], tag: &str, marker: &str) {
    out.push_str(&format!("<{tag}>\n"));
    for item in items {
        out.push_str(&format!("<li>{marker}{}</li>\n", inline(item)));
    }
    let close = tag.split_whitespace().next().unwrap_or(tag);
    out.push_str(&format!("</{close}>\n"));
}

fn css(options: &ExportOptions) -> String {
    let page = match options.paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    let (size, leading) = if options.large_print {
        ("16pt", "1.6")
    } else {
        ("11pt", "1.4")
    };
    format!(
        "@page {{ size: {page}; margin: 18mm;
  @bottom-center {{ content: \"Page \" counter(page) \" of \" counter(pages); font-size: 9pt; }} }}
html {{ font-family: \"Liberation Sans\", Arial, Helvetica, sans-serif; font-size: {size};
  line-height: {leading}; color: #111; background: #fff; }}
main {{ max-width: 48em; margin: 0 auto; padding: 1em; }}
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
.handout + .handout {{ break-before: page; page-break-before: always; }}
@media screen {{ .handout + .handout {{ border-top: 3px dashed #999; margin-top: 2em; padding-top: 1em; }} }}
"
    )
}
