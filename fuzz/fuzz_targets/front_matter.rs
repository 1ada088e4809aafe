//! Front matter splitting and parsing, and `stamp`'s edit of it: no panic,
//! the split halves rejoin into the input, and a stamped file parses back
//! to the stamped hash; what the fast path reads, the YAML parser reads
//! the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use locdoc::load::frontmatter::{parse, parse_simple, split};
use std::path::Path;

fuzz_target!(|text: &str| {
    let text = text.replace("\r\n", "\n");
    if let Ok(s) = split(&text) {
        assert_eq!(&text[s.body_offset..], s.body);
        if let Some(yaml) = s.yaml {
            assert_eq!(&text[s.yaml_offset..s.yaml_offset + yaml.len()], yaml);
            let _ = parse(yaml, &text, s.yaml_offset, Path::new("p.md"));
            if let Some(fast) = parse_simple(yaml) {
                match serde_norway::from_str::<serde_norway::Value>(yaml) {
                    Ok(serde_norway::Value::Null) => {
                        assert_eq!(fast, serde_norway::Value::Mapping(Default::default()))
                    }
                    Ok(full) => assert_eq!(fast, full, "{yaml:?}"),
                    Err(err) => panic!("fast path read {yaml:?}; the YAML parser: {err}"),
                }
            }
        }
    }
    let stamped = locdoc::stamp::set_source_hash(&text, "0123abcd");
    if let Ok(s) = split(&stamped) {
        if let Some(yaml) = s.yaml {
            let (front, problems) = parse(yaml, &stamped, s.yaml_offset, Path::new("p.md"));
            if problems.is_empty() && !yaml.contains("source_hash") {
                assert_eq!(front.source_hash.as_deref(), Some("0123abcd"), "{stamped:?}");
            }
        }
    }
});
