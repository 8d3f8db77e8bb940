//! Tests of the flow with a scripted prompter and the tiny fixture questionnaire: lead (single,
//! evidence), staff (number, relevant if lead is "yes"), laws (multi with an exclusive
//! option), diaspora (single, N/A allowed), notes (text).

use super::super::prompt::Stop;
use super::super::prompt::script::{Script, Step, Step::*};
use super::*;
use crate::answers::{self, AnswerValue, Response};
use crate::questionnaire;

fn tiny() -> Questionnaire {
    let text = include_str!("../../../tests/fixtures/tiny.toml");
    questionnaire::parse("tiny.toml", text.as_bytes()).unwrap()
}

fn someone() -> Respondent {
    Respondent {
        id: "mus-2026-03-02-ministry-of-ict".into(),
        country: "MUS".into(),
        organisation: "Ministry of ICT".into(),
        role: "Director".into(),
        date: "2026-03-02".into(),
        ..Respondent::default()
    }
}

/// Keeps every draft saved.
#[derive(Default)]
struct Saved(Vec<AnswersFile>);

impl Saver for Saved {
    fn save(&mut self, file: &AnswersFile) -> Result<(), String> {
        self.0.push(file.clone());
        Ok(())
    }
}

const TODAY: Date = Date::constant(2026, 3, 2);

type Played<'q> = (Reply<End>, Script, Vec<AnswersFile>, Session<'q>);

/// Plays `steps` on `session`; returns how it ended, the script and the drafts saved.
fn play(session: Session<'_>, steps: Vec<Step>) -> Played<'_> {
    play_with(session, steps, true)
}

/// Plays `steps` on a new session of `someone()`.
fn play_fresh(q: &Questionnaire, steps: Vec<Step>) -> Played<'_> {
    play(Session::new(q, someone()), steps)
}

/// A new session of `someone()` with the answers `given` (question index, response).
fn answered<const N: usize>(q: &Questionnaire, given: [(usize, Response); N]) -> Session<'_> {
    let mut session = Session::new(q, someone());
    for (i, r) in given {
        session.responses.given[i] = Some(r);
    }
    session
}

fn play_with(session: Session<'_>, steps: Vec<Step>, evidence: bool) -> Played<'_> {
    let mut script = Script::new(steps);
    let mut saved = Saved::default();
    let mut flow = Flow::new(session, &mut script, &mut saved, evidence, TODAY);
    let end = flow.run();
    let session = flow.session;
    assert!(script.done(), "steps left over: {:?}", script.asked);
    (end, script, saved.0, session)
}

fn value(file: &AnswersFile, id: &str) -> Option<AnswerValue> {
    file.answers.get(id).map(|a| a.value.clone())
}

fn text(s: &str) -> Option<AnswerValue> {
    Some(AnswerValue::Text(s.to_string()))
}

fn headers(script: &Script) -> Vec<String> {
    script
        .shown
        .iter()
        .filter_map(|s| s.lines().find(|l| l.starts_with("Question ")))
        .map(|l| l.split(" · ").next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn asks_in_order_skips_what_is_not_relevant_and_saves_after_every_answer() {
    let q = tiny();
    let (end, script, saved, _) = play_fresh(
        &q,
        vec![
            Pick("No"),
            Type("Decree 12/2024"),
            Tick(vec!["Data protection", "None of these"]),
            Tick(vec!["None of these"]),
            Pick("Not applicable"),
            Type("All good"),
            Pick("Finish"),
        ],
    );
    assert_eq!(end, Ok(End::Finish));
    assert_eq!(
        headers(&script),
        [
            "Question 1 of 5",
            "Question 3 of 5",
            "Question 4 of 5",
            "Question 5 of 5"
        ]
    );
    assert!(
        script
            .shown
            .iter()
            .any(|s| s.contains("Section 1 of 2: Basics, 3 questions"))
    );
    assert!(
        script
            .shown
            .iter()
            .any(|s| s.contains("Section 2 of 2: Other, 2 questions"))
    );
    assert_eq!(
        script.rejected,
        ["\"None of these\" goes alone: untick it, or untick the others."]
    );
    // One save per answer and one per comment.
    assert_eq!(saved.len(), 5);
    assert_eq!(saved[0].answers.len(), 1);
    assert_eq!(saved[0].status, Completion::Draft);
    let last = saved.last().unwrap();
    assert_eq!(value(last, "lead"), text("no"));
    assert_eq!(
        last.answers["lead"].comment.as_deref(),
        Some("Decree 12/2024")
    );
    assert_eq!(
        value(last, "laws"),
        Some(AnswerValue::List(vec!["none".into()]))
    );
    assert_eq!(value(last, "diaspora"), text("not_applicable"));
    assert_eq!(value(last, "notes"), text("All good"));
}

#[test]
fn dont_know_and_not_applicable_are_offered_where_allowed() {
    let q = tiny();
    let (_, script, _, _) = play_fresh(
        &q,
        vec![
            Pick("Don't know"),
            Type(""),
            Tick(vec!["Don't know"]),
            Pick("Yes"),
            Type(""),
            Pick("Stop here"),
        ],
    );
    assert_eq!(script.offered[0], ["No", "Yes", "Don't know"]);
    assert_eq!(
        script.offered[1],
        ["No", "Yes", "Don't know", "Not applicable", BACK]
    );
}

#[test]
fn a_number_is_checked_and_a_decimal_comma_accepted() {
    let q = tiny();
    let (_, script, saved, _) = play_fresh(
        &q,
        vec![
            Pick("Yes"),
            Type(""),
            Type("twelve"),
            Type("900"),
            Type("12,5"),
            Interrupt,
        ],
    );
    assert_eq!(
        script.rejected,
        [
            "\"twelve\" is not a number. Type a number from 0 to 500 people, or ? if you do not know.",
            "900 is out of range: type a number from 0 to 500 people."
        ]
    );
    assert_eq!(
        value(saved.last().unwrap(), "staff"),
        Some(AnswerValue::Number(12.5))
    );
}

#[test]
fn back_returns_to_the_previous_question_with_its_answer_highlighted() {
    let q = tiny();
    let (end, script, _, session) = play_fresh(
        &q,
        vec![
            Pick("Yes"),
            Type(""),
            Type("<"),
            Pick("No"),
            Type(""),
            Tick(vec![BACK]),
            Pick("No"),
            Type("<"),
            Pick("Yes"),
            Type(""),
            Type("3"),
            Interrupt,
        ],
    );
    assert_eq!(end, Err(Stop::Interrupted));
    assert_eq!(
        headers(&script),
        [
            "Question 1 of 5",
            "Question 2 of 5",
            "Question 1 of 5",
            "Question 3 of 5",
            "Question 1 of 5",
            "Question 1 of 5",
            "Question 2 of 5",
            "Question 3 of 5"
        ]
    );
    // Going back shows the answer given before.
    assert_eq!(script.started_at[1], "Yes");
    assert_eq!(session.responses.given[1], Some(Response::Number(3.0)));
}

#[test]
fn an_interrupted_assessment_resumes_at_the_first_open_question_and_ends_the_same() {
    let q = tiny();
    let all = vec![
        Pick("Yes"),
        Type("Decree"),
        Type("7"),
        Tick(vec!["Electronic signatures", "Data protection"]),
        Pick("Yes"),
        Type(""),
        Pick("Finish"),
    ];
    let (_, _, _, straight) = play_fresh(&q, all.clone());

    let (end, _, saved, _) = play_fresh(&q, [&all[..3], &[Interrupt]].concat());
    assert_eq!(end, Err(Stop::Interrupted));
    let draft = saved.last().unwrap().clone();
    let responses = answers::check(&q, "draft", &draft).unwrap();
    let resumed = Session {
        q: &q,
        respondent: draft.respondent,
        responses,
    };
    assert_eq!(resumed.resume_point(), Some(2));
    let (end, script, _, resumed) = play(resumed, all[3..].to_vec());
    assert_eq!(end, Ok(End::Finish));
    assert_eq!(headers(&script)[0], "Question 3 of 5");
    assert_eq!(
        resumed.to_file(Completion::Complete),
        straight.to_file(Completion::Complete)
    );
}

#[test]
fn the_review_changes_an_answer_and_then_asks_what_it_opened() {
    let q = tiny();
    let (end, script, _, session) = play_fresh(
        &q,
        vec![
            Pick("No"),
            Type(""),
            Tick(vec!["None of these"]),
            Pick("No"),
            Type(""),
            Pick("Change an answer"),
            Pick(" 1. Is there a lead agency?"),
            Pick("Yes"),
            Type(""),
            Pick("Answer the 1 open question"),
            Type("40"),
            Pick("Finish"),
        ],
    );
    assert_eq!(end, Ok(End::Finish));
    let listed = &script.offered[3][0];
    assert!(
        listed.starts_with(" 1. Is there a lead agency?    "),
        "{listed}"
    );
    assert!(listed.ends_with("  No"), "{listed}");
    assert_eq!(listed.chars().count(), 4 + 49 + 2 + 2);
    assert_eq!(session.responses.given[0], Some(Response::Choice(1)));
    assert_eq!(session.responses.given[1], Some(Response::Number(40.0)));
}

#[test]
fn finishing_with_open_questions_asks_first() {
    let q = tiny();
    let session = answered(
        &q,
        [
            (0, Response::Choice(0)),
            (2, Response::DontKnow),
            (3, Response::DontKnow),
        ],
    );
    let (end, script, _, _) = play(
        session,
        vec![
            Type(""),
            Pick("Change an answer"),
            Pick(" 1."),
            Pick("Yes"),
            Type(""),
            Pick("Finish"),
            No,
            Pick("Finish"),
            Yes,
        ],
    );
    assert_eq!(end, Ok(End::Finish));
    assert!(
        script.asked.contains(
            &"1 question is not answered; the result will count it as missing. Finish anyway?"
                .to_string()
        )
    );
}

#[test]
fn a_text_question_left_empty_before_the_last_answer_is_not_the_resume_point() {
    let q = tiny();
    let mut session = Session::new(&q, someone());
    session.responses.given[0] = Some(Response::Choice(0));
    assert_eq!(session.resume_point(), Some(2));
    session.responses.given[2] = Some(Response::Choices(vec![2]));
    session.responses.given[3] = Some(Response::DontKnow);
    assert_eq!(session.resume_point(), Some(4));
    session.responses.given[4] = Some(Response::Text("x".into()));
    assert_eq!(session.resume_point(), None);
}

#[test]
fn the_respondent_details_can_be_changed_in_the_review() {
    let q = tiny();
    let mut session = answered(
        &q,
        [
            (0, Response::Choice(0)),
            (2, Response::DontKnow),
            (3, Response::DontKnow),
        ],
    );
    session.responses.given[4] = Some(Response::Text("x".into()));
    let (_, script, saved, session) = play(
        session,
        vec![
            Pick("Change the respondent details"),
            Pick("Rwanda"),
            Type("Ministry of ICT and Innovation"),
            Type(""),
            Type("Director"),
            Type(""),
            Pick("Stop here"),
        ],
    );
    assert_eq!(script.started_at[1], "Mauritius");
    assert_eq!(script.initial[0], "Ministry of ICT");
    assert_eq!(session.respondent.id, "rwa-2026-03-02-ministry-of-ict-and");
    assert_eq!(saved.last().unwrap().respondent.country, "RWA");
}

#[test]
fn a_complete_file_leaves_out_answers_that_are_no_longer_relevant() {
    let q = tiny();
    let mut session = Session::new(&q, someone());
    session.responses.given[0] = Some(Response::Choice(0));
    session.responses.given[1] = Some(Response::Number(3.0));
    assert!(
        session
            .to_file(Completion::Draft)
            .answers
            .contains_key("staff")
    );
    assert!(
        !session
            .to_file(Completion::Complete)
            .answers
            .contains_key("staff")
    );
}

#[test]
fn without_evidence_no_comment_is_asked() {
    let q = tiny();
    let (_, script, saved, _) = play_with(
        Session::new(&q, someone()),
        vec![Pick("No"), Interrupt],
        false,
    );
    assert!(!script.asked.iter().any(|m| m.starts_with("Evidence")));
    assert_eq!(saved.len(), 1);
}
