//! What the assessment says on screen, as plain text laid out for a width: the welcome,
//! section openings, question headers and the review table. Pure, so it is tested as text.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::prompt::wrap;
use super::question::Lang;
use crate::answers::Respondent;
use crate::country;
use crate::questionnaire::Questionnaire;
use crate::scoring::{Assessment, State};

/// The widest text block, even on a wide terminal: long lines are hard to read.
pub const MAX_WIDTH: usize = 100;

fn rule(width: usize) -> String {
    "─".repeat(width.min(MAX_WIDTH))
}

/// Shown before the respondent details of a new assessment.
pub fn welcome(q: &Questionnaire, l: &Lang<'_>, width: usize, drafts: &str) -> String {
    let w = width.min(MAX_WIDTH);
    let mut s = format!("{}\n", wrap(l.t(&q.title), w, 0));
    if let Some(d) = &q.description {
        s.push_str(&wrap(l.t(d), w, 0));
        s.push('\n');
    }
    s.push('\n');
    let how = format!(
        "{} questions in {} sections. Every list of answers ends with \"Don't know\" and \
         \"← Back\". Your answers are saved after each one in {drafts}, so you can stop at any \
         time with Esc or Ctrl-C and resume later. Before the result is computed you can \
         review and change every answer.",
        q.question_count(),
        q.sections.len()
    );
    s.push_str(&wrap(&how, w, 0));
    s.push_str("\n\nFirst, who is answering?");
    s
}

/// The opening of a section: "Section 2 of 4: Institutions and coordination, 3 questions".
pub fn section_intro(q: &Questionnaire, section: usize, l: &Lang<'_>, width: usize) -> String {
    let sec = &q.sections[section];
    let n = sec.questions.len();
    let head = format!(
        "Section {} of {}: {}, {n} question{}",
        section + 1,
        q.sections.len(),
        l.t(&sec.title),
        if n == 1 { "" } else { "s" }
    );
    let mut s = format!(
        "\n{}\n{}",
        rule(width),
        wrap(&head, width.min(MAX_WIDTH), 0)
    );
    if let Some(d) = &sec.description {
        s.push('\n');
        s.push_str(&wrap(l.t(d), width.min(MAX_WIDTH), 0));
    }
    s.push('\n');
    s.push_str(&rule(width));
    s
}

/// The header of a question: progress, text and help.
pub fn question_header(q: &Questionnaire, i: usize, l: &Lang<'_>, width: usize) -> String {
    let w = width.min(MAX_WIDTH);
    let question = q.question_at(i);
    let section = &q.sections[q.section_of(i)];
    let mut s = format!(
        "\nQuestion {} of {} · {}\n{}",
        i + 1,
        q.question_count(),
        l.t(&section.title),
        wrap(l.t(&question.text), w, 0)
    );
    if let Some(h) = &question.help {
        s.push('\n');
        s.push_str(&wrap(l.t(h), w, 2));
    }
    s
}

/// The country name, the organisation and the date of an assessment.
pub fn who(r: &Respondent) -> String {
    let name = r
        .country_name
        .clone()
        .or_else(|| country::by_alpha3(&r.country).map(|c| c.name.to_string()))
        .unwrap_or_else(|| r.country.clone());
    let who = [name.as_str(), r.organisation.as_str(), r.date.as_str()]
        .iter()
        .filter(|x| !x.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    // A draft file may hold anything: keep its escape sequences off the terminal.
    crate::output::strip_control(&who).into_owned()
}

/// The review table: per section, questions answered and what needs attention.
pub fn review(
    q: &Questionnaire,
    a: &Assessment,
    r: &Respondent,
    l: &Lang<'_>,
    width: usize,
) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width.min(MAX_WIDTH) as u16)
        .set_header(["Section", "Answered", "To check"]);
    let mut first = 0;
    for (section, result) in q.sections.iter().zip(&a.sections) {
        let range = first..first + section.questions.len();
        first = range.end;
        let na = range
            .filter(|i| a.questions[*i].state == State::NotApplicable)
            .count();
        let mut flags = Vec::new();
        let open = result.relevant - result.answered;
        if open > 0 {
            flags.push(format!("{open} not answered"));
        }
        if result.dont_know > 0 {
            flags.push(format!("{} don't know", result.dont_know));
        }
        if na > 0 {
            flags.push(format!("{na} not applicable"));
        }
        t.add_row(vec![
            Cell::new(l.t(&section.title)),
            Cell::new(format!("{} of {}", result.answered, result.relevant))
                .set_alignment(CellAlignment::Right),
            Cell::new(flags.join(", ")),
        ]);
    }
    let (answered, relevant) = totals(a);
    format!(
        "\n{}\nReview: {}\n{t}\n{answered} of {relevant} questions answered.",
        rule(width),
        who(r)
    )
}

/// Scored questions answered, and relevant.
pub fn totals(a: &Assessment) -> (usize, usize) {
    a.sections
        .iter()
        .fold((0, 0), |(x, y), s| (x + s.answered, y + s.relevant))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Responses;
    use crate::questionnaire;
    use crate::scoring;

    fn quick() -> Questionnaire {
        questionnaire::resolve("quick-scan").unwrap().0
    }

    const EN: Lang<'static> = Lang {
        lang: "en",
        default: "en",
    };

    #[test]
    fn a_section_opens_with_its_place_title_and_size() {
        let text = section_intro(&quick(), 1, &EN, 80);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[2],
            "Section 2 of 4: Institutions and coordination, 3 questions"
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 80));
    }

    #[test]
    fn a_question_shows_progress_text_and_help() {
        insta::assert_snapshot!(question_header(&quick(), 3, &EN, 80).trim_start(), @r"
        Question 4 of 11 · Institutions and coordination
        Is there a lead institution for e-government with a mandate and a budget?
          The lead institution is the body responsible for e-government across
          government: a ministry, an agency, or a unit in the presidency or the prime
          minister's office. Evidence: the decree or law giving the mandate, and the
          budget line.
        ");
    }

    #[test]
    fn the_review_counts_answers_per_section() {
        let q = quick();
        let mut responses = Responses::empty(q.question_count());
        responses.given[0] = Some(crate::answers::Response::DontKnow);
        responses.given[1] = Some(crate::answers::Response::Choice(2));
        let a = scoring::score(&q, &responses);
        let r = Respondent {
            country: "MUS".into(),
            organisation: "Ministry of ICT".into(),
            date: "2026-03-02".into(),
            ..Respondent::default()
        };
        insta::assert_snapshot!(review(&q, &a, &r, &EN, 80).trim_start(), @r"
        ────────────────────────────────────────────────────────────────────────────────
        Review: Mauritius, Ministry of ICT, 2026-03-02
        ┌────────────────────────────────┬──────────┬──────────────────────────────┐
        │ Section                        ┆ Answered ┆ To check                     │
        ╞════════════════════════════════╪══════════╪══════════════════════════════╡
        │ Local expertise and engagement ┆   2 of 3 ┆ 1 not answered, 1 don't know │
        │ Institutions and coordination  ┆   0 of 3 ┆ 3 not answered               │
        │ Legislative support            ┆   0 of 3 ┆ 3 not answered               │
        │ Capacity-building channels and ┆   0 of 2 ┆ 2 not answered               │
        │ cooperation                    ┆          ┆                              │
        └────────────────────────────────┴──────────┴──────────────────────────────┘
        2 of 11 questions answered.
        ");
    }
}
