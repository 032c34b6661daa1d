-- string_building: concatenation with .., table.concat, string.format, string.rep,
-- string.sub, string.byte/char, string.upper, and string.find with a plain pattern.
-- Size: the number of records built.
local n = tonumber(arg and arg[1]) or 5000
local M = 1000000007

local function hash(s, h)
  for i = 1, #s do h = (h * 31 + s:byte(i)) % M end
  return h
end

local parts = {}
local h = 7
for i = 1, n do
  local name = "item" .. i .. "_" .. string.rep("ab", i % 5 + 1, "-")
  local line = string.format("%-16s|%6d|%8.3f|%x", name, i * 7, i / 8, i * 13)
  local mid = line:sub(3, 12) .. line:sub(-6)
  parts[#parts + 1] = line
  if i % 3 == 0 then mid = mid:upper() end
  h = hash(mid, h)
end
local doc = table.concat(parts, "\n")
h = hash(doc:sub(1, 20000), h)

-- repeated appends to one growing string (quadratic on purpose, kept short)
local s = ""
for i = 1, math.floor(n / 10) do
  s = s .. string.char(65 + i % 26)
  if #s > 400 then s = s:sub(200) end
end
h = hash(s, h)

-- count occurrences of a plain substring
local count, pos = 0, 1
while true do
  local a, b = string.find(doc, "ab-ab", pos, true)
  if not a then break end
  count = count + 1
  pos = b + 1
end

print(string.format("n = %d  len = %d  count = %d  hash = %d", n, #doc, count, h))
