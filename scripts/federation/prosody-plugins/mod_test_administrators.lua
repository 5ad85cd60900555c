-- Test federation only. Publishes one serverinfo form with the XEP-0157 fields taken from
-- contact_info, plus the proto-XEP "XMPP Service Administrators" field `administrators`,
-- taken from the `test_administrators` option. No Prosody module publishes it yet.
local dataforms = require "util.dataforms";

local contact_info = module:get_option("contact_info", {});
local administrators = module:get_option_array("test_administrators", {});

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
