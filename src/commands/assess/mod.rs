//! `egready assess`: a civil servant answers a questionnaire in the terminal. The draft is
//! saved after every answer; Esc or Ctrl-C stops with everything saved; `--resume` continues;
//! a review allows changing any answer; the end prints the result and writes the files.
//!
//! Files: [`flow`] decides what is asked when, through the [`prompt::Prompter`] trait
//! ([`terminal`] for people, a script for tests); [`question`] turns a question into a prompt
//! and back, with [`number`] reading typed numbers; [`screen`] lays out text; [`respondent`]
//! asks who answers; [`drafts`] reads and writes files atomically; [`end`] finishes or
//! pauses.

mod drafts;
mod end;
mod flow;
mod number;
mod prompt;
mod question;
mod respondent;
mod screen;
mod terminal;
#[cfg(test)]
mod test_support;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::answers::{self, AnswersFile, Completion, Responses};
use crate::cli::AssessArgs;
use crate::error::{Error, ExitCode, Result};
use crate::questionnaire::{self, DEFAULT_ID, Questionnaire, SHIPPED, Source};
use drafts::{DraftFile, Unusable};
use flow::{End, Flow, Saver, Session};
use prompt::{Choose, Entry, Prompter, Stop};
use question::Lang;
use terminal::Terminal;

const NOT_A_TERMINAL: &str = "egready assess asks its questions in a terminal, but standard input \
or output is not a terminal (a pipe, a file or CI). To score an answers file that is already \
filled in, use `egready report ANSWERS.json`; to score many assessments from a spreadsheet, use \
`egready score FILE.csv`.";

const BEFORE_FIRST_ANSWER: &str = "Stopped before the first answer; nothing was saved.";
const NOTHING_CHANGED: &str = "Stopped; no file was changed.";

/// Runs `egready assess`.
pub fn run(args: &AssessArgs, out: &mut dyn Write) -> Result<ExitCode> {
    // inquire reads keys from /dev/tty even when stdin is a pipe, so check both ends here.
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        return Err(Error::Usage(NOT_A_TERMINAL.to_string()));
    }
    let mut term = Terminal::new();
    let today = jiff::Zoned::now().date();
    let Start {
        q,
        q_file: source,
        resume,
    } = match choose(args, &mut term)? {
        Chosen::Go(start) => *start,
        Chosen::Quit(code) => return Ok(code),
    };
    let (session, path) = match begin(&q, resume, args, &mut term, today)? {
        Ok(begun) => begun,
        Err(code) => return Ok(code),
    };
    let mut saver = DraftFile { path };
    // Answering only makes sense if the answers can be kept: check the folder before the
    // first question, not after the tenth.
    saver
        .save(&session.to_file(Completion::Draft))
        .map_err(|e| {
            Error::Output(format!(
                "{e}. Choose a folder you can write to with --drafts DIR."
            ))
        })?;
    term.saving();
    let mut flow = Flow::new(session, &mut term, &mut saver, !args.no_evidence, today);
    let end = flow.run();
    let session = flow.session;
    let width = term.width();
    let resume = end::resume_command(&saver.path, source.as_deref());
    match end {
        Ok(End::Finish) => end::finish(&session, args, &saver.path, &resume, out),
        Ok(End::Pause) => end::paused(&session, &mut saver, &resume, width, out, ExitCode::Success),
        Err(Stop::Interrupted) => end::paused(
            &session,
            &mut saver,
            &resume,
            width,
            out,
            ExitCode::Interrupted,
        ),
        Err(Stop::Failed(e)) => {
            end::paused(&session, &mut saver, &resume, width, out, ExitCode::Failure)?;
            Err(Error::Other(anyhow::anyhow!("the terminal failed: {e}")))
        }
    }
}

/// The session to run and its draft's path, from a resumed draft or from a new respondent;
/// or the exit code when the respondent stopped before the first question.
fn begin<'q>(
    q: &'q Questionnaire,
    resume: Option<Resumed>,
    args: &AssessArgs,
    term: &mut Terminal,
    today: jiff::civil::Date,
) -> Result<std::result::Result<(Session<'q>, PathBuf), ExitCode>> {
    if let Some(Resumed {
        path,
        file,
        responses,
    }) = resume
    {
        let session = Session {
            q,
            respondent: file.respondent,
            responses,
        };
        let (answered, total) = session.progress();
        term.show(&format!(
            "Resuming {}: {answered} of {total} questions answered.",
            screen::who(&session.respondent)
        ));
        return Ok(Ok((session, path)));
    }
    let lang = Lang {
        lang: q.default_language(),
        default: q.default_language(),
    };
    // Find out now, not after the respondent has typed their details, if drafts cannot be
    // saved there.
    std::fs::create_dir_all(&args.drafts)
        .and_then(|()| tempfile::NamedTempFile::new_in(&args.drafts).map(drop))
        .map_err(|e| {
            Error::Output(format!(
                "cannot save drafts in {}: {e}. Choose a folder you can write to with --drafts DIR.",
                args.drafts.display()
            ))
        })?;
    let drafts_dir = args.drafts.display().to_string();
    term.show(&screen::welcome(q, &lang, term.width(), &drafts_dir));
    let respondent = match respondent::ask(term, None, today) {
        Ok(r) => r,
        Err(stop) => return stopped_early(stop, BEFORE_FIRST_ANSWER).map(Err),
    };
    let name = drafts::free_name(&args.drafts, &drafts::file_stem(&respondent.id), &[".json"]);
    let path = args.drafts.join(format!("{name}.json"));
    Ok(Ok((Session::new(q, respondent), path)))
}

/// The questionnaire, and the draft to resume if any.
struct Start {
    q: Questionnaire,
    /// The questionnaire's file, when it is not shipped (needed again to resume).
    q_file: Option<String>,
    resume: Option<Resumed>,
}

/// A draft to continue.
struct Resumed {
    path: PathBuf,
    file: AnswersFile,
    responses: Responses,
}

enum Chosen {
    Go(Box<Start>),
    Quit(ExitCode),
}

fn go(q: Questionnaire, q_file: Option<String>, resume: Option<Resumed>) -> Chosen {
    Chosen::Go(Box::new(Start { q, q_file, resume }))
}

/// The questionnaire, and whether to resume a draft or start anew.
fn choose(args: &AssessArgs, term: &mut Terminal) -> Result<Chosen> {
    if let Some(path) = &args.resume {
        return resume(path, args, term);
    }
    let (q, source) = load(args)?;
    let (found, notes) = drafts::scan(&args.drafts, &q);
    for note in notes {
        term.show(&format!("note: {note}"));
    }
    let mut usable = Vec::new();
    for f in found {
        match answers::check(&q, &f.path.display().to_string(), &f.file) {
            Ok(responses) => usable.push((f, responses)),
            Err(e) => term.show(&format!("note: {e}")),
        }
    }
    if usable.is_empty() {
        return Ok(go(q, source, None));
    }
    let mut entries: Vec<Entry> = usable
        .iter()
        .map(|(f, responses)| {
            let session = Session {
                q: &q,
                respondent: f.file.respondent.clone(),
                responses: responses.clone(),
            };
            let (answered, total) = session.progress();
            Entry::with_detail(
                format!(
                    "Resume {}: {answered} of {total} answered",
                    screen::who(&f.file.respondent)
                ),
                Some(format!("{}, saved {}", f.path.display(), f.saved)),
            )
        })
        .collect();
    entries.push(Entry::plain("Start a new assessment"));
    let n = usable.len();
    let message = if n == 1 {
        "A draft of this questionnaire was found. Resume it, or start anew?".to_string()
    } else {
        format!("{n} drafts of this questionnaire were found. Resume one, or start anew?")
    };
    let picked = match term.select(&Choose {
        message: &message,
        entries,
        start: 0,
        searchable: false,
    }) {
        Ok(i) => i,
        Err(stop) => return stopped_early(stop, NOTHING_CHANGED).map(Chosen::Quit),
    };
    Ok(match usable.into_iter().nth(picked) {
        Some((f, responses)) => go(
            q,
            source,
            Some(Resumed {
                path: f.path,
                file: f.file,
                responses,
            }),
        ),
        None => go(q, source, None),
    })
}

/// The questionnaire of `--questionnaire`, or the default; and its file if not shipped.
fn load(args: &AssessArgs) -> Result<(Questionnaire, Option<String>)> {
    let (q, source) = questionnaire::resolve(args.questionnaire.as_deref().unwrap_or(DEFAULT_ID))?;
    Ok(match source {
        Source::File(f) => (q, Some(f)),
        Source::Shipped(_) => (q, None),
    })
}

/// Opens the draft given with `--resume`.
fn resume(path: &Path, args: &AssessArgs, term: &mut Terminal) -> Result<Chosen> {
    let file = match drafts::read(path) {
        Ok(file) => file,
        Err(Unusable::Unreadable(e)) => return Err(e.into()),
        Err(Unusable::Damaged(e)) => {
            let aside = drafts::set_aside(path).map_err(|io| {
                Error::Output(format!(
                    "{e}\nThe damaged draft could not be set aside ({io}); it was left as it is."
                ))
            })?;
            term.show(&format!(
                "The draft cannot be resumed: {e}\nIt was renamed to {} so that nothing is lost.",
                aside.display()
            ));
            return match term.confirm("Start a new assessment instead?", true) {
                Ok(true) => {
                    let (q, source) = load(args)?;
                    Ok(go(q, source, None))
                }
                Ok(false) => {
                    eprintln!("The damaged draft is kept as {}.", aside.display());
                    Ok(Chosen::Quit(ExitCode::Answers))
                }
                Err(stop) => {
                    let kept =
                        format!("Stopped; the damaged draft is kept as {}.", aside.display());
                    stopped_early(stop, &kept).map(Chosen::Quit)
                }
            };
        }
    };
    let arg = args.questionnaire.as_deref();
    let q =
        super::report::questionnaire_for(arg, &file.questionnaire.id, &path.display().to_string())?;
    let source = arg.filter(|a| !SHIPPED.iter().any(|(id, _)| id == a));
    let responses = answers::check(&q, &path.display().to_string(), &file)?;
    let path = if file.status == Completion::Complete {
        let name = drafts::free_name(
            &args.drafts,
            &drafts::file_stem(&file.respondent.id),
            &[".json"],
        );
        let copy = args.drafts.join(format!("{name}.json"));
        term.show(&format!(
            "{} is a finished assessment. Its answers are copied to a new draft, {}; the file \
             itself is not changed.",
            path.display(),
            copy.display()
        ));
        copy
    } else {
        path.to_path_buf()
    };
    Ok(go(
        q,
        source.map(String::from),
        Some(Resumed {
            path,
            file,
            responses,
        }),
    ))
}

/// Stopped before a draft was opened or started: nothing to save.
fn stopped_early(stop: Stop, what: &str) -> Result<ExitCode> {
    match stop {
        Stop::Interrupted => {
            eprintln!("\n{what}");
            Ok(ExitCode::Interrupted)
        }
        Stop::Failed(e) => Err(Error::Other(anyhow::anyhow!("the terminal failed: {e}"))),
    }
}
