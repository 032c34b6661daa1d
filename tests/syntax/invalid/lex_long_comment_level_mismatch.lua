print(1)
--[=[ closed at the wrong level ]]
print(2)
