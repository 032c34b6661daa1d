-- A `__gc` that is not a function is still called (lua5.4 tests only for nil): a value
-- with `__call` runs, anything else fails with a warning naming "metamethod '__gc'".
-- Collections made by `collectgarbage` and by closing the state give no position.
warn("@on")
collectgarbage("generational")
do setmetatable({}, {__gc = 42}) end
collectgarbage()
do setmetatable({}, {__gc = "text"}) end
collectgarbage()
local callable = setmetatable({}, {__call = function(self, o)
  print("__gc through __call", type(self), type(o))
end})
do setmetatable({}, {__gc = callable}) end
collectgarbage()
do setmetatable({}, {__gc = false}) end
collectgarbage()
-- Left for the state's close.
KEEP = setmetatable({}, {__gc = true})
print("end of script")
