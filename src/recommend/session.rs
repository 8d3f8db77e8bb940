//! The answers to the session's three questions, assembled from the ordered rules that apply:
//!
//! 1. What to do first: the preconditions that hold the country back (the binding ones, most
//!    binding first), then the titles of the rules of the highest priority that applies, then
//!    the cases those rules cite. When every precondition is met, the text says that the task
//!    is now to sustain and share.
//! 2. Which cooperation models fit: the models of every applying rule, counted, most frequent
//!    first (ties in catalogue order), each with the pathways of the rules that need it.
//! 3. Which ways of developing expertise fit: the session's four ways in the order of the
//!    first rule that applies for each, with the fact that triggered it; the ways no rule calls
//!    for; then the other expertise pathways that apply (the session's "Others").
//!
//! Each text is never empty.

use serde::Serialize;

use super::reasons::Ctx;
use super::{Triggered, join_and};
use crate::questionnaire::catalogue::{self, COOPERATION, OTHER_WAYS, PATHWAYS, SESSION_WAYS};
use crate::questionnaire::{Questionnaire, Recommendation};
use crate::status::Status;

/// One short plain-language text per session question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SessionAnswers {
    /// What can the country do first to build local e-governance expertise, and from whose
    /// experience can it learn?
    pub actions: String,
    /// Which cooperation models can help?
    pub cooperation: String,
    /// Which ways of developing local expertise fit best?
    pub ways: String,
}

pub(super) fn answers(ctx: &Ctx<'_>, recs: &[Triggered]) -> SessionAnswers {
    SessionAnswers {
        actions: actions(ctx, recs),
        cooperation: cooperation(ctx.q, recs),
        ways: ways(ctx.q, recs),
    }
}

fn rule<'q>(q: &'q Questionnaire, t: &Triggered) -> &'q Recommendation {
    &q.recommendations[t.index]
}

fn actions(ctx: &Ctx<'_>, recs: &[Triggered]) -> String {
    let (q, a) = (ctx.q, ctx.a);
    if a.readiness_index.is_none() {
        return "No question has been answered yet, so there is nothing to advise on: answer \
                the questionnaire, starting with the three preconditions."
            .to_string();
    }
    let mut parts = Vec::new();
    if a.binding_preconditions.is_empty() {
        parts.push(
            "Every precondition is met, so the task now is to sustain the expertise, \
             institutions and laws in place and to share them with others."
                .to_string(),
        );
    } else {
        let named: Vec<String> = a
            .binding_preconditions
            .iter()
            .map(|s| binding(ctx, *s))
            .collect();
        let holds = match a.stage.and_then(|s| q.stages.get(s)) {
            Some(stage) if a.is_capped() => format!(
                ", which hold{} the stage at {}",
                if named.len() == 1 { "s" } else { "" },
                ctx_text(ctx, &stage.label)
            ),
            _ => String::new(),
        };
        parts.push(format!("Start with {}{holds}.", join_and(&named)));
    }
    let Some(first) = recs.first() else {
        parts.push("No recommendation in this questionnaire applies to these answers.".into());
        return parts.join(" ");
    };
    let top: Vec<&Triggered> = recs
        .iter()
        .take_while(|t| rule(q, t).priority == rule(q, first).priority)
        .collect();
    let titles: Vec<&str> = top
        .iter()
        .map(|t| ctx_text(ctx, &rule(q, t).title))
        .collect();
    parts.push(format!("Do first: {}.", titles.join("; ")));
    let mut cases: Vec<String> = Vec::new();
    for case in top
        .iter()
        .flat_map(|t| &rule(q, t).examples)
        .filter_map(|id| q.case(id))
    {
        let title = ctx_text(ctx, &case.title).to_string();
        if !cases.contains(&title) && cases.len() < 3 {
            cases.push(title);
        }
    }
    if !cases.is_empty() {
        parts.push(format!("Experience to learn from: {}.", cases.join("; ")));
    }
    parts.join(" ")
}

fn ctx_text<'t>(ctx: &Ctx<'_>, text: &'t crate::questionnaire::Text) -> &'t str {
    text.get(ctx.lang, ctx.q.default_language())
}

/// "Legislative support (not met, scored 34.6)".
fn binding(ctx: &Ctx<'_>, s: usize) -> String {
    let title = ctx.section_title(s);
    let r = &ctx.a.sections[s];
    let score = crate::scoring::fmt1(r.score);
    match r.status {
        Some(Status::InsufficientData) => format!("{title} (too few answers to judge)"),
        Some(Status::NotMet) => format!("{title} (not met, scored {score})"),
        _ => format!("{title} (partially met, scored {score})"),
    }
}

/// "Centre of excellence" -> "centre of excellence", for use inside a sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn pathway_label(id: &str) -> String {
    lower_first(catalogue::label(PATHWAYS, id))
}

fn cooperation(q: &Questionnaire, recs: &[Triggered]) -> String {
    if recs.is_empty() {
        return "No recommendation applies, so no cooperation model is suggested.".to_string();
    }
    // (model id, number of rules, pathways of those rules)
    let mut models: Vec<(&str, usize, Vec<String>)> = Vec::new();
    for t in recs {
        let r = rule(q, t);
        let mut seen: Vec<&str> = Vec::new();
        for m in r.cooperation.iter().map(String::as_str) {
            if seen.contains(&m) {
                continue;
            }
            seen.push(m);
            let at = match models.iter().position(|(id, ..)| *id == m) {
                Some(i) => i,
                None => {
                    models.push((m, 0, Vec::new()));
                    models.len() - 1
                }
            };
            let entry = &mut models[at];
            entry.1 += 1;
            let p = pathway_label(&r.pathway);
            if !entry.2.contains(&p) {
                entry.2.push(p);
            }
        }
    }
    if models.is_empty() {
        return "The recommendations that apply need no outside cooperation: they can be \
                carried out with national resources."
            .to_string();
    }
    let rank = |id: &str| COOPERATION.iter().position(|(k, _)| *k == id);
    models.sort_by(|x, y| y.1.cmp(&x.1).then(rank(x.0).cmp(&rank(y.0))));
    let (named, rest) = models.split_at(models.len().min(MODELS_NAMED));
    let items: Vec<String> = named
        .iter()
        .enumerate()
        .map(|(i, (id, n, pathways))| {
            let count = if i == 0 {
                format!("{n} recommendation{}", if *n == 1 { "" } else { "s" })
            } else {
                n.to_string()
            };
            format!(
                "{}, for {} ({count})",
                catalogue::label(COOPERATION, id),
                first_few(pathways)
            )
        })
        .collect();
    let mut text = format!(
        "Cooperation models that fit, most needed first: {}.",
        items.join("; ")
    );
    if !rest.is_empty() {
        let also: Vec<String> = rest
            .iter()
            .map(|(id, n, _)| format!("{} ({n})", catalogue::label(COOPERATION, id)))
            .collect();
        text.push_str(&format!(" Also useful: {}.", join_and(&also)));
    }
    text
}

/// How many cooperation models are named with their areas; the others only with a count.
const MODELS_NAMED: usize = 3;

/// How many areas a cooperation model names before "and N more areas".
const AREAS_NAMED: usize = 3;

/// "a, b and c", or "a, b, c and 4 more areas" when there are many.
fn first_few(items: &[String]) -> String {
    if items.len() <= AREAS_NAMED {
        return join_and(items);
    }
    let more = items.len() - AREAS_NAMED;
    format!(
        "{} and {more} more area{}",
        items[..AREAS_NAMED].join(", "),
        if more == 1 { "" } else { "s" }
    )
}

fn ways(q: &Questionnaire, recs: &[Triggered]) -> String {
    let mut fit: Vec<(usize, &str)> = SESSION_WAYS
        .iter()
        .filter_map(|w| {
            recs.iter()
                .position(|t| rule(q, t).pathway == *w)
                .map(|i| (i, *w))
        })
        .collect();
    fit.sort_unstable();
    let mut parts = Vec::new();
    if fit.is_empty() {
        parts.push(
            "None of the session's four ways (centres of excellence, training abroad with a \
             return commitment, curricula and training, mentoring) is needed to close a gap \
             in these answers."
                .to_string(),
        );
    } else {
        let items: Vec<String> = fit
            .iter()
            .map(|(i, w)| {
                let why = recs[*i].why();
                let stop = if why.ends_with(['.', '?', '!']) {
                    ""
                } else {
                    "."
                };
                format!("{}: {why}{stop}", catalogue::label(PATHWAYS, w))
            })
            .collect();
        parts.push(format!("Ways that fit, best first. {}", items.join(" ")));
        let unneeded: Vec<String> = SESSION_WAYS
            .iter()
            .filter(|w| !fit.iter().any(|(_, f)| f == *w))
            .map(|w| pathway_label(w))
            .collect();
        if !unneeded.is_empty() {
            parts.push(format!(
                "Not called for by these answers: {}.",
                join_and(&unneeded)
            ));
        }
    }
    let mut others: Vec<String> = Vec::new();
    for t in recs {
        let r = rule(q, t);
        let label = pathway_label(&r.pathway);
        if OTHER_WAYS.contains(&r.pathway.as_str()) && !others.contains(&label) {
            others.push(label);
        }
    }
    if !others.is_empty() {
        parts.push(format!("Other ways that apply: {}.", join_and(&others)));
    }
    parts.join(" ")
}
