//! Hand-computed cases for every scoring rule, on `tests/fixtures/questionnaires/mini.toml`,
//! and property tests on the shipped questionnaire.

use proptest::prelude::*;

use super::*;
use crate::answers::{AnswerValue, Responses, response};
use crate::questionnaire::{self, Questionnaire};

const MINI: &str = include_str!("../tests/fixtures/questionnaires/mini.toml");

fn mini() -> Questionnaire {
    questionnaire::parse("mini.toml", MINI.as_bytes()).unwrap()
}

/// Responses from (question id, JSON-like value) pairs.
fn given(q: &Questionnaire, pairs: &[(&str, AnswerValue)]) -> Responses {
    let mut r = Responses::empty(q.question_count());
    for (id, v) in pairs {
        let i = q.question_index(id).unwrap();
        r.given[i] = Some(response(q.question_at(i), v).unwrap());
    }
    r
}

fn s(x: &str) -> AnswerValue {
    AnswerValue::Text(x.to_string())
}

fn list(xs: &[&str]) -> AnswerValue {
    AnswerValue::List(xs.iter().map(|x| x.to_string()).collect())
}

fn n(x: f64) -> AnswerValue {
    AnswerValue::Number(x)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn stage_id(q: &Questionnaire, i: Option<usize>) -> Option<&str> {
    i.map(|i| q.stages[i].id.as_str())
}

/// Everything answered, every precondition met.
fn full_case(q: &Questionnaire) -> Responses {
    given(
        q,
        &[
            ("a1", s("some")),
            ("a2", list(&["x", "z"])),
            ("a3", n(30.0)),
            ("a4", s("l3")),
            ("b1", s("l2")),
            ("b2", s("l4")),
            ("b3", s("free text is not scored")),
            ("c1", s("l1")),
        ],
    )
}

#[test]
fn section_scores_index_and_stage_by_hand() {
    let q = mini();
    let a = score(&q, &full_case(&q));
    // a: (0.5 + 0.75 + 0.5 + 0.75) / 4 = 62.5
    assert!(close(a.sections[0].score, 62.5));
    // b: (1 * 0.5 + 3 * 1.0) / 4 = 87.5; the text question is not scored
    assert!(close(a.sections[1].score, 87.5));
    assert!(close(a.sections[2].score, 25.0));
    // R = (1 * 62.5 + 2 * 87.5 + 1 * 25) / 4 = 65.625
    assert!(close(a.readiness_index, 65.625));
    assert_eq!(stage_id(&q, a.stage_uncapped), Some("established"));
    assert_eq!(stage_id(&q, a.stage), Some("established"));
    assert_eq!(a.sections[0].status, Some(Status::Met));
    assert_eq!(a.sections[2].status, None);
    assert!(a.binding_preconditions.is_empty());
    assert!(close(a.completeness, 1.0));
    // contributions add up to the section score
    let sum: f64 = (0..4).filter_map(|i| a.questions[i].contribution).sum();
    assert!((sum - 62.5).abs() < 1e-9);
}

#[test]
fn a_failed_critical_question_means_not_met_and_caps_at_emerging() {
    let q = mini();
    let mut r = full_case(&q);
    r.given[0] = Some(response(q.question_at(0), &s("none")).unwrap());
    r.given[1] = Some(response(q.question_at(1), &list(&["z"])).unwrap());
    r.given[2] = Some(response(q.question_at(2), &n(100.0)).unwrap());
    let a = score(&q, &r);
    // a4 is no longer relevant: (0 + 0.5 + 1) / 3 = 50, partially met by score alone...
    assert!(close(a.sections[0].score, 50.0));
    assert_eq!(a.questions[3].state, State::NotRelevant);
    // ...but a1 (critical below 0.25) has v = 0.
    assert_eq!(a.sections[0].critical_failures, vec![0]);
    assert_eq!(a.sections[0].status, Some(Status::NotMet));
    // R = (50 + 175 + 25) / 4 = 62.5: established, capped at emerging
    assert!(close(a.readiness_index, 62.5));
    assert_eq!(stage_id(&q, a.stage_uncapped), Some("established"));
    assert_eq!(stage_id(&q, a.stage), Some("emerging"));
    assert_eq!(a.binding_preconditions, vec![0]);
    assert_eq!(a.ignored_answers(&r), vec![3]);
}

#[test]
fn a_critical_dont_know_counts_as_zero() {
    let q = mini();
    let mut r = full_case(&q);
    r.given[0] = Some(response(q.question_at(0), &s("dont_know")).unwrap());
    let a = score(&q, &r);
    assert_eq!(a.questions[0].state, State::DontKnow);
    assert_eq!(a.sections[0].critical_failures, vec![0]);
    assert_eq!(a.sections[0].dont_know, 1);
}

#[test]
fn partially_met_caps_at_developing() {
    let q = mini();
    let mut r = full_case(&q);
    r.given[5] = Some(response(q.question_at(5), &s("l2")).unwrap());
    r.given[7] = Some(response(q.question_at(7), &s("l4")).unwrap());
    let a = score(&q, &r);
    // b: (0.5 + 3 * 0.5) / 4 = 50 -> partially met
    assert!(close(a.sections[1].score, 50.0));
    assert_eq!(a.sections[1].status, Some(Status::PartiallyMet));
    // R = (62.5 + 2 * 50 + 100) / 4 = 65.625 -> established, capped at developing
    assert_eq!(stage_id(&q, a.stage_uncapped), Some("established"));
    assert_eq!(stage_id(&q, a.stage), Some("developing"));
}

#[test]
fn a_cap_never_raises_the_stage() {
    let q = mini();
    let r = given(
        &q,
        &[
            ("a1", s("none")),
            ("a2", list(&["nothing"])),
            ("a3", n(0.0)),
            ("b1", s("l0")),
            ("b2", s("l0")),
        ],
    );
    let a = score(&q, &r);
    assert!(close(a.readiness_index, 0.0));
    assert_eq!(stage_id(&q, a.stage_uncapped), Some("nascent"));
    assert_eq!(stage_id(&q, a.stage), Some("nascent"));
    assert!(!a.is_capped());
}

#[test]
fn dont_know_is_zero_and_not_applicable_is_left_out() {
    let q = mini();
    let r = given(
        &q,
        &[
            ("a1", s("some")),
            ("a2", s("dont_know")),
            ("a3", n(30.0)),
            ("a4", s("not_applicable")),
        ],
    );
    let a = score(&q, &r);
    // (0.5 + 0 + 0.5) / 3; N/A counts as answered for completeness
    assert!(close(a.sections[0].score, 100.0 / 3.0));
    assert!(close(a.sections[0].completeness, 1.0));
    assert_eq!(a.sections[0].status, Some(Status::NotMet));
}

#[test]
fn too_few_answers_is_insufficient_data_and_ranks_first() {
    let q = mini();
    let r = given(&q, &[("a1", s("full")), ("b1", s("l0")), ("b2", s("l0"))]);
    let a = score(&q, &r);
    // a: a1 answered, a2, a3, a4 (relevant) not: completeness 1/4
    assert!(close(a.sections[0].completeness, 0.25));
    assert_eq!(a.sections[0].status, Some(Status::InsufficientData));
    assert_eq!(a.sections[1].status, Some(Status::NotMet));
    assert_eq!(a.binding_preconditions, vec![0, 1]);
    // c1 is not relevant (b1 = 0 < 0.5): section c has no score and no completeness
    assert_eq!(a.sections[2].score, None);
    assert_eq!(a.sections[2].completeness, None);
    // overall completeness: 3 answered of 4 + 2 relevant
    assert!(close(a.completeness, 3.0 / 6.0));
}

#[test]
fn no_answers_at_all_has_no_index_and_no_stage() {
    let q = mini();
    let a = score(&q, &Responses::empty(q.question_count()));
    assert_eq!(a.readiness_index, None);
    assert_eq!(a.stage, None);
    assert_eq!(a.sections[0].status, Some(Status::InsufficientData));
}

#[test]
fn multi_with_an_exclusive_option() {
    let q = mini();
    let a2 = q.question("a2").unwrap();
    assert_eq!(
        normalised(a2, &response(a2, &list(&["nothing"])).unwrap()),
        Some(0.0)
    );
    assert_eq!(
        normalised(a2, &response(a2, &list(&["x", "y", "z"])).unwrap()),
        Some(1.0)
    );
    let err = response(a2, &list(&["nothing", "x"])).unwrap_err();
    assert_eq!(
        err,
        "\"nothing\" excludes every other choice, but 2 were chosen"
    );
}

#[test]
fn number_bands() {
    let q = mini();
    let a3 = q.question("a3").unwrap();
    let v = |x| normalised(a3, &Response::Number(x));
    assert_eq!(v(0.0), Some(0.0));
    assert_eq!(v(9.99), Some(0.0));
    assert_eq!(v(10.0), Some(0.5));
    assert_eq!(v(50.0), Some(1.0));
    assert_eq!(v(100.0), Some(1.0));
    let err = response(a3, &n(101.0)).unwrap_err();
    assert_eq!(err, "101 is out of range; expected a number from 0 to 100");
}

#[test]
fn relevance_uses_normalised_values_and_ignores_irrelevant_answers() {
    let q = mini();
    let mut r = full_case(&q);
    r.given[4] = Some(response(q.question_at(4), &s("l1")).unwrap());
    let a = score(&q, &r);
    assert_eq!(a.questions[7].state, State::NotRelevant);
    assert_eq!(a.sections[2].score, None);
    assert_eq!(a.ignored_answers(&r), vec![7]);
}

#[test]
fn thresholds_compare_unrounded_values() {
    let q = mini();
    // b: (1 * 0.25 + 3 * 0.5833..) can't be built from options; use a: 59.99.. via a3 bands
    let r = SectionResult {
        score: Some(59.96),
        status: None,
        completeness: Some(1.0),
        relevant: 1,
        answered: 1,
        dont_know: 0,
        critical_failures: vec![],
    };
    // 59.96 displays as "60.0" but is below met = 60
    assert_eq!(fmt1(r.score), "60.0");
    assert_eq!(status(&q, &r), Status::PartiallyMet);
}

#[test]
fn rounding_is_half_away_from_zero() {
    assert_eq!(round1(62.25), 62.3);
    assert_eq!(round1(0.05), 0.1);
    assert_eq!(round1(0.15), 0.2);
    assert_eq!(round1(1.45), 1.5);
    assert_eq!(round1(-0.25), -0.3);
    assert_eq!(round1(41.24), 41.2);
    assert_eq!(fmt1(Some(41.25)), "41.3");
    assert_eq!(fmt1(None), "-");
}

// ---- properties on the shipped questionnaire ----

fn shipped() -> Questionnaire {
    static SHIPPED: std::sync::OnceLock<Questionnaire> = std::sync::OnceLock::new();
    SHIPPED
        .get_or_init(|| questionnaire::resolve(questionnaire::DEFAULT_ID).unwrap().0)
        .clone()
}

/// A strategy for one answer to question `i`: unanswered, dont_know, N/A, or a value.
fn any_response(q: &Questionnaire, i: usize) -> BoxedStrategy<Option<Response>> {
    let question = q.question_at(i).clone();
    let k = question.options.len();
    let value: BoxedStrategy<Response> = match question.kind {
        QuestionType::Single => (0..k).prop_map(Response::Choice).boxed(),
        QuestionType::Multi => proptest::collection::btree_set(0..k, 0..=k)
            .prop_map(move |set| {
                let mut v: Vec<usize> = set.into_iter().collect();
                if v.len() > 1 {
                    v.retain(|i| !question.options[*i].exclusive);
                }
                Response::Choices(v)
            })
            .boxed(),
        QuestionType::Number => {
            let (lo, hi) = (question.min.unwrap_or(0.0), question.max.unwrap_or(1.0));
            (lo..=hi).prop_map(Response::Number).boxed()
        }
        QuestionType::Text => Just(Response::Text("x".to_string())).boxed(),
    };
    let na = q.question_at(i).allow_na;
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(Response::DontKnow)),
        1 => Just(if na { Some(Response::NotApplicable) } else { None }),
        8 => value.prop_map(Some),
    ]
    .boxed()
}

fn any_responses(q: &Questionnaire) -> impl Strategy<Value = Responses> + use<> {
    let n = q.question_count();
    let parts: Vec<_> = (0..n).map(|i| any_response(q, i)).collect();
    parts.prop_map(move |given| Responses {
        given,
        comments: vec![None; n],
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_between_0_and_100(r in any_responses(&shipped())) {
        let q = shipped();
        let a = score(&q, &r);
        for s in a.sections.iter().filter_map(|s| s.score).chain(a.readiness_index) {
            prop_assert!((0.0..=100.0).contains(&s), "{s}");
        }
        for c in a.sections.iter().filter_map(|s| s.completeness).chain(a.completeness) {
            prop_assert!((0.0..=1.0).contains(&c));
        }
    }

    #[test]
    fn the_stage_is_never_above_the_uncapped_stage(r in any_responses(&shipped())) {
        let q = shipped();
        let a = score(&q, &r);
        prop_assert_eq!(a.stage.is_some(), a.stage_uncapped.is_some());
        if let (Some(s), Some(u)) = (a.stage, a.stage_uncapped) {
            prop_assert!(s <= u);
        }
    }

    #[test]
    fn raising_an_answer_never_lowers_its_section_or_the_index(
        r in any_responses(&shipped()),
        pick in any::<prop::sample::Index>(),
    ) {
        let q = shipped();
        // Questions no condition looks at: raising them cannot change what is relevant.
        let referenced: Vec<usize> = q
            .questions()
            .filter_map(|(_, x)| x.relevant_if.as_ref())
            .flat_map(|c| c.leaves().into_iter().filter_map(|l| match l {
                crate::questionnaire::Condition::AnyOf { q_idx, .. }
                | crate::questionnaire::Condition::AtLeast { q_idx, .. } => Some(*q_idx),
                _ => None,
            }))
            .collect();
        let singles: Vec<usize> = (0..q.question_count())
            .filter(|i| q.question_at(*i).kind == QuestionType::Single && !referenced.contains(i))
            .collect();
        let i = singles[pick.index(singles.len())];
        let question = q.question_at(i);
        let before = score(&q, &r);
        let Some(Response::Choice(current)) = r.given[i] else { return Ok(()) };
        let better = (0..question.options.len())
            .filter(|o| question.options[*o].score > question.options[current].score)
            .min_by(|a, b| question.options[*a].score.total_cmp(&question.options[*b].score));
        let Some(better) = better else { return Ok(()) };
        let mut raised = r.clone();
        raised.given[i] = Some(Response::Choice(better));
        let after = score(&q, &raised);
        let si = q.section_of(i);
        let eps = 1e-9;
        if let (Some(b), Some(a)) = (before.sections[si].score, after.sections[si].score) {
            prop_assert!(a + eps >= b, "section {b} -> {a}");
        }
        if let (Some(b), Some(a)) = (before.readiness_index, after.readiness_index) {
            prop_assert!(a + eps >= b, "index {b} -> {a}");
        }
    }

    #[test]
    fn scaling_a_sections_weights_leaves_its_score_unchanged(
        r in any_responses(&shipped()),
        section in 0usize..4,
        k in 0.1f64..10.0,
    ) {
        let q = shipped();
        let mut scaled = q.clone();
        for question in &mut scaled.sections[section].questions {
            question.weight *= k;
        }
        let (a, b) = (score(&q, &r), score(&scaled, &r));
        match (a.sections[section].score, b.sections[section].score) {
            (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9, "{x} vs {y}"),
            (x, y) => prop_assert_eq!(x, y),
        }
    }
}

#[test]
fn rounding_half_away_from_zero_is_what_round_gives() {
    let cases = [
        0.0,
        -0.0,
        0.4,
        -0.4,
        0.5,
        -0.5,
        0.49999999999999994,
        1.5,
        2.5,
        -2.5,
        624.5,
        1e15 + 0.5,
        4503599627370495.5,
        4503599627370497.0,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::MIN_POSITIVE,
    ];
    for x in cases {
        let (got, want) = (super::round_half_away(x), x.round());
        assert_eq!(got.to_bits(), want.to_bits(), "{x}");
    }
    assert!(super::round_half_away(f64::NAN).is_nan());
}

proptest::proptest! {
    #[test]
    fn rounding_agrees_with_round(x in -1e7f64..1e7, bits in proptest::num::u64::ANY) {
        proptest::prop_assert_eq!(super::round_half_away(x).to_bits(), x.round().to_bits());
        let any = f64::from_bits(bits);
        if !any.is_nan() {
            proptest::prop_assert_eq!(super::round_half_away(any).to_bits(), any.round().to_bits());
        }
    }
}
