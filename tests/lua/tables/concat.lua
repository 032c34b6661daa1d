-- table.concat.
local t = {"a", "b", "c", "d"}
print("plain", table.concat(t))
print("sep", table.concat(t, ", "))
print("range", table.concat(t, "-", 2, 3))
print("single", table.concat(t, "-", 2, 2))
print("empty range", table.concat(t, "-", 3, 2) == "")
print("empty table", table.concat({}) == "", table.concat({}, "x") == "")
print("numbers", table.concat({1, 2.5, -3, 2^63}, " "))
print("number sep", table.concat({1, 2, 3}, 0))
print("i only", table.concat(t, "", 3))
print("nil sep default", table.concat(t, nil, 1, 2))
print("zero strings", #table.concat({"\0", "\0"}, "\0"))
print("nil element", pcall(table.concat, {1, nil, 3}, ",", 1, 3))
print("table element", pcall(table.concat, {1, {}, 3}))
print("bool element", pcall(table.concat, {true}))
print("out of range", pcall(table.concat, {1, 2}, ",", 1, 3))
print("index 0", pcall(table.concat, {[0] = "z", "a"}, ",", 0, 1))
print("bad sep", pcall(table.concat, {1}, {}))
print("bad table", pcall(table.concat, "abc"))
print("float indices", table.concat(t, "", 1.0, 2.0))
print("bad float index", pcall(table.concat, t, "", 1.5))
-- __index is respected (lua_geti)
local proxy = setmetatable({}, {__index = function(_, i) return "v" .. i end})
print("via __index", table.concat(proxy, ",", 1, 3))
-- large
local big = {}
for i = 1, 1000 do big[i] = "x" end
print("large", #table.concat(big), #table.concat(big, ", "))
