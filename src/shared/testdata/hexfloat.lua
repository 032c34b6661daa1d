-- Regenerates hexfloat.txt (expected by cfmt.rs's hex_floats test): lua5.4 hexfloat.lua > hexfloat.txt
for _, x in ipairs{1.0, 0.5, 3.0, 0.1, -0.0, 0.0, 5e-324, 2.2250738585072014e-308,
                   2.225073858507201e-308, 1.7976931348623157e308, 1/3, 1.5, 1.0625, 1.03125,
                   1.96875, 1.9999999999999998, 1.09375} do
  print(string.format("%a|%A|%.0a|%.1a|%.3a|%#.0a|%+a|% a|%20a|%-20a|%020a|%.20a|%#a",
                      x, x, x, x, x, x, x, x, x, x, x, x, x))
end
