-- load with an env table; _ENV handling.
local env = {x = 10, print = print}
local f = load("y = x * 2; return x, y", "=env", "t", env)
print("env", f())
print("env wrote", env.y, rawget(_G, "y"))
print("env isolates globals", pcall(load("return string.rep('a', 2)", "=noenv", "t", {})))
local empty = load("return tostring", "=e", "t", {})
print("empty env", empty())
-- env with __index fallback to _G
local sandbox = setmetatable({}, {__index = _G})
load("sandboxed = true; helper = type(print)", "=sb", "t", sandbox)()
print("sandbox", sandbox.sandboxed, sandbox.helper, rawget(_G, "sandboxed"))
-- nil env explicitly: globals are unreachable
local nilenv = load("return x", "=nil", "t", nil)
print("nil env", pcall(nilenv))
-- env passed as non-table value
local numenv = load("return x", "=num", "t", 5)
print("number env", pcall(numenv))
-- _ENV as a local inside loaded code
print("local _ENV", load("local _ENV = {v = 'inner'}; return v")())
-- _ENV upvalue of a normal function
local function with_env()
  local _ENV = {answer = 42}
  return answer
end
print("function _ENV", with_env())
-- changing env fields after load is visible
local live = {v = 1}
local getv = load("return v", "=live", "t", live)
live.v = 2
print("live env", getv())
-- functions defined inside a loaded chunk share its env
local shared = {}
load("function a() return 'a' end; function b() return a() .. 'b' end", "=sh", "t", shared)()
print("shared env", shared.b(), rawget(_G, "a"))
-- global access error names in a custom env
print("global error", pcall(load("return undefinedthing.x", "=ge", "t", {})))
-- _G in env
print("_G absent", load("return _G", "=g", "t", {})())
