//! The method appendix of the assessment PDF: how answers, sections, statuses, the index and
//! the stage are computed (the rules of `docs/methodology.md`), with the thresholds, stages
//! and weights of the questionnaire actually used.

use super::pdf::DocumentBuilder;
use super::pdf_common::number;
use crate::questionnaire::Questionnaire;

/// The appendix.
pub fn appendix(doc: &mut DocumentBuilder, q: &Questionnaire, lang: &str) {
    let t = |x: &crate::questionnaire::Text| x.get(lang, q.default_language()).to_string();
    let rules = &q.scoring;
    let stage_name = |id: &str| q.stage(id).map_or_else(|| id.to_string(), |s| t(&s.label));
    doc.heading("Appendix: how the scores are computed", 1);
    doc.paragraph(
        "Each answered question gets a value from 0 to 1 (shown from 0 to 100 in this \
         report): for one choice, the option's score divided by the best option's score; for \
         several choices, their scores' sum divided by the sum of all option scores, at most \
         1; for a number, the score of its band. \"Don't know\" counts as 0 and as answered; \
         \"not applicable\" and unanswered questions are left out, as are questions that do \
         not apply given other answers. A section scores 100 times the weighted mean of its \
         values; its completeness is the share of its questions answered.",
    );
    doc.heading("Status of a precondition: the first rule that applies", 3);
    doc.bullets(&[
        format!(
            "Insufficient data: no score, or fewer than {}% of its questions answered.",
            number(rules.min_completeness * 100.0)
        ),
        format!(
            "Not met: a score below {}, or a critical question whose value is below its \
             threshold (\"don't know\" counts as 0).",
            number(rules.partially_met)
        ),
        format!("Partially met: a score below {}.", number(rules.met)),
        format!("Met: a score of {} or more.", number(rules.met)),
    ]);
    let weights: Vec<String> = q
        .sections
        .iter()
        .map(|s| format!("{} {}", t(&s.title), number(s.weight)))
        .collect();
    let stages: Vec<String> = q
        .stages
        .iter()
        .map(|s| format!("{} from {}", t(&s.label), number(s.min)))
        .collect();
    doc.heading("Readiness index and stage", 3);
    doc.paragraph(&format!(
        "The readiness index is the mean of the section scores with these weights: {}. The \
         stage is the last one the index reaches ({}), capped at {} if any precondition is not \
         met or has insufficient data, otherwise at {} if any is partially met: a country weak \
         on one precondition is not ready, however strong the others are. Thresholds apply to \
         unrounded values; the report rounds to one decimal.",
        super::summary::join_and(&weights),
        super::summary::join_and(&stages),
        stage_name(&rules.cap_if_not_met),
        stage_name(&rules.cap_if_partially_met),
    ));
    let critical: Vec<String> = q
        .questions()
        .filter_map(|(si, x)| {
            x.critical_below.map(|c| {
                format!(
                    "\"{}\" ({}, below {})",
                    t(&x.text),
                    t(&q.sections[si].title),
                    number(c * 100.0)
                )
            })
        })
        .collect();
    if !critical.is_empty() {
        doc.paragraph(&format!(
            "Critical questions, with the value (0 to 100) below which the precondition is not \
             met: {}.",
            critical.join("; ")
        ));
    }
    doc.note(&format!(
        "Questionnaire {} version {}; the full method is in docs/methodology.md of egready.",
        q.id, q.version
    ));
}
