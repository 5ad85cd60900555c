-- Test federation only. Creates the rooms a MUC component must have when the federation starts
-- (the `test_rooms` option: { { jid = ..., members_only = true|false, public = true|false } }),
-- persistent, so that the contact checks find real rooms: one open, one members-only; and, with
-- destroyed = true, one destroyed at once, so that Prosody keeps its tombstone and answers <gone/>;
-- with owner = "jid", owned by that account (the self-test needs rooms owned by someone else);
-- with password = "...", password-protected (the self-test must never print it).
local muc = module:depends("muc");

for _, spec in ipairs(module:get_option("test_rooms", {})) do
	local room = muc.get_room_from_jid(spec.jid) or muc.create_room(spec.jid);
	if room and room._data.destroyed then
		-- Already a tombstone (Prosody restarted): destroying it again would remove it.
		module:log("info", "test room %s is gone, as it should be", spec.jid);
	elseif room then
		room:set_persistent(true);
		room:set_public(spec.public ~= false);
		room:set_members_only(spec.members_only == true);
		if spec.owner then room:set_affiliation(true, spec.owner, "owner"); end
		room:set_password(spec.password);
		room:save(true);
		if spec.destroyed then room:destroy(nil, "closed for good"); end
		module:log("info", "test room %s ready%s", spec.jid, spec.destroyed and " (destroyed)" or "");
	else
		module:log("error", "could not create the test room %s", spec.jid);
	end
end
