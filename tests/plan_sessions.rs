//! A plan laid into the school's slots: modules that fit a slot are taught in one (sharing it
//! while both fit), longer ones go on into the next slot at an activity boundary.

use lessonplan::library::{Library, LoadOptions};
use lessonplan::plan::Plan;
use lessonplan::plan::sessions::{Session, sessions, sessions_of, time_summary};

fn plan_of(slot: Option<u32>, modules: &[&str]) -> Plan {
    let mut plan = Plan::new("Sessions");
    plan.lesson_minutes = slot;
    for id in modules {
        plan.add(id.to_string());
    }
    plan
}

/// An item's position and the activities of it a session teaches.
type Part = (usize, Vec<usize>);

/// Each session as (minutes, [(item, activities)]).
fn shape(sessions: &[Session]) -> Vec<(u32, Vec<Part>)> {
    sessions
        .iter()
        .map(|s| {
            let parts = s
                .parts
                .iter()
                .map(|p| (p.item, p.activities.clone()))
                .collect();
            (s.minutes, parts)
        })
        .collect()
}

// trusted-adults-7-11: 5, 12, 12, 10, 6 (45 min); strong-passwords-7-11: 7, 14, 13, 10, 6 (50).
const TWO: [&str; 2] = ["trusted-adults-7-11", "strong-passwords-7-11"];

#[test]
fn lessons_that_fit_a_slot_take_one_each_or_share_one_while_both_fit() {
    let library = Library::bundled(&LoadOptions::default());
    let laid = sessions(&plan_of(Some(60), &TWO), &library).unwrap();
    assert_eq!(
        shape(&laid),
        [
            (45, vec![(0, vec![1, 2, 3, 4, 5])]),
            (50, vec![(1, vec![1, 2, 3, 4, 5])])
        ]
    );
    let laid = sessions(&plan_of(Some(100), &TWO), &library).unwrap();
    assert_eq!(laid.len(), 1);
    assert_eq!(laid[0].minutes, 95);
    assert!(sessions(&plan_of(None, &TWO), &library).is_none());
    // As the planner's status line says it.
    let said = |slot| time_summary(&plan_of(slot, &TWO), &library);
    assert_eq!(said(Some(100)), Some(("95 of 100 min".to_string(), false)));
    assert_eq!(
        said(Some(60)),
        Some(("95 min in 2 sessions of 60 min".to_string(), false))
    );
    assert_eq!(said(Some(0)), None, "0 is no length");
    assert_eq!(said(None), None);
    let over = time_summary(&plan_of(Some(15), &["sextortion-14-18"]), &library);
    assert_eq!(
        over,
        Some(("60 min in 5 sessions of 15 min".to_string(), true))
    );
}

#[test]
fn a_lesson_longer_than_a_slot_goes_on_at_an_activity_boundary() {
    let library = Library::bundled(&LoadOptions::default());
    let laid = sessions(&plan_of(Some(30), &TWO), &library).unwrap();
    assert_eq!(
        shape(&laid),
        [
            (29, vec![(0, vec![1, 2, 3])]),
            (16, vec![(0, vec![4, 5])]),
            (21, vec![(1, vec![1, 2])]),
            (29, vec![(1, vec![3, 4, 5])]),
        ]
    );
    assert!(laid.iter().all(|s| s.over_by(30) == 0));
    assert!(laid[1].parts[0].continued && !laid[0].parts[0].continued);
    assert_eq!(sessions_of(&laid, 1), [3, 4]);
}

#[test]
fn activities_left_out_make_room_and_one_longer_than_a_slot_runs_over() {
    let library = Library::bundled(&LoadOptions::default());
    let mut plan = plan_of(Some(60), &TWO);
    // Without Mo's team (12 min) and with the passwords lesson's second activity at 4 minutes,
    // both lessons (33 + 40 min) still do not share an hour; at 75 minutes they do.
    plan.items[0].leave_out = vec![2];
    plan.items[1].shorten.insert("2".into(), 4);
    assert_eq!(sessions(&plan, &library).unwrap().len(), 2);
    plan.lesson_minutes = Some(75);
    let laid = sessions(&plan, &library).unwrap();
    assert_eq!(
        shape(&laid),
        [(73, vec![(0, vec![1, 3, 4, 5]), (1, vec![1, 2, 3, 4, 5])])]
    );

    // sextortion-14-18's third activity is 18 minutes: in 15-minute slots it runs over.
    let laid = sessions(&plan_of(Some(15), &["sextortion-14-18"]), &library).unwrap();
    let over: Vec<u32> = laid.iter().map(|s| s.over_by(15)).collect();
    assert_eq!(over, [0, 0, 3, 0, 0]);
}

mod common;

#[test]
fn plan_show_and_the_teacher_plan_lay_the_lessons_into_slots_and_say_what_runs_over() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| common::program(home.path()).args(args).output().unwrap();
    let stdout = |args: &[&str]| String::from_utf8(run(args).stdout).unwrap();
    assert!(
        run(&["plan", "new", "y5", "--lesson", "30"])
            .status
            .success()
    );
    assert!(run(&["plan", "add", "y5", TWO[0], TWO[1]]).status.success());
    let shown = stdout(&["plan", "show", "y5"]);
    assert!(shown.contains("4 sessions of 30 min:"), "{shown}");
    assert!(
        shown.contains("session 2: 16 min  1. trusted-adults-7-11 (activities 4, 5)"),
        "{shown}"
    );

    let file = home.path().join("y5.md");
    let path = file.to_str().unwrap();
    let args = [
        "export",
        "y5",
        "--handout",
        "teacher",
        "--handout",
        "resources",
        "-o",
        path,
    ];
    assert!(run(&args).status.success());
    let printed = std::fs::read_to_string(&file).unwrap();
    assert!(
        printed.contains("**Total time:** 1 h 35 min in 4 sessions of 30 minutes"),
        "{printed}"
    );
    assert!(
        printed.contains("## Sessions 1-2: Who can I tell?"),
        "{printed}"
    );
    assert!(
        printed.contains("**Over sessions 1-2:** session 1: activities 1, 2, 3 (29 min); session 2: activities 4, 5 (16 min)."),
        "{printed}"
    );
    // Each sheet names the session its activity is taught in.
    assert!(
        printed.contains("**Who can I tell?** · session 2 · activity 4: What happens next?"),
        "{printed}"
    );

    // In 15-minute slots, an 18-minute activity runs over, and both outputs say so.
    assert!(
        run(&["plan", "new", "y10", "--lesson", "15"])
            .status
            .success()
    );
    assert!(
        run(&["plan", "add", "y10", "sextortion-14-18"])
            .status
            .success()
    );
    let shown = stdout(&["plan", "show", "y10"]);
    assert!(
        shown.contains("warning: session 3 takes 18 minutes, 3 over its 15-minute slot"),
        "{shown}"
    );
    let file = home.path().join("y10.md");
    let path = file.to_str().unwrap();
    assert!(
        run(&["export", "y10", "--handout", "teacher", "-o", path])
            .status
            .success()
    );
    let printed = std::fs::read_to_string(&file).unwrap();
    assert!(printed.contains("Sessions that run over"), "{printed}");
    assert!(
        printed.contains("Session 3 takes 18 minutes, 3 more than the slot"),
        "{printed}"
    );

    // The lesson length is set and cleared like the other details, and checked.
    assert_eq!(
        run(&["plan", "set", "y10", "--lesson", "an hour"])
            .status
            .code(),
        Some(2)
    );
    assert!(
        run(&["plan", "set", "y10", "--lesson", ""])
            .status
            .success()
    );
    let shown = stdout(&["plan", "show", "y10"]);
    assert!(!shown.contains("sessions of"), "{shown}");
}
