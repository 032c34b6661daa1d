-- io.open in every mode, what each mode allows, and the failures (nil, message, errno).
local p = io.popen("mktemp -d")
local dir = p:read("l")
p:close()
local function path(n) return dir .. "/" .. n end
local function hide(s) return (tostring(s):gsub(dir:gsub("%p", "%%%0"), "DIR")) end
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if io.type(v) then v = io.type(v) end
    t[i] = hide(v)
  end
  return table.concat(t, " ", 1, t.n)
end

-- "w" creates and truncates; "r" reads; "a" appends
local f = assert(io.open(path("a.txt"), "w"))
print("type", io.type(f), tostring(f):match("^file %(") ~= nil)
print("write returns file", f:write("first\n") == f)
print("read on w", show(f:read("l")))
print("close", f:close())
print("type after close", io.type(f), tostring(f))
print("close again", pcall(f.close, f))
print("r", show(io.open(path("a.txt")):read("a")))
f = assert(io.open(path("a.txt"), "a"))
f:write("second\n")
print("read on a", show(f:read(1)))
f:close()
print("after a", show(io.open(path("a.txt"), "r"):read("a")))
f = assert(io.open(path("a.txt"), "r"))
print("write on r", show(f:write("x")))
f:close()
-- "r+" reads and writes in place
f = assert(io.open(path("a.txt"), "r+"))
print("r+ read", f:read("l"))
print("r+ write", f:write("SEC") == f)
print("r+ seek", f:seek("set", 0))
print("r+ all", show(f:read("a")))
f:close()
-- "w+" truncates, then reads back what it wrote
f = assert(io.open(path("a.txt"), "w+"))
print("w+ empty", show(f:read("a")))
f:write("abc", 1, 2.5)
print("w+ seek", f:seek("set"))
print("w+ read", f:read("a"))
f:close()
-- "a+" appends at the end, reads from anywhere
f = assert(io.open(path("a.txt"), "a+"))
f:write("def")
f:seek("set", 0)
print("a+ read", f:read("a"))
f:seek("set", 0)
f:write("!")
f:seek("set", 0)
print("a+ append", f:read("a"))
f:close()
-- binary flag and the modes l_checkmode accepts
for _, m in ipairs({"rb", "r+b", "wb", "w+b", "ab", "a+b", "rbb"}) do
  local g = io.open(path("a.txt"), m:gsub("w", "r"))
  print("mode", m, io.type(g))
  if g then g:close() end
end
for _, m in ipairs({"", "rw", "r++", "br", "x", "rt", "+r", "R", "r+t"}) do
  print("bad mode", m, pcall(io.open, path("a.txt"), m))
end
print("mode type", pcall(io.open, path("a.txt"), {}))
print("name type", pcall(io.open))
print("name number", io.open(42) == nil)
-- failures give nil, "name: strerror", errno
print("missing", show(io.open(path("nope.txt"))))
print("missing dir", show(io.open(path("no/such/file"), "w")))
print("dir for w", show(io.open(dir, "w")))
local d = io.open(dir, "r")
print("dir for r", io.type(d))
print("dir read", show(d:read("l")))
print("dir read a", show(d:read("a")))
d:close()
-- a closed file refuses everything but tostring and io.type
f = io.open(path("a.txt"))
f:close()
for _, name in ipairs({"read", "write", "lines", "flush", "seek", "setvbuf", "close"}) do
  print("closed", name, pcall(f[name], f))
end
print("closed tostring", tostring(f), io.type(f))
-- methods on something that is not a file
print("bad self", pcall(f.read, {}))
print("bad self 2", pcall(f.write, "x"))
print("io.type", io.type(nil), io.type({}), io.type(io.stdout), pcall(io.type))
print("metatable", getmetatable(f).__name, type(getmetatable(f).__index))
io.popen("rm -rf '" .. dir .. "'"):close()
