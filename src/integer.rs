//! Whole numbers in JSON bodies as JSON Schema defines them: `3` and `3.0`
//! are the same integer, and the OpenAPI document says `integer`. serde
//! alone refuses `3.0` for an `i64`; fields that take a count or an id use
//! [`optional`] or [`required`] instead.

use serde::Deserializer;
use serde::de::{Error, Visitor};

struct Integer;

impl Visitor<'_> for Integer {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::custom("a number too large"))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<i64, E> {
        // Exactly representable whole numbers only: ±2^63 is out of range.
        if value.fract() == 0.0 && value.abs() < 9.223_372_036_854_776e18 {
            Ok(value as i64)
        } else {
            Err(E::custom(format!("{value} is not a whole number")))
        }
    }
}

struct OptionalInteger;

impl<'de> Visitor<'de> for OptionalInteger {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number or null")
    }

    fn visit_none<E: Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_any(Integer).map(Some)
    }
}

/// For `#[serde(default, deserialize_with = "crate::integer::optional")]`
/// on an `Option<i64>`.
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_option(OptionalInteger)
}

/// For `#[serde(deserialize_with = "crate::integer::required")]` on an
/// `i64` that must be given.
pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(Integer)
}

/// One whole number of a list, as [`required`] reads it.
struct Whole(i64);

impl<'de> serde::Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Whole, D::Error> {
        d.deserialize_any(Integer).map(Whole)
    }
}

/// For `#[serde(default, deserialize_with = "crate::integer::list")]` on a
/// `Vec<i64>` (ids): `[3, 4.0]` is `[3, 4]`.
pub fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    let items: Vec<Whole> = serde::Deserialize::deserialize(d)?;
    Ok(items.into_iter().map(|w| w.0).collect())
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(default, deserialize_with = "super::optional")]
        n: Option<i64>,
    }

    fn n(json: &str) -> Result<Option<i64>, serde_json::Error> {
        serde_json::from_str::<Body>(json).map(|b| b.n)
    }

    #[test]
    fn whole_numbers_in_any_notation_and_nothing_else() {
        assert_eq!(n(r#"{"n": 3}"#).ok(), Some(Some(3)));
        assert_eq!(n(r#"{"n": -19773300.0}"#).ok(), Some(Some(-19_773_300)));
        assert_eq!(n(r#"{"n": 1e3}"#).ok(), Some(Some(1000)));
        // Parsed exactly (serde_json's `float_roundtrip`), not as …56.8.
        assert_eq!(
            n(r#"{"n": -2005552579491757.0}"#).ok(),
            Some(Some(-2_005_552_579_491_757))
        );
        assert_eq!(n(r#"{"n": null}"#).ok(), Some(None));
        assert_eq!(n("{}").ok(), Some(None));
        assert!(n(r#"{"n": 2.5}"#).is_err());
        assert!(n(r#"{"n": "3"}"#).is_err());
        assert!(n(r#"{"n": 1e300}"#).is_err());
        assert!(n(r#"{"n": 18446744073709551615}"#).is_err());
    }

    #[test]
    fn lists_of_ids_take_whole_numbers_in_any_notation() {
        #[derive(serde::Deserialize)]
        struct Ids {
            #[serde(default, deserialize_with = "super::list")]
            media: Vec<i64>,
        }
        let ids = |json: &str| serde_json::from_str::<Ids>(json).map(|b| b.media);
        assert_eq!(
            ids(r#"{"media": [3, -6003175047.0, 1e3]}"#).ok(),
            Some(vec![3, -6_003_175_047, 1000])
        );
        assert_eq!(ids("{}").ok(), Some(vec![]));
        assert!(ids(r#"{"media": [2.5]}"#).is_err());
        assert!(ids(r#"{"media": 3}"#).is_err());
    }
}
