-- binary_trees: allocation-heavy building and walking of complete binary trees of small
-- tables, most of them short-lived, plus one long-lived tree that survives all collections.
-- Size: the maximum depth.
local maxdepth = tonumber(arg and arg[1]) or 14

local function build(depth, label)
  if depth == 0 then return { label } end
  return { label, build(depth - 1, 2 * label), build(depth - 1, 2 * label + 1) }
end

-- returns (node count, sum of labels mod 997)
local function walk(node)
  local left = node[2]
  if not left then return 1, node[1] % 997 end
  local c1, s1 = walk(left)
  local c2, s2 = walk(node[3])
  return c1 + c2 + 1, (s1 + s2 + node[1]) % 997
end

local keep = build(maxdepth, 1)
local lines = {}
local mindepth = 4
for depth = mindepth, maxdepth, 2 do
  local iterations = 2 ^ (maxdepth - depth + mindepth)
  local count, sum = 0, 0
  for i = 1, iterations do
    local c, s = walk(build(depth, i))
    count = count + c
    sum = (sum + s) % 1000003
  end
  lines[#lines + 1] = string.format("depth %d: %d trees, %d nodes, sum %d",
    depth, iterations, count, sum)
end
local kc, ks = walk(keep)
lines[#lines + 1] = string.format("long-lived depth %d: %d nodes, sum %d", maxdepth, kc, ks)
print(table.concat(lines, "\n"))
