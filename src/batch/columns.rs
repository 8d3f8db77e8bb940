//! The columns of a batch input: which hold the respondent's details, which hold answers,
//! and which the questionnaire does not know.

use crate::questionnaire::Questionnaire;

/// Respondent columns, in template order.
pub const META: [&str; 6] = [
    "id",
    "country",
    "organisation",
    "respondent",
    "role",
    "date",
];

/// Where each known column is in one input file.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Position of each of [`META`] in the file.
    pub meta: [Option<usize>; 6],
    /// For each question (questionnaire order), its column in the file.
    pub questions: Vec<Option<usize>>,
    /// Columns the questionnaire does not know (typos, survey-tool metadata).
    pub unknown: Vec<String>,
    /// Question ids with no column.
    pub missing: Vec<String>,
    /// The `--group-by` column.
    pub group: Option<usize>,
}

impl Columns {
    /// Maps headers to meta fields and questions, ignoring case and surrounding spaces.
    pub fn map(q: &Questionnaire, headers: &[String], group_by: Option<&str>) -> Columns {
        let find = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let meta = META.map(find);
        let questions: Vec<Option<usize>> = (0..q.question_count())
            .map(|i| find(&q.question_at(i).id))
            .collect();
        let unknown = headers
            .iter()
            .enumerate()
            .filter(|(i, h)| {
                !meta.contains(&Some(*i))
                    && !questions.contains(&Some(*i))
                    && group_by.is_none_or(|g| !h.trim().eq_ignore_ascii_case(g))
            })
            .map(|(_, h)| h.clone())
            .collect();
        let missing = (0..q.question_count())
            .filter(|i| questions[*i].is_none())
            .map(|i| q.question_at(i).id.clone())
            .collect();
        Columns {
            meta,
            questions,
            unknown,
            missing,
            group: group_by.and_then(find),
        }
    }

    /// The column of a meta field.
    pub fn meta(&self, name: &str) -> Option<usize> {
        META.iter()
            .position(|m| *m == name)
            .and_then(|i| self.meta[i])
    }
}
