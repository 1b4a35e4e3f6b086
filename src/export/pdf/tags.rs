//! The PDF structure tree (headings, lists, tables, boxes), built while laying out and given
//! its content ids while drawing, so that screen readers and reflow read the handout right.

use std::num::NonZeroU16;

use krilla::tagging::{Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind};

#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// Level and text (the text is the heading's title for screen readers).
    Heading(u8, String),
    Paragraph,
    List,
    Item,
    Label,
    Body,
    Table,
    Row,
    HeaderCell,
    Cell,
    Panel,
    /// A link: its text and its annotation, both content slots.
    Link,
    /// A picture and the words a screen reader says for it.
    Figure(String),
    /// A part in a language of its own (a BCP 47 tag): screen readers switch voice for it.
    Language(String),
}

pub(super) enum Child {
    Element(usize),
    Content(usize),
}

#[derive(Default)]
pub(super) struct Tree {
    kinds: Vec<Kind>,
    pub(super) children: Vec<Vec<Child>>,
    pub(super) roots: Vec<usize>,
}

impl Tree {
    pub(super) fn open(&mut self, kind: Kind, parent: Option<usize>) -> usize {
        let id = self.kinds.len();
        self.kinds.push(kind);
        self.children.push(Vec::new());
        match parent {
            Some(parent) => self.children[parent].push(Child::Element(id)),
            None => self.roots.push(id),
        }
        id
    }

    /// Where the tree stands, to [`Tree::rewind`] to when a layout is tried and dropped.
    pub(super) fn mark(&self) -> usize {
        self.kinds.len()
    }

    /// Forgets every element opened since `mark`, and marked content numbered from `content`.
    pub(super) fn rewind(&mut self, mark: usize, content: usize) {
        self.kinds.truncate(mark);
        self.children.truncate(mark);
        self.roots.retain(|&root| root < mark);
        for children in &mut self.children {
            children.retain(|child| match child {
                Child::Element(e) => *e < mark,
                Child::Content(c) => *c < content,
            });
        }
    }

    pub(super) fn group(&self, element: usize, ids: &[Option<Identifier>]) -> TagGroup {
        let tag: TagKind = match &self.kinds[element] {
            Kind::Heading(level, text) => Tag::Hn(
                NonZeroU16::new((*level).into()).unwrap_or(NonZeroU16::MIN),
                Some(text.clone()),
            )
            .into(),
            Kind::Paragraph => Tag::P.into(),
            Kind::List => Tag::L(ListNumbering::Disc).into(),
            Kind::Item => Tag::LI.into(),
            Kind::Label => Tag::Lbl.into(),
            Kind::Body => Tag::LBody.into(),
            Kind::Table => Tag::Table.into(),
            Kind::Row => Tag::TR.into(),
            Kind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
            Kind::Cell => Tag::TD.into(),
            Kind::Panel => Tag::Div.into(),
            Kind::Link => Tag::Link.into(),
            Kind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
            Kind::Language(language) => TagKind::from(Tag::Div).with_lang(Some(language.clone())),
        };
        let children = self.children[element]
            .iter()
            .filter_map(|child| match child {
                Child::Element(e) => Some(Node::Group(self.group(*e, ids))),
                Child::Content(c) => ids.get(*c).copied().flatten().map(Node::Leaf),
            })
            .collect();
        TagGroup::with_children(tag, children)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(tree: &Tree) -> (usize, Vec<usize>, Vec<usize>) {
        let counts = tree.children.iter().map(Vec::len).collect();
        (tree.kinds.len(), counts, tree.roots.clone())
    }

    #[test]
    fn a_rewound_tree_forgets_what_was_tried_and_keeps_what_came_before() {
        let mut tree = Tree::default();
        let section = tree.open(Kind::Panel, None);
        let kept = tree.open(Kind::Paragraph, Some(section));
        tree.children[kept].push(Child::Content(0));
        let before = shape(&tree);
        let (mark, content) = (tree.mark(), 1);
        let tried = tree.open(Kind::Panel, Some(section));
        tree.children[tried].push(Child::Content(1));
        tree.children[kept].push(Child::Content(2));
        tree.open(Kind::Paragraph, None);
        tree.rewind(mark, content);
        assert_eq!(shape(&tree), before);
    }
}
