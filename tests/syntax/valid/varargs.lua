-- Vararg expressions in the main chunk and in vararg functions.
print("main chunk args:", select('#', ...))
local first = ...
print(first)
local packed = table.pack(...)
print(packed.n)
local function count(...) return select('#', ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
local function last(...)
  local n = select('#', ...)
  if n == 0 then return nil end
  return (select(n, ...))
end
print(last(1, 2, 3), last())
print(select(-1, "a", "b", "c"))
print(select(2, "a", "b", "c"))
local function fixed_and_rest(a, b, ...)
  return a, b, select('#', ...), ...
end
print(fixed_and_rest(1))
print(fixed_and_rest(1, 2, 3, 4))
local function forward(...) return ... end
print(forward(1, nil, 3))
local function in_table(...) return #{...}, #{..., "x"} end
print(in_table(1, 2, 3))
local function middle(...) return ..., "end" end
print(middle(1, 2, 3))
local function nested(...)
  local args = table.pack(...)
  return function() return table.unpack(args, 1, args.n) end
end
print(nested(7, nil, 9)())
local function arith(...) return ... + 1, -..., #{...} end
print(arith(10, 20))
local function vlocals(...)
  local a, b, c = ...
  return c, b, a
end
print(vlocals("x", "y"))
local function loop(...)
  local out = {}
  for i, v in ipairs({...}) do out[i] = v * 2 end
  return table.concat(out, " ")
end
print(loop(1, 2, 3))
local function only_dots(...) local t = {n = select('#', ...), ...} return t.n, t[1] end
print(only_dots(5, 6))
print((function(...) return select('#', ...) end)(nil, nil, nil))
