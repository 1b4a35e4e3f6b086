//! Where each text the handouts print was written, so that a message about a character can
//! name the file and field to change. The writers see only the format-neutral document; this
//! looks back at the plan, the library and the config it was built from.

use super::ExportOptions;
use crate::library::{FullModule, Library};
use crate::plan::Plan;

/// A text the handouts may print, and where it was written ("module `x`, field `title`").
struct Source<'a> {
    place: String,
    text: &'a str,
}

/// Where `c` was first written, in the order the handouts print: the plan, its modules, the
/// help services, the school's details, the framework's labels.
pub fn place_of(
    c: char,
    plan: &Plan,
    library: &Library,
    options: &ExportOptions,
) -> Option<String> {
    // Read again as the export read them; a module that cannot be is named by the export itself.
    let modules: Vec<FullModule> = plan
        .resolve(library)
        .into_iter()
        .flatten()
        .filter_map(|module| module.in_full().ok())
        .collect();
    sources(plan, library, &modules, options)
        .into_iter()
        .find(|source| source.text.contains(c))
        .map(|source| source.place)
}

fn sources<'a>(
    plan: &'a Plan,
    library: &'a Library,
    modules: &'a [FullModule],
    options: &'a ExportOptions,
) -> Vec<Source<'a>> {
    let mut found = Vec::new();
    let mut add = |place: String, text: &'a str| found.push(Source { place, text });
    add("the plan's `title`".into(), &plan.title);
    for (field, text) in [
        ("group", &plan.group),
        ("teacher", &plan.teacher),
        ("notes", &plan.notes),
    ] {
        if let Some(text) = text {
            add(format!("the plan's `{field}`"), text);
        }
    }
    for (at, item) in plan.items.iter().enumerate() {
        if let Some(notes) = &item.notes {
            add(
                format!(
                    "the plan's note on module `{}` (item {})",
                    item.module,
                    at + 1
                ),
                notes,
            );
        }
    }
    for module in modules {
        for (field, text) in module_fields(module) {
            add(
                format!("module `{}`, field {field} ({})", module.id, module.file),
                text,
            );
        }
    }
    for service in &library.services {
        let optional = [
            ("phone", &service.phone),
            ("text", &service.text),
            ("email", &service.email),
            ("url", &service.url),
            ("hours", &service.hours),
        ];
        let fields = [
            ("name", &service.name),
            ("description", &service.description),
        ]
        .into_iter()
        .map(|(field, text)| (field.to_string(), text.as_str()))
        .chain(
            optional
                .into_iter()
                .filter_map(|(field, text)| Some((field.to_string(), text.as_deref()?))),
        )
        .chain(
            service
                .pupil_text
                .iter()
                .map(|(band, text)| (format!("pupil_text.{band}"), text.as_str())),
        );
        for (field, text) in fields {
            add(
                format!(
                    "service `{}`, field `{field}` ({})",
                    service.id, service.file
                ),
                text,
            );
        }
    }
    let school = &options.school;
    for (field, text) in [
        ("name", &school.name),
        ("address", &school.address),
        ("phone", &school.phone),
        ("email", &school.email),
        ("website", &school.website),
        ("dsl_name", &school.dsl_name),
        ("dsl_contact", &school.dsl_contact),
        ("sign_off_name", &school.sign_off_name),
        ("sign_off_role", &school.sign_off_role),
    ] {
        if let Some(text) = text {
            add(format!("`{field}` in the config file's `[school]`"), text);
        }
    }
    for band in &library.framework.age_bands {
        add(format!("the label of age band `{}`", band.id), &band.label);
    }
    for strand in &library.framework.strands {
        add(
            format!("the label of strand `{}`", strand.id),
            &strand.label,
        );
    }
    found
}

/// A module's printed texts, each named as the file names it.
fn module_fields(module: &FullModule) -> Vec<(String, &str)> {
    let field = |name: &str| format!("`{name}`");
    let mut fields = vec![
        (field("title"), module.title.as_str()),
        (field("summary"), module.summary.as_str()),
    ];
    for (name, list) in [
        ("objectives", &module.objectives),
        ("success_criteria", &module.success_criteria),
        ("send_adaptations", &module.send_adaptations),
        ("resources", &module.resources),
    ] {
        for (at, text) in list.iter().enumerate() {
            fields.push((format!("`{name}` (item {})", at + 1), text.as_str()));
        }
    }
    for (at, term) in module.vocabulary.iter().enumerate() {
        let entry = at + 1;
        fields.push((format!("`term` of vocabulary entry {entry}"), &term.term));
        fields.push((
            format!("`definition` of vocabulary entry {entry}"),
            &term.definition,
        ));
    }
    for (at, (activity, description)) in module.activities_described().enumerate() {
        let number = at + 1;
        fields.push((format!("`title` of activity {number}"), &activity.title));
        fields.push((format!("`description` of activity {number}"), description));
    }
    fields.push((field("safeguarding.notes"), &module.text.safeguarding_notes));
    fields.push((field("handout.student"), &module.text.handout.student));
    if let Some(parent) = &module.text.handout.parent {
        fields.push((field("handout.parent"), parent));
    }
    fields
}
