-- if / elseif / else.
local function classify(n)
  if n < 0 then
    return "negative"
  elseif n == 0 then
    return "zero"
  elseif n < 10 then
    return "small"
  else
    return "large"
  end
end
for _, v in ipairs({-5, 0, 3, 42}) do print(v, classify(v)) end
if true then end
if false then else print("empty then-part, else taken") end
if nil then print("no") elseif false then print("no") end
if 0 then print("0 is true") end
if "" then print("the empty string is true") end
local x = 5
if x > 1 then if x > 3 then print("nested") end end
if x then local y = x * 2; print(y) end
if x == 1 then print(1) elseif x == 2 then print(2) elseif x == 5 then print(5) else print("?") end
if not x then elseif x then print("elseif with empty then-part") else end
local function sign(v) if v > 0 then return 1 elseif v < 0 then return -1 end return 0 end
print(sign(3), sign(-3), sign(0))
if x then
  local x = "shadow"
  print(x)
else
  print("unreachable")
end
print(x)
