-- Finalizers still pending when the script ends run when lua.c closes the state, newest
-- registration first, whether their objects are still reachable or not. Errors in them
-- are warnings, which are off here (warnings go to stderr), so they print nothing.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
local function fin(name, also)
  return setmetatable({name = name}, {__gc = function(o)
    print("finalizing " .. o.name)
    if also then also(o) end
  end})
end

-- Collected during the script: finalized then, not again at close.
do fin("collected early") end
collectgarbage()
print("after the first collection")

-- A finalizer that registers its object again runs once per collection during the
-- script; at close it runs once more and registering again is ignored.
local eternal_runs = 0
do
  local mt
  mt = {__gc = function(o)
    eternal_runs = eternal_runs + 1
    print("eternal run " .. eternal_runs)
    setmetatable(o, mt)
  end}
  setmetatable({}, mt)
end
collectgarbage()
collectgarbage()
print("eternal runs during the script", eternal_runs)

-- Registered in this order; at close they run in the reverse order.
global_obj = fin("global")
local main_local = fin("main local")
local function make() local up = fin("upvalue") return function() return up end end
keep_fn = make()
do fin("garbage never collected") end
local cyc = fin("cycle")
cyc.self = cyc
-- created first, registered last: registration order is what counts
local late = {name = "registered last"}
fin("registered second to last")
setmetatable(late, {__gc = function(o) print("finalizing " .. o.name) end})

-- At close, objects created by finalizers are not registered; the finalizers of other
-- objects, even ones already finalized at close, can still read them; an error in one
-- finalizer does not stop the others.
local seen_by_close = fin("reader", function(o) print("  reads " .. o.other.name) end)
seen_by_close.other = fin("read by reader")
fin("creator", function()
  setmetatable({}, {__gc = function() print("never printed") end})
  print("  created an object with __gc")
end)
fin("failing", function() error("finalizer error at close") end)
fin("after failing")

-- Closed at the end of the main chunk, before the state is closed.
local tbc <close> = setmetatable({}, {__close = function() print("to-be-closed variable closed") end})
print("end of script")
