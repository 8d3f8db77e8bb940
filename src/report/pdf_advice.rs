//! The advice in the assessment PDF: the next step on page 1, the answers to the session's
//! three questions, the recommendations (the first few in full, the others in a table) and
//! the cases they cite, each with its source.

use super::Scored;
use super::pdf::{Align, Cell, Column, DocumentBuilder};
use crate::questionnaire::Recommendation;
use crate::questionnaire::catalogue::{self, COOPERATION, HORIZONS, PATHWAYS};
use crate::recommend::Triggered;

/// At most this many recommendations are described in full (why, every action, cases); the
/// others are listed in a table with their key reason and first step, so the report stays
/// short enough to read. The report may describe fewer to stay within its page budget
/// (`pdf_assessment::MAX_PAGES`).
pub const IN_FULL: usize = 3;

/// The next step, for page 1: the first recommendation and its first action.
pub fn next_step(doc: &mut DocumentBuilder, s: &Scored<'_>) {
    doc.heading("Next step", 2);
    // Without any score the advice says to answer first; a rule's title would contradict it.
    let first = s
        .advice
        .recommendations
        .first()
        .filter(|_| s.assessment.readiness_index.is_some());
    let Some(first) = first else {
        doc.paragraph(&s.advice.answers_to_session_questions.actions);
        return;
    };
    let r = rule(s, first);
    let mut text = format!("{}.", s.t(&r.title));
    if let Some(action) = actions(s, r).first() {
        text.push_str(&format!(" First action: {action}"));
    }
    doc.paragraph(&text);
    let n = s.advice.recommendations.len();
    if n > 1 {
        doc.note(&format!(
            "{} further recommendation{} and the answers to the session's three questions \
             follow on the next pages.",
            n - 1,
            if n == 2 { "" } else { "s" }
        ));
    }
}

/// The answers to the session's three questions.
pub fn session(doc: &mut DocumentBuilder, s: &Scored<'_>) {
    let a = &s.advice.answers_to_session_questions;
    doc.heading("The session's three questions", 1);
    for (question, answer) in [
        (
            "What can the country do first, and from whose experience can it learn?",
            &a.actions,
        ),
        ("Which cooperation models can help?", &a.cooperation),
        (
            "Which ways of developing local expertise fit best?",
            &a.ways,
        ),
    ] {
        doc.heading(question, 3);
        doc.paragraph(answer);
    }
}

/// Every recommendation that applies, in the order to act on them, the first `in_full` (at
/// least one) described in full, then the cases cited.
pub fn recommendations(doc: &mut DocumentBuilder, s: &Scored<'_>, in_full: usize) {
    let in_full = in_full.max(1);
    let recs = &s.advice.recommendations;
    doc.heading("Recommendations", 1);
    if recs.is_empty() {
        doc.paragraph("No recommendation of this questionnaire applies to these answers.");
        return;
    }
    let mut intro = format!(
        "{} recommendation{} appl{}, in the order to act on {}: by priority, then starting \
         with the weakest section addressed.",
        recs.len(),
        if recs.len() == 1 { "" } else { "s" },
        if recs.len() == 1 { "ies" } else { "y" },
        if recs.len() == 1 { "it" } else { "them" },
    );
    if recs.len() > in_full {
        intro.push_str(&format!(
            " The first {} described in full; the others are listed in a table with their \
             key reason and first step.",
            match in_full {
                1 => "is".to_string(),
                n => format!("{} are", number_word(n)),
            }
        ));
    }
    doc.note(&intro);
    for (i, t) in recs.iter().take(in_full).enumerate() {
        describe(doc, s, i + 1, t);
    }
    if recs.len() > in_full {
        further(doc, s, in_full);
    }
    cases(doc, s);
}

/// "two", "three": counts as words in running text.
fn number_word(n: usize) -> String {
    match n {
        2 => "two".to_string(),
        3 => "three".to_string(),
        n => n.to_string(),
    }
}

fn rule<'q>(s: &Scored<'q>, t: &Triggered) -> &'q Recommendation {
    &s.questionnaire.recommendations[t.index]
}

fn actions<'q>(s: &Scored<'q>, r: &'q Recommendation) -> &'q [String] {
    r.actions.get(s.lang, s.questionnaire.default_language())
}

/// "Priority 1 · 1-3 years · Legal framework · cooperation: regional, multilateral".
fn facts_line(r: &Recommendation) -> String {
    let mut parts = vec![
        format!("Priority {}", r.priority),
        catalogue::label(HORIZONS, &r.horizon).to_string(),
        catalogue::label(PATHWAYS, &r.pathway).to_string(),
    ];
    if !r.cooperation.is_empty() {
        let models: Vec<&str> = r
            .cooperation
            .iter()
            .map(|m| catalogue::label(COOPERATION, m))
            .collect();
        parts.push(format!("cooperation: {}", models.join(", ")));
    }
    parts.join(" · ")
}

fn describe(doc: &mut DocumentBuilder, s: &Scored<'_>, n: usize, t: &Triggered) {
    let r = rule(s, t);
    doc.heading(&format!("{n}. {}", s.t(&r.title)), 2);
    doc.note(&facts_line(r));
    let reasons: Vec<String> = t
        .triggered_by
        .iter()
        .map(|r| match r.ends_with(['.', '?', '!']) {
            true => r.clone(),
            false => format!("{r}."),
        })
        .collect();
    doc.paragraph(&format!("Why: {}", reasons.join(" ")));
    doc.heading("Actions", 3);
    doc.bullets(actions(s, r));
    let cited: Vec<String> = r
        .examples
        .iter()
        .filter_map(|id| s.questionnaire.case(id))
        .map(|c| s.t(&c.title).to_string())
        .collect();
    if !cited.is_empty() {
        doc.note(&format!(
            "Learn from: {} (see \"Cases to learn from\").",
            cited.join("; ")
        ));
    }
}

/// The recommendations after the first `in_full`: title, why, first step.
fn further(doc: &mut DocumentBuilder, s: &Scored<'_>, in_full: usize) {
    let recs = &s.advice.recommendations;
    doc.heading("Further recommendations", 2);
    let rows: Vec<Vec<Cell>> = recs
        .iter()
        .enumerate()
        .skip(in_full)
        .map(|(i, t)| {
            let r = rule(s, t);
            let first = actions(s, r).first().map_or("", String::as_str);
            let more = actions(s, r).len().saturating_sub(1);
            // Run on after the step: on a line of its own it would often make the row a line
            // taller.
            let step = match more {
                0 => first.to_string(),
                1 => format!("{first} (and 1 more action)"),
                m => format!("{first} (and {m} more actions)"),
            };
            vec![
                Cell::new((i + 1).to_string()),
                Cell::new(format!(
                    "{}\nPriority {}, {}",
                    s.t(&r.title),
                    r.priority,
                    catalogue::label(HORIZONS, &r.horizon)
                )),
                Cell::new(t.why()),
                Cell::new(step),
            ]
        })
        .collect();
    // The first step is the longest text: the widths follow the usual lengths, so that no
    // column makes a row taller than the others need. "#" fits two digits.
    doc.table(
        &[
            Column::new(0.45).align(Align::Right),
            Column::new(2.2),
            Column::new(2.6),
            Column::new(4.0),
        ],
        &["#", "Recommendation", "Why", "First step"],
        &rows,
    );
}

/// Each case cited by a recommendation that applies, once, with its source and the
/// recommendations that cite it.
fn cases(doc: &mut DocumentBuilder, s: &Scored<'_>) {
    let q = s.questionnaire;
    let mut cited: Vec<(&str, Vec<usize>)> = Vec::new();
    for (n, t) in s.advice.recommendations.iter().enumerate() {
        for id in &rule(s, t).examples {
            match cited.iter_mut().find(|(c, _)| c == id) {
                Some((_, by)) => by.push(n + 1),
                None => cited.push((id.as_str(), vec![n + 1])),
            }
        }
    }
    let rows: Vec<Vec<Cell>> = cited
        .iter()
        .filter_map(|(id, by)| q.case(id).map(|c| (c, by)))
        .map(|(c, by)| {
            let by: Vec<String> = by.iter().map(usize::to_string).collect();
            vec![
                Cell::new(s.t(&c.title)),
                Cell::new(c.source.as_str()),
                Cell::new(by.join(", ")),
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    doc.heading("Cases to learn from", 2);
    doc.table(
        &[
            Column::new(3.0),
            Column::new(4.0),
            Column::new(1.0).align(Align::Centre),
        ],
        &["Case", "Source", "Cited by"],
        &rows,
    );
}
