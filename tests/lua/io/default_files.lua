-- io.input / io.output: by name and by handle, io.read / io.write / io.close / io.flush
-- through them, and the standard files, which cannot be closed.
local p = io.popen("mktemp")
local name = p:read("l")
p:close()
local function hide(s) return (tostring(s):gsub(name:gsub("%p", "%%%0"), "NAME")) end

print("defaults", io.input() == io.stdin, io.output() == io.stdout)
print("std types", io.type(io.stdin), io.type(io.stdout), io.type(io.stderr))
print("std tostring", tostring(io.stdout):match("^file %(0x") ~= nil)

-- io.output(name) opens for writing and makes it the default
local out = io.output(name)
print("output by name", io.type(out), io.output() == out, out ~= io.stdout)
print("io.write returns", io.write("one\n", 2, "\n", 3.5, "\n") == out)
print("io.flush", io.flush())
print("io.close default", io.close())
print("default output closed", io.type(out), pcall(io.write, "x"))
print("io.flush on closed", pcall(io.flush))
print("io.close on closed", pcall(io.close))
print("io.output still", io.output() == out)
io.output(io.stdout)
print("back to stdout", io.output() == io.stdout)

-- io.input(name) opens for reading
local inp = io.input(name)
print("input by name", io.type(inp), io.input() == inp)
print("io.read", io.read())
print("io.read formats", io.read("n", "n"))
print("io.read eof", io.read("l", "a"))
print("io.read at eof", io.read("a"), io.read("l"), io.read(0))
io.input():close()
print("default input closed", pcall(io.read))
-- a handle: it must be open
local f = assert(io.open(name))
print("input by handle", io.input(f) == f)
print("read by handle", io.read("L"))
f:close()
print("closed handle", pcall(io.input, f))
print("not a file", pcall(io.input, {}))
print("not a file out", pcall(io.output, true))
print("missing", hide(select(2, pcall(io.input, name .. ".none"))))
print("bad dir", hide(select(2, pcall(io.output, name .. "/x"))))
io.input(io.stdin)
print("nil keeps", io.input(nil) == io.stdin, io.output(nil) == io.stdout)

-- standard files stay open
print("close stdout", io.stdout:close())
print("close stderr", io.close(io.stderr))
print("io.close()", io.close())
print("still open", io.type(io.stdout), io.type(io.stderr))
print("io.close non-file", pcall(io.close, 1))
print("stdin write", io.stdin:write("x"))
print("stdout read", io.stdout:read("l"))
print("stdout seek", io.type(io.stdout:seek("cur")))
io.write("still writes\n")

-- io.output(name) truncates: what the previous default wrote is gone
io.output(name)
io.write("fresh")
io.close()
io.output(io.stdout)
f = io.open(name)
print("truncated", f:read("a"))
f:close()
io.popen("rm -f '" .. name .. "'"):close()
