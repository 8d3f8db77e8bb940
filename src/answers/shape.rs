//! Reading the JSON shapes of an answers file with messages that say what was expected: a
//! value is a string, a list of strings or a number; a question is answered once.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Answer, AnswerValue};

const EXPECTED_VALUE: &str = "an option id or text (a string), a list of option ids, or a number";

impl<'de> serde::Deserialize<'de> for AnswerValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = AnswerValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED_VALUE)
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Number(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Number(n as f64))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Number(n as f64))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Text(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Text(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<OptionId>()? {
            items.push(item.0);
        }
        Ok(AnswerValue::List(items))
    }
}

/// One element of a list value: an option id.
struct OptionId(String);

impl<'de> serde::Deserialize<'de> for OptionId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = OptionId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an option id (a string) in the list")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<OptionId, E> {
                Ok(OptionId(s.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// The `answers` object, refusing a question answered twice: JSON readers keep one of the
/// two silently, and which one differs between programs.
pub fn unique_answers<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Answer>, D::Error> {
    struct Unique;
    impl<'de> Visitor<'de> for Unique {
        type Value = BTreeMap<String, Answer>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of answers by question id")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(id) = map.next_key::<String>()? {
                if out.contains_key(&id) {
                    return Err(de::Error::custom(format!(
                        "question \"{id}\" is answered twice; keep one of the two answers"
                    )));
                }
                let answer = map.next_value::<Answer>()?;
                out.insert(id, answer);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(json: &str) -> Result<AnswerValue, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn values_of_each_shape_and_a_clear_refusal() {
        assert_eq!(value("3"), Ok(AnswerValue::Number(3.0)));
        assert_eq!(value("-2.5"), Ok(AnswerValue::Number(-2.5)));
        assert_eq!(value("\"yes\""), Ok(AnswerValue::Text("yes".into())));
        assert_eq!(
            value("[\"a\", \"b\"]"),
            Ok(AnswerValue::List(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            value("{\"a\": 1}"),
            Err(format!(
                "invalid type: map, expected {EXPECTED_VALUE} at line 1 column 1"
            ))
        );
        assert_eq!(
            value("[\"a\", 2]"),
            Err(
                "invalid type: integer `2`, expected an option id (a string) in the list at \
                 line 1 column 7"
                    .to_string()
            )
        );
        assert_eq!(
            value("true"),
            Err(format!(
                "invalid type: boolean `true`, expected {EXPECTED_VALUE} at line 1 column 4"
            ))
        );
    }
}
