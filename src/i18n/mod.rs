//! The interface's five languages: Fluent catalogues compiled into the
//! binary (`src/locales/*.ftl`), the choice of language for a request,
//! and numbers and dates written the way each language writes them.
//!
//! Numbers and dates follow CLDR's defaults for the bare language: `fr`
//! groups thousands with a narrow no-break space, `de` and `pt` with a dot,
//! and `ar` writes Arabic-Indic digits (٠١٢٣…) with the Arabic separators.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_memoizer::concurrent::IntlLangMemoizer;

/// A language the interface is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fr,
    Ar,
    De,
    Pt,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Fr, Lang::Ar, Lang::De, Lang::Pt];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
            Lang::De => "de",
            Lang::Pt => "pt",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's name in itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ar => "العربية",
            Lang::De => "Deutsch",
            Lang::Pt => "Português",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// The best of our languages for an `Accept-Language` header, if any
    /// fits. Region subtags are ignored (`pt-BR` is `pt`); `q=0` refuses.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in accept_language.split(',').take(20) {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
            let Some(quality) = quality.filter(|q| *q > 0.0) else {
                continue;
            };
            let primary = tag.split('-').next().unwrap_or_default();
            let Some(lang) = Lang::from_code(&primary.to_ascii_lowercase()) else {
                continue;
            };
            // Ties go to the earlier entry, as the browser listed them.
            if best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang)
    }

    fn separators(self) -> (&'static str, &'static str) {
        match self {
            Lang::En => (",", "."),
            Lang::Fr => ("\u{202f}", ","),
            Lang::De | Lang::Pt => (".", ","),
            Lang::Ar => ("\u{066c}", "\u{066b}"),
        }
    }

    /// Digits as this language writes them.
    pub fn digits(self, ascii: &str) -> String {
        match self {
            Lang::Ar => ascii
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
            _ => ascii.to_owned(),
        }
    }

    /// An integer with this language's thousands separator.
    pub fn integer(self, n: i64) -> String {
        let (group, _) = self.separators();
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + 8);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(group);
            }
            out.push(c);
        }
        self.digits(&out)
    }

    /// A number with at most one decimal (file sizes).
    pub fn decimal(self, x: f64) -> String {
        let (_, point) = self.separators();
        let tenths = (x * 10.0).round() as i64;
        let whole = self.integer(tenths / 10);
        match tenths % 10 {
            0 => whole,
            d => format!("{whole}{point}{}", self.digits(&d.abs().to_string())),
        }
    }
}

/// Each language's catalogue, parsed once.
struct Catalogue {
    bundles: Vec<FluentBundle<FluentResource>>,
}

/// One language's catalogue: a file per part of the interface.
macro_rules! catalogue {
    ($code:literal) => {
        concat!(
            include_str!(concat!("../locales/", $code, "/core.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/spaces.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/people.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/events.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/library.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/admin.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/notifications.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/mail.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/security.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/data.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/search.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/newsletter.ftl")),
            "\n",
            include_str!(concat!("../locales/", $code, "/media.ftl")),
        )
    };
}

const SOURCES: [(Lang, &str); 5] = [
    (Lang::En, catalogue!("en")),
    (Lang::Fr, catalogue!("fr")),
    (Lang::Ar, catalogue!("ar")),
    (Lang::De, catalogue!("de")),
    (Lang::Pt, catalogue!("pt")),
];

// Fluent calls a plain function to write numbers, so one per language.
macro_rules! number_formatter {
    ($name:ident, $lang:expr) => {
        fn $name(value: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
            match value {
                FluentValue::Number(n) if n.value.fract() == 0.0 => {
                    Some($lang.integer(n.value as i64))
                }
                FluentValue::Number(n) => Some($lang.decimal(n.value)),
                _ => None,
            }
        }
    };
}
number_formatter!(format_en, Lang::En);
number_formatter!(format_fr, Lang::Fr);
number_formatter!(format_ar, Lang::Ar);
number_formatter!(format_de, Lang::De);
number_formatter!(format_pt, Lang::Pt);

type Formatter = fn(&FluentValue, &IntlLangMemoizer) -> Option<String>;

fn formatter(lang: Lang) -> Formatter {
    match lang {
        Lang::En => format_en,
        Lang::Fr => format_fr,
        Lang::Ar => format_ar,
        Lang::De => format_de,
        Lang::Pt => format_pt,
    }
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| Catalogue {
    bundles: SOURCES
        .iter()
        .map(|(lang, source)| {
            let id = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Names and titles are wrapped in <bdi> by the templates instead:
            // the isolation characters Fluent would add show up in form
            // values and copied text.
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(formatter(*lang)));
            // Parse errors are caught by the catalogue tests; what parses is
            // still used.
            let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(r, _)| r);
            let _ = bundle.add_resource(resource);
            bundle
        })
        .collect(),
});

/// A whole number however a template holds it (`n`, `&n`, `&&n`, or a
/// `usize` length).
pub trait Count {
    fn value(&self) -> i64;
}

impl Count for i64 {
    fn value(&self) -> i64 {
        *self
    }
}

impl Count for usize {
    fn value(&self) -> i64 {
        i64::try_from(*self).unwrap_or(i64::MAX)
    }
}

impl<T: Count + ?Sized> Count for &T {
    fn value(&self) -> i64 {
        (**self).value()
    }
}

/// Every zone of jiff's bundled database, sorted: [`Tr`] names its zone by
/// an index in it, so that it stays `Copy`.
static ZONE_NAMES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_owned())
        .collect();
    names.sort();
    names
});

/// Translations in one language, with times in one zone (UTC unless
/// [`Tr::in_zone`] says otherwise); what templates call `t`.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub lang: Lang,
    zone: Option<u16>,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang, zone: None }
    }

    /// The same, writing times in the IANA zone `name` (a reader's own);
    /// an empty or unknown name keeps UTC.
    pub fn in_zone(self, name: &str) -> Self {
        let zone = ZONE_NAMES
            .binary_search_by(|z| z.as_str().cmp(name))
            .ok()
            .and_then(|i| u16::try_from(i).ok());
        Tr { zone, ..self }
    }

    /// The zone times are written in.
    pub fn zone(&self) -> jiff::tz::TimeZone {
        self.zone
            .and_then(|i| ZONE_NAMES.get(usize::from(i)))
            .and_then(|name| jiff::tz::TimeZone::get(name).ok())
            .unwrap_or(jiff::tz::TimeZone::UTC)
    }

    fn bundle(&self) -> &'static FluentBundle<FluentResource> {
        let index = Lang::ALL.iter().position(|l| *l == self.lang).unwrap_or(0);
        &CATALOGUE.bundles[index]
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            // Missing messages are caught by the catalogue tests; showing
            // the id makes one obvious rather than silently blank.
            return id.to_owned();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// The message `id`.
    pub fn get(&self, id: impl AsRef<str>) -> String {
        self.format(id.as_ref(), None)
    }

    /// The message named by a prefix and a value, e.g. `role-` and
    /// `reader`: how enums are labelled.
    pub fn label(&self, prefix: &str, value: impl std::fmt::Display) -> String {
        self.format(&format!("{prefix}{value}"), None)
    }

    /// The message `id` with one string argument.
    pub fn with(&self, id: &str, name: &str, value: impl AsRef<str>) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value.as_ref().to_owned()));
        self.format(id, Some(&args))
    }

    /// The message `id` with a count (for plurals) as `$count`.
    pub fn count(&self, id: &str, count: impl Count) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count.value()));
        self.format(id, Some(&args))
    }

    /// The message `id` with several arguments.
    pub fn args(&self, id: &str, values: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(*name, FluentValue::from((*value).to_owned()));
        }
        self.format(id, Some(&args))
    }

    /// The message `id` with several arguments and a count (for plurals)
    /// as `$count`.
    pub fn count_args(&self, id: &str, count: impl Count, values: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count.value()));
        for (name, value) in values {
            args.set(*name, FluentValue::from((*value).to_owned()));
        }
        self.format(id, Some(&args))
    }

    pub fn number(&self, n: impl Count) -> String {
        self.lang.integer(n.value())
    }

    /// A byte count in words: "3.5 MB".
    pub fn size(&self, bytes: impl Count) -> String {
        let bytes = bytes.value() as f64;
        let (value, unit) = if bytes >= 1e9 {
            (bytes / 1e9, "size-gb")
        } else if bytes >= 1e6 {
            (bytes / 1e6, "size-mb")
        } else if bytes >= 1e3 {
            (bytes / 1e3, "size-kb")
        } else {
            (bytes, "size-bytes")
        };
        self.with(unit, "n", self.lang.decimal(value))
    }

    /// An RFC 3339 time as a date in words, in the reader's zone (UTC for
    /// a visitor): "21 November 2026".
    pub fn date(&self, rfc3339: &str) -> String {
        let Ok(ts) = rfc3339.parse::<jiff::Timestamp>() else {
            return rfc3339.to_owned();
        };
        self.civil_date(ts.to_zoned(self.zone()).date())
    }

    /// An RFC 3339 time as a date and time of day, in the reader's zone
    /// (UTC for a visitor).
    pub fn datetime(&self, rfc3339: &str) -> String {
        let Ok(ts) = rfc3339.parse::<jiff::Timestamp>() else {
            return rfc3339.to_owned();
        };
        self.zoned(&ts.to_zoned(self.zone()))
    }

    /// A date and time of day in the time zone it carries.
    pub fn zoned(&self, time: &jiff::Zoned) -> String {
        let clock = self
            .lang
            .digits(&format!("{:02}:{:02}", time.hour(), time.minute()));
        self.args(
            "datetime",
            &[("date", &self.civil_date(time.date())), ("time", &clock)],
        )
    }

    fn civil_date(&self, date: jiff::civil::Date) -> String {
        let month = self.get(format!("month-{}", date.month()));
        self.args(
            "date",
            &[
                ("day", &self.lang.digits(&date.day().to_string())),
                ("month", &month),
                ("year", &self.lang.digits(&date.year().to_string())),
            ],
        )
    }
}

#[cfg(test)]
mod tests;
