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
                format!("<strong>{}</strong>", linked(run.text))
            } else {
                linked(run.text)
            }
        })
        .collect()
}

/// Escaped text with its web addresses and email addresses as links, so a letter sent by email
/// can be followed with a click. Only `https:`/`http:` and `mailto:` links are ever made.
fn linked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        out.push_str(&escape(&rest[..start]));
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        // Punctuation that ends a sentence or a bracket is not part of the address.
        let core = word.trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?']);
        let (lead, core) = match core.strip_prefix(['(', '[']) {
            Some(inner) => (&core[..1], inner),
            None => ("", core),
        };
        match link_target(core) {
            Some(href) => {
                out.push_str(&escape(lead));
                out.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&href),
                    escape(core)
                ));
                out.push_str(&escape(&word[lead.len() + core.len()..]));
            }
            None => out.push_str(&escape(word)),
        }
        rest = &rest[end..];
    }
    out
}

/// Where a word links to, if it is a web or email address.
fn link_target(word: &str) -> Option<String> {
    if word.starts_with("https://") || word.starts_with("http://") {
        return (word.len() > "https://".len()).then(|| word.to_string());
    }
    if let Some((name, domain)) = word.split_once('@') {
        let name_ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
        return (name_ok && is_domain(domain)).then(|| format!("mailto:{word}"));
    }
    let (host, _) = word.split_once('/').unwrap_or((word, ""));
    is_domain(host).then(|| format!("https://{word}"))
}

/// `www.childline.org.uk`, `report.cybertip.org`: labels of letters, digits and hyphens ending in
/// a common top-level domain (so "e.g." or "Node.js" are not taken for addresses).
fn is_domain(host: &str) -> bool {
    const ENDINGS: [&str; 13] = [
        "com", "org", "net", "uk", "ie", "au", "nz", "us", "gov", "edu", "info", "io", "example",
    ];
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| ENDINGS.contains(&tld.to_ascii_lowercase().as_str()))
}

// Each block takes its direction from its own text (`dir="auto"`), so a paragraph in Arabic or
// Urdu reads right to left beside English ones.
fn blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let level = level.clamp(&1, &6);
                out.push_str(&format!(
                    "<h{level} dir=\"auto\">{}</h{level}>\n",
                    inline(text)
                ));
            }
            Block::Paragraph(text) => {
                out.push_str(&format!("<p dir=\"auto\">{}</p>\n", inline(text)))
            }
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
                    out.push_str(&format!(
                        "<th scope=\"col\" dir=\"auto\">{}</th>",
                        inline(cell)
                    ));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str(&format!("<td dir=\"auto\">{}</td>", inline(cell)));
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
            Block::InLanguage {
                language,
                blocks: inner,
            } => {
                out.push_str(&format!("<div lang=\"{}\">\n", escape(language)));
                self::blocks(out, inner);
                out.push_str("</div>\n");
            }
        }
    }
}

fn list(out: &mut String, items: &[String], tag: &str, marker: &str) {
    out.push_str(&format!("<{tag}>\n"));
    for item in items {
        out.push_str(&format!("<li dir=\"auto\">{marker}{}</li>\n", inline(item)));
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

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn web_and_email_addresses_become_links_and_other_words_stay_text() {
        assert_eq!(
            linked("Call 0800 1111 · www.childline.org.uk."),
            "Call 0800 1111 · <a href=\"https://www.childline.org.uk\">www.childline.org.uk</a>."
        );
        assert_eq!(
            linked("(help@nspcc.org.uk)"),
            "(<a href=\"mailto:help@nspcc.org.uk\">help@nspcc.org.uk</a>)"
        );
        assert_eq!(
            linked("report.cybertip.org/faqs"),
            "<a href=\"https://report.cybertip.org/faqs\">report.cybertip.org/faqs</a>"
        );
        for plain in [
            "e.g. this",
            "Node.js",
            "a@b",
            "javascript:alert(1)",
            "1.5 hours",
        ] {
            assert!(!linked(plain).contains("<a"), "{plain}");
        }
        assert_eq!(
            linked("https://x.example/?a=<b>"),
            "<a href=\"https://x.example/?a=&lt;b&gt;\">https://x.example/?a=&lt;b&gt;</a>"
        );
    }
}
