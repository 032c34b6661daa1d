-- string.byte and utf8.codepoint over more values than the stack can hold fail as
-- luaL_checkstack does: "stack overflow (string slice too long)", without a position.
local s = string.rep("x", 1e7)
print(pcall(string.byte, s, 1, -1))
print(pcall(utf8.codepoint, s, 1, -1))
print(select("#", string.byte(s, 1, 1000)), select("#", utf8.codepoint(s, 1, 1000)))
