-- Handles as values: __close for to-be-closed variables, __gc closing (and flushing) a
-- file nobody closed, the metatable, and io.write in order with print.
local t = io.popen("mktemp")
local name = t:read("l")
t:close()

local mt = getmetatable(io.stdout)
print("metatable", mt.__name, type(mt.__index), type(mt.__gc), type(mt.__close),
  type(mt.__tostring))
local names = {}
for k in pairs(mt.__index) do names[#names + 1] = k end
table.sort(names)
print("methods", table.concat(names, " "))
names = {}
for k in pairs(io) do names[#names + 1] = k end
table.sort(names)
print("io", table.concat(names, " "))

-- a to-be-closed handle is closed at the end of its block
local saved
do
  local f <close> = assert(io.open(name, "w"))
  f:write("closed by __close")
  saved = f
end
print("after block", io.type(saved))
local f = io.open(name)
print("content", f:read("a"))
f:close()
-- also when the block ends by an error
local ok, err = pcall(function()
  local g <close> = assert(io.open(name, "w"))
  saved = g
  g:write("written before the error")
  error("boom")
end)
print("after error", ok, err, io.type(saved))
f = io.open(name)
print("content", f:read("a"))
f:close()
-- __close and __gc on a closed file do nothing; on a std file they keep it open
print("gc closed", mt.__gc(saved), mt.__close(saved))
print("gc stdout", mt.__gc(io.stdout), io.type(io.stdout))
print("gc bad", pcall(mt.__gc, {}))
print("tostring bad", pcall(mt.__tostring, 1))

-- a handle left open is flushed and closed when collected
do
  local g = assert(io.open(name, "w"))
  g:write("flushed by the collector")
end
collectgarbage()
collectgarbage()
f = io.open(name)
print("after collect", f:read("a"))
f:close()

-- the collector calls the handle's __gc (looked up when it runs); handles dropped
-- earlier are finalized first, so that only the two below are left
collectgarbage()
collectgarbage()
local old = mt.__gc
mt.__gc = function(h)
  print("__gc of a", io.type(h))
  return old(h)
end
do
  local g = io.tmpfile()
  local h = io.tmpfile()
  h:close()
end
collectgarbage()
collectgarbage()
mt.__gc = old

-- io.write and print share one stream
io.write("a")
print("b")
io.write("c\n")
io.stdout:write("d")
print("e")
io.popen("rm -f '" .. name .. "'"):close()
