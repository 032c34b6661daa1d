-- Recursion: classic algorithms.
local function fact(n) if n == 0 then return 1 end return n * fact(n - 1) end
print("fact", fact(0), fact(5), fact(20))
print("fact float", fact(25.0))

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(1), fib(10), fib(20))

local function hanoi(n, from, to, via, moves)
  if n == 0 then return moves end
  moves = hanoi(n - 1, from, via, to, moves)
  moves = moves + 1
  return hanoi(n - 1, via, to, from, moves)
end
print("hanoi", hanoi(10, "a", "c", "b", 0))

local function ackermann(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ackermann(m - 1, 1) end
  return ackermann(m - 1, ackermann(m, n - 1))
end
print("ackermann", ackermann(2, 3), ackermann(3, 3))

local function gcd(a, b) if b == 0 then return a end return gcd(b, a % b) end
print("gcd", gcd(48, 18), gcd(17, 5), gcd(0, 9))

-- permutations
local function permute(arr, n, out)
  n = n or #arr
  out = out or {}
  if n == 1 then
    out[#out + 1] = table.concat(arr)
  else
    for i = 1, n do
      arr[i], arr[n] = arr[n], arr[i]
      permute(arr, n - 1, out)
      arr[i], arr[n] = arr[n], arr[i]
    end
  end
  return out
end
local perms = permute({"a", "b", "c"})
table.sort(perms)
print("permutations", #perms, table.concat(perms, " "))

-- tree depth
local function tree(d) if d == 0 then return {} end return {left = tree(d - 1), right = tree(d - 1)} end
local function count(t) if not t.left then return 1 end return 1 + count(t.left) + count(t.right) end
print("tree nodes", count(tree(10)))

-- flatten nested tables
local function flatten(t, out)
  out = out or {}
  for _, v in ipairs(t) do
    if type(v) == "table" then flatten(v, out) else out[#out + 1] = v end
  end
  return out
end
print("flatten", table.concat(flatten({1, {2, {3, {4}}, 5}, {{6}}}), ","))

-- global recursive function
function gsum(n) if n == 0 then return 0 end return n + gsum(n - 1) end
print("global recursion", gsum(100))
