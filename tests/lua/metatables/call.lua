-- __call.
local callable = setmetatable({name = "obj"}, {__call = function(self, a, b)
  return self.name, a, b
end})
print("call", callable(1, 2))
print("call no args", callable())
print("call extra", select("#", callable(1, 2, 3)))
print("method-like", pcall(callable, "x"))

-- __call returning multiple values, varargs
local va = setmetatable({}, {__call = function(_, ...) return select("#", ...), ... end})
print("varargs", va(nil, nil))
print("varargs none", va())

-- nested __call: the __call value itself is callable table
local inner, outer
inner = setmetatable({}, {__call = function(self, a, b) return self == inner, a == outer, b end})
outer = setmetatable({}, {__call = inner})
print("nested call", pcall(outer, "arg"))

-- calling through pcall/xpcall and tail calls
local function tail(x) return callable(x, "t") end
print("tail", tail("v"))

-- functor counter
local counter = setmetatable({n = 0}, {__call = function(self, inc) self.n = self.n + (inc or 1); return self.n end})
counter(); counter(5)
print("counter", counter.n, counter())

-- __call in a generic for
local iter = setmetatable({i = 0}, {__call = function(self)
  self.i = self.i + 1
  if self.i <= 3 then return self.i end
end})
local got = {}
for v in iter do got[#got + 1] = v end
print("for with callable", table.concat(got, ","))

-- non-callable errors
local plain = setmetatable({}, {})
print("no __call", pcall(function() return plain() end))
local nc = setmetatable({}, {__call = 42})
print("bad __call", pcall(function() return nc() end))

-- __call used by table.sort comparator and string.gsub replacement
local cmp = setmetatable({}, {__call = function(_, a, b) return a > b end})
local arr = {1, 3, 2}
print("sort with callable", pcall(table.sort, arr, cmp))
local repl = setmetatable({}, {__call = function(_, s) return s:upper() end})
print("gsub callable table is a table", ("abc"):gsub("%a", repl))
