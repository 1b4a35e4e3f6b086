//! Filtering and ranking modules: by age band, strand and sensitivity, then by typed text.
//!
//! Text is matched word by word, never letter by letter, and every word typed must be found in a
//! module (or one of its synonyms must: see `synonyms.toml`). Ranked by:
//!
//! - where a word is found: the title, then a key word or vocabulary term, then the summary, a
//!   vocabulary definition or the id;
//! - how it is found: as the whole word; as the start of a longer word, from three letters on
//!   ("pass" finds "passwords"; in summaries and definitions only with an ending of up to three
//!   letters, so "real" finds "really" there but not "realistic"); as a word of four letters or
//!   more that it adds an ending of up to two letters to ("games" finds "game"); or, for a word
//!   no module uses,
//!   as a word with one typo (two from eight letters on: "sextrotion" finds "sextortion").
//!   Words of one to three letters match only themselves, so "AI" finds "AI" and not "aim";
//! - a synonym's meaning counts half as much as the word typed.
//!
//! Typos are counted as the optimal string alignment distance (Damerau-Levenshtein where no
//! letter is edited twice), so swapping two neighbouring letters is one typo. One typo in a word
//! of four to seven letters, and two in a longer one, keeps a word recognisable; more would turn
//! short words into other words. A word some module uses is never taken for a typo, so "real"
//! does not also find "read".

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use nucleo_matcher::chars;

use crate::library::{Module, Sensitivity, Synonym};
use crate::markup;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub age_band: Option<String>,
    pub strand: Option<String>,
    pub sensitivity: Option<Sensitivity>,
    pub text: String,
    /// Show retired modules too: they are no longer taught, so teachers do not see them unless
    /// they ask.
    pub retired: bool,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether the filters (not the search words) let `module` through.
    pub fn admits_module(&self, module: &Module) -> bool {
        self.admits(&Facets::of(module))
    }

    fn admits(&self, facets: &Facets) -> bool {
        self.age_band.as_ref().is_none_or(|b| &facets.age_band == b)
            && self
                .strand
                .as_ref()
                .is_none_or(|s| facets.strands.contains(s))
            && self.sensitivity.is_none_or(|s| facets.sensitivity == s)
            && (self.retired || !facets.retired)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the module slice the [`Searcher`] was made from.
    pub index: usize,
    pub score: u32,
    /// Character positions in the title that matched, for highlighting.
    pub title_matches: Vec<usize>,
}

/// Below this many modules to score, one core scores them all: starting a thread costs more
/// than it saves.
const SCORED_A_WORKER: usize = 4096;

/// How much a word found in each place counts.
const TITLE_WEIGHT: u32 = 100;
const TERM_WEIGHT: u32 = 60;
const TEXT_WEIGHT: u32 = 25;

/// How well a word matched, in percent: the whole word, the start of a longer word, a word with
/// one or two typos, the start of a longer word with a typo.
const WHOLE: u8 = 100;
const START: u8 = 75;
const ONE_TYPO: u8 = 60;
const TWO_TYPOS: u8 = 45;
const TYPO_START: u8 = 50;
/// What a synonym's meaning counts, in percent of the word typed.
const MEANING_SHARE: u8 = 50;

/// The shortest word that also finds longer words it begins.
const MIN_START: usize = 3;
/// The longest ending that a word found by its start may have in prose, and that a synonym's word
/// covers ("troll" covers "trolling").
const MAX_ENDING: usize = 3;

/// A word also finds a word it begins with when that is this long, and it only adds an ending of
/// up to `MAX_DROPPED` letters ("games" finds "game"; "really" finds "real", "realistic" does not).
const MIN_STEM: usize = 4;
const MAX_DROPPED: usize = 2;

/// How many typos a word of `length` characters may have.
fn typo_limit(length: usize) -> usize {
    match length {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The modules' words, read once, so that each keystroke only looks words up.
pub struct Searcher {
    /// Every distinct word the modules use, by id.
    vocabulary: Vec<String>,
    /// Word ids in alphabetical order of their words, for finding a word and the words it
    /// begins (a map from words to ids would hold every word a second time).
    sorted: Vec<u32>,
    postings: Postings,
    modules: Vec<Indexed>,
    synonyms: Vec<SynonymWords>,
}

/// For each word id, the modules that use it (ascending, each once), in one list for all words:
/// a list of its own for each word, grown as it is filled, costs a large library megabytes of
/// bookkeeping and spare room.
struct Postings {
    modules: Vec<u32>,
    /// Where each word's modules start in `modules`; one more than there are words.
    starts: Vec<u32>,
}

impl Postings {
    fn of(modules: &[Indexed], words: usize) -> Postings {
        // Each word's modules are counted, then written in place.
        let mut last_user = vec![u32::MAX; words];
        let mut counts = vec![0u32; words + 1];
        let mut each_use = |visit: &mut dyn FnMut(u32, u32)| {
            last_user.fill(u32::MAX);
            for (index, module) in modules.iter().enumerate() {
                let compounds = module.compounds.iter().map(|(id, _)| id);
                for &id in module.words.iter().chain(compounds) {
                    let last = &mut last_user[id as usize];
                    if *last != index as u32 {
                        *last = index as u32;
                        visit(id, index as u32);
                    }
                }
            }
        };
        each_use(&mut |id, _| counts[id as usize + 1] += 1);
        for at in 1..counts.len() {
            counts[at] += counts[at - 1];
        }
        let starts = counts;
        let mut next = starts.clone();
        let mut users = vec![0u32; starts[words] as usize];
        each_use(&mut |id, module| {
            let at = &mut next[id as usize];
            users[*at as usize] = module;
            *at += 1;
        });
        Postings {
            modules: users,
            starts,
        }
    }

    fn of_word(&self, id: u32) -> &[u32] {
        let (from, to) = (self.starts[id as usize], self.starts[id as usize + 1]);
        &self.modules[from as usize..to as usize]
    }
}

/// One module's words, in one list for all its fields (a library of thousands of modules would
/// otherwise make tens of thousands of small lists).
struct Indexed {
    facets: Facets,
    /// The title first, then key words, vocabulary terms, the summary, definitions and the id.
    fields: Vec<Field>,
    /// Word ids of every field, in the order written.
    words: Vec<u32>,
    /// Words written joined by hyphens, also as one word ("pile-on" is "pileon"), with the
    /// positions of their parts in `words`.
    compounds: Vec<(u32, Range<u32>)>,
    /// Where each word of the title is, in characters of the title as written.
    title_chars: Vec<Range<usize>>,
}

impl Indexed {
    fn words(&self, field: &Field) -> &[u32] {
        &self.words[field.words.start as usize..field.words.end as usize]
    }
}

/// What the filters look at.
struct Facets {
    age_band: String,
    strands: Vec<String>,
    sensitivity: Sensitivity,
    retired: bool,
}

impl Facets {
    fn of(module: &Module) -> Facets {
        Facets {
            age_band: module.age_band.clone(),
            strands: module.strands.clone(),
            sensitivity: module.sensitivity,
            retired: module.status() == crate::library::ReviewStatus::Retired,
        }
    }
}

/// The modules the filters let through, in their order and unranked, for browsing a library
/// still being read: words typed wait for the index, so with words there are none yet.
pub fn unranked(modules: &[Module], filter: &Filter) -> Vec<Hit> {
    if !filter.text.trim().is_empty() {
        return Vec::new();
    }
    modules
        .iter()
        .enumerate()
        .filter(|(_, module)| filter.admits_module(module))
        .map(|(index, _)| Hit {
            index,
            score: 0,
            title_matches: Vec::new(),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Title,
    /// A key word or a vocabulary term.
    Term,
    /// The summary, a vocabulary definition or the id: prose, where a word found only by its
    /// start is usually another word.
    Text,
}

impl Place {
    fn weight(self) -> u32 {
        match self {
            Place::Title => TITLE_WEIGHT,
            Place::Term => TERM_WEIGHT,
            Place::Text => TEXT_WEIGHT,
        }
    }
}

struct Field {
    place: Place,
    /// Where its words are in [`Indexed::words`].
    words: Range<u32>,
    /// Where its compounds are in [`Indexed::compounds`].
    compounds: Range<u32>,
}

/// A synonym as words: what is typed and what it means.
struct SynonymWords {
    word: Vec<String>,
    meanings: Vec<Vec<String>>,
}

/// One word of a text: lowercase, without accents or apostrophes ("don't" is "dont").
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    /// Where it is, in characters of the text as written.
    chars: Range<usize>,
    /// Joined to the word before it by a hyphen ("on" in "pile-on").
    hyphened: bool,
}

fn normalize(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        chars::to_lower_case(chars::normalize(c))
    }
}

/// Calls `emit` with each word of `text`, where it is (in characters of the text as written),
/// and whether a hyphen joins it to the word before. Words are runs of letters and digits,
/// lowercase and without accents; an apostrophe between letters is dropped ("don't" is "dont").
fn each_word(text: &str, mut emit: impl FnMut(&str, Range<usize>, bool)) {
    let mut word = String::new();
    let mut start = 0;
    let mut count = 0;
    // Where a word would start that a hyphen joins to the one before.
    let mut after_hyphen: Option<usize> = None;
    let mut characters = text.chars().enumerate().peekable();
    while let Some((i, c)) = characters.next() {
        count = i + 1;
        if c.is_alphanumeric() {
            if word.is_empty() {
                start = i;
            }
            word.push(normalize(c));
            continue;
        }
        let inside =
            !word.is_empty() && characters.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if inside && matches!(c, '\'' | '\u{2019}') {
            continue;
        }
        if word.is_empty() {
            after_hyphen = None;
        } else {
            emit(&word, start..i, after_hyphen == Some(start));
            word.clear();
            after_hyphen = (c == '-').then_some(i + 1);
        }
    }
    if !word.is_empty() {
        emit(&word, start..count, after_hyphen == Some(start));
    }
}

/// The words of `text`, as [`each_word`] finds them.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_word(text, |word, chars, hyphened| {
        out.push(Token {
            text: word.to_string(),
            chars,
            hyphened,
        })
    });
    out
}

/// Groups of hyphen-joined words, as ranges of `tokens`, longer than one word.
fn hyphened_runs(tokens: &[Token]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || !tokens[i].hyphened {
            if i - start > 1 {
                runs.push(start..i);
            }
            start = i;
        }
    }
    runs
}

/// Whether `typed` is `word`, or `word` with a short ending ("trolling" for "troll").
fn is_word_or_ending(typed: &str, word: &str) -> bool {
    typed == word
        || (word.chars().count() >= MIN_START
            && typed.starts_with(word)
            && typed[word.len()..].chars().count() <= MAX_ENDING)
}

/// The optimal string alignment distance between `typed` and `word` (or the start of `word` as
/// long as `typed`, give or take `limit`, when `start`), if it is at most `limit`.
fn typo_distance(typed: &[char], word: &[char], limit: usize, start: bool) -> Option<usize> {
    let (n, m) = (typed.len(), word.len());
    if !start && n.abs_diff(m) > limit {
        return None;
    }
    if start && m + limit < n {
        return None;
    }
    let m = if start { m.min(n + limit) } else { m };
    let mut before = vec![0; m + 1];
    let mut previous: Vec<usize> = (0..=m).collect();
    let mut current = vec![0; m + 1];
    for i in 1..=n {
        current[0] = i;
        let mut row_best = current[0];
        for j in 1..=m {
            let cost = usize::from(typed[i - 1] != word[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && typed[i - 1] == word[j - 2] && typed[i - 2] == word[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            row_best = row_best.min(d);
        }
        if row_best > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = if start {
        previous[n.saturating_sub(limit)..=m]
            .iter()
            .copied()
            .min()
            .unwrap_or(usize::MAX)
    } else {
        previous[m]
    };
    (distance <= limit).then_some(distance)
}

/// How well one searched-for word matches each word of the vocabulary.
#[derive(Debug, Clone, Copy, Default)]
struct Quality {
    /// In a title, key word or term.
    short: u8,
    /// In prose.
    prose: u8,
    /// How many characters of a title word to highlight; 0 for the whole word.
    shown: u8,
}

/// A searched-for word's matches over the whole vocabulary.
struct Table {
    quality: Vec<Quality>,
    /// The word ids it matches.
    found: Vec<u32>,
}

impl Table {
    fn empty(size: usize) -> Table {
        Table {
            quality: vec![Quality::default(); size],
            found: Vec::new(),
        }
    }

    fn set(&mut self, id: usize, quality: Quality) {
        let old = &mut self.quality[id];
        if old.short == 0 && old.prose == 0 {
            self.found.push(id as u32);
        }
        if quality.short > old.short {
            old.short = quality.short;
            old.shown = quality.shown;
        }
        old.prose = old.prose.max(quality.prose);
    }

    /// Adds another table's matches, counting `share` percent.
    fn add(&mut self, other: &Table, share: u8) {
        let scale = |q: u8| (u16::from(q) * u16::from(share) / 100) as u8;
        for &id in &other.found {
            let q = other.quality[id as usize];
            self.set(
                id as usize,
                Quality {
                    short: scale(q.short),
                    prose: scale(q.prose),
                    shown: q.shown,
                },
            );
        }
    }

    fn get(&self, id: u32, place: Place) -> u8 {
        let q = self.quality[id as usize];
        if place == Place::Text {
            q.prose
        } else {
            q.short
        }
    }
}

/// Words that must appear next to each other, in one field.
struct Phrase {
    words: Vec<Table>,
    share: u8,
}

/// The ways one query word (or phrase) can be found: as one word, or as one of some phrases.
struct Alternatives {
    single: Table,
    phrases: Vec<Phrase>,
}

impl Alternatives {
    fn tables(&self) -> impl Iterator<Item = &Table> {
        std::iter::once(&self.single).chain(self.phrases.iter().filter_map(|p| p.words.first()))
    }
}

/// What one part of the query asks for; every part must be found.
struct Clause {
    /// All of these must be found (one each for a phrase that has synonyms: "fake news").
    literal: Vec<Alternatives>,
    /// What a phrase with synonyms means, when it is not found as typed.
    meanings: Option<Alternatives>,
    /// How many query words the clause stands for.
    words: u32,
}

impl Clause {
    fn tables(&self) -> impl Iterator<Item = &Table> {
        self.literal
            .iter()
            .chain(self.meanings.iter())
            .flat_map(Alternatives::tables)
    }
}

/// Per title word, how much of it matched: `None`, or the characters to highlight (0 for all).
type TitleMarks = Vec<Option<u8>>;

/// Gives each distinct word an id.
#[derive(Default)]
struct Interner {
    vocabulary: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.push(word.to_string());
        self.ids.insert(word.to_string(), id);
        id
    }

    /// Adds a field's words to `module`; with `chars`, where each is in characters of `text`.
    fn field(
        &mut self,
        module: &mut Indexed,
        place: Place,
        text: &str,
        mut chars: Option<&mut Vec<Range<usize>>>,
    ) {
        let first_word = module.words.len() as u32;
        let first_compound = module.compounds.len() as u32;
        // The hyphen-joined run of words being read: where it started, and its words joined.
        let mut run_start = module.words.len();
        let mut joined = String::new();
        each_word(text, |word, at, hyphened| {
            let end = module.words.len();
            if !hyphened {
                if end - run_start > 1 {
                    let parts = run_start as u32..end as u32;
                    module.compounds.push((self.id(&joined), parts));
                }
                run_start = end;
                joined.clear();
            }
            joined.push_str(word);
            module.words.push(self.id(word));
            if let Some(chars) = chars.as_deref_mut() {
                chars.push(at);
            }
        });
        let end = module.words.len();
        if end - run_start > 1 {
            let parts = run_start as u32..end as u32;
            module.compounds.push((self.id(&joined), parts));
        }
        module.fields.push(Field {
            place,
            words: first_word..end as u32,
            compounds: first_compound..module.compounds.len() as u32,
        });
    }
}

/// The words of `modules`, in their order, with ids of their own.
fn index_modules(modules: &[Module]) -> (Interner, Vec<Indexed>) {
    let mut interner = Interner::default();
    let mut indexed = Vec::with_capacity(modules.len());
    for module in modules {
        let mut index = Indexed {
            facets: Facets::of(module),
            fields: Vec::new(),
            words: Vec::new(),
            compounds: Vec::new(),
            title_chars: Vec::new(),
        };
        let mut title_chars = Vec::new();
        interner.field(
            &mut index,
            Place::Title,
            &module.title,
            Some(&mut title_chars),
        );
        index.title_chars = title_chars;
        for term in module
            .keywords
            .iter()
            .chain(module.vocabulary.iter().map(|t| &t.term))
        {
            interner.field(&mut index, Place::Term, term, None);
        }
        let summary = markup::every_region(&module.summary);
        interner.field(&mut index, Place::Text, &summary, None);
        for term in &module.vocabulary {
            interner.field(&mut index, Place::Text, &term.definition, None);
        }
        interner.field(&mut index, Place::Text, &module.id, None);
        // Held as long as the library is: without room to grow.
        index.words.shrink_to_fit();
        index.fields.shrink_to_fit();
        index.compounds.shrink_to_fit();
        indexed.push(index);
    }
    (interner, indexed)
}

impl Searcher {
    pub fn new(modules: &[Module], synonyms: &[Synonym]) -> Searcher {
        // Each core reads the words of its share of the modules with its own word ids; the
        // shares' words are then given one id each, which is quick beside reading them.
        let workers = crate::parallel::workers_for(modules.len(), 512);
        Searcher::built_by(workers, modules, synonyms)
    }

    /// The index, built on `workers` threads (1 or fewer: on this one).
    fn built_by(workers: usize, modules: &[Module], synonyms: &[Synonym]) -> Searcher {
        let workers = workers.max(1);
        let share = modules.len().div_ceil(workers).max(1);
        let shares: Vec<&[Module]> = modules.chunks(share).collect();
        // No modules are one empty share.
        let parts = crate::parallel::on_workers(shares.len(), |worker| {
            index_modules(shares.get(worker).copied().unwrap_or(&[]))
        });
        let mut interner = Interner::default();
        let mut indexed = Vec::with_capacity(modules.len());
        for (part_words, part) in parts {
            if interner.vocabulary.is_empty() {
                interner = part_words;
                indexed.extend(part);
                continue;
            }
            let global: Vec<u32> = part_words
                .vocabulary
                .iter()
                .map(|word| interner.id(word))
                .collect();
            for mut module in part {
                for id in &mut module.words {
                    *id = global[*id as usize];
                }
                for (id, _) in &mut module.compounds {
                    *id = global[*id as usize];
                }
                indexed.push(module);
            }
        }
        let Interner { vocabulary, .. } = interner;
        let postings = Postings::of(&indexed, vocabulary.len());
        let mut sorted: Vec<u32> = (0..vocabulary.len() as u32).collect();
        sorted.sort_unstable_by(|&a, &b| vocabulary[a as usize].cmp(&vocabulary[b as usize]));
        let words =
            |text: &str| -> Vec<String> { tokens(text).into_iter().map(|t| t.text).collect() };
        let mut entries: Vec<SynonymWords> = Vec::new();
        for synonym in synonyms {
            let word = words(&synonym.word);
            let meanings = synonym
                .meanings
                .iter()
                .map(|m| words(m))
                .filter(|m| !m.is_empty());
            if word.is_empty() {
                continue;
            }
            match entries.iter_mut().find(|e| e.word == word) {
                Some(entry) => entry.meanings.extend(meanings),
                None => entries.push(SynonymWords {
                    word,
                    meanings: meanings.collect(),
                }),
            }
        }
        Searcher {
            vocabulary,
            sorted,
            postings,
            modules: indexed,
            synonyms: entries,
        }
    }

    /// The modules that pass the filter, best match first (library order when there is no text).
    pub fn run(&self, filter: &Filter) -> Vec<Hit> {
        self.run_sharing(filter, SCORED_A_WORKER)
    }

    /// As [`Searcher::run`], with each core scoring at least `per_worker` modules.
    fn run_sharing(&self, filter: &Filter, per_worker: usize) -> Vec<Hit> {
        let query = tokens(&filter.text);
        if query.is_empty() {
            return (0..self.modules.len())
                .filter(|&i| filter.admits(&self.modules[i].facets))
                .map(|index| Hit {
                    index,
                    score: 0,
                    title_matches: Vec::new(),
                })
                .collect();
        }
        let Some(clauses) = self.clauses(&query) else {
            return Vec::new(); // some word is found nowhere
        };
        // Only modules that have every clause's words can match; the rest are not scored.
        let mut candidate = vec![true; self.modules.len()];
        for clause in &clauses {
            let users = self.clause_users(clause);
            candidate.iter_mut().zip(users).for_each(|(c, u)| *c &= u);
        }
        let candidates: Vec<usize> = (0..self.modules.len())
            .filter(|&index| candidate[index] && filter.admits(&self.modules[index].facets))
            .collect();
        // A word nearly every module has ("a", the first key of "ai") scores every module: the
        // cores share that, each scoring a part of the candidates in library order.
        let workers = crate::parallel::workers_for(candidates.len(), per_worker);
        let share = candidates.len().div_ceil(workers).max(1);
        let parts: Vec<&[usize]> = candidates.chunks(share).collect();
        let mut ranked: Vec<(Hit, u32)> = crate::parallel::on_workers(parts.len(), |part| {
            let indices = parts.get(part).copied().unwrap_or(&[]);
            self.scored(indices, &clauses)
        })
        .into_iter()
        .flatten()
        .collect();
        // Best score first; then the title most of which matched; then library order.
        ranked.sort_by(|(a, a_cover), (b, b_cover)| {
            b.score
                .cmp(&a.score)
                .then(b_cover.cmp(a_cover))
                .then(a.index.cmp(&b.index))
        });
        ranked.into_iter().map(|(hit, _)| hit).collect()
    }

    /// The modules at `indices` that match every clause, each with its title's share of matched
    /// words (in thousandths) for breaking ties.
    fn scored(&self, indices: &[usize], clauses: &[Clause]) -> Vec<(Hit, u32)> {
        let mut ranked = Vec::new();
        for &index in indices {
            let module = &self.modules[index];
            let mut marks: TitleMarks = vec![None; module.title_chars.len()];
            if let Some(score) = score_module(module, clauses, &mut marks) {
                let marked = marks.iter().filter(|m| m.is_some()).count() as u32;
                let coverage = marked * 1000 / (marks.len() as u32).max(1);
                ranked.push((
                    Hit {
                        index,
                        score,
                        title_matches: highlighted(&module.title_chars, &marks),
                    },
                    coverage,
                ));
            }
        }
        ranked
    }

    /// Which modules use a word the table finds.
    fn table_users(&self, table: &Table) -> Vec<bool> {
        let mut users = vec![false; self.modules.len()];
        for &id in &table.found {
            for &module in self.postings.of_word(id) {
                users[module as usize] = true;
            }
        }
        users
    }

    /// Which modules might have one of the alternatives: a single word, or every word of a phrase.
    fn alternatives_users(&self, alternatives: &Alternatives) -> Vec<bool> {
        let mut users = self.table_users(&alternatives.single);
        for phrase in &alternatives.phrases {
            let mut all = vec![true; self.modules.len()];
            for word in &phrase.words {
                all.iter_mut()
                    .zip(self.table_users(word))
                    .for_each(|(a, u)| *a &= u);
            }
            users.iter_mut().zip(all).for_each(|(u, a)| *u |= a);
        }
        users
    }

    /// Which modules might have a clause: every literal part, or its meaning.
    fn clause_users(&self, clause: &Clause) -> Vec<bool> {
        let mut users = vec![true; self.modules.len()];
        for alternatives in &clause.literal {
            users
                .iter_mut()
                .zip(self.alternatives_users(alternatives))
                .for_each(|(u, a)| *u &= a);
        }
        if let Some(meanings) = &clause.meanings {
            users
                .iter_mut()
                .zip(self.alternatives_users(meanings))
                .for_each(|(u, m)| *u |= m);
        }
        users
    }

    /// The query as clauses, or `None` when one of them matches no word of any module.
    fn clauses(&self, query: &[Token]) -> Option<Vec<Clause>> {
        let mut clauses: Vec<Clause> = Vec::new();
        let mut seen: Vec<&[Token]> = Vec::new();
        let runs = hyphened_runs(query);
        let mut i = 0;
        while i < query.len() {
            let synonym = self.synonym_at(&query[i..]);
            let run = runs.iter().find(|r| r.start == i);
            let used = match (&synonym, run) {
                (Some((_, used)), _) => *used,
                (None, Some(run)) => run.len(),
                (None, None) => 1,
            };
            let part = &query[i..i + used];
            i += used;
            if seen.iter().any(|s| same_words(s, part)) {
                continue; // "the the": once is enough
            }
            seen.push(part);
            let clause = match (synonym, run) {
                (Some((entry, _)), _) => self.synonym_clause(part, entry),
                (None, Some(_)) => self.hyphened_clause(part),
                (None, None) => self.word_clause(&part[0].text),
            };
            if clause.tables().all(|t| t.found.is_empty()) {
                return None;
            }
            clauses.push(clause);
        }
        Some(clauses)
    }

    /// The longest synonym whose word is typed at the start of `query`, and how many query
    /// words it covers. A single unknown word may also be a synonym's word with a typo.
    fn synonym_at(&self, query: &[Token]) -> Option<(&SynonymWords, usize)> {
        let exact = self
            .synonyms
            .iter()
            .filter(|e| {
                e.word.len() <= query.len()
                    && e.word
                        .iter()
                        .zip(query)
                        .all(|(w, q)| is_word_or_ending(&q.text, w))
            })
            .max_by_key(|e| e.word.len())
            .map(|e| (e, e.word.len()));
        if exact.is_some() {
            return exact;
        }
        let typed: Vec<char> = query[0].text.chars().collect();
        let limit = typo_limit(typed.len());
        if limit == 0 || self.is_used(&query[0].text) {
            return None;
        }
        self.synonyms
            .iter()
            .filter(|e| e.word.len() == 1)
            .filter_map(|e| {
                let word: Vec<char> = e.word[0].chars().collect();
                typo_distance(&typed, &word, limit, false).map(|d| (d, e))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, e)| (e, 1))
    }

    /// The ids of the words that start with `word` (itself included), alphabetically.
    fn starting_with<'s>(&'s self, word: &'s str) -> impl Iterator<Item = u32> + 's {
        let first = self
            .sorted
            .partition_point(|&id| self.vocabulary[id as usize].as_str() < word);
        self.sorted[first..]
            .iter()
            .copied()
            .take_while(move |&id| self.vocabulary[id as usize].starts_with(word))
    }

    /// The id of `word`, when some module uses it.
    fn id(&self, word: &str) -> Option<u32> {
        self.starting_with(word)
            .next()
            .filter(|&id| self.vocabulary[id as usize] == word)
    }

    /// Whether some module uses `word`, or a longer word starting with it.
    fn is_used(&self, word: &str) -> bool {
        if word.chars().count() >= MIN_START {
            self.starting_with(word).next().is_some()
        } else {
            self.id(word).is_some()
        }
    }

    fn word_clause(&self, word: &str) -> Clause {
        Clause {
            literal: vec![Alternatives {
                single: self.table(word, true),
                phrases: Vec::new(),
            }],
            meanings: None,
            words: 1,
        }
    }

    /// Words typed with hyphens ("pile-on"): next to each other, or as one word ("pileon").
    fn hyphened_clause(&self, run: &[Token]) -> Clause {
        let joined: String = run.iter().map(|t| t.text.as_str()).collect();
        Clause {
            literal: vec![Alternatives {
                single: self.table(&joined, true),
                phrases: vec![Phrase {
                    words: run.iter().map(|t| self.table(&t.text, true)).collect(),
                    share: 100,
                }],
            }],
            meanings: None,
            words: 1,
        }
    }

    /// Words that are a synonym's word: found as typed, or by what the synonym means. A synonym's
    /// word is a known word, so it is not taken for a typo of another.
    fn synonym_clause(&self, typed: &[Token], entry: &SynonymWords) -> Clause {
        let mut meanings = Alternatives {
            single: Table::empty(self.vocabulary.len()),
            phrases: Vec::new(),
        };
        for meaning in &entry.meanings {
            if let [word] = meaning.as_slice() {
                meanings.single.add(&self.table(word, false), MEANING_SHARE);
            } else {
                meanings.phrases.push(Phrase {
                    words: meaning.iter().map(|w| self.table(w, false)).collect(),
                    share: MEANING_SHARE,
                });
            }
        }
        if let [word] = typed {
            // One word: its own matches and its meanings' are alternatives of one word.
            let mut alternatives = meanings;
            alternatives.single.add(&self.table(&word.text, false), 100);
            return Clause {
                literal: vec![alternatives],
                meanings: None,
                words: 1,
            };
        }
        Clause {
            literal: typed
                .iter()
                .map(|t| Alternatives {
                    single: self.table(&t.text, false),
                    phrases: Vec::new(),
                })
                .collect(),
            meanings: Some(meanings),
            words: typed.len() as u32,
        }
    }

    /// How `word` matches each word of the vocabulary (typos only when `typos`, and only when no
    /// module uses the word).
    fn table(&self, word: &str, typos: bool) -> Table {
        let length = word.chars().count();
        let shown = u8::try_from(length).unwrap_or(0);
        let mut table = Table::empty(self.vocabulary.len());
        if let Some(id) = self.id(word) {
            let whole = Quality {
                short: WHOLE,
                prose: WHOLE,
                shown: 0,
            };
            table.set(id as usize, whole);
        }
        if length >= MIN_START {
            for id in self.starting_with(word) {
                let ending = self.vocabulary[id as usize].chars().count() - length;
                if ending == 0 {
                    continue; // the word itself
                }
                let start = Quality {
                    short: START,
                    prose: if ending <= MAX_ENDING { START } else { 0 },
                    shown,
                };
                table.set(id as usize, start);
            }
        }
        // Some module uses the word, or a word starting with it: then it is no typo. (A shorter
        // word it starts with may be a typo's start: "groomng" is not "groom".)
        let known = !table.found.is_empty();
        // "games" finds "game", "pictures" finds "picture".
        for dropped in 1..=MAX_DROPPED {
            let Some(keep) = length.checked_sub(dropped).filter(|&k| k >= MIN_STEM) else {
                break;
            };
            let cut = word
                .char_indices()
                .nth(keep)
                .map_or(word.len(), |(at, _)| at);
            if let Some(id) = self.id(&word[..cut]) {
                let stem = Quality {
                    short: START,
                    prose: START,
                    shown: 0,
                };
                table.set(id as usize, stem);
            }
        }
        let limit = typo_limit(length);
        if !typos || limit == 0 || known {
            return table;
        }
        let typed: Vec<char> = word.chars().collect();
        let mut buffer: Vec<char> = Vec::new();
        for (id, candidate) in self.vocabulary.iter().enumerate() {
            buffer.clear();
            buffer.extend(candidate.chars());
            if let Some(distance) = typo_distance(&typed, &buffer, limit, false) {
                let q = if distance <= 1 { ONE_TYPO } else { TWO_TYPOS };
                let typo = Quality {
                    short: q,
                    prose: q,
                    shown: 0,
                };
                table.set(id, typo);
            } else if length >= 5
                && buffer.len() > length
                && typo_distance(&typed, &buffer, limit, true).is_some()
            {
                let typo_start = Quality {
                    short: TYPO_START,
                    prose: 0,
                    shown,
                };
                table.set(id, typo_start);
            }
        }
        table
    }
}

fn same_words(a: &[Token], b: &[Token]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.text == y.text)
}

/// The module's score for every clause together, or `None` when some clause is not found.
fn score_module(module: &Indexed, clauses: &[Clause], marks: &mut TitleMarks) -> Option<u32> {
    let mut total = 0;
    for clause in clauses {
        let mut literal = Some(0);
        for alternatives in &clause.literal {
            let score = evidence(module, alternatives, marks);
            literal = literal.filter(|_| score > 0).map(|sum| sum + score);
        }
        let meant = clause
            .meanings
            .as_ref()
            .map_or(0, |m| evidence(module, m, marks) * clause.words);
        let best = literal.unwrap_or(0).max(meant);
        if best == 0 {
            return None;
        }
        total += best;
    }
    Some(total)
}

/// How strongly a module shows one clause: its best field, plus a little for each further field
/// that has it too (a module about sextortion names it in its title, key words and summary).
fn evidence(module: &Indexed, alternatives: &Alternatives, marks: &mut TitleMarks) -> u32 {
    let mut best = 0;
    let mut rest = 0;
    for (index, field) in module.fields.iter().enumerate() {
        let marks = if index == 0 { Some(&mut *marks) } else { None };
        let score = field_score(module, field, alternatives, marks);
        if score > best {
            rest += best;
            best = score;
        } else {
            rest += score;
        }
    }
    best + (rest / 4).min(best / 2)
}

/// How well one field has the alternatives; marks the title words that matched in `marks`.
fn field_score(
    module: &Indexed,
    field: &Field,
    alternatives: &Alternatives,
    mut marks: Option<&mut TitleMarks>,
) -> u32 {
    let place = field.place;
    let words = module.words(field);
    let mut best: u8 = 0;
    // Positions are in the field's words; `shown` is how many characters to highlight (0: all).
    let mut mark = |positions: Range<usize>, shown: u8| {
        if let Some(marks) = marks.as_deref_mut() {
            for position in positions {
                marks[position] = Some(match marks[position] {
                    Some(0) => 0,
                    Some(s) if shown != 0 => s.max(shown),
                    _ => shown,
                });
            }
        }
    };
    let single = &alternatives.single;
    if !single.found.is_empty() {
        for (position, &id) in words.iter().enumerate() {
            let q = single.get(id, place);
            if q > 0 {
                best = best.max(q);
                mark(position..position + 1, single.quality[id as usize].shown);
            }
        }
        let compounds =
            &module.compounds[field.compounds.start as usize..field.compounds.end as usize];
        for (id, parts) in compounds {
            let q = single.get(*id, place);
            if q > 0 {
                best = best.max(q);
                let from = (parts.start - field.words.start) as usize;
                mark(from..from + parts.len(), 0);
            }
        }
    }
    for phrase in &alternatives.phrases {
        let length = phrase.words.len();
        if length == 0 || length > words.len() {
            continue;
        }
        for start in 0..=words.len() - length {
            let mut q = u8::MAX;
            for (table, &id) in phrase.words.iter().zip(&words[start..]) {
                q = q.min(table.get(id, place));
                if q == 0 {
                    break;
                }
            }
            if q > 0 {
                best = best.max((u16::from(q) * u16::from(phrase.share) / 100) as u8);
                mark(start..start + length, 0);
            }
        }
    }
    place.weight() * u32::from(best)
}

/// The title characters to highlight.
fn highlighted(title_chars: &[Range<usize>], marks: &TitleMarks) -> Vec<usize> {
    title_chars
        .iter()
        .zip(marks)
        .filter_map(|(range, mark)| {
            mark.map(|shown| match shown {
                0 => range.clone(),
                n => range.start..(range.start + usize::from(n)).min(range.end),
            })
        })
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests;
