//! The lesson library: framework, services, synonyms and modules loaded from one or more folders.
//!
//! Loading never stops at a bad file: every problem becomes a [`Diagnostic`] and every good file
//! still loads. No terminal code lives here; the CLI, TUI and exporters all read a [`Library`].

pub mod coverage;
pub mod curation;
pub mod diagnostic;
pub mod fields;
pub mod framework;
pub mod module;
pub mod outcomes;
mod reading;
pub mod review;
pub mod services;
pub mod sheets;
mod sources;
pub mod synonyms;
pub mod template;
pub mod wording;
pub mod year_groups;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use coverage::Coverage;
pub use diagnostic::{Code, Diagnostic, Location, Severity};
pub use fields::Date;
pub use framework::{AgeBand, Framework, Strand};
pub use module::{
    Activity, ActivityKind, FileStamp, FullModule, Handout, Module, ModuleText, Sensitivity, Term,
    TextChanged, TextSource,
};
pub use outcomes::Outcome;
pub use review::{Review, ReviewStatus};
pub use services::{AgeFit, Audience, PupilWords, Service, ServiceKind, WORLDWIDE};
pub use sheets::{Message, ResourceSheet, SheetContent};
pub use sources::{BUNDLED_PREFIX, LibrarySource, MAX_FILE_BYTES, bundled_text, fingerprint};
pub use synonyms::Synonym;

use diagnostic::SourceFile;
use fields::Problems;
use sources::RawFile;

#[derive(Debug, Clone, PartialEq)]
pub struct LoadOptions {
    /// The date `last_reviewed` is compared with.
    pub today: Date,
    /// Load the bundled modules too (off when checking a school's folders on their own, so that
    /// only the bundled framework and services are used).
    pub bundled_modules: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            today: Date::today(),
            bundled_modules: true,
        }
    }
}

/// Everything loaded from the libraries, in the order they were given (later ones win).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Library {
    /// The bundled framework, extended with any bands and strands other libraries define.
    pub framework: Framework,
    pub services: Vec<Service>,
    /// Words people search for and what the modules call them, from every library's
    /// `synonyms.toml` (a word in several keeps the meanings of all).
    pub synonyms: Vec<Synonym>,
    /// What pupils can do by the end of each band, strand by strand, from every library's
    /// `outcomes.toml` (a later library's outcome replaces an earlier one of the same id).
    /// Sorted by strand, then age band, as the framework orders them.
    pub outcomes: Vec<Outcome>,
    /// What schools call their year groups, system by system, and each one's age band, from
    /// every library's `year-groups.toml` (a later library's system replaces one of its id).
    pub year_systems: Vec<year_groups::YearSystem>,
    /// Sorted by age band, then primary strand, then title.
    pub modules: Vec<Module>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Vec<LibrarySource>,
    /// The `.toml` files each source held, as named in messages, in the order of `sources`.
    pub files_read: Vec<Vec<String>>,
    /// What it was loaded with, to load it again the same way.
    pub options: LoadOptions,
    /// Each module's place in `modules` by id: plans look modules up on every frame.
    by_id: HashMap<String, usize>,
}

impl Library {
    /// The sources not read yet: what the planner shows while it reads them.
    pub fn unloaded(sources: &[LibrarySource], options: &LoadOptions) -> Library {
        Library {
            sources: sources.to_vec(),
            options: options.clone(),
            ..Library::default()
        }
    }

    /// Adds modules read so far (see [`LoadProgress::keeping_read`]) to a library not yet read,
    /// to browse while the rest are read. The first of an id is kept.
    pub fn add_read(&mut self, modules: Vec<Module>) {
        for module in modules {
            if !self.by_id.contains_key(&module.id) {
                self.by_id.insert(module.id.clone(), self.modules.len());
                self.modules.push(module);
            }
        }
    }

    /// The same sources read again, as they are now.
    pub fn reload(&self) -> Library {
        load(&self.sources, &self.options)
    }
}

impl Library {
    /// The bundled library alone.
    pub fn bundled(options: &LoadOptions) -> Library {
        load(&[LibrarySource::Bundled], options)
    }

    pub fn module(&self, id: &str) -> Option<&Module> {
        // The index is checked against the module it names, so a list changed since it was
        // built is still answered right, by a scan.
        match self.by_id.get(id).and_then(|&i| self.modules.get(i)) {
            Some(found) if found.id == id => Some(found),
            _ => self.modules.iter().find(|m| m.id == id),
        }
    }

    /// Its modules by strand and age band.
    /// Which modules teach each outcome.
    pub fn outcome_coverage(&self) -> coverage::OutcomeCoverage<'_> {
        coverage::OutcomeCoverage::of(&self.outcomes, &self.modules)
    }

    pub fn coverage(&self) -> Coverage {
        Coverage::of(&self.framework, &self.modules)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Regions that have at least one service of their own, sorted (a worldwide service makes
    /// no region).
    pub fn regions(&self) -> Vec<&str> {
        services::regions_of(&self.services)
    }

    /// The outcome with this id.
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }

    /// What a module's outcomes say, in its order: each statement, or the id alone where no
    /// library has that outcome.
    pub fn outcome_statements(&self, module: &Module) -> Vec<String> {
        module
            .outcomes
            .iter()
            .map(|id| match self.outcome(id) {
                Some(outcome) => outcome.statement.clone(),
                None => id.clone(),
            })
            .collect()
    }

    /// The year groups a school uses: the system the config names (`year_groups`), else the
    /// first for its region, else the first of all.
    pub fn year_system(
        &self,
        chosen: Option<&str>,
        region: Option<&str>,
    ) -> Option<&year_groups::YearSystem> {
        year_groups::system_for(&self.year_systems, chosen, region)
    }

    /// The known region matching `name` in any case (`IE` is `ie`).
    pub fn region(&self, name: &str) -> Option<&str> {
        let wanted = name.trim().to_lowercase();
        self.regions().into_iter().find(|r| *r == wanted)
    }
}

/// What a library file holds, told by its name. Serialised as `validate --format json` names
/// it: `framework`, `services`, `synonyms`, `outcomes` or `module`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Framework,
    Services,
    Synonyms,
    Outcomes,
    #[serde(rename = "year-groups")]
    YearGroups,
    /// Any other `.toml` file.
    Module,
}

impl FileKind {
    /// The kind of the file named `name` (the name alone, without its folder).
    pub fn of(name: &str) -> FileKind {
        match name {
            "framework.toml" => FileKind::Framework,
            "services.toml" => FileKind::Services,
            "synonyms.toml" => FileKind::Synonyms,
            "outcomes.toml" => FileKind::Outcomes,
            "year-groups.toml" => FileKind::YearGroups,
            _ => FileKind::Module,
        }
    }

    /// As a person would say it: "a lesson module", "a list of help services".
    pub fn described(self) -> &'static str {
        match self {
            FileKind::Framework => "a framework of age bands and strands",
            FileKind::Services => "a list of help services",
            FileKind::Synonyms => "a list of search synonyms",
            FileKind::Outcomes => "a list of outcome statements",
            FileKind::YearGroups => "a list of year groups and their age bands",
            FileKind::Module => "a lesson module",
        }
    }
}

/// How far a load has got, readable from another thread while it runs: the planner's progress
/// line.
#[derive(Debug, Default)]
pub struct LoadProgress {
    /// Module files found in every library (0 until the folders have been walked).
    pub modules_found: AtomicUsize,
    /// Module files read and checked so far.
    pub modules_read: AtomicUsize,
    /// Whether to keep a copy of each module read without errors, for [`LoadProgress::take_read`].
    keep_read: bool,
    read: std::sync::Mutex<Vec<Module>>,
    /// The framework, once every library's is read (before their modules are), for naming
    /// strands and bands while the modules are read.
    framework: std::sync::Mutex<Option<Framework>>,
}

impl LoadProgress {
    /// A progress that also keeps each module as it is read: the planner lists them while the
    /// rest are read. They are what each file says on its own; the library, once read, is what
    /// to trust (a later library may replace one, or another module take its id).
    pub fn keeping_read() -> LoadProgress {
        LoadProgress {
            keep_read: true,
            ..LoadProgress::default()
        }
    }

    /// The modules read since the last call, in the order they were finished.
    pub fn take_read(&self) -> Vec<Module> {
        std::mem::take(&mut *self.read.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The framework the modules are read against, once known; given once.
    pub fn take_framework(&self) -> Option<Framework> {
        self.framework
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    fn framework_known(&self, framework: &Framework) {
        if self.keep_read {
            *self.framework.lock().unwrap_or_else(|e| e.into_inner()) = Some(framework.clone());
        }
    }

    /// Counts a module file read; keeps its module, if asked to.
    fn module_read(&self, module: Option<&Module>) {
        if self.keep_read
            && let Some(module) = module
        {
            let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
            read.push(module.clone());
        }
        self.modules_read.fetch_add(1, Ordering::Relaxed);
    }

    /// (read, found) as they stand.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.modules_read.load(Ordering::Relaxed),
            self.modules_found.load(Ordering::Relaxed),
        )
    }
}

/// Loads the given libraries. Later libraries shadow earlier ones by module and service id.
pub fn load(sources: &[LibrarySource], options: &LoadOptions) -> Library {
    load_counting(sources, options, &LoadProgress::default())
}

/// As [`load`], counting the module files read in `progress` as it goes.
pub fn load_counting(
    sources: &[LibrarySource],
    options: &LoadOptions,
    progress: &LoadProgress,
) -> Library {
    let mut diagnostics = Vec::new();
    let mut frameworks: Vec<Option<Framework>> = vec![None; sources.len()];
    let mut services: Vec<Service> = Vec::new();
    let mut synonyms: Vec<Synonym> = Vec::new();
    // Module files of every library, read once every other file is: (library, file).
    let mut module_files: Vec<(usize, RawFile)> = Vec::new();
    let mut files_read = vec![Vec::new(); sources.len()];
    // `pupil_text` keys, checked once every framework is known: (band id, its diagnostic).
    let mut band_keys: Vec<(String, Diagnostic)> = Vec::new();
    // Outcomes in library order, each with the errors it has if its band or strand is unknown.
    let mut read_outcomes: Vec<(Outcome, Diagnostic, Diagnostic)> = Vec::new();
    // Each system with, for each year, the error to report if its band turns out unknown.
    let mut read_systems: Vec<(year_groups::YearSystem, Vec<Diagnostic>)> = Vec::new();

    for (library, source) in sources.iter().enumerate() {
        let mut framework_file: Option<String> = None;
        let mut library_services: Vec<(Service, Diagnostic)> = Vec::new();
        let raws = source.files(&mut diagnostics);
        // Bundled modules not asked for are not even parsed: checking a school's folder needs
        // only the bundled framework and services, not the hundreds of kilobytes of bundled
        // lessons.
        let wanted = |kind: FileKind| {
            kind != FileKind::Module || *source != LibrarySource::Bundled || options.bundled_modules
        };
        for raw in raws {
            files_read[library].push(raw.display.clone());
            let kind = FileKind::of(&raw.name);
            if !wanted(kind) {
                continue;
            }
            if kind == FileKind::Module {
                module_files.push((library, raw));
                continue;
            }
            let display = raw.display.clone();
            let Some(text) = raw.text(&mut diagnostics) else {
                continue;
            };
            let file = SourceFile::new(&display, &text);
            let mut problems = Problems::new(&file);
            let parsed = toml::de::DeTable::parse(&text);
            match parsed {
                Err(error) => problems.syntax_error(&error),
                Ok(document) => {
                    let span = document.span();
                    let table = document.get_ref();
                    match kind {
                        FileKind::Framework => {
                            if let Some(first) = &framework_file {
                                problems.error(
                                    Code::DuplicateFramework,
                                    0..0,
                                    format!("a second framework.toml in this library (the first is {first})"),
                                    "keep one framework.toml per library folder",
                                );
                            } else if let Some(fw) =
                                framework::read_framework(table, span, &mut problems)
                            {
                                framework_file = Some(display.clone());
                                frameworks[library] = Some(fw);
                            }
                        }
                        FileKind::Services => {
                            let read = services::read_services(
                                table,
                                span,
                                &display,
                                options.today,
                                &mut problems,
                            );
                            for band in read.band_keys {
                                let unknown = file.diagnostic(
                                    band.span,
                                    Severity::Warning,
                                    Code::UnknownAgeBand,
                                    format!(
                                        "`pupil_text` names an unknown age band `{}`",
                                        band.value
                                    ),
                                    "use the id of an age band from framework.toml, e.g. \"7-11\"",
                                );
                                band_keys.push((band.value, unknown));
                            }
                            for read in read.services {
                                if let Some((earlier, _)) = library_services
                                    .iter()
                                    .find(|(s, _)| s.id == read.service.id)
                                {
                                    problems.error(
                                        Code::DuplicateId,
                                        read.id_span,
                                        format!(
                                            "service `{}` is already defined in {}",
                                            read.service.id, earlier.file
                                        ),
                                        "give each service a unique id within a library",
                                    );
                                } else {
                                    // Where a later library's replacement of this service is reported.
                                    let at = file.diagnostic(
                                        read.id_span,
                                        Severity::Note,
                                        Code::Replaced,
                                        "",
                                        "libraries given later win; use a different id to keep both",
                                    );
                                    library_services.push((read.service, at));
                                }
                            }
                        }
                        FileKind::Outcomes => {
                            let read =
                                outcomes::read_outcomes(table, span, &display, &mut problems);
                            for read in read {
                                let band = file.diagnostic(
                                    read.band_span,
                                    Severity::Error,
                                    Code::UnknownAgeBand,
                                    format!(
                                        "outcome `{}` names an unknown age band `{}`",
                                        read.outcome.id, read.outcome.age_band
                                    ),
                                    "use the id of an age band from framework.toml, e.g. \"7-11\"",
                                );
                                let strand = file.diagnostic(
                                    read.strand_span,
                                    Severity::Error,
                                    Code::UnknownStrand,
                                    format!(
                                        "outcome `{}` names an unknown strand `{}`",
                                        read.outcome.id, read.outcome.strand
                                    ),
                                    "use the id of a strand from framework.toml, e.g. \"privacy-and-security\"",
                                );
                                read_outcomes.push((read.outcome, band, strand));
                            }
                        }
                        FileKind::YearGroups => {
                            let read =
                                year_groups::read_year_groups(table, span, &display, &mut problems);
                            for read in read {
                                let unknown = read
                                    .band_spans
                                    .iter()
                                    .zip(&read.system.years)
                                    .map(|(span, year)| {
                                        file.diagnostic(
                                            span.clone(),
                                            Severity::Error,
                                            Code::UnknownAgeBand,
                                            format!(
                                                "year group `{}` names an unknown age band `{}`",
                                                year.name, year.age_band
                                            ),
                                            "use the id of an age band from framework.toml, e.g. \"7-11\"",
                                        )
                                    })
                                    .collect();
                                read_systems.push((read.system, unknown));
                            }
                        }
                        FileKind::Synonyms => synonyms::merge(
                            &mut synonyms,
                            synonyms::read_synonyms(table, span, &display, &mut problems),
                        ),
                        // Read once every other file is, by `reading::check_modules`.
                        FileKind::Module => {}
                    }
                }
            }
            diagnostics.append(&mut problems.found);
        }
        merge_services(&mut services, library_services, &mut diagnostics);
    }

    // The bundled framework applies to libraries without one of their own.
    let default_framework = frameworks
        .iter()
        .zip(sources)
        .find(|(_, s)| matches!(s, LibrarySource::Bundled))
        .and_then(|(f, _)| f.clone())
        .or_else(|| bundled_framework(options))
        .unwrap_or_default();
    let mut combined = default_framework.clone();
    for fw in frameworks.iter().flatten() {
        combined.extend_with(fw);
    }
    diagnostics.extend(
        band_keys
            .into_iter()
            .filter(|(band, _)| combined.age_band(band).is_none())
            .map(|(_, d)| d),
    );

    let mut all_outcomes: Vec<Outcome> = Vec::new();
    for (outcome, unknown_band, unknown_strand) in read_outcomes {
        let band_known = combined.age_band(&outcome.age_band).is_some();
        let strand_known = combined.strands.iter().any(|s| s.id == outcome.strand);
        if !band_known {
            diagnostics.push(unknown_band);
        }
        if !strand_known {
            diagnostics.push(unknown_strand);
        }
        if band_known && strand_known {
            outcomes::merge(&mut all_outcomes, vec![outcome]);
        }
    }
    let mut year_systems: Vec<year_groups::YearSystem> = Vec::new();
    for (mut system, unknown) in read_systems {
        // A year whose band no framework has is reported and left out; the rest stand.
        let mut known = Vec::new();
        for (year, problem) in system.years.into_iter().zip(unknown) {
            if combined.age_band(&year.age_band).is_some() {
                known.push(year);
            } else {
                diagnostics.push(problem);
            }
        }
        system.years = known;
        year_groups::merge(&mut year_systems, vec![system]);
    }
    all_outcomes.sort_by_key(|o| {
        (
            combined.strands.iter().position(|s| s.id == o.strand),
            combined.band_order(&o.age_band),
        )
    });

    // Known once every library's services are in, for checking regional passages.
    let regions = services::regions_of(&services);
    let checks = reading::Checks {
        frameworks: &frameworks,
        default_framework: &default_framework,
        services: &services,
        regions: &regions,
        outcomes: &all_outcomes,
        today: options.today,
    };
    progress.framework_known(&combined);
    progress
        .modules_found
        .store(module_files.len(), Ordering::Relaxed);
    let checked = reading::check_modules(&module_files, &checks, &|module| {
        progress.module_read(module)
    });
    drop(module_files);

    // Every module's age band by id, for checking `builds_on` and `leads_to`; the bundled
    // modules count even when they were not read.
    let mut bands_by_id: HashMap<&str, &str> = checked
        .iter()
        .filter_map(|c| Some((c.id.as_ref()?.value.as_str(), c.age_band.as_deref()?)))
        .collect();
    let bundled_ids = if options.bundled_modules {
        Vec::new()
    } else {
        sources::bundled_module_ids()
    };
    for (band, id) in &bundled_ids {
        bands_by_id.entry(id).or_insert(band);
    }
    // Ids suggested for a misspelt link, gathered only if one is.
    let mut known_ids: Option<Vec<&str>> = None;
    let mut later_problems = Vec::new();
    for c in &checked {
        check_links(
            c,
            &bands_by_id,
            &mut known_ids,
            &combined,
            &mut later_problems,
        );
    }
    drop(known_ids);
    drop(bands_by_id);
    diagnostics.extend(later_problems);

    let mut modules: Vec<(Module, usize, usize)> = Vec::new(); // module, library, id line
    // Where each id is in `modules`, so that a later library's module replaces in one step.
    let mut placed: HashMap<String, usize> = HashMap::new();
    // Each library's ids so far, with the file and line that first used each.
    let mut ids_here: HashMap<(usize, String), (String, usize)> = HashMap::new();
    for c in checked {
        diagnostics.extend(c.problems);
        let Some(id) = c.id else {
            continue;
        };
        let key = (c.library, id.value.clone());
        if let Some((other_file, other_line)) = ids_here.get(&key) {
            diagnostics.push(id.say(
                Severity::Error,
                Code::DuplicateId,
                format!(
                    "module id `{}` is already used by {other_file}:{other_line}",
                    id.value
                ),
                "give each module in a library a unique id",
            ));
            continue;
        }
        ids_here.insert(key, (c.file.clone(), id.line));
        let Some(module) = c.module else {
            continue;
        };
        if let Some(&index) = placed.get(&module.id) {
            let (old, _, old_line) = &modules[index];
            diagnostics.push(id.say(
                Severity::Note,
                Code::Replaced,
                curation::replacement_message(&module.id, &old.file, *old_line),
                "libraries given later win; rename the id if you want to keep both modules",
            ));
            modules[index] = (module, c.library, id.line);
        } else {
            placed.insert(module.id.clone(), modules.len());
            modules.push((module, c.library, id.line));
        }
    }
    let mut modules: Vec<Module> = modules.into_iter().map(|(m, _, _)| m).collect();
    modules.sort_by(|a, b| {
        let key = |m: &Module| {
            (
                combined.band_order(&m.age_band),
                m.strands
                    .first()
                    .and_then(|s| combined.strands.iter().position(|x| &x.id == s))
                    .unwrap_or(usize::MAX),
                m.title.to_lowercase(),
            )
        };
        key(a).cmp(&key(b))
    });
    diagnostic::sort_diagnostics(&mut diagnostics);
    let by_id = modules
        .iter()
        .enumerate()
        .map(|(index, m)| (m.id.clone(), index))
        .collect();

    Library {
        by_id,
        framework: combined,
        services,
        synonyms,
        outcomes: all_outcomes,
        year_systems,
        modules,
        diagnostics,
        sources: sources.to_vec(),
        files_read,
        options: options.clone(),
    }
}

/// The bundled framework, for when the bundled library itself was not asked for.
fn bundled_framework(options: &LoadOptions) -> Option<Framework> {
    let library = load(&[LibrarySource::Bundled], options);
    (!library.framework.age_bands.is_empty()).then_some(library.framework)
}

/// Adds a library's services; a service with a known id replaces the earlier one, with a note
/// when it actually differs.
fn merge_services(
    into: &mut Vec<Service>,
    new: Vec<(Service, Diagnostic)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (service, mut note) in new {
        if let Some(existing) = into.iter_mut().find(|s| s.id == service.id) {
            let same = Service {
                file: existing.file.clone(),
                ..service.clone()
            } == *existing;
            if !same {
                note.message = format!(
                    "service `{}` here replaces the one in {}",
                    service.id, existing.file
                );
                diagnostics.push(note);
            }
            *existing = service;
        } else {
            into.push(service);
        }
    }
}

/// Checks a module's age band, strands, services and regional passages against the framework
/// and the services of every library.
fn check_references(
    references: &module::References,
    framework: &Framework,
    services: &[Service],
    regions: &[&str],
    problems: &mut Problems,
) {
    if let Some(band) = &references.age_band
        && framework.age_band(&band.value).is_none()
    {
        problems.error(
            Code::UnknownAgeBand,
            band.span.clone(),
            format!("unknown age band `{}`", band.value),
            format!("use one of: {}", framework.band_ids().join(", ")),
        );
    }
    for strand in &references.strands {
        if framework.strand(&strand.value).is_none() {
            let ids = framework.strand_ids();
            let hint = match fields::closest(&strand.value, &ids) {
                Some(near) => format!("did you mean `{near}`? Strands are: {}", ids.join(", ")),
                None => format!("use one of: {}", ids.join(", ")),
            };
            problems.error(
                Code::UnknownStrand,
                strand.span.clone(),
                format!("unknown strand `{}`", strand.value),
                hint,
            );
        }
    }
    for named in &references.passage_regions {
        if named.value != "else" && !regions.contains(&named.value.as_str()) {
            problems.warning(
                Code::UnknownRegion,
                named.span.clone(),
                format!("regional passage for unknown region `{}`", named.value),
                format!(
                    "use a region that has help services: {} (or add services for it to a services.toml)",
                    regions.join(", ")
                ),
            );
        }
    }
    let service_ids: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
    for service in &references.signposting {
        let id = service.value.as_str();
        if !service_ids.contains(&id) {
            let hint = match fields::closest(id, &service_ids) {
                Some(near) => format!("did you mean `{near}`? Service ids come from services.toml"),
                None => "use an id from a services.toml, or add the service to your library's services.toml"
                    .to_string(),
            };
            problems.error(
                Code::UnknownService,
                service.span.clone(),
                format!("unknown service `{id}`"),
                hint,
            );
        }
    }
}

/// `builds_on` and `leads_to` name modules that some library has, and go the right way: a
/// module builds on modules for the same or younger pupils, and leads to the same or older.
/// `known_ids` is every id, listed the first time a misspelt link needs suggestions.
fn check_links<'a>(
    checked: &reading::CheckedModule,
    bands_by_id: &HashMap<&'a str, &'a str>,
    known_ids: &mut Option<Vec<&'a str>>,
    framework: &Framework,
    problems: &mut Vec<Diagnostic>,
) {
    let (Some(own), Some(band)) = (&checked.id, &checked.age_band) else {
        return;
    };
    let order = framework.band_order(band);
    for (key, links, older) in [
        ("builds_on", &checked.builds_on, false),
        ("leads_to", &checked.leads_to, true),
    ] {
        for link in links {
            if link.value == own.value {
                problems.push(link.say(
                    Severity::Warning,
                    Code::UnknownModule,
                    format!("`{key}` names this module itself"),
                    "name another module, or remove this one from the list",
                ));
                continue;
            }
            let Some(target_band) = bands_by_id.get(link.value.as_str()) else {
                let ids = known_ids.get_or_insert_with(|| bands_by_id.keys().copied().collect());
                let hint = match fields::closest(&link.value, ids) {
                    Some(near) => format!("did you mean `{near}`? `lessonplan list` shows the ids"),
                    None => "use a module id from `lessonplan list`".to_string(),
                };
                problems.push(link.say(
                    Severity::Warning,
                    Code::UnknownModule,
                    format!(
                        "`{key}` names `{}`, which no loaded library has",
                        link.value
                    ),
                    hint,
                ));
                continue;
            };
            let target = framework.band_order(target_band);
            let wrong_way = if older {
                target < order
            } else {
                target > order
            };
            if wrong_way {
                let (should, way) = if older {
                    ("the same or older pupils", "builds_on")
                } else {
                    ("the same or younger pupils", "leads_to")
                };
                problems.push(link.say(
                    Severity::Warning,
                    Code::BandsOutOfOrder,
                    format!(
                        "`{key}` names `{}`, for ages {target_band}, but this module is for ages {band}",
                        link.value
                    ),
                    format!("`{key}` names modules for {should}; perhaps it belongs in `{way}`"),
                ));
            }
        }
    }
}

/// A module written before the lesson design standard (success criteria, SEND adaptations,
/// outcomes where its band has some) still loads, with one reminder of what it leaves out.
fn check_design_standard(
    references: &module::References,
    outcomes: &[Outcome],
    problems: &mut Problems,
) {
    let Some(id) = &references.id else {
        return;
    };
    let mut missing = references.short_of_standard.clone();
    let band = references.age_band.as_ref().map(|b| b.value.as_str());
    let band_has_outcomes = band.is_some_and(|band| outcomes.iter().any(|o| o.age_band == band));
    if references.outcomes.is_empty() && band_has_outcomes {
        missing.push("outcomes");
    }
    if missing.is_empty() {
        return;
    }
    let named: Vec<String> = missing.iter().map(|key| format!("`{key}`")).collect();
    let list = match named.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        [] => unreachable!("returned above when nothing is missing"),
    };
    let how: Vec<&str> = missing
        .iter()
        .map(|key| match *key {
            "success_criteria" => "success_criteria: two or more \"Pupils can ...\" statements a teacher can see by the end",
            "send_adaptations" => "send_adaptations: concrete adaptations for pupils with SEND (picture supports, a simpler scenario, words taught first, an adult check-in)",
            _ => "outcomes: the outcome ids it teaches (`lessonplan coverage --outcomes` lists them)",
        })
        .collect();
    problems.warning(
        Code::IncompleteModule,
        id.span.clone(),
        format!("the module has no {list}: it loads, but is short of the lesson design standard"),
        format!("add {}", how.join("; ")),
    );
}

/// `outcomes` names outcomes some library has, each for the module's own band and one of its
/// strands: an outcome for older pupils, or for a strand the module does not teach, is a slip.
fn check_outcomes(references: &module::References, outcomes: &[Outcome], problems: &mut Problems) {
    for named in &references.outcomes {
        let Some(outcome) = outcomes.iter().find(|o| o.id == named.value) else {
            // Only a misspelt id needs the list to suggest from.
            let ids: Vec<&str> = outcomes.iter().map(|o| o.id.as_str()).collect();
            let hint = match fields::closest(&named.value, &ids) {
                Some(near) => {
                    format!("did you mean `{near}`? `lessonplan coverage --outcomes` lists them")
                }
                None => "use an outcome id from an outcomes.toml (`lessonplan coverage --outcomes` lists them)".to_string(),
            };
            problems.warning(
                Code::UnknownOutcome,
                named.span.clone(),
                format!(
                    "`outcomes` names `{}`, which no loaded library has",
                    named.value
                ),
                hint,
            );
            continue;
        };
        let band = references.age_band.as_ref().map(|b| b.value.as_str());
        // A module with no strands at all has its own error for that.
        let teaches_strand = references.strands.iter().any(|s| s.value == outcome.strand);
        if band.is_some_and(|band| band != outcome.age_band) {
            problems.warning(
                Code::OutcomeOutOfPlace,
                named.span.clone(),
                format!(
                    "outcome `{}` is for ages {}, but this module is for ages {}",
                    outcome.id,
                    outcome.age_band,
                    band.unwrap_or_default()
                ),
                "name an outcome of this module's own age band",
            );
        } else if !teaches_strand && !references.strands.is_empty() {
            problems.warning(
                Code::OutcomeOutOfPlace,
                named.span.clone(),
                format!(
                    "outcome `{}` belongs to the strand `{}`, which this module's `strands` do not list",
                    outcome.id, outcome.strand
                ),
                format!("add `{}` to `strands`, or name another outcome", outcome.strand),
            );
        }
    }
}

#[cfg(test)]
mod tests;
