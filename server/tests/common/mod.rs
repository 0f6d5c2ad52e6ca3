//! The one test client of the server tests: starts a real server in-process on a free loopback
//! port, over a fresh SQLite file in a temporary directory, and talks to it over HTTP.
//!
//! - [`server`]: [`start`], [`start_with`], [`start_clocked`] and the [`TestServer`] they return.
//! - [`client`]: requests (`s.get(path)`, `s.post(path)`, … with `.auth`, `.key`, `.json`),
//!   JSON reads, log-ins and [`assert_problem`].
//! - [`tus`]: creating, patching and reading the offset of tus uploads.
//! - [`contract`]: the contract (`api/openapi.yaml`) and the check of an answer against it.
//! - [`checked`]: [`CheckedServer`], a server whose every answer is checked against the contract.
#![allow(dead_code, unused_imports)] // each test binary uses a different part of this

pub mod checked;
pub mod client;
pub mod contract;
pub mod server;
pub mod tus;

pub use checked::{Answer, CheckedServer};
pub use client::{assert_problem, problem_fields, Request};
pub use contract::contract;
pub use server::{
    grant_cli, start, start_clocked, start_frozen, start_with, Echo, TestServer, DEMO_NOW,
};
pub use tus::upload_offset;
