//! Plain-language sentences about a result, shared by every format so the terminal, CSV and
//! PDF say the same thing.

use super::Scored;
use crate::status::Status;

/// The label of the stage at a position, or "no stage" when there is no index.
pub fn stage_label(s: &Scored<'_>, stage: Option<usize>) -> String {
    stage
        .and_then(|i| s.questionnaire.stages.get(i))
        .map_or_else(|| "No stage".to_string(), |st| s.t(&st.label).to_string())
}

/// Why the stage is capped, naming the binding preconditions, e.g. "The stage is capped at
/// Emerging because Legislative support is not met." `None` when it is not capped.
pub fn cap_sentence(s: &Scored<'_>) -> Option<String> {
    let a = s.assessment;
    if !a.is_capped() {
        return None;
    }
    let worst = a
        .binding_preconditions
        .first()
        .and_then(|i| a.sections[*i].status)?;
    let causes: Vec<String> = a
        .binding_preconditions
        .iter()
        .filter(|i| {
            let st = a.sections[**i].status;
            if worst <= Status::NotMet {
                st.is_some_and(|x| x <= Status::NotMet)
            } else {
                st == Some(worst)
            }
        })
        .map(|i| {
            let title = s.t(&s.questionnaire.sections[*i].title);
            match a.sections[*i].status {
                Some(Status::InsufficientData) => format!("{title} has too few answers to judge"),
                Some(Status::NotMet) => format!("{title} is not met"),
                _ => format!("{title} is only partially met"),
            }
        })
        .collect();
    Some(format!(
        "The stage is capped at {} because {}.",
        stage_label(s, a.stage),
        join_and(&causes)
    ))
}

/// One sentence on the preconditions when nothing caps the stage.
pub fn preconditions_sentence(s: &Scored<'_>) -> String {
    if let Some(c) = cap_sentence(s) {
        return c;
    }
    let a = s.assessment;
    if a.readiness_index.is_none() {
        return "No question was answered, so there is no score yet.".to_string();
    }
    if a.binding_preconditions.is_empty() {
        return "Every precondition is met.".to_string();
    }
    let mut states = Vec::new();
    for (status, verb_one, verb_many) in [
        (
            Status::InsufficientData,
            "has too few answers to judge",
            "have too few answers to judge",
        ),
        (Status::NotMet, "is not met", "are not met"),
        (
            Status::PartiallyMet,
            "is only partially met",
            "are only partially met",
        ),
    ] {
        let names: Vec<String> = a
            .binding_preconditions
            .iter()
            .filter(|i| a.sections[**i].status == Some(status))
            .map(|i| s.t(&s.questionnaire.sections[*i].title).to_string())
            .collect();
        if !names.is_empty() {
            let verb = if names.len() == 1 {
                verb_one
            } else {
                verb_many
            };
            states.push(format!("{} {verb}", join_and(&names)));
        }
    }
    let they = if a.binding_preconditions.len() == 1 {
        "it does"
    } else {
        "they do"
    };
    format!(
        "{}; the index alone already places the stage at {}, so {they} not lower it further.",
        capitalise(&join_and(&states)),
        stage_label(s, a.stage)
    )
}

/// Wraps text at spaces to lines of at most `width` characters (no wrapping when `None`).
pub fn wrap(text: &str, width: Option<usize>) -> String {
    let Some(width) = width.filter(|w| *w > 10) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut line = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A bar of `width` cells for a score from 0 to 100, e.g. "██████░░░░".
pub fn bar(score: Option<f64>, width: usize) -> String {
    let Some(score) = score else {
        return " ".repeat(width);
    };
    let filled = ((score.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}
