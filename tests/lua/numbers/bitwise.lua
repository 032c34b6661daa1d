-- Bitwise operators and shifts.
print("and or xor", 0xF0 & 0x3C, 0xF0 | 0x0F, 0xFF ~ 0x0F)
print("not", ~0, ~5, ~-1, ~math.mininteger)
print("shl", 1 << 0, 1 << 1, 1 << 62, 1 << 63, 1 << 64, 1 << 100)
print("shr", 256 >> 4, -1 >> 1, -1 >> 63, -1 >> 64, 1 >> 1)
print("neg shifts", 1 << -1, 256 << -4, 2 >> -1, 1 >> -63, 1 >> -64)
print("big neg shifts", 1 << math.mininteger, 1 >> math.mininteger)
print("logical shr", math.mininteger >> 1, math.mininteger >> 62)
print("float operands", 3.0 & 1, 2^62 | 0, 1.0 << 2)
print("precedence", 1 | 2 ~ 3 & 4, 1 << 2 + 1, 5 & 3 == 1)
print("xor self", 12345 ~ 12345, -1 ~ 0)
print("masks", 0xFFFFFFFF & 0x12345678ABCDEF, (0x12345678 >> 16) & 0xFF)
print("types", math.type(3.0 & 1), math.type(1 << 70))

-- errors
print("float frac", pcall(function() return 1.5 | 0 end))
print("float big", pcall(function() return 1e100 & 1 end))
print("nan", pcall(function() return (0/0) | 0 end))
print("inf", pcall(function() return math.huge >> 1 end))
print("nil", pcall(function() return nil & 1 end))
local t = {}
print("table", pcall(function() return t | 1 end))
print("field", pcall(function() return t.x ~ 1 end))
print("string", pcall(function() return "12" >> 1 end))
print("bool", pcall(function() return ~true end))
local f = 2.5
print("local float", pcall(function() return f & 1 end))

-- bit counting with shifts
local function popcount(x)
  local c = 0
  while x ~= 0 do c = c + (x & 1); x = x >> 1 end
  return c
end
print("popcount", popcount(0), popcount(255), popcount(-1), popcount(math.mininteger))

-- rotate left 64-bit
local function rotl(x, n) return (x << n) | (x >> (64 - n)) end
print("rotl", rotl(1, 1), rotl(math.mininteger, 1), rotl(0x0123456789ABCDEF, 8))
print("hex via format", string.format("%x", -1), string.format("%X", 0xABCDEF))
