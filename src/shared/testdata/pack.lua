-- Regenerates pack_expected.txt (expected by pack.rs's against_lua test) from pack_cases.txt:
--   lua5.4 pack.lua < pack_cases.txt > pack_expected.txt
-- Each case is a line of TAB-separated fields: kind (pack, packsize, unpack), the format,
-- then the arguments as i:<integer>, f:<float> or s:<string>; in fields, \ddd is a byte.
-- Output: "error: " and the message, or pack's string, packsize's number, or unpack's
-- values separated by "|" (integers in decimal, floats as %.17g, strings as s:<bytes>,
-- the final position last). Bytes outside 32..126 and "\" are written \ddd.
local function decode(s)
  return (s:gsub("\\(%d%d%d)", function(d) return string.char(tonumber(d)) end))
end
local function encode(s)
  return (s:gsub(".", function(c)
    local b = c:byte()
    if b < 32 or b > 126 or b == 92 then return string.format("\\%03d", b) end
  end))
end
local function value(field)
  local tag, v = field:match("^(%a):(.*)$")
  if tag == "i" then return math.tointeger(tonumber(v))
  elseif tag == "f" then return tonumber(v) + 0.0
  else return decode(v) end
end
local function show(v)
  if math.type(v) == "integer" then return tostring(v)
  elseif math.type(v) == "float" then return string.format("%.17g", v)
  else return "s:" .. v end
end
for line in io.lines() do
  local f = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = field end
  local kind, fmt, args = f[1], decode(f[2]), {}
  for i = 3, #f do args[#args + 1] = value(f[i]) end
  local r = table.pack(pcall(string[kind], fmt, table.unpack(args, 1, #f - 2)))
  local out
  if not r[1] then
    out = "error: " .. tostring(r[2]):gsub("^[^:]*:%d+: ", "")
  elseif kind == "unpack" then
    local parts = {}
    for i = 2, r.n do parts[#parts + 1] = show(r[i]) end
    out = table.concat(parts, "|")
  else
    out = show(r[2])
  end
  print(encode(out))
end
