-- tonumber with and without bases, edge inputs.
local function show(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do
    local v = select(i, ...)
    out[i] = tostring(v) .. (math.type(v) and (":" .. math.type(v)) or "")
  end
  return table.concat(out, " ")
end
print("plain", show(tonumber("42"), tonumber("-42"), tonumber("3.5"), tonumber("1e3"), tonumber(".5")))
print("spaces", show(tonumber("  12  "), tonumber("\n12\t"), tonumber("1 2")))
print("hex", show(tonumber("0x1F"), tonumber("0X1f"), tonumber("-0x10"), tonumber("0x.8"), tonumber("0x1p-1")))
print("bad", show(tonumber(""), tonumber(" "), tonumber("abc"), tonumber("1e"), tonumber("0x"), tonumber("--1")))
print("inf nan words", show(tonumber("inf"), tonumber("nan"), tonumber("infinity")))
print("numbers pass", show(tonumber(5), tonumber(5.5), tonumber(-0.0)))
print("non-strings", show(tonumber(nil), tonumber(true), tonumber({})))
print("big", show(tonumber("9223372036854775807"), tonumber("9223372036854775808"), tonumber("-9223372036854775808")))
print("huge exp", show(tonumber("1e400"), tonumber("-1e400")))
print("trailing dot", show(tonumber("1."), tonumber(".")))

-- with a base
print("base 2", show(tonumber("1010", 2), tonumber("-1010", 2), tonumber("102", 2)))
print("base 16", show(tonumber("ff", 16), tonumber("FF", 16), tonumber("0xff", 16)))
print("base 36", show(tonumber("z", 36), tonumber("Zz", 36), tonumber("lua", 36)))
print("base 10", show(tonumber("10", 10), tonumber("1.5", 10), tonumber("1e2", 10)))
print("base 8", show(tonumber("777", 8), tonumber("8", 8)))
print("base spaces", show(tonumber(" 11 ", 2), tonumber("1 1", 2), tonumber("", 2)))
print("base wrap", show(tonumber("ffffffffffffffff", 16), tonumber("10000000000000000", 16)))
print("base number arg", pcall(tonumber, 10, 16))
print("base range low", pcall(tonumber, "1", 1))
print("base range high", pcall(tonumber, "1", 37))
print("base nil", pcall(tonumber, "1", nil))
print("no args", pcall(tonumber))

-- result counts
print("count fail", select("#", tonumber("x")))
print("count ok", select("#", tonumber("1")))
