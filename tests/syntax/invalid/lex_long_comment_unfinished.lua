print(1)
--[[ this comment
is never closed
print(2)
