//! `egready report`: score one answers file and print the result.

use std::io::Write;

use super::pdf_out;
use crate::answers;
use crate::cli::{Format, ReportArgs};
use crate::error::{Error, ExitCode, Result};
use crate::questionnaire::{self, Questionnaire, SHIPPED};
use crate::recommend;
use crate::report::json::JsonReport;
use crate::report::table::TableReport;
use crate::report::{Render, Scored};
use crate::scoring;

pub fn run(args: &ReportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let file = args.answers.display().to_string();
    let answers = answers::read(&args.answers)?;
    let q = questionnaire_for(
        args.questionnaire.as_deref(),
        &answers.questionnaire.id,
        &file,
    )?;
    let responses = answers::check(&q, &file, &answers)?;
    let assessment = scoring::score(&q, &responses);
    if answers.status == answers::Completion::Draft {
        super::warn(&format!(
            "{file} is a draft: the result counts only the answers given so far"
        ));
    }
    for i in assessment.ignored_answers(&responses) {
        let id = &q.question_at(i).id;
        super::warn(&format!(
            "{file}: answers.{id} is ignored: the question is not relevant given the other answers"
        ));
    }
    let lang = if q.languages.contains(&answers.language) {
        answers.language.as_str()
    } else {
        q.default_language()
    };
    let advice = recommend::recommend_in(&q, &responses, &assessment, lang);
    let scored = Scored {
        questionnaire: &q,
        answers: &answers,
        responses: &responses,
        assessment: &assessment,
        advice: &advice,
        lang,
    };
    if args.pdf {
        let mut names = pdf_out::Names::new(&args.out, args.pdf_options.force);
        pdf_out::write_assessment(&scored, pdf_out::paper(args.pdf_options.paper), &mut names)?;
    }
    let renderer: Box<dyn Render> = match args.format {
        Format::Table => Box::new(TableReport { width: None }),
        Format::Json => Box::new(JsonReport),
    };
    renderer
        .render(&scored, out)
        .map_err(|e| Error::Other(e.into()))?;
    Ok(ExitCode::Success)
}

/// The questionnaire given with `--questionnaire`, else the shipped one the answers (in
/// `file`) name.
pub fn questionnaire_for(arg: Option<&str>, named: &str, file: &str) -> Result<Questionnaire> {
    let arg = match arg {
        Some(a) => a,
        None if SHIPPED.iter().any(|(id, _)| *id == named) => named,
        None => {
            return Err(questionnaire::LoadError::NotShipped {
                file: file.to_string(),
                id: named.to_string(),
            }
            .into());
        }
    };
    Ok(questionnaire::resolve(arg)?.0)
}
