//! The emails that carry invitations: to register on this instance (to an
//! address, in the instance's language) and to join a space (to a member,
//! in theirs).

use super::compose::Letter;
use super::{Email, Mailer};
use crate::db::format_time;
use crate::i18n::Tr;

/// An invitation link to register, for someone who has no account yet.
pub fn instance_invitation(
    mailer: &Mailer,
    address: &str,
    inviter: &str,
    instance: &str,
    url: &str,
    expires_at: i64,
) -> Email {
    let lang = mailer.default_lang;
    let t = Tr::new(lang);
    let letter = Letter {
        greeting: t.get("mail-invitation-greeting"),
        paragraphs: vec![
            t.args(
                "mail-invitation-body",
                &[("inviter", inviter), ("instance", instance)],
            ),
            t.with(
                "mail-invitation-expires",
                "date",
                t.date(&format_time(expires_at)),
            ),
        ],
        action: Some((t.get("mail-invitation-register"), url.to_owned())),
        footer: vec![t.with("mail-invitation-why", "instance", instance)],
        ..Letter::default()
    };
    let subject = t.with("mail-invitation-subject", "instance", instance);
    Email {
        account_id: None,
        to_address: address.to_owned(),
        to_name: String::new(),
        kind: "invitation",
        lang: lang.code(),
        html: letter.html(lang, &subject),
        text: letter.text(),
        subject,
        unsubscribe: None,
    }
}
