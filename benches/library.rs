//! Speed targets for the work a teacher waits on: loading libraries, filtering as they type,
//! drawing a frame and printing handouts. Run with `cargo bench`; each line says whether its
//! target was met, and the run fails if one was missed.
//!
//! A synthetic school library of 2,000 modules stands in for a large trust's shared library, and
//! 5,000 copies of the bundled modules for the largest library search must stay fast in.
//!
//! Growth checks time the same work on 1k, 2k, 4k and 8k characters of text (a plan title, a word
//! to wrap) and report time(8k) / time(1k): work that grows in step with its input stays near or
//! under 8x, where work that grows with the square of it would reach about 64x.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lessonplan::library::{self, Date, LibrarySource, LoadOptions, Module};
use lessonplan::search::{Filter, Searcher};
use lessonplan::tui::action::Action;
use lessonplan::tui::app::App;
use lessonplan::tui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const MODULES: usize = 2_000;
/// The library size search must stay fast for.
const LARGE: usize = 5_000;

fn synthetic_library(dir: &std::path::Path) {
    let bands = ["4-7", "7-11", "11-14", "14-18"];
    let strands = [
        "online-relationships",
        "privacy-and-security",
        "online-bullying",
        "online-reputation",
    ];
    for i in 0..MODULES {
        let text = format!(
            r#"id = "module-{i}"
title = "Staying safe online, part {i}"
age_band = "{band}"
strands = ["{strand}"]
duration_minutes = 50
summary = "Pupils practise spotting risks and telling a trusted adult, lesson {i}."
sensitivity = "standard"
last_reviewed = 2026-09-01
keywords = ["safety", "help", "trusted adult", "word{i}"]
objectives = ["I can name a trusted adult.", "I can explain how to report."]
signposting = ["childline"]

[[vocabulary]]
term = "Report"
definition = "Tell a website or an adult about something wrong."

[[activities]]
title = "Starter"
minutes = 10
kind = "starter"
description = "What do we know already?"

[[activities]]
title = "Main"
minutes = 40
kind = "main"
description = "Scenario cards in groups."

[safeguarding]
notes = "Agree ground rules; use the fictional characters."

[handout]
student = """{handout}"""
"#,
            band = bands[i % 4],
            strand = strands[i % 4],
            handout = "Remember to tell a trusted adult if anything online worries you. ".repeat(8),
        );
        std::fs::write(dir.join(format!("module-{i}.toml")), text).unwrap();
    }
}

/// Best of `runs`: the least disturbed measurement.
fn best_of<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
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
        .map(|&size| best_of(runs, || work(size)))
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

fn report(name: &str, took: Duration, target: Duration) -> bool {
    let met = took <= target;
    println!(
        "{name:<46} {:>9.2} ms  (target {:>6.1} ms) {}",
        took.as_secs_f64() * 1000.0,
        target.as_secs_f64() * 1000.0,
        if met { "ok" } else { "MISSED" }
    );
    met
}

use lessonplan::export::{self, ExportOptions, Format};

fn main() {
    let options = LoadOptions {
        today: Date {
            year: 2026,
            month: 11,
            day: 24,
        },
        ..LoadOptions::default()
    };
    let dir = tempfile::tempdir().unwrap();
    synthetic_library(dir.path());
    let sources = [
        LibrarySource::Bundled,
        LibrarySource::Folder(dir.path().to_path_buf()),
    ];
    let mut all_met = true;

    let bundled = best_of(5, || library::load(&[LibrarySource::Bundled], &options));
    all_met &= report(
        "load the bundled library",
        bundled,
        Duration::from_millis(100),
    );

    let large = best_of(3, || library::load(&sources, &options));
    all_met &= report(
        &format!("load bundled + {MODULES} modules"),
        large,
        Duration::from_millis(1500),
    );

    let loaded = library::load(&sources, &options);
    assert!(
        loaded.modules.len() >= MODULES,
        "{} modules loaded",
        loaded.modules.len()
    );
    let searcher = Searcher::new(&loaded.modules, &loaded.synonyms);
    for query in ["s", "safe", "trusted adlt", "part 1999"] {
        let filter = Filter {
            text: query.into(),
            ..Filter::default()
        };
        let took = best_of(5, || searcher.run(&filter));
        all_met &= report(
            &format!("search {:?} over {} modules", query, loaded.modules.len()),
            took,
            Duration::from_millis(30),
        );
    }

    // A 5,000-module library of real lesson text: the bundled modules again and again, each copy a
    // module of its own, so that every query finds as many modules as it would in a library that
    // size.
    let bundled_modules = library::load(&[LibrarySource::Bundled], &options).modules;
    let large: Vec<Module> = (0..LARGE)
        .map(|i| {
            let mut module = bundled_modules[i % bundled_modules.len()].clone();
            module.id = format!("{}-{i}", module.id);
            module.title = format!("{} ({i})", module.title);
            module
        })
        .collect();
    let index = best_of(3, || Searcher::new(&large, &loaded.synonyms));
    all_met &= report(
        &format!("index {LARGE} modules for search"),
        index,
        Duration::from_millis(500),
    );
    let searcher = Searcher::new(&large, &loaded.synonyms);
    let pasted = "trusted adult ".repeat(143);
    for query in [
        "s",
        "safe",
        "AI",
        "is it real",
        "sextrotion",
        "catfish",
        "trusted adlt",
        pasted.trim(),
    ] {
        let filter = Filter {
            text: query.into(),
            ..Filter::default()
        };
        let took = best_of(5, || searcher.run(&filter));
        let shown = if query.len() > 20 {
            format!("a {}-character paste", query.len())
        } else {
            format!("{query:?}")
        };
        all_met &= report(
            &format!("search {shown} over {LARGE} modules"),
            took,
            Duration::from_millis(30),
        );
    }

    let mut app = App::new(loaded, ThemeName::Dark, Rect::new(0, 0, 120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let frame = best_of(20, || {
        terminal
            .draw(|f| lessonplan::tui::ui::draw(f, &app))
            .map(|_| ())
    });
    all_met &= report("draw one 120x40 frame", frame, Duration::from_millis(16));
    let keystroke = best_of(5, || app.update(Action::NextAgeBand));
    all_met &= report(
        "change a filter (re-filter and re-rank)",
        keystroke,
        Duration::from_millis(30),
    );

    // Printing a term's plan: ten bundled modules, all three handouts.
    let bundled_library = library::load(&[LibrarySource::Bundled], &options);
    let mut plan = lessonplan::plan::Plan::new("A term of online safety");
    for module in bundled_library.modules.iter().take(10) {
        plan.add(module.id.clone());
    }
    for format in [Format::Pdf, Format::Html] {
        let export_options = ExportOptions {
            format,
            ..ExportOptions::default()
        };
        let took = best_of(3, || {
            export::render(&plan, &bundled_library, &export_options)
        });
        all_met &= report(
            &format!("export 10 modules, 3 handouts, {}", format.label()),
            took,
            Duration::from_millis(if format == Format::Pdf { 1500 } else { 100 }),
        );
    }

    // Long unbroken text: a plan title printed in headings and every page footer, and a word
    // the planner wraps across many lines.
    let module = bundled_library.modules[0].id.clone();
    all_met &= growth(
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
    all_met &= growth("growth: wrap a word of 1k to 8k chars", 20, |length| {
        let line = ratatui::text::Line::from(unbroken_text(length));
        black_box(lessonplan::tui::ui::text::wrap(vec![line], 40));
    });

    // Peak memory of the whole run, which holds the large library, the app and a terminal buffer.
    if let Some(peak_kib) = peak_memory_kib() {
        let met = peak_kib <= 150 * 1024;
        println!(
            "{:<46} {:>9.1} MB  (target  150.0 MB) {}",
            "peak memory",
            peak_kib as f64 / 1024.0,
            if met { "ok" } else { "MISSED" }
        );
        all_met &= met;
    }

    if !all_met {
        eprintln!("some speed targets were missed");
        std::process::exit(1);
    }
}

/// The process's peak resident memory, where the platform reports it (Linux).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
