-- Test federation only. Lets a virtual host publish raw XML in its disco#info answer, so that
-- the federation can produce every structure the observatory's rules judge:
--   test_disco_extensions: XML strings added beside the normal answer (module:add_extension);
--   test_disco_answer: XML strings that replace the whole answer (children of the <iq/>).
local st = require "util.stanza";
local xml = require "util.xml";

for _, raw in ipairs(module:get_option_array("test_disco_extensions", {})) do
	module:add_extension(assert(xml.parse(raw)));
end

local answer = module:get_option("test_disco_answer");
if answer then
	local children = {};
	for _, raw in ipairs(answer) do
		table.insert(children, assert(xml.parse(raw)));
	end
	module:hook("iq-get/host/http://jabber.org/protocol/disco#info:query", function(event)
		if event.stanza.tags[1].attr.node then return; end
		local reply = st.reply(event.stanza);
		for _, child in ipairs(children) do
			reply:add_child(st.clone(child));
		end
		event.origin.send(reply);
		return true;
	end, 10);
end
