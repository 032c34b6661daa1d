-- io.lines and file:lines: formats, closing at the end, the four results of io.lines,
-- and the errors.
local p = io.popen("mktemp")
local name = p:read("l")
p:close()
local function hide(s) return (tostring(s):gsub(name:gsub("%p", "%%%0"), "NAME")) end
local f = assert(io.open(name, "w"))
f:write("alpha\n", "beta\n", "\n", "12 13\n", "0x10 rest\n", "last")
f:close()

for l in io.lines(name) do io.write("[", l, "]") end
print()
for l in io.lines(name, "L") do io.write("[", l, "]") end
print()
for a, b in io.lines(name, 1, 2) do io.write("[", a, "|", b, "]") end
print()
local numbers = name .. ".n"
f = assert(io.open(numbers, "w"))
f:write("1 2.5\n0x10\n-3e1 x 7")
f:close()
for n in io.lines(numbers, "n") do io.write("[", n, "]") end
print(" (n stops at the first non-numeral)")
for a, b in io.lines(numbers, "n", "l") do io.write("[", a, "|", b, "]") end
print()

-- io.lines returns the iterator, two nils and the file, which the loop closes
local it, s, c, file = io.lines(name)
print("results", select("#", io.lines(name)), type(it), s, c, io.type(file))
print("first", it())
for _ in it do end
print("after end", io.type(file))
print("call after end", pcall(it))
-- breaking out of the loop closes the file too (it is the to-be-closed value)
local kept
for l, f2 in io.lines(name) do
  break
end
it, s, c, file = io.lines(name)
for l in it, s, c, file do
  if l == "beta" then break end
end
print("after break", io.type(file))

-- file:lines does not close the file
f = assert(io.open(name))
local n = 0
for l in f:lines() do n = n + 1 end
print("lines", n, io.type(f), f:read("a"), f:seek())
f:seek("set")
f:read("l", "l", "l")
for a, b, c2 in f:lines("n", "n", "l") do
  print("n n l", a, b, c2)
end
f:close()
print("iterator of closed file", pcall(it))
f = assert(io.open(name))
local it2 = f:lines()
f:close()
print("closed under the iterator", pcall(it2))

-- formats are checked when read
print("bad format", pcall(function() for l in io.lines(name, "x") do end end))
print("bad count", pcall(function() for l in io.lines(name, 1.5) do end end))
f = assert(io.open(name))
print("bad format method", pcall(function() for l in f:lines({}) do end end))
f:close()
-- a read error inside the iterator is raised
f = assert(io.open(name, "a"))
print("error in iterator", pcall(f:lines()))
f:close()

-- limits and missing files
local many = {}
for i = 1, 251 do many[i] = "l" end
local ok, it250, _, _, f250 = pcall(io.lines, name, table.unpack(many, 1, 250))
print("250 formats", ok, type(it250), io.type(f250))
print("250 results", select("#", it250()))
f250:close()
print("251 formats", pcall(io.lines, name, table.unpack(many)))
f = assert(io.open(name))
print("251 formats method", pcall(f.lines, f, table.unpack(many)))
f:close()
print("missing", hide(select(2, pcall(io.lines, name .. ".none"))))
print("not a string", pcall(io.lines, {}))

-- io.lines() reads the default input
io.input(name)
local got = {}
for l in io.lines() do got[#got + 1] = l end
print("default input", #got, got[1], got[#got], io.type(io.input()))
io.input():seek("set")
for a, b in io.lines(nil, 2, 3) do print("default with formats", a, b) break end
io.input():close()
print("default closed", pcall(io.lines))
io.input(io.stdin)
io.popen("rm -f '" .. name .. "' '" .. numbers .. "'"):close()
