//! Advice rules and the cases they cite.

use super::Checker;
use super::conditions::{Refs, compile_checked};
use crate::questionnaire::catalogue::{self, COOPERATION, HORIZONS, PATHWAYS};
use crate::questionnaire::condition::{Condition, Context};
use crate::questionnaire::load::Place;
use crate::questionnaire::model::Questionnaire;

pub(super) fn recommendations(q: &Questionnaire, c: &mut Checker<'_>) -> Vec<(usize, Condition)> {
    let rp = |i| Place::key("recommendations").idx(i);
    c.unique(
        "recommendation",
        q.recommendations
            .iter()
            .enumerate()
            .map(|(i, r)| (rp(i), r.id.as_str())),
    );
    let mut compiled = Vec::new();
    for (i, r) in q.recommendations.iter().enumerate() {
        let place = rp(i);
        let id = r.id.as_str();
        c.id(&place, id);
        let known = |c: &mut Checker<'_>, key: &str, what: &str, value: &str, vocabulary| {
            if !catalogue::has(vocabulary, value) {
                let msg = format!(
                    "unknown {what} \"{value}\"; expected one of: {}",
                    catalogue::ids(vocabulary)
                );
                c.report(&place.at(key), Some(id), msg);
            }
        };
        known(c, "pathway", "pathway", &r.pathway, PATHWAYS);
        if r.priority == 0 {
            c.report(
                &place.at("priority"),
                Some(id),
                "`priority` starts at 1 (do first)",
            );
        }
        known(c, "horizon", "horizon", &r.horizon, HORIZONS);
        for m in &r.cooperation {
            known(c, "cooperation", "cooperation model", m, COOPERATION);
        }
        c.text(&place, id, "title", &r.title);
        c.text(&place, id, "rationale", &r.rationale);
        c.text_list(&place, id, "actions", &r.actions);
        for (lang, list) in &r.actions.0 {
            for (n, action) in list.iter().enumerate() {
                if action.trim().is_empty() {
                    let msg = format!("action {} in \"{lang}\" is empty", n + 1);
                    c.report(&place.at("actions"), Some(id), msg);
                }
            }
        }
        for ex in &r.examples {
            if q.case(ex).is_none() {
                let msg =
                    format!("`examples` names case \"{ex}\", which is not defined in [[cases]]");
                c.report(&place.at("examples"), Some(id), msg);
            }
        }
        let when = place.at("when");
        let refs = Refs {
            q,
            earlier: None,
            place: &when,
            label: id,
        };
        if let Some(cond) = compile_checked(&r.when_spec, Context::Advice, &refs, c) {
            compiled.push((i, cond));
        }
    }
    compiled
}

pub(super) fn cases(q: &Questionnaire, c: &mut Checker<'_>) {
    let cp = |i| Place::key("cases").idx(i);
    c.unique(
        "case",
        q.cases
            .iter()
            .enumerate()
            .map(|(i, x)| (cp(i), x.id.as_str())),
    );
    for (i, case) in q.cases.iter().enumerate() {
        let place = cp(i);
        c.id(&place, &case.id);
        c.text(&place, &case.id, "title", &case.title);
        c.text(&place, &case.id, "summary", &case.summary);
        if case.source.trim().is_empty() {
            c.report(
                &place.at("source"),
                Some(&case.id),
                "`source` is empty: every case must say where its facts come from",
            );
        }
    }
}
