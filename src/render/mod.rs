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

/// Appends `text` to `out`, escaped as [`escape_html`] does.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    // Runs without markup characters are copied whole: most text is one.
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
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
