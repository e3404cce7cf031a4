-- The web interface: each member's chosen interface language (one of the
-- translated languages, e.g. `fr`); empty means "follow the browser".
ALTER TABLE accounts ADD COLUMN ui_language TEXT NOT NULL DEFAULT '';
