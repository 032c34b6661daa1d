-- Strings converted to numbers by arithmetic operators.
print("add", "10" + 1, math.type("10" + 1))
print("hex mul", "0x10" * 2, math.type("0x10" * 2))
print("spaces", " 5 " + 0, "\t7\n" + 0)
print("exp", "1e2" + 0, math.type("1e2" + 0))
print("float str", "2.5" * 2, "-.5" + 0, "5." + 0)
print("both strings", "3" + "4", "3" * "4", "10" / "4", "10" // "4", "10" % "4", "2" ^ "3")
print("unm", -"2", -"2.0", -" 0x10 ")
print("int string stays int", math.type("7" - 0), math.type("7" // 1))
print("hex float str", "0x1p4" + 0, "0xA.8" + 0)
print("big int string", "9223372036854775807" + 0, "9223372036854775808" + 0)
print("hex wraps", "0xffffffffffffffff" + 0)
print("inf/nan strings not numbers", pcall(function() return "inf" + 0 end))
print("nan str", pcall(function() return "nan" + 0 end))
print("empty", pcall(function() return "" + 1 end))
print("garbage", pcall(function() return "10a" + 1 end))
print("inner space", pcall(function() return "1 0" + 1 end))
local s = "abc"
print("local name", pcall(function() return s + 1 end))
print("bitwise on strings", pcall(function() return "1" & 1 end))
-- comparison does not coerce
print("eq", "10" == 10, pcall(function() return "10" < 11 end))
-- concat of numbers
print("concat", 1 .. 2 == "12", 1.5 .. "" == "1.5")
-- string library still accepts numbers
print("len of number", string.len(12345), ("x"):rep("3"))
-- string arithmetic via methods retains subtypes
print("mod neg", "-7" % "2", "7.0" % "-2")
