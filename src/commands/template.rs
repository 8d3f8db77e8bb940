//! `egready template`: the CSV input template for batch scoring, and its data dictionary.

use std::path::{Path, PathBuf};

use crate::batch::columns::META;
use crate::cli::TemplateArgs;
use crate::error::{Error, ExitCode, Result};
use crate::output::write_csv_atomic;
use crate::questionnaire::{self, Question, QuestionType, Questionnaire};

pub fn run(args: &TemplateArgs) -> Result<ExitCode> {
    let q = questionnaire::resolve(
        args.questionnaire
            .as_deref()
            .unwrap_or(questionnaire::DEFAULT_ID),
    )?
    .0;
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(format!("{}-template.csv", q.id)));
    let header = template_header(&q);
    write(&path, |w| w.write_record(&header))?;
    eprintln!("wrote {} ({} columns)", path.display(), header.len());
    if let Some(dict) = &args.dictionary {
        let rows = dictionary(&q);
        write(dict, |w| {
            w.write_record(DICTIONARY_HEADER)?;
            rows.iter().try_for_each(|r| w.write_record(r))
        })?;
        eprintln!(
            "wrote {} ({} columns described)",
            dict.display(),
            rows.len()
        );
    }
    Ok(ExitCode::Success)
}

fn write(
    path: &Path,
    fill: impl FnOnce(&mut csv::Writer<&mut dyn std::io::Write>) -> csv::Result<()>,
) -> Result<()> {
    write_csv_atomic(path, fill).map_err(|e| Error::Output(e.to_string()))
}

/// The template's columns: the respondent's details, then one per question in order.
pub fn template_header(q: &Questionnaire) -> Vec<String> {
    META.iter()
        .map(|m| m.to_string())
        .chain(q.questions().map(|(_, x)| x.id.clone()))
        .collect()
}

const DICTIONARY_HEADER: [&str; 8] = [
    "column",
    "section",
    "question",
    "type",
    "allowed_values",
    "range",
    "unit",
    "how_to_answer",
];

/// One row per template column.
pub fn dictionary(q: &Questionnaire) -> Vec<[String; 8]> {
    let lang = q.default_language();
    let t = |text: &questionnaire::Text| text.get(lang, lang).to_string();
    let meta = [
        (
            "id",
            "Required. A unique name for the row, e.g. mus-2026-ict.",
        ),
        (
            "country",
            "ISO 3166-1 alpha-3 (MUS) or alpha-2 (MU) code, or the English name (Mauritius).",
        ),
        ("organisation", "The ministry or agency assessed."),
        ("respondent", "Who answered (optional)."),
        ("role", "The respondent's role."),
        ("date", "Date of the answers, YYYY-MM-DD."),
    ];
    let mut rows: Vec<[String; 8]> = meta
        .iter()
        .map(|(c, how)| {
            [
                c.to_string(),
                String::new(),
                String::new(),
                "respondent".into(),
                String::new(),
                String::new(),
                String::new(),
                how.to_string(),
            ]
        })
        .collect();
    for (si, question) in q.questions() {
        rows.push([
            question.id.clone(),
            t(&q.sections[si].title),
            t(&question.text),
            question.kind.name().to_string(),
            allowed(question, &t),
            match question.kind {
                QuestionType::Number => format!(
                    "{} to {}",
                    question.min.unwrap_or_default(),
                    question.max.unwrap_or_default()
                ),
                _ => String::new(),
            },
            question.unit.as_ref().map(&t).unwrap_or_default(),
            how_to(question),
        ]);
    }
    rows
}

fn allowed(q: &Question, t: &dyn Fn(&questionnaire::Text) -> String) -> String {
    match q.kind {
        QuestionType::Single | QuestionType::Multi => q
            .options
            .iter()
            .map(|o| format!("{} = {} (score {})", o.id, t(&o.label), o.score))
            .collect::<Vec<_>>()
            .join("; "),
        QuestionType::Number => q
            .bands
            .iter()
            .map(|b| format!("from {}: score {}", b.from, b.score))
            .collect::<Vec<_>>()
            .join("; "),
        QuestionType::Text => String::new(),
    }
}

fn how_to(q: &Question) -> String {
    let special = if q.allow_na {
        "dont_know if unknown, na if not applicable"
    } else {
        "dont_know if unknown"
    };
    match q.kind {
        QuestionType::Single => format!("One option id or label; {special}; empty = not answered."),
        QuestionType::Multi => format!(
            "Option ids or labels separated by | (or ; when ; is not the delimiter); {special}; empty = not answered."
        ),
        QuestionType::Number => {
            format!(
                "A number, with . or , as decimal mark and no thousands separator but spaces (1,500 is refused as unclear: write 1500 or 1.5); {special}; empty = not answered."
            )
        }
        QuestionType::Text => "Free text (not scored).".to_string(),
    }
}
