//! The reference interpreter: a direct walk over moonlab's shared AST, kept as the
//! executable specification of Lua 5.4 that the fast engine is checked against.
//!
//! Not written yet: issue 3 builds it. Until then this crate only exists so the workspace
//! has the layout ../shared/DESIGN.md describes.
#![forbid(unsafe_code)]
