//! Bodies for documented binary responses.
//!
//! Graph pages cannot show the bytes of a photo, a file or a report, so the
//! response block of `GET /me/photo/$value` or `GET /drive/items/{id}/content`
//! holds a stand-in: `...binary data...`, `<first 1024 bytes of file>`,
//! `(application/octet-stream of size 160696 bytes)`, a sentence such as
//! `Contains the binary data of the requested 240x240 photo.`, or nothing at
//! all. [`is_placeholder_text`] recognises such a stand-in and
//! [`placeholder_bytes`] makes bytes a client of the media type can actually
//! open (a decodable 1×1 image, a PDF with one page, an empty zip), so that an
//! SDK that decodes what it downloads does not fail on prose.
//!
//! Note that `application/octet-stream` is *not* binary-only: the usage
//! report pages (`reportRoot: getOffice365ActiveUserDetail` and some forty
//! more) document real CSV under that type, so for it only the wording of the
//! body decides.

mod formats;
#[cfg(test)]
mod tests;

use formats::{bmp, gif, jpeg, pdf, png, seed_bytes, xml_escape, zip};

/// The media type without parameters, trimmed and lower-cased
/// (`Image/PNG; q=1` gives `image/png`).
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// What [`placeholder_bytes`] produces for a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Png,
    Jpeg,
    Gif,
    Bmp,
    Svg,
    Pdf,
    Zip,
    Json,
    Xml,
    Html,
    Text,
    Bytes,
}

fn kind(essence: &str) -> Kind {
    match essence {
        "image/png" | "image/x-png" | "image/apng" => Kind::Png,
        "image/jpeg" | "image/jpg" | "image/pjpeg" => Kind::Jpeg,
        "image/gif" => Kind::Gif,
        "image/bmp" | "image/x-bmp" | "image/x-ms-bmp" => Kind::Bmp,
        "image/svg+xml" => Kind::Svg,
        "application/pdf" | "application/x-pdf" => Kind::Pdf,
        "text/html" | "application/xhtml+xml" => Kind::Html,
        "application/json" | "text/json" => Kind::Json,
        "application/xml" | "text/xml" => Kind::Xml,
        e if is_zip(e) => Kind::Zip,
        e if e.ends_with("+json") => Kind::Json,
        e if e.ends_with("+xml") => Kind::Xml,
        e if e.starts_with("text/")
            || matches!(
                e,
                "application/javascript"
                    | "application/ecmascript"
                    | "application/x-javascript"
                    | "application/csv"
                    | "application/x-www-form-urlencoded"
            ) =>
        {
            Kind::Text
        }
        _ => Kind::Bytes,
    }
}

/// Zip containers: zip itself, the OOXML formats (docx, xlsx, pptx and their
/// macro/template variants), OpenDocument, and `+zip` types (epub).
fn is_zip(essence: &str) -> bool {
    matches!(
        essence,
        "application/zip" | "application/x-zip-compressed" | "application/x-zip"
    ) || essence.starts_with("application/vnd.openxmlformats-officedocument.")
        || essence.starts_with("application/vnd.oasis.opendocument.")
        || essence.starts_with("application/vnd.ms-word.")
        || essence.starts_with("application/vnd.ms-excel.")
        || essence.starts_with("application/vnd.ms-powerpoint.")
        || essence.ends_with("+zip")
}

/// Media types whose content is never text, so that any text documented for
/// them is a stand-in.
fn is_binary_only(essence: &str) -> bool {
    if essence.ends_with("+xml") || essence.ends_with("+json") {
        // image/svg+xml and the like are text.
        return false;
    }
    let top_binary = ["image/", "audio/", "video/", "font/"]
        .iter()
        .any(|p| essence.starts_with(p));
    top_binary
        || is_zip(essence)
        || matches!(
            essence,
            "application/pdf"
                | "application/x-pdf"
                | "application/msword"
                | "application/vnd.ms-excel"
                | "application/vnd.ms-powerpoint"
                | "application/vnd.ms-outlook"
                | "application/vnd.visio"
                | "application/gzip"
                | "application/x-gzip"
                | "application/x-7z-compressed"
                | "application/x-tar"
                | "application/x-rar-compressed"
                | "application/vnd.rar"
                | "application/x-msdownload"
                | "application/pkcs12"
                | "application/x-pkcs12"
                | "application/pkix-cert"
                | "application/x-x509-ca-cert"
                | "application/vnd.ms-pki.stl"
                | "application/wasm"
        )
}

/// Deterministic, non-empty bytes that a client of `content_type` can open,
/// different for different `seed`s (an example id, a URL) where the format
/// has room for it. Parameters (`; charset=utf-8`) are ignored.
///
/// | media type | bytes |
/// |---|---|
/// | `image/png` | a valid 1×1 RGB PNG (CRCs and Adler-32 correct), colour from the seed, seed in a `tEXt` chunk |
/// | `image/jpeg` | a valid baseline 1×1 grey JPEG (JFIF), seed in a comment |
/// | `image/gif` | a valid 1×1 GIF89a, colour from the seed, seed in a comment |
/// | `image/bmp` | a valid 1×1 24-bit BMP, colour from the seed |
/// | `image/svg+xml` | a 1×1 SVG naming the seed |
/// | `application/pdf` | a one-page PDF 1.4 with a correct xref table, showing the seed |
/// | zip, OOXML (docx/xlsx/pptx), OpenDocument, `+zip` | an empty valid zip, seed as the archive comment |
/// | JSON types | `{"placeholder": "…seed…"}` |
/// | XML types, HTML | a small well-formed document naming the seed |
/// | other `text/*` | a line of text naming the seed |
/// | `application/octet-stream`, anything else | 16 bytes derived from the seed |
///
/// Only printable ASCII of the seed is written into binary formats (other
/// characters become `?`), and it is cut to 200 characters.
pub fn placeholder_bytes(content_type: &str, seed: &str) -> Vec<u8> {
    let label = format!("mdcontract placeholder for {}", printable(seed));
    match kind(&essence(content_type)) {
        Kind::Png => png(seed, &label),
        Kind::Jpeg => jpeg(&label),
        Kind::Gif => gif(seed, &label),
        Kind::Bmp => bmp(seed),
        Kind::Svg => format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><title>{}</title></svg>\n",
            xml_escape(&label)
        )
        .into_bytes(),
        Kind::Pdf => pdf(&label),
        Kind::Zip => zip(&label),
        Kind::Json => {
            let text = format!("mdcontract placeholder for {seed}");
            serde_json::json!({ "placeholder": text }).to_string().into_bytes()
        }
        Kind::Xml => format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<placeholder>{}</placeholder>\n",
            xml_escape(&format!("mdcontract placeholder for {seed}"))
        )
        .into_bytes(),
        Kind::Html => format!(
            "<!DOCTYPE html>\n<html><head><title>placeholder</title></head><body><p>{}</p></body></html>\n",
            xml_escape(&format!("mdcontract placeholder for {seed}"))
        )
        .into_bytes(),
        Kind::Text => format!("mdcontract placeholder for {seed}\n").into_bytes(),
        Kind::Bytes => seed_bytes(seed, 16),
    }
}

/// The seed as printable ASCII (others become `?`), at most 200 characters.
fn printable(seed: &str) -> String {
    seed.chars()
        .take(200)
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Words that pages use when they write about bytes instead of showing them.
const STAND_IN_WORDS: &[&str] = &[
    "binary",
    "bytes",
    "byte stream",
    "bytestream",
    "stream of",
    "octet-stream",
    "image data",
    "file data",
    "photo data",
    "file content",
    "raw data",
    "base64",
];

/// Whether a documented response body is a stand-in for binary content rather
/// than the content itself.
///
/// True when
/// * the body is empty or only whitespace;
/// * the media type is binary-only (`image/*` except `+xml`, `audio/*`,
///   `video/*`, `font/*`, `application/pdf`, zip and OOXML/OpenDocument
///   types, legacy Office types, archives): text cannot be such content,
///   whatever it says;
/// * or, for any other type (`application/octet-stream`, `text/*`, unknown),
///   the body is short (at most 200 characters on at most 3 lines), is not
///   a JSON object or array, and either talks about bytes
///   (`...binary data...`, `<first 1024 bytes of file>`,
///   `(application/octet-stream of size 160696 bytes)`, `(stream of bytes)`,
///   `Contains the binary data of the requested photo.`) or is nothing but
///   dots/ellipses.
///
/// Real text stays real: the CSV that report pages document as
/// `application/octet-stream`, a `text/plain` count (`893`), MIME headers.
pub fn is_placeholder_text(body: &str, content_type: &str) -> bool {
    let trimmed = body.trim();
    if trimmed.is_empty() || is_binary_only(&essence(content_type)) {
        return true;
    }
    if trimmed.chars().count() > 200 || trimmed.lines().count() > 3 {
        return false;
    }
    if matches!(
        serde_json::from_str::<serde_json::Value>(trimmed),
        Ok(serde_json::Value::Object(_) | serde_json::Value::Array(_))
    ) {
        return false;
    }
    if trimmed.chars().all(|c| matches!(c, '.' | '…' | ' ')) {
        return true;
    }
    let lower = trimmed.to_lowercase();
    STAND_IN_WORDS.iter().any(|w| lower.contains(w))
}
