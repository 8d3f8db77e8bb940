//! The answers in the assessment PDF, section by section in one table: a row with the
//! section's score and status, then each question with the chosen answer, its score, its
//! flags and the evidence given.

use super::Scored;
use super::pdf::{Align, Cell, Column, DocumentBuilder, Rgb, palette};
use super::pdf_common::{number, status_tint};
use crate::answers::Response;
use crate::questionnaire::{Question, QuestionType};
use crate::scoring::{QuestionResult, SectionResult, State, fmt1};
use crate::status::Status;

/// Every section with its questions.
pub fn answers(doc: &mut DocumentBuilder, s: &Scored<'_>) {
    let q = s.questionnaire;
    let evidence = Evidence::of(s);
    // Room for the heading, its note, the table header and the start of the first section.
    doc.ensure_space(60.0);
    doc.heading("Answers by section", 1);
    doc.note(&format!(
        "Score: the answer's value from 0 to 100 (the best answer scores 100), tinted like a \
         section score (not met below {}, met from {}). \"Don't know\" counts as 0; a critical \
         question below its threshold (in bold) makes its precondition not met. Questions that \
         do not apply given other answers are not shown.",
        number(q.scoring.partially_met),
        number(q.scoring.met)
    ));
    // One table, each section opened by a group row: a heading, a line and a header row per
    // section would take a third of a page more.
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut first = 0;
    for (si, section) in q.sections.iter().enumerate() {
        let range = first..first + section.questions.len();
        first = range.end;
        let result = &s.assessment.sections[si];
        let title = format!(
            "{}. {}\n{}",
            si + 1,
            s.t(&section.title),
            section_line(result)
        );
        let fill = result.status.map_or(palette::PANEL, status_tint);
        rows.push(vec![Cell::new(title).bold().fill(fill).span()]);
        rows.extend(
            range
                .filter(|i| s.assessment.questions[*i].state != State::NotRelevant)
                .map(|i| row(s, i, evidence)),
        );
    }
    let (columns, header) = evidence.columns();
    doc.table(&columns, &header, &rows);
}

/// "Score 72.5 out of 100: met. 9 of 9 questions answered, 1 "don't know"."
fn section_line(r: &SectionResult) -> String {
    let verdict = match r.status {
        Some(Status::InsufficientData) => ": too few answers to judge".to_string(),
        Some(st) => format!(": {}", st.label().to_lowercase()),
        None => " (not a precondition: it counts in the index only)".to_string(),
    };
    let mut text = match r.score {
        Some(_) => format!("Score {} out of 100{verdict}.", fmt1(r.score)),
        None => format!("No score{verdict}."),
    };
    text.push_str(&format!(
        " {} of {} questions answered",
        r.answered, r.relevant
    ));
    if r.dont_know > 0 {
        text.push_str(&format!(", {} \"don't know\"", r.dont_know));
    }
    if !r.critical_failures.is_empty() {
        let n = r.critical_failures.len();
        text.push_str(&format!(
            ", {n} critical question{} below {} threshold",
            if n == 1 { "" } else { "s" },
            if n == 1 { "its" } else { "their" }
        ));
    }
    text.push('.');
    text
}

/// Where the evidence and comments go. A column of its own when many answers have one; under
/// the answer when few do, so a mostly empty column does not squeeze the questions into
/// more lines (and the report into more pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    Column,
    UnderAnswer,
}

impl Evidence {
    fn of(s: &Scored<'_>) -> Evidence {
        let given = s.responses.given.iter().filter(|g| g.is_some()).count();
        let comments = s.responses.comments.iter().filter(|c| c.is_some()).count();
        if comments * 3 >= given.max(1) {
            Evidence::Column
        } else {
            Evidence::UnderAnswer
        }
    }

    /// Question, answer (with its flags), score, and the evidence column if any.
    fn columns(self) -> (Vec<Column>, Vec<&'static str>) {
        match self {
            Evidence::Column => (
                vec![
                    Column::new(3.6),
                    Column::new(2.3),
                    Column::new(0.7).align(Align::Centre),
                    Column::new(3.4),
                ],
                vec!["Question", "Answer", "Score", "Evidence or comment"],
            ),
            Evidence::UnderAnswer => (
                vec![
                    Column::new(4.0),
                    Column::new(3.3),
                    Column::new(0.7).align(Align::Centre),
                ],
                vec!["Question", "Answer and evidence", "Score"],
            ),
        }
    }
}

fn row(s: &Scored<'_>, i: usize, evidence: Evidence) -> Vec<Cell> {
    let question = s.questionnaire.question_at(i);
    let result = &s.assessment.questions[i];
    let given = s.responses.given[i].as_ref();
    let score = match result.value {
        Some(v) => Cell::new(fmt_value(v)).fill(value_color(s, result, v)),
        None => Cell::new("–"),
    };
    let mut answer = answer_label(s, question, given);
    if let Some(flag) = flag(result) {
        answer.push('\n');
        answer.push_str(flag);
    }
    let comment = s.responses.comments[i].as_deref();
    if let (Evidence::UnderAnswer, Some(c)) = (evidence, comment) {
        answer.push_str("\nEvidence: ");
        answer.push_str(c);
    }
    let answer = match result.critical_failure {
        true => Cell::new(answer).bold(),
        false => Cell::new(answer),
    };
    let mut cells = vec![Cell::new(s.t(&question.text)), answer, score];
    if evidence == Evidence::Column {
        cells.push(Cell::new(comment.unwrap_or("")));
    }
    cells
}

/// A value 0..=1 on the 0-100 scale, as "75" or "62.5".
fn fmt_value(v: f64) -> String {
    let x = crate::scoring::round1(v * 100.0);
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The colour a section with this score would have; a failed critical question is not met.
fn value_color(s: &Scored<'_>, r: &QuestionResult, v: f64) -> Rgb {
    let rules = &s.questionnaire.scoring;
    let status = if r.critical_failure || v * 100.0 < rules.partially_met {
        Status::NotMet
    } else if v * 100.0 < rules.met {
        Status::PartiallyMet
    } else {
        Status::Met
    };
    status_tint(status)
}

/// The chosen answer as the respondent saw it: option labels, the number with its unit, the
/// text written.
fn answer_label(s: &Scored<'_>, q: &Question, given: Option<&Response>) -> String {
    let option = |i: &usize| q.options.get(*i).map_or("", |o| s.t(&o.label)).to_string();
    match given {
        None => String::new(),
        Some(Response::Choice(i)) => option(i),
        Some(Response::Choices(v)) if v.is_empty() => "None chosen".to_string(),
        Some(Response::Choices(v)) => v.iter().map(option).collect::<Vec<_>>().join("; "),
        Some(Response::Number(x)) => match (&q.unit, q.kind) {
            (Some(unit), QuestionType::Number) => format!("{} {}", number(*x), s.t(unit)),
            _ => number(*x),
        },
        Some(Response::Text(t)) => t.clone(),
        Some(Response::DontKnow) => "Don't know".to_string(),
        Some(Response::NotApplicable) => "Not applicable".to_string(),
    }
}

/// The flag shown under an answer: the answer's label already says "Don't know" or "Not
/// applicable", so only what it cannot say is added.
fn flag(r: &QuestionResult) -> Option<&'static str> {
    match r.state {
        _ if r.critical_failure => Some("Critical question: below its threshold"),
        State::DontKnow => Some("(counts as 0)"),
        State::NotApplicable => Some("(left out of the score)"),
        State::Unanswered => Some("Unanswered"),
        State::NotRelevant | State::Answered => None,
    }
}
