-- Test federation only. Lets a virtual host publish raw XML in its disco#info answer, so that
-- the federation can produce every structure the observatory's rules judge:
--   test_disco_extensions: XML strings added beside the normal answer (module:add_extension);
--   test_disco_answer: XML strings that replace the whole answer (children of the <iq/>).
local st = require "util.stanza";
local xml = require "util.xml";

for _, raw in ipairs(module:get_option_array("test_disco_extensions", {})) do
	module:add_extension(assert(xml.parse(raw)));
end

-- Answers a disco#info request with copies of `children` as the children of the result.
local function answer_with(event, children)
	local reply = st.reply(event.stanza);
	for _, child in ipairs(children) do
		reply:add_child(st.clone(child));
	end
	event.origin.send(reply);
	return true;
end

local answer = module:get_option("test_disco_answer");
if answer then
	local children = {};
	for _, raw in ipairs(answer) do
		table.insert(children, assert(xml.parse(raw)));
	end
	module:hook("iq-get/host/http://jabber.org/protocol/disco#info:query", function(event)
		if event.stanza.tags[1].attr.node then return; end
		return answer_with(event, children);
	end, 10);
end

-- test_disco_raw: an answer written as raw text, past anything util.stanza would build or the
-- crawler should read whole. A serverinfo form with an abuse address comes first, then either
--   depth = N: an element nested N levels deep, or
--   value_chars = N, value_char = C: a support address of N copies of the character C.
local raw = module:get_option("test_disco_raw");
if raw then
	local escape = st.xml_escape;
	module:hook("iq-get/host/http://jabber.org/protocol/disco#info:query", function(event)
		local request = event.stanza;
		if request.tags[1].attr.node then return; end
		local parts = {
			("<iq type='result' id='%s' from='%s' to='%s'>"):format(escape(request.attr.id), escape(module.host), escape(request.attr.from)),
			"<query xmlns='http://jabber.org/protocol/disco#info'><identity category='server' type='im'/>",
			"<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value></field>",
			("<field var='abuse-addresses'><value>mailto:abuse@%s</value></field>"):format(module.host),
		};
		if raw.value_chars then
			table.insert(parts, "<field var='support-addresses'><value>" .. string.rep(raw.value_char, raw.value_chars) .. "</value></field>");
		end
		table.insert(parts, "</x>");
		if raw.depth then
			table.insert(parts, string.rep("<deep xmlns='urn:example:deep'>", raw.depth) .. string.rep("</deep>", raw.depth));
		end
		table.insert(parts, "</query></iq>");
		-- A string is written to the client as it is (sessionmanager's session.send).
		event.origin.send(table.concat(parts));
		return true;
	end, 10);
end

-- test_disco_override_dir (global): while <dir>/<host>.xml exists, its elements replace the host's
-- disco#info answer. It is read at each request, so that a test can change what a domain publishes
-- between two crawls, as a real operator edits a configuration.
local override_dir = module:get_option_string("test_disco_override_dir");
if override_dir then
	module:hook("iq-get/host/http://jabber.org/protocol/disco#info:query", function(event)
		if event.stanza.tags[1].attr.node then return; end
		local file = io.open(override_dir .. "/" .. module.host .. ".xml");
		if not file then return; end
		local text = file:read("*a");
		file:close();
		local wrapper = xml.parse("<wrapper>" .. text .. "</wrapper>");
		if not wrapper then return; end
		return answer_with(event, wrapper.tags);
	end, 20);
end
