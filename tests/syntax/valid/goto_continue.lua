-- 'continue' emulated with goto and a label at the end of the loop body.
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
for i = 1, 4 do
  if i == 3 then goto continue end
  local sq = i * i
  io.write(sq, " ")
  ::continue::
end
print()
local i = 0
while i < 6 do
  i = i + 1
  if i % 3 == 0 then goto continue end
  local label = "<" .. i .. ">"
  io.write(label)
  ::continue::
end
print()
local j = 0
repeat
  j = j + 1
  if j == 2 then goto continue end
  io.write(j, " ")
  ::continue::
until j >= 4
print()
local k = 0
repeat
  k = k + 1
  if k == 2 then goto continue end
  do
    local inner = k * 100
    io.write(inner, " ")
  end
  ::continue::
until k >= 3
print()
for _, w in ipairs({"a", "skip", "b"}) do
  if w == "skip" then goto continue end
  do
    local up = w:upper()
    io.write(up)
  end
  ::continue::
end
print()
for a = 1, 2 do
  for b = 1, 3 do
    if b == 2 then goto next_b end
    io.write(a, b, " ")
    ::next_b::
  end
  local after = a
  ::next_a::
end
print()
