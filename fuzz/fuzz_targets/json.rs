//! The tolerant JSON reader: strict parse, lenient repair, and pointer
//! location in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdcontract::json;

fuzz_target!(|text: &str| {
    let _ = json::parse(text);
    let _ = json::parse_lenient(text);
    let _ = json::locate(text, "/value/0/id");
});
