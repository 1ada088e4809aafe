//! Turning loaded content into HTML: Markdown with directives, URLs, and
//! the Tera templates that wrap each page.

pub mod directive;
pub mod markdown;
pub mod preview;
pub mod templates;
pub mod urls;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_html`] does: `&`, `<`,
/// `>`, `"` and `'`, by pulldown-cmark-escape, the escaper Markdown and
/// Tera's output go through too.
pub fn push_escaped(out: &mut String, text: &str) {
    // Writing to a String never fails; the error type is fmt::Error only
    // for other writers.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape_html(r#"<script>"x" & 'y'"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
    }
}
