for i = 1, 2 do
  ::c::
  ::c::
end
