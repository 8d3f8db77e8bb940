//! The scoring method: pure functions from a questionnaire and one assessment's responses to
//! its scores, statuses and stage. No I/O. `docs/methodology.md` states the same rules.
//!
//! - Each scored question (every type but `text`) answered gets a normalised value v in
//!   [0, 1]: `single` = option score / the question's largest option score; `multi` =
//!   min(1, sum of the chosen scores / sum of all option scores); `number` = score of the last
//!   band whose `from` <= the value / the largest band score; `dont_know` = 0 (answered, and
//!   flagged). `not_applicable` leaves the question out of its section entirely. Unanswered
//!   and not relevant questions are left out of the score.
//! - A question is relevant unless its `relevant_if` is false. A condition on a question that
//!   is unanswered or itself not relevant is false.
//! - Section score S = 100 * sum(w v) / sum(w) over relevant, answered, not-N/A scored
//!   questions (none: no score). Completeness C = answered (dont_know and N/A included) /
//!   relevant scored questions (none: no completeness).
//! - A precondition's status, first rule that applies: insufficient data if S is missing or
//!   C < `min_completeness`; not met if S < `partially_met` or a relevant critical question
//!   has v < its `critical_below` (dont_know counts as 0); partially met if S < `met`; met.
//! - Readiness index R = sum(W S) / sum(W) over sections with a score. The uncapped stage is
//!   the last stage whose `min` <= R; the stage is lowered to `cap_if_not_met` if any
//!   precondition is not met or has insufficient data, else to `cap_if_partially_met` if any is
//!   partially met. A cap only lowers.
//! - Thresholds are compared on unrounded f64 values; [`round1`] is for display only.

use crate::answers::{Response, Responses};
use crate::questionnaire::{Facts, Question, QuestionType, Questionnaire};
use crate::status::Status;

/// What became of one question in an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Its `relevant_if` is false.
    NotRelevant,
    /// Relevant, no answer.
    Unanswered,
    NotApplicable,
    DontKnow,
    Answered,
}

/// The result for one question, aligned with the questionnaire's question order.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResult {
    pub state: State,
    /// The normalised value v (`None` when not counted, and for `text` questions).
    pub value: Option<f64>,
    /// Whether v is below the question's `critical_below`.
    pub critical_failure: bool,
    /// The points this answer adds to its section score: 100 * w * v / sum(w). `None` for
    /// answers not counted, and from a scorer made [`Scorer::with_contributions`]`(false)`.
    pub contribution: Option<f64>,
}

/// The result for one section, aligned with the questionnaire's sections.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionResult {
    pub score: Option<f64>,
    /// `None` for sections that are not preconditions.
    pub status: Option<Status>,
    pub completeness: Option<f64>,
    /// Relevant scored questions.
    pub relevant: usize,
    /// Of those, answered (dont_know and N/A included).
    pub answered: usize,
    pub dont_know: usize,
    /// Positions (questionnaire order) of critical questions that failed.
    pub critical_failures: Vec<usize>,
}

/// The scores of one assessment. Positions refer to the questionnaire it was scored with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assessment {
    pub readiness_index: Option<f64>,
    /// Position of the final stage in `stages`.
    pub stage: Option<usize>,
    pub stage_uncapped: Option<usize>,
    /// Section positions of the preconditions that are not met, most binding first.
    pub binding_preconditions: Vec<usize>,
    pub completeness: Option<f64>,
    pub sections: Vec<SectionResult>,
    pub questions: Vec<QuestionResult>,
}

impl Assessment {
    /// Whether the stage was lowered by a precondition.
    pub fn is_capped(&self) -> bool {
        self.stage != self.stage_uncapped
    }

    /// Positions of questions that were answered although not relevant (their answers are
    /// ignored; callers warn about them).
    pub fn ignored_answers(&self, responses: &Responses) -> Vec<usize> {
        self.questions
            .iter()
            .enumerate()
            .filter(|(i, r)| r.state == State::NotRelevant && responses.given[*i].is_some())
            .map(|(i, _)| i)
            .collect()
    }
}

/// The normalised value of a response, or `None` for N/A and text.
pub fn normalised(q: &Question, r: &Response) -> Option<f64> {
    normalised_on(q, Scale::of(q), r)
}

/// The divisors of a question's normalised value, which depend only on the question.
#[derive(Debug, Clone, Copy)]
struct Scale {
    /// The largest option or band score.
    max: f64,
    /// The sum of all option scores (`multi`).
    total: f64,
}

impl Scale {
    fn of(q: &Question) -> Self {
        Scale {
            max: q.max_score(),
            total: q.options.iter().map(|o| o.score).sum(),
        }
    }
}

fn normalised_on(q: &Question, scale: Scale, r: &Response) -> Option<f64> {
    let Scale { max, total } = scale;
    match (q.kind, r) {
        (_, Response::DontKnow) if q.is_scored() => Some(0.0),
        (QuestionType::Single, Response::Choice(i)) => {
            Some(q.options.get(*i).map_or(0.0, |o| o.score) / max)
        }
        (QuestionType::Multi, Response::Choices(chosen)) => {
            let got: f64 = chosen
                .iter()
                .filter_map(|i| q.options.get(*i))
                .map(|o| o.score)
                .sum();
            Some((got / total).min(1.0))
        }
        (QuestionType::Number, Response::Number(x)) => {
            let band = q
                .bands
                .iter()
                .rev()
                .find(|b| b.from <= *x)
                .or(q.bands.first());
            Some(band.map_or(0.0, |b| b.score) / max)
        }
        _ => None,
    }
}

/// Relevance so far, while walking the questions in order.
struct Walk<'a> {
    responses: &'a Responses,
    results: &'a [QuestionResult],
}

impl Facts for Walk<'_> {
    fn response(&self, i: usize) -> Option<&Response> {
        let relevant = self
            .results
            .get(i)
            .is_some_and(|r| r.state != State::NotRelevant);
        if relevant {
            self.responses.given.get(i)?.as_ref()
        } else {
            None
        }
    }

    fn value(&self, i: usize) -> Option<f64> {
        self.results.get(i).and_then(|r| r.value)
    }
}

/// Scores one assessment.
pub fn score(q: &Questionnaire, responses: &Responses) -> Assessment {
    Scorer::new(q).score(responses)
}

/// Scores many assessments of one questionnaire ([`score`] for each, with what depends only
/// on the questionnaire worked out once).
pub struct Scorer<'q> {
    q: &'q Questionnaire,
    scales: Vec<Scale>,
    /// For each question, the normalised value of choosing each of its options: most
    /// answers are a single choice, and this spares a division and a walk into the
    /// question per answer. Worked out by [`normalised_on`], so the rule stays there.
    /// Question `i`'s options start at `choice_starts[i]`, all in one list.
    choice_values: Vec<Option<f64>>,
    choice_starts: Vec<usize>,
    /// Work out each answer's contribution to its section score (a division per answer).
    contributions: bool,
}

impl<'q> Scorer<'q> {
    pub fn new(q: &'q Questionnaire) -> Self {
        let scales: Vec<Scale> = q
            .questions()
            .map(|(_, question)| Scale::of(question))
            .collect();
        let mut choice_values = Vec::new();
        let mut choice_starts = Vec::new();
        for ((_, question), scale) in q.questions().zip(&scales) {
            choice_starts.push(choice_values.len());
            choice_values.extend(
                (0..question.options.len())
                    .map(|i| normalised_on(question, *scale, &Response::Choice(i))),
            );
        }
        choice_starts.push(choice_values.len());
        Scorer {
            q,
            scales,
            choice_values,
            choice_starts,
            contributions: true,
        }
    }

    /// Whether to work out [`QuestionResult::contribution`] (by default, yes): batch
    /// scoring needs it for `answers.csv` only, the one place it is shown.
    pub fn with_contributions(self, contributions: bool) -> Self {
        Scorer {
            contributions,
            ..self
        }
    }

    /// The normalised value of `r` to question `i` (with `question` its definition).
    fn normalised(&self, i: usize, question: &Question, r: &Response) -> Option<f64> {
        if let Response::Choice(option) = r
            && *option < self.choice_starts[i + 1] - self.choice_starts[i]
        {
            return self.choice_values[self.choice_starts[i] + option];
        }
        normalised_on(question, self.scales[i], r)
    }

    /// Scores one assessment, as [`score`] does.
    pub fn score(&self, responses: &Responses) -> Assessment {
        let mut a = Assessment::default();
        self.score_into(responses, &mut a);
        a
    }

    /// Scores one assessment into `a`, as [`score`] does, reusing its buffers: batch
    /// scoring scores millions.
    pub fn score_into(&self, responses: &Responses, a: &mut Assessment) {
        let q = self.q;
        let questions = &mut a.questions;
        questions.clear();
        a.sections
            .resize_with(q.sections.len(), SectionResult::default);
        let mut i = 0;
        for (section, result) in q.sections.iter().zip(a.sections.iter_mut()) {
            let first = i;
            let (mut sum_wv, mut sum_w) = (0.0, 0.0);
            let mut critical_failures = std::mem::take(&mut result.critical_failures);
            critical_failures.clear();
            *result = SectionResult {
                critical_failures,
                ..SectionResult::default()
            };
            for question in &section.questions {
                let relevant = question.relevant_if.as_ref().is_none_or(|c| {
                    c.eval(&Walk {
                        responses,
                        results: questions,
                    })
                });
                let given = responses.given.get(i).and_then(Option::as_ref);
                let (state, value) = match (relevant, given) {
                    (false, _) => (State::NotRelevant, None),
                    (true, None) => (State::Unanswered, None),
                    (true, Some(Response::NotApplicable)) => (State::NotApplicable, None),
                    (true, Some(Response::DontKnow)) => (
                        State::DontKnow,
                        self.normalised(i, question, &Response::DontKnow),
                    ),
                    (true, Some(r)) => (State::Answered, self.normalised(i, question, r)),
                };
                let critical_failure = match (question.critical_below, value) {
                    (Some(limit), Some(v)) => v < limit,
                    _ => false,
                };
                questions.push(QuestionResult {
                    state,
                    value,
                    critical_failure,
                    contribution: None,
                });
                // The section's sums, over its relevant scored questions.
                if question.is_scored() && state != State::NotRelevant {
                    result.relevant += 1;
                    result.answered += usize::from(state != State::Unanswered);
                    result.dont_know += usize::from(state == State::DontKnow);
                    if let Some(v) = value {
                        sum_wv += question.weight * v;
                        sum_w += question.weight;
                    }
                    if critical_failure {
                        result.critical_failures.push(i);
                    }
                }
                i += 1;
            }
            if sum_w > 0.0 {
                result.score = Some(100.0 * sum_wv / sum_w);
            }
            if sum_w > 0.0 && self.contributions {
                for (question, r) in section.questions.iter().zip(&mut questions[first..]) {
                    if let Some(v) = r.value {
                        r.contribution = Some(100.0 * question.weight * v / sum_w);
                    }
                }
            }
            if result.relevant > 0 {
                result.completeness = Some(result.answered as f64 / result.relevant as f64);
            }
            if section.precondition {
                result.status = Some(status(q, result));
            }
        }
        summarise_into(q, a);
    }
}

/// The index, stages, binding preconditions and completeness from section results. Batch
/// scoring also uses it on groups, with the mean section scores of their members.
pub fn summarise(
    q: &Questionnaire,
    sections: Vec<SectionResult>,
    questions: Vec<QuestionResult>,
) -> Assessment {
    let mut a = Assessment {
        sections,
        questions,
        ..Assessment::default()
    };
    summarise_into(q, &mut a);
    a
}

/// What [`summarise`] works out from `a.sections`, into `a`.
fn summarise_into(q: &Questionnaire, a: &mut Assessment) {
    let sections = &a.sections;
    let (mut weighted, mut weights) = (0.0, 0.0);
    for (section, result) in q.sections.iter().zip(sections) {
        if let Some(s) = result.score {
            weighted += section.weight * s;
            weights += section.weight;
        }
    }
    let readiness_index = (weights > 0.0).then(|| weighted / weights);
    let (relevant, answered) = sections
        .iter()
        .fold((0, 0), |(r, a), s| (r + s.relevant, a + s.answered));
    let completeness = (relevant > 0).then(|| answered as f64 / relevant as f64);
    let stage_uncapped = readiness_index.and_then(|r| q.stages.iter().rposition(|s| s.min <= r));
    let statuses = || sections.iter().filter_map(|s| s.status);
    let cap = if statuses().any(|s| s <= Status::NotMet) {
        q.stage_rank(&q.scoring.cap_if_not_met)
    } else if statuses().any(|s| s == Status::PartiallyMet) {
        q.stage_rank(&q.scoring.cap_if_partially_met)
    } else {
        None
    };
    let stage = match (stage_uncapped, cap) {
        (Some(s), Some(c)) => Some(s.min(c)),
        (s, _) => s,
    };
    let binding = &mut a.binding_preconditions;
    binding.clear();
    binding.extend(
        (0..sections.len()).filter(|i| sections[*i].status.is_some_and(|s| s != Status::Met)),
    );
    // Stable sort: ties stay in questionnaire order.
    binding.sort_by(|a, b| {
        let (a, b) = (&sections[*a], &sections[*b]);
        a.status.cmp(&b.status).then(
            a.score
                .partial_cmp(&b.score)
                .unwrap_or(std::cmp::Ordering::Equal),
        )
    });
    a.readiness_index = readiness_index;
    a.stage = stage;
    a.stage_uncapped = stage_uncapped;
    a.completeness = completeness;
}

/// The status of a precondition section, by the first rule that applies.
pub fn status(q: &Questionnaire, r: &SectionResult) -> Status {
    let rules = &q.scoring;
    match (r.score, r.completeness) {
        (None, _) | (_, None) => Status::InsufficientData,
        (_, Some(c)) if c < rules.min_completeness => Status::InsufficientData,
        (Some(s), _) if s < rules.partially_met || !r.critical_failures.is_empty() => {
            Status::NotMet
        }
        (Some(s), _) if s < rules.met => Status::PartiallyMet,
        _ => Status::Met,
    }
}

/// Rounds to one decimal, half away from zero, for display and CSV.
pub fn round1(x: f64) -> f64 {
    tenths(x) / 10.0
}

/// `x` in whole tenths, as [`round1`] rounds it: `round1(x) * 10` without the error of
/// dividing and multiplying again.
pub fn tenths(x: f64) -> f64 {
    // Scaling by 10 can land a hair below .5 (e.g. 0.15 * 10); nudging by a few ulps keeps
    // decimal halves rounding away from zero as a person expects.
    let scaled = x * 10.0;
    let nudged = scaled + scaled.signum() * scaled.abs() * 4.0 * f64::EPSILON;
    round_half_away(nudged)
}

/// `x.round()`, which is a library call on the baseline x86-64 target, in a few
/// instructions for the values scores take.
fn round_half_away(x: f64) -> f64 {
    // Below 2^52 in size, x minus its whole part is exact (Sterbenz), so the comparisons
    // with a half are too.
    if x.abs() < 4_503_599_627_370_496.0 {
        let whole = x as i64;
        let rest = x - whole as f64;
        let rounded = whole + i64::from(rest >= 0.5) - i64::from(rest <= -0.5);
        // Keep the sign of a zero, as round does (-0.4 rounds to -0.0).
        (rounded as f64).copysign(x)
    } else {
        x.round()
    }
}

/// Formats a value rounded to one decimal ("62.5"), or "-" when missing.
pub fn fmt1(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{:.1}", round1(v)))
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
