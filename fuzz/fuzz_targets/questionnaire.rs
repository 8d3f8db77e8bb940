//! The questionnaire loader on any bytes; a questionnaire it accepts must then score and
//! advise without panicking, with no answers and with every first option chosen.

#![no_main]

use egready::answers::{Response, Responses};
use egready::questionnaire::{self, QuestionType};
use egready::{recommend, scoring};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let q = match questionnaire::parse("fuzz.toml", data) {
        Ok(q) => q,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let n = q.question_count();
    let empty = Responses::empty(n);
    let a = scoring::score(&q, &empty);
    recommend::recommend(&q, &empty, &a);
    let mut first = Responses::empty(n);
    for i in 0..n {
        let question = q.question_at(i);
        first.given[i] = match question.kind {
            QuestionType::Single => Some(Response::Choice(0)),
            QuestionType::Multi => Some(Response::Choices(vec![0])),
            QuestionType::Number => question.min.map(Response::Number),
            QuestionType::Text => Some(Response::Text("x".to_owned())),
        };
    }
    let a = scoring::score(&q, &first);
    recommend::recommend(&q, &first, &a);
});
