//! The text inside an uploaded file, for search: PDF (lopdf), DOCX and
//! ODT (zip archives of XML: the `zip` crate and quick-xml), Markdown and
//! plain text. Pure functions over bytes already read; the queue that
//! calls them, with its time limit and its two jobs at a time, is
//! [`super::extraction`].
//!
//! Everything here is bounded: the caller reads at most
//! [`MAX_INPUT_BYTES`], a part of an archive is read up to
//! [`MAX_PART_BYTES`] decompressed (a zip bomb stops there), a PDF's
//! streams are decompressed up to the same limit, and the text kept is at
//! most [`MAX_TEXT_BYTES`]. A malformed file is an `Err` with a reason a
//! person can read, never a panic of ours (the queue also catches those
//! of the crates).

use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

/// Larger files are not read (their title, description, tags and name
/// are still found).
pub const MAX_INPUT_BYTES: u64 = 20 * 1024 * 1024;
/// Text kept from one file.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// One part of an archive, or a PDF's decompressed streams, at most.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The formats whose text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Odt,
    Markdown,
    Plain,
}

/// The format of a file, from its name and first bytes: the name says
/// which of the zip-based formats it is, the bytes that it is one (a
/// `.pdf` that does not start as a PDF is read as nothing). `None`: a
/// format whose text is not read (images, audio, archives…).
pub fn format_of(filename: &str, head: &[u8]) -> Option<Format> {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let zip = head.starts_with(b"PK\x03\x04");
    match extension.as_str() {
        _ if head.starts_with(b"%PDF-") => Some(Format::Pdf),
        "pdf" => Some(Format::Pdf),
        "docx" if zip => Some(Format::Docx),
        "odt" if zip => Some(Format::Odt),
        "md" | "markdown" if text_like(head) => Some(Format::Markdown),
        "txt" | "text" | "csv" if text_like(head) => Some(Format::Plain),
        "" if text_like(head) => Some(Format::Plain),
        _ => None,
    }
}

/// UTF-8 (the end may be cut in the middle of a character).
fn text_like(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// The text of `bytes` in `format`, at most [`MAX_TEXT_BYTES`].
pub fn extract(format: Format, bytes: &[u8]) -> Result<String, String> {
    let text = match format {
        Format::Pdf => pdf(bytes)?,
        Format::Docx => zipped_xml(bytes, "word/document.xml")?,
        Format::Odt => zipped_xml(bytes, "content.xml")?,
        Format::Markdown => crate::search::from_markdown(&String::from_utf8_lossy(bytes)),
        Format::Plain => String::from_utf8_lossy(bytes).into_owned(),
    };
    Ok(cut(text))
}

/// `text` cut to [`MAX_TEXT_BYTES`] at a character boundary.
fn cut(mut text: String) -> String {
    if text.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

fn pdf(bytes: &[u8]) -> Result<String, String> {
    let document =
        lopdf::Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err("a PDF without pages".into());
    }
    let mut text = String::new();
    let mut failed = 0;
    // Page by page: one page the reader cannot decode loses that page only.
    for chunk in document.extract_text_chunks_with_limit(&pages, MAX_PART_BYTES as usize) {
        match chunk {
            Ok(part) => {
                text.push_str(&part);
                text.push('\n');
            }
            Err(_) => failed += 1,
        }
        if text.len() > MAX_TEXT_BYTES {
            break;
        }
    }
    if text.trim().is_empty() && failed > 0 {
        return Err("no page of this PDF could be read".into());
    }
    Ok(text)
}

/// The text of the XML part `name` of a zip archive: DOCX's
/// `word/document.xml`, ODT's `content.xml`. Both write text in elements
/// and mark paragraphs, line breaks, tabs and (ODT) runs of spaces with
/// elements, which become spaces or new lines here.
fn zipped_xml(bytes: &[u8], name: &str) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip archive: {e}"))?;
    let part = archive
        .by_name(name)
        .map_err(|_| format!("the archive has no {name}"))?;
    xml_text(BufReader::new(part.take(MAX_PART_BYTES)))
}

/// Elements that end a paragraph or stand for a space.
fn breaks_words(local_name: &[u8]) -> bool {
    matches!(
        local_name,
        b"p" | b"h" | b"br" | b"cr" | b"tab" | b"s" | b"line-break" | b"tr" | b"tc"
    )
}

fn xml_text(source: impl std::io::BufRead) -> Result<String, String> {
    let mut reader = Reader::from_reader(source);
    let mut buffer = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|e| format!("malformed XML: {e}"))?;
        match event {
            Event::Text(t) => {
                let part = t.decode().map_err(|e| format!("malformed XML: {e}"))?;
                text.push_str(&part);
            }
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    let entity = match &*r {
                        b"amp" => "&",
                        b"lt" => "<",
                        b"gt" => ">",
                        b"quot" => "\"",
                        b"apos" => "'",
                        _ => "",
                    };
                    text.push_str(entity);
                }
            }
            Event::End(e) if breaks_words(e.local_name().as_ref()) => text.push('\n'),
            Event::Empty(e) if breaks_words(e.local_name().as_ref()) => text.push(' '),
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
        if text.len() > MAX_TEXT_BYTES {
            break;
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_name_and_bytes() {
        assert_eq!(format_of("a.pdf", b"%PDF-1.4"), Some(Format::Pdf));
        assert_eq!(format_of("scan", b"%PDF-1.7"), Some(Format::Pdf));
        assert_eq!(format_of("a.docx", b"PK\x03\x04"), Some(Format::Docx));
        assert_eq!(format_of("a.docx", b"plain"), None);
        assert_eq!(format_of("a.ODT", b"PK\x03\x04"), Some(Format::Odt));
        assert_eq!(format_of("notes.md", b"# Title"), Some(Format::Markdown));
        assert_eq!(format_of("notes.txt", b"words"), Some(Format::Plain));
        assert_eq!(format_of("photo.jpg", b"\xff\xd8\xff"), None);
        assert_eq!(format_of("notes.txt", b"\xff\xfe\x00"), None);
    }

    #[test]
    fn xml_paragraphs_and_entities_become_text() {
        let xml = r#"<d xmlns:w="w"><w:p><w:r><w:t>Tom &amp; Jerry</w:t></w:r></w:p><w:p><w:t>caf&#233;</w:t><w:tab/><w:t>end</w:t></w:p></d>"#;
        let text = xml_text(xml.as_bytes()).unwrap();
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            ["Tom", "&", "Jerry", "café", "end"]
        );
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        assert!(extract(Format::Pdf, b"%PDF-1.4 garbage").is_err());
        assert!(extract(Format::Docx, b"PK\x03\x04 garbage").is_err());
        assert!(extract(Format::Odt, b"").is_err());
        assert!(xml_text("<a><b></a>".as_bytes()).is_err());
    }

    #[test]
    fn text_is_cut_at_a_character() {
        let long = "é".repeat(MAX_TEXT_BYTES);
        let cut = cut(long);
        assert!(cut.len() <= MAX_TEXT_BYTES);
        assert!(cut.chars().all(|c| c == 'é'));
    }
}
