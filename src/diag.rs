//! Problems in the user's content, collected across a whole run so that one
//! invocation reports every one of them with file, line, column and a snippet.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A position in a file, 1-based, counted in lines of the file itself and in
/// characters (not bytes) within the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`. Offsets past the end (or inside
    /// a UTF-8 sequence) are clamped, because a position is for humans and must
    /// never be the reason a run panics.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem (`ftl-syntax`,
    /// `unknown-directive`, ...). Scripts match on it; never rename one.
    pub code: &'static str,
    /// Path relative to the site root, with `/` separators.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The offending source line, shown under the message on a terminal.
    #[serde(skip)]
    pub snippet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            snippet: None,
            help: None,
            locale: None,
        }
    }

    pub fn in_file(mut self, file: &Path) -> Diagnostic {
        self.file = Some(display_path(file));
        self
    }

    /// Points the diagnostic at byte `offset` of `text`, the whole content of
    /// the file it names, and keeps that line as the snippet.
    pub fn at_offset(mut self, text: &str, offset: usize) -> Diagnostic {
        let pos = Position::of_offset(text, offset);
        self.line = Some(pos.line);
        self.column = Some(pos.column);
        self.snippet = text.lines().nth(pos.line - 1).map(str::to_owned);
        self
    }

    /// Points the diagnostic at a 1-based line and column of `text`.
    pub fn at_line(mut self, text: &str, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line.max(1));
        self.column = Some(column.max(1));
        self.snippet = text.lines().nth(line.max(1) - 1).map(str::to_owned);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn for_locale(mut self, locale: &str) -> Diagnostic {
        self.locale = Some(locale.to_owned());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: severity[code]: message`, the form editors and CI logs
    /// turn into links.
    pub fn headline(&self) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(file);
            if let Some(line) = self.line {
                out.push_str(&format!(":{line}"));
                if let Some(column) = self.column {
                    out.push_str(&format!(":{column}"));
                }
            }
            out.push_str(": ");
        }
        out.push_str(&format!(
            "{}[{}]: {}",
            self.severity, self.code, self.message
        ));
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let (Some(snippet), Some(line), Some(column)) = (&self.snippet, self.line, self.column) {
            let gutter = line.to_string().len();
            let shown: String = snippet.chars().take(200).collect();
            let caret_pad: String = shown
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {shown}\n{:gutter$} | {caret_pad}^",
                "", ""
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// A path as shown to users: relative where it can be, `/`-separated.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Everything a run found, in a stable order with repeats removed (parallel
/// rendering reports the same model gap once per page).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, line and column, duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, a.code, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message))
        });
        // The same problem seen while rendering a page for several locales
        // (a source page shown as the fallback everywhere) is reported once.
        self.items.dedup_by(|b, a| {
            (&a.file, a.line, a.column, a.severity, a.code, &a.message)
                == (&b.file, b.line, b.column, b.severity, b.code, &b.message)
        });
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Where in `text` the first whole-word occurrence of `needle` starts, used
/// to point at a value that a parser handed us without a span (serde values,
/// Fluent ids reported by the bundle).
pub fn find_token(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    let mut from = 0;
    while let Some(found) = text[from..].find(needle) {
        let start = from + found;
        let end = start + needle.len();
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word(c));
        let after_ok = text[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return Some(start);
        }
        from = end;
    }
    None
}

/// A path below the site root, for messages.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_position_agrees_with_lines() {
        let text = "first\nsecond line\nпривет мир\n";
        let offset = text.find("мир").expect("present");
        assert_eq!(
            Position::of_offset(text, offset),
            Position { line: 3, column: 8 }
        );
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        // Past the end is clamped rather than panicking.
        assert_eq!(Position::of_offset(text, 10_000).line, 4);
    }

    #[test]
    fn offset_inside_a_multibyte_char_is_clamped() {
        let text = "é";
        assert_eq!(
            Position::of_offset(text, 1),
            Position { line: 1, column: 1 }
        );
    }

    #[test]
    fn headline_has_editor_form_and_snippet_has_caret() {
        let text = "a = b\nbad line here\n";
        let d = Diagnostic::error("ftl-syntax", "expected a message")
            .in_file(Path::new("locales/fr/main.ftl"))
            .at_offset(text, 10);
        assert_eq!(
            d.headline(),
            "locales/fr/main.ftl:2:5: error[ftl-syntax]: expected a message"
        );
        let shown = d.to_string();
        assert!(shown.contains("2 | bad line here"), "{shown}");
        assert!(shown.ends_with("|     ^"), "{shown}");
    }

    #[test]
    fn find_token_matches_whole_words_only() {
        let text = "id: draft-two\nid: draft\n";
        assert_eq!(find_token(text, "draft"), text.rfind("draft"));
        assert_eq!(find_token(text, "missing"), None);
    }

    #[test]
    fn diagnostics_are_sorted_and_deduplicated() {
        let mut all = Diagnostics::default();
        let d = Diagnostic::warning("x", "m").in_file(Path::new("b"));
        all.push(d.clone());
        all.push(Diagnostic::error("y", "n").in_file(Path::new("a")));
        all.push(d);
        let sorted = all.into_sorted();
        assert_eq!(sorted.len(), 2);
        assert_eq!(sorted[0].file.as_deref(), Some("a"));
    }
}
