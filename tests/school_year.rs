//! A school year: the calendar's terms, half-terms and closures, a group's weekly slot, the
//! dates of its sessions, a lost slot moving them on, and the dates in the printed handouts.

use std::path::Path;

use lessonplan::plan::Plan;

mod common;
use common::program;

/// England's 2026-27 year in six half-terms, with an INSET day on a Tuesday.
fn calendar() -> String {
    common::school_year(
        "Hillside Primary 2026-27",
        "[[closures]]\nname = \"INSET day\"\nstarts = 2027-02-23\n\n\
         [[closures]]\nname = \"May bank holiday\"\nstarts = 2027-05-03\n",
    )
}

fn home_with_calendar() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    std::fs::write(home.path().join("data/calendar.toml"), calendar()).unwrap();
    home
}

fn run(home: &Path, args: &[&str]) -> (bool, i32, String, String) {
    let output = program(home).args(args).output().unwrap();
    (
        output.status.success(),
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn plan_at(home: &Path, name: &str) -> Plan {
    Plan::load(&home.join("data/plans").join(format!("{name}.toml"))).unwrap()
}

fn session_dates(home: &Path, plan: &str) -> Vec<Option<String>> {
    let (ok, _, out, err) = run(home, &["plan", "schedule", plan, "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    json["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().map(String::from))
        .collect()
}

/// A Year 5 plan of three lessons in 60-minute Tuesday slots, from the last weeks of Spring 1.
fn year_5(home: &Path) {
    for args in [
        &["plan", "new", "y5", "--year", "Year 5", "--lesson", "60"][..],
        &[
            "plan",
            "add",
            "y5",
            "filters-and-feelings-7-11",
            "not-who-they-say-7-11",
            "block-report-tell-7-11",
        ],
        &[
            "plan",
            "schedule",
            "y5",
            "--day",
            "tuesday",
            "--time",
            "10:45",
            "--term",
            "spring 1",
            "--from",
            "2027-02-02",
        ],
    ] {
        let (ok, _, _, err) = run(home, args);
        assert!(ok, "{args:?}: {err}");
    }
}

#[test]
fn sessions_are_dated_weekly_across_a_half_term_and_a_closure_and_a_bump_moves_them_on() {
    let home = home_with_calendar();
    year_5(home.path());
    let plan = plan_at(home.path(), "y5");
    let schedule = plan.schedule.as_ref().unwrap();
    assert_eq!(
        schedule.term.as_deref(),
        Some("Spring 1"),
        "the calendar's own name"
    );
    assert_eq!(schedule.time.unwrap().to_string(), "10:45");

    // 2 and 9 February, then half-term, then the INSET day on 23 February.
    let dates = session_dates(home.path(), "y5");
    let day = |d: &str| Some(d.to_string());
    assert_eq!(
        dates,
        [day("2027-02-02"), day("2027-02-09"), day("2027-03-02")]
    );
    let (_, _, shown, _) = run(home.path(), &["plan", "schedule", "y5"]);
    assert!(shown.contains("Tuesdays at 10:45 (60 min):"), "{shown}");
    assert!(shown.contains("Tue 23 Feb  closed: INSET day"), "{shown}");
    assert!(
        shown.contains("session 3   Tue 2 Mar   3. Block, report, tell: how it works"),
        "{shown}"
    );

    // The farm trip takes session 2's slot: it and session 3 move on.
    let (ok, _, said, err) = run(
        home.path(),
        &["plan", "bump", "y5", "2", "--reason", "Farm trip"],
    );
    assert!(ok, "{err}");
    assert!(
        said.contains(
            "Tuesday 9 February 2027 is lost: session 2 moves to Tuesday 2 March 2027, and session 3 moves on with it"
        ),
        "{said}"
    );
    assert_eq!(
        session_dates(home.path(), "y5"),
        [day("2027-02-02"), day("2027-03-02"), day("2027-03-09")]
    );
    let (_, _, shown, _) = run(home.path(), &["plan", "schedule", "y5"]);
    assert!(shown.contains("Tue 9 Feb   lost: Farm trip"), "{shown}");
    let (_, _, show, _) = run(home.path(), &["plan", "show", "y5"]);
    assert!(
        show.contains("lessons: Tuesdays at 10:45 (60 min)"),
        "{show}"
    );
    assert!(show.contains("session 2 (Tue 2 Mar): 50 min"), "{show}");

    // Giving the slot back puts the dates back; a date never lost is refused.
    let (ok, _, _, err) = run(
        home.path(),
        &["plan", "bump", "y5", "--restore", "2027-02-09"],
    );
    assert!(ok, "{err}");
    assert_eq!(session_dates(home.path(), "y5")[1], day("2027-02-09"));
    let (ok, code, _, err) = run(
        home.path(),
        &["plan", "bump", "y5", "--restore", "2027-02-09"],
    );
    assert!(!ok && code == 1, "{err}");
    assert!(
        err.contains("no slot on 2027-02-09 is marked lost"),
        "{err}"
    );
    let (ok, code, _, err) = run(home.path(), &["plan", "bump", "y5", "4"]);
    assert!(!ok && code == 2, "{err}");
    assert!(
        err.contains("no dated session 4: the plan has 3 with a date"),
        "{err}"
    );
}

#[test]
fn a_plan_past_the_calendar_s_end_says_which_sessions_have_no_date() {
    let home = home_with_calendar();
    year_5(home.path());
    let (ok, _, _, err) = run(
        home.path(),
        &["plan", "schedule", "y5", "--from", "2027-07-13"],
    );
    assert!(ok, "{err}");
    // 13 and 20 July are the last Tuesdays of the year.
    assert_eq!(
        session_dates(home.path(), "y5"),
        [Some("2027-07-13".into()), Some("2027-07-20".into()), None]
    );
    let (_, _, _, err) = run(home.path(), &["plan", "schedule", "y5"]);
    assert!(
        err.contains("session 3 has no date: the calendar runs out (its last term, Summer 2, ends Wednesday 21 July 2027)"),
        "{err}"
    );
}

#[test]
fn what_is_typed_wrong_is_refused_with_what_to_type() {
    let home = home_with_calendar();
    year_5(home.path());
    for (args, said) in [
        (
            &["--day", "funday"][..],
            "--day is a day of the week, such as Tuesday",
        ),
        (
            &["--time", "25:00"],
            "--time is a time on the 24-hour clock",
        ),
        (
            &["--from", "2027-02-30"],
            "--from is a date written YYYY-MM-DD",
        ),
        (
            &["--term", "Winter"],
            "the calendar has no term called `Winter`; its terms are: Autumn 1, Autumn 2, Spring 1",
        ),
    ] {
        let mut full = vec!["plan", "schedule", "y5"];
        full.extend_from_slice(args);
        let (ok, code, _, err) = run(home.path(), &full);
        assert!(!ok && code == 2, "{args:?}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
    // Nothing typed wrong reached the file.
    assert_eq!(
        plan_at(home.path(), "y5").schedule.unwrap().term.as_deref(),
        Some("Spring 1")
    );
    // A new slot needs its day.
    let (_, _, _, _) = run(home.path(), &["plan", "new", "other"]);
    let (ok, _, _, err) = run(
        home.path(),
        &["plan", "schedule", "other", "--time", "9:00"],
    );
    assert!(!ok, "{err}");
    assert!(
        err.contains("give the day of the group's lesson with --day"),
        "{err}"
    );
}

#[test]
fn a_broken_or_missing_calendar_is_reported_where_it_is() {
    let home = home_with_calendar();
    year_5(home.path());
    let broken = calendar().replace("ends = 2026-12-18", "ends = 2026-10-18");
    std::fs::write(home.path().join("data/calendar.toml"), broken).unwrap();
    let (ok, code, _, err) = run(home.path(), &["plan", "schedule", "y5"]);
    assert!(!ok && code == 1);
    assert!(err.contains("calendar.toml:11:"), "{err}");
    assert!(
        err.contains("ends on 2026-10-18 before it starts on 2026-11-02"),
        "{err}"
    );

    std::fs::remove_file(home.path().join("data/calendar.toml")).unwrap();
    let (ok, _, _, err) = run(home.path(), &["plan", "schedule", "y5"]);
    assert!(!ok);
    assert!(err.contains("cannot read the calendar"), "{err}");
    assert!(
        err.contains("cannot be dated without the school's calendar"),
        "{err}"
    );
    // Another calendar can be named.
    let elsewhere = home.path().join("other-calendar.toml");
    std::fs::write(&elsewhere, calendar()).unwrap();
    let (ok, _, out, err) = run(
        home.path(),
        &[
            "plan",
            "schedule",
            "y5",
            "--calendar",
            elsewhere.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("3 sessions dated"), "{out}");
}

#[test]
fn the_teacher_plan_and_the_parent_letter_say_when_each_lesson_is_taught() {
    let home = home_with_calendar();
    year_5(home.path());
    run(
        home.path(),
        &["plan", "bump", "y5", "2", "--reason", "Farm trip"],
    );
    let out = home.path().join("y5.md");
    let (ok, _, _, err) = run(
        home.path(),
        &[
            "export",
            "y5",
            "--handout",
            "teacher",
            "--handout",
            "parent",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    for said in [
        "**Lessons:** Tuesdays at 10:45, Tuesday 2 February 2027 to Tuesday 9 March 2027",
        "| 1 | Tuesday 2 February | Filters and feelings |",
        "| – | Tuesday 9 February | No lesson: Farm trip |",
        "| – | Tuesday 23 February | No lesson: school closed (INSET day) |",
        "| 2 | Tuesday 2 March | Not who they say they are |",
        "Not who they say they are, taught Tuesday 2 March: **DSL not yet briefed**",
        "· **Sensitive** · Tuesday 2 March",
        // The letter: both half-terms, so not "this term".
        "This year, Year 5 has had three online-safety lessons",
        "- **Block, report, tell: how it works**, on Tuesday 9 March",
    ] {
        assert!(text.contains(said), "missing {said:?} in\n{text}");
    }

    // Once the DSL is briefed, the teacher plan says when.
    let (ok, _, said, err) = run(
        home.path(),
        &["plan", "brief", "y5", "2", "--on", "2027-02-24"],
    );
    assert!(ok, "{err}");
    assert!(
        said.contains("DSL briefed on Wednesday 24 February 2027"),
        "{said}"
    );
    assert_eq!(
        plan_at(home.path(), "y5").items[1]
            .dsl_briefed
            .unwrap()
            .0
            .to_string(),
        "2027-02-24"
    );
    let (ok, _, _, err) = run(
        home.path(),
        &[
            "export",
            "y5",
            "--handout",
            "teacher",
            "-o",
            out.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("taught Tuesday 2 March: DSL briefed on Wednesday 24 February 2027"),
        "{text}"
    );
    // Without a calendar, the handouts still print, undated, and say why.
    std::fs::remove_file(home.path().join("data/calendar.toml")).unwrap();
    let (ok, _, _, err) = run(
        home.path(),
        &[
            "export",
            "y5",
            "--handout",
            "teacher",
            "-o",
            out.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("printed without lesson dates"), "{err}");
    assert!(!std::fs::read_to_string(&out).unwrap().contains("## Dates"));
}
