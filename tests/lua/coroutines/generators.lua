-- Generators and producer/consumer patterns.
local function gen_range(a, b, step)
  return coroutine.wrap(function()
    for i = a, b, step or 1 do coroutine.yield(i) end
  end)
end
local r = {}
for v in gen_range(1, 10, 3) do r[#r + 1] = v end
print("range", table.concat(r, " "))

-- permutations generator
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local perms = {}
for p in coroutine.wrap(function() permgen({1, 2, 3}) end) do perms[#perms + 1] = table.concat(p) end
table.sort(perms)
print("permutations", #perms, table.concat(perms, " "))

-- producer / filter / consumer
local function producer(items)
  return coroutine.create(function()
    for _, it in ipairs(items) do coroutine.yield(it) end
  end)
end
local function receive(prod)
  local ok, v = coroutine.resume(prod)
  return v
end
local function filter(prod, pred)
  return coroutine.create(function()
    while true do
      local v = receive(prod)
      if v == nil then return end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local p = filter(producer({1, 2, 3, 4, 5, 6, 7, 8}), function(x) return x % 2 == 0 end)
local got = {}
while true do
  local v = receive(p)
  if v == nil then break end
  got[#got + 1] = v
end
print("filtered", table.concat(got, ","))

-- fibonacci generator with state preserved across resumes
local fib = coroutine.wrap(function()
  local a, b = 0, 1
  while true do coroutine.yield(a); a, b = b, a + b end
end)
local fibs = {}
for _ = 1, 15 do fibs[#fibs + 1] = fib() end
print("fib", table.concat(fibs, " "))

-- tree walk with recursion inside a coroutine
local tree = {v = 4, l = {v = 2, l = {v = 1}, r = {v = 3}}, r = {v = 6, l = {v = 5}, r = {v = 7}}}
local function walk(n) if n then walk(n.l); coroutine.yield(n.v); walk(n.r) end end
local inorder = {}
for v in coroutine.wrap(function() walk(tree) end) do inorder[#inorder + 1] = v end
print("inorder", table.concat(inorder, " "))

-- many coroutines alive at once
local cos = {}
for i = 1, 100 do cos[i] = coroutine.create(function(x) local y = coroutine.yield(x * 2); return x + y end) end
local sum = 0
for i = 1, 100 do local _, v = coroutine.resume(cos[i], i); sum = sum + v end
for i = 1, 100 do local _, v = coroutine.resume(cos[i], 1); sum = sum + v end
print("many", sum)

-- deep recursion inside a coroutine
local deep = coroutine.wrap(function()
  local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end
  return d(5000)
end)
print("deep", deep())
