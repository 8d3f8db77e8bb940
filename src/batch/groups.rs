//! Aggregating assessments into groups (`--group-by COLUMN`, e.g. by country): how many,
//! the spread of the index, and a status and stage computed with the core rules from the
//! members' mean section scores. The spread shows where respondents disagree.

use std::collections::BTreeMap;

use crate::questionnaire::Questionnaire;
use crate::scoring::{self, Assessment, QuestionResult, SectionResult, State};

/// Running mean, standard deviation, minimum and maximum (Welford), for the index of a group
/// and for section scores.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spread {
    pub n: u64,
    mean: f64,
    m2: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Spread {
    /// Adds one value.
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
        self.min = Some(self.min.map_or(x, |m| m.min(x)));
        self.max = Some(self.max.map_or(x, |m| m.max(x)));
    }

    /// The mean, if any value was added.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }

    /// The sample standard deviation (none below two values).
    pub fn sd(&self) -> Option<f64> {
        (self.n > 1).then(|| (self.m2 / (self.n - 1) as f64).sqrt())
    }
}

/// Running sums for one group; memory does not grow with the number of members.
#[derive(Debug, Clone, Default)]
pub struct Acc {
    pub n: usize,
    /// The index of the members that have one.
    pub index: Spread,
    /// Per section: sum and count of scores, sum and count of completeness.
    sections: Vec<(f64, usize, f64, usize)>,
    /// Per question: sum and count of normalised values.
    values: Vec<(f64, usize)>,
}

impl Acc {
    /// Adds one member.
    pub fn add(&mut self, a: &Assessment) {
        self.n += 1;
        if let Some(r) = a.readiness_index {
            self.index.add(r);
        }
        self.sections.resize(a.sections.len(), (0.0, 0, 0.0, 0));
        for (acc, s) in self.sections.iter_mut().zip(&a.sections) {
            if let Some(score) = s.score {
                acc.0 += score;
                acc.1 += 1;
            }
            if let Some(c) = s.completeness {
                acc.2 += c;
                acc.3 += 1;
            }
        }
        self.values.resize(a.questions.len(), (0.0, 0));
        for (acc, q) in self.values.iter_mut().zip(&a.questions) {
            if let Some(v) = q.value {
                acc.0 += v;
                acc.1 += 1;
            }
        }
    }

    /// The group as one assessment: mean section scores and completeness, critical checks on
    /// the mean value of each critical question, then the core rules for status and stage.
    pub fn combined(&self, q: &Questionnaire) -> Assessment {
        let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
        let questions: Vec<QuestionResult> = (0..q.question_count())
            .map(|i| {
                let (sum, n) = self.values.get(i).copied().unwrap_or_default();
                let value = mean(sum, n);
                let critical_failure = match (q.question_at(i).critical_below, value) {
                    (Some(limit), Some(v)) => v < limit,
                    _ => false,
                };
                let state = if value.is_some() {
                    State::Answered
                } else {
                    State::Unanswered
                };
                QuestionResult {
                    state,
                    value,
                    critical_failure,
                    contribution: None,
                }
            })
            .collect();
        let mut first = 0;
        let sections = q
            .sections
            .iter()
            .enumerate()
            .map(|(si, section)| {
                let range = first..first + section.questions.len();
                first = range.end;
                let (sum, n, csum, cn) = self.sections.get(si).copied().unwrap_or_default();
                let mut r = SectionResult {
                    score: mean(sum, n),
                    completeness: mean(csum, cn),
                    critical_failures: range.filter(|i| questions[*i].critical_failure).collect(),
                    ..SectionResult::default()
                };
                if section.precondition {
                    r.status = Some(scoring::status(q, &r));
                }
                r
            })
            .collect();
        let mut a = scoring::summarise(q, sections, questions);
        // The completeness of a group is the mean of its members' section completeness.
        let cs: Vec<f64> = a.sections.iter().filter_map(|s| s.completeness).collect();
        a.completeness = (!cs.is_empty()).then(|| cs.iter().sum::<f64>() / cs.len() as f64);
        a
    }
}

/// Groups by the value of one column, in sorted order of the values.
pub type Groups = BTreeMap<String, Acc>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{AnswerValue, Responses, response};
    use crate::questionnaire;
    use crate::status::Status;

    fn mini() -> Questionnaire {
        let text = include_str!("../../tests/fixtures/questionnaires/mini.toml");
        questionnaire::parse("mini.toml", text.as_bytes()).unwrap()
    }

    fn assess(q: &Questionnaire, pairs: &[(&str, &str)]) -> Assessment {
        let mut r = Responses::empty(q.question_count());
        for (id, v) in pairs {
            let i = q.question_index(id).unwrap();
            r.given[i] =
                Some(response(q.question_at(i), &AnswerValue::Text(v.to_string())).unwrap());
        }
        scoring::score(q, &r)
    }

    #[test]
    fn spread_and_combined_status_by_hand() {
        let q = mini();
        let mut acc = Acc::default();
        // Only section b answered: b1, b2 (weight 3).
        // Member 1: b = (0.5 + 3 * 1) / 4 = 87.5; c1 relevant (b1 >= 0.5) = l4 -> 100
        acc.add(&assess(&q, &[("b1", "l2"), ("b2", "l4"), ("c1", "l4")]));
        // Member 2: b = (0 + 3 * 0.25) / 4 = 18.75; c1 not relevant
        acc.add(&assess(&q, &[("b1", "l0"), ("b2", "l1")]));
        assert_eq!(acc.n, 2);
        // Indexes: member 1 = (2 * 87.5 + 100) / 3 = 91.666..; member 2 = 18.75
        let (i1, i2) = (275.0 / 3.0, 18.75);
        assert!((acc.index.mean().unwrap() - (i1 + i2) / 2.0).abs() < 1e-9);
        assert_eq!(acc.index.min, Some(i2));
        assert_eq!(acc.index.max, Some(i1));
        let sd = ((i1 - i2) * (i1 - i2) / 2.0_f64).sqrt();
        assert!((acc.index.sd().unwrap() - sd).abs() < 1e-9);
        let g = acc.combined(&q);
        // mean b = (87.5 + 18.75) / 2 = 53.125 -> partially met; a has no score
        assert!((g.sections[1].score.unwrap() - 53.125).abs() < 1e-9);
        assert_eq!(g.sections[1].status, Some(Status::PartiallyMet));
        assert_eq!(g.sections[0].status, Some(Status::InsufficientData));
        // index from mean scores: (2 * 53.125 + 100) / 3 = 68.75
        assert!((g.readiness_index.unwrap() - 68.75).abs() < 1e-9);
        assert_eq!(g.stage.map(|s| q.stages[s].id.as_str()), Some("emerging"));
    }

    #[test]
    fn a_critical_question_fails_on_its_mean_value() {
        let q = mini();
        let mut acc = Acc::default();
        acc.add(&assess(&q, &[("a1", "none")]));
        acc.add(&assess(&q, &[("a1", "some")]));
        // mean v of a1 = 0.25: not below critical_below = 0.25
        assert!(acc.combined(&q).sections[0].critical_failures.is_empty());
        acc.add(&assess(&q, &[("a1", "none")]));
        // mean v = 1/6 < 0.25
        assert_eq!(acc.combined(&q).sections[0].critical_failures, vec![0]);
    }
}
