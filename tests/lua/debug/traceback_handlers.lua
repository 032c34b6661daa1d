-- debug.traceback where the stack holds more than the caller's frames: as an xpcall
-- message handler (run above the frames of the error), and of the main thread seen from a
-- coroutine (below which sit the resume calls).

local function show(label, tb)
  print("-- " .. label)
  print(tb)
end

local function fails() error("oops") end
local _, msg = xpcall(fails, debug.traceback)
show("xpcall handler", msg)
_, msg = xpcall(function() local x = nil; return x.y end, debug.traceback)
show("xpcall handler, runtime error", msg)
_, msg = xpcall(fails, function(m) return debug.traceback(m, 2) end)
show("xpcall handler, level 2", msg)

local main = coroutine.running()
local co = coroutine.wrap(function() return debug.traceback(main, "main from coroutine") end)
show("main thread from a wrapped coroutine", co())
local co2 = coroutine.create(function() return debug.traceback(main, "main from coroutine") end)
show("main thread from a resumed coroutine", select(2, coroutine.resume(co2)))
