-- Integer vs float subtypes.
print("math.type", math.type(1), math.type(1.0), math.type("1"), math.type(nil), math.type(2^53))
print("literals", 3, 3.0, 3e0, 0x10, 0x10p0, 1e2, .5, 5.)
print("int ops keep int", math.type(2 + 3), math.type(2 * 3), math.type(7 // 2), math.type(7 % 2), math.type(-5))
print("float ops", math.type(2 / 1), math.type(2 ^ 2), math.type(2 + 0.0), math.type(7 // 2.0))
print("division", 6 / 2, 7 / 2, 1 / 3, -1 / 3)
print("pow", 2 ^ 10, 2 ^ 0.5, (-8) ^ (1 / 3) ~= (-8) ^ (1 / 3), 10 ^ -1)
print("equality", 1 == 1.0, 0 == -0, 0.0 == -0.0, "1" == 1)
print("unm", -(-3), -3.0, -(0), -(0.0), math.type(-(0)))
print("tostring", tostring(1), tostring(1.0), tostring(-0.0), tostring(1e300 * 10))
print("abs", math.abs(-3), math.abs(-3.5), math.type(math.abs(-3)), math.abs(math.mininteger))

-- integer keys and float keys that are equal
local t = {}
t[1] = "int"
t[1.0] = "float overwrite"
t[2.0] = "two"
print("keys", t[1], t[2], #t)

-- conversion functions
print("tointeger", math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2^63), math.tointeger(-2^63))
print("floor/ceil types", math.type(math.floor(3.7)), math.type(math.ceil(3.2)), math.floor(-3.5), math.ceil(-3.5))
print("floor big", math.floor(1e100) == 1e100, math.type(math.floor(1e100)))
print("int of float string", math.type(tonumber("10")), math.type(tonumber("10.0")), math.type(tonumber("1e1")))

-- string arithmetic result subtypes
print("string arith", "10" + 1, math.type("10" + 1), "3.0" + 1, "2" * "3")

-- NaN
local nan = 0 / 0
print("nan", nan ~= nan, nan == nan, nan < 1, nan > 1, math.type(nan))
print("nan in max", math.max(nan, 1) ~= math.max(nan, 1) or math.max(nan, 1))
print("inf", math.huge, -math.huge, math.huge > math.maxinteger, math.type(math.huge))
