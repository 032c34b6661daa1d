-- Regenerates library_expected.txt (expected by lib_cases.rs's against_lua test) from
-- library_cases.txt:
--   lua5.4 library.lua < library_cases.txt > library_expected.txt
-- Each case is a line of TAB-separated fields: a library function, then its arguments:
--   i:<integer>  f:<float>  s:<string>  b:true|false  n: (nil)
--   T:<items>    a table holding the comma-separated typed items (no commas inside)
--   L:<value>    a table whose __len gives the typed value, and t[k] = "v" .. k
--   V:<value>    (gsub's replacement) a function that returns the typed value; the value
--                X: is a table whose metatable names it "X" (__name)
-- and "random" calls math.random after math.randomseed(first argument). Functions (load's
-- chunk) show as "function".
-- Output, one line per case: "ok", then TAB and each result typed as above (floats as
-- %.17g, a NaN as "nan"); or "arg N: <message>" for "bad argument #N to 'f' (<message>)";
-- or "error: <message>". Table functions print "ok" without results, except table.move,
-- which prints its table's entries 1 to 5; gmatch and utf8.codes print what their
-- iterators give, joined by commas. In strings, \ddd is a byte.
local function decode(s)
  return (s:gsub("\\(%d%d%d)", function(d) return string.char(tonumber(d)) end))
end
local function encode(s)
  return (s:gsub(".", function(c)
    local b = c:byte()
    if b < 32 or b > 126 or b == 92 then return string.format("\\%03d", b) end
  end))
end
local value
local function list(items)
  local t = {}
  for item in items:gmatch("[^,]+") do t[#t + 1] = value(item) end
  return t
end
function value(field)
  local tag, v = field:match("^(%a):(.*)$")
  if tag == "i" then return math.tointeger(tonumber(v))
  elseif tag == "f" then
    local x = tonumber(v)
    return math.type(x) == "float" and x or x + 0.0  -- (-0.0 + 0.0 would lose the sign)
  elseif tag == "s" then return decode(v)
  elseif tag == "b" then return v == "true"
  elseif tag == "n" then return nil
  elseif tag == "X" then return setmetatable({}, {__name = "X"})
  elseif tag == "T" then return list(v)
  elseif tag == "L" then
    local len = value(v)
    return setmetatable({}, {__len = function() return len end,
                             __index = function(_, k) return "v" .. k end})
  elseif tag == "V" then
    local r = value(v)
    return function() return r end
  end
  error("bad field " .. field)
end
local function show(v)
  if math.type(v) == "integer" then return "i:" .. v
  elseif math.type(v) == "float" then
    return v ~= v and "nan" or "f:" .. string.format("%.17g", v)
  elseif type(v) == "string" then return "s:" .. encode(v)
  elseif type(v) == "boolean" then return "b:" .. tostring(v)
  elseif v == nil then return "n:"
  else return type(v) end
end
local function lib(name)
  local t, f = name:match("^(%w+)%.(%a+)$")
  if t then return _G[t][f] end
  return _G[name]
end
local iterators = {
  ["string.gmatch"] = true, ["utf8.codes"] = true,
}
local tables = {
  ["table.insert"] = true, ["table.remove"] = true, ["table.move"] = true,
  ["table.sort"] = true,
}
for line in io.lines() do
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
  local name = table.remove(fields, 1)
  local args = {n = #fields}
  for k, field in ipairs(fields) do args[k] = value(field) end
  local r
  if name == "random" then
    r = table.pack(pcall(function()
      math.randomseed(args[1])
      return math.random(table.unpack(args, 2, args.n))
    end))
  elseif iterators[name] then
    r = table.pack(pcall(function()
      local out = {}
      for a, b in lib(name)(table.unpack(args, 1, args.n)) do
        out[#out + 1] = b and (a .. ":" .. b) or a
      end
      return table.concat(out, ",")
    end))
  else
    r = table.pack(pcall(lib(name), table.unpack(args, 1, args.n)))
  end
  if r[1] then
    local out = {"ok"}
    if name == "table.move" then
      for k = 1, 5 do out[#out + 1] = show(args[1][k]) end
    elseif not tables[name] then
      for k = 2, r.n do out[#out + 1] = show(r[k]) end
    end
    print(table.concat(out, "\t"))
  else
    -- Positions are the engines' business: only the library's own words are compared.
    local text = r[2]:gsub("^[%w%.]+:%d+: ", "")
    local n, msg = text:match("^bad argument #(%d+) to '[^']*' %((.*)%)$")
    print(n and ("arg " .. n .. ": " .. msg) or ("error: " .. text))
  end
end
