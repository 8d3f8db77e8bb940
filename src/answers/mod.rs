//! The answers file (JSON): the durable record of one assessment, written by `assess` and read
//! by every command, and its check against a questionnaire.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod load;
mod shape;
mod validate;

pub use load::{parse, read};
pub use validate::{Responses, check, response};

use crate::questionnaire::{DONT_KNOW, NOT_APPLICABLE, Question};

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
/// (Deserialized in `shape`, to say what was expected when it is none of these.)
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
