-- A call with 300 arguments needs more registers than a function may have: lua5.4's code
-- generator refuses it; a table constructor flushes every 50 items and needs few.
local args = {}
for i = 1, 300 do args[i] = "a" .. i end
local f, err = load("return f(" .. table.concat(args, ", ") .. ")")
print(f, (err:gsub(" near .*", "")))
print(type(load("local t = {" .. table.concat(args, ", ") .. "}")))
