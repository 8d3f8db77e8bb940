//! The CSV report: one row per assessment, with exactly the columns of the batch
//! `scores.csv` (they are written by the same code, `batch::write`), so a file written by
//! `assess` and one written by `score` can be pasted together.

use std::io::{self, Write};

use super::{Render, Scored};
use crate::batch::row::Meta;
use crate::batch::write;

/// Renders the header (optionally) and the row of one assessment.
pub struct CsvReport {
    /// Whether to write the header line first.
    pub header: bool,
}

impl Render for CsvReport {
    fn render(&self, s: &Scored<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut w = crate::output::csv_writer(out);
        if self.header {
            w.write_record(write::scores_header(s.questionnaire))?;
        }
        w.write_record(row(s))?;
        w.flush()
    }
}

/// The cells of one assessment, in `scores.csv` order.
pub fn row(s: &Scored<'_>) -> Vec<String> {
    let r = &s.answers.respondent;
    let meta = Meta {
        id: r.id.clone(),
        country: r.country.clone(),
        organisation: r.organisation.clone(),
        respondent: r.name.clone(),
        role: r.role.clone(),
        date: r.date.clone(),
        group: None,
    };
    let ranked: Vec<usize> = s.advice.recommendations.iter().map(|t| t.index).collect();
    write::ScoresRow {
        q: s.questionnaire,
        meta: &meta,
        a: s.assessment,
        ranked: &ranked,
        source: None,
    }
    .strings(crate::output::neutralise)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers;
    use crate::questionnaire;
    use crate::scoring;

    fn render(example: &str, header: bool) -> String {
        let path = format!("{}/examples/{example}.json", env!("CARGO_MANIFEST_DIR"));
        let file = answers::read(std::path::Path::new(&path)).unwrap();
        let (q, _) = questionnaire::resolve(&file.questionnaire.id).unwrap();
        let responses = answers::check(&q, example, &file).unwrap();
        let assessment = scoring::score(&q, &responses);
        let advice = crate::recommend::recommend(&q, &responses, &assessment);
        let scored = Scored {
            questionnaire: &q,
            answers: &file,
            responses: &responses,
            assessment: &assessment,
            advice: &advice,
            lang: "en",
        };
        let mut out = Vec::new();
        CsvReport { header }.render(&scored, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_row_with_the_batch_columns() {
        insta::assert_snapshot!(render("oruna", true));
    }

    #[test]
    fn without_header_only_the_row() {
        assert_eq!(render("oruna", false).lines().count(), 1);
    }
}
