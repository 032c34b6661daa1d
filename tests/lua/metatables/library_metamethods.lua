-- Library functions as metamethods of operations in Lua code are named after the event in
-- their argument errors ("bad argument #1 to 'len'"), and a metamethod that is not a
-- function is named in "attempt to call" errors, as lua5.4 names a function from the
-- instruction that called it; called from a library function they have their global name
-- (the reference used the global name everywhere; found by fuzzgen::generate_hostile).
local mt = {
  __index = string.len, __newindex = string.rep, __len = string.sub, __concat = string.rep,
  __unm = string.upper, __bnot = string.rep, __add = math.floor, __lt = string.byte,
  __le = string.char,
}
local o = setmetatable({}, mt)
print(pcall(function() return o.k end))
print(pcall(function() o.k = 1 end))
print(pcall(function() return #o end))
print(pcall(function() return o .. "x" end))
print(pcall(function() return -o end))
print(pcall(function() return ~o end))
print(pcall(function() return o + 1 end))
print(pcall(function() return o < o end))
print(pcall(function() return o <= o end))
print(pcall(function() return o > o end))
print(pcall(table.concat, o))
print(pcall(table.sort, {o, o}))
local bad = setmetatable({}, {__eq = true, __lt = 42, __index = "str", __call = 1})
local bad2 = setmetatable({}, getmetatable(bad))
print(pcall(function() return bad == bad2 end))
print(pcall(function() return bad < bad2 end))
print(pcall(function() return bad.x end))
print(pcall(function() return bad() end))
