//! lessonplan: plan age-appropriate online-safety lessons and print the handouts.
//!
//! The domain core ([`library`], [`plan`], [`search`]) has no terminal code; the CLI and the TUI
//! are thin layers over it.

pub mod atomic;
pub mod cli;
pub mod commands;
pub mod config;
pub mod export;
pub mod library;
pub mod markup;
pub mod parallel;
pub mod paths;
pub mod plan;
pub mod school_year;
pub mod search;
pub mod tui;
pub mod words;
