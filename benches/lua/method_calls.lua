-- method_calls: object-oriented code through metatables whose __index is a class table,
-- with a three-level inheritance chain (so some lookups walk two __index hops) and
-- overridden methods calling their parent's. Size: the number of rounds over the objects.
local rounds = tonumber(arg and arg[1]) or 2000

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

local Counter = class()
function Counter.new(v)
  return setmetatable({ v = v, calls = 0 }, Counter)
end
function Counter:step(k)
  self.v = (self.v * 3 + k) % 10007
  self.calls = self.calls + 1
end
function Counter:value() return self.v end
function Counter:touch() self.calls = self.calls + 1 end   -- inherited unchanged below

local Pair = class(Counter)
function Pair.new(v, w)
  local o = Counter.new(v)
  o.w = w
  return setmetatable(o, Pair)
end
function Pair:step(k)
  Counter.step(self, k)
  self.w = (self.w + self.v) % 10009
end
function Pair:value() return self.v + self.w end

local Triple = class(Pair)
function Triple.new(v, w, z)
  local o = Pair.new(v, w)
  o.z = z
  return setmetatable(o, Triple)
end
function Triple:step(k)
  Pair.step(self, k)
  self.z = (self.z * 7 + self.w) % 10037
end
function Triple:value() return Pair.value(self) + self.z end

local objs = {}
for i = 1, 60 do
  local m = i % 3
  if m == 0 then objs[i] = Counter.new(i)
  elseif m == 1 then objs[i] = Pair.new(i, i * 2)
  else objs[i] = Triple.new(i, i + 1, i + 2) end
end

local checksum = 0
for r = 1, rounds do
  for i = 1, #objs do
    local o = objs[i]
    o:step(r + i)
    o:touch()
    checksum = (checksum + o:value()) % 1000000007
  end
end
local calls = 0
for i = 1, #objs do calls = calls + objs[i].calls end
print(string.format("rounds = %d  checksum = %d  calls = %d", rounds, checksum, calls))
