//! The writers of `mdcontract verify`'s verdict (and of the live report of
//! `serve`): text, JSON lines, JUnit and SARIF. The verdict itself is
//! computed in `crate::serve`; the HTML report is `html::verify_report`.

mod json;
mod junit;
mod sarif;
#[cfg(test)]
mod tests;
mod text;

pub use json::write_json;
pub use junit::junit;
pub use sarif::{ExamplePlaces, PagePlaces, sarif};
pub use text::{TEXT_CAP, TEXT_FAMILIES, TextOptions, write_text, write_text_with};

/// The live report of `serve` (`GET /_mdcontract/report`): text when
/// `text`, else JSON lines; handed to the server, which is below `report`.
pub fn write_live(
    out: &mut dyn std::io::Write,
    v: &crate::serve::Verdict,
    text: bool,
) -> std::io::Result<()> {
    if text {
        write_text(out, v)
    } else {
        write_json(out, v)
    }
}
