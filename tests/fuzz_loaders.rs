//! A bounded run of the loader fuzz targets (see fuzz/README.md): the bundled library, the test
//! fixtures and the fuzz seeds with a few bytes flipped, cut short or given TOML's own
//! characters, loaded as modules, services, frameworks, plans and configs. Whatever the damage,
//! nothing panics and every problem is located in its file; the checks are the fuzz targets' own.
//!
//! 48 cases per kind of file keep `cargo test` quick; set PROPTEST_CASES for a longer run.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use checks::{LibraryFile, Scratch};
use proptest::prelude::*;
use proptest::sample::Index;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48);
    ProptestConfig {
        cases,
        // A failure prints its minimal case; nothing is written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Seed files of each kind, read once.
struct Seeds {
    modules: Vec<Vec<u8>>,
    services: Vec<Vec<u8>>,
    frameworks: Vec<Vec<u8>>,
    plans: Vec<Vec<u8>>,
    configs: Vec<Vec<u8>>,
}

static SEEDS: LazyLock<Seeds> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for top in ["lessons", "tests/fixtures", "fuzz/seeds"] {
        collect_toml(&root.join(top), &mut files);
    }
    files.sort();
    let mut seeds = Seeds {
        modules: Vec::new(),
        services: Vec::new(),
        frameworks: Vec::new(),
        plans: Vec::new(),
        configs: Vec::new(),
    };
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let kind = if path.parent().is_some_and(|p| p.ends_with("seeds/config")) {
            &mut seeds.configs
        } else if name == "services.toml" {
            &mut seeds.services
        } else if name == "framework.toml" {
            &mut seeds.frameworks
        } else if bytes.windows(9).any(|w| w == b"[[items]]") {
            &mut seeds.plans
        } else {
            &mut seeds.modules
        };
        kind.push(bytes);
    }
    seeds
});

fn collect_toml(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_toml(&path, found);
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
}

/// One change to a file's bytes; positions are scaled to its length.
#[derive(Debug, Clone)]
enum Damage {
    FlipBit(Index, u8),
    CutAt(Index),
    Insert(Index, &'static [u8]),
    Delete(Index, usize),
}

/// What TOML and lessonplan's files read as structure, and bytes that are not text.
const PIECES: &[&[u8]] = &[
    b"\"",
    b"'",
    b"\"\"\"",
    b"'''",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b",",
    b".",
    b"#",
    b"\n",
    b"\r",
    b"\\",
    b"\\u",
    b" = \"x\"\n",
    b"\n[x]\n",
    b"\n[[items]]\n",
    b"::: uk\n",
    b":::\n",
    b"**",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"1e999",
    b"2026-02-30",
];

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Damage::FlipBit(at, bit)),
        any::<Index>().prop_map(Damage::CutAt),
        (any::<Index>(), prop::sample::select(PIECES)).prop_map(|(at, p)| Damage::Insert(at, p)),
        (any::<Index>(), 1..64usize).prop_map(|(at, n)| Damage::Delete(at, n)),
    ]
}

fn damaged(seed: &[u8], damages: &[Damage]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for damage in damages {
        let at = |index: &Index, len: usize| if len == 0 { 0 } else { index.index(len) };
        match damage {
            Damage::FlipBit(index, bit) if !bytes.is_empty() => {
                let at = at(index, bytes.len());
                bytes[at] ^= 1 << bit;
            }
            Damage::FlipBit(..) => {}
            Damage::CutAt(index) => bytes.truncate(at(index, bytes.len() + 1)),
            Damage::Insert(index, piece) => {
                let at = at(index, bytes.len() + 1);
                bytes.splice(at..at, piece.iter().copied());
            }
            Damage::Delete(index, count) => {
                let at = at(index, bytes.len() + 1);
                bytes.drain(at..(at + count).min(bytes.len()));
            }
        }
    }
    bytes
}

fn damages() -> impl Strategy<Value = Vec<Damage>> {
    prop::collection::vec(damage(), 1..5)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn damaged_modules_are_reported_where_they_are_damaged(
        seed in any::<Index>(),
        damages in damages(),
    ) {
        let seed = seed.get(&SEEDS.modules);
        checks::check_library_file(&Scratch::default(), LibraryFile::Module, &damaged(seed, &damages));
    }

    #[test]
    fn damaged_services_are_reported_where_they_are_damaged(
        seed in any::<Index>(),
        damages in damages(),
    ) {
        let seed = seed.get(&SEEDS.services);
        checks::check_library_file(&Scratch::default(), LibraryFile::Services, &damaged(seed, &damages));
    }

    #[test]
    fn damaged_frameworks_are_reported_where_they_are_damaged(
        seed in any::<Index>(),
        damages in damages(),
    ) {
        let seed = seed.get(&SEEDS.frameworks);
        checks::check_library_file(&Scratch::default(), LibraryFile::Framework, &damaged(seed, &damages));
    }

    #[test]
    fn damaged_plans_are_reported_or_load_and_save_the_same(
        seed in any::<Index>(),
        damages in damages(),
    ) {
        let seed = seed.get(&SEEDS.plans);
        checks::check_plan(&Scratch::default(), &damaged(seed, &damages));
    }

    #[test]
    fn damaged_configs_are_reported_where_they_are_damaged(
        seed in any::<Index>(),
        damages in damages(),
    ) {
        let seed = seed.get(&SEEDS.configs);
        checks::check_config(&Scratch::default(), &damaged(seed, &damages));
    }
}

#[test]
fn the_seeds_themselves_pass_the_checks() {
    let scratch = Scratch::default();
    assert!(SEEDS.modules.len() > 40 && !SEEDS.services.is_empty());
    for seed in &SEEDS.modules {
        checks::check_library_file(&scratch, LibraryFile::Module, seed);
    }
    for seed in &SEEDS.services {
        checks::check_library_file(&scratch, LibraryFile::Services, seed);
    }
    for seed in &SEEDS.frameworks {
        checks::check_library_file(&scratch, LibraryFile::Framework, seed);
    }
    for seed in &SEEDS.plans {
        checks::check_plan(&scratch, seed);
    }
    for seed in &SEEDS.configs {
        checks::check_config(&scratch, seed);
    }
}
