-- Where lua5.4 positions the closing of to-be-closed variables (here an error of a
-- __close metamethod that is not callable, and a native handler's argument error): at the
-- instruction that closes. A loop exit (its normal end for a generic for's closing value,
-- and a break) closes at the loop's `end` (for repeat, the end of `until`'s condition); a
-- block at its last statement's last token; a return at its last token; a forward goto at
-- its label, a backward one at its own last token.
local bad = setmetatable({}, {__close = {}})
local native = setmetatable({}, {__close = string.rep})
local function iter(_, i) if i < 2 then return i + 1 end end
print(pcall(function()
  for i in iter, nil, 0, bad do
    local z = i
  end
end))
print(pcall(function()
  for i in iter, nil, 0, bad do
    if i then
      break
    end
  end
end))
print(pcall(function()
  while true do
    local c <close> = bad
    local y = 1
  end
end))
print(pcall(function()
  while true do
    local c <close> = bad
    if true then
      break
    end
    local y = 1
  end
end))
print(pcall(function()
  for i = 1, 2 do
    local c <close> = bad
    if i then break
    end
  end
end))
print(pcall(function()
  repeat
    local c <close> = bad
    local y = 1
  until
    y
end))
print(pcall(function()
  repeat
    local c <close> = bad
    if true then break end
  until
    false
end))
print(pcall(function()
  local c <close> = bad
  return 1,
    2,
    3
end))
print(pcall(function()
  do
    local c <close> = bad
    print(
      "x"
    )
  end
end))
print(pcall(function()
  do
    local c <close> = bad
    goto out
  end
  do local q = 1 end
  ::out::
end))
print(pcall(function()
  local n = 0
  ::top::
  n = n + 1
  do
    local c <close> = bad
    if n < 2 then
      goto
        top
    end
  end
end))
print(pcall(function()
  if true then
    local c <close> = bad
    local y = {
    }
  end
end))
print(pcall(function()
  for i in iter, nil, 0, bad do
    return i,
      i
  end
end))
print(pcall(function()
  local c <close> = bad
  return
end))
print(pcall(function()
  local c <close> = bad
end))
print(pcall(function()
  for i = 1, 2 do
    local c <close> = native
    if i == 2 then
      break
    end
  end
end))
print(pcall(function()
  local c <close> = native
  return
    "x"
end))
print(pcall(function()
  while true do
    do
      local c <close> = bad
      break
    end
  end
end))
