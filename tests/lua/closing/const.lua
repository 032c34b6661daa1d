-- <const> variables.
local x <const> = 10
local s <const> = "str"
local t <const> = {}
print("values", x, s, type(t))
t.field = "mutable contents"
print("table contents mutable", t.field)
local a <const>, b = 1, 2
b = 3
print("mixed", a, b)
local function use() return x * 2 end
print("upvalue", use())
do
  local x = 5          -- a new variable, not an assignment
  x = x + 1
  print("shadow", x)
end
print("still", x)
-- assignments to const are compile errors
local function compile(src)
  local f, err = load(src)
  return f and "compiled" or err
end
print(compile("local c <const> = 1; c = 2"))
print(compile("local c <const> = 1; local function f() c = 2 end"))
print(compile("local c <close> = nil; c = 1"))
print(compile("local c <unknown> = 1"))
print(compile("local a <const>, b <close> = 1, nil"))
print(compile("local a <close>, b <close> = nil, nil"))
print(compile("local c <const> = 1; return c"))
-- const expressions are folded but behave the same
local k <const> = 2 ^ 10
local m <const> = k // 3
print("folded", k, m, math.type(m))
local big <const> = math.maxinteger
print("non-constant initialiser", big)
local nilconst <const> = nil
print("nil const", nilconst)
-- const in for loop bodies
for i = 1, 2 do
  local sq <const> = i * i
  print("loop const", sq)
end
