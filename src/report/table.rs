//! The terminal report: a table of sections with score bars and statuses, then the index,
//! the stage and one sentence on what binds it; then the top recommendations and the answers
//! to the session's three questions.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::summary::{bar, preconditions_sentence, stage_label, wrap};
use super::{Render, Scored};
use crate::output::strip_control;
use crate::questionnaire::catalogue::{self, HORIZONS, PATHWAYS};
use crate::scoring::fmt1;

/// Renders for people reading a terminal.
pub struct TableReport {
    /// Width to fit, in columns; `None` fits the terminal (or leaves lines unwrapped when
    /// the output is not a terminal).
    pub width: Option<u16>,
}

impl Render for TableReport {
    fn render(&self, s: &Scored<'_>, out: &mut dyn Write) -> io::Result<()> {
        let a = s.assessment;
        let r = &s.answers.respondent;
        let country = r
            .country_name
            .clone()
            .or_else(|| crate::country::by_alpha3(&r.country).map(|c| c.name.to_string()))
            .unwrap_or_default();
        // The respondent's details come from the answers file as typed: a terminal must not
        // run the escape sequences they may hold.
        writeln!(
            out,
            "{} ({}) - {}",
            strip_control(&country),
            strip_control(&r.country),
            s.t(&s.questionnaire.title)
        )?;
        let who: Vec<&str> = [r.organisation.as_str(), r.role.as_str(), r.date.as_str()]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect();
        writeln!(out, "{}", strip_control(&who.join(", ")))?;
        writeln!(out, "{}", sections_table(s, self.width))?;
        let cols = self.width.map(usize::from).or_else(terminal_columns);
        for note in section_notes(s) {
            writeln!(out, "{}", wrap(&note, cols))?;
        }
        writeln!(
            out,
            "Readiness index  {} / 100   {}",
            fmt1(a.readiness_index),
            bar(a.readiness_index, 20)
        )?;
        let stage = stage_label(s, a.stage);
        if a.is_capped() {
            writeln!(
                out,
                "Stage            {stage} (uncapped: {})",
                stage_label(s, a.stage_uncapped)
            )?;
        } else {
            writeln!(out, "Stage            {stage}")?;
        }
        writeln!(out, "Completeness     {}", percent(a.completeness))?;
        writeln!(out, "{}", wrap(&preconditions_sentence(s), cols))?;
        advice(s, self.width, out)
    }
}

/// How many recommendations the terminal shows; the JSON report has all of them.
pub const TOP_RECOMMENDATIONS: usize = 3;

/// The top recommendations with their first step, then the answers to the session's questions.
fn advice(s: &Scored<'_>, width: Option<u16>, out: &mut dyn Write) -> io::Result<()> {
    let all = &s.advice.recommendations;
    writeln!(out)?;
    if all.is_empty() {
        writeln!(out, "No recommendation applies to these answers.")?;
    } else {
        let shown = all.len().min(TOP_RECOMMENDATIONS);
        writeln!(out, "Recommendations ({shown} of {}):", all.len())?;
        writeln!(out, "{}", recommendations_table(s, shown, width))?;
        let more = all.len() - shown;
        if more > 0 {
            writeln!(
                out,
                "{more} more recommendation{}: see them all, with their cases, with --format json.",
                if more == 1 { "" } else { "s" }
            )?;
        }
    }
    let answers = &s.advice.answers_to_session_questions;
    let mut t = new_table(width);
    t.set_header(["Session question", "Answer"]);
    for (question, answer) in [
        ("What to do first", &answers.actions),
        ("Cooperation models", &answers.cooperation),
        ("Ways to build expertise", &answers.ways),
    ] {
        t.add_row([question, answer.as_str()]);
    }
    writeln!(out, "{t}")
}

/// The first `n` recommendations: title, priority, horizon and pathway, why, first step.
pub fn recommendations_table(s: &Scored<'_>, n: usize, width: Option<u16>) -> Table {
    let q = s.questionnaire;
    let mut t = new_table(width);
    t.set_header(["#", "Recommendation", "Why", "First step"]);
    for (i, tr) in s.advice.recommendations.iter().take(n).enumerate() {
        let r = &q.recommendations[tr.index];
        let first_step = r
            .actions
            .get(s.lang, q.default_language())
            .first()
            .map_or("", String::as_str);
        let about = format!(
            "{}\npriority {}, {}, {}",
            s.t(&r.title),
            r.priority,
            catalogue::label(HORIZONS, &r.horizon),
            catalogue::label(PATHWAYS, &r.pathway).to_lowercase()
        );
        t.add_row(vec![
            Cell::new(i + 1).set_alignment(CellAlignment::Right),
            Cell::new(about),
            // Reasons may quote a text answer.
            Cell::new(strip_control(&tr.why())),
            Cell::new(first_step),
        ]);
    }
    t
}

/// Width of the advice tables when neither the caller nor a terminal sets one: their cells
/// hold sentences, which are unreadable on one line.
const ADVICE_WIDTH: u16 = 100;

fn new_table(width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    match width {
        Some(w) => {
            t.set_width(w);
        }
        None if t.width().is_none() => {
            t.set_width(ADVICE_WIDTH);
        }
        None => {}
    }
    t
}

/// The sections table, fitted to `width` columns.
pub fn sections_table(s: &Scored<'_>, width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Section", "Score", "", "Status", "Answered"]);
    if let Some(w) = width {
        t.set_width(w);
    }
    for (section, r) in s.questionnaire.sections.iter().zip(&s.assessment.sections) {
        t.add_row(vec![
            Cell::new(s.t(&section.title)),
            Cell::new(fmt1(r.score)).set_alignment(CellAlignment::Right),
            Cell::new(bar(r.score, 8)),
            Cell::new(r.status.map_or(NOT_GATING, |st| st.label())),
            Cell::new(format!("{}/{}", r.answered, r.relevant)).set_alignment(CellAlignment::Right),
        ]);
    }
    t
}

/// The width of the terminal on standard output, if it is one.
fn terminal_columns() -> Option<usize> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// The status shown for a section that is not a precondition.
const NOT_GATING: &str = "not gating";

/// Lines under the sections table: what "not gating" means, failed critical questions and
/// "don't know" answers, one line per section that has any.
pub fn section_notes(s: &Scored<'_>) -> Vec<String> {
    let q = s.questionnaire;
    let mut notes = Vec::new();
    if q.sections.iter().any(|sec| !sec.precondition) {
        notes.push(format!(
            "{NOT_GATING}: counts in the index, but does not cap the stage."
        ));
    }
    for (section, r) in q.sections.iter().zip(&s.assessment.sections) {
        let mut flags = Vec::new();
        for i in &r.critical_failures {
            let question = q.question_at(*i);
            flags.push(format!(
                "critical question failed: {} ({})",
                question.id,
                short(s.t(&question.text))
            ));
        }
        if r.dont_know > 0 {
            flags.push(format!("{} \"don't know\"", r.dont_know));
        }
        if !flags.is_empty() {
            notes.push(format!("{}: {}.", s.t(&section.title), flags.join("; ")));
        }
    }
    notes
}

/// A question's text up to its question mark, to quote it briefly.
fn short(text: &str) -> &str {
    text.find('?').map_or(text, |i| &text[..=i])
}

/// "87%" or "-".
pub fn percent(x: Option<f64>) -> String {
    x.map_or_else(
        || "-".to_string(),
        |v| format!("{:.0}%", (v * 100.0).round()),
    )
}
