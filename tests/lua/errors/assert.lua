-- assert.
print("pass", assert(1, "unused"))
print("pass values", assert(true, 2, 3))
print("pass only value", assert("v"))
print("fail default", pcall(assert, false))
print("fail nil default", pcall(assert, nil))
print("fail message", pcall(assert, false, "custom message"))
print("fail message inside function", pcall(function() assert(false, "inside function") end))
print("fail default inside", pcall(function() assert(nil) end))
print("fail table message", select(2, pcall(assert, false, {code = 7})).code)
print("fail number message", pcall(assert, false, 42))
print("fail nil message explicit", pcall(assert, false, nil))
print("no args", pcall(assert))
print("zero is true", assert(0), assert(""))
local ok, e = pcall(function()
  local f = assert(load("syntax error here"))
end)
print("assert load", ok, e)
-- assert returns all its arguments on success
print("count", select("#", assert(1, 2, 3, nil)))
-- common idiom
local function parse(s) local n = tonumber(s) return n, n == nil and ("not a number: " .. s) or nil end
print("idiom ok", assert(parse("12")))
print("idiom fail", pcall(function() return assert(parse("zz")) end))
