-- Finalizers cannot run the garbage collector (manual, 2.5.3): inside a finalizer every
-- collectgarbage option answers fail (lbaselib.c) and the collector does nothing.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
local results, cleared = {}, nil
do
  setmetatable({}, {__gc = function()
    for _, opt in ipairs({"collect", "count", "step", "isrunning", "stop", "restart",
                          "incremental", "generational"}) do
      local r = table.pack(collectgarbage(opt))
      results[#results + 1] = opt .. "=" .. r.n .. ":" .. type(r[1])
    end
    local w = setmetatable({}, {__mode = "v"})
    w[1] = {}
    collectgarbage()
    cleared = w[1] == nil
  end})
end
collectgarbage()
print(table.concat(results, " "))
print("garbage collected inside the finalizer", cleared)
print("running after the finalizer", collectgarbage("isrunning"))
print("mode after", collectgarbage("generational"))
-- An error from a bad option is still raised inside a finalizer (checked before the call).
local msg
do setmetatable({}, {__gc = function() msg = select(2, pcall(collectgarbage, "bogus")) end}) end
collectgarbage()
print("bad option", msg)
