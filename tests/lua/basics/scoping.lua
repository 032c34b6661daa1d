-- Locals, shadowing, blocks.
local x = 1
print("outer", x)
do
  local x = 2
  print("inner", x)
  do
    local x = x + 10
    print("innermost", x)
  end
  print("inner again", x)
end
print("outer again", x)

-- shadowing within the same block
local y = "first"
local y = y .. "+second"
print("same block shadow", y)

-- local function can recurse; local f = function cannot see itself
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print("local function", fact(10))
local ok = pcall(function()
  local g = function(n) if n == 0 then return 0 end return g(n - 1) end
  return g(3)
end)
print("local f = function sees global g", ok)

-- global vs local
z = "global z"
local function readz() return z end
do
  local z = "local z"
  print("block z", z, "function z", readz())
end

-- locals declared in a loop body are fresh each iteration
local seen = {}
for i = 1, 3 do
  local v = i * i
  seen[#seen + 1] = v
end
print("loop locals", table.concat(seen, ","))

-- a local is visible only after its declaration statement
local w = 5
do
  local w = w * 2
  print("w doubled", w)
end
print("w", w)

-- attribs with shadowing
local c <const> = 42
do
  local c = c + 1
  c = c + 1
  print("const shadowed", c)
end
print("const", c)

-- many locals in nested functions
local function outer()
  local a = 1
  local function mid()
    local b = 2
    local function inner()
      return a + b
    end
    return inner()
  end
  return mid()
end
print("nested lookup", outer())
