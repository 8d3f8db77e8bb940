//! The end of a session: finished (score, print the result, write the files) or paused
//! (save the draft, say how to resume).

use std::io::{self, Write};
use std::path::Path;

use super::drafts::{self, DraftFile};
use super::flow::{Saver, Session};
use crate::answers::{self, Completion};
use crate::cli::AssessArgs;
use crate::error::{Error, ExitCode, Result};
use crate::report::csv::CsvReport;
use crate::report::table::TableReport;
use crate::report::{Render, Scored};
use crate::scoring;

/// The command that continues a draft.
pub fn resume_command(path: &Path, questionnaire_file: Option<&str>) -> String {
    let mut cmd = format!(
        "egready assess --resume {}",
        quote(&path.display().to_string())
    );
    if let Some(file) = questionnaire_file {
        cmd.push_str(&format!(" --questionnaire {}", quote(file)));
    }
    cmd
}

fn quote(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Saves the draft once more and says how to resume.
pub fn paused(
    session: &Session<'_>,
    saver: &mut DraftFile,
    resume: &str,
    width: usize,
    out: &mut dyn Write,
    code: ExitCode,
) -> Result<ExitCode> {
    let file = session.to_file(Completion::Draft);
    if let Err(e) = saver.save(&file) {
        // Last resort, so that no answer is lost: the draft goes to the screen.
        let _ = out.write_all(&drafts::to_json(&file));
        return Err(Error::Output(format!(
            "{e}. The answers are printed above: copy them into a file and resume it with \
             egready assess --resume FILE."
        )));
    }
    // The command goes on a line of its own when it would not fit, so that it can be copied.
    let fits = "Resume with: ".len() + resume.chars().count() < width;
    let gap = if fits { " " } else { "\n  " };
    eprintln!(
        "\nProgress saved to {}.\nResume with:{gap}{resume}",
        saver.path.display()
    );
    Ok(code)
}

/// Scores the finished assessment, prints the result and writes the files.
pub fn finish(
    session: &Session<'_>,
    args: &AssessArgs,
    draft: &Path,
    resume: &str,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let q = session.q;
    let file = session.to_file(Completion::Complete);
    let responses = answers::check(q, "the finished assessment", &file)?;
    let assessment = scoring::score(q, &responses);
    let advice = crate::recommend::recommend(q, &responses, &assessment);
    let scored = Scored {
        questionnaire: q,
        answers: &file,
        responses: &responses,
        assessment: &assessment,
        advice: &advice,
        lang: q.default_language(),
    };
    let io_err = |e: io::Error| Error::from_stdout(e);
    writeln!(out).map_err(io_err)?;
    TableReport { width: None }
        .render(&scored, out)
        .map_err(io_err)?;
    // A UTF-8 byte-order mark, so that Excel on Windows shows "Ministère" and not
    // "MinistÃ¨re" when the file is double-clicked; CSV readers skip it.
    let mut csv = crate::output::UTF8_BOM.to_vec();
    CsvReport { header: true }
        .render(&scored, &mut csv)
        .map_err(|e| Error::Other(e.into()))?;
    let stem = drafts::file_stem(&file.respondent.id);
    let name = drafts::free_name(&args.out, &stem, &["-answers.json", ".csv"]);
    let answers_path = args.out.join(format!("{name}-answers.json"));
    let csv_path = args.out.join(format!("{name}.csv"));
    for (path, bytes) in [(&answers_path, drafts::to_json(&file)), (&csv_path, csv)] {
        drafts::write_new(path, &bytes).map_err(|e| {
            Error::Output(format!(
                "could not write {}: {e}. Your answers are safe in the draft {}; resume with: \
                 {resume}",
                path.display(),
                draft.display()
            ))
        })?;
    }
    writeln!(
        out,
        "\nAnswers: {}\nResult:  {}",
        answers_path.display(),
        csv_path.display()
    )
    .map_err(io_err)?;
    if args.pdf {
        use crate::commands::pdf_out;
        let mut names = pdf_out::Names::new(&args.out, args.pdf_options.force);
        // Prints "wrote PATH (N pages, K KB)" itself.
        pdf_out::write_assessment(&scored, pdf_out::paper(args.pdf_options.paper), &mut names)?;
    }
    // The answers file now holds everything the draft held; the draft would only clutter
    // the list of drafts offered for resuming.
    if let Err(e) = std::fs::remove_file(draft) {
        super::super::warn(&format!(
            "the draft {} could not be removed: {e}",
            draft.display()
        ));
    }
    Ok(ExitCode::Success)
}
