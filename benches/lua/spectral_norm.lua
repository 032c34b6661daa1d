-- spectral_norm: the largest singular value of an infinite matrix with entries
-- a(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1), estimated by ten rounds of the power
-- method on (A^T A) over its n x n corner. Size: n.
local n = tonumber(arg and arg[1]) or 100

local function entry(i, j)        -- 0-based indices
  local s = i + j
  return 1.0 / (s * (s + 1) / 2 + i + 1)
end

-- out = A * v
local function mul(v, out)
  for i = 0, n - 1 do
    local acc = 0.0
    for j = 0, n - 1 do acc = acc + entry(i, j) * v[j] end
    out[i] = acc
  end
end

-- out = A^T * v
local function mul_t(v, out)
  for i = 0, n - 1 do
    local acc = 0.0
    for j = 0, n - 1 do acc = acc + entry(j, i) * v[j] end
    out[i] = acc
  end
end

local u, v, tmp = {}, {}, {}
for i = 0, n - 1 do u[i] = 1.0 end
for _ = 1, 10 do
  mul(u, tmp); mul_t(tmp, v)      -- v = A^T A u
  mul(v, tmp); mul_t(tmp, u)      -- u = A^T A v
end
local uv, vv = 0.0, 0.0
for i = 0, n - 1 do
  uv = uv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(string.format("n = %d  norm = %.9f", n, math.sqrt(uv / vv)))
