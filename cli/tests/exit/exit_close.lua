-- os.exit(true, true): the state is closed first: pending to-be-closed variables (with no
-- error; an error in one goes to the next), then the finalizers.
local keep = setmetatable({}, {__gc = function() print("gc") end})
local x <close> = setmetatable({}, {__close = function(_, e) print("closed x", e) end})
local y <close> = setmetatable({}, {__close = function(_, e)
  print("closed y", e)
  error("boom")
end})
local function f()
  local z <close> = setmetatable({}, {__close = function(_, e) print("closed z", e) end})
  os.exit(true, true)
end
print(pcall(f))
print("not reached", keep)
