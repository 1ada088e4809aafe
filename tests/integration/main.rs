//! One integration-test binary: each module exercises one command or
//! feature against fixture sites under tests/fixtures/, through the real
//! binary.

#[cfg(feature = "serve")]
mod browser;
mod build;
mod bundled_site;
mod check;
mod cli;
mod compare;
mod corpus;
mod errors;
mod exchange;
mod incremental;
mod learn;
mod pseudo;
mod robustness;
#[cfg(feature = "serve")]
mod serve;
mod stamp;
mod support;
