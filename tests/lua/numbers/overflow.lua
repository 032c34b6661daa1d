-- Integer overflow wraps around; float conversions.
local maxi, mini = math.maxinteger, math.mininteger
print("limits", maxi, mini)
print("max + 1", maxi + 1, maxi + 1 == mini)
print("min - 1", mini - 1, mini - 1 == maxi)
print("max * 2", maxi * 2)
print("min * -1", mini * -1, -mini)
print("neg min", -mini == mini)
print("min // -1", mini // -1)
print("abs min", math.abs(mini))
print("max + 1.0", maxi + 1.0, math.type(maxi + 1.0))
print("float max", maxi + 0.0 == 2^63, maxi + 0.0)
print("mul wrap", 0x7fffffff * 0x7fffffff, 0x100000000 * 0x100000000)
print("sum wrap", maxi + maxi, mini + mini)

-- hex literals wrap around
print("hex wrap", 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x10000000000000000)
-- decimal literals that overflow become floats
print("decimal overflow", 9223372036854775807, 9223372036854775808, math.type(9223372036854775808))
print("neg literal", -9223372036854775808, math.type(-9223372036854775808))

-- conversions from float to integer
print("tointeger edges", math.tointeger(2^63), math.tointeger(-2^63), math.tointeger(2^62))
print("string int overflow", math.type(tonumber("9223372036854775808")), tonumber("9223372036854775807"))

-- ult
print("ult", math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1), math.ult(maxi, mini))

-- comparisons around wrap
print("cmp", mini < maxi, maxi + 1 < maxi)

-- float to int errors in bitwise ops and table.concat-free contexts
print("band float", pcall(function() return 2^63 | 0 end))
print("band frac", pcall(function() return 1.5 & 1 end))
print("bor float ok", 2.0 | 1, 3.0 ~ 1)
print("bor string", pcall(function() return "3" | 0 end))
print("string.rep float", pcall(string.rep, "x", 1.5))
print("string.rep ok", string.rep("x", 2.0))
print("index float", ("abc"):sub(2.0, 3.0))
print("sub float err", pcall(string.sub, "abc", 1.5))
