-- A finalizer runs while a loop only allocates: the collector's steps, paced by the
-- allocation debt, finish cycles and call pending finalizers (gc.lua waits like this).
-- The object's last reference is a dead register of the calling frame (setmetatable's
-- argument and result), which must not keep it alive.

local function wait_for_finalizer(mode, make)
  collectgarbage(mode)
  local ran = false
  setmetatable({}, {__gc = function () ran = true end})
  local n = 0
  repeat make(); n = n + 1 until ran or n > 2000000
  return ran
end

for _, mode in ipairs({"incremental", "generational"}) do
  print(mode, "tables", wait_for_finalizer(mode, function () local a = {} end))
  print(mode, "closures", wait_for_finalizer(mode, function () local f = function () end end))
  local k = 0
  print(mode, "strings", wait_for_finalizer(mode, function () k = k + 1; local s = "x" .. k end))
end

-- The same with the loop inline in the chunk (the step runs at NEWTABLE in this frame).
for _, mode in ipairs({"incremental", "generational"}) do
  collectgarbage(mode)
  local name
  setmetatable({}, {__gc = function () name = "ran" end})
  local n = 0
  repeat local a = {}; n = n + 1 until name or n > 2000000
  print(mode, "inline", name)
end

-- Cycles with finalizers, made unreachable inside the loop.
for _, mode in ipairs({"incremental", "generational"}) do
  collectgarbage(mode)
  local count = 0
  local n = 0
  repeat
    local a = setmetatable({}, {__gc = function () count = count + 1 end})
    a.self = a
    n = n + 1
  until count >= 10 or n > 2000000
  print(mode, "cycles", count >= 10)
end
collectgarbage("incremental")
