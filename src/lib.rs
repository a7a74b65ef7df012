//! mlready: a linter that tells an ML team what their repository is missing
//! for production.
//!
//! The pipeline is the folder layout: [`scan`] builds a picture of the
//! repository, [`rules`] evaluates rule packs against it, [`findings`] turns
//! hits into findings and ingredient verdicts, [`report`] renders them.
//! [`lint`] ties them together; [`cli`] is the command line around it.

pub mod cli;
pub mod config;
pub mod error;
pub mod findings;
#[doc(hidden)]
pub mod fuzzing;
pub mod ingredient;
pub mod init;
pub mod lint;
pub mod report;
pub mod rules;
pub mod scan;
pub mod toml_read;
