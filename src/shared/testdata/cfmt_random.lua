-- Regenerates cfmt_random.txt (read by cfmt.rs's random_against_lua test):
--   lua5.4 cfmt_random.lua > cfmt_random.txt
-- Random conversion specs that string.format accepts, applied to random numbers: each line
-- is the spec, the argument (floats as the hex of their bits, integers in decimal) and the
-- result of string.format, TAB-separated.
math.randomseed(4404)
local function pick(t) return t[math.random(#t)] end
local function spec(flags, convs, precision)
  local f = {}
  for _ = 1, math.random(0, 3) do f[#f + 1] = pick(flags) end
  local s = "%" .. table.concat(f)
  if math.random() < 0.5 then s = s .. math.random(1, 40) end
  if precision and math.random() < 0.7 then
    s = s .. "." .. (math.random() < 0.2 and "" or math.random(0, 30))
  end
  return s .. pick(convs)
end
local function bits(x) return string.unpack("<i8", string.pack("<d", x)) end
local function random_float()
  local r = math.random(8)
  if r == 1 then  -- any bit pattern
    return string.unpack("<d", string.pack("<i8", math.random(math.mininteger, math.maxinteger)))
  elseif r == 2 then  -- a decimal tie or near-tie
    return (math.random(0, 99999) + 0.5) / 10 ^ math.random(0, 6)
  elseif r == 3 then
    return pick{0.0, -0.0, 1/0, -1/0, 0/0, -(0/0), 0.5, 1.5, 2.5, 1e-5, 1e-4, 1e15, 1e16, 2^53,
                2^63, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 1/3}
  elseif r == 4 then
    return math.random(-1000000, 1000000) + 0.0
  else  -- a moderate value with a random exponent
    return (math.random() - 0.5) * 10 ^ math.random(-30, 30)
  end
end
local function random_int()
  local r = math.random(4)
  if r == 1 then return math.random(math.mininteger, math.maxinteger)
  elseif r == 2 then return pick{0, 1, -1, math.mininteger, math.maxinteger, 255, 256, 65}
  else return math.random(-100000, 100000) end
end
for _ = 1, 3000 do
  if math.random() < 0.6 then
    local s = spec({"-", "+", " ", "#", "0"}, {"e", "E", "f", "g", "G", "a", "A"}, true)
    local x = random_float()
    print(s .. "\t" .. string.format("%016x", bits(x)) .. "\t" .. string.format(s, x))
  else
    local conv = pick{"d", "i", "u", "o", "x", "X", "c"}
    local flags = ({d = {"-", "+", " ", "0"}, i = {"-", "+", " ", "0"}, u = {"-", "0"},
                    o = {"-", "#", "0"}, x = {"-", "#", "0"}, X = {"-", "#", "0"}, c = {"-"}})[conv]
    local s = spec(flags, {conv}, conv ~= "c")
    local n = random_int()
    if conv == "c" then n = math.random(32, 126) end
    print(s .. "\t" .. n .. "\t" .. string.format(s, n))
  end
end
