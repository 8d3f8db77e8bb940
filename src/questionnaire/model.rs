//! The questionnaire data model, as read from a TOML file.
//!
//! Fields named `*_spec` hold conditions as written in the file; validation compiles them
//! into the [`Condition`] fields next to them, which are what the rest of the tool uses.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::condition::{Condition, ConditionSpec};
use super::text::{Text, TextList};

/// The one questionnaire schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Option ids with a fixed meaning, offered by the tool itself.
pub const DONT_KNOW: &str = "dont_know";
/// See [`DONT_KNOW`].
pub const NOT_APPLICABLE: &str = "not_applicable";

/// A whole questionnaire: metadata, scoring rules, stages, sections and the advice rules.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Questionnaire {
    pub schema: u32,
    pub id: String,
    pub version: String,
    pub languages: Vec<String>,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    #[serde(default)]
    pub cases: Vec<Case>,
    /// Question id -> position in questionnaire order; built on load.
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// Position in questionnaire order -> (section, position in section); built on load.
    #[serde(skip)]
    flat: Vec<(usize, usize)>,
}

/// Thresholds that turn section scores into statuses and stages.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Scoring {
    pub met: f64,
    pub partially_met: f64,
    pub min_completeness: f64,
    pub cap_if_not_met: String,
    pub cap_if_partially_met: String,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            met: 60.0,
            partially_met: 40.0,
            min_completeness: 0.8,
            cap_if_not_met: "emerging".to_string(),
            cap_if_partially_met: "developing".to_string(),
        }
    }
}

/// A maturity stage, reached when the readiness index is at least `min`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    pub min: f64,
    pub label: Text,
    #[serde(default)]
    pub description: Option<Text>,
}

/// A group of questions; a `precondition` section gates the overall stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    #[serde(default)]
    pub precondition: bool,
    #[serde(default = "one")]
    pub weight: f64,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionType {
    Single,
    Multi,
    Number,
    Text,
}

impl QuestionType {
    /// The name used in files and messages.
    pub fn name(self) -> &'static str {
        match self {
            QuestionType::Single => "single",
            QuestionType::Multi => "multi",
            QuestionType::Number => "number",
            QuestionType::Text => "text",
        }
    }
}

/// One question.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    #[serde(default = "one")]
    pub weight: f64,
    #[serde(default)]
    pub critical_below: Option<f64>,
    #[serde(default)]
    pub allow_na: bool,
    #[serde(default)]
    pub evidence: bool,
    #[serde(
        default,
        rename = "relevant_if",
        skip_serializing_if = "Option::is_none"
    )]
    pub relevant_if_spec: Option<ConditionSpec>,
    /// Compiled from `relevant_if_spec` by validation.
    #[serde(skip)]
    pub relevant_if: Option<Condition>,
    pub text: Text,
    #[serde(default)]
    pub help: Option<Text>,
    #[serde(default)]
    pub options: Vec<AnswerOption>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub unit: Option<Text>,
    #[serde(default)]
    pub bands: Vec<Band>,
}

impl Question {
    /// Whether the question counts towards scores (every type but `text`).
    pub fn is_scored(&self) -> bool {
        self.kind != QuestionType::Text
    }

    /// The option with this id, compared case-sensitively.
    pub fn option(&self, id: &str) -> Option<&AnswerOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The position of the option with this id.
    pub fn option_index(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|o| o.id == id)
    }

    /// The largest option score (single) or band score (number); the divisor of v.
    pub fn max_score(&self) -> f64 {
        match self.kind {
            QuestionType::Number => self.bands.iter().map(|b| b.score).fold(0.0, f64::max),
            _ => self.options.iter().map(|o| o.score).fold(0.0, f64::max),
        }
    }
}

/// A choice of a `single` or `multi` question.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnswerOption {
    pub id: String,
    pub score: f64,
    #[serde(default)]
    pub exclusive: bool,
    pub label: Text,
    #[serde(default)]
    pub description: Option<Text>,
}

/// A score band of a `number` question: values from `from` up to the next band's `from`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Band {
    pub from: f64,
    pub score: f64,
}

/// An advice rule: when its condition holds for an assessment, the advice applies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: String,
    pub pathway: String,
    pub priority: u32,
    pub horizon: String,
    #[serde(default)]
    pub cooperation: Vec<String>,
    #[serde(rename = "when")]
    pub when_spec: ConditionSpec,
    /// Compiled from `when_spec` by validation.
    #[serde(skip)]
    pub when: Option<Condition>,
    pub title: Text,
    pub rationale: Text,
    pub actions: TextList,
    #[serde(default)]
    pub examples: Vec<String>,
}

/// A documented capacity-building case that recommendations cite as an example.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub source: String,
}

fn one() -> f64 {
    1.0
}

impl Questionnaire {
    /// The default language (the first listed).
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or("en", String::as_str)
    }

    /// Every question in questionnaire order, with the index of its section.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.questions.iter().map(move |q| (i, q)))
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.question_index(id).map(|i| self.question_at(i))
    }

    /// The position of a question in questionnaire order.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The question at a position in questionnaire order.
    ///
    /// # Panics
    /// If `i` is not below [`Questionnaire::question_count`].
    pub fn question_at(&self, i: usize) -> &Question {
        let (s, q) = self.flat[i];
        &self.sections[s].questions[q]
    }

    /// The section index of the question at a position in questionnaire order.
    pub fn section_of(&self, i: usize) -> usize {
        self.flat[i].0
    }

    /// The number of questions.
    pub fn question_count(&self) -> usize {
        self.flat.len()
    }

    /// Rebuilds the lookups by id and position; called on load, and after editing sections.
    pub fn build_index(&mut self) {
        self.flat = self
            .sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| (0..sec.questions.len()).map(move |q| (s, q)))
            .collect();
        let mut index = HashMap::new();
        for (i, (_, q)) in self.questions().enumerate() {
            index.entry(q.id.clone()).or_insert(i);
        }
        self.index = index;
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The stage with this id.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// The position of a stage in the ordered list (higher is more mature).
    pub fn stage_rank(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// The case with this id.
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }

    /// The number of scored questions (all but `text`).
    pub fn scored_question_count(&self) -> usize {
        self.questions().filter(|(_, q)| q.is_scored()).count()
    }
}
