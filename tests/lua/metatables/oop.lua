-- Class patterns: constructors, methods, inheritance, super calls.
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound)
  local self = setmetatable({}, Animal)
  self.name = name
  self.sound = sound or "..."
  return self
end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end

local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name)
  local self = Animal.new(name, "woof")
  return setmetatable(self, Dog)
end
function Dog:kind() return "dog (" .. Animal.kind(self) .. ")" end
function Dog:fetch() return self.name .. " fetches" end

local a = Animal.new("generic")
local d = Dog.new("rex")
print("animal", a:speak(), a:kind())
print("dog", d:speak(), d:kind(), d:fetch())
print("isa", getmetatable(d) == Dog, getmetatable(a) == Animal)
print("missing method", pcall(function() return a:fetch() end))

-- method call syntax evaluates the object once
local count = 0
local function get() count = count + 1; return d end
get():speak()
print("object evaluated once", count)

-- methods defined with dot and colon are interchangeable
print("dot call", Animal.speak(d), d.speak(d))

-- class with __tostring, __eq, __lt, __add shared through the class
local Money = {}
Money.__index = Money
local function money(c) return setmetatable({cents = c}, Money) end
Money.__tostring = function(m) return string.format("$%d.%02d", m.cents // 100, m.cents % 100) end
Money.__eq = function(x, y) return x.cents == y.cents end
Money.__lt = function(x, y) return x.cents < y.cents end
Money.__le = function(x, y) return x.cents <= y.cents end
Money.__add = function(x, y) return money(x.cents + y.cents) end
function Money:double() return money(self.cents * 2) end
local m1, m2 = money(150), money(275)
print("money", tostring(m1 + m2), tostring(m1:double()), m1 < m2, m1 == money(150), m2 <= m1)

-- multiple inheritance via __index function
local function createClass(...)
  local parents = {...}
  local c = {}
  setmetatable(c, {__index = function(_, k)
    for _, p in ipairs(parents) do
      local v = p[k]
      if v then return v end
    end
  end})
  c.__index = c
  return c
end
local Named = {getname = function(self) return self.name end}
local Aged = {getage = function(self) return self.age end}
local Person = createClass(Named, Aged)
local p = setmetatable({name = "ann", age = 30}, Person)
print("multiple inheritance", p:getname(), p:getage())

-- private state via closures
local function Account(balance)
  local self = {}
  function self.deposit(v) balance = balance + v end
  function self.balance() return balance end
  return self
end
local acc = Account(100)
acc.deposit(50)
print("closure object", acc.balance(), acc.balance == nil)

-- calling a method on nil field gives a method error
print("nil method", pcall(function() local o = {} return o:nothing() end))
