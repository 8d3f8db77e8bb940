//! Questionnaires: the data model, loading and validation of questionnaire files, and the
//! questionnaires shipped inside the binary.

pub mod catalogue;
pub mod condition;
pub(crate) mod guard;
mod load;
mod model;
mod shipped;
pub mod text;
mod validate;

pub use condition::{Condition, ConditionSpec, Facts};
pub use guard::{MAX_DEPTH, MAX_FILE_BYTES};
pub use load::{LoadError, Problem, default_stages, load_file, parse};
pub use model::*;
pub use shipped::{DEFAULT_ID, SHIPPED, Source, resolve};
pub use text::{Text, TextList};
