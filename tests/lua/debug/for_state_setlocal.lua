-- debug.setlocal on a numeric for loop's hidden "(for state)" locals: lua5.4 reads them as
-- integers on the next iteration, so the loop goes on from the new index, whether it is
-- an inline integer in the VM or beyond its inline range (+-2^47, boxed).
local e = 1 << 47
local function retarget(v)
  local seen = {}
  for i = 1, 6 do
    seen[#seen + 1] = string.format("%d", i)
    if i == 2 then
      local k = 1
      while true do
        local name = debug.getlocal(1, k)
        if name == nil then break end
        if name == "(for state)" then debug.setlocal(1, k, v) break end
        k = k + 1
      end
    end
  end
  return table.concat(seen, " ")
end
print("state to 100", retarget(100))
print("state to 2^50", retarget(1 << 50))
print("state to -2^47", retarget(-e))

