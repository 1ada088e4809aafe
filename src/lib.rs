//! locdoc: build, check and preview multilingual documentation sites whose
//! shared facts live once in a canonical data model.
//!
//! The pipeline: [`load::load`] reads a site into a [`load::Site`] and the
//! diagnostics found on the way; [`build::build`] renders it.

// A `Diagnostic` is the error value of content problems; it is built on the
// rare failing path only, so its size on the `Err` side costs nothing real.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod corpus;
pub mod diag;
pub mod exchange;
pub mod incremental;
pub mod load;
pub mod process;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod stamp;
pub mod timing;
