-- Regression cases found by differential testing (2026-11-21): how error messages name
-- operands that lcode.c folds or loads as constants.
-- `k and s` with k a folded numeric constant compiles to `s` itself: "constant 's'".
print(pcall(function() return (2^53 and " 3.5 ") >> 1 end))
print(pcall(function() return ~(2^63 and "text") end))
print(pcall(function() return 0.25 << (-1 and "z") end))
-- Names stop at an embedded zero byte, like C's %s.
print(pcall(function() return 1 << "\0z" end))
-- Comparisons with immediates on integers outside the inline range.
print(9007199254740993 >= 10, -9007199254740993 < -10, 2^60 // 1 > 3)
