-- __pairs metamethod.
local backing = {c = 3, a = 1, b = 2}
local proxy = setmetatable({}, {__pairs = function(t)
  local keys = {}
  for k in next, backing do keys[#keys + 1] = k end
  table.sort(keys)
  local i = 0
  return function()
    i = i + 1
    local k = keys[i]
    if k then return k, backing[k] end
  end, t, nil
end})
for k, v in pairs(proxy) do print("pairs", k, v) end

-- __pairs return values are passed through (3 values, 4th dropped)
local got
local mt = {__pairs = function(t) return function(s, c) got = {s, c}; return nil end, "state", "ctl", "extra" end}
for _ in pairs(setmetatable({}, mt)) do end
print("state/control", got[1], got[2])
print("pairs results", select("#", pairs(setmetatable({}, mt))))

-- next ignores __pairs
local hidden = setmetatable({x = 1}, {__pairs = function() return function() end, nil, nil end})
local n = 0
for _ in pairs(hidden) do n = n + 1 end
print("custom empty", n, next(hidden))

-- ipairs does not use __pairs
local ip = setmetatable({"a", "b"}, {__pairs = function() error("not called") end})
local c = 0
for _ in ipairs(ip) do c = c + 1 end
print("ipairs ignores __pairs", c)

-- __pairs that errors
local bad = setmetatable({}, {__pairs = function() error("pairs failed") end})
print("error", pcall(pairs, bad))
-- __pairs on a non-table: pairs accepts any value with __pairs; a string has none
print("pairs on string", pcall(function() for _ in pairs("abc") do end end))
-- a filtered view
local data = {1, 2, 3, 4, 5, 6}
local evens = setmetatable({}, {__pairs = function()
  local i = 0
  return function()
    repeat i = i + 1 until data[i] == nil or data[i] % 2 == 0
    if data[i] then return i, data[i] end
  end
end})
local e = {}
for i, v in pairs(evens) do e[#e + 1] = i .. "=" .. v end
print("filtered", table.concat(e, " "))
