-- error() with various values and levels.
print("string", pcall(error, "msg"))
print("string from Lua", pcall(function() error("msg") end))
print("level 0", pcall(function() error("no position", 0) end))
print("level 1", pcall(function() error("level one", 1) end))
local function callee() error("blame caller", 2) end
local function caller()
  callee()
end
print("level 2", pcall(caller))
local function lvl3() error("three", 3) end
local function mid() lvl3() end
local function top()
  mid()
end
print("level 3", pcall(top))
local ok, e = pcall(error, {code = 42})
print("table field", ok, type(e), e.code)
print("nil", pcall(error, nil))
print("no args", pcall(error))
print("number", pcall(error, 42))
local okn, en = pcall(function() error(42) end)
print("number no position", okn, en, math.type(en))
print("float", pcall(function() error(1.5) end))
print("boolean", pcall(function() error(false) end))
print("function value", pcall(function() error(print) end) == false)
-- string error with position added only for strings
local okt, et = pcall(function() error(setmetatable({}, {__tostring = function() return "custom" end})) end)
print("object keeps identity", okt, type(et), tostring(et))
-- error message with embedded newlines and formatting
print("multiline", pcall(error, "line1\nline2"))
print("formatted", pcall(function() error(string.format("value %d too big", 7)) end))
-- error level pointing at main chunk for a function called from main
local function check(x) if not x then error("check failed", 2) end end
print("level 2 at call site", pcall(function()
  check(false)
end))
-- error with level 2 when the caller is pcall (a C function): no position
print("level 2 via pcall", pcall(check, false))
-- error inside nested functions keeps innermost position
local function a() local x = nil; return x.field end
local function b() return a() end
print("nested", pcall(b))
