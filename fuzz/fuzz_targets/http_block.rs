//! The HTTP block parser (request and response fences).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdcontract::http::message;

fuzz_target!(|text: &str| {
    let _ = message::shape(text);
    let _ = message::parse(text);
});
