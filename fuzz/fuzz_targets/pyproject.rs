#![no_main]
//! See `mlready::fuzzing::TARGETS` for what this target runs on each input.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| (mlready::fuzzing::target("pyproject").run)(data));
