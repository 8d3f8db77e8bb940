//! The order of an assessment: the questions in questionnaire order, skipping those made
//! irrelevant by earlier answers, saving after every answer, then the review where any answer
//! can be changed. Relevance comes from [`scoring::score`], recomputed after each answer.

use jiff::civil::Date;

use super::prompt::{Choose, Entry, Prompter, Reply, truncate};
use super::question::{self, Comment, Lang, Outcome};
use super::{respondent, screen};
use crate::answers::{Answer, AnswersFile, Completion, QuestionnaireRef, Respondent, Responses};
use crate::questionnaire::Questionnaire;
use crate::scoring::{self, Assessment, State};

/// Where the draft goes after every answer.
pub trait Saver {
    /// Writes the draft; the message says what failed.
    fn save(&mut self, file: &AnswersFile) -> Result<(), String>;
}

/// One assessment in progress.
#[derive(Debug, Clone)]
pub struct Session<'q> {
    pub q: &'q Questionnaire,
    pub respondent: Respondent,
    pub responses: Responses,
}

impl<'q> Session<'q> {
    /// A new assessment with no answers.
    pub fn new(q: &'q Questionnaire, respondent: Respondent) -> Self {
        Session {
            q,
            respondent,
            responses: Responses::empty(q.question_count()),
        }
    }

    /// The answers file of this assessment. A complete file leaves out answers to questions
    /// that are not relevant (they would be ignored, and warned about, when scored).
    pub fn to_file(&self, status: Completion) -> AnswersFile {
        let a = self.assessment();
        let mut answers = std::collections::BTreeMap::new();
        for i in 0..self.q.question_count() {
            let question = self.q.question_at(i);
            let kept = status == Completion::Draft || a.questions[i].state != State::NotRelevant;
            if let Some(r) = &self.responses.given[i]
                && kept
            {
                answers.insert(
                    question.id.clone(),
                    Answer {
                        value: r.to_value(question),
                        comment: self.responses.comments[i].clone(),
                    },
                );
            }
        }
        AnswersFile {
            questionnaire: QuestionnaireRef {
                id: self.q.id.clone(),
                version: self.q.version.clone(),
            },
            status,
            language: self.q.default_language().to_string(),
            respondent: self.respondent.clone(),
            answers,
        }
    }

    pub fn assessment(&self) -> Assessment {
        scoring::score(self.q, &self.responses)
    }

    /// Questions answered (not counting answers made irrelevant by later changes), and the
    /// number of questions: "23 of 40 answered".
    pub fn progress(&self) -> (usize, usize) {
        let a = self.assessment();
        let answered = a
            .questions
            .iter()
            .zip(&self.responses.given)
            .filter(|(r, given)| r.state != State::NotRelevant && given.is_some())
            .count();
        (answered, self.q.question_count())
    }

    /// Where to continue: the first relevant question without an answer (a text question,
    /// which is optional, only if it comes after the last answer).
    pub fn resume_point(&self) -> Option<usize> {
        let a = self.assessment();
        let last = self.responses.given.iter().rposition(Option::is_some);
        (0..self.q.question_count()).find(|i| {
            a.questions[*i].state == State::Unanswered
                && (self.q.question_at(*i).is_scored() || last.is_none_or(|l| *i > l))
        })
    }
}

/// How an assessment left the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The respondent chose to finish: score it and write the files.
    Finish,
    /// The respondent chose to stop for now.
    Pause,
}

/// Which questions a walk visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    /// Every relevant question, answered or not.
    All,
    /// Only relevant scored questions without an answer.
    Open,
}

pub const BACK: &str = "← Back to the previous question";
const KEEP: &str = "← Keep this answer and return to the review";

/// The interactive part of `assess`.
pub struct Flow<'a, 'q> {
    pub session: Session<'q>,
    pub prompter: &'a mut dyn Prompter,
    pub saver: &'a mut dyn Saver,
    /// Whether to ask for evidence where questions invite it.
    pub evidence: bool,
    pub today: Date,
    /// Sections whose opening was shown (once each, not again when going back).
    introduced: Vec<bool>,
}

impl<'a, 'q> Flow<'a, 'q> {
    pub fn new(
        session: Session<'q>,
        prompter: &'a mut dyn Prompter,
        saver: &'a mut dyn Saver,
        evidence: bool,
        today: Date,
    ) -> Self {
        Flow {
            prompter,
            saver,
            evidence,
            today,
            introduced: vec![false; session.q.sections.len()],
            session,
        }
    }

    fn lang(&self) -> Lang<'q> {
        let q = self.session.q;
        Lang {
            lang: q.default_language(),
            default: q.default_language(),
        }
    }

    /// Saves the draft; a failure is shown, and the respondent carries on (the answers are
    /// kept in memory and the next save tries again).
    pub fn save(&mut self) {
        let file = self.session.to_file(Completion::Draft);
        if let Err(e) = self.saver.save(&file) {
            self.prompter.show(&format!(
                "warning: {e}. Your answers are kept while egready runs; saving is tried again \
                 after the next answer."
            ));
        }
    }

    /// Asks from the resume point to the end, then runs the review.
    pub fn run(&mut self) -> Reply<End> {
        if let Some(i) = self.session.resume_point() {
            self.walk(i, Visit::All)?;
        }
        self.review()
    }

    fn relevant(&self, a: &Assessment, i: usize) -> bool {
        a.questions[i].state != State::NotRelevant
    }

    fn next(&self, after: usize, visit: Visit) -> Option<usize> {
        let a = self.session.assessment();
        (after + 1..self.session.q.question_count()).find(|i| match visit {
            Visit::All => self.relevant(&a, *i),
            Visit::Open => {
                a.questions[*i].state == State::Unanswered
                    && self.session.q.question_at(*i).is_scored()
            }
        })
    }

    fn walk(&mut self, from: usize, visit: Visit) -> Reply<()> {
        let mut history: Vec<usize> = Vec::new();
        let mut at = Some(from);
        while let Some(i) = at {
            let a = self.session.assessment();
            while history.last().is_some_and(|j| !self.relevant(&a, *j)) {
                history.pop();
            }
            let back = history.last().copied().or_else(|| match visit {
                Visit::All => (0..i).rev().find(|j| self.relevant(&a, *j)),
                Visit::Open => None,
            });
            if visit == Visit::All {
                self.open_section(i);
            }
            match self.ask_at(i, back.map(|_| BACK))? {
                Outcome::Back => {
                    history.pop();
                    at = back;
                }
                Outcome::Answered(_) => {
                    history.push(i);
                    at = self.next(i, visit);
                }
            }
        }
        Ok(())
    }

    fn open_section(&mut self, i: usize) {
        let section = self.session.q.section_of(i);
        if !self.introduced[section] {
            self.introduced[section] = true;
            let text =
                screen::section_intro(self.session.q, section, &self.lang(), self.prompter.width());
            self.prompter.show(&text);
        }
    }

    /// Asks question `i` (and its evidence), saving after each reply.
    fn ask_at(&mut self, i: usize, back: Option<&str>) -> Reply<Outcome> {
        let q = self.session.q;
        let question = q.question_at(i);
        let l = self.lang();
        loop {
            let header = screen::question_header(q, i, &l, self.prompter.width());
            self.prompter.show(&header);
            let current = self.session.responses.given[i].clone();
            let outcome = question::ask(self.prompter, question, &l, current.as_ref(), back)?;
            let Outcome::Answered(response) = &outcome else {
                return Ok(outcome);
            };
            self.session.responses.given[i] = response.clone();
            self.save();
            if !(self.evidence && question.evidence && response.is_some()) {
                return Ok(outcome);
            }
            let comment = self.session.responses.comments[i].clone();
            match question::ask_comment(self.prompter, comment.as_deref())? {
                Comment::Back => continue,
                Comment::Given(c) => {
                    self.session.responses.comments[i] = c;
                    self.save();
                    return Ok(outcome);
                }
            }
        }
    }

    /// The review: a table of sections, then finish, answer what is open, change an answer or
    /// the respondent details, or stop for now.
    fn review(&mut self) -> Reply<End> {
        loop {
            let a = self.session.assessment();
            let l = self.lang();
            let table = screen::review(
                self.session.q,
                &a,
                &self.session.respondent,
                &l,
                self.prompter.width(),
            );
            self.prompter.show(&table);
            let (answered, relevant) = screen::totals(&a);
            let open = relevant - answered;
            let mut actions = vec![(
                Action::Finish,
                "Finish: compute the result and write the files".to_string(),
            )];
            if open > 0 {
                let s = if open == 1 { "" } else { "s" };
                actions.push((Action::Open, format!("Answer the {open} open question{s}")));
            }
            actions.push((Action::Change, "Change an answer".to_string()));
            actions.push((
                Action::Respondent,
                "Change the respondent details".to_string(),
            ));
            actions.push((
                Action::Pause,
                "Stop here and resume later (your answers are saved)".to_string(),
            ));
            let picked = self.prompter.select(&Choose {
                message: "What next?",
                entries: actions.iter().map(|(_, t)| Entry::plain(t)).collect(),
                start: 0,
                searchable: false,
            })?;
            match actions[picked].0 {
                Action::Finish => {
                    if open == 0 || self.confirm_open(open)? {
                        return Ok(End::Finish);
                    }
                }
                Action::Open => {
                    if let Some(i) = self.next_open() {
                        self.walk(i, Visit::Open)?;
                    }
                }
                Action::Change => self.change_answer(&a)?,
                Action::Respondent => {
                    let current = self.session.respondent.clone();
                    self.session.respondent =
                        respondent::ask(self.prompter, Some(&current), self.today)?;
                    self.save();
                }
                Action::Pause => return Ok(End::Pause),
            }
        }
    }

    fn next_open(&self) -> Option<usize> {
        let a = self.session.assessment();
        (0..self.session.q.question_count()).find(|i| {
            a.questions[*i].state == State::Unanswered && self.session.q.question_at(*i).is_scored()
        })
    }

    fn confirm_open(&mut self, open: usize) -> Reply<bool> {
        let (n, verb) = if open == 1 {
            ("1 question is", "it")
        } else {
            (&*format!("{open} questions are"), "them")
        };
        let message =
            format!("{n} not answered; the result will count {verb} as missing. Finish anyway?");
        self.prompter.confirm(&message, false)
    }

    fn change_answer(&mut self, a: &Assessment) -> Reply<()> {
        let q = self.session.q;
        let l = self.lang();
        let width = self.prompter.width().min(screen::MAX_WIDTH);
        let positions: Vec<usize> = (0..q.question_count())
            .filter(|i| self.relevant(a, *i))
            .collect();
        // "14. Question text, cut to a column…   Answer": 2 for the cursor, 4 for the number,
        // 2 between the columns, 1 spare.
        let answer_room = 22;
        let text_room = width.saturating_sub(answer_room + 9).max(20);
        let mut entries: Vec<Entry> = positions
            .iter()
            .map(|i| {
                let question = q.question_at(*i);
                let answer =
                    question::answer_text(question, self.session.responses.given[*i].as_ref(), &l);
                let text = truncate(l.t(&question.text), text_room);
                Entry::plain(format!(
                    "{:>2}. {text:<text_room$}  {}",
                    i + 1,
                    truncate(&answer, answer_room)
                ))
            })
            .collect();
        entries.push(Entry::plain("← Return to the review"));
        let picked = self.prompter.select(&Choose {
            message: "Which answer do you want to change?",
            entries,
            start: 0,
            searchable: true,
        })?;
        if let Some(i) = positions.get(picked) {
            self.ask_at(*i, Some(KEEP))?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Finish,
    Open,
    Change,
    Respondent,
    Pause,
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
