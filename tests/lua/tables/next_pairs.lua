-- next / pairs / ipairs traversal (keys sorted before printing).
local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b)
    if type(a) == "boolean" and type(b) == "boolean" then return tostring(a) < tostring(b) end
    if type(a) == type(b) then return a < b end
    return type(a) < type(b)
  end)
  return ks
end
local t = {10, 20, 30, x = "a", y = "b", [100] = "h", [-1] = "neg", [2.5] = "f"}
local ks = sorted_keys(t)
local out = {}
for i, k in ipairs(ks) do out[i] = tostring(k) .. "=" .. tostring(t[k]) end
print("pairs", #ks, table.concat(out, " "))

-- next visits every key exactly once
local count, seen = 0, {}
local k, v = next(t)
while k ~= nil do
  count = count + 1
  seen[tostring(k)] = (seen[tostring(k)] or 0) + 1
  k, v = next(t, k)
end
local dups = 0
for _, c in pairs(seen) do if c > 1 then dups = dups + 1 end end
print("next count", count, "dups", dups)

print("next empty", next({}))
print("next last", next({}, nil))
print("next invalid key", pcall(next, {a = 1}, "zzz"))
print("next non-table", pcall(next, 1))
-- lua5.4's pairs does not check its argument's type; the error comes from next
local okp, f1, s1, c1 = pcall(pairs, nil)
print("pairs non-table", okp, f1 == next, s1, c1)
print("loop over nil", pcall(function() for _ in pairs(nil) do end end))
print("pairs returns", select("#", pairs({})), pairs({}) == next)
print("ipairs returns", select("#", ipairs({})))

-- clearing fields during traversal is allowed
local c = {a = 1, b = 2, c = 3, d = 4}
for key in pairs(c) do c[key] = nil end
print("cleared during traversal", next(c))

-- assigning existing fields during traversal is allowed
local m = {a = 1, b = 2, c = 3}
for key, val in pairs(m) do m[key] = val * 10 end
print("modified values", m.a, m.b, m.c)

-- ipairs respects __index (5.4)
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 11 end end})
local got = {}
for i, val in ipairs(proxy) do got[#got + 1] = i .. ":" .. val end
print("ipairs __index", table.concat(got, " "))

-- pairs over a sequence: collect and sort
local seq = {}
for i = 1, 20 do seq[i] = i * i end
local sum = 0
for _, val in pairs(seq) do sum = sum + val end
print("pairs sum", sum)

-- boolean keys and float keys
local b = {[true] = 1, [false] = 0, [0.5] = "half"}
local bk = sorted_keys(b)
local bo = {}
for i, key in ipairs(bk) do bo[i] = tostring(key) end
print("odd keys", table.concat(bo, " "))
