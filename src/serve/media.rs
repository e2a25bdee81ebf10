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

use std::fmt::Write as _;

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

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('?'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// FNV-1a, 64 bits.
fn fnv1a(data: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// `len` bytes derived from the seed (FNV-1a of the seed and a counter).
fn seed_bytes(seed: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut counter: u64 = 0;
    while out.len() < len {
        let mut input = seed.as_bytes().to_vec();
        input.extend_from_slice(&counter.to_le_bytes());
        out.extend_from_slice(&fnv1a(&input).to_le_bytes());
        counter += 1;
    }
    out.truncate(len);
    out
}

/// An RGB colour from the seed.
fn seed_rgb(seed: &str) -> [u8; 3] {
    let h = fnv1a(seed.as_bytes()).to_le_bytes();
    [h[0], h[1], h[2]]
}

/// CRC-32 (IEEE 802.3, as PNG and zip use it).
fn crc32(data: &[u8]) -> u32 {
    let mut crc: u32 = 0xffff_ffff;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}

/// Adler-32 (zlib's checksum).
fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(0);
    out.extend_from_slice(&len.to_be_bytes());
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc_input);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
}

/// A 1×1 RGB PNG: the pixel in a stored (uncompressed) deflate block.
fn png(seed: &str, label: &str) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    // Width 1, height 1, bit depth 8, colour type 2 (RGB), deflate, no
    // filter method variants, no interlace.
    png_chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    let mut text = b"Comment\0".to_vec();
    text.extend_from_slice(label.as_bytes());
    png_chunk(&mut out, b"tEXt", &text);
    let [r, g, b] = seed_rgb(seed);
    let raw = [0u8, r, g, b]; // filter type 0, then the pixel
    let mut zlib = vec![0x78, 0x01, 0x01, 0x04, 0x00, 0xfb, 0xff];
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());
    png_chunk(&mut out, b"IDAT", &zlib);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

fn jpeg_segment(out: &mut Vec<u8>, marker: u8, data: &[u8]) {
    let len = u16::try_from(data.len() + 2).unwrap_or(u16::MAX);
    out.extend_from_slice(&[0xff, marker]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(data);
}

/// A baseline 1×1 greyscale JPEG: one 8×8 block whose DC and AC
/// coefficients are all zero (mid grey), coded with one-symbol Huffman
/// tables.
fn jpeg(label: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xd8]; // SOI
    // APP0 JFIF 1.01, no units, 1:1 density, no thumbnail.
    jpeg_segment(
        &mut out,
        0xe0,
        &[b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    );
    jpeg_segment(&mut out, 0xfe, label.as_bytes()); // COM
    let mut dqt = vec![0u8]; // 8-bit precision, table 0
    dqt.extend_from_slice(&[1u8; 64]);
    jpeg_segment(&mut out, 0xdb, &dqt);
    // SOF0: 8-bit, 1×1, one component (id 1, 1×1 sampling, table 0).
    jpeg_segment(&mut out, 0xc0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
    // DHT: DC table 0 and AC table 0, each one code of length 1 for symbol 0
    // (DC: difference category 0; AC: end of block).
    for class in [0x00u8, 0x10] {
        let mut dht = vec![class, 1];
        dht.extend_from_slice(&[0u8; 15]);
        dht.push(0);
        jpeg_segment(&mut out, 0xc4, &dht);
    }
    // SOS: component 1 with tables 0/0, spectral 0..63, no approximation.
    jpeg_segment(&mut out, 0xda, &[1, 1, 0x00, 0, 63, 0]);
    // Scan: DC code `0`, EOB code `0`, padded with one bits.
    out.push(0b0011_1111);
    out.extend_from_slice(&[0xff, 0xd9]); // EOI
    out
}

/// A 1×1 GIF89a: two-colour global table, the pixel of colour 0.
fn gif(seed: &str, label: &str) -> Vec<u8> {
    let mut out = b"GIF89a".to_vec();
    out.extend_from_slice(&[1, 0, 1, 0, 0x80, 0, 0]);
    out.extend_from_slice(&seed_rgb(seed));
    out.extend_from_slice(&[0xff, 0xff, 0xff]);
    // Comment extension, in sub-blocks of at most 255 bytes.
    out.extend_from_slice(&[0x21, 0xfe]);
    for block in label.as_bytes().chunks(255) {
        out.push(u8::try_from(block.len()).unwrap_or(0));
        out.extend_from_slice(block);
    }
    out.push(0);
    // Image descriptor: at 0,0, 1×1, no local table.
    out.extend_from_slice(&[0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
    // LZW, minimum code size 2: clear, 0, end.
    out.extend_from_slice(&[2, 2, 0x44, 0x01, 0]);
    out.push(0x3b);
    out
}

/// A 1×1 24-bit BMP (BITMAPINFOHEADER).
fn bmp(seed: &str) -> Vec<u8> {
    let [r, g, b] = seed_rgb(seed);
    let mut out = b"BM".to_vec();
    out.extend_from_slice(&58u32.to_le_bytes()); // file size
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&54u32.to_le_bytes()); // pixel data offset
    out.extend_from_slice(&40u32.to_le_bytes()); // header size
    out.extend_from_slice(&1i32.to_le_bytes()); // width
    out.extend_from_slice(&1i32.to_le_bytes()); // height
    out.extend_from_slice(&1u16.to_le_bytes()); // planes
    out.extend_from_slice(&24u16.to_le_bytes()); // bits per pixel
    out.extend_from_slice(&0u32.to_le_bytes()); // BI_RGB
    out.extend_from_slice(&4u32.to_le_bytes()); // image size
    out.extend_from_slice(&2835i32.to_le_bytes()); // 72 dpi
    out.extend_from_slice(&2835i32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&[b, g, r, 0]); // one pixel, row padded to 4
    out
}

/// A one-page PDF 1.4 showing `label`, with a byte-exact xref table.
fn pdf(label: &str) -> Vec<u8> {
    let mut text = String::new();
    for c in label.chars() {
        match c {
            '\\' | '(' | ')' => {
                text.push('\\');
                text.push(c);
            }
            c if c.is_ascii_graphic() || c == ' ' => text.push(c),
            _ => text.push('?'),
        }
    }
    let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref_at = out.len();
    let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(xref, "{offset:010} 00000 n ");
    }
    let _ = write!(
        xref,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(xref.as_bytes());
    out
}

/// An empty zip: the end-of-central-directory record alone, with `label` as
/// the archive comment.
fn zip(label: &str) -> Vec<u8> {
    let comment = &label.as_bytes()[..label.len().min(u16::MAX as usize)];
    let mut out = vec![0x50, 0x4b, 0x05, 0x06];
    out.extend_from_slice(&[0u8; 16]); // disks, entry counts, size, offset
    out.extend_from_slice(&u16::try_from(comment.len()).unwrap_or(0).to_le_bytes());
    out.extend_from_slice(comment);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn be32(b: &[u8], at: usize) -> u32 {
        let mut x = [0u8; 4];
        x.copy_from_slice(&b[at..at + 4]);
        u32::from_be_bytes(x)
    }

    /// Walks the PNG chunks, checking every CRC; returns the chunk types.
    fn png_chunks(bytes: &[u8]) -> Vec<String> {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let mut at = 8;
        let mut kinds = Vec::new();
        while at < bytes.len() {
            let len = be32(bytes, at) as usize;
            let kind = &bytes[at + 4..at + 8];
            let data = &bytes[at + 8..at + 8 + len];
            let crc = be32(bytes, at + 8 + len);
            let mut input = kind.to_vec();
            input.extend_from_slice(data);
            assert_eq!(
                crc,
                crc32(&input),
                "CRC of {:?}",
                String::from_utf8_lossy(kind)
            );
            kinds.push(String::from_utf8_lossy(kind).into_owned());
            at += 12 + len;
        }
        assert_eq!(at, bytes.len());
        kinds
    }

    #[test]
    fn crc32_and_adler32_match_known_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
        assert_eq!(adler32(b""), 1);
    }

    #[test]
    fn png_is_a_valid_one_by_one_image() {
        let bytes = placeholder_bytes("image/png", "photo-1");
        assert_eq!(png_chunks(&bytes), ["IHDR", "tEXt", "IDAT", "IEND"]);
        // IHDR: 1×1, 8-bit RGB.
        assert_eq!(&bytes[16..29], &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        assert!(bytes.windows(7).any(|w| w == b"photo-1"));
        // Different seeds, different pixels; same seed, same bytes.
        assert_ne!(bytes, placeholder_bytes("image/png", "photo-2"));
        assert_eq!(bytes, placeholder_bytes("IMAGE/PNG; charset=x", "photo-1"));
    }

    #[test]
    fn png_idat_is_a_valid_zlib_stream() {
        let bytes = placeholder_bytes("image/png", "s");
        let idat = bytes.windows(4).position(|w| w == b"IDAT").expect("IDAT");
        let len = be32(&bytes, idat - 4) as usize;
        let z = &bytes[idat + 4..idat + 4 + len];
        assert_eq!(
            (u16::from(z[0]) << 8 | u16::from(z[1])) % 31,
            0,
            "zlib header check"
        );
        assert_eq!(z[2], 1, "final stored block");
        let n = u16::from_le_bytes([z[3], z[4]]);
        let nn = u16::from_le_bytes([z[5], z[6]]);
        assert_eq!(n, 4);
        assert_eq!(n, !nn);
        let raw = &z[7..11];
        assert_eq!(raw[0], 0, "filter byte");
        assert_eq!(be32(z, 11), adler32(raw));
        assert_eq!(z.len(), 15);
    }

    #[test]
    fn jpeg_is_well_formed() {
        let bytes = placeholder_bytes("image/jpeg", "me-photo");
        assert_eq!(&bytes[..2], &[0xff, 0xd8]);
        assert_eq!(&bytes[bytes.len() - 2..], &[0xff, 0xd9]);
        // Walk the segments up to SOS: each marker's length is right.
        let mut at = 2;
        let mut markers = Vec::new();
        loop {
            assert_eq!(bytes[at], 0xff);
            let marker = bytes[at + 1];
            let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
            markers.push(marker);
            at += 2 + len;
            if marker == 0xda {
                break;
            }
        }
        assert_eq!(markers, [0xe0, 0xfe, 0xdb, 0xc0, 0xc4, 0xc4, 0xda]);
        // One byte of entropy-coded data, then EOI.
        assert_eq!(bytes.len(), at + 3);
        assert!(bytes.windows(8).any(|w| w == b"me-photo"));
        assert_eq!(bytes, placeholder_bytes("image/jpg", "me-photo"));
        assert_eq!(bytes, placeholder_bytes("image/pjpeg", "me-photo"));
    }

    #[test]
    fn gif_is_well_formed() {
        let bytes = placeholder_bytes("image/gif", "g");
        assert_eq!(&bytes[..6], b"GIF89a");
        assert_eq!(&bytes[6..10], &[1, 0, 1, 0]);
        assert_eq!(bytes.last(), Some(&0x3b));
        assert!(bytes.windows(17).any(|w| w == b"placeholder for g"));
        // A long seed is split into 255-byte sub-blocks.
        let long = "x".repeat(1000);
        let bytes = placeholder_bytes("image/gif", &long);
        let start = 6 + 7 + 6 + 2;
        let mut at = start;
        let mut total = 0;
        while bytes[at] != 0 {
            total += usize::from(bytes[at]);
            at += 1 + usize::from(bytes[at]);
        }
        assert_eq!(total, "mdcontract placeholder for ".len() + 200);
        assert_eq!(bytes[at + 1], 0x2c);
    }

    #[test]
    fn bmp_is_well_formed() {
        let bytes = placeholder_bytes("image/bmp", "b");
        assert_eq!(&bytes[..2], b"BM");
        assert_eq!(bytes.len(), 58);
        assert_eq!(
            u32::from_le_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]),
            58
        );
    }

    #[test]
    fn pdf_has_a_correct_xref() {
        let bytes = placeholder_bytes("application/pdf", "report (1) \\ é");
        // Bytes above 0x7f (the binary comment line) as `?`: offsets stay.
        let text: String = bytes
            .iter()
            .map(|&b| if b.is_ascii() { char::from(b) } else { '?' })
            .collect();
        assert!(bytes.starts_with(b"%PDF-1.4\n%"));
        assert!(text.ends_with("%%EOF\n"));
        assert!(text.contains("(mdcontract placeholder for report \\(1\\) \\\\ ?)"));
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(text[startxref..].starts_with("xref\n0 6\n"));
        let entries: Vec<&str> = text[startxref..].lines().skip(3).take(5).collect();
        for (i, entry) in entries.iter().enumerate() {
            assert_eq!(entry.len(), 19, "{entry:?}");
            let offset: usize = entry[..10].parse().expect("offset");
            assert!(text[offset..].starts_with(&format!("{} 0 obj\n", i + 1)));
        }
        // The stream's /Length is exact.
        let stream = text.find("stream\n").expect("stream") + "stream\n".len();
        let end = text.find("endstream").expect("endstream");
        assert!(text.contains(&format!("/Length {} >>", end - stream)));
    }

    #[test]
    fn zip_and_office_types_are_an_empty_zip() {
        for ct in [
            "application/zip",
            "application/x-zip-compressed",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/epub+zip",
        ] {
            let bytes = placeholder_bytes(ct, "doc");
            assert_eq!(&bytes[..4], b"PK\x05\x06", "{ct}");
            assert_eq!(&bytes[4..20], &[0u8; 16]);
            let n = usize::from(u16::from_le_bytes([bytes[20], bytes[21]]));
            assert_eq!(bytes.len(), 22 + n);
            assert!(bytes.ends_with(b"placeholder for doc"));
        }
    }

    #[test]
    fn text_types_name_the_seed() {
        let t = placeholder_bytes("text/plain; charset=utf-8", "ex-1");
        assert_eq!(t, b"mdcontract placeholder for ex-1\n");
        let csv = placeholder_bytes("text/csv", "ex-1");
        assert!(csv.starts_with(b"mdcontract placeholder"));
        let html = String::from_utf8(placeholder_bytes("text/html", "<a&b>")).unwrap_or_default();
        assert!(html.contains("&lt;a&amp;b&gt;"));
        let xml =
            String::from_utf8(placeholder_bytes("application/xml", "x\u{1}y")).unwrap_or_default();
        assert!(xml.starts_with("<?xml") && xml.contains("x?y"));
        let svg = String::from_utf8(placeholder_bytes("image/svg+xml", "s")).unwrap_or_default();
        assert!(svg.starts_with("<svg"));
        let atom = placeholder_bytes("application/atom+xml", "a");
        assert!(atom.starts_with(b"<?xml"));
    }

    #[test]
    fn json_types_are_valid_json() {
        for ct in ["application/json", "application/problem+json", "text/json"] {
            let bytes = placeholder_bytes(ct, "q\"uote");
            let v: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
            assert_eq!(v["placeholder"], "mdcontract placeholder for q\"uote");
        }
    }

    #[test]
    fn unknown_types_get_seed_bytes() {
        let a = placeholder_bytes("application/octet-stream", "a");
        assert_eq!(a.len(), 16);
        assert_eq!(a, placeholder_bytes("application/x-unknown", "a"));
        assert_eq!(a, placeholder_bytes("", "a"));
        assert_eq!(a, placeholder_bytes("  ;;", "a"));
        assert_ne!(a, placeholder_bytes("application/octet-stream", "b"));
        assert_eq!(placeholder_bytes("application/octet-stream", "").len(), 16);
    }

    #[test]
    fn every_type_gives_non_empty_bytes_for_odd_seeds() {
        let types = [
            "image/png",
            "image/jpeg",
            "image/gif",
            "image/bmp",
            "image/svg+xml",
            "image/webp",
            "application/pdf",
            "application/zip",
            "application/json",
            "application/xml",
            "text/html",
            "text/plain",
            "application/octet-stream",
            "",
            "garbage",
            "audio/mpeg",
        ];
        let long = "é".repeat(100_000);
        for ct in types {
            for seed in ["", "\0\u{7f}\u{feff}", "(((", long.as_str()] {
                assert!(!placeholder_bytes(ct, seed).is_empty(), "{ct}");
            }
        }
    }

    #[test]
    fn documented_stand_ins_are_placeholders() {
        let cases = [
            ("...binary data...", "application/octet-stream"),
            ("<first 1024 bytes of file>", "application/octet-stream"),
            ("<first 1024 bytes of file>", ""),
            ("<final bytes of the file>", "application/octet-stream"),
            (
                "(application/octet-stream of size 160696 bytes)",
                "application/octet-stream",
            ),
            ("... binary image data ...", ""),
            ("Binary data for the image", "application/octet-stream"),
            ("<binary data>", "text/plain"),
            ("(stream of bytes)", "application/octet-stream"),
            (
                "Contains the binary data of the requested 240x240 photo. The HTTP response code is 200.",
                "",
            ),
            ("...", "application/octet-stream"),
            ("…", ""),
            ("", "application/octet-stream"),
            ("  \n ", "text/plain"),
        ];
        for (body, ct) in cases {
            assert!(is_placeholder_text(body, ct), "{body:?} {ct:?}");
        }
    }

    #[test]
    fn any_text_for_a_binary_only_type_is_a_placeholder() {
        for ct in [
            "image/jpeg",
            "image/png; foo=bar",
            "IMAGE/GIF",
            "application/pdf",
            "application/zip",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "audio/mpeg",
            "video/mp4",
            "application/msword",
        ] {
            assert!(
                is_placeholder_text("{\n  \"id\": \"id-value\"\n}", ct),
                "{ct}"
            );
            assert!(
                is_placeholder_text("Report Refresh Date,Total\n2017-09-01,1", ct),
                "{ct}"
            );
        }
    }

    #[test]
    fn real_text_is_not_a_placeholder() {
        let csv = "Report Refresh Date,User Principal Name,Last Activation Date,Last Activity Date,Report Period,Windows,Mac,Mobile,Web,Outlook,Word,Excel,PowerPoint,OneNote,Teams\n2020-02-17,a@b,2020-01-01,2020-02-01,7,Yes,No,No,No,Yes,Yes,Yes,Yes,No,Yes";
        assert!(!is_placeholder_text(csv, "application/octet-stream"));
        assert!(!is_placeholder_text("893", "text/plain"));
        assert!(!is_placeholder_text(
            "Report Refresh Date,Total,Active\n",
            "application/octet-stream"
        ));
        assert!(!is_placeholder_text(
            "Received: from contoso.com (10.194.241.197) by\ncontoso.com (10.194.241.197) with Microsoft\nSMTP Server (version=TLS1_2,\ncipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P256) id 15.1.1374.0 via Mailbox\nTransport; Mon, 4 Sep 2017 03:00:08 -0700",
            "text/plain"
        ));
        assert!(!is_placeholder_text(
            "{\"value\": \"binary\"}",
            "application/json"
        ));
        assert!(!is_placeholder_text(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "image/svg+xml"
        ));
        let long_binary_talk = "binary ".repeat(40);
        assert!(!is_placeholder_text(&long_binary_talk, "text/plain"));
    }
}
