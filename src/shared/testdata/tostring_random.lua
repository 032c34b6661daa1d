-- Regenerates tostring_random.txt (read by number.rs's tostring_random_against_lua test):
--   lua5.4 tostring_random.lua > tostring_random.txt
-- Each line: the bits of a random float in hex, TAB, tostring of it.
math.randomseed(1405)
for _ = 1, 2000 do
  local r, x = math.random(4)
  if r == 1 then
    x = string.unpack("<d", string.pack("<i8", math.random(math.mininteger, math.maxinteger)))
  elseif r == 2 then
    x = math.random(-2^53, 2^53) * 2.0 ^ math.random(-60, 60)
  elseif r == 3 then
    x = math.random(-99999, 99999) / 10 ^ math.random(0, 20)
  else
    x = (math.random() - 0.5) * 10 ^ math.random(-320, 308)
  end
  print(string.format("%016x", string.unpack("<i8", string.pack("<d", x))) .. "\t" .. tostring(x))
end
