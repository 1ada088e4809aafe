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

    let value: Value = match serde_yaml::from_str(yaml) {
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
