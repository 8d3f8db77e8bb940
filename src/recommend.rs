//! The recommendations engine: which advice rules of a questionnaire apply to one assessment,
//! why, in which order, and the answers to the session's three questions assembled from them.
//! Pure: no I/O. `docs/recommendations.md` states the same method for rule authors.
//!
//! - A rule applies when its `when` condition holds for the assessment. Conditions see only
//!   relevant, answered questions (`dont_know` and `not_applicable` are answers), the section
//!   scores and statuses, the readiness index and the final (capped) stage.
//! - Each applying rule says why in plain language, built from the parts of its condition that
//!   made it hold: for `all`, every part; for `any`, the parts that hold; for `not`, the parts
//!   whose failure made it hold. Each leaf names the section and its score or status, or the
//!   question and the answer given, in the report language.
//! - Order: by `priority` (1 first); then by the score of the section the rule addresses,
//!   lowest first, where that is the lowest score among the sections its condition refers to,
//!   directly or through its questions (a rule that refers to no scored section comes last);
//!   then by the rule's position in the file.
//! - The three session answers are assembled from the ordered rules (see the `session`
//!   module).

mod reasons;
mod session;

use std::cmp::Ordering;

use crate::answers::{Response, Responses};
use crate::questionnaire::{Condition, Facts, Questionnaire};
use crate::scoring::{Assessment, State};
use crate::status::Status;

pub use session::SessionAnswers;

/// The advice for one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    /// The rules that apply, in the order to act on them.
    pub recommendations: Vec<Triggered>,
    pub answers_to_session_questions: SessionAnswers,
}

/// One rule that applies to the assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Triggered {
    /// Position of the rule in the questionnaire's `recommendations`.
    pub index: usize,
    /// Why it applies, one plain-language sentence per fact, e.g. "Legislative support scored
    /// 34.6 (below 60)".
    pub triggered_by: Vec<String>,
    /// The first of `triggered_by` that quotes an answer (the most specific fact), if any.
    pub key_reason: Option<usize>,
    /// Positions of the sections the rule's condition refers to, directly or via questions.
    pub sections: Vec<usize>,
    /// The lowest score among `sections`; the second ordering key.
    pub addressed_score: Option<f64>,
}

impl Triggered {
    /// Why, in one sentence for summaries: the reason that quotes an answer, else all reasons.
    pub fn why(&self) -> String {
        match self.key_reason.and_then(|i| self.triggered_by.get(i)) {
            Some(r) => r.clone(),
            None => self.triggered_by.join("; "),
        }
    }
}

/// The advice for an assessment, with texts in the questionnaire's default language.
pub fn recommend(q: &Questionnaire, responses: &Responses, a: &Assessment) -> Advice {
    recommend_in(q, responses, a, q.default_language())
}

/// The advice for an assessment, with texts in `lang` where the questionnaire has them.
pub fn recommend_in(
    q: &Questionnaire,
    responses: &Responses,
    a: &Assessment,
    lang: &str,
) -> Advice {
    let facts = Assessed { responses, a };
    let ctx = reasons::Ctx {
        q,
        a,
        facts: &facts,
        lang,
    };
    let ranker = Ranker::new(q);
    let recommendations: Vec<Triggered> = ranker
        .rank(responses, a)
        .into_iter()
        .map(|index| {
            let found = q.recommendations[index]
                .when
                .as_ref()
                .map(|cond| reasons::explain(&ctx, cond))
                .unwrap_or_default();
            let key_reason = found.iter().position(|r| r.quotes_answer);
            Triggered {
                index,
                triggered_by: found.into_iter().map(|r| r.text).collect(),
                key_reason,
                sections: ranker.sections[index].clone(),
                addressed_score: ranker.addressed_score(index, a),
            }
        })
        .collect();
    let answers_to_session_questions = session::answers(&ctx, &recommendations);
    Advice {
        recommendations,
        answers_to_session_questions,
    }
}

/// Which rules apply to an assessment, in advice order, without the texts: what batch scoring
/// needs for a million rows. Built once per questionnaire.
pub struct Ranker<'q> {
    q: &'q Questionnaire,
    /// The sections each rule addresses.
    sections: Vec<Vec<usize>>,
    /// Rule positions by priority, then in file order.
    by_priority: Vec<usize>,
}

impl<'q> Ranker<'q> {
    /// Prepares ranking the rules of `q`.
    pub fn new(q: &'q Questionnaire) -> Self {
        let sections = q
            .recommendations
            .iter()
            .map(|r| {
                r.when
                    .as_ref()
                    .map(|c| addressed_sections(q, c))
                    .unwrap_or_default()
            })
            .collect();
        let mut by_priority: Vec<usize> = (0..q.recommendations.len()).collect();
        by_priority.sort_by_key(|i| q.recommendations[*i].priority);
        Ranker {
            q,
            sections,
            by_priority,
        }
    }

    /// The lowest score among the sections rule `index` addresses.
    fn addressed_score(&self, index: usize, a: &Assessment) -> Option<f64> {
        self.sections[index]
            .iter()
            .filter_map(|s| a.sections.get(*s).and_then(|r| r.score))
            .min_by(f64::total_cmp)
    }

    /// The positions of the rules that apply, ordered by priority, then by the lowest score
    /// of the sections they address (none last), then in file order.
    pub fn rank(&self, responses: &Responses, a: &Assessment) -> Vec<usize> {
        let mut ranked = Ranked::default();
        self.rank_into(responses, a, usize::MAX, &mut ranked);
        ranked.ids
    }

    /// The first `limit` (or more) of what [`Ranker::rank`] gives, into `ranked`. Rules of
    /// a lower priority than the first `limit` found are not evaluated: `scores.csv` lists
    /// only the top three.
    pub fn rank_into(
        &self,
        responses: &Responses,
        a: &Assessment,
        limit: usize,
        ranked: &mut Ranked,
    ) {
        let facts = Assessed { responses, a };
        let rules = &self.q.recommendations;
        let hits = &mut ranked.hits;
        hits.clear();
        let mut priority = None;
        for &i in &self.by_priority {
            let rule = &rules[i];
            if hits.len() >= limit && priority != Some(rule.priority) {
                break;
            }
            priority = Some(rule.priority);
            if rule.when.as_ref().is_some_and(|c| c.eval(&facts)) {
                hits.push((rule.priority, self.addressed_score(i, a), i));
            }
        }
        // Already in priority and then file order; sort_by is stable.
        hits.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| lowest_first(x.1, y.1)));
        ranked.ids.clear();
        ranked.ids.extend(hits.iter().map(|h| h.2));
    }
}

/// The rules that apply to one assessment, as [`Ranker::rank_into`] orders them; kept
/// from row to row by batch scoring.
#[derive(Debug, Default)]
pub struct Ranked {
    /// Rule positions, in advice order.
    pub ids: Vec<usize>,
    /// Each with its priority and addressed score.
    hits: Vec<(u32, Option<f64>, usize)>,
}

/// Scores ascending; a missing score after every score.
fn lowest_first(x: Option<f64>, y: Option<f64>) -> Ordering {
    match (x, y) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The sections a condition refers to, directly or through its questions, in order.
pub fn addressed_sections(q: &Questionnaire, cond: &Condition) -> Vec<usize> {
    let mut out: Vec<usize> = cond
        .leaves()
        .into_iter()
        .filter_map(|leaf| match leaf {
            Condition::AnyOf { q_idx, .. } | Condition::AtLeast { q_idx, .. } => {
                (*q_idx < q.question_count()).then(|| q.section_of(*q_idx))
            }
            Condition::SectionBelow { s_idx, .. }
            | Condition::SectionAtLeast { s_idx, .. }
            | Condition::SectionStatusIn { s_idx, .. } => {
                (*s_idx < q.sections.len()).then_some(*s_idx)
            }
            _ => None,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The facts of a scored assessment, as advice conditions see them.
struct Assessed<'a> {
    responses: &'a Responses,
    a: &'a Assessment,
}

impl Facts for Assessed<'_> {
    fn response(&self, q: usize) -> Option<&Response> {
        let answered = self.a.questions.get(q).is_some_and(|r| {
            matches!(
                r.state,
                State::Answered | State::DontKnow | State::NotApplicable
            )
        });
        if answered {
            self.responses.given.get(q)?.as_ref()
        } else {
            None
        }
    }

    fn value(&self, q: usize) -> Option<f64> {
        self.a.questions.get(q).and_then(|r| r.value)
    }

    fn section_score(&self, s: usize) -> Option<f64> {
        self.a.sections.get(s).and_then(|r| r.score)
    }

    fn section_status(&self, s: usize) -> Option<Status> {
        self.a.sections.get(s).and_then(|r| r.status)
    }

    fn index(&self) -> Option<f64> {
        self.a.readiness_index
    }

    fn stage(&self) -> Option<usize> {
        self.a.stage
    }
}

#[cfg(test)]
mod tests;
