-- Comparisons between integers and floats, including precision edges.
print("basic", 1 < 2, 1 < 1.5, 1.5 < 2, 2 <= 2.0, 2.0 >= 2, 3 > 2.9999)
print("equal", 1 == 1.0, -0 == 0.0, 2^53 == 2^53 + 1)
local p53 = 2^53                       -- float 9007199254740992
local i53 = 9007199254740992           -- integer
print("2^53", p53 == i53, i53 + 1 == p53, i53 + 1 > p53, i53 + 1 >= p53)
print("2^53 float+1", p53 + 1 == p53, math.type(p53 + 1))
print("int vs float beyond 2^53", 9007199254740993 == 9007199254740992.0, 9007199254740993 > 9007199254740992.0)
print("int vs float beyond 2^53 le", 9007199254740993 <= 9007199254740992.0, 9007199254740993 < 9007199254740994.0)

local maxi, mini = math.maxinteger, math.mininteger
print("maxinteger vs float", maxi == maxi + 0.0, maxi < maxi + 0.0, maxi + 0.0 > maxi, maxi <= 2^63)
print("mininteger vs float", mini == mini + 0.0, mini == -2^63, mini < -2^63, mini <= -2^63)
print("maxi-1 vs 2^63", maxi - 1 < 2^63, maxi - 1 == 2^63)
print("huge", maxi < math.huge, mini > -math.huge, 1 < math.huge)

-- NaN compares false with everything
local nan = 0 / 0
print("nan", nan < 1, nan > 1, nan <= nan, nan >= nan, nan == nan, nan ~= nan, 1 < nan)
print("nan int", nan < maxi, nan > mini, maxi < nan, mini == nan)

-- strings compare lexicographically; numbers and strings never
print("strings", "a" < "b", "abc" < "abd", "" < "a", "Z" < "a", "10" < "9")
print("mixed eq", 1 == "1", "1" ~= 1)
print("mixed lt", pcall(function() return 1 < "2" end))
print("mixed le", pcall(function() return "1" <= 2 end))

-- floats with fractional parts vs integers
print("fractions", 1 < 1.1, 1.1 < 2, -1 > -1.1, 3 == 3.0000000000000001)
print("neg zero", -0.0 < 0, 0.0 <= -0.0, -0.0 == 0)

-- comparison chains through variables
local vals = {3, 1.5, -2, 2^53, maxi, mini, 0.0, -0.0}
table.sort(vals, function(a, b) return a < b end)
local out = {}
for i, v in ipairs(vals) do out[i] = math.type(v) end
print("sorted types", table.concat(out, " "))
print("first last", vals[1], vals[#vals])

-- math.max / math.min keep type of winner
print("max", math.max(1, 2.0), math.max(2.0, 1), math.max(1, 2), math.type(math.max(3, 2.5)))
print("min", math.min(1, 1.0), math.min(1.0, 1), math.min(-0.0, 0) == 0)
print("max err", pcall(math.max))
