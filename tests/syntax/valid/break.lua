-- break in every kind of loop.
for i = 1, 10 do if i > 3 then break end io.write(i, " ") end print()
local i = 0
while true do i = i + 1; if i == 5 then break end end
print(i)
repeat break until false
for _, v in ipairs({1, 2, 3}) do
  for j = 1, 10 do
    if j > v then break end
    io.write(v, ":", j, " ")
  end
end
print()
while true do do break end end
print("out of while")
for k = 1, 2 do
  break
  print("unreachable", k)
end
while true do break; end
local f
for k = 1, 3 do f = function() return k end if k == 2 then break end end
print(f())
local n = 0
repeat
  n = n + 1
  if n == 3 then break end
until false
print(n)
for k in pairs({1}) do break end
print("end")
