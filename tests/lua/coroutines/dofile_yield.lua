-- dofile lets its chunk yield (lua5.4 calls it with a continuation): the chunk's
-- results after the resumes are dofile's results.
local name = os.tmpname()
local function put(src)
  local f = assert(io.open(name, "w"))
  f:write(src)
  f:close()
end

put[[
local x, z = coroutine.yield(10)
local y = coroutine.yield(20)
return x + y * z, "done"
]]

-- dofile as the coroutine's body.
local f = coroutine.wrap(dofile)
print("body", f(name))
print("body", f(100, 101))
print("body", f(200))

-- dofile called from Lua code, results adjusted by the caller.
local co = coroutine.create(function(n)
  local a, b, c = dofile(n)
  local t = {dofile(n)}
  return a, b, c, #t, t[1], t[2]
end)
print("lua", coroutine.resume(co, name))
print("lua", coroutine.resume(co, 1, 2))
print("lua", coroutine.resume(co, 3))
print("lua", coroutine.resume(co, 4, 5))
print("lua", coroutine.resume(co, 6, 7))
print("lua", coroutine.resume(co, 8))
print("lua", coroutine.status(co))

-- Nested: a chunk that dofiles itself once more.
put[[
DEPTH = DEPTH + 1
local depth = DEPTH
coroutine.yield("in", depth)
if depth == 1 then
  return "outer", dofile(NAME_OF_FILE)
end
return "inner", depth
]]
NAME_OF_FILE, DEPTH = name, 0
co = coroutine.wrap(function() return dofile(name) end)
print("nested", co())
print("nested", co())
print("nested", co())

-- An error after a resume reaches the pcall around dofile, inside the coroutine.
put[[
coroutine.yield("before")
error("late failure", 0)
]]
co = coroutine.wrap(function()
  local ok, err = pcall(dofile, name)
  return "caught", ok, err
end)
print("error", co())
print("error", co())

-- ... and out of the coroutine when nothing catches it.
co = coroutine.create(dofile)
print("uncaught", coroutine.resume(co, name))
print("uncaught", coroutine.resume(co))
print("uncaught", coroutine.status(co))

-- Where yielding is not allowed, the chunk's yield still fails.
put[[
return coroutine.yield(1)
]]
co = coroutine.wrap(function()
  local t = {3, 1, 2}
  local ok, err = pcall(table.sort, t, function(a, b)
    dofile(name)
    return a < b
  end)
  return ok, err
end)
print("sort", co())

-- A chunk that does not yield behaves as before.
put[[return 1, 2, 3]]
print("plain", dofile(name))
print("plain", select("#", dofile(name)))

os.remove(name)
