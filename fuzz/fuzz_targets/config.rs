//! Any bytes as the config file, through `Config::load`.

#![no_main]

use std::sync::OnceLock;

use lessonplan_fuzz::{Scratch, check_config};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    check_config(SCRATCH.get_or_init(Scratch::default), bytes);
});
