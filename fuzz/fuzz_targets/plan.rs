//! Any bytes as a plan file, through the plan loader and back out.

#![no_main]

use std::sync::OnceLock;

use lessonplan_fuzz::{Scratch, check_plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    check_plan(SCRATCH.get_or_init(Scratch::default), bytes);
});
