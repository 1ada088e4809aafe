//! Pages by id: iterated in id order (navigation, sitemaps and reports
//! must not depend on hashing) and looked up by hash. Every link on every
//! page is a lookup here; in an ordered map, ids sharing long prefixes
//! (`guides/setup/...`) cost a string comparison per tree level.

use std::collections::{BTreeMap, HashMap};

use super::{Page, PageId};

/// One page id's files, by locale code.
pub type Variants = BTreeMap<String, Page>;

#[derive(Debug, Clone, Default)]
pub struct PageTable {
    /// Sorted by id.
    entries: Vec<(PageId, Variants)>,
    /// Id -> position in `entries`.
    index: HashMap<PageId, usize>,
}

impl PageTable {
    pub fn get(&self, id: &str) -> Option<&Variants> {
        self.index.get(id).map(|&i| &self.entries[i].1)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Variants> {
        let i = *self.index.get(id)?;
        Some(&mut self.entries[i].1)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&PageId, &Variants)> + Clone {
        self.entries.iter().map(|(id, v)| (id, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &PageId> + Clone {
        self.entries.iter().map(|(id, _)| id)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Variants> + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Variants> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// Adds or replaces `id`'s page for `page.locale`. A new id costs a
    /// shift and a re-index (serve adds pages one at a time; loading
    /// builds the table at once with `from`).
    pub fn insert(&mut self, id: &str, page: Page) {
        if let Some(variants) = self.get_mut(id) {
            variants.insert(page.locale.clone(), page);
            return;
        }
        let at = self
            .entries
            .partition_point(|(other, _)| other.as_str() < id);
        let mut variants = Variants::new();
        variants.insert(page.locale.clone(), page);
        self.entries.insert(at, (id.to_owned(), variants));
        self.reindex();
    }

    /// Removes `id`'s page for `locale`, and the id once it has none.
    pub fn remove(&mut self, id: &str, locale: &str) {
        let Some(&i) = self.index.get(id) else {
            return;
        };
        self.entries[i].1.remove(locale);
        if self.entries[i].1.is_empty() {
            self.entries.remove(i);
            self.reindex();
        }
    }

    fn reindex(&mut self) {
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), i))
            .collect();
    }
}

impl From<BTreeMap<PageId, Variants>> for PageTable {
    fn from(map: BTreeMap<PageId, Variants>) -> PageTable {
        let mut table = PageTable {
            entries: map.into_iter().collect(),
            index: HashMap::new(),
        };
        table.reindex();
        table
    }
}

impl std::ops::Index<&str> for PageTable {
    type Output = Variants;

    fn index(&self, id: &str) -> &Variants {
        match self.get(id) {
            Some(variants) => variants,
            None => panic!("no page `{id}` in the table"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(id: &str, locale: &str) -> Page {
        let path = format!("content/{locale}/{id}.md");
        Page::new(
            id,
            locale,
            path.as_ref(),
            Default::default(),
            String::new(),
            0,
        )
    }

    #[test]
    fn keeps_id_order_through_inserts_and_removals() {
        let mut table = PageTable::default();
        for id in ["b", "a/x", "c", "a"] {
            table.insert(id, page(id, "en"));
        }
        table.insert("a", page("a", "fr"));
        assert_eq!(table.keys().collect::<Vec<_>>(), ["a", "a/x", "b", "c"]);
        assert_eq!(table["a"].len(), 2);
        table.remove("a", "en");
        assert!(table.contains_key("a"));
        table.remove("a", "fr");
        table.remove("nothing", "fr");
        assert_eq!(table.keys().collect::<Vec<_>>(), ["a/x", "b", "c"]);
        assert_eq!(table.get("c").map(|v| v.contains_key("en")), Some(true));
        assert!(table.get("a").is_none());
    }
}
