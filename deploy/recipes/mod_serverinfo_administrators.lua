-- mod_serverinfo_administrators, for Prosody 0.12 (Serverinfo Observatory's recipe).
-- Publishes one serverinfo form (XEP-0157) with the categories of the host's contact_info and the
-- proto-XEP "XMPP Service Administrators" field `administrators`, from the option
-- serverinfo_administrators (bare JIDs). Disable mod_server_contact_info on the same host, or the
-- host publishes two serverinfo forms, and readers take only the first.
local dataforms = require "util.dataforms";

local contact_info = module:get_option("contact_info", {});
local administrators = module:get_option_array("serverinfo_administrators", {});

local layout = { { name = "FORM_TYPE", type = "hidden", value = "http://jabber.org/network/serverinfo" } };
local values = {};
for _, category in ipairs({ "abuse", "admin", "feedback", "sales", "security", "status", "support" }) do
	local list = contact_info[category];
	if list then
		local name = category .. "-addresses";
		table.insert(layout, { name = name, type = "list-multi" });
		values[name] = list;
	end
end
table.insert(layout, { name = "administrators", type = "list-multi" });
values.administrators = administrators;

module:add_extension(dataforms.new(layout):form(values, "result"));
