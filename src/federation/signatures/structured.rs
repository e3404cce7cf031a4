//! Structured field dictionaries (RFC 8941 §4.2.2), as far as HTTP
//! message signatures need them: `Signature-Input`, `Signature` and
//! `Content-Digest`.
//!
//! Written here rather than taken from the `sfv` crate because the
//! signature base needs each member's value exactly as the signer wrote
//! it (`@signature-params` repeats it byte for byte), which a parser that
//! builds values and serializes them again cannot promise. Parsing is one
//! pass over at most [`MAX_FIELD`] bytes, with the number of members,
//! items and parameters bounded, so a hostile header costs little.

use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

/// Longest field value parsed (all lines of the header together).
pub const MAX_FIELD: usize = 8 * 1024;
/// Most members in a dictionary, items in an inner list, parameters on
/// one item.
const MAX_MEMBERS: usize = 16;
const MAX_ITEMS: usize = 32;
const MAX_PARAMS: usize = 16;

/// Byte sequences with or without their padding (RFC 8941 §4.2.7 asks
/// parsers to accept both).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A bare item. Decimals are kept as written: nothing here computes with
/// them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bare {
    Integer(i64),
    Decimal(String),
    String(String),
    Token(String),
    Bytes(Vec<u8>),
    Boolean(bool),
}

/// An item with its parameters, in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub value: Bare,
    pub params: Vec<(String, Bare)>,
}

/// A dictionary member's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Item(Item),
    InnerList(Vec<Item>, Vec<(String, Bare)>),
}

/// One member: its key, its value, and the value's text as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    pub value: Value,
    pub raw: String,
}

/// The parameter `name` of a list of parameters.
pub fn param<'a>(params: &'a [(String, Bare)], name: &str) -> Option<&'a Bare> {
    params.iter().find(|(key, _)| key == name).map(|(_, v)| v)
}

/// Parses a dictionary. A key given twice keeps its last value, in the
/// place of its first (RFC 8941 §4.2.2).
pub fn dictionary(input: &str) -> Result<Vec<Member>, String> {
    if input.len() > MAX_FIELD {
        return Err(format!("longer than {MAX_FIELD} bytes"));
    }
    let mut parser = Parser {
        bytes: input.trim_matches(' ').as_bytes(),
        at: 0,
    };
    let mut members: Vec<Member> = Vec::new();
    while !parser.done() {
        let key = parser.key()?;
        let has_value = parser.eat(b'=');
        let start = parser.at;
        let value = if has_value {
            if parser.peek() == Some(b'(') {
                parser.inner_list()?
            } else {
                Value::Item(parser.item()?)
            }
        } else {
            Value::Item(Item {
                value: Bare::Boolean(true),
                params: parser.params()?,
            })
        };
        let raw = parser.text(start)?;
        let member = Member { key, value, raw };
        if let Some(existing) = members.iter_mut().find(|m| m.key == member.key) {
            *existing = member;
        } else if members.len() < MAX_MEMBERS {
            members.push(member);
        } else {
            return Err(format!("more than {MAX_MEMBERS} members"));
        }
        parser.ows();
        if parser.done() {
            break;
        }
        if !parser.eat(b',') {
            return Err(format!("expected a comma at byte {}", parser.at));
        }
        parser.ows();
        if parser.done() {
            return Err("a trailing comma".into());
        }
    }
    Ok(members)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    fn spaces(&mut self) {
        while self.eat(b' ') {}
    }

    fn text(&self, start: usize) -> Result<String, String> {
        std::str::from_utf8(&self.bytes[start..self.at])
            .map(str::to_owned)
            .map_err(|_| "not ASCII".to_owned())
    }

    fn key(&mut self) -> Result<String, String> {
        let start = self.at;
        match self.peek() {
            Some(b'a'..=b'z' | b'*') => self.at += 1,
            _ => return Err(format!("expected a key at byte {start}")),
        }
        while matches!(
            self.peek(),
            Some(b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'*')
        ) {
            self.at += 1;
        }
        self.text(start)
    }

    fn inner_list(&mut self) -> Result<Value, String> {
        self.at += 1; // '('
        let mut items = Vec::new();
        loop {
            self.spaces();
            if self.eat(b')') {
                return Ok(Value::InnerList(items, self.params()?));
            }
            if items.len() >= MAX_ITEMS {
                return Err(format!("more than {MAX_ITEMS} items in a list"));
            }
            items.push(self.item()?);
            if !matches!(self.peek(), Some(b' ' | b')')) {
                return Err(format!("an unterminated list at byte {}", self.at));
            }
        }
    }

    fn item(&mut self) -> Result<Item, String> {
        let value = self.bare()?;
        Ok(Item {
            value,
            params: self.params()?,
        })
    }

    fn params(&mut self) -> Result<Vec<(String, Bare)>, String> {
        let mut params: Vec<(String, Bare)> = Vec::new();
        while self.eat(b';') {
            self.spaces();
            let key = self.key()?;
            let value = if self.eat(b'=') {
                self.bare()?
            } else {
                Bare::Boolean(true)
            };
            if let Some(existing) = params.iter_mut().find(|(k, _)| *k == key) {
                existing.1 = value;
            } else if params.len() < MAX_PARAMS {
                params.push((key, value));
            } else {
                return Err(format!("more than {MAX_PARAMS} parameters"));
            }
        }
        Ok(params)
    }

    fn bare(&mut self) -> Result<Bare, String> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'"') => self.string(),
            Some(b':') => self.bytes(),
            Some(b'?') => self.boolean(),
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'*') => self.token(),
            _ => Err(format!("expected a value at byte {}", self.at)),
        }
    }

    fn number(&mut self) -> Result<Bare, String> {
        let start = self.at;
        self.eat(b'-');
        let (mut digits, mut point) = (0, None);
        loop {
            match self.peek() {
                Some(b'0'..=b'9') => digits += 1,
                Some(b'.') if point.is_none() && digits > 0 => point = Some(digits),
                _ => break,
            }
            self.at += 1;
        }
        let text = self.text(start)?;
        match point {
            None if (1..=15).contains(&digits) => text
                .parse()
                .map(Bare::Integer)
                .map_err(|_| format!("a bad integer {text}")),
            Some(whole) if whole <= 12 && (1..=3).contains(&(digits - whole)) => {
                Ok(Bare::Decimal(text))
            }
            _ => Err(format!("a bad number {text}")),
        }
    }

    fn string(&mut self) -> Result<Bare, String> {
        self.at += 1; // '"'
        let mut out = String::new();
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Bare::String(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    match self.peek() {
                        Some(c @ (b'"' | b'\\')) => out.push(char::from(c)),
                        _ => return Err("a bad escape in a string".into()),
                    }
                }
                Some(c @ 0x20..=0x7e) => out.push(char::from(c)),
                _ => return Err("an unterminated string".into()),
            }
            self.at += 1;
        }
    }

    fn token(&mut self) -> Result<Bare, String> {
        let start = self.at;
        self.at += 1;
        while let Some(c) = self.peek() {
            let tchar = c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&c);
            if !tchar {
                break;
            }
            self.at += 1;
        }
        Ok(Bare::Token(self.text(start)?))
    }

    fn bytes(&mut self) -> Result<Bare, String> {
        self.at += 1; // ':'
        let start = self.at;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || b"+/=".contains(&c)) {
            self.at += 1;
        }
        let encoded = self.text(start)?;
        if !self.eat(b':') {
            return Err("an unterminated byte sequence".into());
        }
        BASE64
            .decode(encoded)
            .map(Bare::Bytes)
            .map_err(|_| "a byte sequence that is not base64".into())
    }

    fn boolean(&mut self) -> Result<Bare, String> {
        self.at += 1; // '?'
        let value = match self.peek() {
            Some(b'0') => false,
            Some(b'1') => true,
            _ => return Err("a bad boolean".into()),
        };
        self.at += 1;
        Ok(Bare::Boolean(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_inputs_parse_and_keep_their_text() {
        let members = dictionary(
            r#"sig1=("@method" "@target-uri" "content-digest");created=1618884473;keyid="https://b.example/u#k";alg="rsa-v1_5-sha256", sig2=?0"#,
        )
        .unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].key, "sig1");
        assert_eq!(
            members[0].raw,
            r#"("@method" "@target-uri" "content-digest");created=1618884473;keyid="https://b.example/u#k";alg="rsa-v1_5-sha256""#
        );
        let Value::InnerList(items, params) = &members[0].value else {
            panic!("not a list");
        };
        assert_eq!(items[2].value, Bare::String("content-digest".into()));
        assert_eq!(param(params, "created"), Some(&Bare::Integer(1618884473)));
        assert_eq!(
            param(params, "keyid"),
            Some(&Bare::String("https://b.example/u#k".into()))
        );
        assert_eq!(
            members[1].value,
            Value::Item(Item {
                value: Bare::Boolean(false),
                params: vec![],
            })
        );
    }

    #[test]
    fn byte_sequences_tokens_numbers_and_flags() {
        let members =
            dictionary("sha-256=:AQID:, sha-512=:AQI=:;x, a=tok/en:1, b=-1.25, c, d=\"q\\\"\"")
                .unwrap();
        let values: Vec<_> = members.iter().map(|m| m.value.clone()).collect();
        let item = |value| {
            Value::Item(Item {
                value,
                params: vec![],
            })
        };
        assert_eq!(values[0], item(Bare::Bytes(vec![1, 2, 3])));
        assert_eq!(
            values[1],
            Value::Item(Item {
                value: Bare::Bytes(vec![1, 2]),
                params: vec![("x".into(), Bare::Boolean(true))],
            })
        );
        assert_eq!(values[2], item(Bare::Token("tok/en:1".into())));
        assert_eq!(values[3], item(Bare::Decimal("-1.25".into())));
        assert_eq!(values[4], item(Bare::Boolean(true)));
        assert_eq!(values[5], item(Bare::String("q\"".into())));
    }

    #[test]
    fn malformed_and_oversized_fields_are_errors() {
        for bad in [
            "Sig=1",
            "a=1,",
            "a=(\"x\"",
            "a=\"unterminated",
            "a=:not base64!:",
            "a=1 b=2",
            "a=1234567890123456",
            "a=?2",
            "a=\"\u{e9}\"",
            "a=(\"x\"\"y\")",
        ] {
            assert!(dictionary(bad).is_err(), "{bad}");
        }
        let long = format!("a=\"{}\"", "x".repeat(MAX_FIELD));
        assert!(dictionary(&long).is_err());
        let many = (0..40).map(|i| format!("k{i}=1")).collect::<Vec<_>>();
        assert!(dictionary(&many.join(",")).is_err());
        let list = format!("a=({})", vec!["1"; 40].join(" "));
        assert!(dictionary(&list).is_err());
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let members = dictionary("a=1, b=2, a=3").unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].raw, "3");
    }
}
