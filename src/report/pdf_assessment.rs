//! The assessment report as a PDF, for readers who will not run the tool: a minister's
//! office, a donor, a steering committee.
//!
//! Page 1 alone gives the verdict and the next step: who answered, the readiness index, the
//! stage and why it is capped, the first recommendation, and the section scores as bars
//! (coloured by status, with the thresholds drawn) and as a radar. Then the answers to the
//! session's three questions, the recommendations with their reasons, actions and cases,
//! the answers section by section, and the method with this questionnaire's thresholds.

use std::io::{self, Write};

use super::pdf::{Bar, DocumentBuilder, Metadata, Paper, PdfError, RenderedPdf, Threshold};
use super::pdf_common::{
    TOOL, country_name, country_with_code, long_date, pdf_date, status_color, status_legend,
    thresholds,
};
use super::summary::{cap_sentence, preconditions_sentence, stage_label};
use super::table::percent;
use super::{Render, Scored, pdf_advice, pdf_answers, pdf_method};
use crate::answers::Completion;
use crate::scoring::{fmt1, round1};

/// The page budget: a reader should get through the report in one sitting. The report
/// describes fewer recommendations in full (down to one) when that keeps it within this many
/// pages; the others stay in the table. Longer reports (large questionnaires) are not cut.
pub const MAX_PAGES: usize = 7;

/// Renders one assessment as a PDF on A4 or Letter paper.
#[derive(Debug, Clone, Copy)]
pub struct PdfReport {
    pub paper: Paper,
}

impl PdfReport {
    /// The PDF with its page count and any warnings (characters the fonts lack).
    ///
    /// As many recommendations as possible, up to `pdf_advice::IN_FULL`, are described in
    /// full while the report stays within [`MAX_PAGES`] on both A4 and Letter, so that both
    /// papers carry the same text.
    pub fn build(&self, s: &Scored<'_>) -> Result<RenderedPdf, PdfError> {
        let other = match self.paper {
            Paper::A4 => Paper::Letter,
            Paper::Letter => Paper::A4,
        };
        let most = pdf_advice::IN_FULL
            .min(s.advice.recommendations.len())
            .max(1);
        for in_full in (2..=most).rev() {
            let doc = layout(self.paper, s, in_full);
            if doc.page_count() <= MAX_PAGES && layout(other, s, in_full).page_count() <= MAX_PAGES
            {
                return doc.finish();
            }
        }
        layout(self.paper, s, 1).finish()
    }
}

/// The whole report on `paper`, with the first `in_full` recommendations described in full.
fn layout(paper: Paper, s: &Scored<'_>, in_full: usize) -> DocumentBuilder {
    let r = &s.answers.respondent;
    let country = country_name(&r.country, r.country_name.as_deref());
    let mut doc = DocumentBuilder::new(paper, metadata(s, &country));
    doc.set_footer_text(&format!(
        "{TOOL} · E-government readiness report · {country}"
    ));
    summary_page(&mut doc, s);
    // Page 1 stands alone. When it ran over (very long names and texts), the next
    // part follows on the same page rather than leaving most of page 2 blank.
    if doc.page_number() == 1 {
        doc.page_break();
    }
    pdf_advice::session(&mut doc, s);
    pdf_advice::recommendations(&mut doc, s, in_full);
    pdf_answers::answers(&mut doc, s);
    pdf_method::appendix(&mut doc, s.questionnaire, s.lang);
    doc
}

impl Render for PdfReport {
    fn render(&self, scored: &Scored<'_>, out: &mut dyn Write) -> io::Result<()> {
        let pdf = self.build(scored).map_err(io::Error::other)?;
        out.write_all(&pdf.bytes)
    }
}

/// Title, author (the organisation), subject, language, and the assessment date as the
/// document date, so the same answers always give the same file.
fn metadata(s: &Scored<'_>, country: &str) -> Metadata {
    let r = &s.answers.respondent;
    let mut m = Metadata::new(
        format!("E-government readiness report: {country}"),
        pdf_date(&r.date),
    );
    m.author = r.organisation.clone();
    m.subject = format!(
        "{} ({} {}), assessment of {}",
        s.t(&s.questionnaire.title),
        s.questionnaire.id,
        s.questionnaire.version,
        long_date(&r.date)
    );
    m.language = s.lang.to_string();
    m.creator = TOOL.to_string();
    m
}

/// Page 1: who and when, the verdict, the next step and the section scores.
fn summary_page(doc: &mut DocumentBuilder, s: &Scored<'_>) {
    let (q, a, r) = (s.questionnaire, s.assessment, &s.answers.respondent);
    doc.title(
        "E-government readiness report",
        Some(&country_with_code(&r.country, r.country_name.as_deref())),
    );
    doc.key_value_block(&header_pairs(s));
    let value = match a.readiness_index {
        Some(_) => format!("{} / 100", fmt1(a.readiness_index)),
        None => "No score".to_string(),
    };
    let worst = a
        .binding_preconditions
        .first()
        .and_then(|i| a.sections[*i].status);
    let accent = match (a.readiness_index, worst) {
        (None, _) => status_color(Some(crate::status::Status::InsufficientData)),
        (Some(_), None) => status_color(Some(crate::status::Status::Met)),
        (Some(_), w) => status_color(w),
    };
    doc.big_figure_accent(&value, &verdict(s), accent);
    doc.paragraph(&cap_sentence(s).unwrap_or_else(|| preconditions_sentence(s)));
    if let Some(stage) = a.stage.and_then(|i| q.stages.get(i))
        && let Some(d) = &stage.description
    {
        doc.note(&format!("{}: {}", s.t(&stage.label), s.t(d)));
    }
    pdf_advice::next_step(doc, s);
    let bars: Vec<Bar> = q
        .sections
        .iter()
        .zip(&a.sections)
        .enumerate()
        .map(|(i, (sec, res))| {
            let bar = Bar::new(
                format!("{}. {}", i + 1, s.t(&sec.title)),
                res.score.map_or(0.0, round1),
                status_color(res.status),
            );
            match res.score {
                Some(_) => bar,
                None => bar.value_label("no score"),
            }
        })
        .collect();
    // The bars and the radar stay together: split, the radar would open page 2 alone.
    doc.keep_together(|doc| {
        doc.heading("Scores by section", 2);
        doc.side_by_side(
            0.6,
            60.0,
            |d| {
                d.hbar_chart(&bars, &thresholds(q));
                d.legend(&status_legend(q));
            },
            |d| radar(d, s),
        );
    });
}

/// The respondent block: organisation, respondent and role, date, questionnaire.
fn header_pairs(s: &Scored<'_>) -> Vec<(&'static str, String)> {
    let (q, r) = (s.questionnaire, &s.answers.respondent);
    let mut pairs = Vec::new();
    if !r.organisation.trim().is_empty() {
        pairs.push(("Organisation", r.organisation.clone()));
    }
    let who: Vec<&str> = [r.name.trim(), r.role.trim()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect();
    if !who.is_empty() {
        pairs.push(("Respondent", who.join(", ")));
    }
    pairs.push(("Date of assessment", long_date(&r.date)));
    pairs.push((
        "Questionnaire",
        format!("{}, version {} ({})", s.t(&q.title), q.version, q.id),
    ));
    if s.answers.status == Completion::Draft {
        pairs.push((
            "Status",
            "Draft: the scores count only the answers given so far".to_string(),
        ));
    }
    pairs
}

/// The caption of the readiness index: the stage (and the stage before the cap) and the
/// completeness.
fn verdict(s: &Scored<'_>) -> String {
    let a = s.assessment;
    let mut text = format!("Readiness index. Stage: {}", stage_label(s, a.stage));
    if a.is_capped() {
        text.push_str(&format!(
            " ({} before the cap)",
            stage_label(s, a.stage_uncapped)
        ));
    }
    let (answered, relevant) = a
        .sections
        .iter()
        .fold((0, 0), |(x, y), r| (x + r.answered, y + r.relevant));
    text.push_str(&format!(
        ". Completeness: {} ({answered} of {relevant} questions answered).",
        percent(a.completeness)
    ));
    text
}

/// The radar of the section scores beside the bars, its axes numbered as the bars are: full
/// titles would not fit around it.
fn radar(doc: &mut DocumentBuilder, s: &Scored<'_>) {
    let q = s.questionnaire;
    let axes: Vec<String> = (1..=q.sections.len()).map(|i| i.to_string()).collect();
    let values: Vec<f64> = s
        .assessment
        .sections
        .iter()
        .map(|r| r.score.map_or(0.0, round1))
        .collect();
    // The axis numbers and values need about 12 mm on each side of the rings. At most 20 mm:
    // a larger radar would be taller than the bars beside it, and page 1 has no room to
    // spare on Letter paper.
    let radius = (doc.content_width_mm() / 2.0 - 12.0).clamp(16.0, 20.0);
    let met = Threshold::new(
        q.scoring.met,
        format!("met from {}", super::pdf_common::number(q.scoring.met)),
    );
    doc.radar_chart_sized(&axes, &values, Some(&met), radius);
}
