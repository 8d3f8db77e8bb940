//! Why a rule applies: plain-language sentences built from the parts of its condition that
//! made it hold, naming sections, scores, statuses, questions and answers.

use crate::answers::Response;
use crate::questionnaire::{Condition, Facts, Question, Questionnaire};
use crate::scoring::{Assessment, State, fmt1};
use crate::status::Status;

/// What the sentences are built from.
pub(super) struct Ctx<'a> {
    pub q: &'a Questionnaire,
    pub a: &'a Assessment,
    pub facts: &'a dyn Facts,
    pub lang: &'a str,
}

impl Ctx<'_> {
    fn t<'t>(&self, text: &'t crate::questionnaire::Text) -> &'t str {
        text.get(self.lang, self.q.default_language())
    }

    /// The title of the section at a position.
    pub fn section_title(&self, s: usize) -> &str {
        self.q.sections.get(s).map_or("", |x| self.t(&x.title))
    }
}

/// One sentence of explanation.
pub(super) struct Reason {
    pub text: String,
    /// Whether it quotes an answer rather than a score, status, index or stage.
    pub quotes_answer: bool,
}

/// The reasons a condition that holds gives, depth first, without repeats.
pub(super) fn explain(ctx: &Ctx<'_>, cond: &Condition) -> Vec<Reason> {
    let mut out: Vec<Reason> = Vec::new();
    walk(ctx, cond, true, &mut out);
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| seen.insert(r.text.clone()));
    out
}

/// Collects the leaves that make `cond` evaluate to `want` (which it does).
fn walk(ctx: &Ctx<'_>, cond: &Condition, want: bool, out: &mut Vec<Reason>) {
    match cond {
        // all: every part holds, or the parts that fail made it fail.
        Condition::All(parts) => {
            for p in parts.iter().filter(|p| want || !p.eval(ctx.facts)) {
                walk(ctx, p, want, out);
            }
        }
        // any: the parts that hold made it hold, or every part failed.
        Condition::Any(parts) => {
            for p in parts.iter().filter(|p| !want || p.eval(ctx.facts)) {
                walk(ctx, p, want, out);
            }
        }
        Condition::Not(inner) => walk(ctx, inner, !want, out),
        leaf => out.push(describe(ctx, leaf)),
    }
}

/// A leaf described by the fact it tests, which explains it whether it holds or not.
fn describe(ctx: &Ctx<'_>, leaf: &Condition) -> Reason {
    let plain = |text: String| Reason {
        text,
        quotes_answer: false,
    };
    match leaf {
        Condition::AnyOf { q_idx, .. } | Condition::AtLeast { q_idx, .. } => answer(ctx, *q_idx),
        Condition::SectionBelow { s_idx, value, .. }
        | Condition::SectionAtLeast { s_idx, value, .. } => {
            let title = ctx.section_title(*s_idx);
            plain(match ctx.facts.section_score(*s_idx) {
                Some(s) if s < *value => {
                    format!("{title} scored {} (below {value})", fmt1(Some(s)))
                }
                Some(s) => format!("{title} scored {} (at least {value})", fmt1(Some(s))),
                None => format!("{title} has no score yet"),
            })
        }
        Condition::SectionStatusIn { s_idx, .. } => plain(status(ctx, *s_idx)),
        Condition::IndexBelow(x) => plain(match ctx.facts.index() {
            Some(i) if i < *x => format!("The readiness index is {} (below {x})", fmt1(Some(i))),
            Some(i) => format!("The readiness index is {} (at least {x})", fmt1(Some(i))),
            None => "There is no readiness index yet".to_string(),
        }),
        Condition::StageIn { .. } => {
            plain(match ctx.facts.stage().and_then(|s| ctx.q.stages.get(s)) {
                Some(stage) => format!("The stage is {}", ctx.t(&stage.label)),
                None => "There is no stage yet".to_string(),
            })
        }
        Condition::All(_) | Condition::Any(_) | Condition::Not(_) => plain(String::new()),
    }
}

/// "Legislative support is not met (scored 34.6)".
fn status(ctx: &Ctx<'_>, s: usize) -> String {
    let title = ctx.section_title(s);
    let r = ctx.a.sections.get(s);
    let score = fmt1(r.and_then(|r| r.score));
    match ctx.facts.section_status(s) {
        Some(Status::Met) => format!("{title} is met (scored {score})"),
        Some(Status::PartiallyMet) => format!("{title} is only partially met (scored {score})"),
        Some(Status::NotMet) => format!("{title} is not met (scored {score})"),
        Some(Status::InsufficientData) => {
            let (answered, relevant) = r.map_or((0, 0), |r| (r.answered, r.relevant));
            format!(
                "{title} has too few answers to judge ({answered} of {relevant} questions answered)"
            )
        }
        None => format!("{title} is not a precondition"),
    }
}

/// "Is there a lead institution ...? You answered \"Informal role\"."
fn answer(ctx: &Ctx<'_>, i: usize) -> Reason {
    if i >= ctx.q.question_count() {
        return Reason {
            text: String::new(),
            quotes_answer: false,
        };
    }
    let question = ctx.q.question_at(i);
    let asked = asked(ctx.t(&question.text));
    let state = ctx.a.questions.get(i).map(|r| r.state);
    let (text, quotes_answer) = match (state, ctx.facts.response(i)) {
        (Some(State::NotRelevant), _) => (
            format!("{asked} This question did not apply, given the other answers."),
            false,
        ),
        (_, Some(r)) => (
            format!("{asked} You answered {}.", quote(ctx, question, r)),
            true,
        ),
        (_, None) => (format!("{asked} No answer was given."), false),
    };
    Reason {
        text,
        quotes_answer,
    }
}

/// The question as asked, up to its first question mark, ending in punctuation.
fn asked(text: &str) -> String {
    let text = text.trim();
    match text.find('?') {
        Some(i) => text[..=i].to_string(),
        None if text.ends_with('.') => text.to_string(),
        None => format!("{text}:"),
    }
}

/// The answer in quotes, with option labels in the report language.
fn quote(ctx: &Ctx<'_>, q: &Question, r: &Response) -> String {
    let label = |i: &usize| {
        q.options
            .get(*i)
            .map_or_else(String::new, |o| format!("\"{}\"", ctx.t(&o.label)))
    };
    match r {
        Response::Choice(i) => label(i),
        Response::Choices(v) => {
            let labels: Vec<String> = v.iter().map(label).collect();
            super::join_and(&labels)
        }
        Response::Number(n) => match &q.unit {
            Some(u) => format!("{n} {}", ctx.t(u)),
            None => n.to_string(),
        },
        Response::Text(s) => format!("\"{s}\""),
        Response::DontKnow => "\"Don't know\"".to_string(),
        Response::NotApplicable => "\"Not applicable\"".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::asked;

    #[test]
    fn a_question_is_quoted_up_to_its_question_mark() {
        assert_eq!(
            asked("Which requirements has the law removed? Tick all that apply."),
            "Which requirements has the law removed?"
        );
        assert_eq!(asked("Number of specialists"), "Number of specialists:");
    }
}
