-- The length operator on sequences.
print("empty", #{})
print("seq", #{1, 2, 3}, #{"a"}, #{false, false})
local t = {}
for i = 1, 10 do t[i] = i end
print("built", #t)
t[#t + 1] = 11
print("append", #t)
t[#t] = nil
print("remove last", #t)
for i = #t, 1, -1 do t[i] = nil end
print("cleared", #t)
local s = {}
s[1] = "a"; s[2] = "b"; s[3] = "c"
print("assigned", #s)
s.x = "not counted"
print("hash keys ignored", #s)
local g = {n = 1, [0] = "zero"}
print("zero index ignored", #g)
local neg = {[-1] = 1, [-2] = 2}
print("negative ignored", #neg)
print("strings", #"abc", #"")
-- # with a metatable without __len uses the raw length
local w = setmetatable({1, 2}, {})
print("raw with metatable", #w)
-- large sequence
local big = {}
for i = 1, 1000 do big[i] = true end
print("large", #big)
-- filled in reverse
local rev = {}
for i = 100, 1, -1 do rev[i] = i end
print("reverse fill", #rev)
-- float keys that are integral extend the sequence
local f = {}
f[1.0] = "a"; f[2.0] = "b"
print("float int keys", #f)
-- length of a sequence made by table.insert / remove
local q = {}
for i = 1, 5 do table.insert(q, i) end
table.remove(q, 1)
print("insert/remove", #q, q[1])
-- a unique border: only the last element nil makes # smaller by one
local border = {1, 2, 3}
border[3] = nil
print("border", #border)
-- errors
print("len nil", pcall(function() local x; return #x end))
print("len number", pcall(function() return #5 end))
print("len bool field", pcall(function() local o = {b = true}; return #o.b end))
