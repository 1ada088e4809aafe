//! Pages by id: iterated in id order (navigation, sitemaps and reports
//! must not depend on hashing) and looked up by hash. Every link on every
//! page is a lookup here; in an ordered map, ids sharing long prefixes
//! (`guides/setup/...`) cost a string comparison per tree level.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use super::{Page, PageId};

/// One page id's files, by locale code.
pub type Variants = BTreeMap<String, Page>;

#[derive(Debug, Clone, Default)]
pub struct PageTable {
    /// Sorted by id.
    entries: Vec<Entry>,
    /// Id -> position in `entries`. Hashed with aHash (already built for
    /// Tera): every link on every page is a lookup, and SipHash, the
    /// standard map's DoS-resistant hash, was 1% of a build. Ids are the
    /// site's own file names, not hostile input.
    index: HashMap<PageId, Slot, ahash::RandomState>,
}

/// An id's place in `entries`, and which locales publish it at the plain
/// folder `<locale>/<id>/` (see `plain_dirs`). Kept in the index itself:
/// a link is then one hash probe, where following `entries` to the
/// folder cache cost four cache misses and 9% of a build's time.
#[derive(Debug, Clone)]
struct Slot {
    at: usize,
    plain: OnceLock<u64>,
}

#[derive(Debug, Clone)]
struct Entry {
    id: PageId,
    variants: Variants,
    /// Its output folder per locale, worked out when first asked for
    /// (see `output_dirs`), and forgotten whenever `variants` may change.
    output_dirs: OnceLock<Vec<Option<String>>>,
}

impl Entry {
    fn new(id: PageId, variants: Variants) -> Entry {
        Entry {
            id,
            variants,
            output_dirs: OnceLock::new(),
        }
    }
}

impl PageTable {
    pub fn get(&self, id: &str) -> Option<&Variants> {
        self.index
            .get(id)
            .map(|slot| &self.entries[slot.at].variants)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Variants> {
        let slot = self.index.get_mut(id)?;
        slot.plain = OnceLock::new();
        let entry = &mut self.entries[slot.at];
        entry.output_dirs = OnceLock::new();
        Some(&mut entry.variants)
    }

    /// `id`'s output folder in each locale of the site, in site.yaml's
    /// order, made by `make` the first time and kept until `id`'s variants
    /// change ([`crate::load::Site::page_output_dir`] is the one caller).
    /// It also depends on the locales' fallback chains, which only change
    /// with site.yaml, and a changed site.yaml reloads the whole site.
    pub fn output_dirs(
        &self,
        id: &str,
        make: impl FnOnce(&Variants) -> Vec<Option<String>>,
    ) -> Option<&[Option<String>]> {
        let entry = &self.entries[self.index.get(id)?.at];
        Some(entry.output_dirs.get_or_init(|| make(&entry.variants)))
    }

    /// The locales (bit `i` for the site's `i`th) in which `id` is
    /// published at `<locale>/<id>/`: it resolves there and has no slug.
    /// Made by `make` the first time, forgotten like `output_dirs`.
    pub fn plain_dirs(&self, id: &str, make: impl FnOnce(&Variants) -> u64) -> Option<u64> {
        let slot = self.index.get(id)?;
        Some(
            *slot
                .plain
                .get_or_init(|| make(&self.entries[slot.at].variants)),
        )
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
        self.entries.iter().map(|e| (&e.id, &e.variants))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &PageId> + Clone {
        self.entries.iter().map(|e| &e.id)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Variants> + Clone {
        self.entries.iter().map(|e| &e.variants)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Variants> {
        for slot in self.index.values_mut() {
            slot.plain = OnceLock::new();
        }
        self.entries.iter_mut().map(|e| {
            e.output_dirs = OnceLock::new();
            &mut e.variants
        })
    }

    /// Adds or replaces `id`'s page for `page.locale`. A new id costs a
    /// shift and a re-index (serve adds pages one at a time; loading
    /// builds the table at once with `from`).
    pub fn insert(&mut self, id: &str, page: Page) {
        if let Some(variants) = self.get_mut(id) {
            variants.insert(page.locale.clone(), page);
            return;
        }
        let at = self.entries.partition_point(|e| e.id.as_str() < id);
        let mut variants = Variants::new();
        variants.insert(page.locale.clone(), page);
        self.entries.insert(at, Entry::new(id.to_owned(), variants));
        self.reindex();
    }

    /// Removes `id`'s page for `locale`, and the id once it has none.
    pub fn remove(&mut self, id: &str, locale: &str) {
        let Some(slot) = self.index.get_mut(id) else {
            return;
        };
        slot.plain = OnceLock::new();
        let i = slot.at;
        let entry = &mut self.entries[i];
        entry.variants.remove(locale);
        entry.output_dirs = OnceLock::new();
        if entry.variants.is_empty() {
            self.entries.remove(i);
            self.reindex();
        }
    }

    fn reindex(&mut self) {
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(at, e)| {
                let plain = OnceLock::new();
                (e.id.clone(), Slot { at, plain })
            })
            .collect();
    }
}

impl From<BTreeMap<PageId, Variants>> for PageTable {
    fn from(map: BTreeMap<PageId, Variants>) -> PageTable {
        let mut table = PageTable {
            entries: map
                .into_iter()
                .map(|(id, variants)| Entry::new(id, variants))
                .collect(),
            index: HashMap::default(),
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

    #[test]
    fn output_dirs_are_made_once_and_forgotten_on_change() {
        let mut table = PageTable::default();
        table.insert("a", page("a", "en"));
        let locales = |v: &Variants| v.keys().map(|k| Some(k.clone())).collect();
        let count = |t: &PageTable| t.output_dirs("a", locales).map(<[_]>::len);
        assert_eq!(count(&table), Some(1));
        // Kept: a second `make` is not called.
        assert_eq!(
            table.output_dirs("a", |_| unreachable!()).map(<[_]>::len),
            Some(1)
        );
        table.insert("a", page("a", "fr"));
        assert_eq!(count(&table), Some(2));
        table.remove("a", "fr");
        assert_eq!(count(&table), Some(1));
        if let Some(v) = table.get_mut("a") {
            v.clear();
        }
        assert_eq!(count(&table), Some(0));
        assert_eq!(count(&PageTable::default()), None);
    }
}
