//! The canonical data model: facts every locale shares (stages, durations,
//! statuses), stored once in `content/_data/*.yaml` so translations cannot
//! drift. Records carry ids and typed values; their words live in Fluent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::config::yaml_message;
use crate::diag::{find_token, Diagnostic};

/// A typed value of a record field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    /// An amount with a unit (`{ max: 4, unit: day }`), formatted through the
    /// Fluent message `unit-<unit>` with `$count`, so plural rules apply.
    Quantity {
        amount: f64,
        unit: String,
    },
}

#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub fields: BTreeMap<String, FieldValue>,
    /// 1-based line of the record's `id` in its file.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Collection {
    /// `<file stem>.<key>`, e.g. `publishing.stages`.
    pub name: String,
    pub file: PathBuf,
    pub records: Vec<Record>,
}

impl Collection {
    /// The Fluent id prefix of this collection's messages: dots are not
    /// allowed in Fluent identifiers, so `publishing.stages` becomes
    /// `publishing-stages`.
    pub fn message_prefix(&self) -> String {
        self.name.replace('.', "-")
    }

    pub fn record_message_id(&self, record: &Record) -> String {
        format!("{}-{}", self.message_prefix(), record.id)
    }

    /// The message whose attributes are the column headers.
    pub fn columns_message_id(&self) -> String {
        format!("{}-{}", self.message_prefix(), COLUMNS_ID)
    }

    pub fn record(&self, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.id == id)
    }

    /// Whether any record has a typed field called `name`.
    pub fn has_field(&self, name: &str) -> bool {
        self.records.iter().any(|r| r.fields.contains_key(name))
    }
}

/// Reserved for column headers, so no record may use it as its id.
const COLUMNS_ID: &str = "columns";

#[derive(Debug, Clone, Default)]
pub struct Model {
    pub collections: BTreeMap<String, Collection>,
}

impl Model {
    pub fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections.get(name)
    }

    /// Loads every `*.yaml`/`*.yml` file directly under `dir`.
    pub fn load(root: &Path, dir: &Path) -> (Model, Vec<Diagnostic>) {
        let mut model = Model::default();
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return (model, problems);
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
            .collect();
        files.sort();
        for path in files {
            let rel = crate::diag::relative_to(root, &path);
            match super::read_text(&path) {
                Ok(text) => model.add_file(&text, &rel, &mut problems),
                Err(d) => problems.push(d.in_file(&rel)),
            }
        }
        (model, problems)
    }

    fn add_file(&mut self, text: &str, file: &Path, problems: &mut Vec<Diagnostic>) {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let value: Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(err) => {
                let mut d = Diagnostic::error("model-syntax", yaml_message(&err)).in_file(file);
                if let Some(offset) = crate::config::yaml_error_offset(text, &err) {
                    d = d.at_offset(text, offset);
                }
                problems.push(d);
                return;
            }
        };
        let error_at = |needle: &str, code: &'static str, message: String| {
            let d = Diagnostic::error(code, message).in_file(file);
            match find_token(text, needle) {
                Some(offset) => d.at_offset(text, offset),
                None => d,
            }
        };
        let map = match value {
            Value::Null => return,
            Value::Mapping(map) => map,
            _ => {
                problems.push(
                    Diagnostic::error(
                        "model-type",
                        "a model file must map collection names to lists of records",
                    )
                    .in_file(file)
                    .at_line(text, 1, 1),
                );
                return;
            }
        };
        // Records are located by searching forward from the previous one, so
        // two collections with the same record ids still point at the right line.
        let mut search_from = 0;
        for (key, list) in map {
            let Some(key) = key.as_str() else { continue };
            let name = format!("{stem}.{key}");
            let Value::Sequence(items) = list else {
                problems.push(error_at(
                    key,
                    "model-type",
                    format!("collection `{name}` must be a list of records"),
                ));
                continue;
            };
            if let Some(offset) = find_token(&text[search_from..], key) {
                search_from += offset;
            }
            let mut collection = Collection {
                name: name.clone(),
                file: file.to_path_buf(),
                records: Vec::new(),
            };
            for item in items {
                let Value::Mapping(fields) = item else {
                    problems.push(error_at(
                        key,
                        "model-type",
                        format!("every record of `{name}` must be a map with an `id`"),
                    ));
                    continue;
                };
                let id = fields.get("id").and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
                let Some(id) = id else {
                    // Point at the record: the next list item after the last one found.
                    let offset = next_item(text, search_from).unwrap_or(search_from);
                    search_from = (offset + 1).min(text.len());
                    problems.push(
                        Diagnostic::error("model-id", format!("a record of `{name}` has no `id`"))
                            .in_file(file)
                            .at_offset(text, offset),
                    );
                    continue;
                };
                let offset = find_token(&text[search_from..], &id)
                    .map(|o| search_from + o)
                    .unwrap_or(search_from);
                search_from = (offset + id.len()).min(text.len());
                let line = crate::diag::Position::of_offset(text, offset).line;
                let here = |d: Diagnostic| d.in_file(file).at_offset(text, offset);
                if !is_valid_id(&id) {
                    problems.push(here(Diagnostic::error(
                        "model-id",
                        format!("record id `{id}` in `{name}` must start with a letter and use only letters, digits, `-` and `_`"),
                    )));
                    continue;
                }
                if id == COLUMNS_ID {
                    problems.push(here(Diagnostic::error(
                        "model-id",
                        format!("record id `{COLUMNS_ID}` is reserved for the column headers of `{name}`"),
                    )));
                    continue;
                }
                if collection.record(&id).is_some() {
                    problems.push(here(Diagnostic::error(
                        "model-id",
                        format!("record id `{id}` appears twice in `{name}`"),
                    )));
                    continue;
                }
                let mut record = Record {
                    id: id.clone(),
                    fields: BTreeMap::new(),
                    line,
                };
                for (field, value) in &fields {
                    let Some(field) = field.as_str() else {
                        continue;
                    };
                    if field == "id" {
                        continue;
                    }
                    match field_value(value) {
                        Ok(v) => {
                            record.fields.insert(field.to_owned(), v);
                        }
                        Err(expected) => {
                            let at =
                                find_token(&text[offset..], field).map_or(offset, |i| offset + i);
                            problems.push(
                                Diagnostic::error(
                                    "model-type",
                                    format!("field `{field}` of `{name}.{id}` {expected}"),
                                )
                                .in_file(file)
                                .at_offset(text, at),
                            );
                        }
                    }
                }
                collection.records.push(record);
            }
            self.collections.insert(name, collection);
        }
    }
}

/// The start of the next block-style list item (`- `) on a line after `from`.
fn next_item(text: &str, from: usize) -> Option<usize> {
    let mut line_start = text[from..].find('\n').map(|i| from + i + 1)?;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let trimmed = line.trim_start();
        if trimmed == "-" || trimmed.starts_with("- ") {
            return Some(line_start + (line.len() - trimmed.len()));
        }
        line_start = line_end + 1;
    }
    None
}

fn field_value(value: &Value) -> Result<FieldValue, &'static str> {
    Ok(match value {
        Value::Null => FieldValue::Null,
        Value::Bool(b) => FieldValue::Bool(*b),
        Value::Number(n) => FieldValue::Number(n.as_f64().ok_or("is not a finite number")?),
        Value::String(s) => FieldValue::Text(s.clone()),
        Value::Mapping(map) => {
            let unit = map
                .get("unit")
                .and_then(Value::as_str)
                .ok_or("must be a quantity like `{ max: 4, unit: day }`")?;
            let amount = map
                .get("max")
                .or_else(|| map.get("value"))
                .and_then(Value::as_f64)
                .ok_or("needs a number under `max` or `value`")?;
            if !is_valid_id(unit) {
                return Err("has a unit that is not a plain identifier");
            }
            FieldValue::Quantity {
                amount,
                unit: unit.to_owned(),
            }
        }
        Value::Sequence(_) | Value::Tagged(_) => {
            return Err("must be text, a number, true/false or a quantity")
        }
    })
}

/// Fluent's identifier rule, which record ids must follow to name messages.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Model, Vec<Diagnostic>) {
        let mut model = Model::default();
        let mut problems = Vec::new();
        model.add_file(text, Path::new("content/_data/pub.yaml"), &mut problems);
        (model, problems)
    }

    #[test]
    fn quantities_and_lines_are_read() {
        let (model, problems) = load(
            "stages:\n  - id: certification\n    duration: { max: 1, unit: week }\n  - id: signoff\n    duration: null\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let stages = model.collection("pub.stages").expect("collection");
        assert_eq!(stages.records.len(), 2);
        assert_eq!(stages.records[1].line, 4);
        assert_eq!(
            stages.records[0].fields["duration"],
            FieldValue::Quantity {
                amount: 1.0,
                unit: "week".into()
            }
        );
        assert_eq!(
            stages.record_message_id(&stages.records[0]),
            "pub-stages-certification"
        );
    }

    #[test]
    fn duplicate_ids_and_wrong_types_are_errors_with_lines() {
        let (_, problems) = load("a:\n  - id: x\n  - id: x\n  - id: y\n    when: [1, 2]\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].line, Some(3));
        // The field, not its record.
        assert_eq!(problems[1].line, Some(5));
    }

    #[test]
    fn a_record_without_id_is_pointed_at() {
        let (_, problems) = load(
            "a:
  - id: x
    n: 1
  - n: 2
",
        );
        assert_eq!(problems[0].line, Some(4), "{problems:?}");
    }

    #[test]
    fn reserved_and_invalid_ids_are_rejected() {
        let (_, problems) = load("a:\n  - id: columns\n  - id: 9lives\n");
        assert_eq!(problems.len(), 2);
    }
}
