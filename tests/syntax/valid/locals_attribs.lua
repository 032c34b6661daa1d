-- local declarations with <const> and <close> attributes.
local a <const> = 10
local b <const>, c = "x", 20
local d, e <const>, f = 1, 2, 3
print(a, b, c, d, e, f)
local t <const> = {}
t.field = "contents of a const table are mutable"
print(t.field)
c = c + 1
print(c)
local nothing <const>
print(nothing)
local k <const> = 2 ^ 10
local function g() return k end
print(g())
local s <const> = "str" .. "ing"
print(s, #s)
local i <const>, j = 1
print(i, j)

local function closer(name)
  return setmetatable({}, {__close = function(_, err)
    print("closing", name, err)
  end})
end
do
  local x <close> = closer("x")
  local y <close> = closer("y")
  local z <close> = nil
  local w <close> = false
  local plain, other <close> = 1, closer("other")
  print("leaving block", plain)
end
print("after block")
local function f2()
  local r <close> = closer("r")
  return "returned"
end
print(f2())
for n = 1, 3 do
  local v <close> = closer("loop" .. n)
  if n == 2 then break end
end
local ok, msg = pcall(function()
  local e1 <close> = closer("err")
  error("boom", 0)
end)
print(ok, msg)
local function early(flag)
  local h <close> = closer("early")
  if flag then return "yes" end
  do
    local inner <close> = closer("inner")
  end
  return "no"
end
print(early(true))
print(early(false))
