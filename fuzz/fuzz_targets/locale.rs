//! Locale negotiation: locale codes, and whole site.yaml files with their
//! fallback chains. Every accepted config has chains that start with the
//! locale and end with the default locale, without repeats.
#![no_main]

use libfuzzer_sys::fuzz_target;
use locdoc::config::{parse_locale_code, SiteConfig};
use std::path::Path;

fuzz_target!(|text: &str| {
    let _ = parse_locale_code(text);
    if let Ok(config) = SiteConfig::parse(text, Path::new("site.yaml")) {
        for locale in &config.locales {
            assert_eq!(locale.chain.first(), Some(&locale.code));
            assert!(locale.chain.contains(&config.default_locale));
            let mut seen = std::collections::BTreeSet::new();
            assert!(locale.chain.iter().all(|c| seen.insert(c)));
        }
    }
});
