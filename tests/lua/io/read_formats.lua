-- read formats: "n", "l", "L", "a", counts, 0 for end of file, with or without '*',
-- several at once (results stop at the first failure), and invalid formats.
local f
local function fill(s)
  if f then f:close() end
  f = io.tmpfile()
  f:write(s)
  f:seek("set")
end
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    t[i] = type(v) == "string" and string.format("%q", v) or
      (math.type(v) or tostring(v)) .. ":" .. tostring(v)
  end
  return t.n .. " [" .. table.concat(t, ", ", 1, t.n) .. "]"
end

local g = io.tmpfile()
g:write("line one\nline two\n\nlast")
g:seek("set")
print("default", show(g:read()))
print("L", show(g:read("L")))
print("*l", show(g:read("*l")))
print("count", show(g:read(2)))
print("0", show(g:read(0)))
print("rest", show(g:read("a")))
print("eof l", show(g:read("l")))
print("eof L", show(g:read("L")))
print("eof 0", show(g:read(0)))
print("eof n", show(g:read(5)))
print("eof a", show(g:read("a")))
print("eof *a", show(g:read("*a")))
g:seek("set")
print("multi", show(g:read("l", "l", 3, "L")))
print("multi stop", show(g:read("a", "l", "a")))
g:seek("set")
print("stop early", show(g:read(4, "n", "l")))
print("formats by first char", show(g:read("line", "Lines")))
g:close()

-- numerals, as liolib's read_number scans them
local numerals = {
  "42", "  -7 ", "+3.5e2x", "0x1F;", "0x1p4 ", ".5", "5.", "1e", "1e+", "abc", "--1", "0x",
  "00012", "1..2", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "e5", "", "\t\n 12\t", "0x.8", "1e5e", "0xffffffffffffffff", "1E-2", "0X1P-1", "inf",
  "nan", "0x1.8p1", "3-2", "- 1", "1 2", string.rep("1", 199), string.rep("1", 200),
  string.rep("1", 201), "0x" .. string.rep("0", 198) .. "1", "1.5e+308", "1e400",
}
for _, s in ipairs(numerals) do
  fill(s .. "|END")
  local n = f:read("n")
  local rest = f:read("a")
  rest = rest:sub(1, #rest - 4)
  print("n", string.format("%q", #s > 30 and #s .. " chars" or s), show(n),
    #rest > 30 and #rest .. " left" or string.format("%q", rest))
end
fill("1 2 3 x 4")
print("n n n n", show(f:read("n", "n", "n", "n", "n")))
fill("10\n20\nx\n")
print("n l", show(f:read("n", "l", "n", "n")))
fill("0x10 -0x10 1e2")
print("*n", show(f:read("*n", "*n", "*n")))

-- counts and their checks
fill("abcdef")
print("big count", show(f:read(1000)))
f:seek("set")
print("count float", show(f:read(2.0)))
print("count string", pcall(f.read, f, "2"))
print("count frac", pcall(f.read, f, 2.5))
print("count neg", pcall(f.read, f, -1))
print("bad format", pcall(f.read, f, "x"))
print("bad format 2", pcall(f.read, f, "l", "*x"))
print("empty format", pcall(f.read, f, ""))
print("table format", pcall(f.read, f, {}))
f:seek("set")
print("bad after ok", pcall(f.read, f, 1, "z"))
f:seek("end")
print("bad after eof", pcall(f.read, f, "a", "l", "z"))
print("io.read bad", pcall(io.read, "x"))

-- long lines cross the buffer
local long = string.rep("0123456789", 1000)
fill(long .. "\n" .. long)
local a, b = f:read("l", "L")
print("long lines", #a, #b, a == long, b == long)
f:close()
