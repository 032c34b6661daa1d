-- Shapes where lparser.c gives an instruction the line of a token other than the
-- statement's first: line hooks (and luac's listing) must agree.

local Obj = {}
Obj.__index = Obj
function Obj:write(s) self[#self + 1] = s; return self end
function Obj:close() return #self end

local function shapes(a, b, i, j)
  local x = (a == b)
    == (i == j)
  local y = a
    <
    b
  local o = setmetatable({}, Obj)
  local n = o
    :write("x")
    :close()
  if x
  then
    y = not y
  elseif
    y
  then
  end
  if a <
    b
  then x = 1 end
  return x, y, n
end

local lines = {}
debug.sethook(function (_, l)
  if debug.getinfo(2, "f").func == shapes then lines[#lines + 1] = l end
end, "l")
local r1, r2, r3 = shapes(1, 2, 3, 3)
local r4, r5, r6 = shapes(2, 1, 3, 4)
debug.sethook()
print(r1, r2, r3, r4, r5, r6)
print(table.concat(lines, " "))
