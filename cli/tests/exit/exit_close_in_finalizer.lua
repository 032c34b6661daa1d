-- os.exit(0, true) from a finalizer run by lua_close: the close goes on with the
-- finalizers still pending, and an object given __gc during the close is not finalized.
print("creating 1")
setmetatable({}, {__gc = function () print(1) end})

print("creating 2")
setmetatable({}, {__gc = function ()
  print("2")
  print("creating 3")
  setmetatable({}, {__gc = function () print(3) end})
  print(collectgarbage())    -- cannot call collector here
  os.exit(0, true)
end})
