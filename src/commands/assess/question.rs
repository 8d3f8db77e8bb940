//! One question asked: the prompt built from the question, and the reply turned back into a
//! response. "Don't know", "Not applicable" and "Back" are entries of lists, or words typed
//! in text prompts.

use super::number::{Typed, number_text, parse_number, range_text};
use super::prompt::{Check, Choose, Entry, Input, Prompter, Reply};
use crate::answers::{MAX_TEXT_CHARS, Response};
use crate::questionnaire::{Question, QuestionType};

pub const DONT_KNOW: &str = "Don't know";
pub const NOT_APPLICABLE: &str = "Not applicable";
/// Typed in a text prompt to go back.
pub const BACK_KEY: &str = "<";
/// The prompt under a question's header.
pub const ANSWER: &str = "Your answer:";

/// What the respondent did with a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A response, or `None` for a text question left empty.
    Answered(Option<Response>),
    Back,
}

/// What an entry of an answer list stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Meaning {
    Option(usize),
    DontKnow,
    NotApplicable,
    Back,
}

/// Texts in the questionnaire's language.
pub struct Lang<'a> {
    pub lang: &'a str,
    pub default: &'a str,
}

impl Lang<'_> {
    pub fn t<'t>(&self, text: &'t crate::questionnaire::Text) -> &'t str {
        text.get(self.lang, self.default)
    }
}

/// Asks one question; `back` is the label of the entry that goes back, if going back is
/// possible from here.
pub fn ask(
    p: &mut dyn Prompter,
    q: &Question,
    l: &Lang<'_>,
    current: Option<&Response>,
    back: Option<&str>,
) -> Reply<Outcome> {
    match q.kind {
        QuestionType::Single => ask_single(p, q, l, current, back),
        QuestionType::Multi => ask_multi(p, q, l, current, back),
        QuestionType::Number => ask_number(p, q, l, current, back),
        QuestionType::Text => ask_text(p, current, back),
    }
}

fn menu(q: &Question, l: &Lang<'_>, back: Option<&str>) -> (Vec<Entry>, Vec<Meaning>) {
    let mut entries = Vec::new();
    let mut meanings = Vec::new();
    for (i, o) in q.options.iter().enumerate() {
        let detail = o.description.as_ref().map(|d| l.t(d).to_string());
        entries.push(Entry::with_detail(l.t(&o.label), detail));
        meanings.push(Meaning::Option(i));
    }
    entries.push(Entry::with_detail(
        DONT_KNOW,
        Some("You cannot say. Counts as the lowest level, and is flagged in the result.".into()),
    ));
    meanings.push(Meaning::DontKnow);
    if q.allow_na {
        entries.push(Entry::with_detail(
            NOT_APPLICABLE,
            Some("The question does not apply here; it is left out of the score.".into()),
        ));
        meanings.push(Meaning::NotApplicable);
    }
    if let Some(label) = back {
        entries.push(Entry::plain(label));
        meanings.push(Meaning::Back);
    }
    (entries, meanings)
}

fn special(r: &Response) -> Option<Meaning> {
    match r {
        Response::DontKnow => Some(Meaning::DontKnow),
        Response::NotApplicable => Some(Meaning::NotApplicable),
        _ => None,
    }
}

fn from_meaning(m: Meaning) -> Outcome {
    match m {
        Meaning::Option(i) => Outcome::Answered(Some(Response::Choice(i))),
        Meaning::DontKnow => Outcome::Answered(Some(Response::DontKnow)),
        Meaning::NotApplicable => Outcome::Answered(Some(Response::NotApplicable)),
        Meaning::Back => Outcome::Back,
    }
}

fn ask_single(
    p: &mut dyn Prompter,
    q: &Question,
    l: &Lang<'_>,
    current: Option<&Response>,
    back: Option<&str>,
) -> Reply<Outcome> {
    let (entries, meanings) = menu(q, l, back);
    let wanted = match current {
        Some(Response::Choice(i)) => Some(Meaning::Option(*i)),
        Some(r) => special(r),
        None => None,
    };
    let start = wanted
        .and_then(|w| meanings.iter().position(|m| *m == w))
        .unwrap_or(0);
    let choice = p.select(&Choose {
        message: ANSWER,
        entries,
        start,
        searchable: false,
    })?;
    Ok(from_meaning(meanings[choice]))
}

fn ask_multi(
    p: &mut dyn Prompter,
    q: &Question,
    l: &Lang<'_>,
    current: Option<&Response>,
    back: Option<&str>,
) -> Reply<Outcome> {
    let (entries, meanings) = menu(q, l, back);
    let ticked: Vec<usize> = match current {
        Some(Response::Choices(v)) => v.clone(),
        Some(r) => special(r)
            .and_then(|w| meanings.iter().position(|m| *m == w))
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    let alone = meanings
        .iter()
        .map(|m| match m {
            Meaning::Option(i) => q.options[*i].exclusive,
            _ => true,
        })
        .collect();
    let chosen = p.multi(&Check {
        message: ANSWER,
        entries,
        ticked,
        alone,
    })?;
    if let [one] = chosen.as_slice()
        && !matches!(meanings[*one], Meaning::Option(_))
    {
        return Ok(from_meaning(meanings[*one]));
    }
    let options = chosen
        .iter()
        .filter_map(|i| match meanings[*i] {
            Meaning::Option(o) => Some(o),
            _ => None,
        })
        .collect();
    Ok(Outcome::Answered(Some(Response::Choices(options))))
}

fn ask_number(
    p: &mut dyn Prompter,
    q: &Question,
    l: &Lang<'_>,
    current: Option<&Response>,
    back: Option<&str>,
) -> Reply<Outcome> {
    let unit = q.unit.as_ref().map(|u| l.t(u));
    let na = if q.allow_na {
        " · na not applicable"
    } else {
        ""
    };
    let go_back = if back.is_some() { " · < back" } else { "" };
    let help = format!("{} · ? don't know{na}{go_back}", range_text(q, unit));
    let can_back = back.is_some();
    let check = |s: &str| parse_number(s, q, l, can_back).map(|_| ());
    let initial = match current {
        Some(Response::Number(x)) => number_text(*x),
        Some(Response::DontKnow) => "?".to_string(),
        Some(Response::NotApplicable) => "na".to_string(),
        _ => String::new(),
    };
    let typed = p.text(&Input {
        message: ANSWER,
        help: Some(&help),
        initial,
        default: None,
        check: Some(&check),
    })?;
    Ok(match parse_number(&typed, q, l, can_back) {
        Ok(Typed::Value(x)) => Outcome::Answered(Some(Response::Number(x))),
        Ok(Typed::DontKnow) => Outcome::Answered(Some(Response::DontKnow)),
        Ok(Typed::NotApplicable) => Outcome::Answered(Some(Response::NotApplicable)),
        Ok(Typed::Back) => Outcome::Back,
        // The prompt accepts only what parses; an empty reply keeps the question open.
        Err(_) => Outcome::Answered(current.cloned()),
    })
}

fn ask_text(
    p: &mut dyn Prompter,
    current: Option<&Response>,
    back: Option<&str>,
) -> Reply<Outcome> {
    let help = if back.is_some() {
        "optional · Enter skips · < back"
    } else {
        "optional · Enter skips"
    };
    let check = |s: &str| long_text(s);
    let initial = match current {
        Some(Response::Text(s)) => s.clone(),
        _ => String::new(),
    };
    let typed = p.text(&Input {
        message: ANSWER,
        help: Some(help),
        initial,
        default: None,
        check: Some(&check),
    })?;
    let typed = typed.trim();
    Ok(match typed {
        BACK_KEY if back.is_some() => Outcome::Back,
        "" => Outcome::Answered(None),
        s => Outcome::Answered(Some(Response::Text(s.to_string()))),
    })
}

fn long_text(s: &str) -> Result<(), String> {
    if s.chars().count() > MAX_TEXT_CHARS {
        Err(format!(
            "The text is longer than {MAX_TEXT_CHARS} characters; shorten it, or give a link."
        ))
    } else {
        Ok(())
    }
}

/// What the evidence prompt returned.
#[derive(Debug, Clone, PartialEq)]
pub enum Comment {
    Given(Option<String>),
    /// `<`: ask the question again.
    Back,
}

/// The optional prompt for evidence or a comment; Enter skips it.
pub fn ask_comment(p: &mut dyn Prompter, current: Option<&str>) -> Reply<Comment> {
    let check = |s: &str| long_text(s);
    let typed = p.text(&Input {
        message: "Evidence or comment (optional):",
        help: Some("e.g. a law, a link, a document · Enter skips · < back"),
        initial: current.unwrap_or_default().to_string(),
        default: None,
        check: Some(&check),
    })?;
    Ok(match typed.trim() {
        BACK_KEY => Comment::Back,
        "" => Comment::Given(None),
        s => Comment::Given(Some(s.to_string())),
    })
}

/// The current answer in words, for the review.
pub fn answer_text(q: &Question, r: Option<&Response>, l: &Lang<'_>) -> String {
    let label = |i: &usize| q.options.get(*i).map_or("?", |o| l.t(&o.label));
    match r {
        None => "(not answered)".to_string(),
        Some(Response::Choice(i)) => label(i).to_string(),
        Some(Response::Choices(v)) => v.iter().map(label).collect::<Vec<_>>().join(", "),
        Some(Response::Number(x)) => match &q.unit {
            Some(u) => format!("{} {}", number_text(*x), l.t(u)),
            None => number_text(*x),
        },
        Some(Response::Text(s)) => s.clone(),
        Some(Response::DontKnow) => DONT_KNOW.to_string(),
        Some(Response::NotApplicable) => NOT_APPLICABLE.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{EN, question};
    use super::*;

    #[test]
    fn answers_in_words() {
        let l = EN;
        let q = question("ic_lead_specialists");
        assert_eq!(
            answer_text(&q, Some(&Response::Number(12.0)), &l),
            "12 people"
        );
        let q = question("le_civil_service_skills");
        assert_eq!(
            answer_text(&q, Some(&Response::Choice(2)), &l),
            "A core team"
        );
        assert_eq!(answer_text(&q, None, &l), "(not answered)");
    }
}
