//! Every semantic rule of the questionnaire format. Validation reports all problems at once,
//! each with its place and line, so an author can fix a file in one pass.

mod advice;
mod conditions;
mod questions;

use std::collections::{HashMap, HashSet};

use super::load::{Place, Problem, Spans};
use super::model::{Questionnaire, SCHEMA_VERSION};
use super::text::{Text, TextList};

struct Checker<'a> {
    spans: &'a Spans<'a>,
    problems: &'a mut Vec<Problem>,
    languages: Vec<String>,
}

impl Checker<'_> {
    fn report(&mut self, place: &Place, label: Option<&str>, message: impl Into<String>) {
        let mut shown = place.to_string();
        if let Some(id) = label.filter(|l| !l.is_empty()) {
            shown.push_str(&format!(" ({id})"));
        }
        self.problems.push(Problem {
            line: self.spans.line(place),
            place: shown,
            message: message.into(),
        });
    }

    fn id(&mut self, place: &Place, id: &str) {
        let ok = !id.is_empty()
            && id
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !ok {
            self.report(
                &place.at("id"),
                None,
                format!(
                    "id \"{id}\" must start with a lowercase letter or digit and use only \
                     lowercase letters, digits, '_' and '-'"
                ),
            );
        }
    }

    fn text(&mut self, place: &Place, label: &str, field: &str, text: &Text) {
        self.languages_of(
            place,
            label,
            field,
            text.0.iter().map(|(k, v)| (k, v.trim().is_empty())),
        );
    }

    fn text_list(&mut self, place: &Place, label: &str, field: &str, list: &TextList) {
        self.languages_of(
            place,
            label,
            field,
            list.0.iter().map(|(k, v)| (k, v.is_empty())),
        );
    }

    fn languages_of<'k>(
        &mut self,
        place: &Place,
        label: &str,
        field: &str,
        entries: impl Iterator<Item = (&'k String, bool)>,
    ) {
        let default = self.languages.first().cloned().unwrap_or_default();
        let mut has_default = false;
        let at = place.at(field);
        for (lang, empty) in entries {
            if !self.languages.contains(lang) {
                let known = self.languages.join(", ");
                self.report(
                    &at,
                    Some(label),
                    format!(
                        "`{field}` has language \"{lang}\", which is not in `languages` ({known})"
                    ),
                );
            }
            if *lang == default {
                has_default = true;
                if empty {
                    self.report(
                        &at,
                        Some(label),
                        format!("`{field}` is empty in the default language \"{default}\""),
                    );
                }
            }
        }
        if !has_default {
            self.report(
                &at,
                Some(label),
                format!("`{field}` has no text in the default language \"{default}\""),
            );
        }
    }

    fn unique<'i>(&mut self, what: &str, items: impl Iterator<Item = (Place, &'i str)>) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (place, id) in items {
            if let Some(first) = seen.get(id) {
                let msg = format!("duplicate {what} id \"{id}\" (first used at {first})");
                self.report(&place.at("id"), None, msg);
            } else {
                seen.insert(id, place.to_string());
            }
        }
    }
}

/// Checks a parsed questionnaire, compiles its conditions, and appends every problem found.
pub fn validate(q: &mut Questionnaire, spans: &Spans<'_>, problems: &mut Vec<Problem>) {
    q.build_index();
    let mut c = Checker {
        spans,
        problems,
        languages: q.languages.clone(),
    };
    top_level(q, &mut c);
    questions::sections(q, &mut c);
    let compiled = conditions::relevance(q, &mut c);
    for (si, qi, cond) in compiled {
        q.sections[si].questions[qi].relevant_if = Some(cond);
    }
    let compiled = advice::recommendations(q, &mut c);
    for (ri, cond) in compiled {
        q.recommendations[ri].when = Some(cond);
    }
    advice::cases(q, &mut c);
}

fn top_level(q: &Questionnaire, c: &mut Checker<'_>) {
    if q.schema != SCHEMA_VERSION {
        let msg = format!(
            "schema {} is not supported; this version of egready reads schema {SCHEMA_VERSION}",
            q.schema
        );
        c.report(&Place::key("schema"), None, msg);
    }
    c.id(&Place::default(), &q.id);
    if q.version.trim().is_empty() {
        c.report(&Place::key("version"), None, "`version` is empty");
    }
    if q.languages.is_empty() {
        c.report(
            &Place::key("languages"),
            None,
            "`languages` must list at least one language code; the first is the default",
        );
    }
    let mut seen = HashSet::new();
    for lang in &q.languages {
        if !seen.insert(lang) {
            c.report(
                &Place::key("languages"),
                None,
                format!("language \"{lang}\" is listed twice"),
            );
        }
    }
    c.text(&Place::default(), "", "title", &q.title);
    if let Some(d) = &q.description {
        c.text(&Place::default(), "", "description", d);
    }
    let s = &q.scoring;
    let at = Place::key("scoring");
    for (name, v) in [("met", s.met), ("partially_met", s.partially_met)] {
        if !(0.0..=100.0).contains(&v) {
            c.report(
                &at.at(name),
                None,
                format!("`{name}` must be between 0 and 100, found {v}"),
            );
        }
    }
    if s.partially_met > s.met {
        let msg = format!(
            "`partially_met` ({}) must not be above `met` ({})",
            s.partially_met, s.met
        );
        c.report(&at.at("partially_met"), None, msg);
    }
    if !(0.0..=1.0).contains(&s.min_completeness) {
        let msg = format!(
            "`min_completeness` is a share and must be between 0 and 1, found {}",
            s.min_completeness
        );
        c.report(&at.at("min_completeness"), None, msg);
    }
    let stage_ids: Vec<&str> = q.stages.iter().map(|s| s.id.as_str()).collect();
    for (name, v) in [
        ("cap_if_not_met", &s.cap_if_not_met),
        ("cap_if_partially_met", &s.cap_if_partially_met),
    ] {
        if !stage_ids.contains(&v.as_str()) {
            let msg = format!(
                "`{name}` names stage \"{v}\", which is not defined; stages: {}",
                stage_ids.join(", ")
            );
            c.report(&at.at(name), None, msg);
        }
    }
    stages(q, c);
}

fn stages(q: &Questionnaire, c: &mut Checker<'_>) {
    let places = || (0..q.stages.len()).map(|i| Place::key("stages").idx(i));
    c.unique(
        "stage",
        places().zip(q.stages.iter().map(|s| s.id.as_str())),
    );
    for (i, (place, stage)) in places().zip(&q.stages).enumerate() {
        c.id(&place, &stage.id);
        c.text(&place, &stage.id, "label", &stage.label);
        if let Some(d) = &stage.description {
            c.text(&place, &stage.id, "description", d);
        }
        if i == 0 && stage.min != 0.0 {
            c.report(
                &place.at("min"),
                Some(&stage.id),
                format!("the first stage must start at min = 0, found {}", stage.min),
            );
        }
        if i > 0 && stage.min <= q.stages[i - 1].min {
            let msg = format!(
                "stage thresholds must ascend: min = {} is not above the previous stage's {}",
                stage.min,
                q.stages[i - 1].min
            );
            c.report(&place.at("min"), Some(&stage.id), msg);
        }
        if stage.min > 100.0 {
            c.report(
                &place.at("min"),
                Some(&stage.id),
                format!("`min` must be at most 100, found {}", stage.min),
            );
        }
    }
}
