//! # mdcontract
//!
//! Contract tests for API reference documentation written in markdown (the
//! Microsoft Graph reference format): every annotated or unannotated HTTP
//! example becomes a typed [`contract::Example`] with exact source places.
//!
//! ```
//! use std::sync::Arc;
//! use mdcontract::{contract::extract_page, source::SourceFile};
//!
//! let page = "### Request\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n\
//!             ### Response\n```http\nHTTP/1.1 200 OK\n\n{\"id\": \"1\"}\n```\n";
//! let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/me-get", page)));
//! let example = &page.examples[0];
//! assert_eq!(example.id.as_str(), "v1.0/api/me-get#example-1");
//! assert_eq!(example.response.message.status, 200);
//! assert_eq!(example.request.place.at.line, 3);
//! ```
//!
//! Layers, lowest first (dependencies point down only): [`source`];
//! [`markdown`] and [`http`] (pure parsers); [`contract`] (pairing blocks into
//! examples); [`outcome`] (findings); [`config`] (`mdcontract.toml`, applied to
//! findings); [`suite`] (loading pages in parallel); [`schema`] (CSDL and
//! JSON Schemas); [`checks`] (static checks); [`replay`] (the only network
//! code: examples replayed against a target and the exchange checked);
//! [`report`] (output formats); [`cli`]. [`harness`] turns the examples of
//! a user's own docs into `cargo test` tests.

pub mod checks;
pub mod cli;
pub mod config;
pub mod contract;
pub mod drift;
pub mod graph;
pub mod harness;
pub mod http;
pub mod json;
pub mod markdown;
pub mod outcome;
pub mod replay;
pub mod report;
pub mod runner;
pub mod schema;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod suite;
