-- table.insert and table.remove.
local function show(t) local o = {} for i = 1, #t do o[i] = tostring(t[i]) end return "{" .. table.concat(o, ",") .. "}" end
local t = {}
table.insert(t, "a")
table.insert(t, "b")
print("append", show(t))
table.insert(t, 1, "first")
print("insert front", show(t))
table.insert(t, 3, "mid")
print("insert mid", show(t))
table.insert(t, #t + 1, "end")
print("insert at n+1", show(t))
print("insert pos 0", pcall(table.insert, t, 0, "x"))
print("insert pos n+2", pcall(table.insert, t, #t + 2, "x"))
print("insert neg", pcall(table.insert, t, -1, "x"))
print("insert wrong args", pcall(table.insert, t, 1, 2, 3))
print("insert one arg", pcall(table.insert, t))
print("insert non-table", pcall(table.insert, nil, 1))
print("insert float pos", pcall(table.insert, t, 1.5, "x"))
print("insert nil value", pcall(table.insert, {}, nil))

local r = {1, 2, 3, 4, 5}
print("remove last", table.remove(r), show(r))
print("remove first", table.remove(r, 1), show(r))
print("remove mid", table.remove(r, 2), show(r))
print("remove at n+1", table.remove(r, #r + 1), show(r))
print("remove pos n+2", pcall(table.remove, r, #r + 2))
print("remove 0 on nonempty", pcall(table.remove, r, 0))
local e = {}
print("remove empty", table.remove(e), #e)
print("remove empty pos 0", table.remove(e, 0))
print("remove empty pos -1", pcall(table.remove, e, -1))
local z = {[0] = "zero"}
print("remove zero index", table.remove(z, 0), z[0])
local one = {"only"}
print("remove only", table.remove(one), #one)
print("remove count", select("#", table.remove({})))
-- remove in loop from the end
local l = {1, 2, 3, 4, 5, 6}
for i = #l, 1, -1 do if l[i] % 2 == 0 then table.remove(l, i) end end
print("filter", show(l))
-- insert respects __index / __newindex (lua5.4 uses lua_geti/lua_seti)
local log = {}
local proxy = setmetatable({}, {__newindex = function(tt, k, v) log[#log + 1] = k; rawset(tt, k, v) end})
table.insert(proxy, "x")
table.insert(proxy, "y")
print("newindex used", table.concat(log, ","))
