//! The config loader (`mdcontract.toml`).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mdcontract::config::Config;

fuzz_target!(|text: &str| {
    let _ = Config::parse(Path::new("/fuzz/mdcontract.toml"), text);
});
