-- string.format, tostring and concatenation of numbers across specs, flags, widths and
-- values: exact decimals and ties (the fast %f path), near-ties, huge and tiny values,
-- signed zeros, inf and nan; integers at the extremes with every integer conversion.
local seed = 12345
local function rnd() seed = (seed * 16807) % 2147483647; return seed end
local specs = {"%f", "%.0f", "%.1f", "%.2f", "%.3f", "%8.3f", "%-12.4f", "%+.5f", "% .6f",
  "%010.2f", "%#.0f", "%.15f", "%.16f", "%5.1f", "%d", "%5d", "%-5d", "%05d", "%+d", "% d",
  "%.3d", "%x", "%#x", "%X", "%#o", "%o", "%.0d", "%#.0o", "%10.4x", "%-#8X", "%i", "%u",
  "%g", "%.14g", "%e", "%.3e", "%a", "%A", "%#g", "%10.3g", "%-10s|", "%5.2s|", "%s"}
local vals = {0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 2.675, 1.005, 1e15, 4.5e15, 1e16,
  123456789.987654321, -1/3, 1e-7, 5e-324, 1/0, -1/0, 2^52, 2^53 + 1, 0.045, 0.0005}
for _ = 1, 60 do
  vals[#vals + 1] = (rnd() % 2000000 - 1000000) / (({8, 100, 1000, 3, 7, 1024})[rnd() % 6 + 1])
end
local ints = {0, 1, -1, 255, -255, math.maxinteger, math.mininteger, 42, 1000000}
for _, sp in ipairs(specs) do
  local c = sp:sub(-1) == "|" and sp:sub(-2, -2) or sp:sub(-1)
  local out = {}
  if c:match("[dixXou]") then
    for _, v in ipairs(ints) do out[#out + 1] = string.format(sp, v) end
  elseif c == "s" then
    for _, v in ipairs({"abc", "", "hello world", 12, 1.5}) do out[#out + 1] = string.format(sp, v) end
  else
    for _, v in ipairs(vals) do out[#out + 1] = string.format(sp, v) end
  end
  print(sp, table.concat(out, " "))
end
for _, v in ipairs(vals) do io.write(tostring(v), " ", v .. "", " ", v .. 1, "\n") end
for _, v in ipairs(ints) do io.write(tostring(v), " ", v .. "|", v .. v, "\n") end
print(string.format("%5s%%%-3d%s", "a", 7, "end"), string.format("no conversions"),
  string.format(""), string.format("%s and %s", "x", setmetatable({}, {__tostring = function()
    return string.format("inner %d %s", 5, "y") end})))
print(pcall(string.format, "%10.123f", 1))
print(pcall(string.format, "%d", 1.5))
print(pcall(string.format, "%10s", "a\0b"))
print(string.char(72, 105), string.char(), ("x"):rep(3, ","), table.concat({1, 2.5, "z"}, "-"))
