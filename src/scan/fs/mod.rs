//! The file system: one walk of the tree, and the one way mlready opens a
//! file that the scanned tree or the user controls.

pub mod gitignore;
pub mod mapped;
pub mod open;
pub mod walk;
