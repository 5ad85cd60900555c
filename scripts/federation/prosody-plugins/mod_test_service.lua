-- Test federation only: a hostile MUC service for the self-test, as a component's own module.
-- It answers disco#info (identity conference/text), and nothing else ever: with test_service_items
-- = 0 its disco#items goes unanswered; with N, it lists N rooms, none of which answers anything.
local st = require "util.stanza";

local items = module:get_option_number("test_service_items", 0);
local NS_INFO = "http://jabber.org/protocol/disco#info";
local NS_ITEMS = "http://jabber.org/protocol/disco#items";

module:hook("iq-get/host/" .. NS_INFO .. ":query", function(event)
	local reply = st.reply(event.stanza):tag("query", { xmlns = NS_INFO })
		:tag("identity", { category = "conference", type = "text", name = "A test service" }):up()
		:tag("feature", { var = NS_INFO }):up()
		:tag("feature", { var = "http://jabber.org/protocol/muc" }):up();
	event.origin.send(reply);
	return true;
end);

module:hook("iq-get/host/" .. NS_ITEMS .. ":query", function(event)
	if items == 0 then return true; end -- silent
	local reply = st.reply(event.stanza):tag("query", { xmlns = NS_ITEMS });
	for i = 1, items do reply:tag("item", { jid = ("room%d@%s"):format(i, module.host) }):up(); end
	event.origin.send(reply);
	return true;
end);

-- Everything else, to the service or to any of its rooms, is swallowed.
module:hook("iq/host", function() return true; end, -1);
module:hook("iq/bare", function() return true; end, -1);
module:hook("presence/bare", function() return true; end, -1);
module:hook("message/bare", function() return true; end, -1);
