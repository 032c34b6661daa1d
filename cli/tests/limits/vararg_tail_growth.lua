-- Each tail call passes `...` on with one more value: one VARARG and one call per level,
-- but work that grows with the level (quadratic in all).
local function f(...) return f(1, ...) end
f()
