//! How fast lessonplan is at the library sizes a trust reaches, told against the fastest the
//! same files could possibly be read: a bare read of every file plus a `toml` parse of each, on
//! one thread, measured in the same run. Every figure is the median of several runs, with the
//! spread (fastest to slowest) beside it and its ratio to that raw limit.
//!
//! Libraries of the bundled modules, 1k, 10k and 50k modules are generated from the bundled
//! lessons (real text, about 12 KB a module, ids and titles made unique, links kept only to
//! modules that exist) into `target/bench-libraries/`, once; a folder already holding the right
//! count is reused. Each size runs in a child process of this binary, so that its peak memory is
//! its own, and its planner figures in a child of that, which reads the library once as the
//! planner does.
//!
//! `cargo bench --bench scale` runs every size (50k takes several minutes);
//! `cargo bench --bench scale -- 1k` (or `LESSONPLAN_BENCH_SIZES=1k,10k`) runs only those.
//! Targets are reported as met or missed; a miss does not fail the run, since this is a
//! measurement, not a test.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use lessonplan::export::{self, ExportOptions, Format};
use lessonplan::library::{self, Date, Library, LibrarySource, LoadOptions};
use lessonplan::plan::Plan;
use lessonplan::search::Searcher;
use lessonplan::tui::action::Action;
use lessonplan::tui::app::App;
use lessonplan::tui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use tui_input::InputRequest;

/// A library size to measure: its name on the command line and its module count (`None`: the
/// bundled modules as they are).
struct Size {
    name: &'static str,
    modules: Option<usize>,
}

const SIZES: [Size; 4] = [
    Size {
        name: "bundled",
        modules: None,
    },
    Size {
        name: "1k",
        modules: Some(1_000),
    },
    Size {
        name: "10k",
        modules: Some(10_000),
    },
    Size {
        name: "50k",
        modules: Some(50_000),
    },
];

/// Set in the child process: the size it measures.
const CHILD_SIZE: &str = "LESSONPLAN_BENCH_CHILD";
/// Set in the grandchild that takes a size's planner figures: the size's name, and (in
/// `CHILD_FIGURES`) its raw limit, size on disk and loaded peak memory.
const CHILD_PLANNER: &str = "LESSONPLAN_BENCH_PLANNER";
const CHILD_FIGURES: &str = "LESSONPLAN_BENCH_FIGURES";

/// The library files every generated library holds once, beside its modules.
const SHARED_FILES: [&str; 5] = [
    "framework.toml",
    "services.toml",
    "outcomes.toml",
    "synonyms.toml",
    "year-groups.toml",
];

/// Typed one key at a time, as a teacher searches: whole words, a phrase, and typos.
const QUERIES: [&str; 10] = [
    "pass",
    "sextortion",
    "trusted ad",
    "group chat",
    "pasword",
    "ai",
    "nudes",
    "catfish",
    "reprot",
    "deepfake",
];

const SCREEN: Rect = Rect {
    x: 0,
    y: 0,
    width: 120,
    height: 40,
};

fn main() {
    if let Ok(name) = std::env::var(CHILD_SIZE) {
        let size = SIZES.iter().find(|s| s.name == name).expect("a known size");
        measure(size, &library_folder(size));
        return;
    }
    if let Ok(name) = std::env::var(CHILD_PLANNER) {
        let size = SIZES.iter().find(|s| s.name == name).expect("a known size");
        let figures = std::env::var(CHILD_FIGURES).expect("the size's figures");
        let mut figures = figures.split(' ');
        let limit: f64 = figures
            .next()
            .and_then(|f| f.parse().ok())
            .expect("a limit");
        let on_disk: u64 = figures.next().and_then(|f| f.parse().ok()).expect("a size");
        let loaded_peak: Option<u64> = figures
            .next()
            .and_then(|f| f.parse().ok())
            .filter(|&p| p > 0);
        measure_planner(&library_folder(size), limit, on_disk, loaded_peak);
        return;
    }
    let chosen = chosen_sizes();
    println!(
        "lessonplan scale bench: {} core(s); figures are medians (fastest-slowest) of repeated runs\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for size in chosen {
        let folder = library_folder(size);
        generate(size, &folder);
        // A child per size, so the peak memory it reports is that size's alone.
        let status = Command::new(std::env::current_exe().expect("the bench binary"))
            .env(CHILD_SIZE, size.name)
            .status()
            .expect("run the bench for one size");
        if !status.success() {
            eprintln!("the {} size failed: {status}", size.name);
        }
    }
}

/// The sizes named on the command line or in `LESSONPLAN_BENCH_SIZES`, or every size.
fn chosen_sizes() -> Vec<&'static Size> {
    let mut names: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    if let Ok(listed) = std::env::var("LESSONPLAN_BENCH_SIZES") {
        names.extend(listed.split(',').map(|s| s.trim().to_string()));
    }
    if names.is_empty() {
        return SIZES.iter().collect();
    }
    for name in &names {
        if !SIZES.iter().any(|s| s.name == name) {
            let known: Vec<&str> = SIZES.iter().map(|s| s.name).collect();
            eprintln!("unknown size {name:?}: choose from {}", known.join(", "));
            std::process::exit(2);
        }
    }
    SIZES
        .iter()
        .filter(|s| names.iter().any(|n| n == s.name))
        .collect()
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn library_folder(size: &Size) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target"));
    target.join("bench-libraries").join(size.name)
}

/// A bundled module file: its id (its file name) and its text.
struct Bundled {
    id: String,
    text: String,
}

fn bundled_modules() -> Vec<Bundled> {
    let lessons = manifest_dir().join("lessons");
    let mut paths = Vec::new();
    for band in std::fs::read_dir(&lessons).expect("lessons/") {
        let band = band.expect("a lessons/ entry").path();
        if band.is_dir() {
            for file in std::fs::read_dir(&band).expect("a band folder") {
                let path = file.expect("a module file").path();
                if path.extension().is_some_and(|e| e == "toml") {
                    paths.push(path);
                }
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a bundled module");
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            Bundled { id, text }
        })
        .collect()
}

/// Writes the library for `size` into `folder`, unless it already holds that many modules.
fn generate(size: &Size, folder: &Path) {
    let bundled = bundled_modules();
    let count = size.modules.unwrap_or(bundled.len());
    let marker = folder.join("modules.count");
    if std::fs::read_to_string(&marker).is_ok_and(|s| s.trim() == count.to_string()) {
        return;
    }
    println!("generating {count} modules in {}", folder.display());
    if folder.exists() {
        std::fs::remove_dir_all(folder).expect("remove the old generated library");
    }
    for name in SHARED_FILES {
        let from = manifest_dir().join("lessons").join(name);
        std::fs::create_dir_all(folder).unwrap();
        std::fs::copy(&from, folder.join(name)).expect("copy a shared library file");
    }
    let index_of: std::collections::HashMap<&str, usize> = bundled
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    for n in 0..count {
        let (round, which) = (n / bundled.len(), n % bundled.len());
        let original = &bundled[which];
        // Copy `round` of every module: round 0 is the bundled modules as they are.
        let copy_id = |id: &str| {
            if round == 0 {
                id.to_string()
            } else {
                format!("{id}-copy-{round}")
            }
        };
        let mut doc: toml_edit::DocumentMut = original.text.parse().expect("a bundled module");
        let id = copy_id(&original.id);
        if round > 0 {
            doc["id"] = toml_edit::value(id.as_str());
            let title = doc["title"].as_str().unwrap_or_default().to_string();
            doc["title"] = toml_edit::value(format!("{title} (copy {round})"));
        }
        // Links point at the same round's copies, and only where that copy exists.
        for key in ["builds_on", "leads_to"] {
            let Some(links) = doc.get_mut(key).and_then(|v| v.as_array_mut()) else {
                continue;
            };
            let kept: Vec<String> = links
                .iter()
                .filter_map(|v| v.as_str())
                .filter_map(|link| {
                    let at = *index_of.get(link)?;
                    (round * bundled.len() + at < count).then(|| copy_id(link))
                })
                .collect();
            links.clear();
            for link in kept {
                links.push(link);
            }
        }
        let sub = folder.join("modules").join(format!("{:03}", n / 1000));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{id}.toml")), doc.to_string()).unwrap();
    }
    std::fs::write(&marker, count.to_string()).unwrap();
}

/// Every `.toml` file under `folder`, in a stable order.
fn toml_files(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The raw limit: read each file and parse it as TOML, one at a time, on one thread.
fn raw_read_and_parse(files: &[PathBuf]) -> usize {
    let mut keys = 0;
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        keys += table.len();
    }
    keys
}

fn load_options() -> LoadOptions {
    LoadOptions {
        today: Date {
            year: 2026,
            month: 12,
            day: 2,
        },
        ..LoadOptions::default()
    }
}

fn load(folder: &Path) -> Library {
    library::load(
        &[LibrarySource::Folder(folder.to_path_buf())],
        &load_options(),
    )
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| lessonplan::tui::ui::draw(frame, app))
        .expect("draw into the test backend");
}

fn timed<T>(work: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = work();
    (start.elapsed(), out)
}

/// Timings of one figure, in seconds.
struct Samples(Vec<f64>);

impl Samples {
    fn sorted(&self) -> Vec<f64> {
        let mut sorted = self.0.clone();
        sorted.sort_by(f64::total_cmp);
        sorted
    }

    /// The value `p` (0 to 1) of the way through, nearest rank.
    fn percentile(&self, p: f64) -> f64 {
        let sorted = self.sorted();
        let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1]
    }

    fn median(&self) -> f64 {
        self.percentile(0.5)
    }

    fn spread(&self) -> (f64, f64) {
        let sorted = self.sorted();
        (sorted[0], sorted[sorted.len() - 1])
    }
}

/// A duration in the unit that reads best.
fn seconds(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.001 {
        format!("{:.1} ms", s * 1000.0)
    } else {
        format!("{:.0} µs", s * 1_000_000.0)
    }
}

/// One row of the size's table.
struct Row<'a> {
    figure: &'a str,
    value: f64,
    spread: Option<(f64, f64)>,
    raw: f64,
    /// The target and whether it was met, where the issue sets one for this size.
    target: Option<(String, bool)>,
}

fn print_row(row: Row) {
    let spread = row
        .spread
        .map(|(low, high)| format!("{}-{}", seconds(low), seconds(high)))
        .unwrap_or_default();
    let (target, verdict) = match row.target {
        Some((target, met)) => (target, if met { "met" } else { "MISSED" }),
        None => (String::new(), ""),
    };
    println!(
        "| {} | {} | {} | {:.3}x | {} | {} |",
        row.figure,
        seconds(row.value),
        spread,
        row.value / row.raw,
        target,
        verdict
    );
}

/// Runs for the slow figures (a load of the whole library each): fewer at 50k, where one load
/// takes tens of seconds.
fn runs(modules: usize) -> usize {
    if modules >= 20_000 { 3 } else { 5 }
}

fn measure(size: &Size, folder: &Path) {
    let files = toml_files(folder);
    let on_disk: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();

    // Memory first, before anything else has raised the peak: a library loaded and searchable.
    let (library, searcher) = {
        let library = load(folder);
        let searcher = Searcher::new(&library.modules, &library.synonyms);
        (library, searcher)
    };
    let loaded_peak = peak_memory_bytes();
    let modules = library.modules.len();
    let errors = library
        .diagnostics
        .iter()
        .filter(|d| d.severity == library::Severity::Error)
        .count();
    drop(searcher);
    drop(library);

    let runs = runs(modules);
    let mut raw = Vec::new();
    let mut loads = Vec::new();
    let mut library_loads = Vec::new();
    let mut indexing = Vec::new();
    let mut first_frames = Vec::new();
    // Interleaved, so that other work on the machine slows the limit as much as the figures.
    for _ in 0..runs {
        raw.push(
            timed(|| black_box(raw_read_and_parse(&files)))
                .0
                .as_secs_f64(),
        );
        let (read, library) = timed(|| load(folder));
        let (index, searcher) = timed(|| Searcher::new(&library.modules, &library.synonyms));
        loads.push((read + index).as_secs_f64());
        library_loads.push(read.as_secs_f64());
        indexing.push(index.as_secs_f64());
        drop(searcher);
        drop(library);
        // As the planner opens: its first frame is drawn on the library not yet read, whose
        // read it has started in the background (the load above times that read).
        let (took, app) = timed(|| {
            let unread = Library::unloaded(
                &[LibrarySource::Folder(folder.to_path_buf())],
                &load_options(),
            );
            let mut app = App::new(unread, ThemeName::Dark, SCREEN);
            black_box(app.start_loading());
            let mut terminal =
                Terminal::new(TestBackend::new(SCREEN.width, SCREEN.height)).unwrap();
            draw(&mut terminal, &app);
            app
        });
        first_frames.push(took.as_secs_f64());
        drop(app);
    }
    let raw = Samples(raw);
    let limit = raw.median();
    let (raw_low, raw_high) = raw.spread();
    println!(
        "\n### {}: {modules} modules, {} files, {:.1} MiB on disk, {errors} load errors; raw read + parse {} ({}-{})\n",
        size.name,
        files.len(),
        on_disk as f64 / (1024.0 * 1024.0),
        seconds(limit),
        seconds(raw_low),
        seconds(raw_high),
    );
    println!("| figure | median | spread | x raw limit | target | |");
    println!("|---|---|---|---|---|---|");
    let at_scale = modules >= 10_000;
    let loads = Samples(loads);
    print_row(Row {
        figure: "load to a searchable library",
        value: loads.median(),
        spread: Some(loads.spread()),
        raw: limit,
        target: at_scale.then(|| ("<= 1.25x raw".to_string(), loads.median() <= 1.25 * limit)),
    });
    for (figure, samples) in [
        ("  of which `library::load`", library_loads),
        ("  of which `Searcher::new`", indexing),
    ] {
        let samples = Samples(samples);
        print_row(Row {
            figure,
            value: samples.median(),
            spread: Some(samples.spread()),
            raw: limit,
            target: None,
        });
    }
    let first_frames = Samples(first_frames);
    print_row(Row {
        figure: "planner first frame (App::new + draw; the read goes on behind it)",
        value: first_frames.median(),
        spread: Some(first_frames.spread()),
        raw: limit,
        target: Some(("<= 100 ms".to_string(), first_frames.median() <= 0.1)),
    });

    // The planner's figures in a process of their own that reads the library once, as the
    // planner does: the loads timed above leave memory with the allocator that no planner has.
    let status = Command::new(std::env::current_exe().expect("the bench binary"))
        .env_remove(CHILD_SIZE)
        .env(CHILD_PLANNER, size.name)
        .env(
            CHILD_FIGURES,
            format!("{limit} {on_disk} {}", loaded_peak.unwrap_or(0)),
        )
        .status()
        .expect("run the planner figures");
    if !status.success() {
        eprintln!("the {} planner figures failed: {status}", size.name);
    }
}

/// The planner's figures for the library in `folder`: frames, keystrokes, a plan, exports and
/// the whole run's peak memory. `limit` is the size's raw read + parse, `on_disk` its size and
/// `loaded_peak` the peak memory once it was loaded and searchable, from the size's process.
fn measure_planner(folder: &Path, limit: f64, on_disk: u64, loaded_peak: Option<u64>) {
    let library = load(folder);
    let modules = library.modules.len();
    let ids: Vec<String> = library.modules.iter().map(|m| m.id.clone()).collect();
    let mut app = App::new(library, ThemeName::Dark, SCREEN);
    let mut terminal = Terminal::new(TestBackend::new(SCREEN.width, SCREEN.height)).unwrap();
    draw(&mut terminal, &app);

    let browse = Samples(
        (0..50)
            .map(|_| timed(|| draw(&mut terminal, &app)).0.as_secs_f64())
            .collect(),
    );
    let frame_target =
        |value: f64| (modules == 10_000).then(|| ("<= 2 ms".to_string(), value <= 0.002));
    print_row(Row {
        figure: "Browse frame, no change",
        value: browse.median(),
        spread: Some(browse.spread()),
        raw: limit,
        target: frame_target(browse.median()),
    });

    let rounds = if modules >= 20_000 { 1 } else { 3 };
    let mut keystrokes = Vec::new();
    for _ in 0..rounds {
        for query in QUERIES {
            app.update(Action::StartSearch);
            draw(&mut terminal, &app);
            for c in query.chars() {
                let (took, ()) = timed(|| {
                    black_box(app.update(Action::Edit(InputRequest::InsertChar(c))));
                    draw(&mut terminal, &app);
                });
                keystrokes.push(took.as_secs_f64());
            }
            // Typed into the search, not lost to another field.
            assert_eq!(app.filter.text, query);
            app.update(Action::Cancel);
            app.update(Action::ClearFilters);
            draw(&mut terminal, &app);
        }
    }
    let keystrokes = Samples(keystrokes);
    let p50 = keystrokes.median();
    let p99 = keystrokes.percentile(0.99);
    let count = keystrokes.0.len();
    print_row(Row {
        figure: &format!("search keystroke p50 (update + draw, {count} keys)"),
        value: p50,
        spread: Some(keystrokes.spread()),
        raw: limit,
        target: (modules == 10_000).then(|| ("<= 12 ms".to_string(), p50 <= 0.012)),
    });
    print_row(Row {
        figure: "search keystroke p99",
        value: p99,
        spread: None,
        raw: limit,
        target: match modules {
            10_000 => Some(("<= 25 ms".to_string(), p99 <= 0.025)),
            50_000 => Some(("<= 50 ms".to_string(), p99 <= 0.050)),
            _ => None,
        },
    });

    // A 40-item plan made in the planner: forty modules down the list.
    app.update(Action::Top);
    for _ in 0..40 {
        app.update(Action::AddToPlan);
        app.update(Action::Down);
    }
    let plan_frames = Samples(
        (0..30)
            .map(|_| {
                app.update(Action::ShowBrowse);
                draw(&mut terminal, &app);
                timed(|| {
                    app.update(Action::ShowPlan);
                    draw(&mut terminal, &app);
                })
                .0
                .as_secs_f64()
            })
            .collect(),
    );
    print_row(Row {
        figure: "Plan view frame, 40-item plan",
        value: plan_frames.median(),
        spread: Some(plan_frames.spread()),
        raw: limit,
        target: frame_target(plan_frames.median()),
    });
    let library = app.library;

    for items in [10, 40] {
        // Modules from across the library, not only its first files.
        let mut plan = Plan::new("A term of online safety");
        for i in 0..items {
            plan.add(ids[i * ids.len() / items].clone());
        }
        for format in [Format::Html, Format::Pdf] {
            let options = ExportOptions {
                format,
                ..ExportOptions::default()
            };
            let export_runs = if format == Format::Pdf { 3 } else { 5 };
            let took = Samples(
                (0..export_runs)
                    .map(|_| {
                        let (took, rendered) = timed(|| export::render(&plan, &library, &options));
                        rendered.expect("the plan exports");
                        took.as_secs_f64()
                    })
                    .collect(),
            );
            print_row(Row {
                figure: &format!("export {items}-module plan, {}", format.label()),
                value: took.median(),
                spread: Some(took.spread()),
                raw: limit,
                target: None,
            });
        }
    }

    let whole_run_peak = peak_memory_bytes();
    for (what, peak) in [
        ("peak memory, library loaded and searchable", loaded_peak),
        (
            "peak memory, planner run (one read, typing, a plan, exports)",
            whole_run_peak,
        ),
    ] {
        if let Some(peak) = peak {
            let ratio = peak as f64 / on_disk as f64;
            println!(
                "| {what} | {:.1} MiB | | {ratio:.2}x size on disk | <= 1x size on disk | {} |",
                peak as f64 / (1024.0 * 1024.0),
                if ratio <= 1.0 { "met" } else { "MISSED" }
            );
        }
    }
}

/// The process's peak resident memory (VmHWM), where the platform reports it (Linux).
fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
