//! Any bytes as a lesson module in a school's library folder, through the library loader.

#![no_main]

use std::sync::OnceLock;

use lessonplan_fuzz::{LibraryFile, Scratch, check_library_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    let scratch = SCRATCH.get_or_init(Scratch::default);
    check_library_file(scratch, LibraryFile::Module, bytes);
});
