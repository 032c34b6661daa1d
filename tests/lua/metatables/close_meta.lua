-- __close and __gc/__mode keys as plain metamethod fields; __close basics.
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(o, err) log[#log + 1] = name .. ":" .. tostring(err) end})
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  log[#log + 1] = "body"
end
print("order", table.concat(log, " "))
-- __close receives the object itself
local got
local obj = setmetatable({}, {__close = function(o) got = o end})
do local x <close> = obj end
print("self passed", got == obj)
-- __close looked up when the variable is declared; changing it later is used at close time
log = {}
local mt = {__close = function() log[#log + 1] = "first" end}
do
  local v <close> = setmetatable({}, mt)
  mt.__close = function() log[#log + 1] = "second" end
end
print("late change", table.concat(log, " "))
-- metamethod removed before close: error
local mt2 = {__close = function() end}
print("removed __close", pcall(function()
  local v <close> = setmetatable({}, mt2)
  mt2.__close = nil
end))
-- non-closable values
print("table without __close", pcall(function() local v <close> = {} end))
print("number", pcall(function() local v <close> = 42 end))
print("false is allowed", pcall(function() local v <close> = false end))
