-- Prosody 0.12: in your VirtualHost section. Write every value in braces, even a single one:
-- 0.12 drops a value written without them. 0.12 has no administrators field of its own, so
-- mod_serverinfo_administrators (beside this file: put it in a folder listed in plugin_paths)
-- publishes the contact_info categories and administrators in one form, in place of Prosody's own.
modules_enabled = { "serverinfo_administrators" }
modules_disabled = { "server_contact_info" }
contact_info = {
  abuse = { "mailto:abuse@example.org", "xmpp:abuse@example.org" };
  admin = { "xmpp:admin@example.org", "mailto:admin@example.org" };
  feedback = { "https://example.org/feedback" };
  sales = { "mailto:sales@example.org" };
  security = { "mailto:security@example.org", "https://example.org/.well-known/security.txt" };
  status = { "https://status.example.org/" };
  support = { "https://example.org/support", "xmpp:support@chat.example.org?join" };
}
serverinfo_administrators = { "admin@example.org" }
