-- mandelbrot: escape-time iteration over an n x n grid of the square [-2, 0.5] x
-- [-1.25, 1.25]; counts the points that stay bounded for 50 iterations and folds every
-- point's iteration count into a checksum. Size: n (the grid side).
local n = tonumber(arg and arg[1]) or 200
local MAXIT = 50

local inside, checksum = 0, 0
for py = 0, n - 1 do
  local ci = -1.25 + 2.5 * py / n
  local rowbits = 0
  for px = 0, n - 1 do
    local cr = -2.0 + 2.5 * px / n
    local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
    local it = 0
    while it < MAXIT and zr2 + zi2 <= 4.0 do
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      zr2, zi2 = zr * zr, zi * zi
      it = it + 1
    end
    if it == MAXIT then
      inside = inside + 1
      rowbits = (rowbits * 2 + 1) % 65521
    else
      rowbits = (rowbits * 2) % 65521
    end
    checksum = (checksum * 7 + it) % 1000000007
  end
  checksum = (checksum + rowbits) % 1000000007
end
print(string.format("n = %d  inside = %d  checksum = %d", n, inside, checksum))
