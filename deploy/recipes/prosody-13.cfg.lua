-- Prosody 13: in your VirtualHost section. 13's own mod_server_info holds the serverinfo form:
-- contact_info fills the *-addresses fields (write every value in braces), and administrators
-- is a field declared in server_info_extensions, with its value in server_info.
contact_info = {
  abuse = { "mailto:abuse@example.org", "xmpp:abuse@example.org" };
  admin = { "xmpp:admin@example.org", "mailto:admin@example.org" };
  feedback = { "https://example.org/feedback" };
  sales = { "mailto:sales@example.org" };
  security = { "mailto:security@example.org", "https://example.org/.well-known/security.txt" };
  status = { "https://status.example.org/" };
  support = { "https://example.org/support", "xmpp:support@chat.example.org?join" };
}
server_info_extensions = { { name = "administrators", type = "list-multi" } }
server_info = { administrators = { "admin@example.org" } }
