-- Errors replaced one by one by __close handlers while a pcall unwinds, with a collection
-- in a handler between them: each handler still sees the error of the one before (the VM
-- kept that error only in a register the next handler could overwrite, so a collection
-- freed it).
local function func2close(f) return setmetatable({}, {__close = f}) end

local function foo()
  local x <close> = func2close(function(_, msg) print("x sees", msg) end)
  local x1 <close> = func2close(function(_, msg) print("x1 sees", msg) error("@x1", 0) end)
  local gc <close> = func2close(function() collectgarbage() collectgarbage() end)
  local y <close> = func2close(function(_, msg)
    print("y sees", msg)
    error(string.rep("@y", 30), 0) -- a long string, only referenced by the error
  end)
  local z <close> = func2close(function(_, msg) print("z sees", msg) error("@z", 0) end)
  error("original", 0)
end
print(pcall(foo))

