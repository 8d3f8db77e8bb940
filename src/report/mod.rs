//! Rendering results: one module per output format behind one trait. Writing to a file or
//! to standard output is the caller's concern.

pub mod csv;
pub mod json;
pub mod pdf;
mod pdf_advice;
mod pdf_answers;
pub mod pdf_assessment;
pub mod pdf_common;
pub mod pdf_comparison;
mod pdf_comparison_parts;
mod pdf_method;
pub mod summary;
pub mod table;

use std::io::{self, Write};

use crate::answers::{AnswersFile, Responses};
use crate::questionnaire::Questionnaire;
use crate::recommend::Advice;
use crate::scoring::Assessment;

/// Everything a report shows about one assessment.
pub struct Scored<'a> {
    pub questionnaire: &'a Questionnaire,
    pub answers: &'a AnswersFile,
    pub responses: &'a Responses,
    pub assessment: &'a Assessment,
    /// The advice derived from the assessment, so every format shows the same.
    pub advice: &'a Advice,
    /// Language of the texts shown.
    pub lang: &'a str,
}

impl Scored<'_> {
    /// A questionnaire text in the report's language.
    pub fn t<'t>(&self, text: &'t crate::questionnaire::Text) -> &'t str {
        text.get(self.lang, self.questionnaire.default_language())
    }
}

/// One output format for one assessment.
pub trait Render {
    /// Writes the report of `scored` to `out`.
    fn render(&self, scored: &Scored<'_>, out: &mut dyn Write) -> io::Result<()>;
}
