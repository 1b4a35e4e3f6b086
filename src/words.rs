//! Small pieces of English shared by the CLI and the planner.

/// `count(1, "item")` is "1 item", `count(2, "item")` "2 items": never "1 items".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(0, "item"), "0 items");
        assert_eq!(super::count(1, "item"), "1 item");
        assert_eq!(super::count(2, "module"), "2 modules");
    }
}
