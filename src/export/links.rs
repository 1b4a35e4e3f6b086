//! Which words of a handout are links: web and email addresses wherever they appear, and the
//! phone numbers of the help services and the school. Letters are emailed and handouts read on
//! screens, so each writer makes these clickable; only `https:`/`http:`, `mailto:` and `tel:`
//! links are ever made, so nothing a file says can become a script or a remote image.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where the link's text is, in bytes of the text searched.
    pub range: Range<usize>,
    pub href: String,
}

/// What a screen reader says a link to `href` does.
pub fn describe(href: &str) -> String {
    match href.strip_prefix("tel:") {
        Some(number) => format!("Call {number}"),
        None => match href.strip_prefix("mailto:") {
            Some(address) => format!("Email {address}"),
            None => format!("Open {href}"),
        },
    }
}

/// The numbers to dial in a phone field: "999 (emergency) or 101 (non-emergency)" gives `999`
/// and `101`; "0808 800 5000" stays whole.
pub fn phone_numbers(field: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut current = String::new();
    let mut finish = |current: &mut String| {
        let number = current.trim().to_string();
        if number.chars().filter(char::is_ascii_digit).count() >= 3 {
            numbers.push(number);
        }
        current.clear();
    };
    for c in field.chars() {
        let starts = current.trim().is_empty();
        if c.is_ascii_digit() || (c == '+' && starts) || (!starts && matches!(c, ' ' | '-')) {
            current.push(c);
        } else {
            finish(&mut current);
        }
    }
    finish(&mut current);
    numbers
}

/// The links in `text`, in order, not overlapping. `phones` are the numbers to link where they
/// appear whole (not inside a longer number).
pub fn find(text: &str, phones: &[String]) -> Vec<Link> {
    let mut links = addresses(text);
    for phone in phones {
        for (at, _) in text.match_indices(phone.as_str()) {
            let end = at + phone.len();
            let digit_before = text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit());
            let digit_after = text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit());
            let taken = links
                .iter()
                .any(|l| l.range.start < end && at < l.range.end);
            if !digit_before && !digit_after && !taken {
                let dial: String = phone
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect();
                links.push(Link {
                    range: at..end,
                    href: format!("tel:{dial}"),
                });
            }
        }
    }
    links.sort_by_key(|l| l.range.start);
    links
}

/// Web and email addresses, word by word.
fn addresses(text: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += word.len();
        let word = word.trim_end_matches(char::is_whitespace);
        // Punctuation that ends a sentence or a bracket is not part of the address.
        let core = word.trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?', '>']);
        let (lead, core) = match core.strip_prefix(['(', '[', '<']) {
            Some(inner) => (1, inner),
            None => (0, core),
        };
        if let Some(href) = target(core) {
            links.push(Link {
                range: start + lead..start + lead + core.len(),
                href,
            });
        }
    }
    links
}

/// Where a word links to, if it is a web or email address.
fn target(word: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, phones: &[&str]) -> Vec<(String, String)> {
        let phones: Vec<String> = phones.iter().map(|p| p.to_string()).collect();
        find(text, &phones)
            .into_iter()
            .map(|l| (text[l.range].to_string(), l.href))
            .collect()
    }

    #[test]
    fn web_and_email_addresses_are_found_without_their_punctuation() {
        assert_eq!(
            found("See www.childline.org.uk, or (help@nspcc.org.uk).", &[]),
            [
                (
                    "www.childline.org.uk".into(),
                    "https://www.childline.org.uk".into()
                ),
                (
                    "help@nspcc.org.uk".into(),
                    "mailto:help@nspcc.org.uk".into()
                ),
            ]
        );
        assert_eq!(
            found("Talk to <counsellor@school.example>", &[]),
            [(
                "counsellor@school.example".into(),
                "mailto:counsellor@school.example".into()
            )]
        );
        assert!(found("e.g. Node.js, javascript:alert(1) and ftp://x", &[]).is_empty());
    }

    #[test]
    fn only_the_given_phone_numbers_are_linked_and_only_whole() {
        let text = "Call 0800 1111 or 999 now; 19990 and 2 December 2026 are not numbers to dial.";
        assert_eq!(
            found(text, &["0800 1111", "999"]),
            [
                ("0800 1111".into(), "tel:08001111".into()),
                ("999".into(), "tel:999".into()),
            ]
        );
        assert_eq!(
            found("Ring +353 1 234 5678.", &["+353 1 234 5678"]),
            [("+353 1 234 5678".into(), "tel:+35312345678".into())]
        );
    }

    #[test]
    fn a_phone_field_gives_the_numbers_to_dial() {
        assert_eq!(
            phone_numbers("999 (emergency) or 101 (non-emergency)"),
            ["999", "101"]
        );
        assert_eq!(phone_numbers("0808 800 5000"), ["0808 800 5000"]);
        assert_eq!(phone_numbers("Text SHOUT to 85258"), ["85258"]);
        assert_eq!(phone_numbers("+61 1800 55 1800"), ["+61 1800 55 1800"]);
        assert!(phone_numbers("none").is_empty());
    }

    #[test]
    fn descriptions_say_what_the_link_does() {
        assert_eq!(describe("tel:999"), "Call 999");
        assert_eq!(describe("mailto:a@b.uk"), "Email a@b.uk");
        assert_eq!(
            describe("https://www.childline.org.uk"),
            "Open https://www.childline.org.uk"
        );
    }
}
