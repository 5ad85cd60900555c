-- Test federation only. Creates the nodes a PubSub component must have when the federation starts
-- (the `test_nodes` option: { { node = ..., owner = "jid" } }). The owner creates the node as a
-- client's <create/> would (util/pubsub.lua checks its right to), which on Prosody 0.12 only the
-- component's admins may; where admins get no affiliation (default_admin_affiliation = "none") that
-- is refused, and the node is made by the service itself and given to the owner.
local pubsub = module:depends("pubsub");
local service = pubsub.get_service();

for _, spec in ipairs(module:get_option("test_nodes", {})) do
	local ok, err = service:create(spec.node, spec.owner, { title = spec.node });
	if not ok and err == "forbidden" then
		ok, err = service:create(spec.node, true, { title = spec.node });
		if ok then ok, err = service:set_affiliation(spec.node, true, spec.owner, "owner"); end
	end
	if ok or err == "conflict" then
		module:log("info", "test node %s ready, owned by %s", spec.node, spec.owner);
	else
		module:log("error", "could not create the test node %s: %s", spec.node, tostring(err));
	end
end
