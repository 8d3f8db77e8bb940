//! Countries: ISO 3166-1 codes and names from the `rust_iso3166` crate, plus the alpha-3
//! ranges ISO leaves to users (AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ), which the tool accepts
//! for regions, organisations and fictional examples when a `country_name` is given.

use std::sync::OnceLock;

/// A country known to the tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub alpha3: &'static str,
    pub name: &'static str,
}

impl From<rust_iso3166::CountryCode> for Country {
    fn from(c: rust_iso3166::CountryCode) -> Self {
        Country {
            alpha3: c.alpha3,
            name: c.name,
        }
    }
}

/// Every ISO 3166-1 country, sorted by name.
pub fn all() -> Vec<Country> {
    let mut v: Vec<Country> = rust_iso3166::ALL
        .iter()
        .map(|c| Country::from(*c))
        .collect();
    v.sort_by(|a, b| a.name.cmp(b.name));
    v
}

/// The country with this alpha-3 code (any case, surrounding spaces ignored). Batch
/// scoring asks this for almost every row, so it copies nothing.
pub fn by_alpha3(code: &str) -> Option<Country> {
    let upper = capitals::<3>(code.trim())?;
    rust_iso3166::from_alpha3(std::str::from_utf8(&upper).ok()?).map(Country::from)
}

/// A code of `N` bytes in capitals, copied on the stack. Only ASCII letters change, so the
/// bytes stay UTF-8; a non-ASCII code is no code anyway.
fn capitals<const N: usize>(code: &str) -> Option<[u8; N]> {
    let bytes: [u8; N] = code.as_bytes().try_into().ok()?;
    Some(bytes.map(|b| b.to_ascii_uppercase()))
}

/// Whether an alpha-3 code is in a range that ISO 3166-1 reserves for users.
pub fn is_user_assigned(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 3 || !b.iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    matches!(
        (b[0], b[1]),
        (b'A', b'A') | (b'Q', b'M'..=b'Z') | (b'X', _) | (b'Z', b'Z')
    )
}

/// Finds a country from an alpha-3 code, an alpha-2 code or an English name (any case;
/// "Tanzania" matches "Tanzania (United Republic of)").
pub fn lookup(text: &str) -> Option<Country> {
    let t = text.trim();
    if let Some(c) = by_alpha3(t) {
        return Some(c);
    }
    if let Some(upper) = capitals::<2>(t)
        && let Some(c) = std::str::from_utf8(&upper)
            .ok()
            .and_then(rust_iso3166::from_alpha2)
    {
        return Some(Country::from(c));
    }
    let wanted = fold(t);
    if wanted.is_empty() {
        return None;
    }
    let names = folded_names();
    names
        .iter()
        .find(|(full, _, _)| *full == wanted)
        .or_else(|| names.iter().find(|(_, short, _)| *short == wanted))
        .map(|(_, _, c)| *c)
}

/// Every country with its name and short name folded for comparison, worked out once:
/// a batch may name the country in words on every row.
fn folded_names() -> &'static [(String, String, Country)] {
    static NAMES: OnceLock<Vec<(String, String, Country)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        all()
            .into_iter()
            .map(|c| (fold(c.name), fold(short_name(c.name)), c))
            .collect()
    })
}

/// "Tanzania (United Republic of)" -> "Tanzania".
pub fn short_name(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name).trim()
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_countries_by_code_and_name() {
        assert_eq!(lookup("mus").map(|c| c.alpha3), Some("MUS"));
        assert_eq!(lookup(" MUS ").map(|c| c.alpha3), Some("MUS"));
        assert_eq!(lookup("RW").map(|c| c.alpha3), Some("RWA"));
        assert_eq!(lookup("Côte d'Ivoire").map(|c| c.alpha3), Some("CIV"));
        assert_eq!(lookup("tanzania").map(|c| c.alpha3), Some("TZA"));
        assert_eq!(
            lookup("São Tomé and Príncipe").map(|c| c.alpha3),
            Some("STP")
        );
        assert_eq!(lookup("Atlantis"), None);
        assert_eq!(by_alpha3("qvm"), None);
        assert_eq!(by_alpha3("é"), None);
    }

    #[test]
    fn user_assigned_ranges() {
        assert!(is_user_assigned("QTV"));
        assert!(is_user_assigned("XAB"));
        assert!(!is_user_assigned("QAA"));
        assert!(!is_user_assigned("MUS"));
    }
}
