//! `egready questionnaire list|show|validate`.

use std::io::Write;
use std::path::Path;

use comfy_table::presets::{UTF8_FULL, UTF8_FULL_CONDENSED};
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use crate::cli::QuestionnaireCommand;
use crate::error::{Error, ExitCode, Result};
use crate::questionnaire::{
    self, LoadError, Question, QuestionType, Questionnaire, SHIPPED, Source,
};

pub fn run(cmd: QuestionnaireCommand, out: &mut dyn Write) -> Result<ExitCode> {
    match cmd {
        QuestionnaireCommand::List { dir } => list(dir.as_deref(), out),
        QuestionnaireCommand::Show {
            questionnaire,
            lang,
        } => show(&questionnaire, lang.as_deref(), out),
        QuestionnaireCommand::Validate { files } => validate(&files, out),
    }
}

fn io(e: std::io::Error) -> Error {
    Error::from_stdout(e)
}

fn list(dir: Option<&Path>, out: &mut dyn Write) -> Result<ExitCode> {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Id", "Version", "Title", "Questions", "Source"]);
    let mut add = |q: &Questionnaire, source: &Source| {
        t.add_row(vec![
            Cell::new(&q.id),
            Cell::new(&q.version),
            Cell::new(q.title.get(q.default_language(), q.default_language())),
            Cell::new(q.question_count()).set_alignment(CellAlignment::Right),
            Cell::new(source.to_string()),
        ]);
    };
    for (id, _) in SHIPPED {
        let (q, source) = questionnaire::resolve(id)?;
        add(&q, &source);
    }
    let mut invalid = Vec::new();
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::Usage(format!(
                "could not list questionnaires in {}: {e}",
                dir.display()
            ))
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for p in paths {
            match questionnaire::load_file(&p) {
                Ok(q) => add(
                    &q,
                    &Source::File(crate::output::strip_control(&p.display().to_string()).into()),
                ),
                Err(_) => invalid.push(p.display().to_string()),
            }
        }
    }
    writeln!(out, "{t}").map_err(io)?;
    for p in invalid {
        // A file name read from the folder: it may hold anything.
        let p = crate::output::strip_control(&p);
        writeln!(
            out,
            "{p}: not a valid questionnaire (see: egready questionnaire validate {p})"
        )
        .map_err(io)?;
    }
    Ok(ExitCode::Success)
}

fn show(arg: &str, lang: Option<&str>, out: &mut dyn Write) -> Result<ExitCode> {
    let (q, source) = questionnaire::resolve(arg)?;
    let default = q.default_language().to_string();
    let lang = lang.unwrap_or(&default);
    let t = |text: &questionnaire::Text| text.get(lang, &default).to_string();
    writeln!(out, "{} ({} {}, {source})", t(&q.title), q.id, q.version).map_err(io)?;
    if let Some(d) = &q.description {
        writeln!(out, "{}", t(d)).map_err(io)?;
    }
    let s = &q.scoring;
    writeln!(
        out,
        "Preconditions are met at {} or more, partially met at {} or more, and need {:.0}% of \
         their questions answered.",
        s.met,
        s.partially_met,
        s.min_completeness * 100.0
    )
    .map_err(io)?;
    let stages: Vec<String> = q
        .stages
        .iter()
        .map(|st| format!("{} from {}", t(&st.label), st.min))
        .collect();
    writeln!(out, "Stages: {}.", stages.join(", ")).map_err(io)?;
    for (n, section) in q.sections.iter().enumerate() {
        let kind = if section.precondition {
            "precondition"
        } else {
            "not a precondition"
        };
        writeln!(
            out,
            "\nSection {} of {}: {} ({}, {kind}, weight {}, {} questions)",
            n + 1,
            q.sections.len(),
            t(&section.title),
            section.id,
            section.weight,
            section.questions.len()
        )
        .map_err(io)?;
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(["Question", "Type", "Answers (score)"]);
        for question in &section.questions {
            table.add_row(vec![
                format!("{}\n{}", question.id, t(&question.text)),
                type_note(question),
                answers_note(question, &t),
            ]);
        }
        writeln!(out, "{table}").map_err(io)?;
    }
    Ok(ExitCode::Success)
}

fn type_note(q: &Question) -> String {
    let mut parts = vec![q.kind.name().to_string()];
    if q.is_scored() && q.weight != 1.0 {
        parts.push(format!("weight {}", q.weight));
    }
    if let Some(c) = q.critical_below {
        parts.push(format!("critical below {c}"));
    }
    if q.relevant_if.is_some() {
        parts.push("conditional".to_string());
    }
    if q.allow_na {
        parts.push("N/A allowed".to_string());
    }
    parts.join(", ")
}

fn answers_note(q: &Question, t: &dyn Fn(&questionnaire::Text) -> String) -> String {
    match q.kind {
        QuestionType::Single | QuestionType::Multi => q
            .options
            .iter()
            .map(|o| format!("{}: {} ({})", o.id, t(&o.label), o.score))
            .collect::<Vec<_>>()
            .join("\n"),
        QuestionType::Number => {
            let unit = q
                .unit
                .as_ref()
                .map(|u| format!(" {}", t(u)))
                .unwrap_or_default();
            let bands: Vec<String> = q
                .bands
                .iter()
                .map(|b| format!("from {}: {}", b.from, b.score))
                .collect();
            format!(
                "{} to {}{unit}\n{}",
                q.min.unwrap_or_default(),
                q.max.unwrap_or_default(),
                bands.join("\n")
            )
        }
        QuestionType::Text => "free text (not scored)".to_string(),
    }
}

fn validate(files: &[String], out: &mut dyn Write) -> Result<ExitCode> {
    let mut errors: Vec<LoadError> = Vec::new();
    for f in files {
        match questionnaire::resolve(f) {
            Ok((q, _)) => writeln!(
                out,
                "{f}: valid ({} {}: {} sections, {} questions, {} recommendations, {} cases)",
                q.id,
                q.version,
                q.sections.len(),
                q.question_count(),
                q.recommendations.len(),
                q.cases.len()
            )
            .map_err(io)?,
            Err(e) => errors.push(e),
        }
    }
    match errors.len() {
        0 => Ok(ExitCode::Success),
        1 => Err(errors.remove(0).into()),
        n => {
            for e in &errors[..n - 1] {
                eprintln!("error: {e}");
            }
            Err(errors.remove(n - 1).into())
        }
    }
}
