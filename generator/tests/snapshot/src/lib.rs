//! The generator's output for the feature fixture spec, compiled (see `Cargo.toml`).
#![allow(deprecated)]

#[rustfmt::skip]
mod generated;

pub use generated::*;
pub use genesys_cloud::{
    Client, ClientBuilder, Error, Region, Result, chrono, runtime, serde_json,
};
