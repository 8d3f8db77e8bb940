//! The JSON report: the full result with unrounded values, for programs.

use std::io::{self, Write};

use serde::Serialize;

use super::summary::{cap_sentence, stage_label};
use super::{Render, Scored};
use crate::questionnaire::catalogue::{self, PATHWAYS};
use crate::recommend::SessionAnswers;
use crate::status::Status;

/// Renders JSON.
pub struct JsonReport;

#[derive(Serialize)]
struct Report<'a> {
    questionnaire: QRef<'a>,
    respondent: &'a crate::answers::Respondent,
    status: crate::answers::Completion,
    readiness_index: Option<f64>,
    stage: Option<&'a str>,
    stage_label: String,
    stage_uncapped: Option<&'a str>,
    stage_uncapped_label: String,
    capped_because: Option<String>,
    binding_preconditions: Vec<&'a str>,
    completeness: Option<f64>,
    sections: Vec<Section<'a>>,
    ignored_answers: Vec<&'a str>,
    recommendations: Vec<Recommendation<'a>>,
    answers_to_session_questions: &'a SessionAnswers,
}

#[derive(Serialize)]
struct QRef<'a> {
    id: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct Section<'a> {
    id: &'a str,
    title: &'a str,
    precondition: bool,
    score: Option<f64>,
    status: Option<Status>,
    completeness: Option<f64>,
    answered: usize,
    relevant: usize,
    dont_know: usize,
    critical_failures: Vec<&'a str>,
}

#[derive(Serialize)]
struct Recommendation<'a> {
    id: &'a str,
    pathway: &'a str,
    pathway_label: &'a str,
    priority: u32,
    horizon: &'a str,
    cooperation: &'a [String],
    title: &'a str,
    rationale: &'a str,
    triggered_by: &'a [String],
    actions: &'a [String],
    cases: Vec<Case<'a>>,
}

#[derive(Serialize)]
struct Case<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    source: &'a str,
}

fn recommendations<'a>(s: &Scored<'a>) -> Vec<Recommendation<'a>> {
    let q = s.questionnaire;
    let lang = s.lang;
    let t = |text: &'a crate::questionnaire::Text| text.get(lang, q.default_language());
    s.advice
        .recommendations
        .iter()
        .map(|tr| {
            let r = &q.recommendations[tr.index];
            Recommendation {
                id: &r.id,
                pathway: &r.pathway,
                pathway_label: catalogue::label(PATHWAYS, &r.pathway),
                priority: r.priority,
                horizon: &r.horizon,
                cooperation: &r.cooperation,
                title: t(&r.title),
                rationale: t(&r.rationale),
                triggered_by: &tr.triggered_by,
                actions: r.actions.get(lang, q.default_language()),
                cases: r
                    .examples
                    .iter()
                    .filter_map(|id| q.case(id))
                    .map(|c| Case {
                        id: &c.id,
                        title: t(&c.title),
                        summary: t(&c.summary),
                        source: &c.source,
                    })
                    .collect(),
            }
        })
        .collect()
}

impl Render for JsonReport {
    fn render(&self, s: &Scored<'_>, out: &mut dyn Write) -> io::Result<()> {
        let q = s.questionnaire;
        let a = s.assessment;
        let stage_id = |i: Option<usize>| i.and_then(|i| q.stages.get(i)).map(|st| st.id.as_str());
        let report = Report {
            questionnaire: QRef {
                id: &q.id,
                version: &q.version,
            },
            respondent: &s.answers.respondent,
            status: s.answers.status,
            readiness_index: a.readiness_index,
            stage: stage_id(a.stage),
            stage_label: stage_label(s, a.stage),
            stage_uncapped: stage_id(a.stage_uncapped),
            stage_uncapped_label: stage_label(s, a.stage_uncapped),
            capped_because: cap_sentence(s),
            binding_preconditions: a
                .binding_preconditions
                .iter()
                .map(|i| q.sections[*i].id.as_str())
                .collect(),
            completeness: a.completeness,
            sections: q
                .sections
                .iter()
                .zip(&a.sections)
                .map(|(sec, r)| Section {
                    id: &sec.id,
                    title: s.t(&sec.title),
                    precondition: sec.precondition,
                    score: r.score,
                    status: r.status,
                    completeness: r.completeness,
                    answered: r.answered,
                    relevant: r.relevant,
                    dont_know: r.dont_know,
                    critical_failures: r
                        .critical_failures
                        .iter()
                        .map(|i| q.question_at(*i).id.as_str())
                        .collect(),
                })
                .collect(),
            ignored_answers: a
                .ignored_answers(s.responses)
                .iter()
                .map(|i| q.question_at(*i).id.as_str())
                .collect(),
            recommendations: recommendations(s),
            answers_to_session_questions: &s.advice.answers_to_session_questions,
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }
}
