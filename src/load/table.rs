//! Pages by id: iterated in id order (navigation, sitemaps and reports
//! must not depend on hashing) and looked up by hash. Every link on every
//! page is a lookup here; in an ordered map, ids sharing long prefixes
//! (`guides/setup/...`) cost a string comparison per tree level.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use super::{Page, PageId};

/// One page id's files, one per locale, in order of locale code. A few at
/// most: a sorted vector, where a B-tree leaf made room for eleven pages
/// (4 KiB per id, 47 MiB of a 10,000-page site's 50,000 pages).
#[derive(Debug, Clone, Default)]
pub struct Variants {
    pages: Vec<Page>,
}

impl Variants {
    pub fn new() -> Variants {
        Variants::default()
    }

    /// Room for `locales` pages without growing.
    pub fn with_capacity(locales: usize) -> Variants {
        Variants {
            pages: Vec::with_capacity(locales),
        }
    }

    fn position(&self, locale: &str) -> Result<usize, usize> {
        self.pages
            .binary_search_by(|page| page.locale.as_str().cmp(locale))
    }

    pub fn get(&self, locale: &str) -> Option<&Page> {
        let at = self.position(locale).ok()?;
        self.pages.get(at)
    }

    pub fn contains_key(&self, locale: &str) -> bool {
        self.position(locale).is_ok()
    }

    /// Adds `page` under its locale, returning the page it replaces.
    pub fn insert(&mut self, page: Page) -> Option<Page> {
        match self.position(&page.locale) {
            Ok(at) => Some(std::mem::replace(&mut self.pages[at], page)),
            Err(at) => {
                self.pages.insert(at, page);
                None
            }
        }
    }

    pub fn remove(&mut self, locale: &str) -> Option<Page> {
        let at = self.position(locale).ok()?;
        Some(self.pages.remove(at))
    }

    pub fn clear(&mut self) {
        self.pages.clear();
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// The locale codes, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + Clone {
        self.pages.iter().map(|page| &page.locale)
    }

    pub fn values(&self) -> std::slice::Iter<'_, Page> {
        self.pages.iter()
    }
}

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

/// An id's place in `entries`, and where it is published (see
/// `output_dirs`). Kept in the index itself: a link is then one hash
/// probe, where following `entries` to a folder cache cost four cache
/// misses and 9% of a build's time.
#[derive(Debug, Clone)]
struct Slot {
    at: usize,
    /// Worked out when first asked for, and forgotten whenever the id's
    /// variants may change.
    dirs: OnceLock<OutputDirs>,
}

impl Slot {
    fn new(at: usize) -> Slot {
        Slot {
            at,
            dirs: OnceLock::new(),
        }
    }
}

/// Where one id is published, by the index of the locale in site.yaml's
/// order ([`crate::load::Site::page_output_dir`] reads it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputDirs {
    /// Bit `i`: published in the `i`th locale at the plain folder
    /// `<locale>/<id>/`, the usual case, which needs no string kept.
    pub plain: u64,
    /// The other locales that publish it, with their folder: a slug's, or
    /// any folder of a locale past the 64th.
    pub other: Vec<(usize, String)>,
}

#[derive(Debug, Clone)]
struct Entry {
    id: PageId,
    variants: Variants,
}

impl Entry {
    fn new(id: PageId, variants: Variants) -> Entry {
        Entry { id, variants }
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
        slot.dirs = OnceLock::new();
        Some(&mut self.entries[slot.at].variants)
    }

    /// Where `id` is published, made by `make` the first time and kept
    /// until `id`'s variants change. It also depends on the locales'
    /// fallback chains, which only change with site.yaml, and a changed
    /// site.yaml reloads the whole site.
    pub fn output_dirs(
        &self,
        id: &str,
        make: impl FnOnce(&Variants) -> OutputDirs,
    ) -> Option<&OutputDirs> {
        let slot = self.index.get(id)?;
        Some(
            slot.dirs
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
            slot.dirs = OnceLock::new();
        }
        self.entries.iter_mut().map(|e| &mut e.variants)
    }

    /// Adds or replaces `id`'s page for `page.locale`. A new id costs a
    /// shift and a re-index (serve adds pages one at a time; loading
    /// builds the table at once with `from`).
    pub fn insert(&mut self, id: &str, page: Page) {
        if let Some(variants) = self.get_mut(id) {
            variants.insert(page);
            return;
        }
        let at = self.entries.partition_point(|e| e.id.as_str() < id);
        let mut variants = Variants::new();
        variants.insert(page);
        self.entries.insert(at, Entry::new(id.to_owned(), variants));
        self.reindex();
    }

    /// Removes `id`'s page for `locale`, and the id once it has none.
    pub fn remove(&mut self, id: &str, locale: &str) {
        let Some(slot) = self.index.get_mut(id) else {
            return;
        };
        slot.dirs = OnceLock::new();
        let i = slot.at;
        let entry = &mut self.entries[i];
        entry.variants.remove(locale);
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
            .map(|(at, e)| (e.id.clone(), Slot::new(at)))
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
    fn variants_stay_in_locale_order_one_page_each() {
        let mut variants = Variants::new();
        for locale in ["sv", "en", "pt-BR", "fr"] {
            assert!(variants.insert(page("a", locale)).is_none());
        }
        assert_eq!(
            variants.keys().collect::<Vec<_>>(),
            ["en", "fr", "pt-BR", "sv"]
        );
        let mut replacement = page("a", "fr");
        replacement.body_offset = 7;
        let replaced = variants.insert(replacement);
        assert_eq!(replaced.map(|p| p.body_offset), Some(0));
        assert_eq!(variants.len(), 4);
        assert_eq!(variants.get("fr").map(|p| p.body_offset), Some(7));
        assert!(variants.get("ru").is_none() && !variants.contains_key("ru"));
        assert_eq!(
            variants.remove("en").map(|p| p.locale),
            Some("en".to_owned())
        );
        assert!(variants.remove("en").is_none());
        assert_eq!(variants.keys().collect::<Vec<_>>(), ["fr", "pt-BR", "sv"]);
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
        let locales = |v: &Variants| OutputDirs {
            plain: 0,
            other: v.keys().cloned().enumerate().collect(),
        };
        let count = |t: &PageTable| t.output_dirs("a", locales).map(|d| d.other.len());
        assert_eq!(count(&table), Some(1));
        // Kept: a second `make` is not called.
        assert_eq!(
            table
                .output_dirs("a", |_| unreachable!())
                .map(|d| d.other.len()),
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
