-- Standard library argument errors: function names as seen from the call site.
local function msg(f) local ok, e = pcall(f) return e end
local s = "abc"
print("method rep", msg(function() return s:rep() end))
print("method rep bad type", msg(function() return s:rep({}) end))
print("field call", msg(function() return string.rep() end))
print("local alias", msg(function() local rep = string.rep; return rep() end))
print("global alias", msg(function() myrep = string.rep; return myrep() end))
myrep = nil
-- called from pcall (C): the name comes from the loaded-modules table
print("direct pcall", select(2, pcall(string.rep)))
print("method sub", msg(function() return s:sub({}) end))
print("method byte float", msg(function() return s:byte(1.5) end))
print("method format", msg(function() return ("%d"):format("x") end))
print("method format missing", msg(function() return ("%d %d"):format(1) end))
print("method on wrong self", msg(function() return string.upper({}) end))
print("method self position", msg(function() return s.rep(nil, 1) end))
print("math.floor", msg(function() return math.floor({}) end))
print("math.max none", msg(function() return math.max() end))
print("table.insert", msg(function() table.insert(1, 2) end))
print("table.concat", msg(function() return table.concat({{}}) end))
print("setmetatable", msg(function() setmetatable(1, {}) end))
print("tostring none", msg(function() return tostring() end))
print("tonumber base", msg(function() return tonumber("1", 99) end))
print("select", msg(function() return select(0) end))
print("select type", msg(function() return select("x") end))
print("ipairs none", msg(function() return ipairs() end))
print("rawlen", msg(function() return rawlen(1) end))
print("string.char", msg(function() return string.char(-1) end))
print("utf8.char", msg(function() return utf8.char(-1) end))
print("coroutine.resume", msg(function() return coroutine.resume(1) end))
print("coroutine.wrap", msg(function() return coroutine.wrap(nil) end))
print("load bad mode", load("x", "n", "q"))
print("field alias", msg(function() local t = {f = string.rep}; return t.f() end))
print("method via table", msg(function() local obj = {go = string.rep}; return obj:go() end))
print("no value vs nil", msg(function() return string.rep(nil, 1) end))
print("number expected got string", msg(function() return math.abs("x") end))
print("integer expected float", msg(function() return ("x"):rep(2.5) end))
print("extra arg ignored", pcall(string.len, "ab", "extra"))

-- Rules both engines once got wrong the same way (each copied the other's code).
local named = setmetatable({}, {__name = "Named"})
print("gsub value type", msg(function() return ("a"):gsub("a", function() return named end) end))
print("select #prefix", select("#x", "a", "b"))
print("random(0) type", math.type(math.random(0)))
print("__len string", table.concat(setmetatable({}, {__len = function() return "2" end,
  __index = function(_, k) return "v" .. k end}), ","))
print("move checks positions first", msg(function() return table.move(nil, "x") end))
local codes = {}
for p, c in utf8.codes("a\128b\195\169\128") do codes[#codes + 1] = p .. ":" .. c end
print("codes skip stray continuation bytes", table.concat(codes, " "))
print("load mode stops at a zero byte", load("return", "n", "q\0t"))
