-- string.rep and string.sub.
print("rep", ("ab"):rep(3), ("x"):rep(0), ("x"):rep(-1), ("x"):rep(1))
print("rep sep", ("ab"):rep(3, ","), ("ab"):rep(1, ","), ("ab"):rep(0, ","))
print("rep empty", ("").rep("", 5), #(""):rep(1000), ("a"):rep(3, ""))
print("rep sep only", ("").rep("", 3, "-"))
print("rep len", #("abc"):rep(1000), #("abc"):rep(10, "--"))
print("rep err", pcall(string.rep))
print("rep err n", pcall(string.rep, "x"))
print("rep huge", pcall(string.rep, "x", math.maxinteger))

local s = "hello world"
print("sub", s:sub(1, 5), s:sub(7), s:sub(-5), s:sub(-5, -2))
print("sub zero", s:sub(0), s:sub(0, 0) == "", s:sub(0, 1))
print("sub beyond", s:sub(5, 100), s:sub(100) == "", s:sub(-100, 2))
print("sub reversed", s:sub(5, 2) == "", s:sub(-1, -5) == "")
print("sub single", s:sub(1, 1), s:sub(-1, -1), s:sub(11, 11), s:sub(12, 12) == "")
print("sub mininteger", s:sub(math.mininteger, 3), s:sub(3, math.maxinteger))
print("sub mininteger end", s:sub(1, math.mininteger) == "")
print("sub default end", ("abc"):sub(2), ("abc"):sub(-2))
print("sub number", string.sub(12345, 2, 3))
print("sub err", pcall(string.sub))
print("sub err type", pcall(string.sub, "x", {}))

-- len / # with embedded zeros
local z = "a\0b\0c"
print("len", #z, z:len(), string.len(""), ("\0"):len())
print("sub zero byte", z:sub(2, 2) == "\0", #z:sub(2, 4))
