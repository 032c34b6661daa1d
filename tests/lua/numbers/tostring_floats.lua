-- tostring / print formatting of floats (%.14g) and integers.
local vals = {1e15, 1e16, 1e100, 1e-5, 1e-4, 0.1, 0.5, 1/3, 2/3, -0.0, 1/0, -1/0,
  2^63, 2^53, 2^24, 100.0, -100.0, 123456789012345.0, 1234567890123456.0, 3.14159265358979,
  1e14, 12345.678, 0.30000000000000004, 5e-324, 1.7976931348623157e308, 255 / 256}
for i, v in ipairs(vals) do
  print(i, v, tostring(v), math.type(v))
end
print("ints", 0, -1, 1000000, math.maxinteger, math.mininteger)
print("float round trip", tonumber(tostring(0.1)) == 0.1, tonumber(tostring(1/3)) == 1/3)
print("%.17g", string.format("%.17g", 0.1), string.format("%.17g", 1/3))
print("integer-valued floats", 1.0, -2.0, 1e2, 2^10, 10 / 2)
print("string.format %g", string.format("%g", 1e20), string.format("%g", 0.0001), string.format("%g", 100.0))
print("concat", 1.0 .. "", 1e16 .. "", -0.0 .. "")
print("small", 1e-10, 1.5e-7, 123e-20)
print("rounding at 14 digits", 0.1 + 0.2, 1 - 1e-15, 100 * 1.1)
print("large ints as floats", 2^31, 2^32 + 0.0, 1e15 + 0.5, 123456789012.0)
print("negative", -1.5, -1e20, -2^63, -1e-3)
print("float from int division", 1 / 1, 3 / 2, -9 / 3)
print("string.format %.14g matches", string.format("%.14g", 0.1) == tostring(0.1), string.format("%.14g", 1e16) == tostring(1e16))
print("integer-like float suffix", tostring(1e15):find("%.0") == nil, tostring(2^20))
