//! Front matter: split it from the body ourselves (BOM, CRLF, `---`/`...`
//! closers) and type the keys locdoc knows while keeping every other key for
//! templates. Line numbers in errors count from the start of the file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_yaml::Value;

use crate::config::yaml_message;
use crate::diag::{find_token, Diagnostic};

/// The two halves of a page file. Offsets are byte offsets into the text
/// that was split, so diagnostics can point into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub yaml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits `text` (BOM already removed, line endings already `\n`) into front
/// matter and body. Returns the offset of the opening `---` when it is never
/// closed.
pub fn split(text: &str) -> Result<Split<'_>, usize> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            yaml_offset: 0,
            body: text,
            body_offset: 0,
        });
    }
    let yaml_offset = (first_line_end + 1).min(text.len());
    let mut line_start = yaml_offset;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split {
                yaml: Some(&text[yaml_offset..line_start]),
                yaml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        line_start = line_end + 1;
    }
    Err(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationKind {
    Human,
    Machine,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub slug: Option<String>,
    /// The source page's hash when this translation was last brought up to
    /// date (`translation.source_hash`, or `ms.openlocfilehash`).
    pub source_hash: Option<String>,
    pub translation_kind: Option<TranslationKind>,
    /// `ms.contentlocale`, e.g. `fr-FR`.
    pub content_locale: Option<String>,
    /// Keys locdoc doesn't interpret, passed to templates as `page.extra`.
    pub extra: BTreeMap<String, serde_json::Value>,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "slug",
    "translation",
    "ms.contentlocale",
    "ms.translationtype",
    "ms.openlocfilehash",
    "ms.date",
];

/// Parses the front matter of `file`. `text` is the whole file and
/// `yaml_offset` where the YAML starts in it, so every position reported is
/// a position in the file.
pub fn parse(
    yaml: &str,
    text: &str,
    yaml_offset: usize,
    file: &Path,
) -> (FrontMatter, Vec<Diagnostic>) {
    let mut front = FrontMatter::default();
    let mut problems = Vec::new();

    let parsed = match parse_simple(yaml) {
        Some(value) => Ok(value),
        None => serde_yaml::from_str(yaml),
    };
    let value: Value = match parsed {
        Ok(value) => value,
        Err(err) => {
            let d = Diagnostic::error("front-matter", yaml_message(&err)).in_file(file);
            let d = match crate::config::yaml_error_offset(yaml, &err) {
                Some(offset) => d.at_offset(text, yaml_offset + offset),
                None => d.at_offset(text, yaml_offset),
            };
            return (front, vec![d]);
        }
    };
    let map = match value {
        Value::Null => return (front, problems),
        Value::Mapping(map) => map,
        _ => {
            problems.push(
                Diagnostic::error("front-matter", "front matter must be a map of `key: value`")
                    .in_file(file)
                    .at_offset(text, yaml_offset),
            );
            return (front, problems);
        }
    };

    let locate =
        |key: &str| find_token(yaml, key).map_or(yaml_offset, |offset| yaml_offset + offset);
    let wrong_type = |key: &str, expected: &str| {
        Diagnostic::error("front-matter", format!("`{key}` must be {expected}"))
            .in_file(file)
            .at_offset(text, locate(key))
    };

    for (key, value) in map {
        let Some(key) = key.as_str().map(str::to_owned) else {
            problems.push(
                Diagnostic::error("front-matter", "front matter keys must be text")
                    .in_file(file)
                    .at_offset(text, yaml_offset),
            );
            continue;
        };
        match key.as_str() {
            "title" | "description" | "slug" => {
                let Some(text_value) = scalar_string(&value) else {
                    problems.push(wrong_type(&key, "text"));
                    continue;
                };
                match key.as_str() {
                    "title" => front.title = Some(text_value),
                    "description" => front.description = Some(text_value),
                    _ => front.slug = Some(text_value),
                }
            }
            "weight" => match value.as_i64() {
                Some(w) => front.weight = Some(w),
                None => problems.push(wrong_type(&key, "a whole number")),
            },
            "draft" => match value.as_bool() {
                Some(b) => front.draft = b,
                None => problems.push(wrong_type(&key, "true or false")),
            },
            "translation" => match &value {
                Value::Mapping(block) => {
                    for (k, v) in block {
                        match k.as_str() {
                            Some("source_hash") => match scalar_string(v) {
                                Some(h) => front.source_hash = Some(h),
                                None => problems.push(wrong_type("source_hash", "text")),
                            },
                            Some("type") => match v.as_str() {
                                Some("human") => {
                                    front.translation_kind = Some(TranslationKind::Human)
                                }
                                Some("machine") => {
                                    front.translation_kind = Some(TranslationKind::Machine)
                                }
                                _ => problems.push(wrong_type("type", "`human` or `machine`")),
                            },
                            other => {
                                let name = other.unwrap_or("?");
                                problems.push(
                                    Diagnostic::error(
                                        "front-matter",
                                        format!("unknown key `translation.{name}`"),
                                    )
                                    .in_file(file)
                                    .at_offset(text, locate(name))
                                    .with_help("known keys: source_hash, type"),
                                );
                            }
                        }
                    }
                }
                Value::Null => {}
                _ => problems.push(wrong_type(&key, "a map with `source_hash` and `type`")),
            },
            "ms.contentlocale" => front.content_locale = scalar_string(&value),
            "ms.translationtype" => match value.as_str() {
                // An explicit `translation.type` wins over the Learn-style key.
                Some("MT") => {
                    front
                        .translation_kind
                        .get_or_insert(TranslationKind::Machine);
                }
                Some("HT") => {
                    front.translation_kind.get_or_insert(TranslationKind::Human);
                }
                _ => problems.push(wrong_type(&key, "`HT` or `MT`")),
            },
            "ms.openlocfilehash" => {
                if front.source_hash.is_none() {
                    front.source_hash = scalar_string(&value);
                }
                front.extra.insert(key, to_json(&value));
            }
            _ => {
                front.extra.insert(key, to_json(&value));
            }
        }
    }
    (front, problems)
}

/// The front matter most pages have, read without the YAML parser (which
/// took 4% of a build's instructions for three lines a page): `key: value`
/// lines whose values are plain or quoted text without escapes, whole
/// numbers, `true`/`false`, or a one-line `{ key: value, ... }` map of
/// those. `None` for anything else, which the YAML parser then reads; the
/// value is the one it would give (a test compares the two).
pub fn parse_simple(yaml: &str) -> Option<Value> {
    // Characters YAML reads as line breaks or refuses, and tabs.
    let unusual = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
            )
    };
    if yaml.contains(unusual) {
        return None;
    }
    let mut map = serde_yaml::Mapping::new();
    for line in yaml.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        let value = match value.trim() {
            flow if flow.starts_with('{') => {
                let inner = flow.strip_prefix('{')?.strip_suffix('}')?.trim();
                let mut block = serde_yaml::Mapping::new();
                if !inner.is_empty() {
                    for entry in inner.split(',') {
                        let (k, v) = entry.trim().split_once(": ")?;
                        insert_new(&mut block, simple_key(k)?, simple_scalar(v.trim())?)?;
                    }
                }
                Value::Mapping(block)
            }
            other => simple_scalar(other)?,
        };
        insert_new(&mut map, simple_key(key)?, value)?;
    }
    Some(Value::Mapping(map))
}

/// `None` for a key already there: the YAML parser reports it.
fn insert_new(map: &mut serde_yaml::Mapping, key: Value, value: Value) -> Option<()> {
    map.insert(key, value).is_none().then_some(())
}

/// Words the YAML parser reads as something other than text.
const NOT_TEXT: &[&str] = &[
    "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
];

fn simple_key(key: &str) -> Option<Value> {
    let ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && !NOT_TEXT.contains(&key);
    ok.then(|| Value::String(key.to_owned()))
}

fn simple_scalar(value: &str) -> Option<Value> {
    let quoted = |q: char| {
        let inner = value.strip_prefix(q)?.strip_suffix(q)?;
        (!inner.contains([q, '\\'])).then(|| Value::String(inner.to_owned()))
    };
    match value {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    match value.chars().next()? {
        '"' => quoted('"'),
        '\'' => quoted('\''),
        '-' | '0'..='9' => {
            let digits = value.strip_prefix('-').unwrap_or(value);
            let whole = !digits.is_empty()
                && digits.len() <= 18
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (digits == "0" || !digits.starts_with('0'));
            if whole {
                value.parse::<i64>().ok().map(Value::from)
            } else {
                None
            }
        }
        first if first.is_alphabetic() => {
            let plain = !NOT_TEXT.contains(&value)
                && !value.contains([
                    ':', '#', '\'', '"', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%',
                    '@', '`', '\t',
                ]);
            plain.then(|| Value::String(value.to_owned()))
        }
        _ => None,
    }
}

/// Strings, and numbers or booleans written where text was meant (`title: 2024`).
fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn to_json(value: &Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Keys a writer most likely meant when they wrote an unknown one, for
/// `check`'s typo lint.
pub fn known_keys() -> &'static [&'static str] {
    KNOWN_KEYS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_rejoin_gives_the_file_back() {
        let text = "---\ntitle: A\n---\nbody\n";
        let s = split(text).expect("closed");
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "body\n");
        assert_eq!(&text[s.body_offset..], s.body);
        assert_eq!(&text[s.yaml_offset..s.yaml_offset + 9], "title: A\n");
    }

    #[test]
    fn dots_close_front_matter_and_no_front_matter_is_all_body() {
        let s = split("---\na: 1\n...\nx").expect("closed");
        assert_eq!(s.body, "x");
        let s = split("# Title\n").expect("no front matter");
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "# Title\n");
    }

    #[test]
    fn unterminated_front_matter_is_reported() {
        assert_eq!(split("---\ntitle: x\nbody"), Err(0));
    }

    #[test]
    fn yaml_error_line_counts_from_file_start() {
        let text = "---\ntitle: ok\ndescription: [unclosed\n---\n";
        let s = split(text).expect("closed");
        let (_, problems) = parse(
            s.yaml.expect("yaml"),
            text,
            s.yaml_offset,
            Path::new("p.md"),
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].line.expect("line") >= 3, "{:?}", problems[0]);
    }

    #[test]
    fn wrong_type_names_the_key_and_its_line() {
        let text = "---\ntitle: T\nweight: heavy\n---\n";
        let s = split(text).expect("closed");
        let (_, problems) = parse(
            s.yaml.expect("yaml"),
            text,
            s.yaml_offset,
            Path::new("p.md"),
        );
        assert_eq!(problems[0].line, Some(3));
        assert!(problems[0].message.contains("weight"));
    }

    /// What the fast path reads, it reads as the YAML parser does.
    fn assert_same_as_yaml(yaml: &str) -> bool {
        let Some(fast) = parse_simple(yaml) else {
            return false;
        };
        let full: Result<Value, _> = serde_yaml::from_str(yaml);
        match full {
            Ok(Value::Null) => assert_eq!(fast, Value::Mapping(Default::default()), "{yaml:?}"),
            Ok(full) => assert_eq!(fast, full, "{yaml:?}"),
            Err(err) => panic!("fast path read {yaml:?}, the YAML parser refused: {err}"),
        }
        true
    }

    #[test]
    fn the_fast_path_agrees_with_the_yaml_parser() {
        let keys = [
            "title", "weight", "ms.date", "a-b", "_x", "y", "n", "yes", "no", "on", "off", "null",
            "True", "x1", "1x", "a b", "key ", " key", "é",
        ];
        let values = [
            "Page 1997 (ru)",
            "Этапы публикации",
            "État de l’offre",
            "0",
            "7",
            "-3",
            "007",
            "1.5",
            "1e3",
            "0x1F",
            "0o7",
            "+1",
            "-",
            "--",
            "- a",
            "123456789012345678",
            "1234567890123456789",
            "true",
            "false",
            "True",
            "FALSE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "null",
            "Null",
            "~",
            "inf",
            "nan",
            "NaN",
            "Infinity",
            ".inf",
            ".nan",
            "\"quoted: yes\"",
            "'single # not a comment'",
            "\"esc \\n\"",
            "'it''s'",
            "\"\"",
            "''",
            "a # comment",
            "a#b",
            "a: b",
            "a:b",
            "[1, 2]",
            "{ type: human }",
            "{ type: human, source_hash: abc }",
            "{}",
            "{ a: 1, a: 2 }",
            "{ a: 1, }",
            "{ a: { b: 1 } }",
            "&anchor x",
            "*alias",
            "!tag x",
            "|",
            ">",
            "%x",
            "@x",
            "`x`",
            "x\ty",
            "a\rb",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{1}b",
            "x ",
            "multi  space",
            "2024-01-01",
            "12:30",
            "a,b",
            "a[b]",
            "a{b}",
            "a?",
            "?a",
            "a-",
            "=",
            "<<",
        ];
        let mut read = 0;
        for key in keys {
            for value in values {
                for yaml in [
                    format!("{key}: {value}\n"),
                    format!("title: T\n{key}: {value}"),
                    format!("# comment\n\n{key}: {value}\nweight: 2\n"),
                    format!("translation: {{ {key}: {value} }}\n"),
                    format!("{key}:  {value}\n"),
                ] {
                    read += usize::from(assert_same_as_yaml(&yaml));
                }
            }
        }
        for yaml in [
            "",
            "\n",
            "# only a comment\n",
            "title: a\ntitle: b\n",
            "a: 1\n  b: 2\n",
        ] {
            assert_same_as_yaml(yaml);
        }
        // The cases above are mostly ones the fast path leaves alone;
        // make sure it does take the common ones.
        assert!(read > 300, "{read}");
        assert!(
            parse_simple("title: Page 3 (en)\nweight: 3\ntranslation: { type: human }\n").is_some()
        );
    }

    #[test]
    fn the_fast_path_agrees_on_every_page_in_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if entry.path().extension().is_none_or(|x| x != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                if let Ok(Split {
                    yaml: Some(yaml), ..
                }) = split(&text.replace("\r\n", "\n"))
                {
                    read += usize::from(assert_same_as_yaml(yaml));
                }
            }
        }
        assert!(read > 20, "{read}");
    }

    #[test]
    fn learn_style_keys_are_understood_and_kept() {
        let text = "---\nms.translationtype: MT\nms.openlocfilehash: abc\nauthor: x\n---\n";
        let s = split(text).expect("closed");
        let (front, problems) = parse(
            s.yaml.expect("yaml"),
            text,
            s.yaml_offset,
            Path::new("p.md"),
        );
        assert!(problems.is_empty());
        assert_eq!(front.translation_kind, Some(TranslationKind::Machine));
        assert_eq!(front.source_hash.as_deref(), Some("abc"));
        assert!(front.extra.contains_key("author"));
    }
}
