//! Properties of plan edits and plan files, over random cases: edits never lose or duplicate an
//! item (checked against a plain `Vec` model), and a saved plan loads back exactly, also through a
//! symbolic link and with its mode kept.
//!
//! 64 cases per property keep `cargo test` quick; set PROPTEST_CASES for a longer run.

use std::path::Path;

use lessonplan::library::Date;
use lessonplan::plan::{Plan, PlanEdit, PlanItem};
use lessonplan::school_year::schedule::PlanDate;
use lessonplan::school_year::{ClockTime, Schedule, Weekday};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        // A failure prints its minimal case; nothing is written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One edit as the CLI or the planner makes it; positions are 0-based and may be out of range.
#[derive(Debug, Clone)]
enum Op {
    Add(String),
    Insert(usize, String),
    Remove(usize),
    Move(usize, usize),
    Note(usize, String),
}

/// Few distinct modules, so that duplicates (which must be kept apart) are common.
fn module() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "d"]).prop_map(String::from)
}

fn op() -> impl Strategy<Value = Op> {
    let position = 0..8usize;
    prop_oneof![
        module().prop_map(Op::Add),
        (position.clone(), module()).prop_map(|(p, m)| Op::Insert(p, m)),
        position.clone().prop_map(Op::Remove),
        (position.clone(), position.clone()).prop_map(|(f, t)| Op::Move(f, t)),
        (position, "[ a-z]{0,6}").prop_map(|(p, n)| Op::Note(p, n)),
    ]
}

/// The model: what each item is (module, notes), in order, plus a serial number per item so that
/// two items with the same module and notes are still told apart.
type Model = Vec<(u32, String, Option<String>)>;

/// Applies `op` to the model the way a plan should: out-of-range positions change nothing; an
/// insert may go anywhere up to just after the last item.
/// Returns whether the edit applies.
fn apply_to_model(model: &mut Model, op: &Op, serial: u32) -> bool {
    let len = model.len();
    match op {
        Op::Add(m) => model.push((serial, m.clone(), None)),
        Op::Insert(p, m) if *p <= len => model.insert(*p, (serial, m.clone(), None)),
        Op::Remove(p) if *p < len => {
            model.remove(*p);
        }
        Op::Move(f, t) if *f < len && *t < len => {
            let item = model.remove(*f);
            model.insert(*t, item);
        }
        Op::Note(p, n) if *p < len => {
            let trimmed = n.trim();
            model[*p].2 = (!trimmed.is_empty()).then(|| trimmed.to_string());
        }
        _ => return false,
    }
    true
}

/// The serial number rides along in an unknown key, which plans keep for exactly this kind of
/// thing: data this version does not understand.
fn serial_of(item: &PlanItem) -> u32 {
    item.other
        .get("serial")
        .and_then(|v| v.as_integer())
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(u32::MAX)
}

fn tag_last_added(plan: &mut Plan, position: usize, serial: u32) {
    plan.items[position]
        .other
        .insert("serial".into(), toml::Value::Integer(serial.into()));
}

fn as_model(plan: &Plan) -> Model {
    plan.items
        .iter()
        .map(|i| (serial_of(i), i.module.clone(), i.notes.clone()))
        .collect()
}

/// The same op through the planner's path: an edit that refers to its item by what it holds.
fn as_edit(plan: &Plan, op: &Op) -> Option<PlanEdit> {
    Some(match op {
        Op::Add(m) => PlanEdit::Add { module: m.clone() },
        Op::Insert(..) => return None, // the planner only appends
        Op::Remove(p) => PlanEdit::Remove {
            item: plan.item_ref(*p).ok()?,
        },
        Op::Move(f, t) => PlanEdit::Move {
            item: plan.item_ref(*f).ok()?,
            to: plan.item_ref(*t).ok()?,
        },
        Op::Note(p, n) => PlanEdit::SetNote {
            item: plan.item_ref(*p).ok()?,
            notes: n.clone(),
        },
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edits_never_lose_or_duplicate_items(ops in prop::collection::vec(op(), 0..40)) {
        let mut model = Model::new();
        let mut by_command = Plan::new("Model");
        let mut by_planner = Plan::new("Model");
        for (serial, op) in (0u32..).zip(&ops) {
            let before = by_command.clone();
            let applies = apply_to_model(&mut model, op, serial);

            let result = match op {
                Op::Add(m) => {
                    let at = by_command.add(m.clone());
                    tag_last_added(&mut by_command, at, serial);
                    Ok(())
                }
                Op::Insert(p, m) => by_command
                    .insert(*p, m.clone())
                    .map(|()| tag_last_added(&mut by_command, *p, serial)),
                Op::Remove(p) => by_command.remove(*p).map(|_| ()),
                Op::Move(f, t) => by_command.move_item(*f, *t),
                Op::Note(p, n) => by_command.set_item_notes(*p, n),
            };
            prop_assert_eq!(result.is_ok(), applies, "{:?}", op);
            if !applies {
                prop_assert_eq!(&by_command, &before, "a refused edit changes nothing");
            }
            prop_assert_eq!(as_model(&by_command), model.clone());

            // The planner's edits, made on the plan they were made for, agree with the model.
            // Inserts are not the planner's to make, so the command plan is copied over.
            match as_edit(&by_planner, op) {
                Some(edit) => {
                    by_planner.apply(&edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    if let Op::Add(_) = op {
                        let last = by_planner.items.len() - 1;
                        tag_last_added(&mut by_planner, last, serial);
                    }
                }
                None if matches!(op, Op::Insert(..)) => by_planner = by_command.clone(),
                None => prop_assert!(!applies, "the planner refused an edit that fits: {:?}", op),
            }
            prop_assert_eq!(&by_planner, &by_command);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_saved_plan_loads_back_exactly(
        plan in plan(),
        mode in prop::sample::select(vec![0o644u32, 0o666]),
        through_link in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        // An existing plan with the mode to keep, reached directly or through a link.
        Plan::new("before").save(&real).unwrap();
        set_mode(&real, mode);
        let path = if through_link { link_to(&real, dir.path()) } else { real.clone() };

        plan.save(&path).unwrap();

        prop_assert_eq!(&Plan::load(&path).unwrap(), &plan);
        prop_assert_eq!(&Plan::load(&real).unwrap(), &plan, "the real plan was updated");
        prop_assert_eq!(mode_of(&real), mode);
        if through_link {
            prop_assert!(std::fs::symlink_metadata(&path).unwrap().file_type().is_symlink());
        }
        // And again: what was loaded saves to the same text.
        let loaded = Plan::load(&path).unwrap();
        prop_assert_eq!(loaded.to_toml(), plan.to_toml());
    }
}

/// An edit the planner makes on its copy of the plan; positions are taken modulo its length.
#[derive(Debug, Clone)]
enum PlannerOp {
    Add,
    Remove(usize),
    Move(usize, usize),
    Note(usize, String),
}

/// A change someone else makes to the file meanwhile.
#[derive(Debug, Clone)]
enum OutsideOp {
    Insert(usize),
    Remove(usize),
    Note(usize, String),
}

fn planner_op() -> impl Strategy<Value = PlannerOp> {
    prop_oneof![
        Just(PlannerOp::Add),
        any::<usize>().prop_map(PlannerOp::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(f, t)| PlannerOp::Move(f, t)),
        (any::<usize>(), "[a-z]{1,4}").prop_map(|(p, n)| PlannerOp::Note(p, n)),
    ]
}

fn outside_op() -> impl Strategy<Value = OutsideOp> {
    prop_oneof![
        3 => any::<usize>().prop_map(OutsideOp::Insert),
        1 => any::<usize>().prop_map(OutsideOp::Remove),
        1 => (any::<usize>(), "[A-Z]{1,4}").prop_map(|(p, n)| OutsideOp::Note(p, n)),
    ]
}

fn modules_of(plan: &Plan) -> Vec<String> {
    plan.items.iter().map(|i| i.module.clone()).collect()
}

proptest! {
    #![proptest_config(config())]

    /// The planner's edits made again on a file someone else changed: every module is still
    /// there exactly once unless the planner removed it, the planner's own items keep the order
    /// it gave them, and an edit is refused only where its item was changed or removed.
    #[test]
    fn replayed_edits_keep_both_sides_changes(
        base_len in 0..6usize,
        planner_ops in prop::collection::vec(planner_op(), 1..12),
        outside_ops in prop::collection::vec(outside_op(), 0..6),
    ) {
        // Every module name is unique, so an item lost or doubled shows.
        let mut base = Plan::new("Shared");
        for n in 0..base_len {
            base.add(format!("base-{n}"));
        }

        let mut planner = base.clone();
        let mut edits = Vec::new();
        let mut added = Vec::new();
        for (n, op) in planner_ops.iter().enumerate() {
            let len = planner.items.len();
            let edit = match op {
                PlannerOp::Add => {
                    added.push(format!("planner-{n}"));
                    Some(PlanEdit::Add { module: format!("planner-{n}") })
                }
                _ if len == 0 => None,
                PlannerOp::Remove(p) => Some(PlanEdit::Remove {
                    item: planner.item_ref(p % len).unwrap(),
                }),
                PlannerOp::Move(f, t) => Some(PlanEdit::Move {
                    item: planner.item_ref(f % len).unwrap(),
                    to: planner.item_ref(t % len).unwrap(),
                }),
                PlannerOp::Note(p, text) => Some(PlanEdit::SetNote {
                    item: planner.item_ref(p % len).unwrap(),
                    notes: text.clone(),
                }),
            };
            if let Some(edit) = edit {
                planner.apply(&edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
                edits.push(edit);
            }
        }

        let mut file = base.clone();
        let mut only_inserts = true;
        for (n, op) in outside_ops.iter().enumerate() {
            let len = file.items.len();
            match op {
                OutsideOp::Insert(p) => {
                    file.insert(p % (len + 1), format!("outside-{n}")).unwrap();
                }
                OutsideOp::Remove(p) if len > 0 => {
                    only_inserts = false;
                    file.remove(p % len).unwrap();
                }
                OutsideOp::Note(p, text) if len > 0 => {
                    only_inserts = false;
                    file.set_item_notes(p % len, text).unwrap();
                }
                _ => {}
            }
        }

        let mut merged = file.clone();
        let replayed = edits.iter().try_for_each(|edit| merged.apply(edit));
        if only_inserts {
            prop_assert!(replayed.is_ok(), "{:?}", replayed);
        }
        if replayed.is_err() {
            return Ok(());
        }

        let kept: Vec<String> = modules_of(&planner);
        let removed_by_planner: Vec<String> = modules_of(&base)
            .into_iter()
            .chain(added.iter().cloned())
            .filter(|m| !kept.contains(m))
            .collect();
        let mut expected: Vec<String> = modules_of(&file)
            .into_iter()
            .chain(added.iter().cloned())
            .filter(|m| !removed_by_planner.contains(m))
            .collect();
        expected.sort();
        let mut got = modules_of(&merged);
        got.sort();
        prop_assert_eq!(got, expected, "every item exactly once");

        if only_inserts {
            let planners_items: Vec<String> = modules_of(&merged)
                .into_iter()
                .filter(|m| kept.contains(m))
                .collect();
            prop_assert_eq!(planners_items, kept, "the planner's order");
        }
    }
}

/// Text of every kind a teacher might type or paste: quotes, backslashes, newlines, tabs,
/// accents, emoji, and control characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,16}",
        any::<String>(),
        "(\"|'|\\\\|\n|\r\n|\t|é|日本|🙂|#|=|\\[|]| ){0,8}",
    ]
}

fn optional_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

/// Unknown keys, as a later version of lessonplan might write them; never a known key's name.
fn unknown_keys() -> impl Strategy<Value = toml::Table> {
    prop::collection::btree_map(
        prop::sample::select(vec!["future_key", "colour", "room"]),
        text(),
        0..2,
    )
    .prop_map(|keys| {
        keys.into_iter()
            .map(|(k, v)| (k.to_string(), toml::Value::String(v)))
            .collect()
    })
}

fn item() -> impl Strategy<Value = PlanItem> {
    (
        text(),
        optional_text(),
        unknown_keys(),
        prop::collection::vec(1usize..20, 0..3),
        prop::collection::btree_map((1usize..20).prop_map(|n| n.to_string()), 1u32..60, 0..3),
        prop::option::of(date()),
    )
        .prop_map(
            |(module, notes, other, leave_out, shorten, dsl_briefed)| PlanItem {
                module,
                notes,
                leave_out,
                shorten,
                dsl_briefed,
                other,
            },
        )
}

fn date() -> impl Strategy<Value = PlanDate> {
    (0i64..40_000).prop_map(|days| PlanDate(Date::from_days_since_epoch(days)))
}

fn schedule() -> impl Strategy<Value = Schedule> {
    (
        0usize..7,
        prop::option::of((0u8..24, 0u8..60)),
        optional_text(),
        prop::option::of(date()),
        prop::collection::vec((date(), optional_text()), 0..3),
    )
        .prop_map(|(day, time, term, starts, lost)| {
            let mut schedule = Schedule::new(Weekday::ALL[day]);
            schedule.time = time.map(|(hour, minute)| ClockTime { hour, minute });
            schedule.term = term;
            schedule.starts = starts;
            for (date, reason) in lost {
                schedule.lose(date.0, reason);
            }
            schedule
        })
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        text(),
        optional_text(),
        optional_text(),
        optional_text(),
        optional_text(),
        prop::collection::vec(item(), 0..6),
        unknown_keys(),
        prop::option::of(0u32..1_000),
        optional_text(),
        prop::option::of(schedule()),
    )
        .prop_map(
            |(
                title,
                group,
                age_band,
                teacher,
                notes,
                items,
                other,
                lesson_minutes,
                year_group,
                schedule,
            )| {
                Plan {
                    schedule,
                    title,
                    group,
                    year_group,
                    age_band,
                    teacher,
                    notes,
                    lesson_minutes,
                    items,
                    other,
                }
            },
        )
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn link_to(real: &Path, dir: &Path) -> std::path::PathBuf {
    let link = dir.join("link.toml");
    std::os::unix::fs::symlink(real.file_name().unwrap(), &link).unwrap();
    link
}

/// Any edit the planner makes, on a plan as it may be found on disk.
fn undoable_edit(plan: &Plan, op: &Op, details: &Plan) -> Option<PlanEdit> {
    match op {
        Op::Insert(p, m) => Some(PlanEdit::Insert {
            position: *p,
            item: PlanItem::new(m.clone()),
        }),
        // A note-shaped op doubles as a change of the plan's details.
        Op::Note(p, _) if p % 2 == 1 => Some(PlanEdit::SetDetails {
            before: plan.details(),
            after: details.details(),
        }),
        // And as a change of which activities an item keeps.
        Op::Note(p, text) if p % 3 == 2 => Some(PlanEdit::SetActivities {
            item: plan.item_ref(*p).ok()?,
            leave_out: vec![text.len() % 4 + 1],
            shorten: [((text.len() % 3 + 1).to_string(), 5)]
                .into_iter()
                .collect(),
        }),
        op => as_edit(plan, op),
    }
}

/// Notes as the planner keeps them: trimmed, and none rather than blank.
fn tidy(mut plan: Plan) -> Plan {
    for item in &mut plan.items {
        item.notes = item
            .notes
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
    }
    plan
}

proptest! {
    #![proptest_config(config())]

    /// Undo gives back exactly the plan before the edit, and redo (the undo's undo) exactly the
    /// plan after it.
    #[test]
    fn every_edit_undoes_and_redoes_exactly(
        start in plan(),
        details in plan(),
        ops in prop::collection::vec(op(), 1..6),
    ) {
        let mut plan = tidy(start);
        for op in &ops {
            let Some(edit) = undoable_edit(&plan, op, &details) else { continue };
            let before = plan.clone();
            let undo = plan.apply_undoable(&edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let after = plan.clone();
            let redo = plan.apply_undoable(&undo).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&plan, &before, "undo of {:?}", edit);
            plan.apply(&redo).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&plan, &after, "redo of {:?}", edit);
        }
    }
}
