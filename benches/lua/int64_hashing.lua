-- int64_hashing: 64-bit integer arithmetic the way hashing and random-number code does it
-- (xorshift64*, splitmix64, FNV-1a 64 over short strings, a multiply-rotate mix, a hash
-- table's bucket counts). Most intermediate values lie beyond 2^47, which moonlab's VM
-- stores boxed (papers/values.md): this program measures that cost. Needs Lua 5.3+ (not
-- LuaJIT). Size: thousands of keys.
local n = tonumber(arg and arg[1]) or 100

local state = 0x139408dcbbf7a44
local function xorshift()
  local x = state
  x = x ~ (x >> 12)
  x = x ~ (x << 25)
  x = x ~ (x >> 27)
  state = x
  return x * 0x2545f4914f6cdd1d
end

local function splitmix(z)
  z = z + 0x9e3779b97f4a7c15
  z = (z ~ (z >> 30)) * 0xbf58476d1ce4e5b9
  z = (z ~ (z >> 27)) * 0x94d049bb133111eb
  return z ~ (z >> 31)
end

local function rotl(x, k)
  return (x << k) | (x >> (64 - k))
end

local function fnv1a(s)
  local h = 0xcbf29ce484222325
  for i = 1, #s do
    h = (h ~ s:byte(i)) * 0x100000001b3
  end
  return h
end

local words = {}
for i = 1, 64 do
  words[i] = string.format("key-%d-%x", i, i * 2654435761)
end

local buckets = {}
for b = 0, 1023 do buckets[b] = 0 end
local acc, mix = 0, 0
for i = 1, n * 1000 do
  local k = xorshift()
  local h = splitmix(k ~ acc)
  buckets[h & 1023] = buckets[h & 1023] + 1
  mix = rotl(mix ~ h, 17) * 5 + 0x52dce729
  if i % 16 == 0 then
    acc = acc ~ fnv1a(words[(i >> 4) % 64 + 1])
  else
    acc = acc + (h >> 32)
  end
end

local most, least = 0, math.maxinteger
for b = 0, 1023 do
  if buckets[b] > most then most = buckets[b] end
  if buckets[b] < least then least = buckets[b] end
end
print(string.format("acc %016x mix %016x state %016x", acc, mix, state))
print("buckets: most " .. most .. ", least " .. least)
