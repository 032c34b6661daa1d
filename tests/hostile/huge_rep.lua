-- Repetition counts a program chooses.
print(pcall(string.rep, "", math.maxinteger))
print(pcall(string.rep, "x", math.maxinteger))
print(pcall(string.rep, "x", 1 << 40, ","))
print(pcall(string.rep, "ab", 1 << 62))
print(pcall(string.find, ("a"):rep(1e5), ("a*"):rep(100) .. "b"))
while true do local s = string.rep("x", 1e8) end
