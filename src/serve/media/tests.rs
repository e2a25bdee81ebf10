//! Tests of the placeholder bodies: recognising stand-in text and the
//! validity of each format made.

use super::formats::{adler32, crc32};
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
