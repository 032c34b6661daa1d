-- next with a float key that has an integer value: lua5.4 looks it up as a float, so it
-- names no key and is invalid (though t[1.0] reads t[1]).
print(pcall(next, {1, 2}, 1.0))
print(pcall(next, {10, 20, x = 1}, 2.0))
print(pcall(next, {[1.5] = "a"}, 1.5))
print(pcall(next, {[2^53] = "big"}, 2^53))
local t = {} t[1.0] = "one" print(t[1], next(t))
print(pcall(next, {}, 0/0))
print(pcall(next, {1}, math.huge))
