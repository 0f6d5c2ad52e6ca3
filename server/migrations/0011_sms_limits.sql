-- SMS abuse limits (issue 13): per phone and China day, the codes sent and the wrong codes
-- entered, so that neither a resend nor a restart resets them. From here on
-- sms_codes.code_hash is an HMAC-SHA256 under the server's secret (--sms-code-secret), not a
-- plain SHA-256; codes sent before this migration are dropped (they live five minutes anyway).
CREATE TABLE sms_phone_days (
  phone TEXT NOT NULL,
  day TEXT NOT NULL,                 -- China date, YYYY-MM-DD
  sends INTEGER NOT NULL DEFAULT 0,
  wrong_tries INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (phone, day)
) WITHOUT ROWID;
CREATE INDEX sms_phone_days_by_day ON sms_phone_days(day);
DELETE FROM sms_codes;
