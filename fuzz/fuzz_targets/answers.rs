//! The answers loader on any bytes: `answers::parse`, then `answers::check` against each
//! shipped questionnaire, then scoring, advice and the terminal and JSON reports.

#![no_main]

use std::sync::LazyLock;

use egready::answers;
use egready::questionnaire::{self, Questionnaire, SHIPPED};
use egready::recommend;
use egready::report::json::JsonReport;
use egready::report::table::TableReport;
use egready::report::{Render, Scored};
use egready::scoring;
use libfuzzer_sys::fuzz_target;

static SHIPPED_QUESTIONNAIRES: LazyLock<Vec<Questionnaire>> = LazyLock::new(|| {
    SHIPPED
        .iter()
        .map(|(id, _)| questionnaire::resolve(id).expect("shipped questionnaire").0)
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let file = match answers::parse("fuzz.json", data) {
        Ok(file) => file,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    for q in SHIPPED_QUESTIONNAIRES.iter() {
        let responses = match answers::check(q, "fuzz.json", &file) {
            Ok(r) => r,
            Err(e) => {
                assert!(!e.to_string().is_empty());
                continue;
            }
        };
        let assessment = scoring::score(q, &responses);
        let advice = recommend::recommend(q, &responses, &assessment);
        let scored = Scored {
            questionnaire: q,
            answers: &file,
            responses: &responses,
            assessment: &assessment,
            advice: &advice,
            lang: q.default_language(),
        };
        let mut out = Vec::new();
        TableReport { width: Some(80) }
            .render(&scored, &mut out)
            .expect("render the table");
        JsonReport.render(&scored, &mut out).expect("render JSON");
    }
});
