//! Several `lessonplan plan ...` processes editing one plan at the same moment: each waits for the
//! others, so no edit is lost or applied twice.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use lessonplan::plan::Plan;

const PROCESSES: usize = 4;

fn lessonplan(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lessonplan"));
    cmd.env("LESSONPLAN_CONFIG_DIR", home.join("config"))
        .env("LESSONPLAN_DATA_DIR", home.join("data"))
        .env_remove("LESSONPLAN_LIBRARY")
        .env_remove("NO_COLOR");
    cmd
}

/// Runs `args_for(process, round)` for `rounds` rounds in each of [`PROCESSES`] loops at once,
/// every round a new process of the real binary.
fn run_loops(home: &Path, rounds: usize, args_for: impl Fn(usize, usize) -> Vec<String> + Sync) {
    thread::scope(|scope| {
        for process in 0..PROCESSES {
            let args_for = &args_for;
            scope.spawn(move || {
                for round in 0..rounds {
                    let output = lessonplan(home)
                        .args(args_for(process, round))
                        .output()
                        .unwrap();
                    assert!(
                        output.status.success(),
                        "{}",
                        String::from_utf8_lossy(&output.stderr)
                    );
                }
            });
        }
    });
}

fn plan_file(home: &Path, items: &[String]) -> PathBuf {
    let mut plan = Plan::new("Shared plan");
    for module in items {
        plan.add(module.clone());
    }
    let file = home.join("shared.toml");
    plan.save(&file).unwrap();
    file
}

#[test]
fn concurrent_adds_keep_every_item_exactly_once() {
    const ROUNDS: usize = 2;
    let home = tempfile::tempdir().unwrap();
    let list = lessonplan(home.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    let modules: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    let ids: Vec<String> = modules
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .take(PROCESSES * ROUNDS)
        .collect();
    assert_eq!(ids.len(), PROCESSES * ROUNDS, "enough distinct modules");
    // Two items that other processes keep noting while the adds run, so that the adds (slow to
    // start: they load the library) meet other writers in the middle of their own write.
    let seeds = ["seed-one".to_string(), "seed-two".to_string()];
    let file = plan_file(home.path(), &seeds);
    let f = file.to_str().unwrap().to_string();
    let adding = AtomicBool::new(true);
    let last_notes: Vec<String> = thread::scope(|scope| {
        let noters: Vec<_> = (0..seeds.len())
            .map(|seed| {
                let (adding, f) = (&adding, f.clone());
                let home = home.path();
                scope.spawn(move || {
                    let mut round = 0;
                    loop {
                        let last = !adding.load(Ordering::SeqCst);
                        let note = format!("seed {seed} round {round}");
                        let output = lessonplan(home)
                            .args(["plan", "note", &f, &(seed + 1).to_string(), &note])
                            .output()
                            .unwrap();
                        assert!(output.status.success(), "{output:?}");
                        if last {
                            return note;
                        }
                        round += 1;
                        // Pacing only, so the noters leave the CPUs to the adds.
                        thread::sleep(Duration::from_millis(20));
                    }
                })
            })
            .collect();
        run_loops(home.path(), ROUNDS, |process, round| {
            let id = &ids[process * ROUNDS + round];
            vec!["plan".into(), "add".into(), f.clone(), id.clone()]
        });
        adding.store(false, Ordering::SeqCst);
        noters.into_iter().map(|n| n.join().unwrap()).collect()
    });
    let plan = Plan::load(&file).unwrap();
    let modules: Vec<&str> = plan.items.iter().map(|i| i.module.as_str()).collect();
    assert_eq!(modules[..seeds.len()], seeds, "{modules:?}");
    let mut added: Vec<&str> = modules[seeds.len()..].to_vec();
    added.sort();
    let mut expected: Vec<&str> = ids.iter().map(String::as_str).collect();
    expected.sort();
    assert_eq!(added, expected, "every add survives exactly once");
    for process in 0..PROCESSES {
        let own: Vec<&str> = modules
            .iter()
            .copied()
            .filter(|m| {
                ids[process * ROUNDS..(process + 1) * ROUNDS]
                    .iter()
                    .any(|id| id == m)
            })
            .collect();
        assert_eq!(
            own,
            ids[process * ROUNDS..(process + 1) * ROUNDS],
            "in the order added"
        );
    }
    for (seed, note) in last_notes.iter().enumerate() {
        assert_eq!(
            plan.items[seed].notes.as_ref(),
            Some(note),
            "the last note wins"
        );
    }
}

#[test]
fn concurrent_notes_all_survive() {
    const ROUNDS: usize = 15;
    let home = tempfile::tempdir().unwrap();
    let items: Vec<String> = (0..PROCESSES * ROUNDS)
        .map(|n| format!("module-{n}"))
        .collect();
    let file = plan_file(home.path(), &items);
    let f = file.to_str().unwrap().to_string();
    // Each process notes its own items, so every note must end up in the file.
    run_loops(home.path(), ROUNDS, |process, round| {
        let position = process * ROUNDS + round + 1;
        vec![
            "plan".into(),
            "note".into(),
            f.clone(),
            position.to_string(),
            format!("note from process {process}, round {round}"),
        ]
    });
    let plan = Plan::load(&file).unwrap();
    let modules: Vec<&str> = plan.items.iter().map(|i| i.module.as_str()).collect();
    assert_eq!(modules, items, "items are neither lost nor repeated");
    for (index, item) in plan.items.iter().enumerate() {
        let (process, round) = (index / ROUNDS, index % ROUNDS);
        assert_eq!(
            item.notes.as_deref(),
            Some(format!("note from process {process}, round {round}").as_str()),
            "item {}",
            index + 1
        );
    }
}
