//! Small pieces of English shared by the CLI and the planner.

/// `count(1, "item")` is "1 item", `count(2, "item")` "2 items": never "1 items". A large
/// count has its thousands marked: "50,000 modules".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", thousands(n))
    }
}

/// A count with its thousands marked, as a person reads a large one: 12,345.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn large_counts_have_their_thousands_marked() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(50000), "50,000");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(0, "item"), "0 items");
        assert_eq!(super::count(1, "item"), "1 item");
        assert_eq!(super::count(2, "module"), "2 modules");
        assert_eq!(super::count(50_072, "module"), "50,072 modules");
    }
}
