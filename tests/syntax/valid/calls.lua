-- Function calls with every argument form, method calls, call chains.
local function describe(v)
  if type(v) == "table" then return "table#" .. #v end
  return tostring(v)
end
local function show(...)
  local n = select('#', ...)
  local parts = {}
  for k = 1, n do parts[k] = describe((select(k, ...))) end
  print(n, table.concat(parts, ","))
  return show
end
show()
show(1, 2, 3)
show(nil, nil)
show"string arg"
show'single quotes'
show[[long string arg]]
show[==[level-2 long string]==]
show{1, 2, 3}
show{}
show"a""b"'c'
show{1}{1, 2}"x"()
show(1)(2)
local obj = {name = "obj"}
function obj:kind(v) return self.name .. ":" .. type(v) end
function obj.plain(v) return "plain:" .. describe(v) end
print(obj:kind(1))
print(obj:kind"s")
print(obj:kind{})
print(obj:kind[[long]])
print(obj:kind())
print(obj.plain(obj), obj["plain"]{7})
print(("abc"):upper(), ("x"):rep(3, "-"))
print(("%d-%s"):format(4, "four"))
local s = "Hello"
print(s:lower():upper():len())
print(#s:rep(2))
print(string.format("%5.1f|", 3.14159))
local t = {f = function(...) return select('#', ...) end}
print(t.f(), t["f"](1), t.f{}, t.f"")
local nest = {a = {b = {c = function(self) return self == nil end}}}
print(nest.a.b.c(), nest.a.b:c())
-- A newline before the argument list is allowed (no ambiguity error in 5.4)
local r = show
(5)
print(r == show)
local function curry(a) return function(b) return function(c) return a .. b .. c end end end
print(curry"x""y""z")
print(curry(1)(2)(3))
print(type(print), select("#", print()))
