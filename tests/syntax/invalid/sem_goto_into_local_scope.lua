do
  goto l
  local y = 1
  ::l::
  print(y)
end
