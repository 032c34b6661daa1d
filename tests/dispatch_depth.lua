-- Every kind of instruction, many times: see tests/dispatch_depth.rs.
local mt = {
  __add = function(a, b) return 1 end, __sub = function(a, b) return 2 end,
  __mul = function(a, b) return 3 end, __div = function(a, b) return 4 end,
  __mod = function(a, b) return 5 end, __pow = function(a, b) return 6 end,
  __idiv = function(a, b) return 7 end, __band = function(a, b) return 8 end,
  __bor = function(a, b) return 9 end, __bxor = function(a, b) return 10 end,
  __shl = function(a, b) return 11 end, __shr = function(a, b) return 12 end,
  __unm = function(a) return 13 end, __bnot = function(a) return 14 end,
  __len = function(a) return 15 end, __concat = function(a, b) return "c" end,
  __lt = function(a, b) return true end, __le = function(a, b) return false end,
  __eq = function(a, b) return true end,
  __index = function(t, k) return k end,
  __newindex = function(t, k, v) rawset(t, k, v) end,
  __call = function(self, x) return x end,
  __close = function() end,
}
local obj, obj2 = setmetatable({}, mt), setmetatable({}, mt)
local big = math.maxinteger
local function va(...) local a, b = ... ; return select('#', ...), a, b end
local function iter(s, c) if c < 3 then return c + 1 end end
local acc, s = 0, 0
for n = 1, 50000 do
  local t = {n, n + 1, n + 2, x = n}
  t[4] = n; t.y = t.x; t[n % 7 + 10] = n
  local u = obj + 1; u = 1 - obj; u = obj * obj; u = obj / 2; u = obj % 3
  u = obj ^ 2; u = obj // 2; u = obj & 1; u = obj | 1; u = obj ~ 1
  u = obj << 1; u = obj >> 1; u = -obj; u = ~obj; u = #obj; u = obj .. "x"
  if obj < obj2 then acc = acc + 1 end
  if obj <= obj2 then acc = acc + 1 end
  if obj == obj2 then acc = acc + 1 end
  if obj > 1 then acc = acc + 1 end
  u = obj.field; obj[n % 5] = n
  u = big + 1; u = big * 2; u = n + 0.5; u = n * 2.5; u = 7 // 2.0; u = 2 ^ 0.5
  u = n % 3; u = n // 3; u = n & 255; u = n << 2; u = n >> 1; u = ~n; u = -n
  u = "10" + n; u = n .. "" ; u = #t + #"abc"
  if "a" < "b" and 1.5 <= n and n ~= 2.5 and n == n then acc = acc + 1 end
  u = obj(n)
  local c1, c2, c3 = va(n, n + 1, n + 2)
  acc = acc + c1
  for k in iter, nil, 0 do s = s + k end
  for _, v in ipairs(t) do s = s + v end
  for k, v in pairs({a = 1}) do s = s + v end
  for f = 1.0, 2.0, 0.5 do s = s + f end
  do local x <close> = obj end
  local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b end)
  s = s + co(n) + co(1)
  local ok = pcall(error, {})
  local f = function() return n end
  s = s + f() + select(2, pcall(f))
  local w = 0
  while w < 3 do w = w + 1 end
  repeat w = w - 1 until w == 0
  goto skip
  ::skip::
end
print(acc, s)
