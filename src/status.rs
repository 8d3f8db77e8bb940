//! The status of a precondition section.

use serde::{Deserialize, Serialize};

/// Whether a precondition is met, from worst to best for ordering binding preconditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InsufficientData,
    NotMet,
    PartiallyMet,
    Met,
}

impl Status {
    /// Every status, in the order used for binding preconditions.
    pub const ALL: [Status; 4] = [
        Status::InsufficientData,
        Status::NotMet,
        Status::PartiallyMet,
        Status::Met,
    ];

    /// The id used in files, JSON and CSV.
    pub fn id(self) -> &'static str {
        match self {
            Status::InsufficientData => "insufficient_data",
            Status::NotMet => "not_met",
            Status::PartiallyMet => "partially_met",
            Status::Met => "met",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::InsufficientData => "Insufficient data",
            Status::NotMet => "Not met",
            Status::PartiallyMet => "Partially met",
            Status::Met => "Met",
        }
    }

    /// The status with this id.
    pub fn parse(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }
}
