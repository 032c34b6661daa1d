-- os.exit(3): nothing catches it, no __close handler or finalizer runs, the output so
-- far is flushed.
local keep = setmetatable({}, {__gc = function() print("gc") end})
local x <close> = setmetatable({}, {__close = function() print("closed x") end})
io.write("before ")
print(pcall(os.exit, "x"))
local function f()
  local y <close> = setmetatable({}, {__close = function() print("closed y") end})
  print(pcall(os.exit, 3))
end
print(pcall(f))
print("not reached", keep)
