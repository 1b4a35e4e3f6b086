//! Module files read, parsed and checked on every core, one file at a time: parsing and checking
//! are nearly all of loading a library, and no module's text outlives its own check.
//!
//! Everything a module can be checked against on its own (the framework, the services, the
//! outcomes, its review date) is checked here; what needs every module known (repeated ids,
//! `builds_on` and `leads_to`, a later library's replacement) is left to the loader, with the
//! places it may report already located, so the text is not needed for it.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::diagnostic::SourceFile;
use super::fields::{At, Date, Problems};
use super::framework::Framework;
use super::module::{self, Module};
use super::outcomes::Outcome;
use super::services::Service;
use super::sources::RawFile;
use super::{Code, Diagnostic, Severity, review};

/// What every module is checked against, once every library's other files are read.
pub(super) struct Checks<'a> {
    /// Each library's own framework, by library; `None` uses `default_framework`.
    pub frameworks: &'a [Option<Framework>],
    pub default_framework: &'a Framework,
    pub services: &'a [Service],
    pub regions: &'a [&'a str],
    pub outcomes: &'a [Outcome],
    pub today: Date,
}

/// A value written in a module, and a diagnostic placed on it with no message yet: what the
/// loader says there, if anything, is known only once every module is read.
pub(super) struct Placed {
    pub value: String,
    pub line: usize,
    pub at: Diagnostic,
}

impl Placed {
    /// The placed diagnostic, said.
    pub fn say(
        &self,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            ..self.at.clone()
        }
        .with_hint(hint)
    }
}

/// One module file, read and checked on its own.
pub(super) struct CheckedModule {
    pub file: String,
    pub library: usize,
    /// The problems reading it found, then those checking it against the libraries found.
    pub problems: Vec<Diagnostic>,
    /// `None` when it has errors.
    pub module: Option<Module>,
    pub id: Option<Placed>,
    pub age_band: Option<String>,
    pub builds_on: Vec<Placed>,
    pub leads_to: Vec<Placed>,
}

/// Every file of `files` (library, file) read and checked, in their order, on every core;
/// `done` is told of each file finished, with its module if it has no errors, for a progress
/// line.
pub(super) fn check_modules(
    files: &[(usize, RawFile)],
    checks: &Checks,
    done: &(dyn Fn(Option<&Module>) + Sync),
) -> Vec<CheckedModule> {
    let next = AtomicUsize::new(0);
    // Each worker takes the next file when it is free, so one slow file or a busy core never
    // leaves the other idle; results carry their place and are put back in order.
    let work = |_worker| {
        let mut out = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some((library, raw)) = files.get(index) else {
                return out;
            };
            let checked = check_one(*library, raw, checks);
            done(checked.module.as_ref());
            out.push((index, checked));
        }
    };
    let workers = crate::parallel::workers_for(files.len(), 16);
    let mut results: Vec<(usize, CheckedModule)> = crate::parallel::on_workers(workers, work)
        .into_iter()
        .flatten()
        .collect();
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, checked)| checked).collect()
}

fn check_one(library: usize, raw: &RawFile, checks: &Checks) -> CheckedModule {
    let mut checked = CheckedModule {
        file: raw.display.clone(),
        library,
        problems: Vec::new(),
        module: None,
        id: None,
        age_band: None,
        builds_on: Vec::new(),
        leads_to: Vec::new(),
    };
    let Some((text, source)) = raw.read(&mut checked.problems) else {
        return checked;
    };
    let file = SourceFile::new(&raw.display, &text);
    let mut problems = Problems::new(&file);
    let document = match toml::de::DeTable::parse(&text) {
        Ok(document) => document,
        Err(error) => {
            problems.syntax_error(&error);
            checked.problems.append(&mut problems.found);
            return checked;
        }
    };
    let (module, mut references) = module::read_module(
        document.get_ref(),
        document.span(),
        (&raw.display, source),
        checks.today,
        &mut problems,
    );
    drop(document);
    checked.problems.append(&mut problems.found);
    // The library holds what is browsed and planned; the rest is read again from the module's
    // `source` when it is shown or printed.
    let mut module = module.map(|full| full.module);

    let framework = checks.frameworks[library]
        .as_ref()
        .unwrap_or(checks.default_framework);
    super::check_references(
        &references,
        framework,
        checks.services,
        checks.regions,
        &mut problems,
    );
    super::check_outcomes(&references, checks.outcomes, &mut problems);
    super::check_design_standard(&references, checks.outcomes, &mut problems);
    let interval = framework.review_interval_months();
    if let Some(read) = &mut references.review {
        read.review.interval_months = interval;
        let id = references.id.as_ref().map(|id| id.value.as_str());
        review::check_due(read, id, &raw.display, checks.today, &mut problems);
    }
    if let Some(module) = &mut module {
        module.review.interval_months = interval;
    }
    if problems.has_errors() {
        module = None;
    }
    checked.problems.append(&mut problems.found);
    checked.module = module;

    let place = |at: &At<String>| Placed {
        value: at.value.clone(),
        line: file.location(at.span.start).line,
        at: file.diagnostic(at.span.clone(), Severity::Note, Code::Replaced, "", ""),
    };
    checked.id = references.id.as_ref().map(place);
    checked.age_band = references.age_band.map(|band| band.value);
    checked.builds_on = references.builds_on.iter().map(place).collect();
    checked.leads_to = references.leads_to.iter().map(place).collect();
    checked
}
