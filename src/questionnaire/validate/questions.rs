//! Sections, questions, options and number bands.

use super::Checker;
use crate::questionnaire::load::Place;
use crate::questionnaire::model::{
    DONT_KNOW, NOT_APPLICABLE, Question, QuestionType, Questionnaire,
};

pub(super) fn sections(q: &Questionnaire, c: &mut Checker<'_>) {
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
