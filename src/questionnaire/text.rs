//! Texts in several languages: every text field of a questionnaire is a map from a
//! language code to the text, with the questionnaire's default language required.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A text with one entry per language code (`{ en = "...", fr = "..." }`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The text in `lang`, falling back to `default`, then to any language present.
    pub fn get<'a>(&'a self, lang: &str, default: &str) -> &'a str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(default))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// A text with a single language, for tests and generated content.
    pub fn single(lang: &str, text: &str) -> Self {
        Text(BTreeMap::from([(lang.to_string(), text.to_string())]))
    }
}

/// A list of texts per language (`actions = { en = ["...", "..."] }`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TextList(pub BTreeMap<String, Vec<String>>);

impl TextList {
    /// The list in `lang`, falling back to `default`, then to any language present.
    pub fn get<'a>(&'a self, lang: &str, default: &str) -> &'a [String] {
        self.0
            .get(lang)
            .or_else(|| self.0.get(default))
            .or_else(|| self.0.values().next())
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_default_language() {
        let t = Text(BTreeMap::from([
            ("en".to_string(), "Yes".to_string()),
            ("fr".to_string(), "Oui".to_string()),
        ]));
        assert_eq!(t.get("fr", "en"), "Oui");
        assert_eq!(t.get("pt", "en"), "Yes");
    }
}
