//! Readers of the file formats rules look into: each turns untrusted text
//! into a bounded structure (nesting depth, sizes and work are capped) and
//! reports errors as values, never panics.

pub mod codeowners;
pub mod document;
pub mod json;
pub mod lexer;
pub mod lines;
pub mod markdown;
pub mod notebook;
pub mod toml_doc;
pub mod yaml;
