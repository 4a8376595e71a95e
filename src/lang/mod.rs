//! Language front ends: source text -> [`crate::facts::ModuleFacts`].
//!
//! Each front end parses a file once, extracts compact, language-neutral facts and drops
//! its syntax tree. Front ends know nothing about rules or lint.toml.

pub mod pypath;
pub mod python;
pub mod rust;
