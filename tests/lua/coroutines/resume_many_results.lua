-- A coroutine returning more values than the resumer's stack can take: resume
-- answers false plus a message (it never raises); wrap raises it with a position.
local function maker(n)
  return function()
    local t = {}
    for i = 1, n do t[i] = i end
    return table.unpack(t)
  end
end

-- The coroutine's own stack takes them, the resumer's (with more in use) does not.
-- Prints the outcome, never the values themselves.
local function show(label, ...)
  local n = select("#", ...)
  local ok, msg = ...
  print(label, ok, n, ok and "" or msg)
end

local co = coroutine.create(maker(999990))
show("resume 999990", coroutine.resume(co))
print("status", coroutine.status(co))

-- Too many for the coroutine's own unpack.
co = coroutine.create(maker(999995))
show("resume 999995", coroutine.resume(co))
show("resume 1000001", coroutine.resume(coroutine.create(maker(1000001))))

-- wrap turns the failed resume into an error.
show("wrap 999990", pcall(coroutine.wrap(maker(999990))))

-- A failed check leaves the stack usable: a later, smaller resume works.
co = coroutine.create(maker(1000))
local r = table.pack(coroutine.resume(co))
print("resume 1000", r.n, r[1], r[2], r[r.n])

-- table.unpack near the limit in the main thread fails cleanly, repeatedly.
local t = {}
for i = 1, 1000000 do t[i] = i end
for _, n in ipairs{999980, 999990, 999999} do
  show("unpack " .. n, pcall(table.unpack, t, 1, n))
end
print("unpack 10", select("#", table.unpack(t, 1, 10)))
