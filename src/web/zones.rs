//! The time zone `<select>` of the profile settings and the event form:
//! the IANA zones people live in, grouped by region, with a short group
//! first (the member's own zone). Where JavaScript runs, `app.js` adds the
//! browser's zone to that group.

use std::sync::LazyLock;

use jiff::tz::TimeZone;

/// The regions of the list, in the order shown.
const REGIONS: [&str; 9] = [
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
];

/// The zones of [`REGIONS`] (`Region/City`), grouped by region; names
/// outside them (`US/Eastern`, `Etc/GMT+3`…) are left out. Old names within
/// a region (`Asia/Calcutta`) stay: some browsers still report them as
/// their zone. Built once from jiff's bundled database.
pub fn groups() -> &'static [(&'static str, Vec<String>)] {
    static GROUPS: LazyLock<Vec<(&'static str, Vec<String>)>> = LazyLock::new(|| {
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|name| name.as_str().to_owned())
            .collect();
        names.sort();
        REGIONS
            .iter()
            .map(|region| {
                let prefix = format!("{region}/");
                let zones = names
                    .iter()
                    .filter(|n| n.starts_with(&prefix))
                    .cloned()
                    .collect();
                (*region, zones)
            })
            .collect()
    });
    &GROUPS
}

/// Whether `name` is a zone jiff knows (any IANA name, aliases included:
/// an event from the API may carry one). "UTC" is one.
pub fn is_known(name: &str) -> bool {
    name.len() <= 64 && TimeZone::get(name).is_ok()
}

/// What a zone `<select>` shows: the chosen zone and the member's own,
/// offered first.
pub struct ZoneChoice {
    /// The zone chosen (stored, or as sent back).
    pub selected: String,
    /// The member's own zone, if they set one.
    pub own: Option<String>,
}

impl ZoneChoice {
    /// `selected` as typed or stored; `own` from the member's profile.
    pub fn new(selected: &str, own: Option<&str>) -> Self {
        ZoneChoice {
            selected: selected.trim().to_owned(),
            own: own
                .map(str::trim)
                .filter(|z| !z.is_empty() && is_known(z))
                .map(str::to_owned),
        }
    }

    pub fn groups(&self) -> &'static [(&'static str, Vec<String>)] {
        groups()
    }

    /// Whether `zone` is the chosen one in the regions' groups (the
    /// first group marks it itself, so it is selected once).
    pub fn is(&self, zone: &str) -> bool {
        self.selected == zone && self.own.as_deref() != Some(zone)
    }

    pub fn is_own_selected(&self) -> bool {
        self.own.as_deref() == Some(self.selected.as_str())
    }

    /// A chosen zone the list does not hold (an alias such as `US/Eastern`
    /// set through the API, or a typo sent back with its message): shown
    /// too, so the form keeps what it had.
    pub fn unlisted(&self) -> Option<&str> {
        let listed = self.selected.is_empty()
            || self.selected == "UTC"
            || self.own.as_deref() == Some(self.selected.as_str())
            || groups()
                .iter()
                .any(|(_, zones)| zones.contains(&self.selected));
        (!listed).then_some(self.selected.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_cities_not_aliases() {
        let all: Vec<&String> = groups().iter().flat_map(|(_, z)| z).collect();
        assert!(all.iter().any(|z| *z == "Africa/Kinshasa"));
        assert!(all.iter().any(|z| *z == "America/New_York"));
        assert!(
            !all.iter()
                .any(|z| z.starts_with("US/") || z.starts_with("Etc/"))
        );
        assert!(is_known("UTC") && is_known("US/Eastern"));
        assert!(!is_known("Africa/Kinshasha"));
    }

    #[test]
    fn a_zone_not_in_the_list_is_kept() {
        assert_eq!(
            ZoneChoice::new("Mars/Olympus", None).unlisted(),
            Some("Mars/Olympus")
        );
        assert_eq!(ZoneChoice::new("Europe/Paris", None).unlisted(), None);
        let own = ZoneChoice::new("Asia/Tokyo", Some("Asia/Tokyo"));
        assert_eq!(own.own.as_deref(), Some("Asia/Tokyo"));
        assert_eq!(ZoneChoice::new("", Some("Nowhere/Else")).own, None);
    }
}
