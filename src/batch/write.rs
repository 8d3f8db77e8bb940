//! The rows of the batch output files: `scores.csv`, `answers.csv`, `groups.csv` and
//! `errors.csv`. Text copied from the input is neutralised against formula injection;
//! score columns are written as plain numbers, rounded to one decimal.

use std::borrow::Cow;
use std::io::Write as _;

use super::groups::Acc;
use super::row::{Meta, RowProblem};
use crate::answers::{AnswerValue, Responses};
use crate::output::{Encoder, neutralise};
use crate::questionnaire::Questionnaire;
use crate::scoring::{Assessment, State, fmt1, tenths};

/// A missing number in CSV is an empty cell (Excel reads "-" as text).
fn num(x: Option<f64>) -> String {
    let mut out = Vec::new();
    if let Some(v) = x {
        push_num(&mut out, v);
    }
    // push_num writes ASCII only.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends the text [`fmt1`] gives for `v` to `out`, without allocating: a million rows
/// hold tens of millions of these, and float formatting was a tenth of the scoring time.
/// Only ASCII digits, `-` and `.` are written, which never need quoting in CSV.
pub fn push_num(out: &mut Vec<u8>, v: f64) {
    let tenths = tenths(v);
    if tenths.abs() < 1e15 && !(tenths == 0.0 && tenths.is_sign_negative()) {
        let t = tenths as i64;
        if t < 0 {
            out.push(b'-');
        }
        // Digits from the right: the tenth, the point, then the whole part.
        let mut digits = [0u8; 24];
        let mut at = digits.len() - 2;
        digits[at + 1] = b'0' + (t.unsigned_abs() % 10) as u8;
        digits[at] = b'.';
        let mut n = t.unsigned_abs() / 10;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        out.extend_from_slice(&digits[at..]);
    } else {
        out.extend_from_slice(fmt1(Some(v)).as_bytes());
    }
}

/// Where the cells of a row go, one at a time: straight into a CSV encoder for batch
/// scoring, or into a list of strings.
pub trait Cells {
    /// A text cell.
    fn text(&mut self, text: &str);
    /// A number rounded to one decimal as [`fmt1`] shows it, or an empty cell.
    fn number(&mut self, x: Option<f64>);
    /// Ids (which never need quotes) joined with `;`.
    fn ids(&mut self, ids: &mut dyn Iterator<Item = &String>);
    /// A whole number, or an empty cell.
    fn count(&mut self, n: Option<u64>);
}

impl Cells for Vec<String> {
    fn text(&mut self, text: &str) {
        self.push(text.to_string());
    }

    fn number(&mut self, x: Option<f64>) {
        self.push(num(x));
    }

    fn ids(&mut self, ids: &mut dyn Iterator<Item = &String>) {
        self.push(ids.map(String::as_str).collect::<Vec<_>>().join(";"));
    }

    fn count(&mut self, n: Option<u64>) {
        self.push(n.map_or_else(String::new, |n| n.to_string()));
    }
}

impl Cells for Encoder {
    fn text(&mut self, text: &str) {
        self.field(text);
    }

    fn number(&mut self, x: Option<f64>) {
        let out = self.plain_field();
        if let Some(v) = x {
            push_num(out, v);
        }
    }

    fn ids(&mut self, ids: &mut dyn Iterator<Item = &String>) {
        join(self.plain_field(), ids);
    }

    fn count(&mut self, n: Option<u64>) {
        let out = self.plain_field();
        if let Some(n) = n {
            let _ = write!(out, "{n}");
        }
    }
}

/// The id of the stage at position `i`, or "" without one.
fn stage(q: &Questionnaire, i: Option<usize>) -> &str {
    i.and_then(|i| q.stages.get(i))
        .map_or("", |s| s.id.as_str())
}

/// The header of `scores.csv`.
pub fn scores_header(q: &Questionnaire) -> Vec<String> {
    let mut h: Vec<String> = [
        "id",
        "country",
        "organisation",
        "readiness_index",
        "stage",
        "stage_uncapped",
        "binding_preconditions",
        "completeness",
    ]
    .map(String::from)
    .to_vec();
    for s in &q.sections {
        h.push(format!("{}_score", s.id));
        h.push(format!("{}_status", s.id));
    }
    h.extend(
        [
            "top_recommendations",
            "respondent",
            "role",
            "date",
            "source_file",
            "source_row",
        ]
        .map(String::from),
    );
    h
}

/// How many recommendation ids `scores.csv` lists, best first.
pub const TOP_RECOMMENDATIONS: usize = 3;

/// How text copied from the input is written: [`neutralise`] for CSV, which spreadsheets
/// open, or as it is for JSON.
pub type TextCell = fn(&str) -> Cow<'_, str>;

/// One scored assessment as a row of `scores.csv`.
pub struct ScoresRow<'a> {
    pub q: &'a Questionnaire,
    pub meta: &'a Meta,
    pub a: &'a Assessment,
    /// The positions of the recommendations that apply, in advice order.
    pub ranked: &'a [usize],
    /// The input file and spreadsheet row it came from; none for an answers file.
    pub source: Option<(&'a str, u64)>,
}

impl ScoresRow<'_> {
    /// The cells as strings; `text` writes the cells copied from the input.
    pub fn strings(&self, text: TextCell) -> Vec<String> {
        let mut r = Vec::with_capacity(8 + 2 * self.q.sections.len() + 6);
        self.cells(text, &mut r);
        r
    }

    /// The cells, handed to `cells` one at a time: batch scoring writes them straight into
    /// the CSV encoder, with no string per cell.
    pub fn cells<C: Cells + ?Sized>(&self, text: TextCell, cells: &mut C) {
        let ScoresRow {
            q,
            meta,
            a,
            ranked,
            source,
        } = *self;
        cells.text(&text(&meta.id));
        cells.text(&meta.country);
        cells.text(&text(&meta.organisation));
        cells.number(a.readiness_index);
        cells.text(stage(q, a.stage));
        cells.text(stage(q, a.stage_uncapped));
        cells.ids(&mut a.binding_preconditions.iter().map(|i| &q.sections[*i].id));
        cells.number(a.completeness.map(|c| c * 100.0));
        for s in &a.sections {
            cells.number(s.score);
            cells.text(s.status.map_or("", |st| st.id()));
        }
        let top = ranked.iter().take(TOP_RECOMMENDATIONS);
        cells.ids(&mut top.map(|i| &q.recommendations[*i].id));
        cells.text(&text(&meta.respondent));
        cells.text(&text(&meta.role));
        cells.text(&meta.date);
        let (file, row) = source.unzip();
        cells.text(&text(file.unwrap_or_default()));
        cells.count(row);
    }
}

/// Appends `ids` to `out`, separated by `;`.
fn join(out: &mut Vec<u8>, ids: &mut dyn Iterator<Item = &String>) {
    for (n, id) in ids.enumerate() {
        if n > 0 {
            out.push(b';');
        }
        out.extend_from_slice(id.as_bytes());
    }
}

/// The header of `answers.csv` (`--detail`).
pub const ANSWERS_HEADER: [&str; 8] = [
    "id",
    "section",
    "question",
    "answer",
    "value",
    "weight",
    "contribution",
    "flag",
];

/// The rows of `answers.csv` for one assessment: one per question.
pub fn answers_rows(
    q: &Questionnaire,
    meta: &Meta,
    a: &Assessment,
    responses: &Responses,
) -> Vec<[String; 8]> {
    (0..q.question_count())
        .map(|i| {
            let question = q.question_at(i);
            let r = &a.questions[i];
            let flag = match r.state {
                _ if r.critical_failure => "critical",
                State::DontKnow => "dont_know",
                State::NotApplicable => "not_applicable",
                State::NotRelevant => "not_relevant",
                State::Unanswered => "unanswered",
                State::Answered => "",
            };
            [
                neutralise(&meta.id).into_owned(),
                q.sections[q.section_of(i)].id.clone(),
                question.id.clone(),
                neutralise(&input_text(q, responses, i)).into_owned(),
                r.value.map_or_else(String::new, |v| format!("{:.3}", v)),
                if question.is_scored() {
                    question.weight.to_string()
                } else {
                    String::new()
                },
                num(r.contribution),
                flag.to_string(),
            ]
        })
        .collect()
}

/// Answer `i` as people would write it in the input: option ids, a number, or the text.
fn input_text(q: &Questionnaire, r: &Responses, i: usize) -> String {
    match r.given[i].as_ref().map(|x| x.to_value(q.question_at(i))) {
        None => String::new(),
        Some(AnswerValue::Text(s)) => s,
        Some(AnswerValue::List(v)) => v.join("|"),
        Some(AnswerValue::Number(n)) => n.to_string(),
    }
}

/// The header of `recommendations.csv` (`--detail`).
pub const RECOMMENDATIONS_HEADER: [&str; 6] = [
    "id",
    "rank",
    "recommendation",
    "pathway",
    "priority",
    "horizon",
];

/// The rows of `recommendations.csv` for one assessment.
pub fn recommendation_rows(q: &Questionnaire, meta: &Meta, ranked: &[usize]) -> Vec<[String; 6]> {
    ranked
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let r = &q.recommendations[*i];
            [
                neutralise(&meta.id).into_owned(),
                (n + 1).to_string(),
                r.id.clone(),
                r.pathway.clone(),
                r.priority.to_string(),
                r.horizon.clone(),
            ]
        })
        .collect()
}

/// The header of `groups.csv`.
pub fn groups_header(q: &Questionnaire, column: &str) -> Vec<String> {
    let mut h: Vec<String> = vec![
        // The name of an input column: it may be anything.
        neutralise(column).into_owned(),
        "n".into(),
        "index_mean".into(),
        "index_min".into(),
        "index_max".into(),
        "index_sd".into(),
        "stage".into(),
        "stage_uncapped".into(),
        "binding_preconditions".into(),
    ];
    for s in &q.sections {
        h.push(format!("{}_mean", s.id));
        h.push(format!("{}_status", s.id));
    }
    h
}

/// One row of `groups.csv`.
pub fn groups_row(q: &Questionnaire, key: &str, acc: &Acc) -> Vec<String> {
    let g = acc.combined(q);
    let binding: Vec<&str> = g
        .binding_preconditions
        .iter()
        .map(|i| q.sections[*i].id.as_str())
        .collect();
    let mut r = vec![
        neutralise(key).into_owned(),
        acc.n.to_string(),
        num(acc.index.mean()),
        num(acc.index.min),
        num(acc.index.max),
        num(acc.index.sd()),
        stage(q, g.stage).to_string(),
        stage(q, g.stage_uncapped).to_string(),
        binding.join(";"),
    ];
    for s in &g.sections {
        r.push(num(s.score));
        r.push(s.status.map_or_else(String::new, |st| st.id().to_string()));
    }
    r
}

/// The header of `errors.csv`.
pub const ERRORS_HEADER: [&str; 5] = ["file", "row", "column", "value", "message"];

/// One row of `errors.csv`.
pub fn errors_row(p: &RowProblem) -> [String; 5] {
    [
        neutralise(&p.file).into_owned(),
        p.row.to_string(),
        neutralise(&p.column).into_owned(),
        neutralise(&p.value).into_owned(),
        // Messages start with a quote or a word, but they quote input: stay safe anyway.
        neutralise(&p.message).into_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_have_one_decimal() {
        let got: Vec<String> = [Some(41.25), Some(0.0), Some(100.0), Some(0.15), None]
            .into_iter()
            .map(num)
            .collect();
        assert_eq!(got, ["41.3", "0.0", "100.0", "0.2", ""]);
        for odd in [-0.0, -0.04, 1e300] {
            assert_eq!(num(Some(odd)), fmt1(Some(odd)));
        }
    }

    proptest! {
        #[test]
        fn num_writes_what_fmt1_shows(v in -1e6f64..1e6) {
            prop_assert_eq!(num(Some(v)), fmt1(Some(v)));
        }

        #[test]
        fn num_writes_what_fmt1_shows_for_scores(tenths in 0u32..=1000, ulps in -4i64..=4) {
            let v = f64::from_bits((f64::from(tenths) / 10.0 + 0.05).to_bits().wrapping_add_signed(ulps));
            prop_assert_eq!(num(Some(v)), fmt1(Some(v)));
        }
    }
}
