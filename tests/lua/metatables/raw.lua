-- rawget / rawset / rawequal / rawlen bypass metamethods.
local log = {}
local mt = {
  __index = function(_, k) log[#log + 1] = "index " .. k; return "meta" end,
  __newindex = function(_, k) log[#log + 1] = "newindex " .. k end,
  __len = function() log[#log + 1] = "len"; return 99 end,
  __eq = function() log[#log + 1] = "eq"; return true end,
}
local t = setmetatable({1, 2, 3, present = "p"}, mt)
print("rawget missing", rawget(t, "absent"))
print("rawget present", rawget(t, "present"), rawget(t, 1))
print("normal get", t.absent)
print("rawset", rawset(t, "new", "v") == t, rawget(t, "new"))
t.other = 1
print("normal set stored?", rawget(t, "other"))
print("rawlen", rawlen(t), #t)
print("rawlen string", rawlen("abcd"))
print("rawlen bad", pcall(rawlen, 5))
local u = setmetatable({}, mt)
print("rawequal", rawequal(t, u), t == u, rawequal(t, t))
print("rawequal values", rawequal(1, 1.0), rawequal("a", "a"), rawequal(0, -0), rawequal(nil, nil))
print("log", table.concat(log, ","))
print("rawget non-table", pcall(rawget, "str", 1))
print("rawset non-table", pcall(rawset, 1, 1, 1))
print("rawget no key", pcall(rawget, {}))
print("rawset no value", pcall(rawset, {}, 1))
print("rawequal one arg", pcall(rawequal, 1))
-- rawset with float keys normalises
local r = {}
rawset(r, 1.0, "one")
print("rawset float", r[1], math.type(next(r)))
-- rawget does not follow __index chains
local base = {x = "base"}
local derived = setmetatable({}, {__index = base})
print("chain bypass", derived.x, rawget(derived, "x"))
