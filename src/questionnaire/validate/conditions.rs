//! Conditions: their form, and that they refer to questions, options, sections and stages
//! that exist (and, for `relevant_if`, come earlier).

use super::Checker;
use crate::questionnaire::condition::{self, Condition, ConditionSpec, Context};
use crate::questionnaire::load::Place;
use crate::questionnaire::model::{
    DONT_KNOW, NOT_APPLICABLE, Question, QuestionType, Questionnaire,
};

/// Compiles `relevant_if` conditions; a condition may only look back at earlier questions.
pub(super) fn relevance(q: &Questionnaire, c: &mut Checker<'_>) -> Vec<(usize, usize, Condition)> {
    let mut compiled = Vec::new();
    let mut earlier: Vec<&Question> = Vec::new();
    for (si, section) in q.sections.iter().enumerate() {
        for (qi, question) in section.questions.iter().enumerate() {
            let place = Place::key("sections")
                .idx(si)
                .at("questions")
                .idx(qi)
                .at("relevant_if");
            if let Some(spec) = &question.relevant_if_spec {
                let refs = Refs {
                    q,
                    earlier: Some(&earlier),
                    place: &place,
                    label: &question.id,
                };
                if let Some(cond) = compile_checked(spec, Context::Relevance, &refs, c) {
                    compiled.push((si, qi, cond));
                }
            }
            earlier.push(question);
        }
    }
    compiled
}

/// What a condition's references are checked against, and where to report problems.
pub(super) struct Refs<'a> {
    pub(super) q: &'a Questionnaire,
    /// For `relevant_if`: the questions before this one. `None`: any question.
    pub(super) earlier: Option<&'a [&'a Question]>,
    pub(super) place: &'a Place,
    pub(super) label: &'a str,
}

pub(super) fn compile_checked(
    spec: &ConditionSpec,
    ctx: Context,
    refs: &Refs<'_>,
    c: &mut Checker<'_>,
) -> Option<Condition> {
    let cond = match condition::compile(spec, ctx) {
        Ok(cond) => cond,
        Err(msg) => {
            c.report(refs.place, Some(refs.label), msg);
            return None;
        }
    };
    let before = c.problems.len();
    for leaf in cond.leaves() {
        check_leaf(leaf, refs, c);
    }
    let mut cond = cond;
    cond.link(refs.q);
    (c.problems.len() == before).then_some(cond)
}

fn check_leaf(leaf: &Condition, refs: &Refs<'_>, c: &mut Checker<'_>) {
    let (place, label, q) = (refs.place, Some(refs.label), refs.q);
    match leaf {
        Condition::AnyOf { question, .. } | Condition::AtLeast { question, .. } => {
            let Some(target) = q.question(question) else {
                c.report(
                    place,
                    label,
                    format!(
                        "the condition refers to question \"{question}\", which does not exist"
                    ),
                );
                return;
            };
            if let Some(earlier) = refs.earlier
                && !earlier.iter().any(|e| e.id == *question)
            {
                let msg = format!(
                    "the condition refers to question \"{question}\", which does not come earlier; a condition may only look back"
                );
                c.report(place, label, msg);
                return;
            }
            if let Condition::AnyOf { options, .. } = leaf {
                if !matches!(target.kind, QuestionType::Single | QuestionType::Multi) {
                    let msg = format!(
                        "`any_of` needs a single or multi question, but \"{question}\" is `{}`; use `at_least`",
                        target.kind.name()
                    );
                    c.report(place, label, msg);
                    return;
                }
                for o in options {
                    if o != DONT_KNOW && o != NOT_APPLICABLE && target.option(o).is_none() {
                        let known: Vec<&str> =
                            target.options.iter().map(|o| o.id.as_str()).collect();
                        let msg = format!(
                            "question \"{question}\" has no option \"{o}\"; expected one of: {} (or dont_know, not_applicable)",
                            known.join(", ")
                        );
                        c.report(place, label, msg);
                    }
                }
            } else if !target.is_scored() {
                c.report(
                    place,
                    label,
                    format!("`at_least` needs a scored question, but \"{question}\" is `text`"),
                );
            }
        }
        Condition::SectionBelow { section, .. }
        | Condition::SectionAtLeast { section, .. }
        | Condition::SectionStatusIn { section, .. } => match q.section(section) {
            None => {
                let known: Vec<&str> = q.sections.iter().map(|s| s.id.as_str()).collect();
                let msg = format!(
                    "the condition refers to section \"{section}\", which does not exist; sections: {}",
                    known.join(", ")
                );
                c.report(place, label, msg);
            }
            Some(s) if matches!(leaf, Condition::SectionStatusIn { .. }) && !s.precondition => {
                let msg = format!(
                    "`status_in` needs a precondition section, but \"{section}\" has precondition = false"
                );
                c.report(place, label, msg);
            }
            Some(_) => {}
        },
        Condition::StageIn { stages, .. } => {
            for s in stages {
                if q.stage(s).is_none() {
                    let known: Vec<&str> = q.stages.iter().map(|s| s.id.as_str()).collect();
                    c.report(
                        place,
                        label,
                        format!(
                            "unknown stage \"{s}\" in `stage_in`; stages: {}",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        Condition::IndexBelow(_) | Condition::All(_) | Condition::Any(_) | Condition::Not(_) => {}
    }
}
