//! Conditions: when a question is relevant (`relevant_if`) and when advice applies (`when`).
//!
//! In a file a condition is a small table whose keys say its form:
//! `{ question = ID, any_of = [..] }`, `{ question = ID, at_least = v }`, `{ all = [..] }`,
//! `{ any = [..] }`, `{ not = {..} }`, and in advice rules also `{ section = ID, below = x }`,
//! `{ section = ID, at_least = x }`, `{ section = ID, status_in = [..] }`,
//! `{ index_below = x }`, `{ stage_in = [..] }`.

use serde::{Deserialize, Serialize};

use crate::answers::Response;
use crate::status::Status;

use super::model::{DONT_KNOW, NOT_APPLICABLE, Questionnaire};

/// A condition as written in the file: every key optional, checked by [`compile`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConditionSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_of: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<ConditionSpec>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<ConditionSpec>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<ConditionSpec>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_in: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_below: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_in: Option<Vec<String>>,
}

/// An option named in `any_of`, resolved against its question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    Index(usize),
    DontKnow,
    NotApplicable,
}

/// The options an `any_of` names, as a set: checked for every advice rule of every row in
/// batch scoring, so the usual options (the first 64) are bits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptSet {
    first: u64,
    more: Vec<usize>,
    dont_know: bool,
    not_applicable: bool,
}

impl OptSet {
    pub fn contains(&self, o: Opt) -> bool {
        match o {
            Opt::Index(i) if i < 64 => self.first & (1 << i) != 0,
            Opt::Index(i) => self.more.contains(&i),
            Opt::DontKnow => self.dont_know,
            Opt::NotApplicable => self.not_applicable,
        }
    }
}

impl FromIterator<Opt> for OptSet {
    fn from_iter<I: IntoIterator<Item = Opt>>(opts: I) -> Self {
        let mut set = OptSet::default();
        for o in opts {
            match o {
                Opt::Index(i) if i < 64 => set.first |= 1 << i,
                Opt::Index(i) => set.more.push(i),
                Opt::DontKnow => set.dont_know = true,
                Opt::NotApplicable => set.not_applicable = true,
            }
        }
        set
    }
}

/// Marks a reference not yet resolved by [`Condition::link`].
const UNLINKED: usize = usize::MAX;

/// A checked condition. Ids are kept for messages; the `*_idx` fields are positions
/// (questions in questionnaire order, sections, stages) filled in by [`Condition::link`], so
/// evaluation does no lookups by name.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The answer is one of these option ids (for `multi`: any chosen option is).
    AnyOf {
        question: String,
        q_idx: usize,
        options: Vec<String>,
        resolved: OptSet,
    },
    /// The answer's normalised value v is at least this.
    AtLeast {
        question: String,
        q_idx: usize,
        value: f64,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// The section's score is below this (false when the section has no score).
    SectionBelow {
        section: String,
        s_idx: usize,
        value: f64,
    },
    /// The section's score is at least this (false when the section has no score).
    SectionAtLeast {
        section: String,
        s_idx: usize,
        value: f64,
    },
    /// The precondition's status is one of these.
    SectionStatusIn {
        section: String,
        s_idx: usize,
        statuses: Vec<Status>,
    },
    /// The readiness index is below this (false when there is no index).
    IndexBelow(f64),
    /// The final stage is one of these stage ids.
    StageIn {
        stages: Vec<String>,
        resolved: Vec<usize>,
    },
}

/// What a condition is evaluated against, by position.
pub trait Facts {
    /// The response to a relevant, answered question (question position in questionnaire
    /// order); `None` when unanswered or not relevant.
    fn response(&self, q: usize) -> Option<&Response>;
    /// The normalised value of a relevant, answered question; `None` when unanswered, not
    /// relevant or not applicable.
    fn value(&self, q: usize) -> Option<f64>;
    /// A section's score; `None` when it has none or there are no scores yet.
    fn section_score(&self, _s: usize) -> Option<f64> {
        None
    }
    /// A precondition's status.
    fn section_status(&self, _s: usize) -> Option<Status> {
        None
    }
    /// The readiness index.
    fn index(&self) -> Option<f64> {
        None
    }
    /// The final stage's position.
    fn stage(&self) -> Option<usize> {
        None
    }
}

impl Condition {
    /// Whether the condition holds. A condition on a question that is unanswered or not
    /// relevant is false (so `not` of it is true).
    pub fn eval<F: Facts + ?Sized>(&self, facts: &F) -> bool {
        match self {
            Condition::AnyOf {
                q_idx, resolved, ..
            } => match facts.response(*q_idx) {
                Some(Response::Choice(i)) => resolved.contains(Opt::Index(*i)),
                Some(Response::Choices(v)) => v.iter().any(|i| resolved.contains(Opt::Index(*i))),
                Some(Response::DontKnow) => resolved.contains(Opt::DontKnow),
                Some(Response::NotApplicable) => resolved.contains(Opt::NotApplicable),
                _ => false,
            },
            Condition::AtLeast { q_idx, value, .. } => {
                facts.value(*q_idx).is_some_and(|v| v >= *value)
            }
            Condition::All(cs) => cs.iter().all(|c| c.eval(facts)),
            Condition::Any(cs) => cs.iter().any(|c| c.eval(facts)),
            Condition::Not(c) => !c.eval(facts),
            Condition::SectionBelow { s_idx, value, .. } => {
                facts.section_score(*s_idx).is_some_and(|s| s < *value)
            }
            Condition::SectionAtLeast { s_idx, value, .. } => {
                facts.section_score(*s_idx).is_some_and(|s| s >= *value)
            }
            Condition::SectionStatusIn {
                s_idx, statuses, ..
            } => facts
                .section_status(*s_idx)
                .is_some_and(|s| statuses.contains(&s)),
            Condition::IndexBelow(x) => facts.index().is_some_and(|i| i < *x),
            Condition::StageIn { resolved, .. } => {
                facts.stage().is_some_and(|s| resolved.contains(&s))
            }
        }
    }

    /// Every leaf condition (not `all`, `any`, `not`), depth first.
    pub fn leaves(&self) -> Vec<&Condition> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().flat_map(|c| c.leaves()).collect(),
            Condition::Not(c) => c.leaves(),
            leaf => vec![leaf],
        }
    }

    /// Resolves ids to positions. Call after the references were checked; an id that is
    /// still unknown stays unresolved and never matches.
    pub fn link(&mut self, q: &Questionnaire) {
        match self {
            Condition::AnyOf {
                question,
                q_idx,
                options,
                resolved,
            } => {
                *q_idx = q.question_index(question).unwrap_or(UNLINKED);
                let target = q.question(question);
                *resolved = options
                    .iter()
                    .filter_map(|o| match o.as_str() {
                        DONT_KNOW => Some(Opt::DontKnow),
                        NOT_APPLICABLE => Some(Opt::NotApplicable),
                        id => target?
                            .options
                            .iter()
                            .position(|x| x.id == id)
                            .map(Opt::Index),
                    })
                    .collect();
            }
            Condition::AtLeast {
                question, q_idx, ..
            } => {
                *q_idx = q.question_index(question).unwrap_or(UNLINKED);
            }
            Condition::All(cs) | Condition::Any(cs) => cs.iter_mut().for_each(|c| c.link(q)),
            Condition::Not(c) => c.link(q),
            Condition::SectionBelow { section, s_idx, .. }
            | Condition::SectionAtLeast { section, s_idx, .. }
            | Condition::SectionStatusIn { section, s_idx, .. } => {
                *s_idx = q
                    .sections
                    .iter()
                    .position(|s| s.id == *section)
                    .unwrap_or(UNLINKED);
            }
            Condition::StageIn { stages, resolved } => {
                *resolved = stages.iter().filter_map(|s| q.stage_rank(s)).collect();
            }
            Condition::IndexBelow(_) => {}
        }
    }
}

/// Which forms a condition may take where it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// `relevant_if`: only question conditions, on earlier questions.
    Relevance,
    /// `when` of a recommendation: every form.
    Advice,
}

/// Turns a spec into a condition, or says what is wrong with its form. References
/// (question, section, stage ids) are checked by the validator, which knows the file.
pub fn compile(spec: &ConditionSpec, context: Context) -> Result<Condition, String> {
    let keys = present_keys(spec);
    let has = |k: &str| keys.contains(&k);
    let only = |allowed: &[&str]| keys.iter().all(|k| allowed.contains(k));
    let section_allowed = context == Context::Advice;
    let bad_form = || {
        let forms = if section_allowed {
            "question + any_of, question + at_least, all, any, not, section + below, \
             section + at_least, section + status_in, index_below, stage_in"
        } else {
            "question + any_of, question + at_least, all, any, not"
        };
        format!(
            "a condition must have exactly one of these forms: {forms}; found keys: {}",
            if keys.is_empty() {
                "none".to_string()
            } else {
                keys.join(", ")
            }
        )
    };
    let list = |items: &Option<Vec<ConditionSpec>>, name: &str| -> Result<Vec<Condition>, String> {
        let items = items.as_deref().unwrap_or_default();
        if items.is_empty() {
            return Err(format!("`{name}` needs at least one condition"));
        }
        items.iter().map(|c| compile(c, context)).collect()
    };
    if has("question") && has("any_of") && only(&["question", "any_of"]) {
        let options = spec.any_of.clone().unwrap_or_default();
        if options.is_empty() {
            return Err("`any_of` needs at least one option id".to_string());
        }
        let question = spec.question.clone().unwrap_or_default();
        return Ok(Condition::AnyOf {
            question,
            q_idx: UNLINKED,
            options,
            resolved: OptSet::default(),
        });
    }
    if has("question") && has("at_least") && only(&["question", "at_least"]) {
        let value = spec.at_least.unwrap_or_default();
        if !(0.0..=1.0).contains(&value) {
            return Err(format!(
                "`at_least` on a question compares the normalised value, so it must be between 0 and 1, found {value}"
            ));
        }
        let question = spec.question.clone().unwrap_or_default();
        return Ok(Condition::AtLeast {
            question,
            q_idx: UNLINKED,
            value,
        });
    }
    if keys == ["all"] {
        return list(&spec.all, "all").map(Condition::All);
    }
    if keys == ["any"] {
        return list(&spec.any, "any").map(Condition::Any);
    }
    if keys == ["not"] {
        let inner = spec.not.as_deref().ok_or_else(bad_form)?;
        return compile(inner, context).map(|c| Condition::Not(Box::new(c)));
    }
    if section_allowed && has("section") && keys.len() == 2 {
        let section = spec.section.clone().unwrap_or_default();
        if let Some(value) = spec.below {
            check_score(value, "below")?;
            return Ok(Condition::SectionBelow {
                section,
                s_idx: UNLINKED,
                value,
            });
        }
        if let Some(value) = spec.at_least {
            check_score(value, "at_least")?;
            return Ok(Condition::SectionAtLeast {
                section,
                s_idx: UNLINKED,
                value,
            });
        }
        if let Some(names) = &spec.status_in {
            let statuses = names
                .iter()
                .map(|n| {
                    Status::parse(n).ok_or_else(|| {
                        format!(
                            "unknown status \"{n}\" in `status_in`; expected one of: {}",
                            Status::ALL.map(Status::id).join(", ")
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Condition::SectionStatusIn {
                section,
                s_idx: UNLINKED,
                statuses,
            });
        }
    }
    if section_allowed && keys == ["index_below"] {
        let value = spec.index_below.unwrap_or_default();
        check_score(value, "index_below")?;
        return Ok(Condition::IndexBelow(value));
    }
    if section_allowed && keys == ["stage_in"] {
        let stages = spec.stage_in.clone().unwrap_or_default();
        if stages.is_empty() {
            return Err("`stage_in` needs at least one stage id".to_string());
        }
        return Ok(Condition::StageIn {
            stages,
            resolved: Vec::new(),
        });
    }
    Err(bad_form())
}

fn check_score(value: f64, key: &str) -> Result<(), String> {
    if (0.0..=100.0).contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "`{key}` compares a score from 0 to 100, found {value}"
        ))
    }
}

fn present_keys(spec: &ConditionSpec) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let mut add = |present: bool, k: &'static str| {
        if present {
            keys.push(k);
        }
    };
    add(spec.question.is_some(), "question");
    add(spec.any_of.is_some(), "any_of");
    add(spec.at_least.is_some(), "at_least");
    add(spec.all.is_some(), "all");
    add(spec.any.is_some(), "any");
    add(spec.not.is_some(), "not");
    add(spec.section.is_some(), "section");
    add(spec.below.is_some(), "below");
    add(spec.status_in.is_some(), "status_in");
    add(spec.index_below.is_some(), "index_below");
    add(spec.stage_in.is_some(), "stage_in");
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_sets_hold_what_they_are_given() {
        let given = [
            Opt::Index(0),
            Opt::Index(63),
            Opt::Index(64),
            Opt::Index(200),
            Opt::DontKnow,
        ];
        let set: OptSet = given.into_iter().collect();
        for o in given {
            assert!(set.contains(o), "{o:?}");
        }
        for o in [
            Opt::Index(1),
            Opt::Index(62),
            Opt::Index(65),
            Opt::NotApplicable,
        ] {
            assert!(!set.contains(o), "{o:?}");
        }
    }

    fn spec(toml_text: &str) -> ConditionSpec {
        toml::from_str(toml_text).expect("test spec parses")
    }

    #[test]
    fn compiles_each_form() {
        let c = compile(&spec("question = 'a'\nany_of = ['x']"), Context::Relevance);
        assert!(matches!(c, Ok(Condition::AnyOf { question, options, .. })
            if question == "a" && options == ["x"]));
        let c = compile(&spec("section = 's'\nbelow = 60.0"), Context::Advice);
        assert!(
            matches!(c, Ok(Condition::SectionBelow { section, value, .. })
            if section == "s" && value == 60.0)
        );
    }

    #[test]
    fn section_forms_are_refused_in_relevance() {
        let err = compile(&spec("section = 's'\nbelow = 60.0"), Context::Relevance).unwrap_err();
        assert_eq!(
            err,
            "a condition must have exactly one of these forms: question + any_of, \
             question + at_least, all, any, not; found keys: section, below"
        );
    }

    #[test]
    fn question_at_least_must_be_normalised() {
        let err = compile(&spec("question = 'a'\nat_least = 3.0"), Context::Relevance).unwrap_err();
        assert!(err.contains("between 0 and 1, found 3"), "{err}");
    }
}
