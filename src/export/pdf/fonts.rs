//! The fonts a PDF is printed in, and shaping text with them.
//!
//! Each character cluster takes the first font of a fallback chain that has all of it: Liberation
//! Sans (bundled; Latin, Greek, Cyrillic), Noto Naskh Arabic (bundled; Arabic and Urdu), then the
//! fonts installed on the machine (Chinese, Japanese, emoji and the rest), found once per run
//! with fontdb. A character no font has is recorded, so that the export can fail naming it
//! rather than print a box or a `?`.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::{Mutex, OnceLock};

use krilla::text::{Font, GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Script, ShapePlan, UnicodeBuffer};

use super::text::Run;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
static ARABIC_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf");
static ARABIC_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoNaskhArabic-Bold.ttf");

/// Where a face sits in [`Fonts`]: the bundled faces first, then installed ones as they are
/// needed.
pub(super) type FaceId = usize;

const LIBERATION: [FaceId; 2] = [0, 1];
const NASKH: [FaceId; 2] = [2, 3];

pub(super) struct Face {
    pub(super) font: Font,
    shaper: rustybuzz::Face<'static>,
    /// Shaping plans by direction and script: making one is far slower than shaping a word.
    plans: RefCell<HashMap<(bool, Script), Rc<ShapePlan>>>,
}

impl Face {
    fn new(data: &'static [u8], index: u32) -> Option<Face> {
        Some(Face {
            font: Font::new(data.into(), index)?,
            shaper: rustybuzz::Face::from_slice(data, index)?,
            plans: RefCell::default(),
        })
    }

    /// Whether the face has a glyph of its own for `c`.
    pub(super) fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// `text` shaped in this face, glyphs in the order they are drawn (for right-to-left text, the
    /// last character's first), advances in ems, text ranges relative to `text`.
    pub(super) fn shape(&self, text: &str, rtl: bool) -> Vec<KrillaGlyph> {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let script = buffer.script();
        let plan = Rc::clone(
            self.plans
                .borrow_mut()
                .entry((rtl, script))
                .or_insert_with(|| {
                    Rc::new(ShapePlan::new(
                        &self.shaper,
                        buffer.direction(),
                        Some(script),
                        None,
                        &[],
                    ))
                }),
        );
        let output = rustybuzz::shape_with_plan(&self.shaper, &plan, buffer);
        let upem = self.shaper.units_per_em() as f32;
        // A cluster runs from its first byte to the next cluster's first byte.
        let mut starts: Vec<usize> = output
            .glyph_infos()
            .iter()
            .map(|info| info.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, position)| {
                let start = info.cluster as usize;
                let end = match starts.binary_search(&start) {
                    Ok(at) => starts.get(at + 1).copied().unwrap_or(text.len()),
                    Err(_) => text.len(),
                };
                KrillaGlyph {
                    glyph_id: GlyphId::new(info.glyph_id),
                    text_range: start..end,
                    x_advance: position.x_advance as f32 / upem,
                    x_offset: position.x_offset as f32 / upem,
                    y_offset: position.y_offset as f32 / upem,
                    y_advance: position.y_advance as f32 / upem,
                    location: None,
                }
            })
            .collect()
    }
}

/// Characters that draw nothing of their own (joiners, variation selectors, direction marks):
/// shaping uses them where a font knows them, and no font need have a glyph for them.
pub(super) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether a cluster asks to be shown as a colour picture: an emoji, or text followed by the
/// emoji variation selector.
fn wants_emoji(cluster: &str) -> bool {
    cluster
        .chars()
        .any(|c| matches!(c, '\u{FE0F}' | '\u{1F000}'..='\u{1FAFF}'))
}

/// The bundled faces and those of the machine taken into use so far.
pub(super) struct Fonts {
    faces: RefCell<Vec<Rc<Face>>>,
    /// Installed faces already taken into use, by their place in [`SystemFonts::faces`].
    loaded: RefCell<HashMap<usize, FaceId>>,
    /// The face chosen for each cluster so far, for regular and bold text: one choice, however
    /// often it is met.
    chosen: [RefCell<HashMap<String, Option<FaceId>>>; 2],
    /// Units of text shaped so far, by weight and direction (see [`super::text`]): the same word
    /// is shaped once, however often it is measured and drawn.
    shaped: [RefCell<HashMap<String, Rc<[Run]>>>; 4],
    missing: RefCell<BTreeSet<char>>,
}

impl Fonts {
    pub(super) fn new() -> Result<Fonts, String> {
        let bundled = [REGULAR, BOLD, ARABIC_REGULAR, ARABIC_BOLD]
            .into_iter()
            .map(|data| Face::new(data, 0).map(Rc::new))
            .collect::<Option<Vec<_>>>()
            .ok_or("a bundled font cannot be read")?;
        Ok(Fonts {
            faces: RefCell::new(bundled),
            loaded: RefCell::default(),
            chosen: Default::default(),
            shaped: Default::default(),
            missing: RefCell::default(),
        })
    }

    pub(super) fn face(&self, id: FaceId) -> Rc<Face> {
        Rc::clone(&self.faces.borrow()[id])
    }

    /// Liberation Sans in the weight asked for: the face of spaces and of text the program
    /// writes itself.
    pub(super) fn base(&self, bold: bool) -> FaceId {
        LIBERATION[usize::from(bold)]
    }

    /// The characters met so far that no font has, in code point order.
    pub(super) fn missing(&self) -> Vec<char> {
        self.missing.borrow().iter().copied().collect()
    }

    /// Whether the face has every character of the cluster that needs a glyph.
    pub(super) fn covers(&self, face: FaceId, cluster: &str) -> bool {
        let face = &self.faces.borrow()[face];
        cluster.chars().all(|c| is_ignorable(c) || face.has(c))
    }

    /// The face a cluster (a character with its marks, or an emoji sequence) is drawn in; `None`
    /// when no one font has all of it. A single character that no font has is recorded.
    pub(super) fn face_for(&self, cluster: &str, bold: bool) -> Option<FaceId> {
        let chosen = &self.chosen[usize::from(bold)];
        if let Some(face) = chosen.borrow().get(cluster) {
            return *face;
        }
        let face = self.choose(cluster, bold);
        let mut needed = cluster.chars().filter(|&c| !is_ignorable(c));
        if let (None, Some(only), None) = (face, needed.next(), needed.next()) {
            self.missing.borrow_mut().insert(only);
        }
        chosen.borrow_mut().insert(cluster.to_string(), face);
        face
    }

    /// A unit of text as shaped before, or shaped now by `shape` and kept.
    pub(super) fn shaped(
        &self,
        unit: &str,
        bold: bool,
        rtl: bool,
        shape: impl FnOnce() -> Vec<Run>,
    ) -> Rc<[Run]> {
        let cache = &self.shaped[usize::from(bold) * 2 + usize::from(rtl)];
        if let Some(runs) = cache.borrow().get(unit) {
            return Rc::clone(runs);
        }
        let runs: Rc<[Run]> = shape().into();
        cache
            .borrow_mut()
            .insert(unit.to_string(), Rc::clone(&runs));
        runs
    }

    fn choose(&self, cluster: &str, bold: bool) -> Option<FaceId> {
        if cluster.chars().all(is_ignorable) {
            return Some(self.base(bold));
        }
        let emoji = wants_emoji(cluster);
        if emoji && let Some(face) = self.installed(cluster, bold, true) {
            return Some(face);
        }
        let weight = usize::from(bold);
        [LIBERATION[weight], NASKH[weight]]
            .into_iter()
            .find(|&face| self.covers(face, cluster))
            .or_else(|| self.installed(cluster, bold, false))
            .or_else(|| self.installed(cluster, bold, true))
    }

    /// The first installed face, in order of preference, that has the whole cluster: among the
    /// emoji faces, or among the others.
    fn installed(&self, cluster: &str, bold: bool, emoji: bool) -> Option<FaceId> {
        let system = SystemFonts::get();
        let order = if bold { &system.bold } else { &system.regular };
        for &index in order {
            let info = &system.faces[index];
            if info.emoji != emoji {
                continue;
            }
            let loaded = self.loaded.borrow().get(&index).copied();
            if let Some(face) = loaded {
                if self.covers(face, cluster) {
                    return Some(face);
                }
                continue;
            }
            if !system.covers(info, cluster) {
                continue;
            }
            let Some(face) = system.load(info) else {
                continue;
            };
            let mut faces = self.faces.borrow_mut();
            faces.push(Rc::new(face));
            let id = faces.len() - 1;
            self.loaded.borrow_mut().insert(index, id);
            return Some(id);
        }
        None
    }
}

/// One face installed on the machine.
struct SystemFace {
    id: fontdb::ID,
    /// Where its file is and which face of it, to read it once.
    path: std::path::PathBuf,
    index: u32,
    emoji: bool,
}

/// The machine's fonts, listed once per run and in a fixed order of preference so that the same
/// text always prints in the same font.
struct SystemFonts {
    database: fontdb::Database,
    faces: Vec<SystemFace>,
    /// Places in `faces`, best first, for regular and for bold text.
    regular: Vec<usize>,
    bold: Vec<usize>,
}

/// Families tried first, in this order: wide coverage in a sans-serif design close to
/// Liberation Sans; Simplified Chinese forms before the other CJK ones.
const PREFERRED: [&str; 12] = [
    "Noto Sans",
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans Symbols",
    "Noto Sans Symbols2",
    "Noto Color Emoji",
];

/// The font data of installed faces taken into use. Read once per run and kept: the shaper
/// borrows it, and a run uses only a few files.
fn file_data(path: &std::path::Path) -> Option<&'static [u8]> {
    static FILES: OnceLock<Mutex<HashMap<std::path::PathBuf, &'static [u8]>>> = OnceLock::new();
    let mut files = FILES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(data) = files.get(path) {
        return Some(data);
    }
    let data: &'static [u8] = Vec::leak(std::fs::read(path).ok()?);
    files.insert(path.to_path_buf(), data);
    Some(data)
}

impl SystemFonts {
    fn get() -> &'static SystemFonts {
        static SYSTEM: OnceLock<SystemFonts> = OnceLock::new();
        SYSTEM.get_or_init(SystemFonts::scan)
    }

    fn scan() -> SystemFonts {
        let mut database = fontdb::Database::new();
        database.load_system_fonts();
        let mut faces: Vec<(SystemFace, usize, String, u16, bool)> = database
            .faces()
            .filter_map(|info| {
                let fontdb::Source::File(path) = &info.source else {
                    return None;
                };
                let family = info.families.first().map(|f| f.0.clone())?;
                let rank = PREFERRED
                    .iter()
                    .position(|p| *p == family)
                    .unwrap_or(PREFERRED.len() + usize::from(!family.contains("Sans")));
                let upright = info.style == fontdb::Style::Normal;
                Some((
                    SystemFace {
                        id: info.id,
                        path: path.clone(),
                        index: info.index,
                        emoji: family.contains("Emoji"),
                    },
                    rank,
                    family,
                    info.weight.0,
                    upright,
                ))
            })
            .collect();
        // A fixed order whatever order the folders were read in.
        faces.sort_by(|a, b| {
            (a.1, &a.2, a.3, &a.0.path, a.0.index).cmp(&(b.1, &b.2, b.3, &b.0.path, b.0.index))
        });
        let order = |weight: u16| {
            let mut order: Vec<usize> = (0..faces.len()).collect();
            order.sort_by_key(|&at| {
                let (_, rank, _, face_weight, upright) = &faces[at];
                (*rank, !upright, face_weight.abs_diff(weight), at)
            });
            order
        };
        let regular = order(400);
        let bold = order(700);
        SystemFonts {
            database,
            faces: faces.into_iter().map(|f| f.0).collect(),
            regular,
            bold,
        }
    }

    /// Whether a face not yet read has every character of the cluster.
    fn covers(&self, face: &SystemFace, cluster: &str) -> bool {
        self.database
            .with_face_data(face.id, |data, index| {
                let Ok(parsed) = rustybuzz::ttf_parser::Face::parse(data, index) else {
                    return false;
                };
                cluster
                    .chars()
                    .all(|c| is_ignorable(c) || parsed.glyph_index(c).is_some_and(|g| g.0 != 0))
            })
            .unwrap_or(false)
    }

    fn load(&self, face: &SystemFace) -> Option<Face> {
        Face::new(file_data(&face.path)?, face.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_script_takes_the_first_font_that_has_it() {
        let fonts = Fonts::new().unwrap();
        assert_eq!(fonts.face_for("a", false), Some(LIBERATION[0]));
        assert_eq!(fonts.face_for("Ж", true), Some(LIBERATION[1]));
        assert_eq!(fonts.face_for("λ", false), Some(LIBERATION[0]));
        assert_eq!(fonts.face_for("ب", false), Some(NASKH[0]));
        assert_eq!(fonts.face_for("ے", true), Some(NASKH[1]));
        // A joiner or a variation selector alone draws nothing and needs no font.
        assert_eq!(fonts.face_for("\u{200D}", false), Some(LIBERATION[0]));
        assert!(fonts.missing().is_empty());
    }

    #[test]
    fn a_character_no_font_has_is_recorded_once() {
        let fonts = Fonts::new().unwrap();
        assert_eq!(fonts.face_for("\u{10FFFD}", false), None);
        assert_eq!(fonts.face_for("\u{10FFFD}", false), None);
        // A cluster no one font has is not itself a missing character: its characters are
        // looked up one by one.
        assert_eq!(fonts.face_for("a\u{10FFFD}", true), None);
        assert_eq!(fonts.missing(), vec!['\u{10FFFD}']);
    }

    #[test]
    fn arabic_is_shaped_into_joined_forms_drawn_right_to_left() {
        let fonts = Fonts::new().unwrap();
        let face = fonts.face(NASKH[0]);
        let word = "سلام";
        let glyphs = face.shape(word, true);
        // Drawn from the last letter to the first.
        let starts: Vec<usize> = glyphs.iter().map(|g| g.text_range.start).collect();
        let mut descending = starts.clone();
        descending.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(starts, descending);
        // Joined: the first letter's glyph is not the one it has standing alone.
        let alone = face.shape("س", true)[0].glyph_id;
        let first = glyphs.iter().find(|g| g.text_range.start == 0).unwrap();
        assert_ne!(first.glyph_id, alone);
    }
}
