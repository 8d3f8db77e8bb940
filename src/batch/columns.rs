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

/// A respondent field: its position in [`META`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id = 0,
    Country,
    Organisation,
    Respondent,
    Role,
    Date,
}

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

    /// The missing question an unknown column was probably meant to be: the closest by
    /// edit distance, if within a third of the longer name.
    pub fn suggestion(&self, unknown: &str) -> Option<&str> {
        let typed = unknown.trim().to_ascii_lowercase();
        self.missing
            .iter()
            .map(|id| (edit_distance(&typed, id), id))
            .filter(|(d, id)| *d * 3 <= typed.chars().count().max(id.chars().count()))
            .min_by_key(|(d, _)| *d)
            .map(|(_, id)| id.as_str())
    }

    /// The column of a respondent field.
    pub fn meta(&self, field: Field) -> Option<usize> {
        self.meta[field as usize]
    }
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire;

    #[test]
    fn fields_name_their_meta_columns() {
        let fields = [
            Field::Id,
            Field::Country,
            Field::Organisation,
            Field::Respondent,
            Field::Role,
            Field::Date,
        ];
        let headers: Vec<String> = META.iter().rev().map(|m| m.to_string()).collect();
        let q = questionnaire::resolve(questionnaire::DEFAULT_ID).unwrap().0;
        let cols = Columns::map(&q, &headers, None);
        for (field, name) in fields.into_iter().zip(META) {
            assert_eq!(cols.meta(field).map(|c| headers[c].as_str()), Some(name));
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("a1", "a1"), 0);
    }

    #[test]
    fn a_typo_in_a_question_id_gets_a_suggestion() {
        let q = questionnaire::resolve(questionnaire::DEFAULT_ID).unwrap().0;
        let headers: Vec<String> = ["id", "le_univ_curricula", "timestamp", "IC_LEAD_AGENCYY"]
            .map(String::from)
            .to_vec();
        let cols = Columns::map(&q, &headers, None);
        assert_eq!(
            cols.unknown,
            ["le_univ_curricula", "timestamp", "IC_LEAD_AGENCYY"]
        );
        assert_eq!(
            cols.suggestion("le_univ_curricula"),
            Some("le_university_curricula")
        );
        assert_eq!(cols.suggestion("IC_LEAD_AGENCYY"), Some("ic_lead_agency"));
        assert_eq!(cols.suggestion("timestamp"), None);
    }
}
