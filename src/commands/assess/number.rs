//! Numbers typed by a respondent: a point or a comma as decimal mark, spaces between
//! thousands, and words for "don't know", "not applicable" and "back". Ambiguous input such
//! as `1,500` is refused with a question rather than guessed.

use super::question::{BACK_KEY, Lang};
use crate::number::{self, NumberError};
use crate::questionnaire::Question;

/// A reply typed to a number question.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Value(f64),
    DontKnow,
    NotApplicable,
    Back,
}

/// Reads a typed number: `.` or `,` as decimal mark, spaces as thousands separators, `?` for
/// don't know, `na` for not applicable, `<` to go back.
pub fn parse_number(text: &str, q: &Question, l: &Lang<'_>, back: bool) -> Result<Typed, String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    let range = range_text(q, q.unit.as_ref().map(|u| l.t(u)));
    match lower.as_str() {
        "" => return Err(format!("Type {range}, or ? if you do not know.")),
        BACK_KEY if back => return Ok(Typed::Back),
        "?" | "dk" | "dont know" | "don't know" | "dont_know" => return Ok(Typed::DontKnow),
        "na" | "n/a" | "not applicable" | "not_applicable" => {
            return if q.allow_na {
                Ok(Typed::NotApplicable)
            } else {
                Err("This question cannot be marked not applicable.".to_string())
            };
        }
        _ => {}
    }
    let x = match number::parse(t) {
        Ok(x) => x,
        Err(NumberError::MixedMarks) => {
            return Err(format!(
                "\"{t}\" has both a comma and a point: write the number without thousands \
                 separators, e.g. 1500 or 2.5."
            ));
        }
        Err(NumberError::Ambiguous { whole, decimal }) => {
            return Err(format!(
                "\"{t}\" is unclear: write {whole} without the comma, or {decimal} with a point."
            ));
        }
        Err(NumberError::NotANumber) => {
            return Err(format!(
                "\"{t}\" is not a number. Type {range}, or ? if you do not know."
            ));
        }
    };
    let (min, max) = (q.min.unwrap_or(f64::MIN), q.max.unwrap_or(f64::MAX));
    if x < min || x > max {
        return Err(format!("{} is out of range: type {range}.", number_text(x)));
    }
    Ok(Typed::Value(x))
}

pub fn range_text(q: &Question, unit: Option<&str>) -> String {
    let unit = unit.map(|u| format!(" {u}")).unwrap_or_default();
    match (q.min, q.max) {
        (Some(a), Some(b)) => format!(
            "a number from {} to {}{unit}",
            number_text(a),
            number_text(b)
        ),
        (Some(a), None) => format!("a number of at least {}{unit}", number_text(a)),
        (None, Some(b)) => format!("a number of at most {}{unit}", number_text(b)),
        (None, None) => format!("a number{unit}"),
    }
}

/// "12" for whole numbers, "2.5" otherwise.
pub use crate::number::text_of as number_text;

#[cfg(test)]
mod tests {
    use super::super::test_support::{EN, question};
    use super::*;

    #[test]
    fn numbers_accept_a_decimal_comma_and_reject_what_is_out_of_range() {
        let q = question("ic_lead_specialists");
        assert_eq!(parse_number("12", &q, &EN, true), Ok(Typed::Value(12.0)));
        assert_eq!(parse_number(" 2,5 ", &q, &EN, true), Ok(Typed::Value(2.5)));
        assert_eq!(
            parse_number("1 200", &q, &EN, true),
            Ok(Typed::Value(1200.0))
        );
        assert_eq!(parse_number("?", &q, &EN, true), Ok(Typed::DontKnow));
        assert_eq!(parse_number("<", &q, &EN, true), Ok(Typed::Back));
        assert_eq!(
            parse_number("6000", &q, &EN, true),
            Err("6000 is out of range: type a number from 0 to 5000 people.".to_string())
        );
        assert_eq!(
            parse_number("twelve", &q, &EN, true),
            Err("\"twelve\" is not a number. Type a number from 0 to 5000 people, or ? if you do not know.".to_string())
        );
        assert_eq!(
            parse_number("1,500", &q, &EN, true),
            Err(
                "\"1,500\" is unclear: write 1500 without the comma, or 1.5 with a point."
                    .to_string()
            )
        );
        assert_eq!(
            parse_number("na", &q, &EN, true),
            Err("This question cannot be marked not applicable.".to_string())
        );
        assert!(parse_number("<", &q, &EN, false).is_err());
        assert!(parse_number("NaN", &q, &EN, true).is_err());
    }
}
