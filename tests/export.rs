//! `lessonplan export`, run as a teacher would, with the files checked by the tools a reader
//! would use: poppler's pdftotext, pdffonts and pdfinfo (installed by .ci/run).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;

mod common;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export")
}

/// The binary with private folders and the export fixture library.
fn lessonplan(home: &Path) -> Command {
    common::lessonplan(home, &fixtures().join("library"))
}

fn export(home: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = home.join(name);
    lessonplan(home)
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--skip-missing")
        .arg("--out")
        .arg(&out)
        .args(args)
        .assert()
        .success()
        .stdout(predicate::str::contains(out.display().to_string()));
    out
}

/// A poppler tool's output for `file`, written to standard output.
fn poppler(tool: &str, args: &[&str], file: &Path) -> Option<String> {
    let args = args.iter().map(OsStr::new);
    common::poppler(tool, args.chain([file.as_os_str(), OsStr::new("-")]))
}

/// pdfinfo and pdffonts take no output argument.
fn poppler_info(tool: &str, file: &Path) -> Option<String> {
    common::poppler(tool, [file])
}

fn pages(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Asserts each text appears, after the one before it.
fn assert_in_order(text: &str, expected: &[&str]) {
    let mut from = 0;
    for wanted in expected {
        match text[from..].find(wanted) {
            Some(at) => from += at + wanted.len(),
            None => panic!("{wanted:?} not found after byte {from} in:\n{text}"),
        }
    }
}

#[test]
fn markdown_handouts_match_the_reviewed_snapshots() {
    let home = tempfile::tempdir().unwrap();
    for handout in ["teacher", "student", "parent"] {
        let file = export(
            home.path(),
            &format!("{handout}.md"),
            &["--format", "md", "--handout", handout],
        );
        let markdown = std::fs::read_to_string(file).unwrap();
        insta::assert_snapshot!(format!("markdown_{handout}"), markdown);
    }
}

#[test]
fn html_is_one_escaped_self_contained_file() {
    let home = tempfile::tempdir().unwrap();
    let html =
        std::fs::read_to_string(export(home.path(), "h.html", &["--format", "html"])).unwrap();
    assert!(
        !html.contains("<script"),
        "script tag from a module got through"
    );
    assert!(
        !html.contains("<img"),
        "image tag from a module got through"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !html.contains("src=\"http"),
        "nothing is loaded from elsewhere"
    );
    assert!(!html.contains("<link"), "no external stylesheets");
    assert_eq!(html.matches("<section class=\"handout").count(), 4);
    assert!(html.contains("page-break-before: always"));
}

#[test]
fn pdf_text_is_extractable_in_reading_order() {
    let home = tempfile::tempdir().unwrap();
    let pdf = export(home.path(), "all.pdf", &[]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let Some(text) = poppler("pdftotext", &[], &pdf) else {
        return;
    };
    assert_in_order(
        &text,
        &[
            "Teacher plan: Year 8: checking what we see",
            "Ms Patel",
            "Left out of these handouts",
            "retired-module (your note: Swap for the new AI lesson.)",
            "Session 1: Fakes & <script>alert(1)</script> \"quotes\"",
            "Objectives",
            "Baseline: real or fake?",
            "Session 2: Sextortion",
            "Safeguarding pre-flight checklist",
            "Designated Safeguarding Lead (DSL) briefed",
            // The student handout starts on its own page.
            "Check before you share",
            "Where to get help",
            "Fixture Youth Line",
            "0800 000 0001",
            "A letter to parents and carers",
            "Talking about it at home",
            "Fixture Family Line",
            "Yours sincerely",
        ],
    );
    assert!(text.contains("Teacher plan, page 1 of"), "page numbers");
    assert!(
        text.contains("Parent/carer letter, page 1 of"),
        "page numbers"
    );
    assert!(
        !text.contains("Fixture Irish"),
        "services from another region"
    );
}

#[test]
fn pdf_embeds_its_fonts_is_tagged_and_follows_the_paper() {
    let home = tempfile::tempdir().unwrap();
    let a4 = export(home.path(), "a4.pdf", &[]);
    let letter = export(home.path(), "letter.pdf", &["--paper", "letter"]);
    let Some(fonts) = poppler_info("pdffonts", &a4) else {
        return;
    };
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!embedded.is_empty(), "{fonts}");
    for line in &embedded {
        assert!(line.contains("LiberationSans"), "{line}");
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(columns[columns.len() - 5], "yes", "not embedded: {line}");
    }
    let info = poppler_info("pdfinfo", &a4).unwrap();
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
    assert!(
        info.contains("Title:           Year 8: checking what we see"),
        "{info}"
    );
    let info = poppler_info("pdfinfo", &letter).unwrap();
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
}

#[test]
fn large_print_takes_more_pages() {
    let home = tempfile::tempdir().unwrap();
    let normal = export(home.path(), "normal.pdf", &[]);
    let large = export(home.path(), "large.pdf", &["--large-print"]);
    let Some(normal) = poppler_info("pdfinfo", &normal) else {
        return;
    };
    let large = poppler_info("pdfinfo", &large).unwrap();
    assert!(
        pages(&large) > pages(&normal),
        "large {} vs normal {}",
        pages(&large),
        pages(&normal)
    );
}

#[test]
fn one_handout_for_another_region() {
    let home = tempfile::tempdir().unwrap();
    let pdf = export(
        home.path(),
        "ie.pdf",
        &["--handout", "student", "--region", "ie"],
    );
    let Some(text) = poppler("pdftotext", &[], &pdf) else {
        return;
    };
    assert!(text.contains("Fixture Irish Youth Service"), "{text}");
    assert!(!text.contains("Fixture Youth Line"), "{text}");
    assert!(!text.contains("Teacher plan"), "{text}");
    assert!(!text.contains("letter to parents"), "{text}");
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("taken.md");
    std::fs::write(&out, "keep me").unwrap();
    lessonplan(home.path())
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--skip-missing")
        .args(["--format", "md", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists; use --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    export(home.path(), "taken.md", &["--format", "md", "--force"]);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("# Teacher plan")
    );
}

#[test]
fn bad_region_and_broken_plan_are_explained() {
    let home = tempfile::tempdir().unwrap();
    lessonplan(home.path())
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--skip-missing")
        .args(["--region", "atlantis"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("region `atlantis`")
                .and(predicate::str::contains("ie, nz, uk")),
        );
    let broken = home.path().join("broken.toml");
    std::fs::write(&broken, "title = \"x\"\n[[items]]\nmodule = 3\n").unwrap();
    lessonplan(home.path())
        .arg("export")
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.toml:3:"));
}

#[test]
fn a_plan_with_a_missing_module_is_refused_unless_skipping_is_asked_for() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("plan.pdf");
    lessonplan(home.path())
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("retired-module")
                .and(predicate::str::contains("--skip-missing")),
        );
    assert!(!out.exists(), "nothing half-printed");
}

/// A term's letter goes home on paper: three lessons fit on two sides of A4.
#[test]
fn a_three_lesson_letter_fits_on_two_pages() {
    let home = tempfile::tempdir().unwrap();
    let plan = home.path().join("year-5.toml");
    std::fs::write(
        &plan,
        "title = \"Year 5\"\ngroup = \"5B\"\nteacher = \"Mr Ode\"\n\
         [[items]]\nmodule = \"not-who-they-say-7-11\"\n\
         [[items]]\nmodule = \"pictures-can-travel-7-11\"\n\
         [[items]]\nmodule = \"trusted-adults-7-11\"\n",
    )
    .unwrap();
    // With the school's letterhead, the longest a letter gets.
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[school]\nname = \"Hillside Primary School\"\naddress = \"1 Hill Road, Townsville\"\n\
         phone = \"01234 567890\"\nemail = \"office@hillside.example\"\n\
         dsl_name = \"Mr Khan\"\ndsl_contact = \"01234 567891\"\n",
    )
    .unwrap();
    let out = home.path().join("letter.pdf");
    Command::cargo_bin("lessonplan")
        .unwrap()
        .env("LESSONPLAN_CONFIG_DIR", &config)
        .env("LESSONPLAN_DATA_DIR", home.path().join("data"))
        .env_remove("LESSONPLAN_LIBRARY")
        .arg("export")
        .arg(&plan)
        .args(["--handout", "parent", "--out"])
        .arg(&out)
        .assert()
        .success();
    let Some(info) = poppler_info("pdfinfo", &out) else {
        return;
    };
    let pages = pages(&info);
    assert!((1..=2).contains(&pages), "{info}");
}

#[test]
fn the_config_region_matches_in_any_case_and_an_unknown_one_is_located() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "theme = \"dark\"\nregion = \"IE\"\n",
    )
    .unwrap();
    let out = home.path().join("ie.md");
    lessonplan(home.path())
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--skip-missing")
        .args(["--handout", "student", "--format", "md", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Fixture Irish Youth Service"), "{text}");

    std::fs::write(
        config.join("config.toml"),
        "theme = \"dark\"\nregion = \"fr\"\n",
    )
    .unwrap();
    lessonplan(home.path())
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--skip-missing")
        .args(["--out"])
        .arg(home.path().join("fr.pdf"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains(
                "config.toml:2:10: error: no help services are known for region `fr`",
            )
            .and(predicate::str::contains("use one of: au, ie, nz, uk, us")),
        );
    assert!(
        !home.path().join("fr.pdf").exists(),
        "nothing is printed for Australia instead"
    );
    // A flag names the region for this export and wins over the config.
    lessonplan(home.path())
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--skip-missing")
        .args(["--region", "NZ", "--out"])
        .arg(home.path().join("nz.pdf"))
        .assert()
        .success();
}

#[test]
fn a_school_library_may_add_a_region_of_its_own() {
    let home = tempfile::tempdir().unwrap();
    let library = home.path().join("island");
    std::fs::create_dir_all(&library).unwrap();
    std::fs::write(
        library.join("services.toml"),
        "[[services]]\nid = \"island-youth\"\nname = \"Island Youth Line\"\naudience = \"young-people\"\n\
         region = \"gg\"\nkind = \"listening\"\nphone = \"01481 000000\"\n\
         description = \"Someone to talk to, for young people on the island.\"\n",
    )
    .unwrap();
    let out = home.path().join("gg.md");
    lessonplan(home.path())
        .arg("--library")
        .arg(&library)
        .arg("export")
        .arg(fixtures().join("plan.toml"))
        .arg("--skip-missing")
        .args([
            "--region",
            "gg",
            "--handout",
            "student",
            "--format",
            "md",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("**Island Youth Line** · 01481 000000"),
        "{text}"
    );
    assert!(!text.contains("Childline"), "{text}");
}

#[test]
fn the_default_name_goes_beside_the_plan() {
    let home = tempfile::tempdir().unwrap();
    let plan = home.path().join("year-8.toml");
    std::fs::copy(fixtures().join("plan.toml"), &plan).unwrap();
    lessonplan(home.path())
        .arg("export")
        .arg(&plan)
        .arg("--skip-missing")
        .args(["--format", "html", "--handout", "parent"])
        .assert()
        .success();
    assert!(
        home.path()
            .join("year-8-checking-what-we-see-parent.html")
            .exists()
    );
}

#[test]
fn chromium_prints_the_html_with_each_handout_on_new_pages() {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Process::new(c).arg("--version").output().is_ok());
    let Some(chromium) = chromium else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing: .ci/run installs it"
        );
        eprintln!("SKIPPED: chromium is not installed");
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let html = export(home.path(), "print.html", &["--format", "html"]);
    let printed = home.path().join("printed.pdf");
    let profile = home.path().join("chromium-profile");
    let status = Process::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", printed.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(printed.exists(), "{status:?}");
    let Some(text) = poppler("pdftotext", &[], &printed) else {
        return;
    };
    // Pages are separated by form feeds: each handout starts a page of its own.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let starts = |heading: &str| {
        pages
            .iter()
            .position(|p| p.trim_start().starts_with(heading))
            .unwrap_or_else(|| panic!("no page starts with {heading:?}:\n{text}"))
    };
    let teacher = starts("Teacher plan: Year 8");
    let student = starts("Student handout: Year 8");
    let parent = starts("A letter to parents and carers");
    assert!(
        teacher < student && student < parent,
        "{teacher} {student} {parent}"
    );
    assert!(
        text.contains("<script>alert(1)</script>"),
        "escaped text prints as text"
    );
    assert!(info_contains(&printed, "(A4)"));
}

fn info_contains(file: &Path, wanted: &str) -> bool {
    poppler_info("pdfinfo", file).is_some_and(|info| info.contains(wanted))
}

#[test]
fn addresses_emails_and_service_numbers_are_tagged_links_in_pdf_and_html() {
    let home = tempfile::tempdir().unwrap();
    let pdf = export(home.path(), "letter.pdf", &["--handout", "parent"]);
    let html = export(
        home.path(),
        "letter.html",
        &["--handout", "parent", "--format", "html"],
    );
    let html = std::fs::read_to_string(html).unwrap();
    let expected = [
        "tel:08000000002",
        "tel:999",
        "mailto:help@nspcc.org.uk",
        "https://www.nspcc.org.uk/keeping-children-safe/our-services/nspcc-helpline",
    ];
    for href in expected {
        assert!(
            html.contains(&format!("href=\"{href}\"")),
            "{href} in the HTML"
        );
    }
    // The Irish fixture number is not a UK handout's to dial.
    assert!(!html.contains("tel:1800000003"));
    let Some(urls) = common::poppler("pdfinfo", [OsStr::new("-url"), pdf.as_os_str()]) else {
        return;
    };
    for href in expected {
        assert!(
            urls.contains(href),
            "{href} is not a link in the PDF:\n{urls}"
        );
    }
    let structure = common::poppler("pdfinfo", [OsStr::new("-struct"), pdf.as_os_str()]).unwrap();
    let tagged_links = structure.matches("Link (inline)").count();
    let annotations = urls.lines().filter(|l| l.contains("Annotation")).count();
    assert!(annotations >= expected.len());
    assert_eq!(
        tagged_links, annotations,
        "every link is in the structure tree"
    );
}

#[test]
fn each_handout_has_a_bookmark_that_names_it() {
    let home = tempfile::tempdir().unwrap();
    let pdf = export(home.path(), "all.pdf", &[]);
    let args = ["-xml", "-i", "-stdout"].map(OsStr::new);
    let Some(xml) = common::poppler("pdftohtml", args.into_iter().chain([pdf.as_os_str()])) else {
        return;
    };
    let outline = &xml[xml.find("<outline>").expect("an outline")..];
    assert_in_order(
        outline,
        &[
            ">Teacher plan: Year 8: checking what we see</item>",
            ">Session 1: Fakes",
            ">Student handout: Year 8: checking what we see</item>",
            ">Parent/carer letter: Year 8: checking what we see</item>",
        ],
    );
}
