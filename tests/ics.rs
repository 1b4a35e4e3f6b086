//! `lessonplan export PLAN --ics`: the lesson dates as an iCalendar file, checked against the
//! format (RFC 5545) by parsing it back and by reading its lines as they are.

use std::path::Path;

use icalendar::{CalendarComponent, Component, DatePerhapsTime};

mod common;
use common::{fixture, lessonplan, program};

/// Two half-terms with the half-term holiday between them and an INSET day on a Friday.
const CALENDAR: &str = r#"title = "Hillside Primary 2026-27"

[[terms]]
name = "Autumn 1"
starts = 2026-09-03
ends = 2026-10-23

[[terms]]
name = "Autumn 2"
starts = 2026-11-02
ends = 2026-12-18

[[closures]]
name = "INSET day"
starts = 2026-11-20
"#;

/// A plan of `lessons` 45-minute lessons (one a session), Fridays at 13:15 from Autumn 1, with
/// the slot of 18 September lost to a trip; `schedule` replaces that `[schedule]` table.
fn plan(lessons: usize, schedule: &str) -> String {
    let mut text =
        String::from("title = \"Year 5: staying safe\"\ngroup = \"5B\"\nlesson_minutes = 45\n\n");
    text.push_str(schedule);
    for _ in 0..lessons {
        text.push_str("\n[[items]]\nmodule = \"trusted-adults-7-11\"\n");
    }
    text
}

const FRIDAYS: &str = "[schedule]\nday = \"Friday\"\ntime = \"13:15\"\nterm = \"Autumn 1\"\n\
                       lost = [{ date = 2026-09-18, reason = \"Trip\" }]\n";

/// A home with the calendar and `plan_text` as `y5.toml` beside it.
fn home_with(plan_text: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("calendar.toml"), CALENDAR).unwrap();
    std::fs::write(home.path().join("y5.toml"), plan_text).unwrap();
    home
}

fn export(home: &Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = program(home);
    cmd.current_dir(home)
        .args(["export", "./y5.toml", "--calendar", "calendar.toml"])
        .args(extra);
    cmd.output().unwrap()
}

/// Every event of the file, by the icalendar crate's parser.
fn events(text: &str) -> Vec<icalendar::Event> {
    let calendar: icalendar::Calendar = text.parse().unwrap();
    calendar
        .components
        .into_iter()
        .filter_map(|component| match component {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .collect()
}

/// Every event's properties, name to value as written (still escaped), by the `ical` crate: a
/// second parser, written apart from the crate that writes the file.
fn events_read_apart(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = calendars.next().expect("one calendar").unwrap();
    assert!(calendars.next().is_none(), "only one calendar");
    calendar
        .events
        .into_iter()
        .map(|event| {
            event
                .properties
                .into_iter()
                .map(|p| (p.name, p.value.unwrap_or_default()))
                .collect()
        })
        .collect()
}

fn floating(text: &str) -> DatePerhapsTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .unwrap()
        .into()
}

/// The content lines as written: every line ends CRLF, none is over 75 octets, and every BEGIN
/// has its END in order.
fn check_lines(text: &str) {
    assert!(text.ends_with("\r\n"), "the last line ends CRLF");
    let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    let mut open: Vec<&str> = Vec::new();
    for line in &lines {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        if let Some(kind) = line.strip_prefix("BEGIN:") {
            open.push(kind);
        } else if let Some(kind) = line.strip_prefix("END:") {
            assert_eq!(open.pop(), Some(kind), "END:{kind} out of place");
        } else {
            assert!(!open.is_empty(), "{line:?} is outside the calendar");
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    assert!(lines.contains(&"VERSION:2.0"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("PRODID:-//lessonplan//"))
    );
}

#[test]
fn each_session_is_an_event_on_its_friday_skipping_the_holiday_the_closure_and_the_lost_slot() {
    let home = home_with(&plan(10, FRIDAYS));
    let done = export(home.path(), &["--ics", "-o", "y5.ics"]);
    let said = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{said}");
    assert_eq!(
        String::from_utf8_lossy(&done.stdout).trim(),
        "y5.ics",
        "the written file is printed"
    );
    assert!(!said.contains("no date"), "{said}");
    let text = std::fs::read_to_string(home.path().join("y5.ics")).unwrap();
    check_lines(&text);
    assert!(
        text.contains("\r\nX-WR-CALNAME:Year 5: staying safe\r\n"),
        "{text}"
    );

    let found = events(&text);
    // Fridays from 4 September; 18 September lost, half-term after 23 October, the INSET day
    // on 20 November.
    let fridays = [
        "2026-09-04",
        "2026-09-11",
        "2026-09-25",
        "2026-10-02",
        "2026-10-09",
        "2026-10-16",
        "2026-10-23",
        "2026-11-06",
        "2026-11-13",
        "2026-11-27",
    ];
    assert_eq!(found.len(), fridays.len());
    for (n, (event, day)) in found.iter().zip(fridays).enumerate() {
        let session = n + 1;
        assert_eq!(
            event.get_start(),
            Some(floating(&format!("{day} 13:15"))),
            "{session}"
        );
        assert_eq!(
            event.get_end(),
            Some(floating(&format!("{day} 14:00"))),
            "{session}"
        );
        assert_eq!(
            event.get_uid(),
            Some(format!("session-{session}.y5@lessonplan").as_str())
        );
        assert_eq!(
            event.get_summary(),
            Some("Online safety: Who can I tell? (5B)")
        );
        let description = event.get_description().unwrap();
        assert!(
            description.starts_with(&format!("Session {session} of 10 of Year 5: staying safe.")),
            "{description}"
        );
        assert!(description.contains("\n- How to tell: Priya finds the words (12 min)"));
        assert!(
            description.contains("\nSensitive: brief your DSL"),
            "{description}"
        );
        assert!(event.get_timestamp().is_some(), "DTSTAMP");
    }
    let apart = events_read_apart(&text);
    assert_eq!(apart.len(), fridays.len());
    for (n, (event, day)) in apart.iter().zip(fridays).enumerate() {
        let day = day.replace('-', "");
        assert_eq!(event["DTSTART"], format!("{day}T131500"));
        assert_eq!(event["DTEND"], format!("{day}T140000"));
        assert_eq!(event["UID"], format!("session-{}.y5@lessonplan", n + 1));
        assert_eq!(event["SUMMARY"], "Online safety: Who can I tell? (5B)");
        assert!(event["DTSTAMP"].ends_with('Z'), "{event:?}");
    }
    // Floating times: no time zone and no UTC `Z` on the lesson times.
    assert!(text.contains("\r\nDTSTART:20260904T131500\r\n"), "{text}");
    assert!(!text.contains("TZID"));
}

#[test]
fn a_lost_slot_moves_the_events_and_their_uids_stay_with_their_sessions() {
    let home = home_with(&plan(3, FRIDAYS));
    assert!(export(home.path(), &["-o", "before.ics"]).status.success());
    let bumped = FRIDAYS.replace(
        "lost = [",
        "lost = [{ date = 2026-09-11, reason = \"Assembly\" }, ",
    );
    std::fs::write(home.path().join("y5.toml"), plan(3, &bumped)).unwrap();
    assert!(export(home.path(), &["-o", "after.ics"]).status.success());
    let read = |name: &str| events(&std::fs::read_to_string(home.path().join(name)).unwrap());
    let (before, after) = (read("before.ics"), read("after.ics"));
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.get_uid(), new.get_uid());
    }
    assert_eq!(after[1].get_start(), Some(floating("2026-09-25 13:15")));
    assert_eq!(before[1].get_start(), Some(floating("2026-09-11 13:15")));
}

#[test]
fn sessions_the_calendar_has_no_date_for_are_named_in_a_warning() {
    let late = "[schedule]\nday = \"fri\"\nterm = \"Autumn 2\"\n";
    let home = home_with(&plan(8, late));
    let done = export(home.path(), &["-o", "y5.ics"]);
    let said = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{said}");
    // 6, 13, 27 November and 4, 11, 18 December; 20 November is the INSET day.
    assert!(
        said.contains("warning: sessions 7-8 of 8 have no date")
            && said.contains(
                "calendar.toml runs out first (its last term ends on Friday 18 December 2026)"
            ),
        "{said}"
    );
    let text = std::fs::read_to_string(home.path().join("y5.ics")).unwrap();
    check_lines(&text);
    let found = events(&text);
    assert_eq!(found.len(), 6);
    // Without a time, each lesson is an all-day event ending (exclusively) the next day.
    assert!(
        text.contains("\r\nDTSTART;VALUE=DATE:20261106\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\nDTEND;VALUE=DATE:20261107\r\n"), "{text}");
    let last = found.last().unwrap();
    assert_eq!(
        last.get_start(),
        Some(DatePerhapsTime::Date(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 18).unwrap()
        ))
    );
}

#[test]
fn text_from_the_library_is_escaped_and_cannot_start_a_line_of_its_own() {
    let library = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("good").join("services.toml"),
        library.path().join("services.toml"),
    )
    .unwrap();
    let module = std::fs::read_to_string(fixture("good").join("phone-rules-7-11.toml"))
        .unwrap()
        .replace(
            "title = \"Our class phone agreement\"",
            "title = \"Phones, tablets; and \\\\ rules\\nBEGIN:VEVENT\"",
        )
        .replace(
            "title = \"Writing the agreement\"",
            "title = \"Rules, reasons; and\\nEND:VCALENDAR\"",
        );
    std::fs::write(library.path().join("phone-rules-7-11.toml"), module).unwrap();
    let home = home_with(
        &(plan(0, FRIDAYS)
            .replace("group = \"5B\"", "group = \"5B; Set 2\"")
            .replace("staying safe", "phones, tablets; rules")
            + "\n[[items]]\nmodule = \"phone-rules-7-11\"\n"),
    );
    let done = lessonplan(home.path(), library.path())
        .current_dir(home.path())
        .args([
            "export",
            "./y5.toml",
            "--calendar",
            "calendar.toml",
            "-o",
            "y5.ics",
        ])
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let text = std::fs::read_to_string(home.path().join("y5.ics")).unwrap();
    check_lines(&text);
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains(
            "\r\nSUMMARY:Online safety: Phones\\, tablets\\; and \\\\ rules BEGIN:VEVENT (5B\\; Set 2)\r\n"
        ),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("\\n- Rules\\, reasons\\; and END:VCALENDAR (25 min)\\n"),
        "{unfolded}"
    );
    let lines: Vec<&str> = text.split("\r\n").collect();
    for name in ["NAME", "X-WR-CALNAME"] {
        let line = format!("{name}:Year 5: phones\\, tablets\\; rules");
        assert!(lines.contains(&line.as_str()), "{line} in {text}");
    }
    assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 1);
    assert_eq!(lines.iter().filter(|l| **l == "END:VCALENDAR").count(), 1);
    let found = events(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].get_summary(),
        Some("Online safety: Phones, tablets; and \\ rules BEGIN:VEVENT (5B; Set 2)")
    );
    assert_eq!(
        events_read_apart(&text)[0]["SUMMARY"],
        "Online safety: Phones\\, tablets\\; and \\\\ rules BEGIN:VEVENT (5B\\; Set 2)"
    );
    let description = found[0].get_description().unwrap();
    assert!(
        description.contains("\n- Rules, reasons; and END:VCALENDAR (25 min)\n"),
        "{description}"
    );
    assert!(!description.contains("Sensitive"), "a standard module");
}

#[test]
fn a_lesson_no_library_has_stops_the_calendar_unless_it_is_skipped() {
    let home = home_with(&(plan(2, FRIDAYS) + "\n[[items]]\nmodule = \"gone-7-11\"\n"));
    let stopped = export(home.path(), &["-o", "y5.ics"]);
    let said = String::from_utf8_lossy(&stopped.stderr);
    assert_eq!(stopped.status.code(), Some(1), "{said}");
    assert!(
        said.contains("gone-7-11") && said.contains("--skip-missing"),
        "{said}"
    );
    assert!(!home.path().join("y5.ics").exists());
    let skipped = export(home.path(), &["-o", "y5.ics", "--skip-missing"]);
    assert!(skipped.status.success());
    let text = std::fs::read_to_string(home.path().join("y5.ics")).unwrap();
    assert_eq!(events(&text).len(), 2);
}

#[test]
fn a_plan_without_a_slot_or_a_lesson_length_is_told_what_to_add() {
    let no_slot = plan(1, "");
    let home = home_with(&no_slot);
    let done = export(home.path(), &["--ics"]);
    let said = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(1), "{said}");
    assert!(
        said.contains("y5.toml: the plan has no weekly slot"),
        "{said}"
    );
    assert!(
        said.contains("`lessonplan plan schedule PLAN --day Tuesday --time 10:45`")
            && said.contains("add a [schedule] table"),
        "{said}"
    );

    std::fs::write(
        home.path().join("y5.toml"),
        plan(1, FRIDAYS).replace("lesson_minutes = 45\n", ""),
    )
    .unwrap();
    let said = String::from_utf8_lossy(&export(home.path(), &["--ics"]).stderr).into_owned();
    assert!(said.contains("no lesson length"), "{said}");
    assert!(
        said.contains("lessonplan plan set PLAN --lesson 60"),
        "{said}"
    );

    std::fs::write(
        home.path().join("y5.toml"),
        plan(1, &FRIDAYS.replace("Autumn 1", "Spring 1")),
    )
    .unwrap();
    let said = String::from_utf8_lossy(&export(home.path(), &["--ics"]).stderr).into_owned();
    assert!(said.contains("no term called `Spring 1`"), "{said}");
    assert!(!home.path().join("year-5-staying-safe-lessons.ics").exists());
}

#[test]
fn the_calendar_file_is_named_after_the_plan_and_never_mixed_up_with_handouts() {
    let home = home_with(&plan(1, FRIDAYS));
    let done = export(home.path(), &["--ics"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let made = home.path().join("year-5-staying-safe-lessons.ics");
    assert!(made.exists(), "named after the plan, beside it");
    let again = export(home.path(), &["--ics"]);
    assert_eq!(again.status.code(), Some(1), "not replaced without --force");
    assert!(export(home.path(), &["--ics", "--force"]).status.success());

    let wrong = export(home.path(), &["--ics", "-o", "dates.pdf"]);
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(2), "{said}");
    assert!(said.contains("end it with .ics"), "{said}");
    let mixed = export(home.path(), &["--ics", "--handout", "parent"]);
    assert_eq!(mixed.status.code(), Some(2));
    let mixed = export(home.path(), &["--format", "pdf", "-o", "dates.ics"]);
    let said = String::from_utf8_lossy(&mixed.stderr);
    assert_eq!(mixed.status.code(), Some(2), "{said}");
    assert!(said.contains("--format is for handouts"), "{said}");
    assert!(!home.path().join("dates.ics").exists());

    let missing = program(home.path())
        .current_dir(home.path())
        .args([
            "export",
            "./y5.toml",
            "-o",
            "y5.ICS",
            "--calendar",
            "nowhere.toml",
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(1), "{said}");
    assert!(said.contains("nowhere.toml"), "{said}");
    assert!(!home.path().join("y5.ICS").exists());
}
