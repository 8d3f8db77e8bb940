//! Set-up shared by the unit tests of the assessment's questions and numbers.

use super::question::Lang;
use crate::questionnaire::{self, Question};

/// English, the questionnaire's default language.
pub(super) const EN: Lang<'static> = Lang {
    lang: "en",
    default: "en",
};

/// Question `id` of the shipped e-government preconditions questionnaire.
pub(super) fn question(id: &str) -> Question {
    let (q, _) = questionnaire::resolve("egov-preconditions").unwrap();
    q.question(id).unwrap().clone()
}
