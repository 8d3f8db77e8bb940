//! Countries: ISO 3166-1 codes and names from the `rust_iso3166` crate, plus the alpha-3
//! ranges ISO leaves to users (AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ), which the tool accepts
//! for regions, organisations and fictional examples when a `country_name` is given.

/// A country known to the tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub alpha3: String,
    pub name: String,
}

/// Every ISO 3166-1 country, sorted by name.
pub fn all() -> Vec<Country> {
    let mut v: Vec<Country> = rust_iso3166::ALL
        .iter()
        .map(|c| Country {
            alpha3: c.alpha3.to_string(),
            name: c.name.to_string(),
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// The country with this alpha-3 code (any case).
pub fn by_alpha3(code: &str) -> Option<Country> {
    rust_iso3166::from_alpha3(&code.trim().to_ascii_uppercase()).map(|c| Country {
        alpha3: c.alpha3.to_string(),
        name: c.name.to_string(),
    })
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
/// "Tanzania" matches "Tanzania (United Republic of)"). Returns the alpha-3 code.
pub fn lookup(text: &str) -> Option<Country> {
    let t = text.trim();
    if t.len() == 3
        && let Some(c) = by_alpha3(t)
    {
        return Some(c);
    }
    if t.len() == 2
        && let Some(c) = rust_iso3166::from_alpha2(&t.to_ascii_uppercase())
    {
        return Some(Country {
            alpha3: c.alpha3.to_string(),
            name: c.name.to_string(),
        });
    }
    let wanted = fold(t);
    if wanted.is_empty() {
        return None;
    }
    let countries = all();
    countries
        .iter()
        .find(|c| fold(&c.name) == wanted)
        .or_else(|| {
            countries
                .iter()
                .find(|c| fold(short_name(&c.name)) == wanted)
        })
        .cloned()
}

/// The alpha-3 code `code` when it is one as ISO writes it (in capitals): what [`lookup`]
/// gives for it, without the copies `lookup` makes. Batch input holds codes like this in
/// almost every row.
pub fn exact_alpha3(code: &str) -> Option<&'static str> {
    rust_iso3166::from_alpha3(code).map(|c| c.alpha3)
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
        assert_eq!(lookup("mus").map(|c| c.alpha3), Some("MUS".to_string()));
        assert_eq!(lookup("RW").map(|c| c.alpha3), Some("RWA".to_string()));
        assert_eq!(
            lookup("Côte d'Ivoire").map(|c| c.alpha3),
            Some("CIV".to_string())
        );
        assert_eq!(
            lookup("tanzania").map(|c| c.alpha3),
            Some("TZA".to_string())
        );
        assert_eq!(
            lookup("São Tomé and Príncipe").map(|c| c.alpha3),
            Some("STP".to_string())
        );
        assert_eq!(lookup("Atlantis"), None);
        assert_eq!(exact_alpha3("MUS"), Some("MUS"));
        assert_eq!(exact_alpha3("mus"), None);
    }

    #[test]
    fn user_assigned_ranges() {
        assert!(is_user_assigned("QTV"));
        assert!(is_user_assigned("XAB"));
        assert!(!is_user_assigned("QAA"));
        assert!(!is_user_assigned("MUS"));
    }
}
