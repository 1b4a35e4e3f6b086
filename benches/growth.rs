//! Growth checks for long unbroken text, which a library of any size can hold: a plan title
//! printed in headings and every page footer, and a word the planner wraps across many lines.
//! Each times the same work on 1k, 2k, 4k and 8k characters and reports time(8k) / time(1k):
//! work that grows in step with its input stays near or under 8x, where work that grows with
//! the square of it would reach about 64x. Run with `cargo bench --bench growth`; the speed of
//! whole libraries is measured by `cargo bench --bench scale`. Misses are reported, never fail
//! the run.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lessonplan::export::{self, ExportOptions, Format};
use lessonplan::library::{self, Date, LibrarySource, LoadOptions};

/// Median of `runs`, so that one disturbed run neither hides nor causes a miss.
fn median_of<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Input sizes for the growth checks, in characters.
const GROWTH_SIZES: [usize; 4] = [1_000, 2_000, 4_000, 8_000];
/// time(8k) / time(1k) for work that grows linearly with its input.
const GROWTH_TARGET: f64 = 8.0;

/// Unbroken text of `length` characters, as a pasted link or a held-down key makes.
fn unbroken_text(length: usize) -> String {
    "abcdefghijklmnopqrstuvwxyz"
        .chars()
        .cycle()
        .take(length)
        .collect()
}

/// Times `work` at each of [`GROWTH_SIZES`] and reports how much longer the largest took than
/// the smallest.
fn growth(name: &str, runs: usize, mut work: impl FnMut(usize)) -> bool {
    let times: Vec<Duration> = GROWTH_SIZES
        .iter()
        .map(|&size| median_of(runs, || work(size)))
        .collect();
    let ms: Vec<String> = GROWTH_SIZES
        .iter()
        .zip(&times)
        .map(|(size, took)| format!("{}k {:.2} ms", size / 1000, took.as_secs_f64() * 1000.0))
        .collect();
    let smallest = times[0].as_secs_f64().max(1e-9);
    let ratio = times[times.len() - 1].as_secs_f64() / smallest;
    let met = ratio <= GROWTH_TARGET;
    println!(
        "{name:<46} {ratio:>9.2} x   (target {GROWTH_TARGET:>6.1} x)  {}  [{}]",
        if met { "ok" } else { "MISSED" },
        ms.join(", ")
    );
    met
}

fn main() {
    let options = LoadOptions {
        today: Date {
            year: 2026,
            month: 12,
            day: 2,
        },
        ..LoadOptions::default()
    };
    let bundled_library = library::load(&[LibrarySource::Bundled], &options);
    let module = bundled_library.modules[0].id.clone();
    let mut all_met = growth(
        "growth: export a PDF, title of 1k to 8k chars",
        3,
        |length| {
            let mut plan = lessonplan::plan::Plan::new(unbroken_text(length));
            plan.add(module.clone());
            let pdf = ExportOptions {
                format: Format::Pdf,
                ..ExportOptions::default()
            };
            black_box(export::render(&plan, &bundled_library, &pdf)).ok();
        },
    );
    all_met &= growth("growth: wrap a word of 1k to 8k chars", 21, |length| {
        let line = ratatui::text::Line::from(unbroken_text(length));
        black_box(lessonplan::tui::ui::text::wrap(vec![line], 40));
    });
    if !all_met {
        println!("some growth targets were missed");
    }
}
