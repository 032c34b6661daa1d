-- Found by the differential fuzz target without a sanitizer (issue 17): lcode.c compiles
-- `x - k` for a small integer constant k as `x + (-k)` (OP_ADDI), also when k is folded
-- from constants, as in `(0 + 0)`; for x = -0.0 the sum is +0.0. The reference gave -0.0.
local nz = -0.0
print(nz - (0 + 0), nz - 0, nz - (1 - 1), nz - (2 * 0), nz - (-0))
print(nz - (0.0 + 0), nz - 0.0, nz - (0 // 1), nz - (3 - 3.0))
local z = 0
print(nz - z, nz - (z + 0), -0.0 - (0 + 0))
print(1 / (nz - (0 + 0)), 1 / (nz - (0 * 1.0)))
