//! The pseudo-locale (`en-XA`): the source's words accented, about 30%
//! longer and bracketed, so a glance at the preview shows text that was
//! never localized (it stays plain) and layouts that break when words grow.

use std::borrow::Cow;

/// The pseudo-localized form of `text`: `Publish an offer` becomes
/// `[Ƥûƀļîšĥ åñ öƒƒéŕ~~~~~]`. Text without letters is left alone.
pub fn pseudolocalize(text: &str) -> String {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() * 2 + 4);
    // Keep surrounding spaces outside the brackets, so words stay apart.
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    out.push_str(&text[..start]);
    out.push('[');
    out.extend(text[start..end].chars().map(accent));
    for _ in 0..letters.div_ceil(10) * 3 {
        out.push('~');
    }
    out.push(']');
    out.push_str(&text[end..]);
    out
}

/// The transform Fluent applies to every text element of the pseudo
/// bundle (variables and numbers are not text elements, so they stay).
pub fn fluent_transform(text: &str) -> Cow<'_, str> {
    Cow::Owned(pseudolocalize(text))
}

fn accent(c: char) -> char {
    match c {
        'a' => 'å',
        'b' => 'ƀ',
        'c' => 'ç',
        'd' => 'ð',
        'e' => 'é',
        'f' => 'ƒ',
        'g' => 'ĝ',
        'h' => 'ĥ',
        'i' => 'î',
        'j' => 'ĵ',
        'k' => 'ķ',
        'l' => 'ļ',
        'm' => 'ɱ',
        'n' => 'ñ',
        'o' => 'ö',
        'p' => 'þ',
        'q' => 'ǫ',
        'r' => 'ŕ',
        's' => 'š',
        't' => 'ţ',
        'u' => 'û',
        'v' => 'ṽ',
        'w' => 'ŵ',
        'x' => 'ẋ',
        'y' => 'ý',
        'z' => 'ž',
        'A' => 'Å',
        'B' => 'Ɓ',
        'C' => 'Ç',
        'D' => 'Ð',
        'E' => 'É',
        'F' => 'Ƒ',
        'G' => 'Ĝ',
        'H' => 'Ĥ',
        'I' => 'Î',
        'J' => 'Ĵ',
        'K' => 'Ķ',
        'L' => 'Ļ',
        'M' => 'Ṁ',
        'N' => 'Ñ',
        'O' => 'Ö',
        'P' => 'Ƥ',
        'Q' => 'Ǫ',
        'R' => 'Ŕ',
        'S' => 'Š',
        'T' => 'Ţ',
        'U' => 'Û',
        'V' => 'Ṽ',
        'W' => 'Ŵ',
        'X' => 'Ẋ',
        'Y' => 'Ý',
        'Z' => 'Ž',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_bracketed_and_longer() {
        let text = "Publish an offer";
        let pseudo = pseudolocalize(text);
        assert_eq!(pseudo, "[Ƥûƀļîšĥ åñ öƒƒéŕ~~~~~~]");
        assert!(pseudo.chars().count() as f64 >= text.chars().count() as f64 * 1.3);
    }

    #[test]
    fn spaces_stay_outside_and_non_words_are_kept() {
        assert_eq!(pseudolocalize(" a "), " [å~~~] ");
        assert_eq!(pseudolocalize("15 — 20"), "15 — 20");
    }
}
