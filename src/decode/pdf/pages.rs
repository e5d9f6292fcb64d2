//! The pages of a PDF, in order, from its page tree.
//!
//! A depth-first walk of /Kids from the catalog's /Pages, as lopdf's own
//! iterator reads it (a node is a /Type /Pages with /Kids or a /Type
//! /Page; anything else is passed over), except that a /Pages node met a
//! second time is not entered again: a tree that contains itself (a
//! cycle) is read once and reported, where it used to give no page and no
//! word.

use lopdf::{Document, Object, ObjectId};
use std::collections::HashSet;

/// Deepest page tree walked (lopdf's limit).
const MAX_DEPTH: usize = 256;

/// The pages found, and the first /Pages node that was reached again (a
/// cycle, or a subtree shared by two parents).
#[derive(Debug, Default)]
pub struct PageTree {
    pub pages: Vec<ObjectId>,
    pub repeated: Option<ObjectId>,
}

/// Walks the page tree, stopping after `most` pages.
pub fn pages(doc: &Document, most: usize) -> PageTree {
    let mut tree = PageTree::default();
    let Ok(root) = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
    else {
        return tree;
    };
    let mut seen: HashSet<ObjectId> = HashSet::from([root]);
    // each level: the kids still to visit
    let mut stack: Vec<std::slice::Iter<'_, Object>> = vec![kids(doc, root).iter()];
    while let Some(level) = stack.last_mut() {
        let Some(kid) = level.next() else {
            stack.pop();
            continue;
        };
        let Ok(id) = kid.as_reference() else { continue };
        let Some(kind) = doc.get_dictionary(id).ok().and_then(|d| d.type_name().ok()) else {
            continue;
        };
        match kind {
            "Page" => {
                tree.pages.push(id);
                if tree.pages.len() >= most {
                    break;
                }
            }
            "Pages" if stack.len() < MAX_DEPTH => {
                if seen.insert(id) {
                    stack.push(kids(doc, id).iter());
                } else if tree.repeated.is_none() {
                    tree.repeated = Some(id);
                }
            }
            _ => {}
        }
    }
    tree
}

fn kids(doc: &Document, id: ObjectId) -> &[Object] {
    doc.get_dictionary(id)
        .and_then(|d| d.get(b"Kids"))
        .and_then(Object::as_array)
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A document whose page tree is `root → [a, b]`, with `extra` kids
    /// added to `a`.
    fn doc_with(extra: impl Fn(ObjectId, ObjectId) -> Vec<Object>) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.5");
        let root = doc.new_object_id();
        let a = doc.new_object_id();
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => a });
        let mut a_kids: Vec<Object> = vec![page.into()];
        a_kids.extend(extra(root, a));
        doc.objects.insert(
            a,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => a_kids }),
        );
        let page2 = doc.add_object(dictionary! { "Type" => "Page", "Parent" => root });
        doc.objects.insert(
            root,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![a.into(), page2.into()] },
            ),
        );
        let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root });
        doc.trailer.set("Root", cat);
        (doc, page)
    }

    #[test]
    fn a_plain_tree_reads_as_lopdf_reads_it() {
        let (doc, _) = doc_with(|_, _| Vec::new());
        let t = pages(&doc, 100);
        assert_eq!(t.pages, doc.page_iter().collect::<Vec<_>>());
        assert_eq!(t.pages.len(), 2);
        assert!(t.repeated.is_none());
    }

    #[test]
    fn a_cycle_is_read_once_and_reported() {
        for back in [true, false] {
            // a kid of `a` is the root (a cycle through two nodes) or `a`
            let (doc, page) = doc_with(|root, a| vec![if back { root } else { a }.into()]);
            let t = pages(&doc, 100);
            assert_eq!(t.pages.len(), 2, "{back}");
            assert_eq!(t.pages[0], page);
            assert!(t.repeated.is_some());
        }
    }
}
