-- break and goto: continue pattern, nested loops, backward goto.
for i = 1, 10 do
  if i > 3 then break end
  print("break for", i)
end

-- continue pattern
local odds = {}
for i = 1, 10 do
  if i % 2 == 0 then goto continue end
  odds[#odds + 1] = i
  ::continue::
end
print("continue", table.concat(odds, ","))

-- continue in while
local i, out = 0, {}
while i < 6 do
  i = i + 1
  if i == 3 then goto cont end
  out[#out + 1] = i
  ::cont::
end
print("while continue", table.concat(out, ","))

-- break out of nested loops with goto
local found
for a = 1, 5 do
  for b = 1, 5 do
    if a * b == 12 then
      found = a .. "x" .. b
      goto done
    end
  end
end
::done::
print("nested exit", found)

-- break only exits the innermost loop
local pairs_seen = 0
for a = 1, 3 do
  for b = 1, 3 do
    if b == 2 then break end
    pairs_seen = pairs_seen + 1
  end
end
print("inner break", pairs_seen)

-- backward goto as a loop
local k = 0
::top::
k = k + 1
if k < 5 then goto top end
print("backward goto", k)

-- goto with closures: each backward jump creates a fresh local
local fns = {}
do
  local j = 1
  ::again::
  local captured = j
  fns[#fns + 1] = function() return captured end
  j = j + 1
  if j <= 3 then goto again end
end
print("goto fresh locals", fns[1](), fns[2](), fns[3]())

-- label at end of block followed by nothing
do
  goto finish
  print("skipped")
  ::finish::
end
print("label at end")

-- break inside repeat inside for
local r = {}
for x = 1, 3 do
  repeat
    if x == 2 then break end
    r[#r + 1] = x
  until true
end
print("repeat break in for", table.concat(r, ","))
