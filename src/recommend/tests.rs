use super::*;
use crate::answers::{self, AnswerValue};
use crate::questionnaire::{self, Questionnaire};
use crate::scoring;

const FILE: &str = r#"
schema = 1
id = "t"
version = "1"
languages = ["en"]
title = { en = "T" }

[[sections]]
id = "skills"
precondition = true
title = { en = "Skills" }

[[sections.questions]]
id = "staff"
type = "single"
text = { en = "Who has the skills? Count staff only." }
options = [ { id = "none", score = 0.0, label = { en = "No one" } },
            { id = "some", score = 1.0, label = { en = "Some" } },
            { id = "all", score = 2.0, label = { en = "Everyone" } } ]

[[sections.questions]]
id = "plan"
type = "single"
relevant_if = { question = "staff", any_of = ["some", "all"] }
text = { en = "Is there a training plan?" }
options = [ { id = "no", score = 0.0, label = { en = "No plan" } },
            { id = "yes", score = 1.0, label = { en = "A plan" } } ]

[[sections]]
id = "laws"
precondition = true
title = { en = "Laws" }

[[sections.questions]]
id = "law"
type = "single"
text = { en = "Is there a law?" }
options = [ { id = "none", score = 0.0, label = { en = "No law" } },
            { id = "in_force", score = 2.0, label = { en = "In force" } } ]

[[sections.questions]]
id = "removed"
type = "multi"
text = { en = "Which requirements were removed? Tick all that apply." }
options = [ { id = "a", score = 1.0, label = { en = "Signatures" } },
            { id = "b", score = 1.0, label = { en = "Stamps" } },
            { id = "c", score = 1.0, label = { en = "Visits" } } ]

[[recommendations]]
id = "laws_first"
pathway = "legal_framework"
priority = 1
horizon = "medium"
cooperation = ["regional", "multilateral"]
when = { section = "laws", status_in = ["not_met"] }
title = { en = "Pass the law" }
rationale = { en = "r" }
actions = { en = ["Draft it."] }
examples = ["c1"]

[[recommendations]]
id = "team"
pathway = "curricula_and_training"
priority = 1
horizon = "short"
cooperation = ["regional", "bilateral"]
when = { any = [ { section = "skills", below = 60.0 }, { question = "staff", any_of = ["none"] } ] }
title = { en = "Train a team" }
rationale = { en = "r" }
actions = { en = ["Hire."] }

[[recommendations]]
id = "paper"
pathway = "legal_framework"
priority = 2
horizon = "medium"
cooperation = ["twinning"]
when = { not = { question = "removed", at_least = 0.5 } }
title = { en = "Remove paper" }
rationale = { en = "r" }
actions = { en = ["Amend."] }

[[recommendations]]
id = "coe"
pathway = "centre_of_excellence"
priority = 2
horizon = "long"
cooperation = ["regional"]
when = { index_below = 50.0 }
title = { en = "Join a centre" }
rationale = { en = "r" }
actions = { en = ["Join."] }

[[recommendations]]
id = "planning"
pathway = "knowledge_retention"
priority = 3
horizon = "short"
when = { question = "plan", any_of = ["no"] }
title = { en = "Plan training" }
rationale = { en = "r" }
actions = { en = ["Plan."] }

[[recommendations]]
id = "share"
pathway = "sustain_and_share"
priority = 2
horizon = "medium"
cooperation = ["south_south"]
when = { all = [ { section = "skills", status_in = ["met"] }, { section = "laws", status_in = ["met"] } ] }
title = { en = "Share what works" }
rationale = { en = "r" }
actions = { en = ["Mentor."] }

[[cases]]
id = "c1"
title = { en = "A case" }
summary = { en = "s" }
source = "src"
"#;

fn questionnaire() -> Questionnaire {
    questionnaire::parse("test", FILE.as_bytes()).unwrap()
}

fn text(s: &str) -> AnswerValue {
    AnswerValue::Text(s.to_string())
}

fn list(items: &[&str]) -> AnswerValue {
    AnswerValue::List(items.iter().map(|s| s.to_string()).collect())
}

fn advise(q: &Questionnaire, given: &[(&str, AnswerValue)]) -> Advice {
    let mut r = answers::Responses::empty(q.question_count());
    for (id, value) in given {
        let i = q.question_index(id).unwrap();
        r.given[i] = Some(answers::response(q.question_at(i), value).unwrap());
    }
    recommend(q, &r, &scoring::score(q, &r))
}

fn ids(q: &Questionnaire, advice: &Advice) -> Vec<String> {
    advice
        .recommendations
        .iter()
        .map(|t| q.recommendations[t.index].id.clone())
        .collect()
}

fn weak(q: &Questionnaire) -> Advice {
    advise(
        q,
        &[
            ("staff", text("none")),
            ("plan", text("no")),
            ("law", text("none")),
            ("removed", list(&["a"])),
        ],
    )
}

#[test]
fn orders_by_priority_then_lowest_section_score_then_file_order() {
    let q = questionnaire();
    // Skills 0.0 and Laws 16.7: "team" addresses the lower score; "coe" refers to no section.
    assert_eq!(ids(&q, &weak(&q)), ["team", "laws_first", "paper", "coe"]);
}

#[test]
fn reasons_name_sections_scores_statuses_and_answers() {
    let q = questionnaire();
    let advice = weak(&q);
    let reasons: Vec<&[String]> = advice
        .recommendations
        .iter()
        .map(|t| t.triggered_by.as_slice())
        .collect();
    assert_eq!(
        reasons,
        [
            &[
                "Skills scored 0.0 (below 60)".to_string(),
                "Who has the skills? You answered \"No one\".".to_string()
            ][..],
            &["Laws is not met (scored 16.7)".to_string()][..],
            &["Which requirements were removed? You answered \"Signatures\".".to_string()][..],
            &["The readiness index is 8.3 (below 50)".to_string()][..],
        ]
    );
    assert_eq!(
        advice.recommendations[0].why(),
        "Who has the skills? You answered \"No one\"."
    );
}

#[test]
fn an_answer_to_a_question_that_does_not_apply_is_ignored() {
    let q = questionnaire();
    // "plan" is only asked when someone has skills: its "no" must not trigger "planning".
    assert!(!ids(&q, &weak(&q)).contains(&"planning".to_string()));
    let advice = advise(&q, &[("staff", text("some")), ("plan", text("no"))]);
    let planning = advice
        .recommendations
        .iter()
        .find(|t| q.recommendations[t.index].id == "planning")
        .unwrap();
    assert_eq!(
        planning.triggered_by,
        ["Is there a training plan? You answered \"No plan\"."]
    );
}

#[test]
fn a_negated_condition_explains_the_missing_answer() {
    let q = questionnaire();
    let advice = advise(&q, &[("staff", text("all")), ("plan", text("yes"))]);
    let paper = advice
        .recommendations
        .iter()
        .find(|t| q.recommendations[t.index].id == "paper")
        .unwrap();
    assert_eq!(
        paper.triggered_by,
        ["Which requirements were removed? No answer was given."]
    );
}

#[test]
fn the_first_answer_names_the_binding_preconditions_and_what_to_do_first() {
    let q = questionnaire();
    assert_eq!(
        weak(&q).answers_to_session_questions.actions,
        "Start with Skills (not met, scored 0.0) and Laws (not met, scored 16.7). Do first: \
         Train a team; Pass the law. Experience to learn from: A case."
    );
}

#[test]
fn cooperation_models_are_counted_most_frequent_first() {
    let q = questionnaire();
    assert_eq!(
        weak(&q).answers_to_session_questions.cooperation,
        "Cooperation models that fit, most needed first: regional, for curricula and \
         civil-service and business training, legal framework and centre of excellence (3 \
         recommendations); bilateral, for curricula and civil-service and business training \
         (1); multilateral, for legal framework (1). Also useful: twinning (1)."
    );
}

#[test]
fn ways_follow_the_order_of_the_rules_that_call_for_them() {
    let q = questionnaire();
    assert_eq!(
        weak(&q).answers_to_session_questions.ways,
        "Ways that fit, best first. Curricula and civil-service and business training: Who has \
         the skills? You answered \"No one\". Centre of excellence: The readiness index is 8.3 \
         (below 50). Not called for by these answers: training abroad with a commitment to \
         return and international mentoring framework."
    );
}

#[test]
fn a_country_meeting_every_precondition_is_told_to_sustain_and_share() {
    let q = questionnaire();
    let advice = advise(
        &q,
        &[
            ("staff", text("all")),
            ("plan", text("yes")),
            ("law", text("in_force")),
            ("removed", list(&["a", "b", "c"])),
        ],
    );
    assert_eq!(ids(&q, &advice), ["share"]);
    let s = &advice.answers_to_session_questions;
    assert_eq!(
        s.actions,
        "Every precondition is met, so the task now is to sustain the expertise, institutions \
         and laws in place and to share them with others. Do first: Share what works."
    );
    assert!(
        s.ways
            .ends_with("Other ways that apply: sustain and share expertise.")
    );
}

#[test]
fn the_session_answers_are_never_empty() {
    let q = questionnaire();
    let advice = advise(&q, &[]);
    let s = &advice.answers_to_session_questions;
    assert!(s.actions.starts_with("No question has been answered yet"));
    assert!(!s.cooperation.is_empty() && !s.ways.is_empty());
    let mut no_rules = questionnaire();
    no_rules.recommendations.clear();
    let s = advise(&no_rules, &[("staff", text("none"))]).answers_to_session_questions;
    assert!(
        s.actions
            .ends_with("No recommendation in this questionnaire applies to these answers.")
    );
    assert_eq!(
        s.cooperation,
        "No recommendation applies, so no cooperation model is suggested."
    );
    assert!(s.ways.starts_with("None of the session's four ways"));
}

proptest::proptest! {
    /// Batch scoring asks for the top three only and skips rules of lower priority; what it
    /// gets starts as the full ranking does.
    #[test]
    fn the_top_of_the_ranking_is_the_start_of_the_full_ranking(
        picks in proptest::collection::vec(0usize..12, 40),
        limit in 1usize..6,
    ) {
        let q = questionnaire::resolve(questionnaire::DEFAULT_ID).unwrap().0;
        let mut responses = answers::Responses::empty(q.question_count());
        for (i, pick) in picks.iter().enumerate().take(q.question_count()) {
            let question = q.question_at(i);
            let n = question.options.len();
            responses.given[i] = match (question.kind, *pick) {
                (_, 0) => None,
                (_, 1) if question.is_scored() => Some(answers::Response::DontKnow),
                (questionnaire::QuestionType::Single, p) if n > 0 => {
                    Some(answers::Response::Choice(p % n))
                }
                (questionnaire::QuestionType::Multi, p) if n > 0 => {
                    Some(answers::Response::Choices(vec![p % n]))
                }
                (questionnaire::QuestionType::Number, p) => {
                    Some(answers::Response::Number(p as f64 * 10.0))
                }
                _ => None,
            };
        }
        let a = scoring::score(&q, &responses);
        let ranker = Ranker::new(&q);
        let full = ranker.rank(&responses, &a);
        let mut top = Ranked::default();
        ranker.rank_into(&responses, &a, limit, &mut top);
        let n = limit.min(full.len());
        proptest::prop_assert!(top.ids.len() >= n);
        proptest::prop_assert_eq!(&top.ids[..n], &full[..n]);
    }
}
