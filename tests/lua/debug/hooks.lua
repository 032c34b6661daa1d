-- debug.sethook / gethook: call, return, line and count events, per thread.

local events = {}
local function record(ev, line)
  local info = debug.getinfo(2, "nS")
  events[#events + 1] = ev .. (line and (" " .. line) or "") .. " " ..
    tostring(info.name) .. " " .. info.what
end
local function flush(label)
  print("-- " .. label)
  for _, e in ipairs(events) do print(e) end
  events = {}
end

local function add(a, b)
  local c = a + b
  return c
end
local function va(...)
  local n = select("#", ...)
  return n
end

debug.sethook(record, "crl")
local x = add(1, 2)
local y = va(1, 2, 3)
local z = math.max(x, y)
debug.sethook()
flush("call, return, line")

debug.sethook(record, "l")
for i = 1, 3 do
  x = x + i
end
debug.sethook()
flush("line events in a loop")

-- Tail calls.
local function t2() return 1 end
local function t1() return t2() end
debug.sethook(record, "cr")
t1()
debug.sethook()
flush("tail call")

-- Count hooks.
local n = 0
debug.sethook(function(ev) n = n + 1 end, "", 10)
for i = 1, 100 do local _ = i * 2 end
debug.sethook()
print("count events", n)

-- gethook.
print("gethook off", debug.gethook())
local function h() end
debug.sethook(h, "lcr", 7)
local f, mask, count = debug.gethook()
debug.sethook()
print("gethook", f == h, mask, count)
debug.sethook(h, "", 0)
print("empty mask turns it off", debug.gethook())

-- A hook is not re-entered while it runs, and sees the hooked function at level 2.
local seen = {}
debug.sethook(function(ev, line)
  local info = debug.getinfo(2, "Sl")
  seen[#seen + 1] = ev .. " " .. info.currentline
  local _ = add(1, 1)
end, "l")
local w = 1
w = w + 1
debug.sethook()
print("not re-entered", table.concat(seen, ", "))

-- The hook's own name.
debug.sethook(function(ev)
  local info = debug.getinfo(1, "n")
  seen = info.namewhat .. " " .. tostring(info.name)
  debug.sethook()
end, "l")
local _ = 1
print("hook name", seen)

-- Hooks belong to one thread.
local co = coroutine.create(function()
  local a = 1
  coroutine.yield()
  local b = 2
end)
local lines = {}
debug.sethook(co, function(ev, l) lines[#lines + 1] = ev .. (l or "") end, "lr")
coroutine.resume(co)
coroutine.resume(co)
print("coroutine hook", table.concat(lines, " "))
print("main thread has none", debug.gethook())
print("coroutine's", select(2, debug.gethook(co)))

-- An error in a hook propagates.
print(pcall(function()
  debug.sethook(function() debug.sethook(); error("from hook") end, "l")
  local _ = 1
end))

print(pcall(debug.sethook, print))
print(pcall(debug.sethook, 1, "l"))

-- Inside call and return hooks, getinfo's 'r' says which locals hold the values passed.
do
  local seen = {}
  local function hook(ev)
    local ar = debug.getinfo(2, "rn")
    if ar.name ~= "add" and ar.name ~= "sel" then return end
    local vals = {}
    for i = ar.ftransfer, ar.ftransfer + ar.ntransfer - 1 do
      vals[#vals + 1] = tostring(select(2, debug.getlocal(2, i)))
    end
    seen[#seen + 1] = ev .. " " .. ar.name .. " " .. ar.ftransfer .. " " .. ar.ntransfer ..
      " [" .. table.concat(vals, ",") .. "]"
  end
  local sel = select
  debug.sethook(hook, "cr")
  add(3, 4)
  sel(2, "a", "b", "c")
  debug.sethook()
  print("transfer", table.concat(seen, "; "))
  print("outside hooks", debug.getinfo(1, "r").ftransfer, debug.getinfo(1, "r").ntransfer)
end

-- Stripped code: line events without a line.
do
  local stripped = load(string.dump(function()
    local a = 1
    return a
  end, true))
  local got = {}
  debug.sethook(function(ev, l) got[#got + 1] = tostring(l) end, "l")
  stripped()
  debug.sethook()
  print("stripped", table.concat(got, " "))
end
