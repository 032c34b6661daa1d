-- warn's arguments are checked even when warnings are off (the default of lua5.4), and
-- nothing is printed while they are off.
print(pcall(warn))
print(pcall(warn, "a", {}))
print(pcall(warn, "a", nil))
print(pcall(warn, 1, 2.5))
print(pcall(warn, "@on", "x"))
print(pcall(warn, "just text"))
print(pcall(warn, "@off"))
print(pcall(warn, "@unknown"))
print(select("#", warn("x")))
