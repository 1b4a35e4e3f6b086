//! The page model: a handout cut into pages, and the typesetting rules that decide the cuts.
//!
//! It knows nothing of fonts or PDF. A writer measures its text into [`Unit`]s (a line, a table
//! row, a whole box) with their heights and [`Role`]s; [`paginate`] places them on pages so that
//! no heading is stranded, no paragraph leaves a lone line on either side of a break, no table
//! row is split (its header repeats overleaf), no box is split or left alone, and no page is
//! nearly empty when a better cut exists. Tests check these rules on the model itself.

/// What a unit is, for the breaking rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A line of a heading: never the last thing on a page; it keeps with two lines of what
    /// follows, or all of it when less follows before the next heading.
    Heading,
    /// A line of running text. Lines of one paragraph or list item share `group`; a break inside
    /// a group leaves at least two of its lines on each side.
    Line { group: usize },
    /// A table row, never split. The header row keeps with the first row and is repeated at the
    /// top of each page the table continues on.
    Row { table: usize, header: bool },
    /// A box kept whole: a help box, a signature block, a reply slip.
    Boxed,
}

#[derive(Debug, Clone)]
pub struct Unit<C> {
    pub role: Role,
    pub height: f32,
    /// Space above; dropped at the top of a page, and halved on a page squeezed to keep a box.
    pub space_before: f32,
    /// Starts a new page (e.g. each session of a teacher plan, when asked for).
    pub page_break_before: bool,
    /// A spare copy of what comes before (another exit ticket slip): left out where it would
    /// start a page.
    pub spare: bool,
    /// What the writer draws; the model never looks inside.
    pub content: C,
}

impl<C> Unit<C> {
    pub fn new(role: Role, height: f32, content: C) -> Unit<C> {
        Unit {
            role,
            height,
            space_before: 0.0,
            page_break_before: false,
            spare: false,
            content,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Placed<C> {
    /// Top of the unit, from the top of the page's text area.
    pub y: f32,
    pub unit: Unit<C>,
    /// A copy of a table's header row at the top of a continued page: drawn, but not new text
    /// (a screen reader has already heard it).
    pub repeated: bool,
}

#[derive(Debug, Clone)]
pub struct Page<C> {
    pub placed: Vec<Placed<C>>,
}

impl<C> Page<C> {
    /// How far down the page the content reaches.
    pub fn used(&self) -> f32 {
        self.placed
            .last()
            .map_or(0.0, |last| last.y + last.unit.height)
    }
}

/// A page less full than this is "nearly empty": allowed only as a run's only page.
pub const LEAST_FILL: f32 = 0.25;
/// How much of the space between blocks a page may give up to keep a box or save a page.
const SQUEEZE: f32 = 0.5;

/// What the page breaker weighs, in one currency: a page costs [`PAGE`], so fewer pages win;
/// then a squeezed page, then space left at the foot of a page before the last. A page that
/// breaks a rule costs far more than any amount of paper.
const PAGE: f32 = 100.0;
const SQUEEZED: f32 = 60.0;
const SLACK: f32 = 10.0;
const POOR_PAGE: f32 = 1_000.0;
const ILLEGAL_BREAK: f32 = 10_000.0;

/// Places one handout's units on pages of `room` points of text height. The handout starts on
/// a new page; every unit appears once, in order (header rows may also appear as repeats).
pub fn paginate<C: Clone>(units: Vec<Unit<C>>, room: f32) -> Vec<Page<C>> {
    let mut pages = Vec::new();
    let mut start = 0;
    // Forced breaks cut the handout into runs, each paginated on its own.
    for end in 1..=units.len() {
        if end == units.len() || units[end].page_break_before {
            let run = &units[start..end];
            if run.iter().any(|u| u.spare) {
                let (run, cuts) = without_spares_that_start_a_page(run.to_vec(), room);
                pages.extend(cuts.iter().map(|page| place(&run, page)));
            } else {
                pages.extend(run_pages(run, room).iter().map(|page| place(run, page)));
            }
            start = end;
        }
    }
    pages
}

/// The run with no spare copy opening a page, and its pages: while one would, the last of its
/// spares is left out (so that as many copies as fit stay) and the run is paged again.
fn without_spares_that_start_a_page<C>(
    mut run: Vec<Unit<C>>,
    room: f32,
) -> (Vec<Unit<C>>, Vec<PageRange>) {
    loop {
        let cuts = run_pages(&run, room);
        let opens = cuts
            .iter()
            .map(|page| page.start)
            .find(|&start| run.get(start).is_some_and(|u| u.spare));
        let Some(first) = opens else {
            return (run, cuts);
        };
        let last = (first..run.len())
            .take_while(|&at| run[at].spare)
            .last()
            .unwrap_or(first);
        run.remove(last);
    }
}

/// Which units a page holds: a range of the run, with or without a repeated header row first,
/// and whether its gaps are squeezed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PageRange {
    start: usize,
    end: usize,
    header: Option<usize>,
    squeezed: bool,
}

/// The cheapest set of cuts for a run, found over every legal cut (dynamic programming over
/// cut positions, as a paragraph breaker does over line breaks). Each page only looks back as
/// far as a page can hold, so this is linear in the run's length for a given page size.
fn run_pages<C>(units: &[Unit<C>], room: f32) -> Vec<PageRange> {
    let count = units.len();
    if count == 0 {
        return Vec::new();
    }
    let sums = Sums::new(units);
    // best[i]: the cheapest layout of units[..i] with a cut at i, and its last page.
    let mut best: Vec<Option<(f32, PageRange)>> = vec![None; count + 1];
    best[0] = Some((
        0.0,
        PageRange {
            start: 0,
            end: 0,
            header: None,
            squeezed: false,
        },
    ));
    for end in 1..=count {
        let cut_cost = if end == count || can_break(units, end) {
            0.0
        } else {
            ILLEGAL_BREAK
        };
        let mut choice: Option<(f32, PageRange)> = None;
        for start in (0..end).rev() {
            let Some((before, _)) = best[start] else {
                continue;
            };
            let header = repeated_header(units, start);
            let full = sums.height(units, start, end, header, 1.0);
            let squeezed = sums.height(units, start, end, header, SQUEEZE);
            let alone = end == start + 1;
            if squeezed > room && !alone {
                break;
            }
            let fits = full <= room || alone;
            let used = if fits { full } else { squeezed };
            let page = PageRange {
                start,
                end,
                header,
                squeezed: !fits,
            };
            let mut cost = before + cut_cost + PAGE;
            if !fits {
                cost += SQUEEZED;
            }
            let only_page = start == 0 && end == count;
            if !only_page && is_poor(units, page, used, room) {
                cost += POOR_PAGE;
            }
            if end < count {
                let slack = ((room - used) / room).max(0.0);
                cost += SLACK * slack * slack;
            }
            if choice.is_none_or(|(c, _)| cost < c) {
                choice = Some((cost, page));
            }
        }
        best[end] = choice;
    }
    let mut pages = Vec::new();
    let mut end = count;
    while end > 0 {
        let Some((_, page)) = best[end] else {
            break;
        };
        pages.push(page);
        end = page.start;
    }
    pages.reverse();
    pages
}

/// Prefix sums of heights and gaps, so that any page's height is found in constant time.
struct Sums {
    heights: Vec<f32>,
    gaps: Vec<f32>,
}

impl Sums {
    fn new<C>(units: &[Unit<C>]) -> Sums {
        let mut heights = vec![0.0];
        let mut gaps = vec![0.0];
        for unit in units {
            heights.push(heights.last().copied().unwrap_or(0.0) + unit.height);
            gaps.push(gaps.last().copied().unwrap_or(0.0) + unit.space_before);
        }
        Sums { heights, gaps }
    }

    /// The height of units `start..end` on one page, with a repeated header first and the gaps
    /// scaled; the first unit's gap is dropped unless a header sits above it.
    fn height<C>(
        &self,
        units: &[Unit<C>],
        start: usize,
        end: usize,
        header: Option<usize>,
        scale: f32,
    ) -> f32 {
        let mut gaps = self.gaps[end] - self.gaps[start + 1];
        let mut height = self.heights[end] - self.heights[start];
        if let Some(header) = header {
            height += units[header].height;
            gaps += units[start].space_before;
        }
        height + gaps * scale
    }
}

/// A page that is nearly empty, or holds nothing but one box.
fn is_poor<C>(units: &[Unit<C>], page: PageRange, used: f32, room: f32) -> bool {
    let lone_box = page.end - page.start == 1 && units[page.start].role == Role::Boxed;
    lone_box || used < room * LEAST_FILL
}

/// The header row to repeat on a page that starts at `start` inside a table.
fn repeated_header<C>(units: &[Unit<C>], start: usize) -> Option<usize> {
    let Role::Row {
        table,
        header: false,
    } = units.get(start)?.role
    else {
        return None;
    };
    (0..start).rev().find(|&at| {
        units[at].role
            == Role::Row {
                table,
                header: true,
            }
    })
}

/// May a page end just before unit `at`?
fn can_break<C>(units: &[Unit<C>], at: usize) -> bool {
    if at == 0 || at >= units.len() {
        return true;
    }
    let (before, after) = (&units[at - 1], &units[at]);
    match (before.role, after.role) {
        (Role::Heading, _) => return false,
        (Role::Row { header: true, .. }, _) => return false,
        (Role::Line { group: a }, Role::Line { group: b }) if a == b => {
            let lines_before = units[..at]
                .iter()
                .rev()
                .take_while(|u| u.role == before.role)
                .count();
            let lines_after = units[at..]
                .iter()
                .take_while(|u| u.role == after.role)
                .count();
            if lines_before < 2 || lines_after < 2 {
                return false;
            }
        }
        _ => {}
    }
    // A heading keeps two lines of what follows it, or all of it when less follows.
    if after.role != Role::Heading {
        let mut weight = 0;
        for unit in units[..at].iter().rev() {
            weight += match unit.role {
                Role::Heading => return weight >= 2,
                Role::Line { .. } | Role::Row { header: false, .. } => 1,
                Role::Row { header: true, .. } => 0,
                Role::Boxed => 2,
            };
            if weight >= 2 {
                break;
            }
        }
    }
    true
}

fn place<C: Clone>(units: &[Unit<C>], page: &PageRange) -> Page<C> {
    let scale = if page.squeezed { SQUEEZE } else { 1.0 };
    let mut placed = Vec::new();
    let mut y = 0.0;
    if let Some(header) = page.header {
        let unit = units[header].clone();
        y += unit.height;
        placed.push(Placed {
            y: 0.0,
            unit,
            repeated: true,
        });
    }
    for unit in &units[page.start..page.end] {
        if !placed.is_empty() {
            y += unit.space_before * scale;
        }
        placed.push(Placed {
            y,
            unit: unit.clone(),
            repeated: false,
        });
        y += unit.height;
    }
    Page { placed }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units labelled by what they are, for reading pages back.
    fn heading(label: &str) -> Unit<String> {
        Unit::new(Role::Heading, 20.0, label.to_string())
    }

    fn paragraph(group: usize, lines: usize) -> Vec<Unit<String>> {
        (0..lines)
            .map(|n| {
                let mut unit = Unit::new(Role::Line { group }, 10.0, format!("p{group}.{n}"));
                if n == 0 {
                    unit.space_before = 5.0;
                }
                unit
            })
            .collect()
    }

    fn labels(pages: &[Page<String>]) -> Vec<Vec<String>> {
        pages
            .iter()
            .map(|p| p.placed.iter().map(|u| u.unit.content.clone()).collect())
            .collect()
    }

    #[test]
    fn everything_fits_on_one_page_in_order() {
        let mut units = vec![heading("h")];
        units.extend(paragraph(1, 3));
        let pages = paginate(units, 100.0);
        assert_eq!(labels(&pages), [["h", "p1.0", "p1.1", "p1.2"]]);
        assert_eq!(pages[0].used(), 55.0);
    }

    #[test]
    fn a_paragraph_split_leaves_two_lines_on_each_side() {
        // Room for the heading and three lines: a cut after the third line would leave one.
        let mut units = vec![heading("h")];
        units.extend(paragraph(1, 4));
        let pages = paginate(units, 60.0);
        assert_eq!(
            labels(&pages),
            [vec!["h", "p1.0", "p1.1"], vec!["p1.2", "p1.3"]]
        );
    }

    #[test]
    fn a_heading_is_never_the_last_thing_on_a_page() {
        let mut units = paragraph(1, 4);
        units.push(heading("h"));
        units.extend(paragraph(2, 4));
        // The heading fits after the first paragraph, but its lines do not.
        let pages = paginate(units, 75.0);
        let first = &labels(&pages)[0];
        assert_eq!(first.last().unwrap(), "p1.3");
        assert_eq!(labels(&pages)[1][0], "h");
    }

    #[test]
    fn a_heading_keeps_two_lines_of_what_follows() {
        let mut units = paragraph(1, 4);
        units.push(heading("h"));
        units.extend(paragraph(2, 2));
        units.extend(paragraph(3, 2));
        // Room for the heading and one more line on the first page only.
        let pages = paginate(units, 85.0);
        assert_eq!(labels(&pages)[1][..3], ["h", "p2.0", "p2.1"]);
    }

    #[test]
    fn a_table_header_keeps_with_a_row_and_repeats_overleaf() {
        let mut units = paragraph(1, 2);
        units.push(Unit::new(
            Role::Row {
                table: 7,
                header: true,
            },
            15.0,
            "head".to_string(),
        ));
        for n in 0..6 {
            units.push(Unit::new(
                Role::Row {
                    table: 7,
                    header: false,
                },
                15.0,
                format!("row{n}"),
            ));
        }
        let pages = paginate(units, 80.0);
        let labels = labels(&pages);
        assert_eq!(labels[0], ["p1.0", "p1.1", "head", "row0", "row1", "row2"]);
        assert_eq!(labels[1], ["head", "row3", "row4", "row5"]);
        assert!(pages[1].placed[0].repeated);
        assert!(!pages[0].placed[2].repeated);
    }

    #[test]
    fn a_box_stays_by_squeezing_the_gaps_above_it() {
        let mut units = Vec::new();
        for group in 0..4 {
            units.extend(paragraph(group, 2));
        }
        let mut help = Unit::new(Role::Boxed, 30.0, "box".to_string());
        help.space_before = 10.0;
        units.push(help);
        // 80 of lines + 15 + 10 of gaps + 30 of box = 135; squeezed gaps make 122.5.
        let pages = paginate(units, 125.0);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].used(), 122.5);
    }

    #[test]
    fn a_box_is_not_left_alone_on_the_last_page() {
        let mut units = paragraph(1, 10);
        units.push(Unit::new(Role::Boxed, 40.0, "box".to_string()));
        let pages = paginate(units, 105.0);
        let labels = labels(&pages);
        assert_eq!(labels.len(), 2);
        assert_eq!(labels[1].last().unwrap(), "box");
        assert!(labels[1].len() >= 3, "{labels:?}");
        assert!(labels[0].len() >= 2);
    }

    #[test]
    fn spare_copies_fill_the_page_and_none_starts_a_new_one() {
        let slip = |label: &str, spare: bool| {
            let mut unit = Unit::new(Role::Boxed, 30.0, label.to_string());
            unit.spare = spare;
            unit
        };
        let sheet = |room: f32| {
            let units = vec![
                heading("h"),
                slip("slip", false),
                slip("copy 2", true),
                slip("copy 3", true),
            ];
            labels(&paginate(units, room))
        };
        assert_eq!(sheet(120.0), [["h", "slip", "copy 2", "copy 3"]]);
        assert_eq!(sheet(90.0), [["h", "slip", "copy 2"]]);
        assert_eq!(sheet(55.0), [["h", "slip"]]);
        // What follows a forced break is not a spare, and still prints.
        let mut units = vec![heading("h"), slip("slip", false), slip("copy 2", true)];
        let mut next = heading("next");
        next.page_break_before = true;
        units.push(next);
        assert_eq!(
            labels(&paginate(units, 55.0)),
            [vec!["h", "slip"], vec!["next"]]
        );
    }

    #[test]
    fn a_nearly_empty_last_page_takes_lines_from_the_page_before() {
        // 12 lines on pages of 10: greedily the last page would hold 2 lines (20%).
        let mut units = Vec::new();
        for group in 0..6 {
            units.extend(paragraph(group, 2));
        }
        for unit in &mut units {
            unit.space_before = 0.0;
        }
        let pages = paginate(units, 100.0);
        assert_eq!(pages.len(), 2);
        assert!(pages[1].used() >= 25.0, "{:?}", labels(&pages));
    }

    #[test]
    fn forced_breaks_start_new_pages_and_every_unit_appears_once() {
        let mut units = vec![heading("a")];
        units.extend(paragraph(1, 3));
        let mut second = heading("b");
        second.page_break_before = true;
        units.push(second);
        units.extend(paragraph(2, 3));
        let pages = paginate(units, 500.0);
        assert_eq!(labels(&pages).len(), 2);
        assert_eq!(labels(&pages)[1][0], "b");
        assert_eq!(pages[1].placed[0].y, 0.0);
    }

    #[test]
    fn a_unit_taller_than_the_page_gets_a_page_of_its_own() {
        let mut units = paragraph(1, 2);
        units.push(Unit::new(Role::Boxed, 500.0, "huge".to_string()));
        units.extend(paragraph(2, 2));
        let pages = paginate(units, 100.0);
        let all: Vec<String> = labels(&pages).concat();
        assert_eq!(all, ["p1.0", "p1.1", "huge", "p2.0", "p2.1"]);
    }
}
