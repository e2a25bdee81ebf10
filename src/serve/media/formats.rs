//! The smallest valid file of each binary format a placeholder can take: a
//! 1×1 PNG, JPEG, GIF and BMP, a one-page PDF, an empty zip; and the
//! checksums and seeded bytes they are made of.

use std::fmt::Write as _;

pub(super) fn xml_escape(text: &str) -> String {
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
pub(super) fn seed_bytes(seed: &str, len: usize) -> Vec<u8> {
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
pub(super) fn crc32(data: &[u8]) -> u32 {
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
pub(super) fn adler32(data: &[u8]) -> u32 {
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
pub(super) fn png(seed: &str, label: &str) -> Vec<u8> {
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
pub(super) fn jpeg(label: &str) -> Vec<u8> {
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
pub(super) fn gif(seed: &str, label: &str) -> Vec<u8> {
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
pub(super) fn bmp(seed: &str) -> Vec<u8> {
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
pub(super) fn pdf(label: &str) -> Vec<u8> {
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
pub(super) fn zip(label: &str) -> Vec<u8> {
    let comment = &label.as_bytes()[..label.len().min(u16::MAX as usize)];
    let mut out = vec![0x50, 0x4b, 0x05, 0x06];
    out.extend_from_slice(&[0u8; 16]); // disks, entry counts, size, offset
    out.extend_from_slice(&u16::try_from(comment.len()).unwrap_or(0).to_le_bytes());
    out.extend_from_slice(comment);
    out
}
