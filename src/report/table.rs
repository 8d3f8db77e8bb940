//! The terminal report: a table of sections with score bars and statuses, then the index,
//! the stage and one sentence on what binds it.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::summary::{bar, preconditions_sentence, stage_label};
use super::{Render, Scored};
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
            .or_else(|| crate::country::by_alpha3(&r.country).map(|c| c.name))
            .unwrap_or_default();
        writeln!(
            out,
            "{} ({}) - {}",
            country,
            r.country,
            s.t(&s.questionnaire.title)
        )?;
        let who: Vec<&str> = [r.organisation.as_str(), r.role.as_str(), r.date.as_str()]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect();
        writeln!(out, "{}", who.join(", "))?;
        writeln!(out, "{}", sections_table(s, self.width))?;
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
        writeln!(out, "{}", preconditions_sentence(s))
    }
}

/// The sections table, fitted to `width` columns.
pub fn sections_table(s: &Scored<'_>, width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Section", "Score", "", "Status", "Answered", "Flags"]);
    if let Some(w) = width {
        t.set_width(w);
    }
    for (section, r) in s.questionnaire.sections.iter().zip(&s.assessment.sections) {
        let status = r.status.map_or("(not a precondition)", |st| st.label());
        let mut flags = Vec::new();
        if r.dont_know > 0 {
            flags.push(format!("{} don't know", r.dont_know));
        }
        if !r.critical_failures.is_empty() {
            let ids: Vec<&str> = r
                .critical_failures
                .iter()
                .map(|i| s.questionnaire.question_at(*i).id.as_str())
                .collect();
            flags.push(format!("critical: {}", ids.join(", ")));
        }
        t.add_row(vec![
            Cell::new(s.t(&section.title)),
            Cell::new(fmt1(r.score)).set_alignment(CellAlignment::Right),
            Cell::new(bar(r.score, 10)),
            Cell::new(status),
            Cell::new(format!("{}/{}", r.answered, r.relevant)).set_alignment(CellAlignment::Right),
            Cell::new(flags.join("; ")),
        ]);
    }
    t
}

/// "87%" or "-".
pub fn percent(x: Option<f64>) -> String {
    x.map_or_else(
        || "-".to_string(),
        |v| format!("{:.0}%", (v * 100.0).round()),
    )
}
