//! ssot: keeps a codebase's single sources of truth single.
pub mod facts;
pub mod lang;
