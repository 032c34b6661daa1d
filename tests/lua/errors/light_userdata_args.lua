-- luaL_typeerror calls a light userdata "light userdata" (a full one "userdata").
print(pcall(debug.setuservalue, debug.upvalueid(function() return print end, 1), 1))
print(pcall(string.rep, debug.upvalueid(function() return print end, 1)))
print(pcall(setmetatable, debug.upvalueid(function() return print end, 1), {}))
print(pcall(string.rep, io.stdout))
