-- Varargs: ..., select, table.pack / table.unpack.
local function count(...) return select("#", ...) end
print("count", count(), count(nil), count(1, nil), count(nil, nil, nil))

local function pass(...) return ... end
print("pass", pass(1, 2, 3))
print("pass nils", count(pass(nil, nil)))

print("select 2", select(2, "a", "b", "c"))
print("select -1", select(-1, "a", "b", "c"))
print("select -3", select(-3, "a", "b", "c"))
print("select beyond", count(select(5, "a", "b")))
print("select # only", select("#"))
print("select neg too big", pcall(select, -4, "a", "b", "c"))
print("select zero", pcall(select, 0, "a"))

local p = table.pack(1, nil, 3, nil)
print("pack n", p.n, p[1], p[2], p[3], p[4])
local e = table.pack()
print("pack empty", e.n, e[1])

print("unpack", table.unpack({1, 2, 3}))
print("unpack range", table.unpack({1, 2, 3, 4}, 2, 3))
print("unpack with n", table.unpack(p, 1, p.n))
print("unpack empty range", count(table.unpack({1, 2}, 3, 2)))
print("unpack past end", table.unpack({1, 2}, 1, 4))

-- varargs in table constructors
local function tab(...) return {...} end
print("constructor", #tab(1, 2, 3), #tab())
local function mixed(...) return {..., "last"} end
local m = mixed(1, 2, 3)
print("not last truncates", m[1], m[2], m[3])

-- varargs in the middle of an argument list are truncated
print("middle", pass(1, 2), pass(3, 4))

-- (...) adjusts to one value
local function first(...) return (...) end
print("paren", first(7, 8, 9), count(first()))

-- varargs with fixed params
local function fixed(a, b, ...)
  return a, b, select("#", ...), ...
end
print("fixed", fixed(1))
print("fixed more", fixed(1, 2, 3, 4))

-- local assignment from ...
local function loc(...)
  local a, b, c = ...
  return a, b, c
end
print("local from ...", loc(10, 20))

-- arg sums
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print("sum", sum(1, 2, 3, 4, 5), sum())

-- forwarding many values
local big = {}
for i = 1, 200 do big[i] = i end
print("many", count(table.unpack(big)), select(200, table.unpack(big)))
