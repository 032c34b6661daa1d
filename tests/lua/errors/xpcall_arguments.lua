-- xpcall checks only its message handler, so a missing one is "bad argument #2" even when
-- the function is missing too (the reference checked argument #1 first; found by the
-- differential fuzz target on hostile programs).
print(pcall(xpcall))
print(pcall(xpcall, print))
print(pcall(xpcall, print, 1))
print(xpcall(nil, function(m) return "handled: " .. m end))
print(xpcall(42, tostring))
