//! The fixed vocabularies of advice rules: capacity-building pathways, cooperation models and
//! time horizons. Files refer to them by id; reports show the labels.

/// Capacity-building pathways: the session's four ways of building expertise first, then what
/// the three preconditions call for.
pub const PATHWAYS: &[(&str, &str)] = &[
    ("centre_of_excellence", "Centre of excellence"),
    (
        "training_abroad_with_return",
        "Training abroad with a commitment to return",
    ),
    (
        "curricula_and_training",
        "Curricula and civil-service and business training",
    ),
    ("mentoring_framework", "International mentoring framework"),
    ("lead_institution", "Lead institution"),
    ("coordination_body", "Coordination body"),
    ("donor_coordination", "Donor coordination"),
    ("legal_framework", "Legal framework"),
    ("knowledge_retention", "Knowledge retention"),
    ("private_sector_capacity", "Private-sector capacity"),
    ("diaspora_engagement", "Diaspora engagement"),
    ("regional_cooperation", "Regional cooperation"),
    ("sustain_and_share", "Sustain and share expertise"),
];

/// The four ways of developing expertise that the session names (its third question).
pub const SESSION_WAYS: &[&str] = &[
    "centre_of_excellence",
    "training_abroad_with_return",
    "curricula_and_training",
    "mentoring_framework",
];

/// Pathways beyond the session's four ways that also build or keep expertise: what the
/// advice offers for the session's "Others...?".
pub const OTHER_WAYS: &[&str] = &[
    "knowledge_retention",
    "private_sector_capacity",
    "diaspora_engagement",
    "regional_cooperation",
    "sustain_and_share",
];

/// Cooperation models (the session's second question).
pub const COOPERATION: &[(&str, &str)] = &[
    ("bilateral", "bilateral"),
    ("regional", "regional"),
    ("multilateral", "multilateral"),
    ("south_south", "South-South"),
    ("twinning", "twinning"),
    ("public_private", "public-private"),
    ("university_partnerships", "university partnerships"),
];

/// Time horizons of a recommendation.
pub const HORIZONS: &[(&str, &str)] = &[
    ("short", "under 1 year"),
    ("medium", "1-3 years"),
    ("long", "over 3 years"),
];

/// The label of an id in one of the vocabularies above, or the id itself.
pub fn label<'a>(vocabulary: &'a [(&'a str, &'a str)], id: &'a str) -> &'a str {
    vocabulary
        .iter()
        .find(|(k, _)| *k == id)
        .map_or(id, |(_, l)| *l)
}

/// Whether `id` is in the vocabulary.
pub fn has(vocabulary: &[(&str, &str)], id: &str) -> bool {
    vocabulary.iter().any(|(k, _)| *k == id)
}

/// The ids of a vocabulary, for messages.
pub fn ids(vocabulary: &[(&str, &str)]) -> String {
    vocabulary
        .iter()
        .map(|(k, _)| *k)
        .collect::<Vec<_>>()
        .join(", ")
}
