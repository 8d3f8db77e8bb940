//! Every semantic rule of the questionnaire format. Validation reports all problems at once,
//! each with its place and line, so an author can fix a file in one pass.

use std::collections::{HashMap, HashSet};

use super::catalogue::{self, COOPERATION, HORIZONS, PATHWAYS};
use super::condition::{self, Condition, ConditionSpec, Context};
use super::load::{Place, Problem, Spans};
use super::model::{
    DONT_KNOW, NOT_APPLICABLE, Question, QuestionType, Questionnaire, SCHEMA_VERSION,
};
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
    sections(q, &mut c);
    let compiled = relevance(q, &mut c);
    for (si, qi, cond) in compiled {
        q.sections[si].questions[qi].relevant_if = Some(cond);
    }
    let compiled = recommendations(q, &mut c);
    for (ri, cond) in compiled {
        q.recommendations[ri].when = Some(cond);
    }
    cases(q, &mut c);
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

fn sections(q: &Questionnaire, c: &mut Checker<'_>) {
    if q.sections.is_empty() {
        c.report(
            &Place::key("sections"),
            None,
            "the questionnaire has no [[sections]]",
        );
    }
    let section_place = |i| Place::key("sections").idx(i);
    c.unique(
        "section",
        q.sections
            .iter()
            .enumerate()
            .map(|(i, s)| (section_place(i), s.id.as_str())),
    );
    let all_questions = q.sections.iter().enumerate().flat_map(|(si, s)| {
        s.questions
            .iter()
            .enumerate()
            .map(move |(qi, x)| (section_place(si).at("questions").idx(qi), x.id.as_str()))
    });
    c.unique("question", all_questions);
    for (si, section) in q.sections.iter().enumerate() {
        let place = section_place(si);
        c.id(&place, &section.id);
        c.text(&place, &section.id, "title", &section.title);
        if let Some(d) = &section.description {
            c.text(&place, &section.id, "description", d);
        }
        if section.weight <= 0.0 || !section.weight.is_finite() {
            c.report(
                &place.at("weight"),
                Some(&section.id),
                format!("`weight` must be greater than 0, found {}", section.weight),
            );
        }
        if section.questions.is_empty() {
            c.report(&place, Some(&section.id), "the section has no questions");
        } else if !section.questions.iter().any(Question::is_scored) {
            c.report(
                &place,
                Some(&section.id),
                "the section has only `text` questions, so it can never be scored",
            );
        }
        for (qi, question) in section.questions.iter().enumerate() {
            self::question(question, &place.at("questions").idx(qi), c);
        }
    }
}

fn question(q: &Question, place: &Place, c: &mut Checker<'_>) {
    let id = q.id.as_str();
    c.id(place, id);
    c.text(place, id, "text", &q.text);
    if let Some(h) = &q.help {
        c.text(place, id, "help", h);
    }
    if q.is_scored() && (q.weight <= 0.0 || !q.weight.is_finite()) {
        c.report(
            &place.at("weight"),
            Some(id),
            format!("`weight` must be greater than 0, found {}", q.weight),
        );
    }
    if let Some(cb) = q.critical_below {
        if !q.is_scored() {
            c.report(
                &place.at("critical_below"),
                Some(id),
                "a `text` question is not scored, so it cannot be critical",
            );
        } else if !(cb > 0.0 && cb <= 1.0) {
            let msg = format!(
                "`critical_below` compares the normalised value, so it must be above 0 and at most 1, found {cb}"
            );
            c.report(&place.at("critical_below"), Some(id), msg);
        }
    }
    let kind = q.kind.name();
    let forbid = |c: &mut Checker<'_>, present: bool, field: &str| {
        if present {
            c.report(
                &place.at(field),
                Some(id),
                format!("`{field}` does not apply to a `{kind}` question"),
            );
        }
    };
    match q.kind {
        QuestionType::Single | QuestionType::Multi => {
            options(q, place, c);
            forbid(c, q.min.is_some(), "min");
            forbid(c, q.max.is_some(), "max");
            forbid(c, q.unit.is_some(), "unit");
            forbid(c, !q.bands.is_empty(), "bands");
        }
        QuestionType::Number => {
            number(q, place, c);
            forbid(c, !q.options.is_empty(), "options");
        }
        QuestionType::Text => {
            for (present, field) in [
                (!q.options.is_empty(), "options"),
                (q.min.is_some(), "min"),
                (q.max.is_some(), "max"),
                (!q.bands.is_empty(), "bands"),
            ] {
                forbid(c, present, field);
            }
        }
    }
}

fn options(q: &Question, place: &Place, c: &mut Checker<'_>) {
    let id = q.id.as_str();
    if q.options.len() < 2 {
        let msg = format!(
            "a `{}` question needs at least two [[sections.questions.options]], found {}",
            q.kind.name(),
            q.options.len()
        );
        c.report(place, Some(id), msg);
        return;
    }
    let op = |i| place.at("options").idx(i);
    c.unique(
        "option",
        q.options
            .iter()
            .enumerate()
            .map(|(i, o)| (op(i), o.id.as_str())),
    );
    for (i, o) in q.options.iter().enumerate() {
        let oplace = op(i);
        c.id(&oplace, &o.id);
        let label = format!("{id}.{}", o.id);
        if o.id == DONT_KNOW || o.id == NOT_APPLICABLE {
            let msg = format!(
                "option id \"{}\" is reserved: the tool offers it itself",
                o.id
            );
            c.report(&oplace.at("id"), Some(&label), msg);
        }
        if o.score < 0.0 || !o.score.is_finite() {
            c.report(
                &oplace.at("score"),
                Some(&label),
                format!("`score` must not be negative, found {}", o.score),
            );
        }
        if o.exclusive && q.kind != QuestionType::Multi {
            c.report(
                &oplace.at("exclusive"),
                Some(&label),
                "`exclusive` applies only to options of a `multi` question",
            );
        }
        c.text(&oplace, &label, "label", &o.label);
        if let Some(d) = &o.description {
            c.text(&oplace, &label, "description", d);
        }
    }
    if q.options.iter().all(|o| o.score == 0.0) {
        c.report(
            &place.at("options"),
            Some(id),
            "every option scores 0, so the question cannot be scored",
        );
    }
}

fn number(q: &Question, place: &Place, c: &mut Checker<'_>) {
    let id = q.id.as_str();
    let (Some(min), Some(max)) = (q.min, q.max) else {
        c.report(place, Some(id), "a `number` question needs `min` and `max`");
        return;
    };
    if min >= max || !min.is_finite() || !max.is_finite() {
        c.report(
            &place.at("max"),
            Some(id),
            format!("`max` ({max}) must be above `min` ({min})"),
        );
    }
    if let Some(u) = &q.unit {
        c.text(place, id, "unit", u);
    }
    if q.bands.is_empty() {
        c.report(
            place,
            Some(id),
            "a `number` question needs `bands`, e.g. bands = [ { from = 0.0, score = 0.0 }, ... ]",
        );
        return;
    }
    let bp = |i| place.at("bands").idx(i);
    if q.bands[0].from != min {
        let msg = format!(
            "the first band must start at `min` ({min}), found from = {}",
            q.bands[0].from
        );
        c.report(&bp(0), Some(id), msg);
    }
    for (i, b) in q.bands.iter().enumerate() {
        if i > 0 && b.from <= q.bands[i - 1].from {
            let msg = format!(
                "bands must ascend: from = {} is not above the previous band's {}",
                b.from,
                q.bands[i - 1].from
            );
            c.report(&bp(i), Some(id), msg);
        }
        if b.from > max {
            c.report(
                &bp(i),
                Some(id),
                format!("band from = {} is above `max` ({max})", b.from),
            );
        }
        if b.score < 0.0 || !b.score.is_finite() {
            c.report(
                &bp(i),
                Some(id),
                format!("band `score` must not be negative, found {}", b.score),
            );
        }
    }
    if q.bands.iter().all(|b| b.score == 0.0) {
        c.report(
            &place.at("bands"),
            Some(id),
            "every band scores 0, so the question cannot be scored",
        );
    }
}

/// Compiles `relevant_if` conditions; a condition may only look back at earlier questions.
fn relevance(q: &Questionnaire, c: &mut Checker<'_>) -> Vec<(usize, usize, Condition)> {
    let mut compiled = Vec::new();
    let mut earlier: Vec<&Question> = Vec::new();
    for (si, section) in q.sections.iter().enumerate() {
        for (qi, question) in section.questions.iter().enumerate() {
            let place = Place::key("sections")
                .idx(si)
                .at("questions")
                .idx(qi)
                .at("relevant_if");
            if let Some(spec) = &question.relevant_if_spec {
                let refs = Refs {
                    q,
                    earlier: Some(&earlier),
                    place: &place,
                    label: &question.id,
                };
                if let Some(cond) = compile_checked(spec, Context::Relevance, &refs, c) {
                    compiled.push((si, qi, cond));
                }
            }
            earlier.push(question);
        }
    }
    compiled
}

struct Refs<'a> {
    q: &'a Questionnaire,
    /// For `relevant_if`: the questions before this one. `None`: any question.
    earlier: Option<&'a [&'a Question]>,
    place: &'a Place,
    label: &'a str,
}

fn compile_checked(
    spec: &ConditionSpec,
    ctx: Context,
    refs: &Refs<'_>,
    c: &mut Checker<'_>,
) -> Option<Condition> {
    let cond = match condition::compile(spec, ctx) {
        Ok(cond) => cond,
        Err(msg) => {
            c.report(refs.place, Some(refs.label), msg);
            return None;
        }
    };
    let before = c.problems.len();
    for leaf in cond.leaves() {
        check_leaf(leaf, refs, c);
    }
    let mut cond = cond;
    cond.link(refs.q);
    (c.problems.len() == before).then_some(cond)
}

fn check_leaf(leaf: &Condition, refs: &Refs<'_>, c: &mut Checker<'_>) {
    let (place, label, q) = (refs.place, Some(refs.label), refs.q);
    match leaf {
        Condition::AnyOf { question, .. } | Condition::AtLeast { question, .. } => {
            let Some(target) = q.question(question) else {
                c.report(
                    place,
                    label,
                    format!(
                        "the condition refers to question \"{question}\", which does not exist"
                    ),
                );
                return;
            };
            if let Some(earlier) = refs.earlier
                && !earlier.iter().any(|e| e.id == *question)
            {
                let msg = format!(
                    "the condition refers to question \"{question}\", which does not come earlier; a condition may only look back"
                );
                c.report(place, label, msg);
                return;
            }
            if let Condition::AnyOf { options, .. } = leaf {
                if !matches!(target.kind, QuestionType::Single | QuestionType::Multi) {
                    let msg = format!(
                        "`any_of` needs a single or multi question, but \"{question}\" is `{}`; use `at_least`",
                        target.kind.name()
                    );
                    c.report(place, label, msg);
                    return;
                }
                for o in options {
                    if o != DONT_KNOW && o != NOT_APPLICABLE && target.option(o).is_none() {
                        let known: Vec<&str> =
                            target.options.iter().map(|o| o.id.as_str()).collect();
                        let msg = format!(
                            "question \"{question}\" has no option \"{o}\"; expected one of: {} (or dont_know, not_applicable)",
                            known.join(", ")
                        );
                        c.report(place, label, msg);
                    }
                }
            } else if !target.is_scored() {
                c.report(
                    place,
                    label,
                    format!("`at_least` needs a scored question, but \"{question}\" is `text`"),
                );
            }
        }
        Condition::SectionBelow { section, .. }
        | Condition::SectionAtLeast { section, .. }
        | Condition::SectionStatusIn { section, .. } => match q.section(section) {
            None => {
                let known: Vec<&str> = q.sections.iter().map(|s| s.id.as_str()).collect();
                let msg = format!(
                    "the condition refers to section \"{section}\", which does not exist; sections: {}",
                    known.join(", ")
                );
                c.report(place, label, msg);
            }
            Some(s) if matches!(leaf, Condition::SectionStatusIn { .. }) && !s.precondition => {
                let msg = format!(
                    "`status_in` needs a precondition section, but \"{section}\" has precondition = false"
                );
                c.report(place, label, msg);
            }
            Some(_) => {}
        },
        Condition::StageIn { stages, .. } => {
            for s in stages {
                if q.stage(s).is_none() {
                    let known: Vec<&str> = q.stages.iter().map(|s| s.id.as_str()).collect();
                    c.report(
                        place,
                        label,
                        format!(
                            "unknown stage \"{s}\" in `stage_in`; stages: {}",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        Condition::IndexBelow(_) | Condition::All(_) | Condition::Any(_) | Condition::Not(_) => {}
    }
}

fn recommendations(q: &Questionnaire, c: &mut Checker<'_>) -> Vec<(usize, Condition)> {
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
        if !PATHWAYS.iter().any(|(p, _)| *p == r.pathway) {
            let msg = format!(
                "unknown pathway \"{}\"; expected one of: {}",
                r.pathway,
                catalogue::ids(PATHWAYS)
            );
            c.report(&place.at("pathway"), Some(id), msg);
        }
        if r.priority == 0 {
            c.report(
                &place.at("priority"),
                Some(id),
                "`priority` starts at 1 (do first)",
            );
        }
        if !HORIZONS.iter().any(|(h, _)| *h == r.horizon) {
            let msg = format!(
                "unknown horizon \"{}\"; expected one of: {}",
                r.horizon,
                catalogue::ids(HORIZONS)
            );
            c.report(&place.at("horizon"), Some(id), msg);
        }
        for m in &r.cooperation {
            if !COOPERATION.iter().any(|(k, _)| k == m) {
                let msg = format!(
                    "unknown cooperation model \"{m}\"; expected one of: {}",
                    catalogue::ids(COOPERATION)
                );
                c.report(&place.at("cooperation"), Some(id), msg);
            }
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

fn cases(q: &Questionnaire, c: &mut Checker<'_>) {
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
