-- Table constructors: positional, named and bracketed fields; ',' and ';'
-- separators, trailing separators, multiple results in the last position.
local t = {}
print(#t)
t = {1, 2, 3}
print(#t, t[1], t[3])
t = {1, 2, 3,}
print(#t)
t = {1; 2; 3;}
print(#t)
t = {1, 2; 3, x = 4; ["y"] = 5, [1 + 9] = 6;}
print(#t, t.x, t.y, t[10])
t = {x = 1, y = 2, x2 = "three",}
print(t.x, t.y, t.x2)
t = {f = function(self) return self.v end, v = 42}
print(t:f())
t = {{1, 2}, {3, {4, 5}}}
print(t[2][2][1], #t[2])
local function mr() return 1, 2, 3 end
print(#{mr()}, #{mr(), mr()}, #{(mr())}, #{mr(), 10}, #{mr(), x = 1}, #{x = 1, mr()})
t = {["key with spaces"] = 1, ["end"] = 2, [true] = 3, [1.5] = 4, [2.0] = "two"}
print(t["key with spaces"], t["end"], t[true], t[1.5], t[2], math.type(next({[2.0] = 0})))
t = {
  1,
  2, -- a trailing separator followed by a comment
}
print(#t)
t = {[-1] = "neg", [0] = "zero", and_ = 1, ["and"] = 2, class = 3}
print(t[-1], t[0], #t, t.and_, t["and"], t.class)
print(#{{}, {}, {}}, #{n = {}, {}}, #{{{{}}}})
t = {"a", "b"; "c"}
print(table.concat(t, ","))
local k = "dyn"
t = {[k] = 1, [k .. "2"] = 2, [#k] = 3}
print(t.dyn, t.dyn2, t[3])
local big = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
  61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80,
  81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100,
  101, 102, 103, 104, 105, 106, 107, 108, 109, 110, named = true, mr()
}
print(#big, big[50], big[51], big[110], big[111], big[113], big.named)
local nested = {a = {b = {c = {d = "deep"}}}}
print(nested.a.b.c.d, nested["a"]["b"].c["d"])
local fn_fields = {print, type, [3] = tostring}
print(fn_fields[2](fn_fields[3]), #fn_fields)
local s = {"x"; n = 1,}
print(s[1], s.n)
local e = {nil, nil, 3}
print(e[3])
