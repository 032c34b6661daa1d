for i = 1, 2 do
end
if x then
  break
end
