//! The shipped advice rules, checked against many constructed assessments: every rule can
//! fire, every precondition at every status gets advice that addresses it, a binding
//! precondition always gets first-priority advice, and a country meeting every precondition
//! is told to sustain and share.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use egready::answers::{Response, Responses};
use egready::questionnaire::{self, QuestionType, Questionnaire, SHIPPED};
use egready::recommend::{Advice, recommend};
use egready::scoring::{self, Assessment};
use egready::status::Status;

/// How every question of one section is answered in a constructed assessment.
#[derive(Debug, Clone, Copy)]
enum Level {
    Unanswered,
    DontKnow,
    /// 0 (worst) to 4 (best), spread over the question's options or bands.
    Score(usize),
}

const LEVELS: [Level; 7] = [
    Level::Unanswered,
    Level::DontKnow,
    Level::Score(0),
    Level::Score(1),
    Level::Score(2),
    Level::Score(3),
    Level::Score(4),
];

fn answer(q: &egready::questionnaire::Question, level: Level) -> Option<Response> {
    let k = match level {
        Level::Unanswered => return None,
        Level::DontKnow => return q.is_scored().then_some(Response::DontKnow),
        Level::Score(k) => k,
    };
    let pick = |n: usize| (k * (n - 1) + 2) / 4;
    match q.kind {
        QuestionType::Single => {
            let mut by_score: Vec<usize> = (0..q.options.len()).collect();
            by_score.sort_by(|a, b| q.options[*a].score.total_cmp(&q.options[*b].score));
            Some(Response::Choice(by_score[pick(q.options.len())]))
        }
        QuestionType::Multi => {
            let open: Vec<usize> = (0..q.options.len())
                .filter(|i| !q.options[*i].exclusive)
                .collect();
            let n = (k * open.len() + 2) / 4;
            match q.options.iter().position(|o| o.exclusive) {
                Some(none) if n == 0 => Some(Response::Choices(vec![none])),
                _ => Some(Response::Choices(open[..n].to_vec())),
            }
        }
        QuestionType::Number => Some(Response::Number(q.bands[pick(q.bands.len())].from)),
        QuestionType::Text => None,
    }
}

/// Responses with every question of section i answered at `levels[i]`.
fn responses(q: &Questionnaire, levels: &[Level]) -> Responses {
    let mut r = Responses::empty(q.question_count());
    for (i, (s, question)) in q.questions().enumerate() {
        r.given[i] = answer(question, levels[s]);
    }
    r
}

/// Every combination of one level per section.
fn grid(q: &Questionnaire) -> Vec<(Assessment, Advice)> {
    let n = q.sections.len();
    let mut out = Vec::new();
    for mut code in 0..LEVELS.len().pow(n as u32) {
        let mut levels = Vec::with_capacity(n);
        for _ in 0..n {
            levels.push(LEVELS[code % LEVELS.len()]);
            code /= LEVELS.len();
        }
        let r = responses(q, &levels);
        let a = scoring::score(q, &r);
        let advice = recommend(q, &r, &a);
        out.push((a, advice));
    }
    out
}

fn shipped() -> Vec<Questionnaire> {
    SHIPPED
        .iter()
        .map(|(id, _)| questionnaire::resolve(id).unwrap().0)
        .collect()
}

fn preconditions(q: &Questionnaire) -> Vec<usize> {
    (0..q.sections.len())
        .filter(|i| q.sections[*i].precondition)
        .collect()
}

#[test]
fn every_rule_fires_for_some_assessment() {
    for q in shipped() {
        let mut fired = BTreeSet::new();
        for (_, advice) in grid(&q) {
            for t in &advice.recommendations {
                fired.insert(q.recommendations[t.index].id.clone());
            }
        }
        let never: Vec<&str> = q
            .recommendations
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| !fired.contains(*id))
            .collect();
        assert!(
            never.is_empty(),
            "{}: rules that never fire: {never:?}",
            q.id
        );
    }
}

#[test]
fn every_precondition_at_every_status_gets_advice_that_addresses_it() {
    for q in shipped() {
        let mut seen = BTreeSet::new();
        for (a, advice) in grid(&q) {
            for s in preconditions(&q) {
                let status = a.sections[s].status.unwrap();
                seen.insert((s, status));
                let addressed = advice
                    .recommendations
                    .iter()
                    .any(|t| t.sections.contains(&s));
                assert!(
                    addressed,
                    "{}: {} is {} but no rule addresses it",
                    q.id,
                    q.sections[s].id,
                    status.id()
                );
            }
        }
        for s in preconditions(&q) {
            for status in Status::ALL {
                assert!(
                    seen.contains(&(s, status)),
                    "{}: no constructed assessment has {} {}",
                    q.id,
                    q.sections[s].id,
                    status.id()
                );
            }
        }
    }
}

#[test]
fn a_binding_precondition_is_addressed_by_a_first_priority_rule() {
    for q in shipped() {
        for (a, advice) in grid(&q) {
            for s in &a.binding_preconditions {
                let first = advice
                    .recommendations
                    .iter()
                    .any(|t| q.recommendations[t.index].priority == 1 && t.sections.contains(s));
                assert!(
                    first,
                    "{}: {} binds ({}) but no priority-1 rule addresses it",
                    q.id,
                    q.sections[*s].id,
                    a.sections[*s].status.unwrap().id()
                );
            }
        }
    }
}

#[test]
fn a_country_meeting_every_precondition_is_told_to_sustain_and_share() {
    for q in shipped() {
        let mut cases = 0;
        for (a, advice) in grid(&q) {
            let all_met = preconditions(&q)
                .iter()
                .all(|s| a.sections[*s].status == Some(Status::Met));
            if !all_met {
                continue;
            }
            cases += 1;
            assert!(
                advice
                    .recommendations
                    .iter()
                    .any(|t| q.recommendations[t.index].pathway == "sustain_and_share"),
                "{}: every precondition met but no sustain-and-share advice",
                q.id
            );
            assert!(
                advice
                    .answers_to_session_questions
                    .actions
                    .starts_with("Every precondition is met"),
            );
        }
        assert!(
            cases > 0,
            "{}: no assessment meets every precondition",
            q.id
        );
    }
}

#[test]
fn every_reason_names_a_section_or_an_answer_and_every_answer_is_said() {
    for q in shipped() {
        let titles: Vec<&str> = q.sections.iter().map(|s| s.title.get("en", "en")).collect();
        for (_, advice) in grid(&q) {
            let s = &advice.answers_to_session_questions;
            assert!(!s.actions.is_empty() && !s.cooperation.is_empty() && !s.ways.is_empty());
            for t in &advice.recommendations {
                assert!(!t.triggered_by.is_empty());
                for reason in &t.triggered_by {
                    let names_section = titles.iter().any(|title| reason.starts_with(title));
                    let names_answer = reason.contains("? You answered ")
                        || reason.ends_with("? No answer was given.");
                    assert!(names_section || names_answer, "{}: {reason}", q.id);
                }
            }
        }
    }
}
