-- A chain of concatenations whose __concat metamethods yield: after each resume
-- the rest of the chain continues (and may yield again, or fail).
local mt = {}
mt.__concat = function(a, b)
  local x = type(a) == "table" and a.x or a
  local y = type(b) == "table" and b.x or b
  local function s(v) return type(v) == "table" and "?" or tostring(v) end
  coroutine.yield("concat " .. s(x) .. " " .. s(y))
  return x .. y
end
local function new(x) return setmetatable({x = x}, mt) end
local a, b, c = new(10), new(12), new("hello")

local function drive(label, f)
  local co = coroutine.wrap(f)
  while true do
    local v = co()
    print(label, v)
    if not (type(v) == "string" and v:sub(1, 7) == "concat ") then break end
  end
end

drive("tables", function() return a .. b .. c .. a end)
drive("mixed", function() return "a" .. "b" .. a .. "c" .. c .. b .. "x" end)
drive("locals", function()
  local p, q = "p", "q"
  local r = p .. a .. q .. b
  return r .. "!"
end)

-- An error in a later step of the chain, after a yield, reaches the pcall.
drive("error", function()
  local ok, err = pcall(function() return {} .. a .. b end)
  return "caught " .. tostring(ok) .. " " .. err
end)

-- The metamethod's error after a yield.
local bad = setmetatable({}, {__concat = function()
  coroutine.yield("concat bad")
  error("boom", 0)
end})
drive("mm error", function()
  return select(2, pcall(function() return "s" .. a .. bad end))
end)
