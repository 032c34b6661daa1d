-- pcall and xpcall return values and handlers.
print("pcall ok", pcall(function() return 1, 2, 3 end))
print("pcall ok none", select("#", pcall(function() end)))
print("pcall args", pcall(function(a, b) return a + b end, 3, 4))
print("pcall error", pcall(function() error("boom") end))
print("pcall non-function", pcall(42))
print("pcall nil", pcall(nil))
print("pcall no args", pcall(pcall))
print("pcall builtin", pcall(math.floor, 2.5))
print("pcall callable table", pcall(setmetatable({}, {__call = function(_, x) return "called " .. x end}), "t"))

-- xpcall
local function handler(e) return "handled: " .. tostring(e) end
print("xpcall ok", xpcall(function() return "fine", 2 end, handler))
print("xpcall error", xpcall(function() error("bad") end, handler))
print("xpcall args", xpcall(function(a, b) return a * b end, handler, 6, 7))
print("xpcall error table", xpcall(function() error({1, 2}) end, function(e) return #e end))
print("xpcall handler returns many", xpcall(function() error("x") end, function(e) return 1, 2, 3 end))
print("xpcall handler returns none", select("#", xpcall(function() error("x") end, function() end)))
print("xpcall non-function body", xpcall(42, handler))
print("xpcall without handler", pcall(xpcall, function() end))

-- handler runs at the error point (can see the message before unwinding)
local depth_seen
print("xpcall runtime error", xpcall(function() local t = nil; return t.x end, function(m) depth_seen = true; return m end))
print("handler ran", depth_seen)

-- error in handler
print("handler errors", xpcall(function() error("first") end, function(m) error("second") end))

-- nested pcall
print("nested", pcall(function()
  local ok, e = pcall(error, "inner")
  return "outer saw", ok, e
end))
print("nested rethrow", pcall(function()
  local ok, e = pcall(error, "inner", 0)
  error("re: " .. e, 0)
end))
local levels = 0
local function recurse(n)
  if n == 0 then error("bottom", 0) end
  local ok, e = pcall(recurse, n - 1)
  levels = levels + 1
  error(e, 0)
end
print("deep nested", pcall(recurse, 50))
print("levels", levels)

-- pcall returns false plus exactly one error value
print("count on error", select("#", pcall(error, "x")))
print("count on error nil", select("#", pcall(error)))
-- pcall restores state so code after it continues normally
local after = pcall(error) == false and "continues"
print("after", after)
