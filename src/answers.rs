//! The answers file (JSON): the durable record of one assessment, written by `assess` and read
//! by every command, and its check against a questionnaire.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

mod shape;

use crate::country;
use crate::questionnaire::{DONT_KNOW, NOT_APPLICABLE, Question, QuestionType, Questionnaire};

/// The largest answers file read.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The deepest nesting of JSON arrays and objects read: serde_json's own limit, which keeps
/// a hostile file from overflowing the stack.
pub const MAX_JSON_DEPTH: usize = 128;
/// The longest free text (a `text` answer, a comment, a respondent field), in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// One assessment as stored on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an answers file: a JSON object with questionnaire, status, respondent and answers"
)]
pub struct AnswersFile {
    pub questionnaire: QuestionnaireRef,
    pub status: Completion,
    #[serde(default = "default_language")]
    pub language: String,
    pub respondent: Respondent,
    #[serde(default, deserialize_with = "shape::unique_answers")]
    pub answers: BTreeMap<String, Answer>,
}

/// Which questionnaire, and which version of it, the answers belong to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object with the questionnaire's id and version"
)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
}

/// Whether the respondent has finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Completion {
    Draft,
    Complete,
}

/// Who answered, for whom, and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object with the respondent's country, date and other details"
)]
pub struct Respondent {
    #[serde(default)]
    pub id: String,
    /// ISO 3166-1 alpha-3 code.
    pub country: String,
    /// Required for user-assigned codes (e.g. a region or a fictional example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_name: Option<String>,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// One answer as stored: the value and an optional comment or piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an answer: an object with a value and an optional comment"
)]
pub struct Answer {
    pub value: AnswerValue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The JSON shape of a value: an option id or text, a list of option ids, or a number.
/// (Deserialized in [`shape`], to say what was expected when it is none of these.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// An answer checked against its question; options are positions in the question's list.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    Choice(usize),
    Choices(Vec<usize>),
    Number(f64),
    Text(String),
    DontKnow,
    NotApplicable,
}

impl Response {
    /// The stored form of this response to question `q`.
    pub fn to_value(&self, q: &Question) -> AnswerValue {
        let id = |i: &usize| q.options.get(*i).map_or_else(String::new, |o| o.id.clone());
        match self {
            Response::Choice(i) => AnswerValue::Text(id(i)),
            Response::Text(s) => AnswerValue::Text(s.clone()),
            Response::Choices(v) => AnswerValue::List(v.iter().map(id).collect()),
            Response::Number(n) => AnswerValue::Number(*n),
            Response::DontKnow => AnswerValue::Text(DONT_KNOW.to_string()),
            Response::NotApplicable => AnswerValue::Text(NOT_APPLICABLE.to_string()),
        }
    }
}

fn default_language() -> String {
    "en".to_string()
}

/// Why an answers file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    #[error("could not read answers file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", too_large(.file, *.size))]
    TooLarge { file: String, size: u64 },
    #[error("{file}:{line}:{column}: not a valid answers file: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}", problems_message(.file, .problems))]
    Invalid { file: String, problems: Vec<String> },
}

/// A size one byte over the limit is a file read only that far (a device such as
/// /dev/zero, whose size is not known).
fn too_large(file: &str, size: u64) -> String {
    let size = if size == MAX_FILE_BYTES + 1 {
        format!("more than {MAX_FILE_BYTES}")
    } else {
        size.to_string()
    };
    format!(
        "{file} has {size} bytes; the limit for an answers file is {MAX_FILE_BYTES} bytes (16 MiB)"
    )
}

fn problems_message(file: &str, problems: &[String]) -> String {
    let n = problems.len();
    let mut s = format!(
        "{file} does not match the questionnaire ({n} problem{}):",
        if n == 1 { "" } else { "s" }
    );
    for p in problems {
        s.push_str(&format!("\n  {file}: {p}"));
    }
    s
}

/// Reads an answers file (JSON syntax and shape only; see [`check`] for the content).
pub fn read(path: &Path) -> Result<AnswersFile, AnswersError> {
    let file = path.display().to_string();
    let read_err = |source| AnswersError::Read {
        path: file.clone(),
        source,
    };
    let handle = std::fs::File::open(path).map_err(read_err)?;
    let size = handle.metadata().map_err(read_err)?.len();
    if size > MAX_FILE_BYTES {
        return Err(AnswersError::TooLarge { file, size });
    }
    // Read one byte past the limit at most: a device such as /dev/zero reports size 0.
    let mut bytes = Vec::new();
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(AnswersError::TooLarge {
            file,
            size: bytes.len() as u64,
        });
    }
    parse(&file, &bytes)
}

/// Parses answers JSON; `file` names it in messages.
pub fn parse(file: &str, bytes: &[u8]) -> Result<AnswersFile, AnswersError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some((offset, message)) = not_utf8(bytes) {
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        let column = 1 + offset
            - bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
        return Err(AnswersError::Syntax {
            file: file.to_string(),
            line,
            column,
            message,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AnswersError::Syntax {
            file: file.to_string(),
            line: 1,
            column: 1,
            message: "the file is empty".to_string(),
        });
    }
    serde_json::from_slice(bytes).map_err(|e| {
        // serde_json appends " at line L column C"; the position leads the message instead.
        let text = e.to_string();
        let text = text.split(" at line ").next().unwrap_or_default();
        let message = if e.is_eof() {
            format!("{text} (the file ends too early: was it cut off while being written?)")
        } else if text == "recursion limit exceeded" {
            format!(
                "arrays and objects nest more than {MAX_JSON_DEPTH} levels deep here; the limit \
                 is {MAX_JSON_DEPTH} (an answers file nests 4)"
            )
        } else {
            text.to_string()
        };
        AnswersError::Syntax {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// Where and why the bytes are not UTF-8 text: a UTF-16 export, a binary file, another
/// encoding. serde_json would report these as a puzzling syntax error.
fn not_utf8(bytes: &[u8]) -> Option<(usize, String)> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some((
            0,
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8"
                .to_string(),
        ));
    }
    let invalid = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
    match (bytes.iter().position(|&b| b == 0), invalid) {
        (Some(at), invalid) if invalid.is_none_or(|i| at <= i) => {
            let utf16 = crate::questionnaire::guard::looks_like_utf16(bytes);
            Some((
                at,
                if utf16 {
                    format!(
                        "NUL bytes between the characters (first at offset {at}): the file looks \
                         like UTF-16 text without a byte-order mark; save it as UTF-8"
                    )
                } else {
                    format!(
                        "a NUL byte at offset {at}: the file is not text; an answers file is \
                         JSON text in UTF-8"
                    )
                },
            ))
        }
        (_, Some(at)) => Some((
            at,
            format!("the file is not UTF-8 text (invalid byte at offset {at}); save it as UTF-8"),
        )),
        _ => None,
    }
}

/// The answers of one assessment, checked against the questionnaire: one slot per question
/// in questionnaire order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Responses {
    pub given: Vec<Option<Response>>,
    pub comments: Vec<Option<String>>,
}

impl Responses {
    /// No answers yet, for a questionnaire of `n` questions.
    pub fn empty(n: usize) -> Self {
        Responses {
            given: vec![None; n],
            comments: vec![None; n],
        }
    }
}

/// Checks answers against a questionnaire and reports every problem.
pub fn check(
    q: &Questionnaire,
    file_name: &str,
    a: &AnswersFile,
) -> Result<Responses, AnswersError> {
    let mut problems = Vec::new();
    if a.questionnaire.id != q.id {
        problems.push(format!(
            "the answers are for questionnaire \"{}\", but \"{}\" was loaded; pass --questionnaire {}",
            a.questionnaire.id, q.id, a.questionnaire.id
        ));
    } else if a.questionnaire.version != q.version {
        problems.push(format!(
            "the answers are for {} version {}, but the questionnaire loaded is version {}; pass \
             --questionnaire with the file of version {}",
            q.id, a.questionnaire.version, q.version, a.questionnaire.version
        ));
    }
    if !problems.is_empty() {
        return Err(AnswersError::Invalid {
            file: file_name.to_string(),
            problems,
        });
    }
    check_respondent(&a.respondent, &mut problems);
    let mut out = Responses::empty(q.question_count());
    for (id, answer) in &a.answers {
        let Some(index) = q.question_index(id) else {
            problems.push(format!(
                "answers.{id}: unknown question \"{id}\" (not in {} {})",
                q.id, q.version
            ));
            continue;
        };
        let question = q.question_at(index);
        match response(question, &answer.value) {
            Ok(r) => out.given[index] = Some(r),
            Err(msg) => problems.push(format!("answers.{id}: {msg}")),
        }
        if let Some(c) = &answer.comment {
            if c.chars().count() > MAX_TEXT_CHARS {
                problems.push(format!("answers.{id}.comment: the comment is longer than the limit of {MAX_TEXT_CHARS} characters"));
            } else if !c.trim().is_empty() {
                out.comments[index] = Some(c.clone());
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(AnswersError::Invalid {
            file: file_name.to_string(),
            problems,
        })
    }
}

fn check_respondent(r: &Respondent, problems: &mut Vec<String>) {
    let code = r.country.trim();
    if country::by_alpha3(code).is_none() {
        if country::is_user_assigned(code) {
            if r.country_name
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
            {
                problems.push(format!(
                    "respondent.country: \"{code}\" is a user-assigned code; give the name in respondent.country_name"
                ));
            }
        } else {
            problems.push(format!(
                "respondent.country: \"{}\" is not an ISO 3166-1 alpha-3 country code (e.g. MUS, RWA, FJI)",
                r.country
            ));
        }
    }
    if r.date.parse::<jiff::civil::Date>().is_err() {
        problems.push(format!(
            "respondent.date: \"{}\" is not a date of the form YYYY-MM-DD",
            r.date
        ));
    }
    let fields = [
        ("id", &r.id),
        ("organisation", &r.organisation),
        ("name", &r.name),
        ("role", &r.role),
    ];
    for (field, value) in fields {
        if value.chars().count() > MAX_TEXT_CHARS {
            problems.push(format!(
                "respondent.{field}: longer than the limit of {MAX_TEXT_CHARS} characters"
            ));
        }
    }
}

/// Checks one value against its question.
pub fn response(q: &Question, value: &AnswerValue) -> Result<Response, String> {
    if let AnswerValue::Text(s) = value
        && q.is_scored()
    {
        if s == DONT_KNOW {
            return Ok(Response::DontKnow);
        }
        if s == NOT_APPLICABLE {
            return if q.allow_na {
                Ok(Response::NotApplicable)
            } else {
                Err(
                    "\"not_applicable\" is not allowed for this question (allow_na is false)"
                        .to_string(),
                )
            };
        }
    }
    match (q.kind, value) {
        (QuestionType::Single, AnswerValue::Text(s)) => match q.option_index(s) {
            Some(i) => Ok(Response::Choice(i)),
            None => Err(not_an_option(q, s)),
        },
        (QuestionType::Multi, AnswerValue::List(items)) => {
            let mut seen: Vec<usize> = Vec::with_capacity(items.len());
            for s in items {
                let Some(i) = q.option_index(s) else {
                    return Err(not_an_option(q, s));
                };
                if q.options[i].exclusive && items.len() > 1 {
                    return Err(format!(
                        "\"{s}\" excludes every other choice, but {} were chosen",
                        items.len()
                    ));
                }
                if seen.contains(&i) {
                    return Err(format!("\"{s}\" is chosen twice"));
                }
                seen.push(i);
            }
            seen.sort_unstable();
            Ok(Response::Choices(seen))
        }
        (QuestionType::Number, AnswerValue::Number(n)) => {
            let (min, max) = (q.min.unwrap_or(f64::MIN), q.max.unwrap_or(f64::MAX));
            if n.is_finite() && *n >= min && *n <= max {
                Ok(Response::Number(*n))
            } else {
                Err(format!(
                    "{n} is out of range; expected a number from {min} to {max}"
                ))
            }
        }
        (QuestionType::Text, AnswerValue::Text(s)) => {
            if s.chars().count() > MAX_TEXT_CHARS {
                Err(format!(
                    "the text is longer than the limit of {MAX_TEXT_CHARS} characters"
                ))
            } else {
                Ok(Response::Text(s.clone()))
            }
        }
        (kind, v) => Err(format!(
            "a `{}` question needs {}, found {}",
            kind.name(),
            expected_shape(q),
            shape(v)
        )),
    }
}

fn not_an_option(q: &Question, s: &str) -> String {
    let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
    let na = if q.allow_na { ", not_applicable" } else { "" };
    format!(
        "\"{s}\" is not an option; expected one of: {} (or dont_know{na})",
        ids.join(", ")
    )
}

fn expected_shape(q: &Question) -> &'static str {
    match q.kind {
        QuestionType::Single => "an option id as a string",
        QuestionType::Multi => "a list of option ids, e.g. [\"a\", \"b\"]",
        QuestionType::Number => "a number",
        QuestionType::Text => "a string",
    }
}

fn shape(v: &AnswerValue) -> String {
    match v {
        AnswerValue::Number(n) => format!("the number {n}"),
        AnswerValue::Text(s) => format!("the string \"{s}\""),
        AnswerValue::List(_) => "a list".to_string(),
    }
}
