//! `egready assess` end to end: the real binary in a pseudo-terminal, answering the quick
//! scan as a respondent would, stopping with Ctrl-C and resuming; and the refusal without a
//! terminal.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::{Session, WaitStatus};
use predicates::str::contains;

mod common;

const DOWN: &str = "\x1b[B";
const DRAFT: &str = "reports/drafts/mus-2026-03-02-ministry-of-ict.json";
const ANSWERS: &str = "reports/mus-2026-03-02-ministry-of-ict-answers.json";
const CSV: &str = "reports/mus-2026-03-02-ministry-of-ict.csv";

/// The quick scan's questions: how many times to press Down, and the evidence to type (for
/// the questions that ask for it), or ticks for the checklist.
const ANSWERS_GIVEN: [(usize, Option<&str>); 11] = [
    (2, None),                   // le_civil_service_skills: A core team
    (2, None),                   // le_senior_leadership: A named champion
    (1, None),                   // le_private_sector: Resellers and support only
    (3, Some("Decree 45/2019")), // ic_lead_agency: Mandate and budget
    (2, Some("")),               // ic_strategy: Adopted
    (3, Some("")),               // ic_coordination_body: Meets regularly and decides
    (0, Some("")),               // lg_e_transactions: No law (critical)
    (1, Some("")),               // lg_data_protection: Draft
    (0, Some("")),               // lg_paper_requirements: tick the first only
    (2, None),                   // cb_coe: Training unit
    (1, None),                   // cb_training_abroad: Occasionally
];

fn spawn(dir: &Path, args: &[&str]) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_egready"));
    cmd.current_dir(dir)
        .arg("assess")
        .args(args)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color");
    let mut s = Session::spawn(cmd).expect("spawn egready in a pseudo-terminal");
    s.get_process_mut()
        .set_window_size(100, 40)
        .expect("set the window size");
    // Generous: a loaded CI machine may be slow, and a failing expect says what it waited for.
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

fn expect(s: &mut Session, text: &str) {
    if let Err(e) = s.expect(text) {
        panic!("waiting for {text:?}: {e}");
    }
}

/// Waits until the prompt is drawn (its help line is the last thing drawn), then types.
fn answer(s: &mut Session, keys: &str) {
    expect(s, "]");
    s.send(keys).expect("send keys");
}

/// Types a line into a text prompt: waits for the text to be echoed before pressing Enter.
fn type_line(s: &mut Session, text: &str) {
    expect(s, "]");
    if !text.is_empty() {
        s.send(text).expect("send text");
        expect(s, text);
    }
    s.send("\r").expect("send Enter");
}

fn respondent(s: &mut Session) {
    expect(s, "Country:");
    answer(s, "Mauritius");
    expect(s, "> Mauritius");
    s.send("\r").expect("send");
    expect(s, "Organisation:");
    type_line(s, "Ministry of ICT");
    expect(s, "Your name:");
    type_line(s, "");
    expect(s, "Your role:");
    type_line(s, "Director of e-government");
    expect(s, "Date of the assessment:");
    type_line(s, "2026-03-02");
}

fn question(s: &mut Session, n: usize) {
    let (downs, evidence) = ANSWERS_GIVEN[n - 1];
    expect(s, &format!("Question {n} of 11"));
    let confirm = if n == 9 { " \r" } else { "\r" };
    answer(s, &format!("{}{confirm}", DOWN.repeat(downs)));
    if let Some(text) = evidence {
        expect(s, "Evidence or comment");
        type_line(s, text);
    }
}

fn finish(s: &mut Session) -> String {
    expect(s, "What next?");
    answer(s, "\r");
    let (before, _) = {
        let m = s
            .expect("Result:")
            .unwrap_or_else(|e| panic!("waiting for the result: {e}"));
        (String::from_utf8_lossy(m.before()).into_owned(), ())
    };
    expect(s, ".csv");
    before
}

/// Waits for egready to exit, reading what it still prints so that it never blocks on a
/// full terminal; gives up (and kills it) after 30 seconds rather than hanging the suite.
fn exit_code(s: &mut Session) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut tail = Vec::new();
    loop {
        let mut buf = [0u8; 4096];
        if let Ok(n) = s.try_read(&mut buf) {
            tail.extend_from_slice(&buf[..n]);
        }
        match s.get_process().status() {
            Ok(WaitStatus::Exited(_, code)) => return code,
            Ok(WaitStatus::StillAlive) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => {
                let _ = s.get_process_mut().exit(true);
                panic!(
                    "egready did not exit: {other:?}; it last printed: {}",
                    String::from_utf8_lossy(&tail)
                );
            }
        }
    }
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn a_quick_scan_answered_in_one_sitting() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["--questionnaire", "quick-scan"]);
    respondent(&mut s);
    expect(
        &mut s,
        "Section 1 of 4: Local expertise and engagement, 3 questions",
    );
    for n in 1..=11 {
        question(&mut s, n);
    }
    let screen = finish(&mut s);
    assert_eq!(exit_code(&mut s), 0);
    assert!(
        screen.contains("Stage            Emerging (uncapped: Developing)"),
        "{screen}"
    );
    assert!(
        screen.contains("The stage is capped at Emerging because Legislative support is not met."),
        "{screen}"
    );
    let answers = read(dir.path(), ANSWERS);
    assert!(answers.contains("\"status\": \"complete\""));
    assert!(answers.contains("\"value\": \"mandated\",\n      \"comment\": \"Decree 45/2019\""));
    assert!(answers.contains("\"general_equivalence\""));
    let csv = read(dir.path(), CSV);
    assert_eq!(csv.lines().count(), 2);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("mus-2026-03-02-ministry-of-ict,MUS,Ministry of ICT,")
    );
    assert!(
        !dir.path().join(DRAFT).exists(),
        "the draft is removed once the files exist"
    );
    // The answers file scores the same with `egready report`.
    common::egready()
        .current_dir(dir.path())
        .args(["report", ANSWERS])
        .assert()
        .success()
        .stdout(contains("Emerging (uncapped: Developing)"));
}

#[test]
fn stopped_twice_and_resumed_it_ends_as_if_never_stopped() {
    let straight = tempfile::tempdir().unwrap();
    let mut s = spawn(straight.path(), &["--questionnaire", "quick-scan"]);
    respondent(&mut s);
    for n in 1..=11 {
        question(&mut s, n);
    }
    finish(&mut s);
    assert_eq!(exit_code(&mut s), 0);

    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["--questionnaire", "quick-scan"]);
    respondent(&mut s);
    for n in 1..=5 {
        question(&mut s, n);
    }
    expect(&mut s, "Question 6 of 11");
    answer(&mut s, "\x03");
    expect(&mut s, &format!("Progress saved to {DRAFT}."));
    expect(
        &mut s,
        &format!("Resume with: egready assess --resume {DRAFT}"),
    );
    assert_eq!(exit_code(&mut s), 130);
    let draft = read(dir.path(), DRAFT);
    assert!(draft.contains("\"status\": \"draft\""));
    assert!(draft.contains("\"ic_strategy\""));
    assert!(!draft.contains("\"ic_coordination_body\""));

    // Resume with --resume, then stop again with Esc.
    let mut s = spawn(dir.path(), &["--resume", DRAFT]);
    expect(
        &mut s,
        "Resuming Mauritius, Ministry of ICT, 2026-03-02: 5 of 11 questions answered.",
    );
    for n in 6..=8 {
        question(&mut s, n);
    }
    expect(&mut s, "Question 9 of 11");
    answer(&mut s, "\x1b");
    expect(&mut s, &format!("Progress saved to {DRAFT}."));
    assert_eq!(exit_code(&mut s), 130);

    // Resume from the list of drafts offered at the start.
    let mut s = spawn(dir.path(), &["--questionnaire", "quick-scan"]);
    expect(&mut s, "A draft of this questionnaire was found.");
    expect(
        &mut s,
        "Resume Mauritius, Ministry of ICT, 2026-03-02: 8 of 11 answered",
    );
    answer(&mut s, "\r");
    for n in 9..=11 {
        question(&mut s, n);
    }
    finish(&mut s);
    assert_eq!(exit_code(&mut s), 0);
    assert_eq!(read(dir.path(), ANSWERS), read(straight.path(), ANSWERS));
    assert_eq!(read(dir.path(), CSV), read(straight.path(), CSV));
}

/// A draft cut short, `reports/drafts/cut.json` under `dir`; returns the drafts folder and
/// the draft's text.
fn cut_draft(dir: &Path) -> (PathBuf, &'static str) {
    let drafts = dir.join("reports/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    let cut = "{\n  \"questionnaire\": {\n    \"id\": \"quick-scan\",";
    std::fs::write(drafts.join("cut.json"), cut).unwrap();
    (drafts, cut)
}

#[test]
fn a_damaged_draft_is_set_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (drafts, cut) = cut_draft(dir.path());
    let mut s = spawn(dir.path(), &["--resume", "reports/drafts/cut.json"]);
    expect(&mut s, "the file ends too early");
    expect(&mut s, "renamed to reports/drafts/cut.json.damaged");
    expect(&mut s, "Start a new assessment instead?");
    answer(&mut s, "n");
    expect(&mut s, "(Y/n) n");
    s.send("\r").expect("send Enter");
    assert_eq!(exit_code(&mut s), 4);
    assert_eq!(read(dir.path(), "reports/drafts/cut.json.damaged"), cut);
    assert!(!drafts.join("cut.json").exists());
}

#[test]
fn refuses_without_a_terminal_and_names_the_alternatives() {
    let dir = tempfile::tempdir().unwrap();
    common::egready()
        .current_dir(dir.path())
        .args(["assess", "--questionnaire", "quick-scan"])
        .write_stdin("1\n2\n")
        .assert()
        .code(2)
        .stderr(contains("standard input or output is not a terminal"))
        .stderr(contains("egready report ANSWERS.json"))
        .stderr(contains("egready score FILE.csv"));
    assert!(!dir.path().join("reports").exists());
}

#[test]
fn a_drafts_folder_that_cannot_be_written_stops_before_the_first_question() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blocker"), "a file, not a folder").unwrap();
    let mut s = spawn(
        dir.path(),
        &[
            "--questionnaire",
            "quick-scan",
            "--drafts",
            "blocker/drafts",
        ],
    );
    expect(&mut s, "cannot save drafts in blocker/drafts");
    expect(&mut s, "--drafts DIR");
    assert_eq!(exit_code(&mut s), 7);
}

#[test]
fn a_damaged_draft_found_at_the_start_is_set_aside_and_a_new_assessment_begins() {
    let dir = tempfile::tempdir().unwrap();
    let (drafts, cut) = cut_draft(dir.path());
    let mut s = spawn(dir.path(), &["--questionnaire", "quick-scan"]);
    // Its path and the problem, then where it went.
    expect(
        &mut s,
        "note: reports/drafts/cut.json:3:23: not a valid answers file",
    );
    expect(
        &mut s,
        "ends too early: was it cut off while being written?",
    );
    expect(&mut s, "renamed to reports/drafts/cut.json.damaged");
    // No other draft: a fresh start.
    respondent(&mut s);
    expect(&mut s, "Question 1 of 11");
    answer(&mut s, "\x03");
    assert_eq!(exit_code(&mut s), 130);
    assert_eq!(read(dir.path(), "reports/drafts/cut.json.damaged"), cut);
    assert!(!drafts.join("cut.json").exists());
}

/// Sends SIGKILL (`kill -9`: no chance to save anything) and waits for the process to die.
fn kill_9(s: &mut Session) {
    s.get_process_mut()
        .kill(expectrl::Signal::SIGKILL)
        .expect("send SIGKILL");
    let status = s.get_process().wait().expect("wait");
    assert!(
        matches!(
            status,
            WaitStatus::Signaled(_, expectrl::Signal::SIGKILL, _)
        ),
        "{status:?}"
    );
}

#[test]
fn kill_9_loses_at_most_the_question_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["--questionnaire", "quick-scan"]);
    respondent(&mut s);
    for n in 1..=3 {
        question(&mut s, n);
    }
    // Question 4 is answered, and killed while its evidence is being asked for.
    expect(&mut s, "Question 4 of 11");
    answer(&mut s, &format!("{}\r", DOWN.repeat(3)));
    expect(&mut s, "Evidence or comment");
    s.send("Decree").expect("send text");
    expect(&mut s, "Decree");
    kill_9(&mut s);
    let draft = read(dir.path(), DRAFT);
    assert!(draft.contains("\"status\": \"draft\""), "{draft}");
    assert!(draft.contains("\"le_private_sector\""), "{draft}");
    assert!(draft.contains("\"value\": \"mandated\""), "{draft}");
    assert!(!draft.contains("Decree"), "the comment being typed is lost");

    // Resumed, it goes on after the last answer given; killed again on the next question.
    let mut s = spawn(dir.path(), &["--resume", DRAFT]);
    expect(
        &mut s,
        "Resuming Mauritius, Ministry of ICT, 2026-03-02: 4 of 11 questions answered.",
    );
    question(&mut s, 5);
    expect(&mut s, "Question 6 of 11");
    kill_9(&mut s);
    let draft = read(dir.path(), DRAFT);
    assert!(draft.contains("\"ic_strategy\""), "{draft}");
    assert!(!draft.contains("\"ic_coordination_body\""), "{draft}");
    assert_eq!(
        std::fs::read_dir(dir.path().join("reports/drafts"))
            .unwrap()
            .count(),
        1,
        "only the draft, no temporary file"
    );
}
