-- string.pack with fewer values than its format asks for: lstrlib.c pushes a nil to mark
-- the end of the arguments, so the first missing value is "got nil" (both engines said
-- "got no value"; found by fuzzgen::generate_hostile).
print(pcall(string.pack, "i8i8", 1))
print(pcall(string.pack, "i4"))
print(#string.pack("d", 1, 2))
print(pcall(string.pack, "z"))
print(pcall(string.pack, "s1i2", "ab"))
print(pcall(string.pack, "n", "x"))
print(#string.pack("i8i8", 1, 2))
