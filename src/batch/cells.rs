//! Reading one spreadsheet cell as an answer. Spreadsheets are typed by people in many
//! locales, so a cell may hold an option id in any case or an option label in any of the
//! questionnaire's languages, several choices separated by `|` or `;`, and numbers with a
//! decimal point or a decimal comma.

use std::collections::HashMap;

use super::exact::ExactIds;
use crate::answers::{MAX_TEXT_CHARS, Response};
use crate::number::{self, NumberError};
use crate::questionnaire::{DONT_KNOW, NOT_APPLICABLE, Question, QuestionType};

/// Words accepted for "don't know" and "not applicable", compared after folding case.
const DONT_KNOW_WORDS: &[&str] = &[DONT_KNOW, "don't know", "dont know", "do not know"];
const NOT_APPLICABLE_WORDS: &[&str] = &[NOT_APPLICABLE, "na", "n/a", "not applicable"];

/// Parses the cells of one question; built once per file.
#[derive(Debug, Clone)]
pub struct CellReader {
    kind: QuestionType,
    allow_na: bool,
    /// Folded option id or label -> option position.
    options: HashMap<String, usize>,
    ids: Vec<String>,
    /// Each option id as written, with the position `options` gives for it: most cells
    /// hold an id exactly as the template shows it, and need no folding.
    exact: ExactIds,
    min: f64,
    max: f64,
    /// Whether `;` separates choices (it cannot when it is the file's delimiter).
    semicolon_separates: bool,
    /// The options that exclude every other choice ("None of these"), by position.
    exclusive: Vec<bool>,
}

impl CellReader {
    /// A reader for `q`; `delimiter` is the file's field delimiter (`None` for a workbook).
    pub fn new(q: &Question, delimiter: Option<u8>) -> Self {
        let mut options = HashMap::new();
        for (i, o) in q.options.iter().enumerate() {
            options.insert(fold(&o.id), i);
        }
        // Labels second, so an id always wins over another option's label.
        for (i, o) in q.options.iter().enumerate() {
            for label in o.label.0.values() {
                options.entry(fold(label)).or_insert(i);
            }
        }
        let exact = ExactIds::new(q.options.iter().filter_map(|o| {
            let key = fold(&o.id);
            let special = DONT_KNOW_WORDS.contains(&key.as_str())
                || NOT_APPLICABLE_WORDS.contains(&key.as_str());
            if special {
                return None;
            }
            Some((o.id.as_str(), *options.get(&key)?))
        }));
        CellReader {
            kind: q.kind,
            allow_na: q.allow_na,
            options,
            ids: q.options.iter().map(|o| o.id.clone()).collect(),
            exact,
            min: q.min.unwrap_or(f64::MIN),
            max: q.max.unwrap_or(f64::MAX),
            semicolon_separates: delimiter != Some(b';'),
            exclusive: q.options.iter().map(|o| o.exclusive).collect(),
        }
    }

    /// The answer in a cell: `Ok(None)` for an empty cell (unanswered), or a message saying
    /// what was expected (an exclusive choice combined with others included).
    #[cfg(test)]
    pub fn read(&self, cell: &str) -> Result<Option<Response>, String> {
        let mut slot = None;
        self.read_into(cell, &mut slot).map(|()| slot)
    }

    /// What `CellReader::read` (in tests) gives, written into `slot`, whose list of choices is reused:
    /// batch scoring reads millions of cells, and most hold an option id exactly as the
    /// template writes it.
    pub fn read_into(&self, cell: &str, slot: &mut Option<Response>) -> Result<(), String> {
        let text = trim(cell);
        if !self.read_exact(text, slot) {
            *slot = self.read_cell(text)?;
        }
        if let Some(Response::Choices(v)) = slot
            && v.len() > 1
            && let Some(i) = v.iter().find(|i| self.exclusive.get(**i) == Some(&true))
        {
            return Err(format!(
                "\"{}\" excludes every other choice, but {} were chosen",
                self.ids[*i],
                v.len()
            ));
        }
        Ok(())
    }

    /// Reads a blank cell, or option ids as the template writes them, into `slot`; false for
    /// anything else. The answers are those [`CellReader::read_cell`] gives for the same
    /// text: exact ids are never the special words.
    fn read_exact(&self, text: &str, slot: &mut Option<Response>) -> bool {
        match self.kind {
            _ if text.is_empty() => *slot = None,
            QuestionType::Single => match self.exact_option(text) {
                Some(i) => *slot = Some(Response::Choice(i)),
                None => return false,
            },
            QuestionType::Multi => {
                let mut chosen = match slot.take() {
                    Some(Response::Choices(v)) => v,
                    _ => Vec::new(),
                };
                if self
                    .choices_into(text, &mut chosen, |part| self.exact_option(part))
                    .is_err()
                {
                    return false;
                }
                *slot = Some(Response::Choices(chosen));
            }
            QuestionType::Number | QuestionType::Text => return false,
        }
        true
    }

    /// The answer in a trimmed cell, by every rule.
    fn read_cell(&self, text: &str) -> Result<Option<Response>, String> {
        if text.is_empty() {
            return Ok(None);
        }
        if self.kind == QuestionType::Text {
            return if text.chars().count() > MAX_TEXT_CHARS {
                Err(format!(
                    "the text is longer than the limit of {MAX_TEXT_CHARS} characters"
                ))
            } else {
                Ok(Some(Response::Text(text.to_string())))
            };
        }
        // The special words as the template writes them; the same answers as the folded
        // lookup below gives, without building a folded copy of the cell.
        if text == DONT_KNOW {
            return Ok(Some(Response::DontKnow));
        }
        if (text == "na" || text == NOT_APPLICABLE) && self.allow_na {
            return Ok(Some(Response::NotApplicable));
        }
        // A number is no special word: read it without building a folded copy.
        if self.kind == QuestionType::Number
            && let Ok(value) = number::parse(text)
        {
            return self.in_range(text, value).map(Some);
        }
        let folded = fold(text);
        if DONT_KNOW_WORDS.contains(&folded.as_str()) {
            return Ok(Some(Response::DontKnow));
        }
        if NOT_APPLICABLE_WORDS.contains(&folded.as_str()) {
            return if self.allow_na {
                Ok(Some(Response::NotApplicable))
            } else {
                Err(format!(
                    "\"{text}\" (not applicable) is not allowed for this question"
                ))
            };
        }
        match self.kind {
            QuestionType::Single => match self.options.get(&folded) {
                Some(i) => Ok(Some(Response::Choice(*i))),
                None => Err(self.not_an_option(text)),
            },
            QuestionType::Multi => self.read_multi(text).map(Some),
            QuestionType::Number => self.read_number(text).map(Some),
            QuestionType::Text => Ok(Some(Response::Text(text.to_string()))),
        }
    }

    fn read_multi(&self, text: &str) -> Result<Response, String> {
        let mut chosen = Vec::new();
        self.choices_into(text, &mut chosen, |part| {
            self.exact_option(part)
                .or_else(|| self.options.get(&fold(part)).copied())
        })
        .map_err(|part| self.not_an_option(part))?;
        Ok(Response::Choices(chosen))
    }

    /// The choices in a cell, each found by `lookup`, into `chosen` (in option order, each
    /// once); the first part not found otherwise.
    fn choices_into<'t>(
        &self,
        text: &'t str,
        chosen: &mut Vec<usize>,
        lookup: impl Fn(&str) -> Option<usize>,
    ) -> Result<(), &'t str> {
        chosen.clear();
        let separates = |b: u8| b == b'|' || (b == b';' && self.semicolon_separates);
        let mut rest = text;
        loop {
            // Separators are ASCII, so slicing at one stays on a character boundary.
            let end = rest.bytes().position(separates);
            let part = trim(&rest[..end.unwrap_or(rest.len())]);
            if !part.is_empty() {
                let i = lookup(part).ok_or(part)?;
                if !chosen.contains(&i) {
                    chosen.push(i);
                }
            }
            match end {
                Some(at) => rest = &rest[at + 1..],
                None => break,
            }
        }
        chosen.sort_unstable();
        Ok(())
    }

    /// The option whose id is exactly `text`.
    fn exact_option(&self, text: &str) -> Option<usize> {
        self.exact.get(text)
    }

    fn read_number(&self, text: &str) -> Result<Response, String> {
        match number::parse(text) {
            Ok(value) => self.in_range(text, value),
            Err(NumberError::MixedMarks) => Err(format!(
                "\"{text}\" mixes '.' and ','; write the number without thousands separators, e.g. 1234.5 or 1234,5"
            )),
            Err(NumberError::Ambiguous { whole, decimal }) => Err(format!(
                "\"{text}\" is unclear: {whole} or {decimal}? write it without the comma, or with a point as the decimal mark"
            )),
            Err(NumberError::NotANumber) => Err(format!("\"{text}\" is not a number")),
        }
    }

    fn in_range(&self, text: &str, value: f64) -> Result<Response, String> {
        if value < self.min || value > self.max {
            return Err(format!(
                "\"{text}\" is out of range; expected a number from {} to {}",
                self.min, self.max
            ));
        }
        Ok(Response::Number(value))
    }

    fn not_an_option(&self, text: &str) -> String {
        let na = if self.allow_na { ", na" } else { "" };
        format!(
            "\"{text}\" is not an option; expected one of: {} (or dont_know{na})",
            self.ids.join(", ")
        )
    }
}

/// `s.trim()`, without walking the text when it starts and ends with visible ASCII, as
/// almost every cell does.
pub(crate) fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Lowercase, with typographic apostrophes and runs of spaces made plain.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire;

    fn mini() -> questionnaire::Questionnaire {
        let text = include_str!("../../tests/fixtures/questionnaires/mini.toml");
        questionnaire::parse("mini.toml", text.as_bytes()).unwrap()
    }

    #[test]
    fn ids_labels_and_special_words() {
        let q = mini();
        let r = CellReader::new(q.question("a1").unwrap(), Some(b','));
        assert_eq!(r.read(" SOME "), Ok(Some(Response::Choice(1))));
        assert_eq!(r.read("Aucun"), Ok(Some(Response::Choice(0))));
        assert_eq!(r.read("Don’t know"), Ok(Some(Response::DontKnow)));
        assert_eq!(r.read(""), Ok(None));
        assert_eq!(
            r.read("sometimes"),
            Err(
                "\"sometimes\" is not an option; expected one of: none, some, full (or dont_know)"
                    .to_string()
            )
        );
        assert_eq!(
            r.read("na"),
            Err("\"na\" (not applicable) is not allowed for this question".to_string())
        );
    }

    #[test]
    fn multiple_choices_and_separators() {
        let q = mini();
        let a2 = q.question("a2").unwrap();
        assert_eq!(
            CellReader::new(a2, Some(b',')).read("z | x;x"),
            Ok(Some(Response::Choices(vec![0, 2])))
        );
        // With ';' as the delimiter only '|' separates choices.
        assert!(CellReader::new(a2, Some(b';')).read("x;z").is_err());
        assert_eq!(
            CellReader::new(a2, Some(b',')).read("nothing|x"),
            Err("\"nothing\" excludes every other choice, but 2 were chosen".to_string())
        );
        assert_eq!(
            CellReader::new(a2, Some(b',')).read("nothing"),
            Ok(Some(Response::Choices(vec![3])))
        );
    }

    #[test]
    fn numbers_in_any_locale() {
        let q = mini();
        let r = CellReader::new(q.question("a3").unwrap(), Some(b';'));
        assert_eq!(r.read("12,5"), Ok(Some(Response::Number(12.5))));
        assert_eq!(r.read("12.5"), Ok(Some(Response::Number(12.5))));
        assert_eq!(r.read("1 0"), Ok(Some(Response::Number(10.0))));
        assert_eq!(r.read("many"), Err("\"many\" is not a number".to_string()));
        assert_eq!(
            r.read("101"),
            Err("\"101\" is out of range; expected a number from 0 to 100".to_string())
        );
        assert!(r.read("1.234,5").is_err());
        // The rule `assess` follows too: never read a thousands separator as a decimal comma.
        assert_eq!(
            r.read("1,500"),
            Err("\"1,500\" is unclear: 1500 or 1.5? write it without the comma, or with a point as the decimal mark".to_string())
        );
        assert_eq!(r.read("0,125"), Ok(Some(Response::Number(0.125))));
    }
}
