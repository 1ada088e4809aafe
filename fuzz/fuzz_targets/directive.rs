//! The directive parser on arbitrary lines and at arbitrary positions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use locdoc::render::directive::{parse_at, parse_block_line};

fuzz_target!(|text: &str| {
    for line in text.lines() {
        if let Some(Ok(d)) = parse_block_line(line) {
            assert!(d.offset <= line.len());
            for attr in &d.attrs {
                assert!(attr.offset <= line.len());
            }
        }
    }
    for (i, c) in text.char_indices().take(64) {
        if c == ':' && text.is_char_boundary(i + 1) {
            if let Ok(d) = parse_at(text, i + 1) {
                assert!(i + d.len <= text.len() + 1);
            }
        }
    }
});
