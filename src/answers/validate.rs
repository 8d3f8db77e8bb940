//! Checking an answers file against its questionnaire: every answer against its question,
//! and the respondent's details.

use super::{AnswerValue, AnswersError, AnswersFile, MAX_TEXT_CHARS, Respondent, Response};
use crate::country;
use crate::questionnaire::{DONT_KNOW, NOT_APPLICABLE, Question, QuestionType, Questionnaire};

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
