-- do ... end blocks and the scope of locals.
local x = 1
do
  local x = 2
  print(x)
  do
    local x = x + 1
    print(x)
  end
  print(x)
end
print(x)
do end
do do do print("deep") end end end
do local a = 1; local a = a + 1; print(a) end
do
  local v = "inner"
  function get_v() return v end
end
print(get_v())
