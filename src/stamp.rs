//! Recording that a translation is up to date with its source: the source
//! page's hash goes into the translation's `translation.source_hash`, by a
//! text edit that leaves every other byte of the file as it was (a YAML
//! round trip would reorder keys, drop comments and requote strings).

/// Returns `text` with `translation.source_hash` set to `hash`. Keeps the
/// BOM, the line endings and everything else.
pub fn set_source_hash(text: &str, hash: &str) -> String {
    let (bom, body) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", text),
    };
    let nl = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let value = format!("\"{hash}\"");

    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let bare = |line: &str| line.trim_end_matches(['\n', '\r']).trim_end().to_owned();
    let has_front = lines.first().is_some_and(|l| bare(l) == "---");
    let close = if has_front {
        lines
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, l)| matches!(bare(l).as_str(), "---" | "..."))
            .map(|(i, _)| i)
    } else {
        None
    };
    let Some(close) = close else {
        // No (closed) front matter: add one.
        return format!("{bom}---{nl}translation:{nl}  source_hash: {value}{nl}---{nl}{body}");
    };

    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let mut translation_line = None;
    for i in 1..close {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if indent == 0 && trimmed.starts_with("translation:") {
            translation_line = Some(i);
            let after = &trimmed["translation:".len()..];
            if let Some(brace) = after.find('{') {
                let start = line.len() - after.len() + brace + 1;
                out[i] = edit_flow(line, start, &value);
                return rejoin(bom, &out);
            }
            continue;
        }
        if translation_line.is_some() && indent > 0 && trimmed.starts_with("source_hash:") {
            let value_start = line.len() - trimmed.len() + "source_hash:".len();
            let end = line.trim_end_matches(['\n', '\r']).len();
            out[i] = format!("{} {value}{}", &line[..value_start], &line[end..]);
            return rejoin(bom, &out);
        }
        if indent == 0
            && translation_line.is_some()
            && !trimmed.is_empty()
            && !trimmed.starts_with('#')
        {
            break;
        }
    }
    match translation_line {
        Some(i) => {
            // Block style without the key: add it at the block's indentation.
            let indent = lines
                .get(i + 1)
                .filter(|_| i + 1 < close)
                .map(|l| l.len() - l.trim_start().len())
                .filter(|&n| n > 0)
                .unwrap_or(2);
            let ending = if lines[i].ends_with('\n') { "" } else { nl };
            out[i] = format!(
                "{}{ending}{}source_hash: {value}{nl}",
                lines[i],
                " ".repeat(indent)
            );
        }
        None => {
            out[close] = format!("translation:{nl}  source_hash: {value}{nl}{}", lines[close]);
        }
    }
    rejoin(bom, &out)
}

/// Sets `source_hash` inside a flow mapping that opens at byte `start` of
/// `line` (just after the `{`).
fn edit_flow(line: &str, start: usize, value: &str) -> String {
    let inner_end = line[start..].find('}').map_or(line.len(), |i| start + i);
    let inner = &line[start..inner_end];
    if let Some(key) = inner.find("source_hash:") {
        let value_start = start + key + "source_hash:".len();
        let value_end = line[value_start..inner_end]
            .find(',')
            .map_or(inner_end, |i| value_start + i);
        let trailing = if line[value_start..value_end].ends_with(' ') {
            " "
        } else {
            ""
        };
        return format!(
            "{} {value}{trailing}{}",
            &line[..value_start],
            &line[value_end..]
        );
    }
    if inner.trim().is_empty() {
        format!(
            "{} source_hash: {value} {}",
            &line[..start],
            &line[inner_end..]
        )
    } else {
        let space = if inner.starts_with(' ') { " " } else { "" };
        format!(
            "{}{space}source_hash: {value},{}",
            &line[..start],
            &line[start..]
        )
    }
}

fn rejoin(bom: &str, lines: &[String]) -> String {
    let mut out = String::from(bom);
    for line in lines {
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_an_existing_block_value_only() {
        let text =
            "---\ntitle: T # keep\ntranslation:\n  type: machine\n  source_hash: old\n---\nBody\n";
        assert_eq!(
            set_source_hash(text, "abc"),
            "---\ntitle: T # keep\ntranslation:\n  type: machine\n  source_hash: \"abc\"\n---\nBody\n"
        );
    }

    #[test]
    fn edits_flow_mappings_in_place() {
        let text = "---\ntranslation: { type: human, source_hash: \"PLACEHOLDER\" }\n---\n";
        assert_eq!(
            set_source_hash(text, "abc"),
            "---\ntranslation: { type: human, source_hash: \"abc\" }\n---\n"
        );
        let text = "---\ntranslation: { type: human }\n---\n";
        assert_eq!(
            set_source_hash(text, "abc"),
            "---\ntranslation: { source_hash: \"abc\", type: human }\n---\n"
        );
    }

    #[test]
    fn adds_the_key_or_the_block_when_missing() {
        assert_eq!(
            set_source_hash("---\ntranslation:\n    type: human\ntitle: x\n---\n", "h"),
            "---\ntranslation:\n    source_hash: \"h\"\n    type: human\ntitle: x\n---\n"
        );
        assert_eq!(
            set_source_hash("---\ntitle: x\n---\nbody", "h"),
            "---\ntitle: x\ntranslation:\n  source_hash: \"h\"\n---\nbody"
        );
        assert_eq!(
            set_source_hash("body\n", "h"),
            "---\ntranslation:\n  source_hash: \"h\"\n---\nbody\n"
        );
    }

    #[test]
    fn keeps_bom_and_crlf() {
        let text = "\u{FEFF}---\r\ntitle: x\r\n---\r\nbody\r\n";
        assert_eq!(
            set_source_hash(text, "h"),
            "\u{FEFF}---\r\ntitle: x\r\ntranslation:\r\n  source_hash: \"h\"\r\n---\r\nbody\r\n"
        );
    }

    #[test]
    fn stamped_front_matter_parses_back_to_the_hash() {
        let text = set_source_hash(
            "---\ntitle: x\ntranslation: { type: machine }\n---\n",
            "00ff",
        );
        let split = crate::load::frontmatter::split(&text).expect("closed");
        let (front, problems) = crate::load::frontmatter::parse(
            split.yaml.expect("yaml"),
            &text,
            split.yaml_offset,
            std::path::Path::new("p.md"),
        );
        assert!(problems.is_empty());
        assert_eq!(front.source_hash.as_deref(), Some("00ff"));
    }
}
